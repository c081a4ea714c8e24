"""Query parameters of the read API: each declared once, read from the request here and
described in the OpenAPI document from the same declaration. Anything odd is a 400 that
names the parameter and says what was wrong; unknown parameters too (a misspelt filter
must not quietly return everything)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from flask import request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from cocreatie.converters import MAX_ID, parse_int
from cocreatie.models import AmendmentStatus, IdeaStatus
from cocreatie.models.consultations import ConsultationState

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")
CURSOR_TEXT = re.compile(r"[A-Za-z0-9_.-]{1,500}")  # what a signed, URL-safe cursor is made of


class InvalidValue(ValueError):
    """A parameter's value cannot be used; `code` says how (invalid, tooLarge, unknown)."""

    def __init__(self, reason: str, code: str = "invalid") -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code


class BadParameters(Exception):
    """One or more parameters were wrong: answered with a 400 problem."""

    def __init__(self, problems: list[dict]) -> None:
        super().__init__(problems)
        self.problems = problems


@dataclass(frozen=True)
class Param:
    name: str
    description: Any  # a lazy translation
    schema: dict
    parse: Callable[[str], Any]
    default: Any = None
    example: Any = None
    location: str = "query"

    def openapi(self) -> dict:
        described = {"name": self.name, "in": self.location, "required": False, "description": self.description,
                     "schema": dict(self.schema)}
        if self.default is not None:
            described["schema"]["default"] = self.default
        return described


def _whole_number(minimum: int, maximum: int) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        number = parse_int(raw, minimum=0, maximum=10**18)
        if number is None:
            raise InvalidValue(_("Give a whole number."))
        if number > maximum:
            raise InvalidValue(_("Give at most %(maximum)d.", maximum=maximum), "tooLarge")
        if number < minimum:
            raise InvalidValue(_("Give at least %(minimum)d.", minimum=minimum))
        return number

    return parse


def _one_of(values: list[str]) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        if raw not in values:
            raise InvalidValue(_("Give one of: %(values)s.", values=", ".join(values)), "unknown")
        return raw

    return parse


def _slug(raw: str) -> str:
    if not SLUG.fullmatch(raw):
        raise InvalidValue(_("Give the slug of a consultation, as in the address of its page."))
    return raw


def _instant(raw: str) -> datetime:
    """An RFC 3339 date-time with its time zone, as naive UTC (what the database stores)."""
    try:
        parsed = datetime.fromisoformat(raw.replace("z", "Z").replace("Z", "+00:00"))
    except ValueError:
        raise InvalidValue(_("Give a date and time such as 2026-06-15T10:00:00Z.")) from None
    if parsed.tzinfo is None or "T" not in raw.upper():
        raise InvalidValue(_("Give a date and time with its time zone, such as 2026-06-15T10:00:00Z."))
    try:
        return parsed.astimezone(UTC).replace(tzinfo=None)
    except OverflowError:
        raise InvalidValue(_("Give a date and time such as 2026-06-15T10:00:00Z.")) from None


def _cursor(raw: str) -> str:
    if not CURSOR_TEXT.fullmatch(raw):
        raise InvalidValue(_("This cursor is not valid: use the links of a previous page."))
    return raw


PAGE_SIZE = Param(
    "pageSize", _l("How many items a page holds."),
    {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE}, _whole_number(1, MAX_PAGE_SIZE), DEFAULT_PAGE_SIZE,
)
CURSOR = Param(
    "cursor", _l("Where the page starts: copy it from the next or previous link of another page."),
    {"type": "string", "pattern": "^[A-Za-z0-9_.-]{1,500}$"}, _cursor,
)
CONSULTATION = Param(
    "consultation", _l("Only what belongs to the consultation with this slug."),
    {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,79}$"}, _slug,
)
STATUS = Param(
    "status", _l("Only ideas with this official status."),
    {"type": "string", "enum": [s.value for s in IdeaStatus]}, _one_of([s.value for s in IdeaStatus]),
)
PHASE = Param(
    "phase", _l("Only ideas posted in the phase with this identifier."),
    {"type": "integer", "minimum": 1, "maximum": MAX_ID}, _whole_number(1, MAX_ID),
)
IDEA = Param(
    "idea", _l("Only reactions to the idea with this identifier."),
    {"type": "integer", "minimum": 1, "maximum": MAX_ID}, _whole_number(1, MAX_ID),
)
CHANGED_SINCE = Param(
    "changedSince", _l("Only what was added or changed at or after this moment (RFC 3339, with a time zone). "
                       "Reactions then come in the order they changed."),
    {"type": "string", "format": "date-time"}, _instant,
)
STATE = Param(
    "state", _l("Only consultations that have yet to open, are open, or have finished."),
    {"type": "string", "enum": [s.value for s in ConsultationState]}, _one_of([s.value for s in ConsultationState]),
)
DOCUMENT = Param(
    "document", _l("Only amendments to the draft text with this identifier."),
    {"type": "integer", "minimum": 1, "maximum": MAX_ID}, _whole_number(1, MAX_ID),
)
AMENDMENT_STATUS = Param(
    "status", _l("Only amendments that are open, or that got this decision."),
    {"type": "string", "enum": [s.value for s in AmendmentStatus]}, _one_of([s.value for s in AmendmentStatus]),
)
IDEA_SORTS = ("-createdAt", "createdAt", "changedAt", "-supportCount", "-commentCount")
COUNTED_SORTS = ("-supportCount", "-commentCount")  # by a count: within one consultation (its index)
IDEA_SORT = Param(
    "sort", _l("The order: newest first (-createdAt), oldest first (createdAt), in the order they last "
               "changed (changedAt, for keeping a copy up to date with changedSince), or, within one "
               "consultation, most supported first (-supportCount) or most discussed first (-commentCount)."),
    {"type": "string", "enum": list(IDEA_SORTS)}, _one_of(list(IDEA_SORTS)), "-createdAt",
)

PAGED = (PAGE_SIZE, CURSOR)


@dataclass
class Arguments:
    values: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def given(self, *names: str) -> dict[str, Any]:
        """The values given for these parameters (defaults left out), for links and cursors."""
        return {n: request.args[n] for n in names if n in request.args}


def read(params: tuple[Param, ...]) -> Arguments:
    """The values of `params` in this request's query string; BadParameters otherwise."""
    known = {p.name: p for p in params}
    problems = [
        {"name": name, "code": "unknown", "reason": _("This parameter does not exist here.")}
        for name in request.args if name not in known
    ]
    values: dict[str, Any] = {}
    for param in params:
        given = request.args.getlist(param.name)
        if not given:
            values[param.name] = param.default
            continue
        if len(given) > 1:
            problems.append({"name": param.name, "code": "invalid", "reason": _("Give this parameter once.")})
            continue
        try:
            values[param.name] = param.parse(given[0])
        except InvalidValue as error:
            problems.append({"name": param.name, "code": error.code, "reason": error.reason})
    if problems:
        raise BadParameters(problems)
    return Arguments(values)
