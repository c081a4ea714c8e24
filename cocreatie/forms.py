"""Shared form pieces."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms.validators import DataRequired, Length, ValidationError


def required():
    return DataRequired(message=_l("This field is required."))


class _CheckedLength(Length):
    """Length checked on the server only. WTForms would render `maxlength`, and a browser
    then cuts pasted text off without a word (a 300-character title kept as its first 150
    characters, mid-sentence): too long is refused with a message instead, text kept."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.field_flags = {}

    def __call__(self, form, field):
        typed = len(field.data or "")
        if self.max != -1 and typed > self.max:
            # Say how far over it is: the person has to shorten it, not guess.
            raise ValidationError(_("Use at most %(max)d characters; this has %(num)d.", max=self.max, num=typed))
        super().__call__(form, field)


def length(maximum: int, minimum: int = -1):
    if minimum > 0:
        return _CheckedLength(
            min=minimum,
            max=maximum,
            message=_l("Use between %(min)d and %(max)d characters."),
        )
    return _CheckedLength(max=maximum, message=_l("Use at most %(max)d characters."))
