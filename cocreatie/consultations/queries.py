"""Reads for consultations."""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Date, DateTime, Integer, Select, cast, func, literal_column, null, or_, select, type_coerce, union, union_all

from cocreatie import charts, db
from cocreatie.timezones import local_date
from cocreatie.models import (
    Comment,
    Consultation,
    ConsultationMember,
    Idea,
    MemberRole,
    PublicationStatus,
    Support,
    Visibility,
)
from cocreatie.timezones import last_local_day, local_day


def visible_to(user) -> Select:
    """Published consultations this person may see: public ones and their own."""
    statement = select(Consultation).where(Consultation.status == PublicationStatus.PUBLISHED)
    if user is not None and getattr(user, "is_authenticated", False):
        if user.is_admin:
            return statement
        member_of = select(ConsultationMember.consultation_id).where(ConsultationMember.user_id == user.id)
        return statement.where(
            or_(Consultation.visibility == Visibility.PUBLIC, Consultation.id.in_(member_of))
        )
    return statement.where(Consultation.visibility == Visibility.PUBLIC)


def open_now(user, now: datetime) -> list[Consultation]:
    return list(
        db.session.scalars(
            visible_to(user)
            .where(Consultation.opens_at <= now, Consultation.closes_at > now)
            .order_by(Consultation.closes_at)
            .limit(50)
        )
    )


def upcoming(user, now: datetime) -> list[Consultation]:
    return list(
        db.session.scalars(
            visible_to(user).where(Consultation.opens_at > now).order_by(Consultation.opens_at).limit(50)
        )
    )


def finished(user, now: datetime, limit: int, offset: int = 0) -> list[Consultation]:
    return list(
        db.session.scalars(
            visible_to(user)
            .where(Consultation.closes_at <= now)
            .order_by(Consultation.closes_at.desc(), Consultation.id.desc())
            .limit(limit)
            .offset(offset)
        )
    )


def managed_by(user) -> list[Consultation]:
    """Consultations this person owns (all of them for an administrator), drafts included."""
    statement = select(Consultation).order_by(Consultation.created_at.desc())
    if not user.is_admin:
        # Taking part as an invited participant is not managing.
        owned = select(ConsultationMember.consultation_id).where(
            ConsultationMember.user_id == user.id, ConsultationMember.role != MemberRole.PARTICIPANT
        )
        statement = statement.where(Consultation.id.in_(owned))
    return list(db.session.scalars(statement.limit(200)))


def get_by_slug(slug: str) -> Consultation | None:
    return db.session.scalar(select(Consultation).where(Consultation.slug == slug))


# --- the participation chart ---------------------------------------------------------------
#
# The chart counts every idea, reaction and support of a consultation week by week, and
# the people behind them, so its cost grows with the consultation. Measured with
# `flask seed-bench` at the benchmark's ratios (10 supports and 3 reactions per idea):
# 100 ideas take about 5 ms, 1,000 ideas about 55 ms, and 100,000 ideas with 1,000,000
# supports 3.5–5 s on PostgreSQL and 5–9 s on SQLite: most of it reading the timestamp
# of every support, and the distinct count of people.
#
# Stored counters would make it exact and cheap at any size, but need a per-week table
# (and a table of participants, for the distinct count) kept in step by every write that
# changes what the public sees: submitting, supporting, withdrawing, reacting, removing,
# hiding, restoring, merging. That is a lot of coupling for a chart nobody acts upon. So:
# up to LIVE_UP_TO_IDEAS listed ideas (the stored count decides, without a query) the
# chart is counted on every view and exact; above it, it is kept per consultation for
# PARTICIPATION_CACHE_FOR in each worker process (so counted at most once per worker
# per period), and the page says when it was counted, so nobody mistakes it for live.

LIVE_UP_TO_IDEAS = 200
PARTICIPATION_CACHE_FOR = timedelta(minutes=10)


@dataclass(frozen=True)
class Participation:
    chart: charts.BarChart  # panels "ideas", "comments" and "supports", one bar per week
    people: int  # distinct people who posted an idea, reacted or supported
    counted_at: datetime
    refreshed_every: timedelta | None  # None: counted for this very page view


def _week_of(day):
    """SQL for the Monday that starts the week of a date expression."""
    if db.is_sqlite():
        return type_coerce(func.date(day, literal_column("'weekday 0'"), literal_column("'-6 days'")), Date)
    return cast(func.date_trunc(literal_column("'week'"), cast(day, DateTime)), Date)


