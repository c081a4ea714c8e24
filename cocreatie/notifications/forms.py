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


WORK_FREQUENCY_LABELS = {
    EmailFrequency.IMMEDIATELY: _l("Right away: one e-mail per new report or request for review"),
    EmailFrequency.DAILY: _l("Once a day, in the daily e-mail"),
    EmailFrequency.NEVER: _l("Never: I look at My work on the site"),
}


class WorkPreferencesForm(PreferencesForm):
    """For staff: also how they hear of new reports and requests for review."""

    work_email_frequency = RadioField(
        _l("How often do you want e-mail about new reports and requests for review?"),
        choices=[SelectChoice(f.value, label) for f, label in WORK_FREQUENCY_LABELS.items()],
        validators=[required()],
        description=_l("For the consultations you are procesmanager of. They are always on your notifications page."),
    )
