"""Reads for responses, deadlines, outcomes and progress. Each page costs a fixed number
of queries, whatever the number of ideas.

Response deadlines are not stored: they are derived from the phases' current dates (see
`Consultation.response_deadline`), so moving a phase or changing the number of days moves
every deadline with it and nothing has to be kept in step — also not for ideas that other
code paths (seeding, imports, merges) write. The SQL below never does date arithmetic per
row: a consultation has a handful of phases, so Python works out which phases' ideas are
past due, and one cut-off instant for the rare idea without a phase.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from cocreatie import db
from cocreatie.models import (
    Consultation,
    Idea,
    IdeaStatus,
    IdeaStatusChange,
    ImplementationUpdate,
    Outcome,
    OutcomeDecision,
    Phase,
    PublicationStatus,
)
from cocreatie.models.feedback import DECISIONS
from cocreatie.pagination import Page
from cocreatie.search import matching_ideas
from cocreatie.timezones import last_local_day, local_day, start_of_local_day

# --- response deadlines -----------------------------------------------------------


def _past_deadline(consultation: Consultation, now: datetime):
    """SQL condition: the idea's response deadline has passed at `now`."""
    overdue_phases = [
        phase.id for phase in consultation.phases
        if consultation.response_deadline(phase, phase.ends_at) <= now
    ]
    # Without a phase the deadline is the end of the day `response_days` after submission:
    # passed for everything submitted before the start of that many days ago.
    cutoff = start_of_local_day(local_day(now) - timedelta(days=consultation.response_days))
    return or_(
        Idea.phase_id.in_(overdue_phases),
        and_(Idea.phase_id.is_(None), Idea.created_at < cutoff),
    )


def _listed():
    """Hidden and merged ideas (moderation) are answered where they went, not on their own."""
    return and_(Idea.hidden_at.is_(None), Idea.merged_into_id.is_(None))


def _awaiting(consultation: Consultation):
    return and_(Idea.consultation_id == consultation.id, Idea.status == IdeaStatus.NEW, _listed())


@dataclass
class ResponseOverview:
    """How well a consultation keeps its promise to answer every idea in time."""

    in_time: int  # answered before the deadline
    late: int  # answered, but after the deadline
    overdue: int  # not answered, deadline passed
    waiting: int  # not answered, deadline still ahead

    @property
    def answered(self) -> int:
        return self.in_time + self.late

    @property
    def total(self) -> int:
        return self.answered + self.overdue + self.waiting


