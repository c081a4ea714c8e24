from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import EmailField, HiddenField, RadioField, SelectChoice, TextAreaField
from wtforms.validators import Email, Optional

from cocreatie.forms import length, required
from cocreatie.models import MemberRole
from cocreatie.recruitment import addresses
from cocreatie.recruitment.addresses import AddressList, Rejected, UnreadableFile

SHOWN_PROBLEMS = 10  # rejected addresses named in one message; the rest are counted

MEMBER_ROLE_LABELS = {
    MemberRole.OWNER: _l("owner"),
    MemberRole.PROCESMANAGER: _l("procesmanager"),
    MemberRole.PARTICIPANT: _l("participant"),
}


class ConfirmForm(FlaskForm):
    """A confirmation page's button: nothing but the CSRF token."""


class RoleForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[required(), Email(message=_l("Enter an e-mail address like name@example.nl.")), length(254)],
        description=_l("The address of their account. Without an account yet, they get an invitation: "
                       "they have the role as soon as they have made an account and accepted."),
    )
    role = RadioField(
        _l("Role"),
        choices=[
            SelectChoice(MemberRole.OWNER.value, _l("Owner: configures the consultation, responds officially and publishes outcomes (civil servants only)")),
            SelectChoice(MemberRole.PROCESMANAGER.value, _l("Procesmanager: moderates, invites participants and keeps the discussion going")),
        ],
        default=MemberRole.PROCESMANAGER.value,
        validators=[required()],
    )


def _named(rejected: list[Rejected], with_rows: bool) -> str:
    shown = rejected[:SHOWN_PROBLEMS]
    if with_rows:
        names = [_("row %(row)d (“%(text)s”)", row=r.row, text=r.text) for r in shown]
    else:
        names = [f"“{r.text}”" for r in shown]
    text = ", ".join(names)
    if len(rejected) > len(shown):
        text += " " + ngettext("and %(num)d more", "and %(num)d more", len(rejected) - len(shown))
    return text


def named_duplicates(duplicates: list[Rejected]) -> str:
    """“a@x.nl” (row 7), …: where an address came again, so the list can be cleaned up."""
    shown = duplicates[:SHOWN_PROBLEMS]
    names = [
        _("“%(text)s” (row %(row)d)", text=d.text, row=d.row) if d.row else f"“{d.text}”" for d in shown
    ]
    text = ", ".join(names)
    if len(duplicates) > len(shown):
        text += " " + ngettext("and %(num)d more", "and %(num)d more", len(duplicates) - len(shown))
    return text


UPLOAD_PROBLEMS = {
    "type": _l("Upload a CSV file (ending in .csv or .txt)."),
    "size": _l("The file is larger than 200 KB. Split it into smaller files."),
    "rows": _l("The file has more than 5,000 rows. Split it into smaller files."),
    "encoding": _l("This file cannot be read as text. Save it as CSV (comma-separated values) and try again."),
}


class InvitationForm(FlaskForm):
    addresses = TextAreaField(
        _l("E-mail addresses"),
        validators=[Optional(), length(addresses.MAX_TEXT_LENGTH)],
        description=_l("One per line, or separated by commas or semicolons."),
    )
    upload = FileField(
        _l("Or upload a CSV file"),
        description=_l("One column of e-mail addresses, with or without a header row. At most 200 KB and 5,000 rows. The file is read once and not kept."),
    )
    message = TextAreaField(
        _l("Personal message"),
        validators=[required(), length(2000, 10)],
        description=_l("Why you invite them and what you ask of them. It is in the e-mail, above the link."),
    )

    # The district these invitations recruit from (a code; cocreatie/reach/), if any.
    target_district = HiddenField()  # looked up by the view: an unknown code is ignored

    # The checked, de-duplicated addresses, once validate() has passed.
    parsed: AddressList

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        self.parsed = AddressList()
        pasted = addresses.from_text(self.addresses.data or "")
        if pasted.rejected:
            self.addresses.errors.append(
                _("These are not e-mail addresses: %(list)s. Correct or remove them.", list=_named(pasted.rejected, False))
            )
        self.parsed.extend(pasted)
        upload = self.upload.data
        if upload and upload.filename:
            try:
                from_file = addresses.from_csv(
                    upload.stream.read(addresses.MAX_CSV_BYTES + 1), upload.filename, upload.mimetype or ""
                )
            except UnreadableFile as problem:
                self.upload.errors.append(str(UPLOAD_PROBLEMS[problem.reason]))
                return False
            if from_file.rejected:
                self.upload.errors.append(
                    _("The file has rows that are not e-mail addresses: %(list)s. Correct the file and upload it again.",
                      list=_named(from_file.rejected, True))
                )
            self.parsed.extend(from_file)
        if self.addresses.errors or self.upload.errors:
            return False
        if not self.parsed.addresses:
            self.addresses.errors.append(_("Enter at least one e-mail address, or upload a file."))
            return False
        if len(self.parsed.addresses) > addresses.MAX_ADDRESSES:
            self.addresses.errors.append(
                _("You can invite at most %(max)s people at a time.", max=format_decimal(addresses.MAX_ADDRESSES))
            )
            return False
        return valid
