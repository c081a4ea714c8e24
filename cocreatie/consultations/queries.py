"""Reads for consultations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Date, DateTime, Integer, Select, cast, func, literal_column, null, or_, select, type_coerce, union, union_all

from cocreatie import db
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


# --- the participation chart ---------------------------------------------------------------
#
# The chart counts every idea, reaction and support of a consultation week by week, and
# the people behind them, so its cost grows with the consultation. Measured with
# `flask seed-bench` at the benchmark's ratios (10 supports and 3 reactions per idea):
# 100 ideas take about 5 ms, 1,000 ideas about 55 ms, and 100,000 ideas with 1,000,000
# supports 3.5–5 s on PostgreSQL and 5–9 s on SQLite: most of it reading the timestamp
# of every support, and the distinct count of people.
#
# So it is counted here, on every view and exact, only up to
# `cocreatie.measure.queries.LIVE_UP_TO_IDEAS` listed ideas (the stored count decides,
# without a query). Above that the page draws it from the figures the KPIs store per
# day (`flask measure refresh`, every few minutes: cocreatie/measure/), and says when
# they were counted. The two count the same things.

KINDS = ("ideas", "comments", "supports")  # what the chart counts, in the order of its panels


@dataclass(frozen=True)
class Participation:
    """A consultation's participation as counted (`charts.participation_chart` draws it)."""

    counts: dict[str, dict[date, int]]  # per kind (KINDS): per local week (its Monday), weeks without any left out
    people: int  # distinct people who posted an idea, reacted or supported
    first_day: date  # the days the chart covers: from the day the consultation opened …
    last_day: date  # … until today, or its last day once it has closed
    counted_at: datetime
    refreshed_every: timedelta | None  # None: counted for this very page view


def _week_of(day):
    """SQL for the Monday that starts the week of a date expression."""
    if db.is_sqlite():
        return type_coerce(func.date(day, literal_column("'weekday 0'"), literal_column("'-6 days'")), Date)
    return cast(func.date_trunc(literal_column("'week'"), cast(day, DateTime)), Date)


def _days_covered(consultation: Consultation, now: datetime) -> tuple[date, date]:
    start = local_day(consultation.opens_at or consultation.created_at)
    end = local_day(now)
    if consultation.closes_at is not None:
        end = min(end, last_local_day(consultation.closes_at))
    return start, end


def _count_participation(consultation: Consultation, now: datetime, refreshed_every: timedelta | None) -> Participation:
    """One aggregate query: ideas, reactions and supports per local week, plus one row
    with the number of distinct people. Counts what the public sees: listed ideas (not
    hidden, not merged), their reactions that are not removed or hidden, their supports.
    Each table is grouped on its own: on SQLite that is faster than grouping one union of
    every row, and the statement stays cheap to build (SQLAlchemy spends milliseconds
    deriving the columns of a subquery over a union of such expressions)."""
    listed = (Idea.consultation_id == consultation.id, Idea.hidden_at.is_(None), Idea.merged_into_id.is_(None))
    # Per kind (in KINDS order): when it was made, by whom, and what makes it count.
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
    # A row per kind and week, and one row with the number of people.
    rows = db.session.execute(
        union_all(
            *[counted_per_week(kind) for kind in kinds],
            select(cast(null(), Date), no_number, no_number, no_number, func.count(persons.c.person)),
        )
    ).all()
    counts: dict[str, dict[date, int]] = {kind: {} for kind in kinds}
    people = 0
    for week_start, *numbers, distinct_people in rows:
        if week_start is None:  # the row that counts people
            people = int(distinct_people or 0)
            continue
        for kind, n in zip(kinds, numbers):
            if n:
                counts[kind][week_start] = counts[kind].get(week_start, 0) + int(n)
    return Participation(counts, people, *_days_covered(consultation, now), now, refreshed_every)


def participation(consultation: Consultation, now: datetime) -> Participation | None:
    """What the participation chart of a consultation that has opened shows, counted now;
    None before it opens."""
    if consultation.opens_at is None or now < consultation.opens_at:
        return None
    if consultation.idea_count == 0:
        # No listed ideas: no reactions or supports to count either.
        return Participation({kind: {} for kind in KINDS}, 0, *_days_covered(consultation, now), now, None)
    return _count_participation(consultation, now, None)


# --- what a change would touch (the confirmation pages) ----------------------------------


@dataclass(frozen=True)
class TakingPart:
    """What people have done in a consultation: anything here means someone took part."""

    ideas: int
    supports: int
    comments: int
    participants: int  # accepted invitations

    @property
    def anyone(self) -> bool:
        return bool(self.ideas or self.supports or self.comments or self.participants)


def taking_part(consultation: Consultation) -> TakingPart:
    """Counted from the rows themselves (not the stored counters), in one query."""
    ideas = select(func.count()).select_from(Idea).where(Idea.consultation_id == consultation.id)
    supports = (
        select(func.count()).select_from(Support).join(Idea, Support.idea_id == Idea.id)
        .where(Idea.consultation_id == consultation.id)
    )
    comments = (
        select(func.count()).select_from(Comment).join(Idea, Comment.idea_id == Idea.id)
        .where(Idea.consultation_id == consultation.id)
    )
    participants = select(func.count()).select_from(ConsultationMember).where(
        ConsultationMember.consultation_id == consultation.id, ConsultationMember.role == MemberRole.PARTICIPANT
    )
    row = db.session.execute(
        select(ideas.scalar_subquery(), supports.scalar_subquery(), comments.scalar_subquery(),
               participants.scalar_subquery())
    ).one()
    return TakingPart(*row)


def people_who_would_lose_access(consultation: Consultation) -> int:
    """People who took part (an idea, a reaction, a support) but have no role in the
    consultation: made invite-only, it is closed to them."""
    contributors = union(
        select(Idea.author_id.label("user_id")).where(Idea.consultation_id == consultation.id),
        select(Comment.author_id).join(Idea, Comment.idea_id == Idea.id).where(Idea.consultation_id == consultation.id),
        select(Support.user_id).join(Idea, Support.idea_id == Idea.id).where(Idea.consultation_id == consultation.id),
    ).subquery()
    members = select(ConsultationMember.user_id).where(ConsultationMember.consultation_id == consultation.id)
    return db.session.scalar(
        select(func.count()).select_from(contributors)
        .where(contributors.c.user_id.is_not(None), contributors.c.user_id.not_in(members))
    ) or 0


def ideas_in_phase(phase) -> int:
    return db.session.scalar(select(func.count()).select_from(Idea).where(Idea.phase_id == phase.id)) or 0


def due_for_publication(now: datetime) -> list[Consultation]:
    """Drafts whose planned publication has come (an index on publish_at finds them)."""
    return list(db.session.scalars(
        select(Consultation).where(Consultation.publish_at <= now, Consultation.status == PublicationStatus.DRAFT)
        .order_by(Consultation.publish_at).limit(20)
    ))
