"""Reads for goals, targets and KPI figures. Every page costs a fixed number of queries,
whatever the size of the consultation.

Counting a consultation's KPIs reads every idea, reaction and support it has (the
distinct participants, above all), which at 100,000 ideas and 1,000,000 supports takes
seconds. So:

- up to LIVE_UP_TO_IDEAS listed ideas (the stored `Consultation.idea_count` decides,
  without a query) the figures are counted for each page view, exact;
- above that, pages read what was last counted and stored (`KpiCount`, `KpiDaily`): by
  `flask measure refresh`, run every REFRESH_EVERY (cron), and by a procesmanager's
  "count now" on the dashboard. The pages say when it was counted.

Either way one function counts (`count_figures`), so both paths show the same numbers.
What a KPI counts matches the lists: ideas are the listed ones (`Consultation.idea_count`),
supports and reactions those under listed ideas (the sum of their stored counters), the
response figures those of the response-deadline page.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import and_, case, func, or_, select, union_all

from cocreatie import db
from cocreatie.measure import kpis
from cocreatie.measure.kpis import Kpi, Reading
from cocreatie.models import (
    Comment,
    Consultation,
    ConsultationState,
    Goal,
    Idea,
    IdeaStatus,
    Invitation,
    InvitationStatus,
    KpiCount,
    KpiDaily,
    KpiTarget,
    PublicationStatus,
    Support,
    User,
)
from cocreatie.timezones import last_local_day, local_date, local_day

LIVE_UP_TO_IDEAS = 200
REFRESH_EVERY = timedelta(minutes=10)
# Counted longer ago than this, the dashboard offers to count again.
STALE_AFTER = 2 * REFRESH_EVERY


@dataclass(frozen=True)
class Figures:
    """A consultation's KPIs as counted at `counted_at` (None: never counted)."""

    readings: dict[str, Reading]
    first_day: date
    last_day: date
    counted_at: datetime | None
    live: bool  # counted for this page view

    def reading(self, key: str) -> Reading:
        return self.readings.get(key, Reading(None))

    def value(self, key: str) -> float | None:
        return self.reading(key).value

    @property
    def responses(self) -> ResponseCounts | None:
        """The response-deadline page's numbers as counted; None if never counted."""
        if self.counted_at is None:
            return None
        return ResponseCounts(*(int(self.value(key) or 0) for key in RESPONSE_KEYS))

    def is_stale(self, now: datetime) -> bool:
        return not self.live and (self.counted_at is None or now - self.counted_at > STALE_AFTER)


def days_covered(consultation: Consultation, now: datetime) -> tuple[date, date]:
    """From the day the consultation opened until today, or its last day once closed."""
    start = local_day(consultation.opens_at or consultation.created_at)
    end = local_day(now)
    if consultation.closes_at is not None:
        end = min(end, last_local_day(consultation.closes_at))
    return start, max(start, end)


# --- counting ---------------------------------------------------------------------------


def _listed(consultation: Consultation):
    return and_(Idea.consultation_id == consultation.id, Idea.hidden_at.is_(None), Idea.merged_into_id.is_(None))


def _per_day(counted) -> dict[date, int]:
    """Run a (day expression, statement counting per day) pair from `by_day`."""
    day, statement = counted
    return {d: int(n) for d, n in db.session.execute(statement.group_by(day)).all() if d is not None}


def _cumulative(per_day: dict[date, int], start: date, end: date) -> list[tuple[date, float]]:
    """The running total at the end of every day from start to end; what came before
    `start` counts towards its first day, what came after `end` towards the last."""
    total = sum(n for d, n in per_day.items() if d < start)
    late = sum(n for d, n in per_day.items() if d > end)
    series = []
    day = start
    while day <= end:
        total += per_day.get(day, 0)
        series.append((day, float(total + (late if day == end else 0))))
        day += timedelta(days=1)
    return series


def _counting(per_day: dict[date, int], start: date, end: date) -> Reading:
    series = _cumulative(per_day, start, end)
    return Reading(series[-1][1] if series else 0.0, series)


