"""Planned publication (by the periodic command and by the first view after the moment),
back to draft only while nobody took part, deleting drafts only, and copying a
consultation as the start of the next one. Each is audited."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from cocreatie import db
from cocreatie.ideas import services as ideas
from cocreatie.measure import services as measure
from cocreatie.recruitment import services as recruitment
from cocreatie.models import (
    AuditEntry,
    Consultation,
    ConsultationMember,
    Goal,
    HouseRule,
    Idea,
    KpiTarget,
    MemberRole,
    PhaseKind,
    SiteRole,
)
from cocreatie.models.consultations import PublicationStatus
from cocreatie.timezones import end_of_local_day, start_of_local_day
from tests.conftest import NOW, login

DAY = timedelta(days=1)


def page(response) -> str:
    return response.get_data(as_text=True)


def fresh() -> None:
    db.session.commit()
    db.session.expire_all()


def entries(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


@pytest.fixture
def civil_servant(make, client, frozen, english):
    user = make.user("Ambtenaar Jansen", role=SiteRole.CIVIL_SERVANT)
    login(client, user)
    db.session.commit()
    return user


@pytest.fixture
def draft(make, civil_servant):
    return make.consultation(owner=civil_servant, published=False, title="Afval scheiden")


# --- planned publication ---------------------------------------------------------------------


def _plan(client, consultation, day="2026-06-20", clock="09:30"):
    return client.post(f"/beheer/consultaties/{consultation.slug}/publiceren/plannen",
                       data={"publish_on": day, "publish_time": clock})


def test_a_planned_publication_happens_through_the_periodic_command(app, client, draft, frozen):
    response = _plan(client, draft)
    assert response.status_code == 302
    assert "will be published on 20 Jun 2026 at 09:30" in page(client.get(response.location))
    fresh()
    assert draft.publish_at == datetime(2026, 6, 20, 7, 30)  # 09:30 in Amsterdam, summer time
    assert not draft.is_published
    [planned] = entries("consultations.schedule_publication")
    assert json.loads(planned.after) == {"publish_at": "2026-06-20 07:30:00"}

    runner = app.test_cli_runner()
    assert "0 consultation(s) published." in runner.invoke(args=["publish-scheduled"]).output
    frozen.move_to(datetime(2026, 6, 20, 7, 30))
    assert "Published afval-scheiden." in runner.invoke(args=["publish-scheduled"]).output
    fresh()
    assert draft.is_published and draft.published_at == datetime(2026, 6, 20, 7, 30) and draft.publish_at is None
    [published] = entries("consultations.publish")
    assert published.actor_id == draft.created_by_id and json.loads(published.after)["via"] == "schedule"
    assert "0 consultation(s) published." in runner.invoke(args=["publish-scheduled"]).output  # once


@pytest.mark.parametrize("first_view", ["/consultaties/afval-scheiden", "/"])
def test_a_planned_publication_happens_at_the_first_view_after_the_moment(client, draft, frozen, first_view):
    _plan(client, draft)
    client.post("/uitloggen")
    assert client.get("/consultaties/afval-scheiden").status_code == 404  # not yet
    frozen.move_to(datetime(2026, 6, 20, 7, 31))
    assert client.get(first_view).status_code == 200
    fresh()
    assert draft.is_published  # committed by the view, not by a cron job
    assert client.get("/consultaties/afval-scheiden").status_code == 200
    assert "Afval scheiden" in page(client.get("/"))
    assert len(entries("consultations.publish")) == 1


def test_a_moment_in_the_past_is_refused_and_what_was_typed_is_kept(client, draft):
    response = _plan(client, draft, day="2026-06-15", clock="08:00")  # it is 12:00 in Amsterdam
    html = page(response)
    assert response.status_code == 422
    assert "Choose a moment in the future, or publish now." in html
    assert 'value="2026-06-15"' in html and 'value="08:00"' in html
    fresh()
    assert draft.publish_at is None


def test_a_planned_publication_can_be_cancelled(client, draft):
    _plan(client, draft)
    assert "Planned: 20 Jun 2026, 09:30" in page(client.get(f"/beheer/consultaties/{draft.slug}/fasen"))
    response = client.post(f"/beheer/consultaties/{draft.slug}/publiceren/plannen/annuleren")
    assert "The planned publication has been cancelled." in page(client.get(response.location))
    fresh()
    assert draft.publish_at is None and not draft.is_published
    [cancelled] = entries("consultations.cancel_scheduled_publication")
    assert json.loads(cancelled.before) == {"publish_at": "2026-06-20 07:30:00"}


def test_removing_the_last_phase_cancels_the_plan(app, client, draft, frozen):
    _plan(client, draft)
    path = f"/beheer/consultaties/{draft.slug}/fasen/{draft.phases[0].id}/verwijderen"
    assert "The planned publication is cancelled" in page(client.get(path))
    client.post(path)
    fresh()
    assert draft.publish_at is None and draft.phases == []
    frozen.move_to(datetime(2026, 6, 21))
    assert "0 consultation(s) published." in app.test_cli_runner().invoke(args=["publish-scheduled"]).output
    assert len(entries("consultations.cancel_scheduled_publication")) == 1


# --- back to draft ---------------------------------------------------------------------------


def test_back_to_draft_while_nobody_took_part_asks_then_does_it(client, make, civil_servant):
    consultation = make.consultation(owner=civil_servant)
    path = f"/beheer/consultaties/{consultation.slug}/terug-naar-concept"
    html = page(client.get(path))
    assert "Nobody has taken part yet, so nothing anyone wrote is lost." in html
    fresh()
    assert consultation.is_published
    assert client.post(path).status_code == 302
    fresh()
    assert consultation.status == PublicationStatus.DRAFT and consultation.published_at is None
    assert len(entries("consultations.back_to_draft")) == 1
    client.post("/uitloggen")
    assert client.get(f"/consultaties/{consultation.slug}").status_code == 404


@pytest.mark.parametrize("taking_part, said", [
    ("idea", "(1 idea)"),
    ("support", "(1 idea, 1 support)"),
    ("comment", "(1 idea, 1 comment)"),
    ("invitation", "(1 accepted invitation)"),
])
def test_back_to_draft_is_refused_once_someone_took_part(client, make, civil_servant, taking_part, said):
    consultation = make.consultation(owner=civil_servant)
    if taking_part == "invitation":
        make.participant(consultation)
    else:
        idea = make.idea(consultation)
        if taking_part == "support":
            ideas.support_idea(make.user(), db.session.get(Idea, idea.id), NOW)
            db.session.commit()
        if taking_part == "comment":
            make.comment(idea)
    path = f"/beheer/consultaties/{consultation.slug}/terug-naar-concept"
    html = page(client.get(path))
    assert "This consultation cannot go back to draft" in html and said in html
    assert 'class="confirmation__form"' not in html
    response = client.post(path)
    assert said in page(client.get(response.location))
    fresh()
    assert consultation.is_published and entries("consultations.back_to_draft") == []


# --- deleting a draft -----------------------------------------------------------------------


def test_a_draft_is_deleted_after_confirmation_and_audited(client, draft):
    consultation_id = draft.id
    path = f"/beheer/consultaties/{draft.slug}/verwijderen"
    html = page(client.get(path))
    assert "Delete the draft “Afval scheiden”?" in html and "This cannot be undone." in html
    fresh()
    assert db.session.get(Consultation, draft.id) is not None
    response = client.post(path)
    assert response.location == "/beheer"
    assert "The draft “Afval scheiden” has been deleted." in page(client.get("/beheer"))
    db.session.commit()
    db.session.expunge_all()
    assert db.session.get(Consultation, consultation_id) is None
    assert db.session.scalars(select(HouseRule).where(HouseRule.consultation_id == consultation_id)).all() == []
    [deleted] = entries("consultations.delete_draft")
    assert json.loads(deleted.before)["title"] == "Afval scheiden"


def test_a_published_consultation_is_not_deleted(client, make, civil_servant):
    consultation = make.consultation(owner=civil_servant)
    path = f"/beheer/consultaties/{consultation.slug}/verwijderen"
    for response in (client.get(path), client.post(path)):
        assert response.status_code == 302
    assert "Only a draft can be deleted." in page(client.get(f"/beheer/consultaties/{consultation.slug}/fasen"))
    fresh()
    assert db.session.get(Consultation, consultation.id) is not None


# --- copying ----------------------------------------------------------------------------------


def test_a_copy_is_a_draft_with_texts_phases_rules_and_roles_but_no_contributions(client, make, civil_servant):
    source = make.consultation(owner=civil_servant, title="Afval scheiden", budget=3, phases=[
        (PhaseKind.AGENDA_SETTING, start_of_local_day(date(2026, 3, 2)), end_of_local_day(date(2026, 3, 29))),
        (PhaseKind.DECISION, start_of_local_day(date(2026, 4, 6)), end_of_local_day(date(2026, 11, 1))),
    ])
    procesmanager = make.procesmanager(source)
    participant = make.user()
    invitation, _token = make.invitation(source, participant.email, procesmanager=procesmanager)
    recruitment.accept_invitation(participant, invitation, NOW)
    idea = make.idea(source)
    make.comment(idea)
    measure.set_goals(civil_servant, source, measure.GoalData(
        "200 bewoners denken mee.", date(2026, 11, 1), {"ideas": measure.TargetData(50, date(2026, 3, 29))}), NOW)
    source.phases[1].title, source.phases[1].allows_supports = "Wat kiest de raad?", False
    rule = db.session.scalar(select(HouseRule).where(HouseRule.consultation_id == source.id, HouseRule.position == 1))
    rule.title = "Blijf bij het onderwerp afval"
    db.session.commit()

    path = f"/beheer/consultaties/{source.slug}/kopieren"
    assert 'value="2027-03-01"' in page(client.get(path))  # the same weekday, a year on
    response = client.post(path, data={"first_day": "2027-03-01"})
    assert response.status_code == 302
    fresh()
    copy = db.session.scalar(select(Consultation).where(Consultation.id != source.id, Consultation.title.like("Afval%"))
                             .order_by(Consultation.id.desc()))
    assert response.location == f"/beheer/consultaties/{copy.slug}/fasen"
    assert copy.slug != source.slug and copy.title == "Afval scheiden (copy)"
    assert not copy.is_published and copy.publish_at is None
    assert (copy.question, copy.summary, copy.body, copy.visibility, copy.support_budget) == (
        source.question, source.summary, source.body, source.visibility, 3)
    # The phases move by whole days and keep their lengths and local midnights (summer time!).
    assert [(p.kind, p.starts_at, p.ends_at) for p in copy.phases] == [
        (PhaseKind.AGENDA_SETTING, start_of_local_day(date(2027, 3, 1)), end_of_local_day(date(2027, 3, 28))),
        (PhaseKind.DECISION, start_of_local_day(date(2027, 4, 5)), end_of_local_day(date(2027, 10, 31))),
    ]
    assert [(p.title, p.allows_ideas, p.allows_supports) for p in copy.phases] == [
        (p.title, p.allows_ideas, p.allows_supports) for p in source.phases]
    assert copy.phases[1].title == "Wat kiest de raad?" and not copy.phases[1].allows_supports
    goal = db.session.get(Goal, copy.id)  # the goal and targets too, their dates moved along (364 days)
    assert (goal.text, goal.achieve_by) == ("200 bewoners denken mee.", date(2027, 10, 31))
    assert [(t.kpi, t.target, t.due_on) for t in db.session.scalars(
        select(KpiTarget).where(KpiTarget.consultation_id == copy.id))] == [("ideas", 50, date(2027, 3, 28))]
    rules = db.session.scalars(select(HouseRule).where(HouseRule.consultation_id == copy.id)
                               .order_by(HouseRule.position)).all()
    originals = db.session.scalars(select(HouseRule).where(HouseRule.consultation_id == source.id)
                                   .order_by(HouseRule.position)).all()
    assert [r.title for r in rules] == [r.title for r in originals] and rules[0].title == "Blijf bij het onderwerp afval"
    roles = {(m.user_id, m.role) for m in db.session.scalars(
        select(ConsultationMember).where(ConsultationMember.consultation_id == copy.id))}
    assert roles == {(civil_servant.id, MemberRole.OWNER), (procesmanager.id, MemberRole.PROCESMANAGER)}
    assert db.session.scalar(select(ConsultationMember).where(  # the participant took part in the old one only
        ConsultationMember.consultation_id == source.id, ConsultationMember.user_id == participant.id)) is not None
    assert copy.idea_count == 0
    assert db.session.scalars(select(Idea).where(Idea.consultation_id == copy.id)).all() == []
    [copied] = entries("consultations.duplicate")
    assert copied.consultation_id == copy.id and json.loads(copied.after)["copied_from"] == source.id


def test_copying_refuses_an_implausible_first_day_and_keeps_it(client, make, civil_servant):
    source = make.consultation(owner=civil_servant)
    response = client.post(f"/beheer/consultaties/{source.slug}/kopieren", data={"first_day": "1900-01-01"})
    assert response.status_code == 422
    assert 'value="1900-01-01"' in page(response) and "Enter a date between" in page(response)
