from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField

from cocreatie.forms import length, required


class CodeForm(FlaskForm):
    code = StringField(
        _l("Code"),
        validators=[required(), length(20)],
        description=_l("The 6 digits your authenticator app shows now, or one of your recovery codes."),
    )


class PasswordForm(FlaskForm):
    """Re-authentication before setting up two-step sign-in."""

    password = PasswordField(_l("Your password"), validators=[required(), length(256)])


class FirstCodeForm(FlaskForm):
    """The first code, proving the app has the key (recovery codes come after it)."""

    code = StringField(
        _l("Code"),
        validators=[required(), length(20)],
        description=_l("The 6 digits your authenticator app shows now for this website."),
    )
