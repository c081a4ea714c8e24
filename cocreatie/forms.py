"""Shared form pieces."""

from flask_babel import lazy_gettext as _l
from wtforms.validators import DataRequired, Length


def required():
    return DataRequired(message=_l("This field is required."))


def length(maximum: int, minimum: int = -1):
    if minimum > 0:
        return Length(
            min=minimum,
            max=maximum,
            message=_l("Use between %(min)d and %(max)d characters."),
        )
    return Length(max=maximum, message=_l("Use at most %(max)d characters."))
