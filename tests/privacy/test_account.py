"""The account page: changing one's name, e-mail address (confirmed by a link to the new
address, the old one told) and password (the current one asked, the owner told)."""

from __future__ import annotations

import email
import re

import pytest
from sqlalchemy import select

from cocreatie import db, policies
from cocreatie.accounts import services as accounts
from cocreatie.models import AccountToken, AuditEntry, SiteRole, TokenPurpose, User
from tests.conftest import login
from tests.factories import PASSWORD

NEW_PASSWORD = "een heel ander wachtwoord"


def _mails(outbox):
    return [email.message_from_bytes(p.read_bytes()) for p in sorted(outbox.glob("*.eml"))] if outbox.exists() else []


def _body(message) -> str:
    return message.get_payload(decode=True).decode()


def _link(message) -> str:
    return re.search(r"http://localhost(/account/e-mailadres/bevestigen/\S+)", _body(message)).group(1)


# --- the page ------------------------------------------------------------------------------


def test_the_account_page_is_linked_from_the_header_and_shows_the_forms(client, make, frozen, english):
    user = make.user("Anna de Vries")
    assert 'href="/account"' not in client.get("/").get_data(as_text=True)
    login(client, user)
    assert 'href="/account"' in client.get("/").get_data(as_text=True)
    page = client.get("/account").get_data(as_text=True)
    assert "<h1>My account</h1>" in page
    assert 'value="Anna de Vries"' in page and user.email in page
    for field_id in ("name-display_name", "email-email", "email-password", "password-current_password",
                     "password-new_password"):
        assert f'id="{field_id}"' in page
    assert 'action="/account/gegevens"' in page and 'href="/account/verwijderen"' in page


def test_visitors_are_sent_to_log_in(client):
    for method, path in (("get", "/account"), ("post", "/account/naam"), ("post", "/account/e-mailadres"),
                         ("post", "/account/wachtwoord"), ("post", "/account/gegevens")):
        response = getattr(client, method)(path)
        assert response.status_code == 302 and "/inloggen" in response.location, path


def test_the_policies_let_only_signed_in_people_manage_their_own_account(make, frozen):
    from flask_login import AnonymousUserMixin

    user = make.user()
    for policy in (policies.can_manage_own_account, policies.can_download_own_data, policies.can_delete_own_account):
        assert policy(user) and not policy(None) and not policy(AnonymousUserMixin())


# --- the name ------------------------------------------------------------------------------


def test_a_new_name_is_saved_in_its_normal_form(client, make, frozen):
    user = make.user("Anna")
    login(client, user)
    response = client.post("/account/naam", data={"name-display_name": "  Anna   de Vries "})
    assert response.status_code == 302 and response.location.endswith("/account")
    db.session.expire_all()
    assert db.session.get(User, user.id).display_name == "Anna de Vries"


def test_a_name_that_suggests_a_role_is_refused_next_to_the_field_and_kept(client, make, frozen, english):
    user = make.user("Anna")
    login(client, user)
    response = client.post("/account/naam", data={"name-display_name": "Anna van de Gemeente"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="name-display_name-error"' in page and "suggest that you speak for the organisation" in page
    assert 'class="error-summary"' in page and 'href="#name-display_name"' in page
    assert 'value="Anna van de Gemeente"' in page
    db.session.expire_all()
    assert db.session.get(User, user.id).display_name == "Anna"


def test_a_staff_member_may_keep_a_name_with_a_role_in_it(client, make, frozen):
    user = make.user("Wethouder Jansen", role=SiteRole.CIVIL_SERVANT)  # set by an administrator
    login(client, user)
    assert client.post("/account/naam", data={"name-display_name": "Wethouder Jansen"}).status_code == 302
    assert client.post("/account/naam", data={"name-display_name": "Wethouder Pietersen"}).status_code == 422


# --- the e-mail address --------------------------------------------------------------------


def _change_email(client, address, password=PASSWORD):
    return client.post("/account/e-mailadres", data={"email-email": address, "email-password": password})


def test_a_new_address_counts_once_its_link_is_used_and_the_old_address_is_told(client, make, frozen, outbox):
    user = make.user()
    old = user.email
    reset = accounts.issue_token(user, TokenPurpose.RESET_PASSWORD, accounts.RESET_TOKEN_LIFETIME, user.created_at)
    db.session.commit()
    login(client, user)

    response = _change_email(client, "Nieuw.Adres@Example.nl")
    assert response.status_code == 302 and response.location.endswith("/account")
    [message] = [m for m in _mails(outbox) if m["To"] == "nieuw.adres@example.nl"]
    db.session.expire_all()
    assert db.session.get(User, user.id).email == old  # not yet
    link = _link(message)
    assert client.get(link).status_code == 200  # a button; mail scanners do not spend the link
    assert db.session.get(User, user.id).email == old

    response = client.post(link)
    assert response.status_code == 302 and response.location.endswith("/account")
    db.session.expire_all()
    changed = db.session.get(User, user.id)
    assert (changed.email, changed.pending_email) == ("nieuw.adres@example.nl", None)
    notice = [m for m in _mails(outbox) if m["To"] == old][-1]
    assert "nieuw.adres@example.nl" in _body(notice)
    # The link works once; a password link that went to the old address no longer works.
    assert client.post(link).status_code == 400
    assert accounts.usable_token_owner(reset, TokenPurpose.RESET_PASSWORD, user.created_at) is None
    assert db.session.scalar(select(AuditEntry.action).order_by(AuditEntry.id.desc())) == "accounts.change_email"
    # Logging in now takes the new address.
    client.post("/uitloggen")
    assert client.post("/inloggen", data={"email": "nieuw.adres@example.nl", "password": PASSWORD}).status_code == 302


def test_the_link_also_works_in_another_browser(app, make, frozen, outbox):
    user = make.user()
    login(app.test_client(), user)
    signed_in = app.test_client()
    login(signed_in, user)
    _change_email(signed_in, "elders@example.nl")
    [message] = [m for m in _mails(outbox) if m["To"] == "elders@example.nl"]
    response = app.test_client().post(_link(message))
    assert response.status_code == 302 and "/inloggen" in response.location
    db.session.expire_all()
    assert db.session.get(User, user.id).email == "elders@example.nl"


def test_a_taken_address_looks_the_same_on_the_page_and_its_owner_is_told(client, make, frozen, outbox, english):
    user, owner = make.user(), make.user()
    login(client, user)

    def banner_after(address: str) -> str:
        response = _change_email(client, address)
        assert response.status_code == 302 and response.location.endswith("/account")
        page = client.get("/account").get_data(as_text=True)
        return re.findall(r'<div class="banner banner--success" role="status">\s*<p>(.*?)</p>', page)[-1]

    taken = banner_after(owner.email.upper())
    free = banner_after("vrij@example.nl")
    assert taken.replace(owner.email.upper(), "X") == free.replace("vrij@example.nl", "X")
    assert "Your e-mail address changes once you open it." in free
    messages = {m["To"]: m for m in _mails(outbox)}
    assert "/account/e-mailadres/bevestigen/" not in _body(messages[owner.email])
    assert "already belongs to your account" in _body(messages[owner.email])
    assert "/account/e-mailadres/bevestigen/" in _body(messages["vrij@example.nl"])
    db.session.expire_all()
    assert db.session.get(User, user.id).pending_email == "vrij@example.nl"


def test_asking_again_spends_the_earlier_link(client, make, frozen, outbox):
    user = make.user()
    login(client, user)
    _change_email(client, "eerste@example.nl")
    _change_email(client, "tweede@example.nl")
    first = _link(next(m for m in _mails(outbox) if m["To"] == "eerste@example.nl"))
    second = _link(next(m for m in _mails(outbox) if m["To"] == "tweede@example.nl"))
    assert client.post(first).status_code == 400
    assert client.post(second).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).email == "tweede@example.nl"


def test_an_address_taken_in_the_meantime_is_not_taken_over(client, make, frozen, outbox, english):
    user = make.user()
    login(client, user)
    _change_email(client, "gewild@example.nl")
    link = _link(next(m for m in _mails(outbox) if m["To"] == "gewild@example.nl"))
    accounts.create_user("gewild@example.nl", "Snelle Registreerder", PASSWORD, user.created_at)
    db.session.commit()
    response = client.post(link)
    assert response.status_code == 400
    assert "now used by another account" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).email != "gewild@example.nl"


