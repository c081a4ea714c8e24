"""One way to write dates everywhere: "6 dec 2026" and "6 dec 2026, 16:50", in the
reader's language and time zone (Flask-Babel's). Pages get these as `format_date` and
`format_datetime`; e-mails and messages call them too. Babel's named styles ("short",
"medium", "long") all mean the house style, so a template cannot pick a second way; an
explicit pattern (the charts' "MMM y" axis labels) is kept as given."""

from __future__ import annotations

from flask_babel import format_date as _babel_date, format_datetime as _babel_datetime

DATE = "d MMM y"
DATE_TIME = "d MMM y, HH:mm"
_NAMED_STYLES = {None, "short", "medium", "long", "full"}


def format_date(value, format: str | None = None) -> str:
    return _babel_date(value, DATE if format in _NAMED_STYLES else format)


def format_datetime(value, format: str | None = None) -> str:
    return _babel_datetime(value, DATE_TIME if format in _NAMED_STYLES else format)
