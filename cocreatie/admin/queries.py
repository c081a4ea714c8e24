"""Reads for the audit log: newest first, paged by position (keyset), never by counting.

The log only grows, and an offset or a total would cost more the longer it gets; a
cursor (the id of the entry the page starts after) costs the same on every page.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select, tuple_
from sqlalchemy.orm import joinedload

from cocreatie import db
from cocreatie.models import AuditEntry, Consultation

# The filter on "what": a fixed list, matched as "<prefix>." at the start of the action.
ACTION_PREFIXES = ("roles", "recruitment", "moderation", "feedback", "consultations", "accounts", "signin", "retention")


@dataclass(frozen=True)
class AuditFilter:
    action: str | None = None  # one of ACTION_PREFIXES
    consultation: Consultation | None = None


@dataclass
class AuditPage:
    entries: list[AuditEntry]
    older: int | None  # cursor for the next page (older entries), if there is one
    newer: int | None  # cursor for the previous page (newer entries), if there is one


def _filtered(statement: Select, audit_filter: AuditFilter) -> Select:
    if audit_filter.action in ACTION_PREFIXES:
        statement = statement.where(AuditEntry.action.startswith(audit_filter.action + ".", autoescape=True))
    if audit_filter.consultation is not None:
        statement = statement.where(AuditEntry.consultation_id == audit_filter.consultation.id)
    return statement


def audit_entries(audit_filter: AuditFilter, per_page: int, older_than: int | None = None,
                  newer_than: int | None = None) -> AuditPage:
    """A page of entries: the newest, or those just older or newer than a cursor entry."""
    statement = _filtered(select(AuditEntry).options(joinedload(AuditEntry.actor)), audit_filter)
    position = tuple_(AuditEntry.created_at, AuditEntry.id)
    cursor_id = older_than if older_than is not None else newer_than
    cursor = db.session.get(AuditEntry, cursor_id) if cursor_id is not None else None
    if cursor is not None and newer_than is not None:
        rows = list(
            db.session.scalars(
                statement.where(position > tuple_(cursor.created_at, cursor.id))
                .order_by(AuditEntry.created_at, AuditEntry.id)
                .limit(per_page + 1)
            )
        )
        more_newer = len(rows) > per_page
        entries = list(reversed(rows[:per_page]))
        return AuditPage(entries, older=entries[-1].id if entries else None,
                         newer=entries[0].id if entries and more_newer else None)
    if cursor is not None:
        statement = statement.where(position < tuple_(cursor.created_at, cursor.id))
    rows = list(
        db.session.scalars(
            statement.order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc()).limit(per_page + 1)
        )
    )
    entries = rows[:per_page]
    return AuditPage(
        entries,
        older=entries[-1].id if len(rows) > per_page else None,
        newer=entries[0].id if cursor is not None and entries else None,
    )


def consultation_choices() -> list[tuple[int, str]]:
    """For the filter: every consultation by title (hundreds at most on one platform)."""
    return [
        (row.id, row.title)
        for row in db.session.execute(select(Consultation.id, Consultation.title).order_by(Consultation.title).limit(1000))
    ]


def consultations_of(entries: list[AuditEntry]) -> dict[int, Any]:
    """Title and slug of each consultation on the page, in one query."""
    ids = {e.consultation_id for e in entries if e.consultation_id is not None}
    if not ids:
        return {}
    rows = db.session.execute(
        select(Consultation.id, Consultation.title, Consultation.slug).where(Consultation.id.in_(ids))
    )
    return {row.id: row for row in rows}


def changes(entry: AuditEntry) -> list[tuple[str, Any, Any]]:
    """(key, before, after) for every key in either, as stored; unparseable text as is."""
    def load(raw: str) -> dict[str, Any]:
        try:
            value = json.loads(raw or "{}")
        except ValueError:
            return {"": raw}
        return value if isinstance(value, dict) else {"": value}

    before, after = load(entry.before), load(entry.after)
    return [(key, before.get(key), after.get(key)) for key in sorted({*before, *after})]
