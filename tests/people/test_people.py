"""The administrators' people page: finding accounts, giving and taking site roles,
blocking, each confirmed on a page first, audited and mailed to the person."""

from __future__ import annotations

import email
import json

import pytest
from sqlalchemy import select

from cocreatie import db, policies
from cocreatie.models import AuditEntry, SiteRole, UserSession
from tests.conftest import login
from tests.factories import PASSWORD
from tests.test_routes import count_queries


# In English (conftest's `english`), at the frozen NOW.
pytestmark = pytest.mark.usefixtures("frozen", "english")


def sign_in(client, user) -> None:
    login(client, user)
    db.session.commit()


def page(response) -> str:
    return response.get_data(as_text=True)


def english_speaker(make, **kwargs):
    person = make.user(**kwargs)
    person.locale = "en"
    db.session.commit()
    return person


def mails(outbox, to: str | None = None) -> list[email.message.Message]:
    found = [email.message_from_bytes(p.read_bytes()) for p in sorted(outbox.glob("*.eml"))] if outbox.exists() else []
    return [m for m in found if to is None or m["To"] == to]


def body(message) -> str:
    return message.get_payload(decode=True).decode()


def entries(action: str, user) -> list[AuditEntry]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action,
                                                            AuditEntry.subject == f"user {user.id}")))


@pytest.fixture
def admin(make):
    return make.user(name="Beheerder Bea", role=SiteRole.ADMIN)


def test_only_administrators_see_the_people_page_and_its_link(client, make, admin):
    person = make.user()
    assert client.get("/beheer/mensen").status_code == 302
    for someone in (make.user(), make.user(role=SiteRole.CIVIL_SERVANT)):
        sign_in(client, someone)
        assert client.get("/beheer/mensen").status_code == 403
        assert client.get(f"/beheer/mensen/{person.id}").status_code == 403
        assert client.post(f"/beheer/mensen/{person.id}/ambtenaar").status_code == 403
        assert 'href="/beheer/mensen"' not in page(client.get("/"))
    sign_in(client, admin)
    assert 'href="/beheer/mensen"' in page(client.get("/"))
    assert client.get("/beheer/mensen/999999").status_code == 404
    assert client.get(f"/beheer/mensen/{person.id}/onzin").status_code == 404


def test_search_finds_accounts_by_the_start_of_name_or_address_in_pages_at_a_fixed_cost(client, make, admin):
    mirjam = make.user(name="Mirjam Smit")
    make.user(name="Mirko de Vries")
    make.user(name="Anna Mirjamsdochter")  # "mir" is not where her name starts
    sign_in(client, admin)
    html = page(client.get("/beheer/mensen?q=MIR"))
    assert "Mirjam Smit" in html and "Mirko de Vries" in html and "Anna Mirjamsdochter" not in html
    html = page(client.get(f"/beheer/mensen?q={mirjam.email[:6]}"))
    assert "Mirjam Smit" in html
    assert "No account starts with" in page(client.get("/beheer/mensen?q=zzz%25"))
    for n in range(30):
        make.user(name=f"Paginatest {n:02d}")
    with count_queries() as few:
        first = page(client.get("/beheer/mensen?q=paginatest+0"))
    with count_queries() as many:
        full = page(client.get("/beheer/mensen?q=paginatest"))
    assert len(few) == len(many), many
    assert "Paginatest 00" in full and "Paginatest 24" in full and "Paginatest 25" not in full
    assert 'rel="next"' in full and 'rel="next"' not in first
    second = page(client.get("/beheer/mensen?q=paginatest&page=2"))
    assert "Paginatest 25" in second and "Paginatest 29" in second and "Paginatest 00" not in second
    # Without a search: the newest accounts first.
    assert page(client.get("/beheer/mensen")).index("Paginatest 29") < page(client.get("/beheer/mensen")).index("Paginatest 28")


