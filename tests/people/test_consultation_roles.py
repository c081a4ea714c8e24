"""Roles in one consultation, from the people side: the owner edits the house rules,
a role is removed only after a confirmation page, a new address is invited into a role,
and a newly assigned person is told by e-mail what they may now do."""

from __future__ import annotations

import email
import email.policy
import json
import re

import pytest
from sqlalchemy import select

from cocreatie import db, policies
from cocreatie.models import AuditEntry, ConsultationMember, HouseRule, Invitation, MemberRole, SiteRole, User
from cocreatie.recruitment import queries, services
from tests.conftest import NOW, login
from tests.factories import PASSWORD


# In English (conftest's `english`), at the frozen NOW.
pytestmark = pytest.mark.usefixtures("frozen", "english")


def sign_in(client, user) -> None:
    login(client, user)
    db.session.commit()


def page(response) -> str:
    return response.get_data(as_text=True)


def test_the_owner_edits_the_house_rules_of_their_own_consultation(client, make):
    consultation = make.consultation(title="Een groener Stationsplein")
    owner = make.owner_of(consultation)
    sign_in(client, owner)
    manage = f"/beheer/consultaties/{consultation.slug}"
    html = page(client.get(f"{manage}/huisregels"))
    assert f'href="{manage}/huisregels"' in page(client.get(f"{manage}/fasen"))  # in the workbench menu
    assert "House rules" in html
    response = client.post(f"{manage}/huisregels", data={"title": "Blijf bij het plein", "explanation": "Over het plein."})
    assert response.status_code == 302
    db.session.expire_all()
    rule = db.session.scalar(select(HouseRule).where(HouseRule.consultation_id == consultation.id,
                                                     HouseRule.title == "Blijf bij het plein"))
    assert rule is not None
    response = client.post(f"{manage}/huisregels/{rule.id}", data={"title": "Blijf bij het Stationsplein", "explanation": ""})
    assert response.status_code == 302
    db.session.expire_all()
    assert rule.title == "Blijf bij het Stationsplein"
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "moderation.edit_house_rule",
                                                      AuditEntry.actor_id == owner.id)) is not None
    # Moderating stays the procesmanagers' work.
    assert client.get(f"{manage}/moderatie").status_code == 403
    # An owner of another consultation may not.
    other = make.owner_of(make.consultation(title="Elders"))
    sign_in(client, other)
    assert client.get(f"{manage}/huisregels").status_code == 403


def mails(outbox, to: str) -> list[email.message.Message]:
    found = [email.message_from_bytes(p.read_bytes(), policy=email.policy.default) for p in sorted(outbox.glob("*.eml"))] if outbox.exists() else []
    return [m for m in found if m["To"] == to]


def body(message) -> str:
    return message.get_payload(decode=True).decode()


def english_speaker(make, **kwargs):
    person = make.user(**kwargs)
    person.locale = "en"
    db.session.commit()
    return person


def test_a_newly_assigned_person_is_told_what_they_may_now_do_and_where(client, make, outbox):
    consultation = make.consultation(title="Een groener Stationsplein")
    owner = make.owner_of(consultation)
    person = english_speaker(make, name="Petra Pieters")
    sign_in(client, owner)
    response = client.post(f"/beheer/consultaties/{consultation.slug}/rollen",
                           data={"email": person.email.upper(), "role": "procesmanager"}, follow_redirects=True)
    assert "Petra Pieters is now procesmanager of this consultation" in page(response)
    [message] = mails(outbox, person.email)
    assert message["Subject"] == "You are now procesmanager of “Een groener Stationsplein”"
    assert "you hide and restore contributions" in body(message)
    assert f"http://localhost/beheer/consultaties/{consultation.slug}/moderatie" in body(message)


