"""The parts of a page that belong to the person reading it.

A signed-in participant (no staff role, no role in any consultation) sees the same idea
list and idea page as every other participant, except for a few parts that are theirs:
their name in the header, their unread count, whether they support an idea, whether they
follow it, whether we ask them the profile questions. Templates mark each such part as a
*hole*:

    {% call(supported) personal("supported", idea.id, supported) %}…{% endcall %}

In an ordinary render the hole is its content for the real value. When the page cache
(cocreatie/pagecache.py) records a page for participants, the view runs for a neutral
participant, who owns, supports and follows nothing, and every hole is rendered once per
possible value (its *variants*) and left as a placeholder; serving the page picks each
hole's variant from the reader's own facts, gathered by one function per kind of hole.

What a hole cannot express makes the page the reader's own: the neutral participant's id
notes every person it is compared with (an author, the person who appealed), and a page
that noted the reader is rendered for them in full. A view whose page has a part that is
personal and not a hole says so with `not_for_participants()`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

from flask import g
from markupsafe import Markup

from cocreatie import db
from cocreatie.models import SiteRole

NAME_PLACEHOLDER = "\x00viewer-name\x00"
_RECORDING = "personal_recording"
_OPT_OUT = "personal_opt_out"


def hole_marker(number: int) -> str:
    return f"\x00hole-{number}\x00"


Facts = dict[Hashable, tuple[int, dict[str, str]]]


@dataclass(frozen=True, slots=True)
class Kind:
    """A kind of personal part: the values it is rendered for in advance (the first is
    the neutral participant's), and how to find the reader's value for many holes at once,
    as {key: (variant index, {text: replacement})} for the keys whose value is not the
    first variant. Either `select(user_id, keys)` gives a parameterised SELECT (`?` marks)
    of three integer columns, read by `read(rows)`: the selects of all kinds on a page go
    to the database as one statement; or `facts(user, keys)` asks on its own."""

    variants: tuple[Any, ...]
    select: Callable[[int, list[Hashable]], tuple[str, tuple]] | None = None
    read: Callable[[list[tuple]], Facts] | None = None
    facts: Callable[[Any, list[Hashable]], Facts] | None = None


KINDS: dict[str, Kind] = {}


def register(name: str, variants: Sequence[Any], *, select: Callable | None = None, read: Callable | None = None,
             facts: Callable | None = None) -> None:
    if (select is None) != (read is None) or (select is None) == (facts is None):
        raise ValueError("a kind of personal part is read either with select and read, or with facts")
    KINDS[name] = Kind(tuple(variants), select, read, facts)


@dataclass
class Recording:
    """What recording one page for participants found: its holes, and the people whose
    identity the page depends on."""

    holes: list[tuple[str, Hashable, tuple[str, ...]]] = field(default_factory=list)
    involved: set[int] = field(default_factory=set)
    filling: bool = False

    def hole(self, kind: str, key: Hashable, caller: Callable[[Any], str]) -> Markup:
        if self.filling:
            raise RuntimeError("a personal part inside another one")
        self.filling = True
        try:
            texts = tuple(str(caller(value)) for value in KINDS[kind].variants)
        finally:
            self.filling = False
        self.holes.append((kind, key, texts))
        return Markup(hole_marker(len(self.holes) - 1))


def personal(kind: str, key: Hashable, value: Any, caller: Callable[[Any], str]) -> Markup:
    """Template global, used with `{% call(value) personal(kind, key, value) %}`."""
    recording = g.get(_RECORDING)
    if recording is None:
        return Markup(caller(value))
    return recording.hole(kind, key, caller)


def rows_of(table: str, column: str) -> Callable[[int, list[Hashable]], tuple[str, tuple]]:
    """The `select` of a yes/no kind whose second variant holds where the reader has a row
    in `table` for the key in `column` (their support of an idea, of an amendment)."""

    def select(user_id: int, keys: list[Hashable]) -> tuple[str, tuple]:
        return (
            f"SELECT {column} AS a, CAST(NULL AS INTEGER) AS b, CAST(NULL AS INTEGER) AS c FROM {table}"
            f" WHERE user_id = ? AND {column} IN ({db.placeholders(len(keys))})",
            (user_id, *keys),
        )

    return select


def found_rows(rows: list[tuple]) -> Facts:
    """The `read` of such a kind: each key found shows the second variant."""
    return {key: (1, {}) for key, _b, _c in rows}


def start_recording() -> Recording:
    g.pop(_OPT_OUT, None)
    recording = Recording()
    setattr(g, _RECORDING, recording)
    return recording


def stop_recording() -> None:
    g.pop(_RECORDING, None)


def _note(other: Any) -> None:
    recording = g.get(_RECORDING)
    if recording is not None and isinstance(other, int) and not isinstance(other, NeutralId):
        recording.involved.add(int(other))


class NeutralId(int):
    """The neutral participant's id (0, nobody's): comparing it with a person's id notes
    that person as involved, and never matches."""

    def __eq__(self, other: object) -> bool:
        _note(other)
        return False

    def __ne__(self, other: object) -> bool:
        _note(other)
        return True

    __hash__ = int.__hash__


class NeutralParticipant:
    """Signed in, citizen, no role anywhere, owns and supports and follows nothing; the
    name is a placeholder. Has only what policies and the pages read of a participant:
    anything else is an AttributeError, not a guess."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_blocked = False
    blocked_at = None
    is_admin = False
    is_civil_servant = False
    site_role = SiteRole.CITIZEN
    memberships: tuple = ()

    def __init__(self, locale: str | None) -> None:
        self.id = NeutralId(0)
        self.display_name = NAME_PLACEHOLDER
        self.locale = locale  # the reader's choice of language: the page is recorded in it

    def roles_in(self, _consultation_id: int) -> set:
        return set()

    def get_id(self) -> str:
        return "0"