# Not KPIs: the response-deadline page's four numbers, counted and stored with the KPIs
# so that pages of large consultations need not count every idea for them.
RESPONSE_KEYS = ("_responses_in_time", "_responses_late", "_responses_overdue", "_responses_waiting")


@dataclass(frozen=True)
class ResponseCounts:
    """As `feedback.queries.response_overview` counts them (the response-deadline page)."""

    in_time: int = 0  # answered before the deadline
    late: int = 0  # answered after it
    overdue: int = 0  # not answered, deadline passed
    waiting: int = 0  # not answered, deadline ahead


@dataclass
class _Responses:
    """The response figures as of every day, from one row per idea (see `_responses`)."""

    in_time: list[tuple[date, float]] = field(default_factory=list)
    median: list[tuple[date, float]] = field(default_factory=list)
    now: ResponseCounts | None = None


class _RunningMedian:
    def __init__(self) -> None:
        self.low: list[float] = []  # a max-heap (negated)
        self.high: list[float] = []

    def add(self, value: float) -> None:
        if self.low and value > -self.low[0]:
            heapq.heappush(self.high, value)
        else:
            heapq.heappush(self.low, -value)
        if len(self.low) > len(self.high) + 1:
            heapq.heappush(self.high, -heapq.heappop(self.low))
        elif len(self.high) > len(self.low):
            heapq.heappush(self.low, -heapq.heappop(self.high))

    def value(self) -> float | None:
        if not self.low:
            return None
        if len(self.low) > len(self.high):
            return -self.low[0]
        return (-self.low[0] + self.high[0]) / 2


def _responses(consultation: Consultation, now: datetime, start: date, end: date) -> _Responses:
    """Share answered in time and median response time, as of the end of each day.

    As the response-deadline page counts them: an answer is in time or late as recorded
    when it was given (`Idea.responded_in_time`); an idea still awaiting its response
    (listed, status new) is overdue once its deadline has passed. An idea answered late
    was overdue from its deadline until its answer. The share is in time / (answered +
    overdue). One query; the deadlines are worked out here from the phases' dates.
    """
    rows = db.session.execute(
        select(Idea.phase_id, Idea.created_at, Idea.responded_at, Idea.responded_in_time, Idea.status,
               Idea.hidden_at, Idea.merged_into_id)
        .where(Idea.consultation_id == consultation.id)
        .where(or_(Idea.responded_at.is_not(None), Idea.status == IdeaStatus.NEW))
    ).all()
    phases = {phase.id: phase for phase in consultation.phases}
    # Events per local day: (+in time, +late, ±overdue) and the response times answered.
    counts: dict[date, list[int]] = defaultdict(lambda: [0, 0, 0])
    answered_days: dict[date, list[float]] = defaultdict(list)
    waiting = 0
    for phase_id, created_at, responded_at, in_time, status, hidden_at, merged_into_id in rows:
        due_at = consultation.response_deadline(phases.get(phase_id), created_at)
        if responded_at is None and status == IdeaStatus.NEW and hidden_at is None and merged_into_id is None:
            waiting += due_at > now
        if responded_at is not None and in_time is not None:
            day = local_day(responded_at)
            counts[day][0 if in_time else 1] += 1
            answered_days[day].append((responded_at - created_at).total_seconds() / 86400)
            if not in_time and due_at < responded_at:
                counts[local_day(due_at)][2] += 1
                counts[day][2] -= 1
        elif status == IdeaStatus.NEW and hidden_at is None and merged_into_id is None and due_at <= now:
            counts[local_day(due_at)][2] += 1
    result = _Responses()
    in_time = late = overdue = 0
    median = _RunningMedian()
    days = sorted(set(counts) | set(answered_days))
    taken = 0
    day = start
    while day <= end:
        # Everything up to this day; on the last day also whatever came after it.
        while taken < len(days) and (days[taken] <= day or day == end):
            c = counts[days[taken]]
            in_time, late, overdue = in_time + c[0], late + c[1], overdue + c[2]
            for duration in answered_days[days[taken]]:
                median.add(duration)
            taken += 1
        due = in_time + late + overdue
        if due:
            result.in_time.append((day, round(100 * in_time / due, 1)))
        if (m := median.value()) is not None:
            result.median.append((day, round(m, 1)))
        day += timedelta(days=1)
    result.now = ResponseCounts(in_time, late, overdue, waiting)
    return result


