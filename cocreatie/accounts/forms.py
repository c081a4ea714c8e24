from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import Email, ValidationError

from cocreatie.accounts.services import password_problem
from cocreatie.forms import length, required


class RegistrationForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[required(), Email(message=_l("Enter an e-mail address like name@example.nl.")), length(254)],
        description=_l("We send a link to confirm it. We never show it to others."),
    )
    display_name = StringField(
        _l("Name shown with your contributions"),
        validators=[required(), length(80, 2)],
        description=_l("Your first name or a nickname is fine."),
    )
    password = PasswordField(
        _l("Password"),
        validators=[required()],
        description=_l("At least 12 characters. A few unrelated words work well."),
    )

    def validate_password(self, field):
        problem = password_problem(field.data or "", self.email.data or "", self.display_name.data or "")
        if problem:
            raise ValidationError(problem)


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[required(), length(254)])
    password = PasswordField(_l("Password"), validators=[required(), length(256)])


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[required(), Email(message=_l("Enter an e-mail address like name@example.nl.")), length(254)],
        description=_l("The address you log in with. We send a link to choose a new password."),
    )


class ResetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password"),
        validators=[required()],
        description=_l("At least 12 characters. A few unrelated words work well."),
    )

    def __init__(self, account, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.account = account  # whose password this is: it may not be their address or name

    def validate_password(self, field):
        problem = password_problem(field.data or "", self.account.email, self.account.display_name)
        if problem:
            raise ValidationError(problem)