def not_for_participants() -> None:
    """This page shows something personal that no hole covers: render it for each reader."""
    setattr(g, _OPT_OUT, True)


def opted_out() -> bool:
    return bool(g.get(_OPT_OUT))


def is_plain_participant(user: Any) -> bool:
    """A citizen account without a role in any consultation: the pages' policies then
    depend on who they are only through what they wrote (noted) and the holes."""
    return (
        getattr(user, "is_authenticated", False)
        and not getattr(user, "is_blocked", True)
        and user.site_role == SiteRole.CITIZEN
        and not user.memberships
    )


def choose(user: Any, holes: Sequence[tuple[str, Hashable, tuple[bytes, ...]]]) -> list[tuple[int, dict[str, str]]]:
    """For each hole, the variant this reader sees and what to replace in it: one
    statement for all kinds that give a select, one query for each that asks on its own."""
    keys_by_kind: dict[str, list[Hashable]] = {}
    for kind, key, _texts in holes:
        keys_by_kind.setdefault(kind, []).append(key)
    facts: dict[str, Facts] = {}
    selects, parameters, read_by = [], [], []
    for name, keys in keys_by_kind.items():
        kind = KINDS[name]
        if kind.facts is not None:
            facts[name] = kind.facts(user, keys)
            continue
        statement, values = kind.select(user.id, keys)
        selects.append(f"SELECT {len(read_by)} AS part, a, b, c FROM ({statement}) AS part_{len(read_by)}")
        parameters += values
        read_by.append(name)
    if selects:
        rows: list[list[tuple]] = [[] for _ in read_by]
        for part, *values in db.read_through_driver(" UNION ALL ".join(selects), parameters):
            rows[part].append(tuple(values))
        for name, found in zip(read_by, rows):
            facts[name] = KINDS[name].read(found)
    return [facts[kind].get(key, (0, {})) for kind, key, _texts in holes]
