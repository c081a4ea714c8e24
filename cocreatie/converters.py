"""Integers from the outside world: URL parts, query strings and form values.

Python's int() takes more than a visitor should be able to send: any Unicode decimal digit
("٣" is 3), underscores, spaces, a sign, and numbers larger than the database can compare
(SQLite refuses anything beyond 64 bits, PostgreSQL an INTEGER parameter beyond 32 bits:
either is a 500). `str.isdigit()` is no guard either: a superscript "²" passes it and then
fails int(). Every integer that arrives from a request is therefore read here: ASCII
digits only, and bounded.
"""

from __future__ import annotations

import re

from werkzeug.routing import IntegerConverter

# The largest id there can be: ids are INTEGER columns, signed 32-bit on PostgreSQL.
MAX_ID = 2**31 - 1
_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")  # longer is out of any bound; int() never sees it


def parse_int(raw: str | None, *, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """The number `raw` spells in ASCII digits, if it lies in [minimum, maximum]; else None.

    No sign, no spaces, no other digits: whatever is odd means "no number", for the caller
    to ignore, default or answer 404/400 as fits."""
    if raw is None or not _ASCII_DIGITS.fullmatch(raw):
        return None
    number = int(raw)
    return number if minimum <= number <= maximum else None


class BoundedIntConverter(IntegerConverter):
    """`<int:...>` in routes: ASCII digits only, and no larger than an id can be. Anything
    else does not match the route, which answers 404. Registered as "int" by the factory."""

    regex = r"[0-9]{1,19}"

    def __init__(self, map, *args, max: int | None = None, **kwargs) -> None:  # noqa: A002 (Werkzeug's names)
        super().__init__(map, *args, max=MAX_ID if max is None else min(max, MAX_ID), **kwargs)