def count_figures(consultation: Consultation, now: datetime) -> Figures:
    """Count every KPI of a consultation, now and per day: a fixed number of queries."""
    start, end = days_covered(consultation, now)
    since, until = consultation.created_at, now
    listed = _listed(consultation)

    def by_day(made_at, statement):
        day = local_date(made_at, since=since, until=until)
        return day, statement.add_columns(day, func.count())

    ideas = _per_day(by_day(Idea.created_at, select().select_from(Idea).where(listed)))
    comments = _per_day(
        by_day(
            Comment.created_at,
            select().select_from(Comment).join(Idea, Idea.id == Comment.idea_id)
            .where(listed, Comment.deleted_at.is_(None), Comment.hidden_at.is_(None)),
        ),
    )
    supports = _per_day(
        by_day(Support.created_at, select().select_from(Support).join(Idea, Idea.id == Support.idea_id).where(listed)),
    )
    # Each person's first contribution, and whether their account was made while open.
    contributions = union_all(
        select(Idea.author_id.label("person"), Idea.created_at.label("at")).where(listed),
        select(Comment.author_id, Comment.created_at).join(Idea, Idea.id == Comment.idea_id)
        .where(listed, Comment.deleted_at.is_(None), Comment.hidden_at.is_(None)),
        select(Support.user_id, Support.created_at).join(Idea, Idea.id == Support.idea_id).where(listed),
    ).subquery()
    first = (
        select(contributions.c.person, func.min(contributions.c.at).label("first_at"))
        .where(contributions.c.person.is_not(None))
        .group_by(contributions.c.person)
        .subquery()
    )
    first_day = local_date(first.c.first_at, since=since, until=until)
    opened, closed = consultation.opens_at or consultation.created_at, consultation.closes_at or now
    new_account = and_(User.created_at >= opened, User.created_at < closed)
    people: dict[date, int] = {}
    newcomers: dict[date, int] = {}
    for day, total, new in db.session.execute(
        select(first_day, func.count(), func.coalesce(func.sum(case((new_account, 1), else_=0)), 0))
        .select_from(first)
        .join(User, User.id == first.c.person)
        .group_by(first_day)
    ).all():
        people[day] = int(total)
        newcomers[day] = int(new or 0)
    accepted_day = local_date(Invitation.accepted_at, since=since, until=until)
    invitations = {
        d: int(n)
        for d, n in db.session.execute(
            select(accepted_day, func.count())
            .where(Invitation.consultation_id == consultation.id, Invitation.status == InvitationStatus.ACCEPTED)
            .group_by(accepted_day)
        ).all()
        if d is not None
    }
    responses = _responses(consultation, now, start, end)
    readings = {
        kpis.PARTICIPANTS: _counting(people, start, end),
        kpis.NEW_PARTICIPANTS: _counting(newcomers, start, end),
        kpis.IDEAS: _counting(ideas, start, end),
        kpis.SUPPORTS: _counting(supports, start, end),
        kpis.COMMENTS: _counting(comments, start, end),
        kpis.RESPONDED_IN_TIME: Reading(responses.in_time[-1][1] if responses.in_time else None, responses.in_time),
        kpis.MEDIAN_RESPONSE_DAYS: Reading(responses.median[-1][1] if responses.median else None, responses.median),
        kpis.INVITATIONS_ACCEPTED: _counting(invitations, start, end),
    }
    for key, number in zip(RESPONSE_KEYS, (responses.now.in_time, responses.now.late, responses.now.overdue,
                                           responses.now.waiting)):
        readings[key] = Reading(float(number), [(end, float(number))])
    for kpi in kpis.all_kpis():
        if kpi.count is not None:
            readings[kpi.key] = kpi.count(consultation, now)
    return Figures(readings, start, end, now, live=True)