def response_overview(consultation: Consultation, now: datetime) -> ResponseOverview:
    """One aggregate query over the consultation's ideas."""

    def how_many(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    awaiting = and_(Idea.status == IdeaStatus.NEW, _listed())
    past = _past_deadline(consultation, now)
    row = db.session.execute(
        select(
            how_many(Idea.responded_in_time.is_(True)),
            how_many(Idea.responded_in_time.is_(False)),
            how_many(and_(awaiting, past)),
            how_many(and_(awaiting, ~past)),
        ).where(Idea.consultation_id == consultation.id)
    ).one()
    return ResponseOverview(*(int(n) for n in row))


@dataclass
class OverdueIdea:
    idea: Idea
    due_at: datetime  # exclusive
    last_day: date  # the last local day on which the response was due
    days_overdue: int


def overdue_ideas(
    consultation: Consultation, now: datetime, page: int, per_page: int, total: int
) -> Page[OverdueIdea]:
    """Ideas still awaiting their response after the deadline, the oldest deadline first.

    `total` comes from `response_overview`, so paging costs no second count. Ordering by
    the phase's end (or the submission time without a phase) is ordering by deadline:
    the deadline grows with it.
    """
    result: Page[OverdueIdea] = Page(items=[], number=page, per_page=per_page, total=total)
    result.number = min(page, result.pages)
    rows = db.session.execute(
        select(Idea)
        .outerjoin(Phase, Phase.id == Idea.phase_id)
        .where(_awaiting(consultation), _past_deadline(consultation, now))
        .order_by(func.coalesce(Phase.ends_at, Idea.created_at), Idea.id)
        .limit(per_page)
        .offset(result.offset)
    ).scalars()
    phases = {phase.id: phase for phase in consultation.phases}
    today = local_day(now)
    for idea in rows:
        due_at = consultation.response_deadline(phases.get(idea.phase_id), idea.created_at)
        last_day = last_local_day(due_at)
        result.items.append(OverdueIdea(idea, due_at, last_day, (today - last_day).days))
    return result


# --- the idea page ----------------------------------------------------------------


@dataclass
class IdeaFeedback:
    responses: list[IdeaStatusChange]  # newest first
    updates: list[ImplementationUpdate]  # newest first

    @property
    def current(self) -> IdeaStatusChange | None:
        return self.responses[0] if self.responses else None

    @property
    def earlier(self) -> list[IdeaStatusChange]:
        return self.responses[1:]

    @property
    def outcomes(self) -> list[Outcome]:
        """The published outcomes that decided on this idea (publishing records a response)."""
        return [r.outcome for r in self.responses if r.outcome is not None]


def idea_feedback(idea: Idea) -> IdeaFeedback:
    """What the government said about an idea: no query while it awaits its first response
    (responses and progress updates only follow a response), two afterwards."""
    if idea.responded_at is None:
        return IdeaFeedback([], [])
    responses = list(
        db.session.scalars(
            select(IdeaStatusChange)
            .options(joinedload(IdeaStatusChange.actor), joinedload(IdeaStatusChange.outcome))
            .where(IdeaStatusChange.idea_id == idea.id)
            .order_by(IdeaStatusChange.created_at.desc(), IdeaStatusChange.id.desc())
        )
    )
    updates = list(
        db.session.scalars(
            select(ImplementationUpdate)
            .options(joinedload(ImplementationUpdate.author), joinedload(ImplementationUpdate.milestones))
            .where(ImplementationUpdate.idea_id == idea.id)
            .order_by(ImplementationUpdate.created_at.desc(), ImplementationUpdate.id.desc())
        ).unique()
    )
    return IdeaFeedback(responses, updates)


def latest_update(idea: Idea) -> ImplementationUpdate | None:
    return db.session.scalar(
        select(ImplementationUpdate)
        .options(selectinload(ImplementationUpdate.milestones))
        .where(ImplementationUpdate.idea_id == idea.id)
        .order_by(ImplementationUpdate.created_at.desc(), ImplementationUpdate.id.desc())
        .limit(1)
    )


# --- outcomes ---------------------------------------------------------------------

# A consultation has a handful of outcomes (one per phase at most, in practice).
MAX_OUTCOMES = 50


def get_outcome(consultation: Consultation, outcome_id: int) -> Outcome | None:
    """Only an outcome of this consultation: an id from another one is not found."""
    return db.session.scalar(
        select(Outcome)
        .options(joinedload(Outcome.published_by))
        .where(Outcome.id == outcome_id, Outcome.consultation_id == consultation.id)
    )


def consultation_outcomes(consultation: Consultation, drafts: bool = False) -> list[Outcome]:
    """Published outcomes, newest first; with `drafts`, the drafts come first."""
    statement = select(Outcome).where(Outcome.consultation_id == consultation.id)
    if not drafts:
        statement = statement.where(Outcome.status == PublicationStatus.PUBLISHED)
    statement = statement.order_by(
        case((Outcome.status == PublicationStatus.DRAFT, 0), else_=1),
        Outcome.published_at.desc(),
        Outcome.id.desc(),
    )
    return list(db.session.scalars(statement.limit(MAX_OUTCOMES)))


# Decisions are listed in the order of the statuses, so the page reads "adopted: …,
# partly adopted: …, not adopted: …".
_DECISION_ORDER = case({status: n for n, status in enumerate(IdeaStatus)}, value=OutcomeDecision.decision)


def decision_tally(outcome: Outcome) -> list[tuple[IdeaStatus, int]]:
    counts = dict(
        db.session.execute(
            select(OutcomeDecision.decision, func.count())
            .where(OutcomeDecision.outcome_id == outcome.id)
            .group_by(OutcomeDecision.decision)
        ).all()
    )
    return [(status, counts[status]) for status in DECISIONS if counts.get(status)]


def outcome_decisions(outcome: Outcome, page: int, per_page: int) -> Page[OutcomeDecision]:
    """A page of decisions with their ideas; the total is the stored decision count."""
    result: Page[OutcomeDecision] = Page(items=[], number=page, per_page=per_page, total=outcome.decision_count)
    result.number = min(page, result.pages)
    result.items = list(
        db.session.scalars(
            select(OutcomeDecision)
            .options(joinedload(OutcomeDecision.idea))
            .where(OutcomeDecision.outcome_id == outcome.id)
            .order_by(_DECISION_ORDER, OutcomeDecision.idea_id)
            .limit(per_page)
            .offset(result.offset)
        )
    )
    return result


def get_decision(outcome: Outcome, idea_id: int) -> OutcomeDecision | None:
    return db.session.scalar(
        select(OutcomeDecision).where(OutcomeDecision.outcome_id == outcome.id, OutcomeDecision.idea_id == idea_id)
    )


def get_idea_in(consultation: Consultation, idea_id: int) -> Idea | None:
    return db.session.scalar(select(Idea).where(Idea.id == idea_id, Idea.consultation_id == consultation.id))


@dataclass(frozen=True)
class IdeaFilter:
    """The outcome builder's idea picker: words to search for, an official status and a
    phase. The route fills it from an allow-list (a status of IdeaStatus, a phase of the
    consultation); anything else is left empty and filters nothing."""

    words: str = ""
    status: IdeaStatus | None = None
    phase_id: int | None = None

    @property
    def active(self) -> bool:
        return bool(self.words or self.status or self.phase_id)


def undecided_ideas(outcome: Outcome, page: int, per_page: int, chosen: IdeaFilter = IdeaFilter()) -> Page[Idea]:
    """Ideas of the consultation this outcome does not decide on yet, as filtered: those
    awaiting a response first, then the most supported."""
    decided = select(OutcomeDecision.idea_id).where(OutcomeDecision.outcome_id == outcome.id)
    statement = select(Idea).where(Idea.consultation_id == outcome.consultation_id, _listed(), Idea.id.not_in(decided))
    if chosen.status is not None:
        statement = statement.where(Idea.status == chosen.status)
    if chosen.phase_id is not None:
        statement = statement.where(Idea.phase_id == chosen.phase_id)
    if chosen.words.strip():
        statement = matching_ideas(statement, chosen.words)
    total = db.session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    result: Page[Idea] = Page(items=[], number=page, per_page=per_page, total=total)
    result.number = min(page, result.pages)
    result.items = list(
        db.session.scalars(
            statement
            .order_by(case((Idea.status == IdeaStatus.NEW, 0), else_=1), Idea.support_count.desc(), Idea.id.desc())
            .limit(per_page)
            .offset(result.offset)
        )
    )
    return result


def published_outcomes(consultation: Consultation) -> list[Outcome]:
    """For the consultation page: no query until the first outcome is published."""
    if not consultation.outcome_count:
        return []
    return consultation_outcomes(consultation, drafts=False)


# --- the staff worklist ("Mijn werk") ------------------------------------------------

# How many ideas awaiting a response the worklist shows per consultation; the rest are a
# link away (the response deadlines page).
WORKLIST_IDEAS = 5


@dataclass
class AwaitingIdea:
    idea: Idea
    last_day: date  # the last local day on which the response is due
    days_left: int  # negative: this many days overdue

    @property
    def is_overdue(self) -> bool:
        return self.days_left < 0


@dataclass
class Awaiting:
    """A consultation's ideas awaiting their official response, for the worklist."""

    overdue: int = 0
    waiting: int = 0  # deadline still ahead
    first: list[AwaitingIdea] | None = None  # the first WORKLIST_IDEAS by deadline, overdue first

    @property
    def total(self) -> int:
        return self.overdue + self.waiting


def awaiting_by_consultation(
    consultations: list[Consultation], now: datetime, per_consultation: int = WORKLIST_IDEAS
) -> dict[int, Awaiting]:
    """For each consultation: how many ideas await a response (overdue and not) and the
    first few by deadline. Two queries however many consultations: one aggregate, one
    window query that ranks each consultation's ideas by deadline. Within a consultation
    the deadline grows with the end of the idea's phase (or its submission time without a
    phase), so ranking by that is ranking by deadline, overdue first."""
    result: dict[int, Awaiting] = {c.id: Awaiting(first=[]) for c in consultations}
    if not consultations:
        return result
    ids = [c.id for c in consultations]
    awaiting = and_(Idea.consultation_id.in_(ids), Idea.status == IdeaStatus.NEW, _listed())
    past = or_(*(and_(Idea.consultation_id == c.id, _past_deadline(c, now)) for c in consultations))
    for consultation_id, overdue, total in db.session.execute(
        select(Idea.consultation_id, func.coalesce(func.sum(case((past, 1), else_=0)), 0), func.count())
        .where(awaiting)
        .group_by(Idea.consultation_id)
    ):
        result[consultation_id].overdue = int(overdue)
        result[consultation_id].waiting = int(total) - int(overdue)
    if not any(r.total for r in result.values()):
        return result
    rank = func.row_number().over(
        partition_by=Idea.consultation_id, order_by=(func.coalesce(Phase.ends_at, Idea.created_at), Idea.id)
    ).label("rank")
    ranked = select(Idea.id, rank).outerjoin(Phase, Phase.id == Idea.phase_id).where(awaiting).subquery()
    by_id = {c.id: c for c in consultations}
    today = local_day(now)
    for idea in db.session.scalars(
        select(Idea)
        .join(ranked, ranked.c.id == Idea.id)
        .where(ranked.c.rank <= per_consultation)
        .order_by(Idea.consultation_id, ranked.c.rank)
    ):
        consultation = by_id[idea.consultation_id]
        phase = next((p for p in consultation.phases if p.id == idea.phase_id), None)
        last_day = last_local_day(consultation.response_deadline(phase, idea.created_at))
        result[idea.consultation_id].first.append(AwaitingIdea(idea, last_day, (last_day - today).days))
    return result


def draft_outcomes(consultation_ids: list[int]) -> dict[int, list[Outcome]]:
    """The outcome drafts of these consultations, oldest first: one query."""
    drafts: dict[int, list[Outcome]] = {cid: [] for cid in consultation_ids}
    if consultation_ids:
        for outcome in db.session.scalars(
            select(Outcome)
            .where(Outcome.consultation_id.in_(consultation_ids), Outcome.status == PublicationStatus.DRAFT)
            .order_by(Outcome.created_at, Outcome.id)
            .limit(MAX_OUTCOMES * 4)
        ):
            drafts[outcome.consultation_id].append(outcome)
    return drafts


def decision_page(outcome: Outcome, idea_id: int, per_page: int) -> int:
    """The page of the outcome's decisions on which this idea's decision is listed (1 if
    it has none): for links to ``#idee-N`` from notifications. One query."""
    row = db.session.execute(
        select(OutcomeDecision.decision, OutcomeDecision.idea_id)
        .where(OutcomeDecision.outcome_id == outcome.id, OutcomeDecision.idea_id == idea_id)
    ).first()
    if row is None:
        return 1
    order = list(IdeaStatus)  # the order of _DECISION_ORDER
    earlier = order[: order.index(row.decision)]
    before = db.session.scalar(
        select(func.count())
        .select_from(OutcomeDecision)
        .where(
            OutcomeDecision.outcome_id == outcome.id,
            or_(
                OutcomeDecision.decision.in_(earlier),
                and_(OutcomeDecision.decision == row.decision, OutcomeDecision.idea_id < idea_id),
            ),
        )
    ) or 0
    return before // per_page + 1