def test_a_new_address_is_invited_into_the_role_and_creating_an_account_grants_it(client, make, outbox):
    consultation = make.consultation(title="Een groener Stationsplein", published=False)
    owner = make.owner_of(consultation)
    sign_in(client, owner)
    response = client.post(f"/beheer/consultaties/{consultation.slug}/rollen",
                           data={"email": "Nieuw@Example.nl", "role": "procesmanager"}, follow_redirects=True)
    assert "nieuw@example.nl has no account yet. We have sent an invitation" in page(response)
    invitation = db.session.scalar(select(Invitation).where(Invitation.email == "nieuw@example.nl"))
    assert invitation.role == MemberRole.PROCESMANAGER and invitation.consultation_id == consultation.id
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "recruitment.invite_to_role"))
    assert entry.actor_id == owner.id and "nieuw" not in entry.after  # counts and roles, no addresses
    [message] = mails(outbox, "nieuw@example.nl")
    assert "procesmanager" in body(message)
    link = re.search(r"http://localhost(/consultaties/\S+/uitnodiging/\S+)", body(message)).group(1)

    visitor = client.application.test_client()
    with visitor.session_transaction() as session:
        session["locale"] = "en"
    html = page(visitor.get(link))
    assert "You are invited to be procesmanager" in html  # of a draft: staff may
    html = page(visitor.get("/registreren"))
    assert 'value="nieuw@example.nl"' in html  # the invited address, filled in
    visitor.post("/registreren", data={"email": "nieuw@example.nl", "display_name": "Nina Nieuw",
                                       "password": PASSWORD})
    confirm = re.search(r"http://localhost(/bevestigen/\S+)", body(mails(outbox, "nieuw@example.nl")[-1])).group(1)
    response = visitor.post(confirm)
    assert response.status_code == 302
    db.session.expire_all()
    nina = db.session.scalar(select(User).where(User.email == "nieuw@example.nl"))
    assert nina.roles_in(consultation.id) == {MemberRole.PROCESMANAGER}
    assert policies.can_moderate_consultation(nina, consultation)
    granted = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "roles.assign",
                                                         AuditEntry.subject == f"user {nina.id}"))
    assert json.loads(granted.after)["via"] == f"invitation {invitation.id}"


def test_only_an_administrator_invites_a_new_address_as_owner_and_accepting_makes_them_civil_servant(client, make, outbox):
    consultation = make.consultation(title="Een groener Stationsplein")
    owner = make.owner_of(consultation)
    sign_in(client, owner)
    response = client.post(f"/beheer/consultaties/{consultation.slug}/rollen",
                           data={"email": "baas@example.nl", "role": "owner"})
    assert response.status_code == 422 and "Only an administrator can invite a new address as owner" in page(response)
    assert not mails(outbox, "baas@example.nl")
    admin = make.user(role=SiteRole.ADMIN)
    sign_in(client, admin)
    client.post(f"/beheer/consultaties/{consultation.slug}/rollen", data={"email": "baas@example.nl", "role": "owner"})
    [message] = mails(outbox, "baas@example.nl")
    token = re.search(r"/uitnodiging/(\S+)", body(message)).group(1)
    baas = make.user(name="Bea Baas")
    baas.email = "baas@example.nl"
    db.session.commit()
    invitation = queries.invitation_by_token(consultation, token)
    assert services.accept_invitation(baas, invitation, NOW)
    db.session.expire_all()
    assert baas.site_role == SiteRole.CIVIL_SERVANT and baas.roles_in(consultation.id) == {MemberRole.OWNER}
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "roles.change_site_role",
                                                       AuditEntry.subject == f"user {baas.id}"))
    assert entry.actor_id == admin.id


def test_an_administrator_refused_a_citizen_as_owner_is_offered_the_civil_servant_page(client, make):
    consultation = make.consultation()
    citizen = make.user(name="Carla")
    owner = make.owner_of(consultation)
    sign_in(client, owner)
    html = page(client.post(f"/beheer/consultaties/{consultation.slug}/rollen", data={"email": citizen.email, "role": "owner"}))
    assert "Only civil servants can own a consultation" in html and "/beheer/mensen/" not in html
    sign_in(client, make.user(role=SiteRole.ADMIN))
    html = page(client.post(f"/beheer/consultaties/{consultation.slug}/rollen", data={"email": citizen.email, "role": "owner"}))
    assert f'href="/beheer/mensen/{citizen.id}/ambtenaar"' in html


def test_removing_a_role_asks_for_confirmation_on_a_page_that_says_what_will_happen(client, make):
    consultation = make.consultation(title="Een groener Stationsplein")
    owner = make.owner_of(consultation)
    pm = make.procesmanager(consultation)
    member = db.session.scalar(select(ConsultationMember).where(ConsultationMember.user_id == pm.id))
    sign_in(client, owner)
    path = f"/beheer/consultaties/{consultation.slug}/rollen/{member.id}/verwijderen"
    assert f'href="{path}"' in page(client.get(f"/beheer/consultaties/{consultation.slug}/rollen"))
    html = page(client.get(path))
    assert "What will happen" in html and "can no longer moderate" in html and "<form method=\"post\"" in html
    db.session.expire_all()
    assert pm.roles_in(consultation.id) == {MemberRole.PROCESMANAGER}  # looking changes nothing
    assert client.post(path).status_code == 302
    db.session.expire_all()
    assert pm.roles_in(consultation.id) == set()
    assert client.get(path).status_code == 404
    own = db.session.scalar(select(ConsultationMember).where(ConsultationMember.user_id == owner.id))
    html = page(client.get(f"/beheer/consultaties/{consultation.slug}/rollen/{own.id}/verwijderen"))
    assert "always keeps at least one owner" in html and "<form method=\"post\"" not in html.split("<main")[-1].split("</main>")[0].replace('action="/uitloggen"', "")