def stored_figures(consultation: Consultation, now: datetime) -> Figures:
    """What was last counted and stored for the consultation: two queries."""
    start, end = days_covered(consultation, now)
    counted_at = db.session.scalar(
        select(KpiCount.counted_at).where(KpiCount.consultation_id == consultation.id)
    )
    series: dict[str, list[tuple[date, float]]] = defaultdict(list)
    if counted_at is not None:
        for key, day, value in db.session.execute(
            select(KpiDaily.kpi, KpiDaily.day, KpiDaily.value)
            .where(KpiDaily.consultation_id == consultation.id)
            .order_by(KpiDaily.kpi, KpiDaily.day)
        ).all():
            series[key].append((day, value))
    readings = {key: Reading(points[-1][1], points) for key, points in series.items()}
    if counted_at is not None:
        for kpi in kpis.all_kpis():
            # Counted, but nothing to measure (no response yet, say): no value, not zero.
            readings.setdefault(kpi.key, Reading(None))
    return Figures(readings, start, end, counted_at, live=False)


def figures(consultation: Consultation, now: datetime) -> Figures:
    """Counted now for a consultation up to LIVE_UP_TO_IDEAS listed ideas, else as stored."""
    if consultation.idea_count <= LIVE_UP_TO_IDEAS:
        return count_figures(consultation, now)
    return stored_figures(consultation, now)


def to_count(now: datetime) -> list[Consultation]:
    """Consultations the periodic refresh counts: published ones that have opened and are
    still open, or have closed since they were last counted (a last count, then frozen)."""
    counted = select(KpiCount.counted_at).where(KpiCount.consultation_id == Consultation.id).scalar_subquery()
    return list(
        db.session.scalars(
            select(Consultation)
            .where(Consultation.status == PublicationStatus.PUBLISHED, Consultation.opens_at <= now)
            .where(or_(Consultation.closes_at.is_(None), Consultation.closes_at > now,
                       counted.is_(None), counted < Consultation.closes_at))
            .order_by(Consultation.id)
        )
    )


@dataclass(frozen=True)
class StoredParticipation:
    """The consultation page's participation chart drawn from the stored figures (what
    `charts.participation_chart` takes; see consultations.queries.participation)."""

    counts: dict[str, dict[date, int]]  # per kind: new per week (its Monday)
    people: int
    first_day: date
    last_day: date
    counted_at: datetime
    refreshed_every: timedelta


def stored_participation(consultation: Consultation, now: datetime) -> StoredParticipation | None:
    """None before the consultation opens, or while it has not been counted yet."""
    if consultation.opens_at is None or now < consultation.opens_at:
        return None
    counted = stored_figures(consultation, now)
    if counted.counted_at is None:
        return None
    counts: dict[str, dict[date, int]] = {}
    for kind, key in (("ideas", kpis.IDEAS), ("comments", kpis.COMMENTS), ("supports", kpis.SUPPORTS)):
        per_week: dict[date, int] = {}
        previous = 0.0
        for day, total in counted.reading(key).series:
            if total != previous:
                monday = day - timedelta(days=day.weekday())
                per_week[monday] = per_week.get(monday, 0) + int(total - previous)
            previous = total
        counts[kind] = per_week
    people = int(counted.value(kpis.PARTICIPANTS) or 0)
    return StoredParticipation(counts, people, counted.first_day, counted.last_day, counted.counted_at, REFRESH_EVERY)


# --- goals and targets ------------------------------------------------------------------


def goal(consultation: Consultation) -> Goal | None:
    return db.session.get(Goal, consultation.id)


def targets(consultation: Consultation) -> dict[str, KpiTarget]:
    return {
        t.kpi: t
        for t in db.session.scalars(select(KpiTarget).where(KpiTarget.consultation_id == consultation.id))
    }


@dataclass(frozen=True)
class KpiLine:
    """One KPI on the dashboard or the accountability page."""

    kpi: Kpi
    reading: Reading
    target: KpiTarget | None
    due: date | None  # by when the target counts (its own date, the goal's, or the last day)
    assessment: kpis.Assessment | None  # None without a target

    @property
    def value(self) -> float | None:
        return self.reading.value


