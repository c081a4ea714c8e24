"""Forms of the account page and of deleting an account.

The account page holds three forms; each has a prefix so their fields' ids differ
(two ask for the current password)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, RadioField, SelectChoice
from wtforms.validators import Email, ValidationError

from cocreatie.accounts.forms import DisplayNameField
from cocreatie.accounts.services import password_problem
from cocreatie.forms import length, required

KEEP, REMOVE = "keep", "remove"


class DisplayNameForm(FlaskForm):
    """The name rule is registration's (cocreatie.names, through DisplayNameField); the
    person may keep the name they have."""

    display_name = DisplayNameField(current=lambda form: form.account.display_name)

    def __init__(self, account, *args, **kwargs):
        super().__init__(*args, prefix="name", **kwargs)
        self.account = account


class EmailChangeForm(FlaskForm):
    email = EmailField(
        _l("New e-mail address"),
        validators=[required(), Email(message=_l("Enter an e-mail address like name@example.nl.")), length(254)],
        description=_l("We send a link to this address. Your address changes once you open it."),
    )
    password = PasswordField(
        _l("Your current password"),
        validators=[required(), length(256)],
        description=_l("To check that it is really you."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="email", **kwargs)


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(_l("Your current password"), validators=[required(), length(256)])
    new_password = PasswordField(
        _l("New password"),
        validators=[required()],
        description=_l("At least 12 characters. A few unrelated words work well."),
    )

    def __init__(self, account, *args, **kwargs):
        super().__init__(*args, prefix="password", **kwargs)
        self.account = account  # the new password may not be their address or name

    def validate_new_password(self, field):
        problem = password_problem(field.data or "", self.account.email, self.account.display_name)
        if problem:
            raise ValidationError(problem)


class DeleteAccountForm(FlaskForm):
    contributions = RadioField(
        _l("What happens to your ideas and comments?"),
        choices=[
            SelectChoice(KEEP, _l("Keep them readable, without my name")),
            SelectChoice(REMOVE, _l("Remove them where possible")),
        ],
        validators=[required()],
    )
    password = PasswordField(
        _l("Your current password"),
        validators=[required(), length(256)],
        description=_l("To check that it is really you."),
    )