def _count_participation(consultation: Consultation, now: datetime, refreshed_every: timedelta | None) -> Participation:
    """One aggregate query: ideas, reactions and supports per local week, plus one row
    with the number of distinct people. Counts what the public sees: listed ideas (not
    hidden, not merged), their reactions that are not removed or hidden, their supports.
    Each table is grouped on its own: on SQLite that is faster than grouping one union of
    every row, and the statement stays cheap to build (SQLAlchemy spends milliseconds
    deriving the columns of a subquery over a union of such expressions)."""
    listed = (Idea.consultation_id == consultation.id, Idea.hidden_at.is_(None), Idea.merged_into_id.is_(None))
    # Per kind: when it was made, by whom, and what makes it count.
    kinds = {
        "ideas": (Idea.created_at, Idea.author_id, lambda rows: rows.where(*listed)),
        "comments": (
            Comment.created_at,
            Comment.author_id,
            lambda rows: rows.join(Idea, Idea.id == Comment.idea_id).where(
                *listed, Comment.deleted_at.is_(None), Comment.hidden_at.is_(None)
            ),
        ),
        "supports": (Support.created_at, Support.user_id, lambda rows: rows.join(Idea, Idea.id == Support.idea_id).where(*listed)),
    }

    def counted_per_week(kind: str) -> Select:
        made_at, _person, counted = kinds[kind]
        week = _week_of(local_date(made_at, since=consultation.created_at, until=now))
        counts = [(func.count() if k == kind else literal_column("0")).label(k) for k in kinds]
        return counted(select(week.label("week"), *counts, no_number.label("people"))).group_by(week)

    no_number = cast(null(), Integer)
    persons = union(*[counted(select(person.label("person"))) for _at, person, counted in kinds.values()]).subquery()
    # A row per kind and week (summed below), and one row with the number of people.
    rows = db.session.execute(
        union_all(
            *[counted_per_week(kind) for kind in kinds],
            select(cast(null(), Date), no_number, no_number, no_number, func.count(persons.c.person)),
        )
    ).all()
    per_week: dict[date, list[int]] = {}
    people = 0
    for week_start, *counts, distinct_people in rows:
        if week_start is None:  # the row that counts people
            people = int(distinct_people or 0)
        else:
            totals = per_week.setdefault(week_start, [0] * len(kinds))
            for i, n in enumerate(counts):
                totals[i] += int(n or 0)
    start = local_day(consultation.opens_at or consultation.created_at)
    end = local_day(now)
    if consultation.closes_at is not None:
        end = min(end, last_local_day(consultation.closes_at))
    days = [start, end, *per_week]
    categories = charts.weeks(min(days), max(days))
    series = [
        charts.Series(key, [per_week.get(w, [0] * len(kinds))[i] for w in categories])
        for i, key in enumerate(kinds)
    ]
    return Participation(charts.bar_chart(categories, series), people, now, refreshed_every)


# Counted participation per database engine (a test's app or a worker has its own), then
# per consultation id. Weak, so a disposed engine takes its entries with it.
_counted: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_counted_lock = threading.Lock()


def participation(consultation: Consultation, now: datetime) -> Participation | None:
    """The participation chart of a consultation that has opened; None before it opens."""
    if consultation.opens_at is None or now < consultation.opens_at:
        return None
    if consultation.idea_count == 0:
        # No listed ideas: no reactions or supports to count either.
        return Participation(charts.bar_chart([], []), 0, now, None)
    if consultation.idea_count <= LIVE_UP_TO_IDEAS:
        return _count_participation(consultation, now, None)
    engine = db.session.get_bind()
    with _counted_lock:
        counted = _counted.get(engine, {}).get(consultation.id)
    if counted is not None and counted.counted_at <= now < counted.counted_at + PARTICIPATION_CACHE_FOR:
        return counted
    counted = _count_participation(consultation, now, PARTICIPATION_CACHE_FOR)
    with _counted_lock:
        entries = _counted.setdefault(engine, {})
        for key in [k for k, v in entries.items() if not v.counted_at <= now < v.counted_at + PARTICIPATION_CACHE_FOR]:
            del entries[key]
        entries[consultation.id] = counted
    return counted