def test_the_person_page_shows_site_role_and_consultation_roles(client, make, admin):
    consultation = make.consultation(title="Een groener Stationsplein")
    procesmanager = make.procesmanager(consultation)
    sign_in(client, admin)
    html = page(client.get(f"/beheer/mensen/{procesmanager.id}"))
    assert "Resident" in html and "Een groener Stationsplein" in html and "Procesmanager" in html
    assert f"/beheer/mensen/{procesmanager.id}/ambtenaar" in html
    listed = page(client.get(f"/beheer/mensen?q={procesmanager.email}"))
    assert "Een groener Stationsplein" in listed


def test_making_someone_civil_servant_is_confirmed_first_then_audited_and_mailed(client, make, admin, outbox):
    person = english_speaker(make, name="Jan Jansen")
    sign_in(client, admin)
    confirm = page(client.get(f"/beheer/mensen/{person.id}/ambtenaar"))
    assert "What will happen" in confirm and "create consultations" in confirm and person.email in confirm
    db.session.expire_all()
    assert person.site_role == SiteRole.CITIZEN  # looking changes nothing
    response = client.post(f"/beheer/mensen/{person.id}/ambtenaar")
    assert response.status_code == 302 and response.location.endswith(f"/beheer/mensen/{person.id}")
    db.session.expire_all()
    assert person.site_role == SiteRole.CIVIL_SERVANT
    [entry] = entries("roles.change_site_role", person)
    assert entry.actor_id == admin.id
    assert json.loads(entry.before) == {"site_role": "citizen"} and json.loads(entry.after) == {"site_role": "civil_servant"}
    [mail] = mails(outbox, person.email)
    assert "civil servant" in mail["Subject"] and "http://localhost/beheer" in body(mail)
    assert "is now a civil servant" in page(client.get(f"/beheer/mensen/{person.id}"))
    assert policies.can_create_consultation(person)


def test_roles_are_given_and_taken_in_steps(client, make, admin, outbox):
    person = english_speaker(make, role=SiteRole.CIVIL_SERVANT)
    sign_in(client, admin)
    client.post(f"/beheer/mensen/{person.id}/beheerder")
    db.session.expire_all()
    assert person.site_role == SiteRole.ADMIN
    client.post(f"/beheer/mensen/{person.id}/beheerder-intrekken")
    db.session.expire_all()
    assert person.site_role == SiteRole.CIVIL_SERVANT
    client.post(f"/beheer/mensen/{person.id}/ambtenaar-intrekken")
    db.session.expire_all()
    assert person.site_role == SiteRole.CITIZEN
    assert [json.loads(e.after)["site_role"] for e in entries("roles.change_site_role", person)] == [
        "admin", "civil_servant", "citizen"]
    assert [m["Subject"] for m in mails(outbox, person.email)] == [
        "You are now an administrator", "You are no longer an administrator",
        "You are no longer a civil servant on the participation site"]
    # Asking for what is already so changes nothing and says why.
    response = client.post(f"/beheer/mensen/{person.id}/ambtenaar-intrekken", follow_redirects=True)
    assert "already has this role" in page(response)


def test_an_administrator_cannot_change_their_own_role_or_block_themselves(client, admin):
    sign_in(client, admin)
    own = page(client.get(f"/beheer/mensen/{admin.id}"))
    assert "You cannot change your own role or block yourself" in own
    assert f"/beheer/mensen/{admin.id}/blokkeren" not in own
    for change in ("beheerder-intrekken", "ambtenaar-intrekken", "blokkeren"):
        assert "This change is not possible" in page(client.get(f"/beheer/mensen/{admin.id}/{change}"))
        response = client.post(f"/beheer/mensen/{admin.id}/{change}", follow_redirects=True)
        assert "cannot" in page(response)
    db.session.expire_all()
    assert admin.site_role == SiteRole.ADMIN and not admin.is_blocked


