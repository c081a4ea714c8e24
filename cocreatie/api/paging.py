"""Cursor pagination (keyset): a page starts after the last row of the page before, found
through an index, so page 5,000 costs what page 1 does (no OFFSET).

A cursor is opaque to clients: the sort key of the row it starts after, the direction
and a fingerprint of the query it belongs to, signed with the app's secret key. A cursor
someone changed, or one taken to another list, filter or sort, is refused with a 400.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import Select, and_, or_

from cocreatie import db
from cocreatie.api.parameters import BadParameters

T = TypeVar("T")
FORWARD, BACKWARD = "n", "p"


@dataclass(frozen=True)
class Key:
    """One column of a sort order: the column and whether it runs from high to low."""

    column: Any
    descending: bool
    attribute: str  # the attribute of a row that holds its value


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="cocreatie.api.cursor")


def fingerprint(path: str, arguments: dict[str, str]) -> str:
    """What a cursor is bound to: the list and every filter and sort (not the page size)."""
    relevant = sorted((k, v) for k, v in arguments.items() if k not in ("cursor", "pageSize"))
    return hashlib.sha256(json.dumps([path, relevant]).encode()).hexdigest()[:16]


def _encode(value: Any) -> Any:
    return {"t": value.isoformat()} if isinstance(value, datetime) else value


def _decode(value: Any) -> Any:
    return datetime.fromisoformat(value["t"]) if isinstance(value, dict) else value


def make_cursor(direction: str, values: tuple, bound_to: str) -> str:
    return _serializer().dumps({"d": direction, "k": [_encode(v) for v in values], "q": bound_to})


def _bad_cursor(reason: str, code: str = "invalid") -> BadParameters:
    return BadParameters([{"name": "cursor", "code": code, "reason": reason}])


def read_cursor(raw: str | None, bound_to: str, keys: tuple[Key, ...]) -> tuple[str, tuple] | None:
    if raw is None:
        return None
    try:
        payload = _serializer().loads(raw)
    except BadSignature:
        raise _bad_cursor(_("This cursor is not valid: use the links of a previous page.")) from None
    if not isinstance(payload, dict) or payload.get("q") != bound_to:
        raise _bad_cursor(_("This cursor belongs to another list, filter or order."), "mismatch")
    values = payload.get("k")
    if payload.get("d") not in (FORWARD, BACKWARD) or not isinstance(values, list) or len(values) != len(keys):
        raise _bad_cursor(_("This cursor is not valid: use the links of a previous page."))
    return payload["d"], tuple(_decode(v) for v in values)


def _beyond(keys: tuple[Key, ...], values: tuple, forward: bool):
    """SQL: the row comes after (forward) or before these key values in the sort order."""
    alternatives = []
    for n, key in enumerate(keys):
        later = key.column < values[n] if key.descending == forward else key.column > values[n]
        alternatives.append(and_(*[k.column == values[i] for i, k in enumerate(keys[:n])], later))
    return or_(*alternatives)


@dataclass
class CursorPage(Generic[T]):
    items: list[T]
    next_cursor: str | None
    previous_cursor: str | None


def page(statement: Select, keys: tuple[Key, ...], size: int, cursor: str | None, bound_to: str, scalars: bool = True) -> CursorPage:
    """One page of `statement` in the order of `keys` (which must end in a unique column),
    after or before the row a cursor names: one query, LIMIT size + 1."""
    position = read_cursor(cursor, bound_to, keys)
    forward = position is None or position[0] == FORWARD
    if position is not None:
        statement = statement.where(_beyond(keys, position[1], forward))
    order = [
        (k.column.desc() if k.descending == forward else k.column.asc()) for k in keys
    ]
    statement = statement.order_by(*order).limit(size + 1)
    result = db.session.scalars(statement) if scalars else db.session.execute(statement)
    rows = list(result.unique() if scalars else result)
    more = len(rows) > size
    rows = rows[:size]
    if not forward:
        rows.reverse()

    def key_of(row) -> tuple:
        return tuple(getattr(row, k.attribute) for k in keys)

    has_next = more if forward else position is not None
    has_previous = (position is not None) if forward else more
    return CursorPage(
        items=rows,
        next_cursor=make_cursor(FORWARD, key_of(rows[-1]), bound_to) if rows and has_next else None,
        previous_cursor=make_cursor(BACKWARD, key_of(rows[0]), bound_to) if rows and has_previous else None,
    )
