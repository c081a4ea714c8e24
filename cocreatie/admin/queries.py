"""Reads for the audit log: newest first, paged by position (keyset), never by counting.

The log only grows, and an offset or a total would cost more the longer it gets; a
cursor (the id of the entry the page starts after) costs the same on every page.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, or_, select, tuple_
from sqlalchemy.orm import joinedload

from cocreatie import db
from cocreatie.admin import sentences
from cocreatie.models import AuditEntry, Consultation, Idea, User
from cocreatie.timezones import end_of_local_day, start_of_local_day

# The filter on "what": a fixed list, matched as "<prefix>." at the start of the action.
ACTION_PREFIXES = ("roles", "recruitment", "moderation", "feedback", "consultations", "cowriting", "files", "measure",
                   "accounts", "signin", "retention", "reach")
EXPORT_LIMIT = 50_000  # rows in one CSV file; a narrower filter gives the rest
_BATCH = 1_000


@dataclass(frozen=True)
class AuditFilter:
    action: str | None = None  # one of ACTION_PREFIXES
    consultation: Consultation | None = None
    person: User | None = None  # what they did, and what was done to their account
    since: date | None = None  # local days, both included
    until: date | None = None


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
    if audit_filter.person is not None:
        statement = statement.where(or_(AuditEntry.actor_id == audit_filter.person.id,
                                        AuditEntry.subject == f"user {audit_filter.person.id}"))
    if audit_filter.since is not None:
        statement = statement.where(AuditEntry.created_at >= start_of_local_day(audit_filter.since))
    if audit_filter.until is not None:
        statement = statement.where(AuditEntry.created_at < end_of_local_day(audit_filter.until))
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


def _subject_ids(entries: list[AuditEntry], kind: str) -> set[int]:
    ids = set()
    for entry in entries:
        found_kind, _, number = entry.subject.rpartition(" ")
        if found_kind == kind and number.isdigit():
            ids.add(int(number))
    return ids


def sentence_parts(entries: list[AuditEntry]) -> dict[int, sentences.Entry]:
    """What each entry's sentence names: its actor, consultation, and the person or idea
    it is about. Three queries for any number of entries (the actors came with them)."""
    consultations = consultations_of(entries)
    user_ids, idea_ids = _subject_ids(entries, "user"), _subject_ids(entries, "idea")
    people = {row.id: row.display_name for row in db.session.execute(
        select(User.id, User.display_name).where(User.id.in_(user_ids)))} if user_ids else {}
    ideas = {row.id: row.title for row in db.session.execute(
        select(Idea.id, Idea.title).where(Idea.id.in_(idea_ids)))} if idea_ids else {}
    parts = {}
    for entry in entries:
        kind, _, number = entry.subject.rpartition(" ")
        subject_id = int(number) if number.isdigit() else None
        consultation = consultations.get(entry.consultation_id)
        parts[entry.id] = sentences.Entry(
            actor=entry.actor.display_name if entry.actor else None,
            consultation=consultation.title if consultation else None,
            subject_kind=kind,
            person=people.get(subject_id) if kind == "user" else None,
            idea=ideas.get(subject_id) if kind == "idea" else None,
            before=sentences.load(entry.before),
            after=sentences.load(entry.after),
        )
    return parts


def export_rows(audit_filter: AuditFilter):
    """Every matching entry, newest first, in batches (at most EXPORT_LIMIT): for each
    batch, its entries with their sentence parts."""
    statement = _filtered(select(AuditEntry).options(joinedload(AuditEntry.actor)), audit_filter)
    position = tuple_(AuditEntry.created_at, AuditEntry.id)
    last, done = None, 0
    while done < EXPORT_LIMIT:
        batch_statement = statement if last is None else statement.where(position < tuple_(*last))
        batch = list(db.session.scalars(
            batch_statement.order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
            .limit(min(_BATCH, EXPORT_LIMIT - done))
        ))
        if not batch:
            return
        yield batch, sentence_parts(batch)
        done += len(batch)
        last = (batch[-1].created_at, batch[-1].id)


def person_by_reference(reference: str | None) -> User | None:
    """The person filter: an account's id (from the people page) or its e-mail address."""
    reference = (reference or "").strip().lower()
    if not reference or len(reference) > 254:
        return None
    if reference.isdigit():
        return db.session.get(User, int(reference)) if len(reference) < 12 else None
    return db.session.scalar(select(User).where(User.email == reference))


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