def test_the_last_administrator_who_can_log_in_stays(client, make, admin):
    from sqlalchemy import update

    from cocreatie.clock import utcnow
    from cocreatie.errors import Conflict
    from cocreatie.models import User
    from cocreatie.people import services

    sign_in(client, admin)
    assert "This is the only administrator" in page(client.get(f"/beheer/mensen/{admin.id}"))
    other = make.user(role=SiteRole.ADMIN)
    links = services.Links("m", "p", "l")
    # Two administrators take each other's role at the same moment: the first has just
    # committed when the second, whose request loaded it still as administrator, acts.
    db.session.execute(update(User).where(User.id == other.id).values(site_role=SiteRole.CIVIL_SERVANT)
                       .execution_options(synchronize_session=False))
    assert other.is_admin  # as the second request still sees itself
    with pytest.raises(Conflict):
        services.change_site_role(other, admin, SiteRole.CIVIL_SERVANT, utcnow(), links, "Gemeente")
    with pytest.raises(Conflict):
        services.block_account(other, admin, utcnow(), "Gemeente")
    db.session.expire_all()
    assert admin.site_role == SiteRole.ADMIN and not admin.is_blocked
    # A blocked administrator may do nothing at all.
    db.session.execute(update(User).where(User.id == other.id).values(site_role=SiteRole.ADMIN, blocked_at=utcnow()))
    db.session.expire_all()
    assert not policies.can_manage_people(other)


def test_a_blocked_person_is_logged_out_cannot_log_in_or_post_and_their_content_stays(app, client, make, admin, outbox):
    consultation = make.consultation()
    person = english_speaker(make, name="Lastige Lex")
    idea = make.idea(consultation, author=person, title="Mijn idee blijft staan")
    theirs = app.test_client()
    with theirs.session_transaction() as session:
        session["locale"] = "en"
    login(theirs, person)
    assert theirs.get("/account").status_code == 200
    sign_in(client, admin)
    assert "logged out at once" in page(client.get(f"/beheer/mensen/{person.id}/blokkeren"))
    client.post(f"/beheer/mensen/{person.id}/blokkeren")
    db.session.expire_all()
    assert person.is_blocked
    assert db.session.scalar(select(UserSession).where(UserSession.user_id == person.id,
                                                      UserSession.ended_at.is_(None))) is None
    assert theirs.get("/account").status_code == 302  # their session ended
    response = theirs.post(f"/ideeen/{idea.id}/reacties", data={"body": "Nog een reactie"})
    # Not sent: what they typed is shown to copy, beside the way to log in (which they cannot).
    assert response.status_code == 401 and "/inloggen" in page(response) and "Nog een reactie" in page(response)
    response = theirs.post("/inloggen", data={"email": person.email, "password": PASSWORD})
    assert response.status_code == 200 and "has been blocked" in page(response)
    assert not policies.can_submit_idea(person, consultation)
    assert not policies.can_comment_on_idea(person, idea)
    assert "Mijn idee blijft staan" in page(client.get(f"/ideeen/{idea.id}"))
    [entry] = entries("accounts.block", person)
    assert entry.actor_id == admin.id
    assert mails(outbox, person.email)[-1]["Subject"] == "Your account has been blocked"
    # Unblocking lets them in again.
    assert "can log in and take part again" in page(client.get(f"/beheer/mensen/{person.id}/deblokkeren"))
    client.post(f"/beheer/mensen/{person.id}/deblokkeren")
    db.session.expire_all()
    assert not person.is_blocked and entries("accounts.unblock", person)
    assert mails(outbox, person.email)[-1]["Subject"] == "Your account is no longer blocked"
    response = theirs.post("/inloggen", data={"email": person.email, "password": PASSWORD})
    assert response.status_code == 302


def test_the_confirmation_page_and_the_mail_are_dutch_for_dutch_speakers(client, make, admin, outbox):
    person = make.user(name="Jan Jansen")
    person.locale = "nl"
    db.session.commit()
    with client.session_transaction() as session:
        session["locale"] = "nl"
    sign_in(client, admin)
    html = page(client.get(f"/beheer/mensen/{person.id}/ambtenaar"))
    assert "Wat er gebeurt" in html, html[html.find("<main"):]
    client.post(f"/beheer/mensen/{person.id}/ambtenaar")
    [mail] = mails(outbox, person.email)
    assert "ambtenaar" in body(mail)