def kpi_lines(consultation: Consultation, counted: Figures, goal_: Goal | None,
              targets_: dict[str, KpiTarget], today: date) -> list[KpiLine]:
    """Every registered KPI with its value, target and how it stands. No queries."""
    fallback = (goal_.achieve_by if goal_ and goal_.achieve_by else None) or counted.last_day
    if consultation.closes_at is not None and fallback is counted.last_day:
        fallback = last_local_day(consultation.closes_at)
    lines = []
    for kpi in kpis.all_kpis():
        reading = counted.reading(kpi.key)
        target = targets_.get(kpi.key)
        due = kpis.due_date(kpi, target.due_on, fallback) if target else None
        assessment = (
            kpis.assess(kpi, reading.value, target.target, due, counted.first_day, today) if target else None
        )
        lines.append(KpiLine(kpi, reading, target, due, assessment))
    return lines


def _latest_stored(ids: list[int]) -> dict[int, dict[str, float]]:
    """The last stored value of every KPI of these consultations: one query."""
    last = (
        select(KpiDaily.consultation_id, KpiDaily.kpi, func.max(KpiDaily.day).label("day"))
        .where(KpiDaily.consultation_id.in_(ids))
        .group_by(KpiDaily.consultation_id, KpiDaily.kpi)
        .subquery()
    )
    values: dict[int, dict[str, float]] = defaultdict(dict)
    for consultation_id, key, value in db.session.execute(
        select(KpiDaily.consultation_id, KpiDaily.kpi, KpiDaily.value).join(
            last,
            and_(KpiDaily.consultation_id == last.c.consultation_id, KpiDaily.kpi == last.c.kpi,
                 KpiDaily.day == last.c.day),
        )
    ).all():
        values[consultation_id][key] = value
    return values


def behind_target(consultations: list[Consultation], now: datetime) -> dict[int, list[KpiLine]]:
    """Per consultation (by id): its KPIs with a target that are behind schedule today.

    For worklists over many consultations: four queries for all of them together, from
    the figures last stored (`flask measure refresh` keeps them within minutes). A small
    consultation that was never counted is counted here; a large one is left out until
    it has been. Only open consultations: before one opens nothing can be behind, after
    it closes there is nothing left to catch up."""
    ids = [c.id for c in consultations if c.is_published and c.state(now) == ConsultationState.OPEN]
    if not ids:
        return {}
    by_consultation: dict[int, dict[str, KpiTarget]] = defaultdict(dict)
    for t in db.session.scalars(select(KpiTarget).where(KpiTarget.consultation_id.in_(ids))):
        by_consultation[t.consultation_id][t.kpi] = t
    with_targets = [c for c in consultations if by_consultation.get(c.id)]
    if not with_targets:
        return {}
    target_ids = [c.id for c in with_targets]
    goals = {g.consultation_id: g for g in db.session.scalars(select(Goal).where(Goal.consultation_id.in_(target_ids)))}
    counted_at = dict(db.session.execute(
        select(KpiCount.consultation_id, KpiCount.counted_at).where(KpiCount.consultation_id.in_(target_ids))
    ).all())
    stored = _latest_stored(list(counted_at))
    today = local_day(now)
    result: dict[int, list[KpiLine]] = {}
    for consultation in with_targets:
        if consultation.id in counted_at:
            start, end = days_covered(consultation, now)
            readings = {key: Reading(value) for key, value in stored.get(consultation.id, {}).items()}
            counted = Figures(readings, start, end, counted_at[consultation.id], live=False)
        elif consultation.idea_count <= LIVE_UP_TO_IDEAS:
            counted = count_figures(consultation, now)
        else:
            continue
        lines = kpi_lines(consultation, counted, goals.get(consultation.id), by_consultation[consultation.id], today)
        behind = [line for line in lines if line.assessment and line.assessment.behind]
        if behind:
            result[consultation.id] = behind
    return result
