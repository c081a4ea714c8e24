"""Write use-cases for official responses, outcomes and implementation updates.

Each one checks its policy, lets the models guard their own transitions, writes an audit
entry and tells the notifications, all in the caller's transaction: flush, never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from cocreatie import audit, db, policies, signals
from cocreatie.errors import Conflict, DomainError, InvalidTransition, NotAllowed
from cocreatie.labels import IDEA_STATUS_LABELS
from cocreatie.models import (
    Consultation,
    Idea,
    IdeaStatus,
    IdeaStatusChange,
    ImplementationMilestone,
    ImplementationUpdate,
    Outcome,
    OutcomeDecision,
    Phase,
    User,
)
from cocreatie.models.feedback import DECISIONS
from cocreatie.text import render_markdown


@dataclass
class OutcomeData:
    title: str
    body: str
    phase: Phase | None


@dataclass
class MilestoneData:
    title: str
    planned_on: date
    done: bool


# --- response deadline ------------------------------------------------------------


def set_response_days(user: User, consultation: Consultation, days: int, now: datetime) -> None:
    if not policies.can_manage_consultation(user, consultation):
        raise NotAllowed()
    before = consultation.response_days
    consultation.response_days = days
    audit.record(
        user, "feedback.set_response_days", f"consultation {consultation.id}", now,
        consultation_id=consultation.id, before={"response_days": before}, after={"response_days": days},
    )


# --- official responses -----------------------------------------------------------


def _lock(row: Idea | Outcome) -> None:
    """Re-read a row under a lock, so two owners acting at the same moment see each
    other's result (SQLite already serialises writing requests). The lock is taken on the
    bare row: a refresh would repeat the eager joins it was loaded with, and PostgreSQL
    cannot lock the nullable side of an outer join."""
    entity = type(row)
    db.session.execute(select(entity.id).where(entity.id == row.id).with_for_update())
    db.session.refresh(row)


def _cannot_move(idea: Idea, status: IdeaStatus) -> InvalidTransition:
    return InvalidTransition(
        _("An idea with the status “%(current)s” cannot get the status “%(new)s”.",
          current=IDEA_STATUS_LABELS[idea.status], new=IDEA_STATUS_LABELS[status]),
        field="status",
    )


def _record_response(
    idea: Idea, actor: User, status: IdeaStatus, text: str, html: str, role: str, now: datetime,
    outcome: Outcome | None = None,
) -> IdeaStatusChange:
    previous = idea.respond(status, now)
    change = IdeaStatusChange(
        idea_id=idea.id,
        actor_id=actor.id,
        outcome_id=outcome.id if outcome else None,
        from_status=previous,
        to_status=status,
        body=text,
        body_html=html,
        responder_role=role,
        created_at=now,
    )
    db.session.add(change)
    return change


def respond_to_idea(
    user: User, idea: Idea, status: IdeaStatus, text: str, now: datetime, responder_role: str = ""
) -> IdeaStatusChange:
    if not policies.can_respond_to_idea(user, idea):
        raise NotAllowed(_("You cannot respond to this idea."))
    _lock(idea)
    if not idea.can_move_to(status):
        raise _cannot_move(idea, status)
    before = {"status": idea.status}
    text = text.strip()
    change = _record_response(idea, user, status, text, render_markdown(text), responder_role.strip(), now)
    db.session.flush()
    audit.record(
        user, "feedback.respond_to_idea", f"idea {idea.id}", now, consultation_id=idea.consultation_id,
        before=before, after={"status": status, "text": text, "responder_role": change.responder_role},
    )
    signals.idea_response_given.send(idea, actor=user, now=now)
    return change


# --- outcomes ---------------------------------------------------------------------


def _may_prepare(user: User, outcome_or_consultation: Outcome | Consultation) -> None:
    consultation = (
        outcome_or_consultation.consultation
        if isinstance(outcome_or_consultation, Outcome)
        else outcome_or_consultation
    )
    if not policies.can_publish_outcome(user, consultation):
        raise NotAllowed()


def _draft(outcome: Outcome) -> None:
    try:
        outcome.ensure_draft()
    except InvalidTransition:
        raise InvalidTransition(_("This outcome has been published and can no longer be changed.")) from None


def _snapshot(outcome: Outcome) -> dict:
    return {"title": outcome.title, "body": outcome.body, "phase_id": outcome.phase_id}


def _apply(outcome: Outcome, data: OutcomeData) -> None:
    if data.phase is not None and data.phase.consultation_id != outcome.consultation_id:
        raise DomainError(_("Choose a phase of this consultation."), field="phase")
    outcome.title = data.title.strip()
    outcome.body = data.body
    outcome.body_html = render_markdown(data.body)
    outcome.phase_id = data.phase.id if data.phase else None


def create_outcome(user: User, consultation: Consultation, data: OutcomeData, now: datetime) -> Outcome:
    _may_prepare(user, consultation)
    outcome = Outcome(consultation_id=consultation.id, created_by_id=user.id, created_at=now)
    _apply(outcome, data)
    db.session.add(outcome)
    db.session.flush()
    audit.record(
        user, "feedback.create_outcome", f"outcome {outcome.id}", now,
        consultation_id=consultation.id, after=_snapshot(outcome),
    )
    return outcome


def edit_outcome(user: User, outcome: Outcome, data: OutcomeData, now: datetime) -> None:
    _may_prepare(user, outcome)
    _draft(outcome)
    before = _snapshot(outcome)
    _apply(outcome, data)
    outcome.updated_at = now
    audit.record(
        user, "feedback.edit_outcome", f"outcome {outcome.id}", now,
        consultation_id=outcome.consultation_id, before=before, after=_snapshot(outcome),
    )


def delete_outcome(user: User, outcome: Outcome, now: datetime) -> None:
    """Only a draft: a published outcome is part of the public record."""
    _may_prepare(user, outcome)
    _draft(outcome)
    audit.record(
        user, "feedback.delete_outcome", f"outcome {outcome.id}", now,
        consultation_id=outcome.consultation_id, before=_snapshot(outcome),
    )
    db.session.delete(outcome)


def _check_decision(outcome: Outcome, idea: Idea, decision: IdeaStatus) -> None:
    if idea.consultation_id != outcome.consultation_id:
        raise NotAllowed()
    if decision not in DECISIONS:
        raise DomainError(_("Choose a decision."), field="decision")


def _count_decisions(outcome: Outcome, delta: int) -> None:
    db.session.execute(
        update(Outcome).where(Outcome.id == outcome.id).values(decision_count=Outcome.decision_count + delta)
    )
    db.session.expire(outcome, ["decision_count"])


def add_decision(
    user: User, outcome: Outcome, idea: Idea, decision: IdeaStatus, rationale: str, now: datetime
) -> OutcomeDecision:
    _may_prepare(user, outcome)
    _draft(outcome)
    _check_decision(outcome, idea, decision)
    rationale = rationale.strip()
    row = OutcomeDecision(
        outcome_id=outcome.id, idea_id=idea.id, decision=decision,
        rationale=rationale, rationale_html=render_markdown(rationale), created_at=now,
    )
    # The unique constraint decides, not a look-up first: two owners may add at once.
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        raise Conflict(_("This idea already has a decision in this outcome.")) from None
    _count_decisions(outcome, +1)
    audit.record(
        user, "feedback.add_decision", f"outcome {outcome.id}", now, consultation_id=outcome.consultation_id,
        after={"idea_id": idea.id, "decision": decision, "rationale": rationale},
    )
    return row


def change_decision(
    user: User, row: OutcomeDecision, decision: IdeaStatus, rationale: str, now: datetime
) -> None:
    outcome = row.outcome
    _may_prepare(user, outcome)
    _draft(outcome)
    _check_decision(outcome, row.idea, decision)
    before = {"idea_id": row.idea_id, "decision": row.decision, "rationale": row.rationale}
    row.decide(decision)
    row.rationale = rationale.strip()
    row.rationale_html = render_markdown(row.rationale)
    row.updated_at = now
    audit.record(
        user, "feedback.change_decision", f"outcome {outcome.id}", now, consultation_id=outcome.consultation_id,
        before=before, after={"idea_id": row.idea_id, "decision": decision, "rationale": row.rationale},
    )


def remove_decision(user: User, row: OutcomeDecision, now: datetime) -> None:
    outcome = row.outcome
    _may_prepare(user, outcome)
    _draft(outcome)
    audit.record(
        user, "feedback.remove_decision", f"outcome {outcome.id}", now, consultation_id=outcome.consultation_id,
        before={"idea_id": row.idea_id, "decision": row.decision, "rationale": row.rationale},
    )
    db.session.delete(row)
    db.session.flush()
    _count_decisions(outcome, -1)


def publish_outcome(user: User, outcome: Outcome, now: datetime) -> list[int]:
    """Publish, and make each decision the covered idea's official status, recorded in its
    history with the rationale as the response. Returns the ids of the covered ideas.

    Publishing always sets the statuses: an idea that an outcome adopted must not still
    read "awaiting response", nor contradict the outcome. Either every decision can be
    applied or nothing is published.
    """
    _may_prepare(user, outcome)
    _lock(outcome)
    _draft(outcome)
    covered = select(OutcomeDecision.idea_id).where(OutcomeDecision.outcome_id == outcome.id)
    # Lock the covered ideas first; the decisions then find them in the session.
    db.session.scalars(
        select(Idea).where(Idea.id.in_(covered)).with_for_update().execution_options(populate_existing=True)
    ).all()
    decisions = list(
        db.session.scalars(
            select(OutcomeDecision).where(OutcomeDecision.outcome_id == outcome.id).order_by(OutcomeDecision.id)
        )
    )
    if not decisions:
        raise InvalidTransition(_("Add a decision for at least one idea before you publish."))
    blocked = [d.idea for d in decisions if not d.idea.can_move_to(d.decision)]
    if blocked:
        raise InvalidTransition(
            _("These ideas cannot get the status you decided, given their current status: %(titles)s. Change those decisions first.",
              titles="; ".join(f"“{idea.title}” ({IDEA_STATUS_LABELS[idea.status]})" for idea in blocked[:5]))
        )
    outcome.publish(user, now)
    db.session.execute(
        update(Consultation)
        .where(Consultation.id == outcome.consultation_id)
        .values(outcome_count=Consultation.outcome_count + 1)
    )
    db.session.expire(outcome.consultation, ["outcome_count"])
    for row in decisions:
        _record_response(row.idea, user, row.decision, row.rationale, row.rationale_html, "", now, outcome=outcome)
    db.session.flush()
    idea_ids = [row.idea_id for row in decisions]
    audit.record(
        user, "feedback.publish_outcome", f"outcome {outcome.id}", now, consultation_id=outcome.consultation_id,
        before={"status": "draft"},
        after={"status": "published", "decisions": {str(row.idea_id): row.decision for row in decisions}},
    )
    # One event for the whole outcome (not one response event per idea): the followers of
    # each covered idea hear about it once.
    signals.outcome_published.send(outcome.consultation, idea_ids=idea_ids, actor=user, now=now)
    return idea_ids


# --- implementation updates -------------------------------------------------------


def post_implementation_update(
    user: User, idea: Idea, text: str, progress: int | None, milestones: list[MilestoneData], now: datetime
) -> ImplementationUpdate:
    if not policies.can_post_implementation_update(user, idea):
        raise NotAllowed(_("Progress can only be reported on adopted ideas."))
    if progress is not None and not 0 <= progress <= 100:
        raise DomainError(_("Enter a percentage from 0 to 100."), field="progress")
    text = text.strip()
    posted = ImplementationUpdate(
        idea_id=idea.id, author_id=user.id, body=text, body_html=render_markdown(text),
        progress=progress, created_at=now,
        milestones=[
            ImplementationMilestone(title=m.title.strip(), planned_on=m.planned_on, done=m.done) for m in milestones
        ],
    )
    db.session.add(posted)
    db.session.flush()
    audit.record(
        user, "feedback.post_implementation_update", f"idea {idea.id}", now, consultation_id=idea.consultation_id,
        after={
            "update_id": posted.id, "text": text, "progress": progress,
            "milestones": [{"title": m.title, "planned_on": m.planned_on, "done": m.done} for m in milestones],
        },
    )
    signals.implementation_update_posted.send(idea, actor=user, now=now)
    return posted
