"""Write use-cases: official responses and their history, outcomes, implementation updates."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from cocreatie import db
from cocreatie.errors import Conflict, DomainError, InvalidTransition, NotAllowed
from cocreatie.feedback import queries, services
from cocreatie.models import (
    AuditEntry,
    IdeaStatus,
    IdeaStatusChange,
    ImplementationUpdate,
    Outcome,
    OutcomeDecision,
    PublicationStatus,
    SiteRole,
)
from cocreatie.notifications import events
from tests.conftest import NOW

DAY = timedelta(days=1)
S = IdeaStatus


@pytest.fixture
def told(monkeypatch):
    """What the services told the notifications: (event name, args)."""
    calls: list[tuple] = []
    for name in ("idea_response_given", "outcome_published", "implementation_update_posted"):
        monkeypatch.setattr(events, name, lambda *args, _name=name: calls.append((_name, args)))
    return calls


def _history(idea):
    return list(
        db.session.scalars(
            select(IdeaStatusChange).where(IdeaStatusChange.idea_id == idea.id).order_by(IdeaStatusChange.id)
        )
    )


def _audit(action):
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


# --- official responses -------------------------------------------------------------


def test_a_response_sets_the_status_keeps_the_history_audits_and_notifies(make, frozen, told):
    consultation = make.consultation()
    idea = make.idea(consultation)
    owner = make.owner_of(consultation)
    services.respond_to_idea(owner, idea, S.UNDER_CONSIDERATION, "We bekijken dit.", NOW, responder_role="projectleider")
    services.respond_to_idea(owner, idea, S.ADOPTED, "De raad heeft **ja** gezegd.", NOW + DAY)
    db.session.commit()

    assert idea.status == S.ADOPTED
    assert idea.responded_at == NOW  # the first response
    history = _history(idea)
    assert [(h.from_status, h.to_status) for h in history] == [(S.NEW, S.UNDER_CONSIDERATION), (S.UNDER_CONSIDERATION, S.ADOPTED)]
    assert [h.actor_id for h in history] == [owner.id, owner.id]
    assert history[0].responder_role == "projectleider"
    assert "<strong>ja</strong>" in history[1].body_html
    entries = _audit("feedback.respond_to_idea")
    assert [json.loads(e.before)["status"] for e in entries] == ["new", "under_consideration"]
    assert json.loads(entries[1].after)["status"] == "adopted"
    assert [name for name, _ in told] == ["idea_response_given", "idea_response_given"]
    assert told[0][1][0] is idea and told[0][1][1] is owner


def test_the_response_text_is_sanitised(make, frozen):
    idea = make.idea(make.consultation())
    change = make.response(idea, text="<script>alert(1)</script> [x](javascript:alert(1)) zie **dit**")
    assert "<script" not in change.body_html and "href=\"javascript" not in change.body_html
    assert "<strong>dit</strong>" in change.body_html


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        ([S.ADOPTED], S.NEW),  # never back to awaiting a response
        ([S.NOT_ADOPTED], S.IMPLEMENTED),  # adopt before implementing
        ([S.ADOPTED, S.IMPLEMENTED], S.ADOPTED),  # implemented is final
        ([], S.NEW),
    ],
)
def test_invalid_moves_are_refused_by_the_model_and_the_service(make, frozen, path, refused):
    idea = make.idea(make.consultation())
    for status in path:
        make.response(idea, status)
    with pytest.raises(InvalidTransition):
        idea.respond(refused, NOW)
    owner = make.owner_of(idea.consultation)
    with pytest.raises(InvalidTransition) as refusal:
        services.respond_to_idea(owner, idea, refused, "Dit kan niet.", NOW)
    assert refusal.value.field == "status"
    assert len(_history(idea)) == len(path)


def test_a_further_response_may_keep_the_status(make, frozen):
    idea = make.idea(make.consultation())
    make.response(idea, S.UNDER_CONSIDERATION)
    make.response(idea, S.UNDER_CONSIDERATION, text="Nog even geduld: de raad beslist in maart.")
    assert [(h.from_status, h.to_status) for h in _history(idea)][-1] == (S.UNDER_CONSIDERATION, S.UNDER_CONSIDERATION)


def test_only_owners_respond(make, frozen):
    consultation = make.consultation()
    idea = make.idea(consultation)
    for person in (idea.author, make.user(role=SiteRole.CIVIL_SERVANT), make.user(role=SiteRole.ADMIN)):
        with pytest.raises(NotAllowed):
            services.respond_to_idea(person, idea, S.ADOPTED, "Zomaar een antwoord.", NOW)
    assert idea.status == S.NEW and _history(idea) == []


def test_the_idea_page_reads_newest_response_first_with_earlier_ones_as_history(make, frozen):
    idea = make.idea(make.consultation())
    assert queries.idea_feedback(idea).current is None
    make.response(idea, S.UNDER_CONSIDERATION, text="Eerste reactie.")
    make.response(idea, S.PARTLY_ADOPTED, text="Tweede reactie.")
    feedback = queries.idea_feedback(idea)
    assert feedback.current.body == "Tweede reactie."
    assert [r.body for r in feedback.earlier] == ["Eerste reactie."]


# --- outcomes -------------------------------------------------------------------------


def test_one_decision_per_idea_per_outcome(make, frozen):
    consultation = make.consultation()
    idea = make.idea(consultation)
    outcome = make.outcome(consultation, {idea: S.ADOPTED})
    with pytest.raises(Conflict):
        services.add_decision(make.owner_of(consultation), outcome, idea, S.NOT_ADOPTED, "Toch maar niet.", NOW)
    db.session.rollback()
    # The database itself refuses a second row, whatever the code path.
    with pytest.raises(IntegrityError):
        db.session.add(OutcomeDecision(outcome_id=outcome.id, idea_id=idea.id, decision=S.ADOPTED,
                                       rationale="x", rationale_html="x"))
        db.session.flush()
    db.session.rollback()
    assert db.session.get(Outcome, outcome.id).decision_count == 1
    # Another outcome may decide on the same idea.
    assert make.outcome(consultation, {idea: S.IMPLEMENTED}).decision_count == 1


def test_publishing_sets_each_ideas_status_in_its_history_and_tells_once(make, frozen, told):
    consultation = make.consultation()
    adopted, refused, already = make.idea(consultation), make.idea(consultation), make.idea(consultation)
    make.response(already, S.PARTLY_ADOPTED)
    told.clear()
    outcome = make.outcome(consultation, {adopted: S.ADOPTED, refused: S.NOT_ADOPTED, already: S.PARTLY_ADOPTED})
    assert outcome.status == PublicationStatus.DRAFT and adopted.status == S.NEW

    owner = make.owner_of(consultation)
    idea_ids = services.publish_outcome(owner, outcome, NOW + DAY)
    db.session.commit()

    assert outcome.is_published and outcome.published_at == NOW + DAY and outcome.published_by_id == owner.id
    assert consultation.outcome_count == 1
    assert (adopted.status, refused.status, already.status) == (S.ADOPTED, S.NOT_ADOPTED, S.PARTLY_ADOPTED)
    last = _history(adopted)[-1]
    assert (last.from_status, last.to_status, last.outcome_id) == (S.NEW, S.ADOPTED, outcome.id)
    assert last.body == f"Toelichting bij {adopted.title}."
    assert _history(already)[-1].outcome_id == outcome.id  # confirmed, recorded with the outcome
    assert adopted.responded_at == NOW + DAY
    assert sorted(idea_ids) == sorted([adopted.id, refused.id, already.id])
    assert [name for name, _ in told] == ["outcome_published"]
    assert told[0][1][1] == idea_ids
    [entry] = _audit("feedback.publish_outcome")
    assert json.loads(entry.after)["decisions"][str(adopted.id)] == "adopted"
    assert queries.idea_feedback(adopted).outcomes == [outcome]


def test_publishing_is_all_or_nothing_when_a_decision_cannot_be_applied(make, frozen):
    consultation = make.consultation()
    fine, done = make.idea(consultation), make.idea(consultation)
    make.response(done, S.ADOPTED)
    make.response(done, S.IMPLEMENTED)
    outcome = make.outcome(consultation, {fine: S.ADOPTED, done: S.NOT_ADOPTED})
    with pytest.raises(InvalidTransition) as refusal:
        services.publish_outcome(make.owner_of(consultation), outcome, NOW)
    assert done.title in refusal.value.message
    db.session.rollback()
    assert db.session.get(Outcome, outcome.id).status == PublicationStatus.DRAFT
    assert fine.status == S.NEW and _history(fine) == []


def test_an_outcome_needs_a_decision_and_is_frozen_once_published(make, frozen):
    consultation = make.consultation()
    idea, other = make.idea(consultation), make.idea(consultation)
    owner = make.owner_of(consultation)
    empty = make.outcome(consultation)
    with pytest.raises(InvalidTransition):
        services.publish_outcome(owner, empty, NOW)
    db.session.rollback()
    outcome = make.outcome(consultation, {idea: S.ADOPTED}, published=True)
    decision = queries.get_decision(outcome, idea.id)
    data = services.OutcomeData(title="Nieuwe titel", body="Nieuwe tekst", phase=None)
    for attempt in (
        lambda: services.edit_outcome(owner, outcome, data, NOW),
        lambda: services.add_decision(owner, outcome, other, S.ADOPTED, "Later toegevoegd.", NOW),
        lambda: services.change_decision(owner, decision, S.NOT_ADOPTED, "Toch niet.", NOW),
        lambda: services.remove_decision(owner, decision, NOW),
        lambda: services.delete_outcome(owner, outcome, NOW),
        lambda: services.publish_outcome(owner, outcome, NOW),
    ):
        with pytest.raises(InvalidTransition):
            attempt()


def test_drafts_can_be_changed_and_decisions_removed(make, frozen):
    consultation = make.consultation()
    idea = make.idea(consultation)
    owner = make.owner_of(consultation)
    outcome = make.outcome(consultation, {idea: S.ADOPTED})
    decision = queries.get_decision(outcome, idea.id)
    services.change_decision(owner, decision, S.PARTLY_ADOPTED, "Voor een deel.", NOW)
    phase = consultation.phases[0]
    services.edit_outcome(owner, outcome, services.OutcomeData(title="Fase 1", body="Tekst", phase=phase), NOW)
    db.session.commit()
    assert (decision.decision, outcome.phase_id, outcome.title) == (S.PARTLY_ADOPTED, phase.id, "Fase 1")
    services.remove_decision(owner, decision, NOW)
    db.session.commit()
    assert db.session.get(Outcome, outcome.id).decision_count == 0
    services.delete_outcome(owner, outcome, NOW)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Outcome)) == 0
    actions = [e.action for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions[-4:] == ["feedback.change_decision", "feedback.edit_outcome", "feedback.remove_decision", "feedback.delete_outcome"]


def test_an_outcome_decides_only_on_ideas_of_its_own_consultation(make, frozen):
    consultation, elsewhere = make.consultation(), make.consultation(title="Elders")
    outcome = make.outcome(consultation)
    with pytest.raises(NotAllowed):
        services.add_decision(make.owner_of(consultation), outcome, make.idea(elsewhere), S.ADOPTED, "Niet van ons.", NOW)


def test_only_owners_prepare_outcomes(make, frozen):
    consultation = make.consultation()
    data = services.OutcomeData(title="Uitkomst", body="Tekst", phase=None)
    for person in (make.user(), make.user(role=SiteRole.CIVIL_SERVANT), make.user(role=SiteRole.ADMIN)):
        with pytest.raises(NotAllowed):
            services.create_outcome(person, consultation, data, NOW)


# --- implementation updates -----------------------------------------------------------


def test_progress_updates_only_on_adopted_ideas_with_milestones(make, frozen, told):
    consultation = make.consultation()
    idea = make.idea(consultation)
    owner = make.owner_of(consultation)
    milestones = [
        services.MilestoneData("Ontwerp klaar", date(2026, 9, 1), True),
        services.MilestoneData("Bomen geplant", date(2026, 11, 15), False),
    ]
    with pytest.raises(NotAllowed):
        services.post_implementation_update(owner, idea, "Nog niet aangenomen.", 10, [], NOW)
    make.response(idea, S.ADOPTED)
    told.clear()
    with pytest.raises(NotAllowed):
        services.post_implementation_update(make.user(role=SiteRole.CIVIL_SERVANT), idea, "Niet van mij.", 10, [], NOW)
    update = services.post_implementation_update(owner, idea, "Het ontwerp is **klaar**.", 40, list(reversed(milestones)), NOW)
    db.session.commit()
    db.session.expire_all()
    stored = db.session.get(ImplementationUpdate, update.id)
    assert stored.progress == 40 and "<strong>klaar</strong>" in stored.body_html
    assert [(m.title, m.done) for m in stored.milestones] == [("Ontwerp klaar", True), ("Bomen geplant", False)]
    assert [name for name, _ in told] == ["implementation_update_posted"]
    assert _audit("feedback.post_implementation_update")
    with pytest.raises(DomainError):
        services.post_implementation_update(owner, idea, "Meer dan klaar.", 101, [], NOW)


def test_progress_is_bounded_by_the_database_too(make, frozen):
    idea = make.idea(make.consultation())
    make.response(idea, S.ADOPTED)
    db.session.add(ImplementationUpdate(idea_id=idea.id, body="x", body_html="x", progress=150))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
