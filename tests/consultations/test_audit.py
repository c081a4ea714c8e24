"""Changes to a consultation and its phases leave an audit entry: who, when, and what the
changed fields were before and after. Visibility and the support budget have entries of
their own (making an invite-only consultation public shows its invitees' contributions)."""

from __future__ import annotations

import json
from dataclasses import replace

from sqlalchemy import select

from cocreatie import db
from cocreatie.consultations import services
from cocreatie.consultations.services import ConsultationData, PhaseData
from cocreatie.models import AuditEntry, PhaseKind, SiteRole, Visibility
from tests.conftest import NOW
from tests.consultations.conftest import DAY

LATER = NOW + DAY


def data(**changes) -> ConsultationData:
    base = ConsultationData(
        title="Afval scheiden", question="Hoe scheiden we beter afval?", summary="Denk mee over afval.",
        body="Het **oude** plan.", visibility=Visibility.INVITE_ONLY, support_budget=5,
    )
    return replace(base, **changes)


def phase_data(starts_day: int, ends_day: int, **changes) -> PhaseData:
    base = PhaseData(
        kind=PhaseKind.POLICY_PREPARATION, title="Ideeën", description="", starts_at=NOW + starts_day * DAY,
        ends_at=NOW + ends_day * DAY, allows_ideas=True, allows_comments=True, allows_supports=True,
    )
    return replace(base, **changes)


def entries(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


def change(entry: AuditEntry) -> tuple[dict, dict]:
    return json.loads(entry.before), json.loads(entry.after)


def created(owner):
    consultation = services.create_consultation(owner, data(), NOW)
    db.session.commit()
    return consultation


def test_creating_a_consultation_is_recorded_with_what_it_started_as(owner):
    consultation = created(owner)
    [entry] = entries("consultations.create")
    assert (entry.actor_id, entry.consultation_id, entry.created_at) == (owner.id, consultation.id, NOW)
    assert change(entry)[1] == {
        "title": "Afval scheiden", "question": "Hoe scheiden we beter afval?", "summary": "Denk mee over afval.",
        "body": "Het **oude** plan.", "visibility": "invite_only", "support_budget": 5,
    }


def test_editing_the_texts_records_the_changed_texts_before_and_after(owner):
    consultation = created(owner)
    services.update_consultation(owner, consultation, data(title="Afval scheiden in de wijk",
                                                           body="Het **nieuwe** plan."), LATER)
    [entry] = entries("consultations.edit_texts")
    assert (entry.actor_id, entry.consultation_id, entry.created_at) == (owner.id, consultation.id, LATER)
    assert entry.subject == f"consultation {consultation.id}"
    assert change(entry) == (
        {"title": "Afval scheiden", "body": "Het **oude** plan."},
        {"title": "Afval scheiden in de wijk", "body": "Het **nieuwe** plan."},
    )
    assert entries("consultations.change_visibility") == entries("consultations.change_support_budget") == []


def test_making_an_invite_only_consultation_public_is_recorded_on_its_own(owner):
    consultation = created(owner)
    services.update_consultation(owner, consultation, data(visibility=Visibility.PUBLIC), LATER)
    [entry] = entries("consultations.change_visibility")
    assert entry.actor_id == owner.id and entry.consultation_id == consultation.id
    assert change(entry) == ({"visibility": "invite_only"}, {"visibility": "public"})
    assert entries("consultations.edit_texts") == []


def test_changing_the_support_budget_is_recorded(owner):
    consultation = created(owner)
    services.update_consultation(owner, consultation, data(support_budget=None), LATER)
    [entry] = entries("consultations.change_support_budget")
    assert change(entry) == ({"support_budget": 5}, {"support_budget": None})


def test_saving_without_changes_records_nothing(owner):
    consultation = created(owner)
    services.update_consultation(owner, consultation, data(title="  Afval scheiden  "), LATER)  # stored stripped
    assert [e.action for e in db.session.scalars(select(AuditEntry).where(AuditEntry.created_at == LATER))] == []


def test_publishing_is_recorded(owner):
    consultation = created(owner)
    services.add_phase(owner, consultation, phase_data(0, 10), NOW)
    services.publish_consultation(owner, consultation, LATER)
    [entry] = entries("consultations.publish")
    assert entry.actor_id == owner.id and entry.consultation_id == consultation.id
    before, after = change(entry)
    assert before == {"status": "draft", "published_at": None}
    assert after["status"] == "published" and after["published_at"].startswith(LATER.date().isoformat())


def test_adding_editing_and_deleting_phases_are_recorded(owner):
    consultation = created(owner)
    first = services.add_phase(owner, consultation, phase_data(0, 10), NOW)
    second = services.add_phase(owner, consultation, phase_data(10, 20, kind=PhaseKind.DECISION, title="Kiezen"), NOW)
    added = entries("consultations.add_phase")
    assert [e.subject for e in added] == [f"phase {first.id}", f"phase {second.id}"]
    assert change(added[1])[1] == {
        "kind": "decision", "title": "Kiezen", "description": "", "starts_at": str(NOW + 10 * DAY),
        "ends_at": str(NOW + 20 * DAY), "allows_ideas": True, "allows_comments": True, "allows_supports": True,
        "allows_cowriting": False,
    }

    services.update_phase(owner, first, phase_data(0, 8, allows_supports=False), LATER)
    [edited] = entries("consultations.edit_phase")
    assert (edited.subject, edited.actor_id, edited.created_at) == (f"phase {first.id}", owner.id, LATER)
    assert change(edited) == (
        {"ends_at": str(NOW + 10 * DAY), "allows_supports": True},
        {"ends_at": str(NOW + 8 * DAY), "allows_supports": False},
    )

    services.delete_phase(owner, second, LATER)
    [deleted] = entries("consultations.delete_phase")
    assert deleted.subject == f"phase {second.id}" and deleted.consultation_id == consultation.id
    assert change(deleted)[0]["title"] == "Kiezen" and change(deleted)[1] == {}


def test_editing_on_the_site_records_who_did_it(client, make, owner, as_user, frozen):
    consultation = make.consultation(owner=owner, title="Afval scheiden", visibility=Visibility.INVITE_ONLY)
    as_user(owner)
    response = client.post(
        f"/beheer/consultaties/{consultation.slug}/bewerken",
        data={"title": "Afval scheiden", "question": consultation.question, "summary": consultation.summary,
              "body": consultation.body, "visibility": "public", "support_budget": ""},
    )
    assert response.status_code == 302
    db.session.commit()
    [entry] = entries("consultations.change_visibility")
    assert entry.actor_id == owner.id and change(entry) == ({"visibility": "invite_only"}, {"visibility": "public"})


def test_the_audit_log_shows_and_filters_consultation_changes(client, make, owner, as_user, frozen, english):
    consultation = make.consultation(owner=owner, title="Afval scheiden", visibility=Visibility.INVITE_ONLY)
    services.update_consultation(owner, consultation, data(visibility=Visibility.PUBLIC), LATER)
    db.session.commit()
    as_user(make.user(role=SiteRole.ADMIN))
    page = client.get("/beheer/audit?action=consultations").get_data(as_text=True)
    assert '<option value="consultations" selected>Consultations and phases</option>' in page
    name = owner.display_name
    assert f"{name} changed who can take part in “Afval scheiden” to everyone" in page
    assert f"{name} added the phase" in page and f"{name} created the consultation “Afval scheiden”" in page
    assert f"{name} made" not in page  # a role given: another kind of change, filtered out
