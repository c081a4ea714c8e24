from collections.abc import Callable

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import Email, ValidationError

from cocreatie.accounts.services import password_problem
from cocreatie.forms import length, required
from cocreatie.names import display_name_problem, normalise_display_name


class DisplayName:
    """Validator for a display name (the rule is `cocreatie.names`): refuses a name that is
    not acceptable with the reason, and otherwise leaves the field holding the normalised
    name. On an error the field keeps what was typed.

    `current` gives the name the person has now (for a form that changes it): they may keep
    it as it is, even with a word of a role in it, which an administrator may have set.
    """

    def __init__(self, current: Callable[[FlaskForm], str | None] | None = None):
        self.current = current

    def __call__(self, form, field) -> None:
        name = normalise_display_name(field.data or "")
        current = self.current(form) if self.current else None
        kept = current is not None and name == normalise_display_name(current)
        problem = display_name_problem(name, role_words_allowed=kept)
        if problem:
            raise ValidationError(problem)
        field.data = name


class DisplayNameField(StringField):
    """The display name with its label, hint and rule, as registration asks for it; pass
    `current=` (see `DisplayName`) on a form where someone changes their name."""

    def __init__(self, label=None, validators=None, current: Callable[[FlaskForm], str | None] | None = None,
                 **kwargs):
        kwargs.setdefault("description", _l("Your first name or a nickname is fine."))
        super().__init__(
            label or _l("Name shown with your contributions"),
            validators=validators or [required(), DisplayName(current)],
            **kwargs,
        )


class RegistrationForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[required(), Email(message=_l("Enter an e-mail address like name@example.nl.")), length(254)],
        description=_l("We send a link to confirm it. We never show it to others."),
    )
    display_name = DisplayNameField()
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
