import email
import re
import sqlite3

import pytest
from sqlalchemy import select

from cocreatie import db
from cocreatie.accounts import services
from cocreatie.errors import DomainError
from cocreatie.models import User
from cocreatie.web import safe_next
from tests.conftest import NOW, TEST_DB
from tests.factories import PASSWORD


def _mails(outbox):
    return [email.message_from_bytes(p.read_bytes()) for p in sorted(outbox.glob("*.eml"))] if outbox.exists() else []


def _register(client, address="nieuw@example.nl", password="een lang wachtwoord", name="Nieuwe Inwoner"):
    return client.post("/registreren", data={"email": address, "display_name": name, "password": password})


def _confirm_link(message) -> str:
    return re.search(r"http://localhost(/bevestigen/\S+)", message.get_payload(decode=True).decode()).group(1)


def test_registration_confirms_by_e_mail_then_signs_in(client, outbox):
    response = _register(client)
    assert response.status_code == 302 and response.location.endswith("/registreren/controleer-uw-e-mail")
    [message] = _mails(outbox)
    assert message["To"] == "nieuw@example.nl"
    link = _confirm_link(message)
    assert client.get(link).status_code == 200  # a page with a button; the token is not spent yet
    response = client.post(link)
    assert response.status_code == 302
    assert "Nieuwe Inwoner" in client.get("/").get_data(as_text=True)
    # The link works once.
    client.post("/uitloggen")
    assert client.post(link).status_code == 400


def test_registering_a_taken_address_reveals_nothing(client, make, outbox):
    existing = make.user()
    response = _register(client, address=existing.email.upper())
    assert response.status_code == 302 and response.location.endswith("/registreren/controleer-uw-e-mail")
    [message] = _mails(outbox)
    assert message["To"] == existing.email
    assert "/bevestigen/" not in message.get_payload(decode=True).decode()
    assert db.session.scalar(select(User).where(User.display_name == "Nieuwe Inwoner")) is None


@pytest.mark.parametrize(
    "password, problem",
    [("kort", "at least 12"), ("123456789012", "too common"), ("nieuw@example.nl", "e-mail address or name")],
)
def test_weak_passwords_are_refused_next_to_the_field_and_input_is_kept(client, password, problem):
    with client.session_transaction() as session:
        session["locale"] = "en"
    response = _register(client, password=password)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert problem in page
    assert 'value="nieuw@example.nl"' in page and 'value="Nieuwe Inwoner"' in page
    assert "There is a problem" in page


def test_tokens_expire(app, make, frozen):
    user = make.user()
    token = services.issue_token(user, services.TokenPurpose.CONFIRM_EMAIL, services.CONFIRM_TOKEN_LIFETIME, NOW)
    db.session.commit()
    frozen.shift(services.CONFIRM_TOKEN_LIFETIME)
    with pytest.raises(DomainError):
        services.confirm_email(token, NOW + services.CONFIRM_TOKEN_LIFETIME)


def test_tokens_are_stored_hashed(app, make):
    user = make.user()
    token = services.issue_token(user, services.TokenPurpose.CONFIRM_EMAIL, services.CONFIRM_TOKEN_LIFETIME, NOW)
    db.session.commit()
    from cocreatie.models import AccountToken

    stored = db.session.scalar(select(AccountToken.token_hash))
    assert token not in stored


def test_login_failure_does_not_say_which_part_was_wrong(client, make):
    user = make.user()
    unknown = client.post("/inloggen", data={"email": "niemand@example.nl", "password": PASSWORD}).get_data(as_text=True)
    wrong = client.post("/inloggen", data={"email": user.email, "password": "wrong password!"}).get_data(as_text=True)
    message = "e-mailadres of wachtwoord"
    assert message in unknown.lower() or "password is not correct" in unknown
    assert ('value="niemand@example.nl"' in unknown) and (f'value="{user.email}"' in wrong)


def test_login_starts_a_new_session_and_honours_only_local_next(client, make):
    user = make.user()
    with client.session_transaction() as session:
        session["stale"] = "from before"
    response = client.post("/inloggen?next=https://evil.example/", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302 and response.location == "/"
    with client.session_transaction() as session:
        assert "stale" not in session and session["_user_id"] == str(user.id)
    client.post("/uitloggen")
    response = client.post("/inloggen?next=/consultaties/x", data={"email": user.email, "password": PASSWORD})
    assert response.location == "/consultaties/x"


def test_logout_is_post_only(client, make):
    assert client.get("/uitloggen").status_code == 405


@pytest.mark.parametrize(
    "target, ok",
    [("/a", True), ("//evil.example", False), ("https://evil.example", False), ("/\\evil", False), ("", False), ("javascript:x", False)],
)
def test_safe_next(target, ok):
    assert (safe_next(target) == target) is ok


# Log-in limits per account and per (account, address): tests/accounts/test_rate_limits.py


def test_unconfirmed_accounts_get_a_new_link_instead_of_a_session(client, outbox):
    _register(client)
    client.post("/inloggen", data={"email": "nieuw@example.nl", "password": "een lang wachtwoord"})
    with client.session_transaction() as session:
        assert "_user_id" not in session
    assert len(_mails(outbox)) == 2


def test_language_switch_is_remembered(client):
    assert 'lang="nl"' in client.get("/").get_data(as_text=True)
    client.post("/taal", data={"locale": "en", "next": "/"})
    assert 'lang="en"' in client.get("/").get_data(as_text=True)
    assert client.post("/taal", data={"locale": "xx"}).status_code == 400


def test_a_language_chosen_before_logging_in_is_kept_for_e_mail(client, make):
    user = make.user()
    client.post("/taal", data={"locale": "en", "next": "/"})
    assert client.post("/inloggen", data={"email": user.email, "password": PASSWORD}).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).locale == "en"


@pytest.mark.skipif(TEST_DB != "sqlite", reason="PostgreSQL takes no database-wide write lock")
def test_the_password_is_checked_before_sqlites_write_lock_is_taken(app, committed, client, make, monkeypatch, database_url):
    """The password check is slow on purpose; other people's writes must not wait for it.
    While it runs, another connection can take SQLite's write lock at once."""
    user = make.user()
    db.session.commit()
    checked = services.authenticate
    other_writer_got_the_lock = []

    def authenticate_while_another_writes(email, password):
        found = checked(email, password)
        other = sqlite3.connect(database_url.removeprefix("sqlite:///"), timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            other_writer_got_the_lock.append(True)
        except sqlite3.OperationalError:
            other_writer_got_the_lock.append(False)
        finally:
            other.close()
        return found

    monkeypatch.setattr(services, "authenticate", authenticate_while_another_writes)
    response = client.post("/inloggen", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert other_writer_got_the_lock == [True]
