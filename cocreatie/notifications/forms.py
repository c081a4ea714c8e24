from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice

from cocreatie.forms import required
from cocreatie.models import EmailFrequency

FREQUENCY_LABELS = {
    EmailFrequency.IMMEDIATELY: _l("Right away: one e-mail per notification"),
    EmailFrequency.DAILY: _l("Once a day: one e-mail with everything new"),
    EmailFrequency.NEVER: _l("Never: I look on the site"),
}


class PreferencesForm(FlaskForm):
    email_frequency = RadioField(
        _l("How often do you want e-mail about what you follow?"),
        choices=[SelectChoice(f.value, label) for f, label in FREQUENCY_LABELS.items()],
        validators=[required()],
        description=_l("You always see your notifications on the site."),
    )