@pytest.mark.parametrize(
    "address, password, field, message",
    [
        ("nieuw@example.nl", "niet mijn wachtwoord", "email-password", "This is not your current password."),
        ("geen-adres", PASSWORD, "email-email", "Enter an e-mail address like name@example.nl."),
        ("", PASSWORD, "email-email", "This field is required."),
    ],
)
def test_a_change_of_address_needs_a_valid_address_and_the_password(client, make, frozen, outbox, english,
                                                                    address, password, field, message):
    user = make.user()
    login(client, user)
    response = _change_email(client, address, password)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page and message in page
    assert f'value="{address}"' in page if address else True  # what was typed stays
    assert not [m for m in _mails(outbox) if m["To"] == "nieuw@example.nl"]
    assert db.session.scalar(select(AccountToken).where(AccountToken.purpose == TokenPurpose.CHANGE_EMAIL)) is None


def test_ones_own_address_is_not_a_change(client, make, frozen, english):
    user = make.user()
    login(client, user)
    response = _change_email(client, user.email)
    assert response.status_code == 422 and "This is already your e-mail address." in response.get_data(as_text=True)


# --- the password --------------------------------------------------------------------------


def _change_password(client, current=PASSWORD, new=NEW_PASSWORD):
    return client.post("/account/wachtwoord", data={"password-current_password": current, "password-new_password": new})


def test_a_new_password_ends_other_sessions_keeps_this_one_and_tells_the_owner(app, client, make, frozen, outbox):
    user = make.user()
    elsewhere = app.test_client()
    login(elsewhere, user)
    login(client, user)

    response = _change_password(client)

    assert response.status_code == 302 and response.location.endswith("/account")
    assert client.get("/account").status_code == 200  # still signed in here
    assert elsewhere.get("/account").status_code == 302  # signed out there
    notice = [m for m in _mails(outbox) if m["To"] == user.email][-1]
    assert "password" in notice["Subject"].lower() or "wachtwoord" in notice["Subject"].lower()
    client.post("/uitloggen")
    assert client.post("/inloggen", data={"email": user.email, "password": PASSWORD}).status_code == 200
    assert client.post("/inloggen", data={"email": user.email, "password": NEW_PASSWORD}).status_code == 302


@pytest.mark.parametrize(
    "current, new, field, message",
    [
        ("niet mijn wachtwoord", NEW_PASSWORD, "password-current_password", "This is not your current password."),
        (PASSWORD, "kort", "password-new_password", "Use at least 12 characters."),
        (PASSWORD, "123456789012", "password-new_password", "This password is too common."),
    ],
)
def test_a_password_change_needs_the_current_password_and_a_good_new_one(client, make, frozen, english,
                                                                         current, new, field, message):
    user = make.user()
    login(client, user)
    response = _change_password(client, current, new)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page and message in page
    db.session.expire_all()
    assert accounts.authenticate(user.email, PASSWORD) is not None
