"""Password reset by e-mail (part of the notifications issue; the code lives in accounts)."""

from __future__ import annotations

from sqlalchemy import select

from cocreatie import db
from cocreatie.accounts import services
from cocreatie.models import AccountToken, TokenPurpose
from tests.conftest import NOW, login
from tests.factories import PASSWORD
from tests.notifications.helpers import body, fresh, link, mails

NEW_PASSWORD = "paarse olifanten dansen op dinsdag"


def _ask(client, address):
    return client.post("/wachtwoord-vergeten", data={"email": address})


def _reset_link(client, outbox, user) -> str:
    _ask(client, user.email)
    return link(mails(outbox, to=user.email)[-1], "/wachtwoord-herstellen/")


def _logs_in(client, user, password) -> bool:
    client.post("/uitloggen")
    return client.post("/inloggen", data={"email": user.email, "password": password}).status_code == 302


def test_the_log_in_page_links_to_it(client):
    assert 'href="/wachtwoord-vergeten"' in client.get("/inloggen").get_data(as_text=True)


def test_asking_reveals_nothing_about_whether_an_address_has_an_account(client, make, frozen, outbox):
    user = make.user()
    known, unknown = _ask(client, user.email.upper()), _ask(client, "niemand@example.nl")
    assert known.status_code == unknown.status_code == 302
    assert known.location == unknown.location == "/wachtwoord-vergeten/verstuurd"
    assert [m["To"] for m in mails(outbox)] == [user.email]
    # The link points at the configured site, not at whatever Host the request named.
    assert "http://localhost/wachtwoord-herstellen/" in body(mails(outbox)[0])


def test_a_reset_sets_the_password_spends_the_link_and_says_so_by_e_mail(client, make, frozen, outbox, english):
    user = make.user()
    path = _reset_link(client, outbox, user)
    assert client.get(path).status_code == 200  # looking does not spend the link

    # A weak password is refused next to the field, and the link stays usable.
    response = client.post(path, data={"password": "kort"})
    assert response.status_code == 200 and "at least 12" in response.get_data(as_text=True)
    response = client.post(path, data={"password": user.email})
    assert "e-mail address or name" in response.get_data(as_text=True)

    response = client.post(path, data={"password": NEW_PASSWORD})
    assert response.status_code == 302
    with client.session_transaction() as session:
        assert session["_user_id"] == str(user.id)  # a new session, signed in
    [changed] = [m for m in mails(outbox, to=user.email) if "changed" in m["Subject"]]
    assert "/wachtwoord-vergeten" in body(changed)

    assert client.post(path, data={"password": "nog een ander wachtwoord"}).status_code == 400  # used once
    assert client.get(path).status_code == 400
    assert _logs_in(client, user, NEW_PASSWORD) and not _logs_in(client, user, PASSWORD)


def test_reset_links_expire(client, make, frozen, outbox):
    user = make.user()
    path = _reset_link(client, outbox, user)
    frozen.shift(services.RESET_TOKEN_LIFETIME)
    assert client.get(path).status_code == 400
    assert client.post(path, data={"password": NEW_PASSWORD}).status_code == 400
    assert _logs_in(client, user, PASSWORD)


def test_a_reset_spends_the_other_open_reset_links(client, make, frozen, outbox):
    user = make.user()
    first = _reset_link(client, outbox, user)
    second = _reset_link(client, outbox, user)
    assert client.post(second, data={"password": NEW_PASSWORD}).status_code == 302
    client.post("/uitloggen")
    assert client.post(first, data={"password": "een heel ander wachtwoord"}).status_code == 400


def test_links_are_bound_to_their_purpose(client, make, frozen):
    user = make.user()
    confirm = services.issue_token(user, TokenPurpose.CONFIRM_EMAIL, services.CONFIRM_TOKEN_LIFETIME, NOW)
    db.session.commit()
    assert client.post(f"/wachtwoord-herstellen/{confirm}", data={"password": NEW_PASSWORD}).status_code == 400
    fresh()
    assert db.session.scalar(select(AccountToken.used_at).where(AccountToken.user_id == user.id)) is None


def test_a_reset_ends_every_other_session(app, client, make, frozen, outbox):
    user = make.user()
    elsewhere = app.test_client()
    login(elsewhere, user)
    assert user.display_name in elsewhere.get("/").get_data(as_text=True)

    path = _reset_link(client, outbox, user)
    client.post(path, data={"password": NEW_PASSWORD})

    assert user.display_name in client.get("/").get_data(as_text=True)  # the new session lives
    assert user.display_name not in elsewhere.get("/").get_data(as_text=True)  # the old one ended
    with elsewhere.session_transaction() as session:
        assert "_user_id" not in session


def test_asking_is_rate_limited(app, committed, make):
    from cocreatie import create_app

    client = create_app({**app.config, "RATELIMIT_ENABLED": True}).test_client()
    user = make.user()
    codes = [
        client.post("/wachtwoord-vergeten", data={"email": user.email}, environ_base={"REMOTE_ADDR": f"10.0.1.{i}"}).status_code
        for i in range(4)
    ]
    assert codes == [302, 302, 302, 429]  # per address asked for, from any network address
