"""Log-in limits that stop guessing without becoming a lock-out button (finding F1), the
owner told when their account is being guessed at, and limits that hold across workers
(`server`: four gunicorn workers counting in one Redis)."""

from __future__ import annotations

import email
import itertools

import pytest
import requests
from sqlalchemy import select

from cocreatie import create_app, db
from cocreatie.accounts import guessing
from cocreatie.models import AuditEntry
from tests.factories import PASSWORD
from tests.live import LiveServer, all_at_once, csrf_token

WRONG = "not the password at all"
OWNER_AT_HOME = "192.0.2.1"
_addresses = (f"198.51.100.{n}" for n in itertools.count(1))


def _mails(outbox, subject_part: str):
    messages = [email.message_from_bytes(p.read_bytes()) for p in sorted(outbox.glob("*.eml"))] if outbox.exists() else []
    return [m for m in messages if subject_part in m["Subject"]]


def _log_in(client, address: str, email_address: str, password: str = WRONG) -> int:
    return client.post("/inloggen", data={"email": email_address, "password": password},
                       environ_base={"REMOTE_ADDR": address}).status_code


@pytest.fixture
def limited(app, committed):
    """A client of an app with its rate limits on (the suite's app has them off)."""
    return create_app({**app.config, "RATELIMIT_ENABLED": True}).test_client()


def test_an_attackers_failures_do_not_lock_the_owner_out(limited, make):
    owner = make.user()
    attacker = next(_addresses)
    codes = [_log_in(limited, attacker, owner.email) for _ in range(11)]
    assert codes == [200] * 10 + [429]  # the attacker is stopped …
    assert _log_in(limited, OWNER_AT_HOME, owner.email, PASSWORD) == 302  # … the owner is not


def test_one_account_is_limited_across_addresses_more_loosely(limited, make):
    owner = make.user()
    codes = [_log_in(limited, next(_addresses), owner.email) for _ in range(51)]
    assert codes == [200] * 50 + [429]
    assert _log_in(limited, next(_addresses), make.user().email) == 200  # other accounts go on


def test_the_owner_is_told_once_when_their_account_is_being_guessed_at(client, make, outbox, english):
    owner = make.user()
    for _ in range(guessing.THRESHOLD):
        _log_in(client, next(_addresses), owner.email)
    assert _mails(outbox, "") == []  # not yet: a few mistakes are no attack

    for _ in range(3 * guessing.THRESHOLD):  # past the threshold, and far past it
        _log_in(client, next(_addresses), owner.email)
    [message] = _mails(outbox, "Iemand probeert in te loggen")  # in the owner's language, once
    assert message["To"] == owner.email
    body = message.get_payload(decode=True).decode()
    assert "/wachtwoord-vergeten" in body and WRONG not in body
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "accounts.password_guessing"))
    assert entry.subject == f"user {owner.id}" and "198.51.100." in entry.after


def test_the_owners_own_mistakes_from_a_familiar_address_tell_nobody(client, make, outbox):
    owner = make.user()
    assert _log_in(client, OWNER_AT_HOME, owner.email, PASSWORD) == 302
    client.post("/uitloggen", environ_base={"REMOTE_ADDR": OWNER_AT_HOME})
    for _ in range(3 * guessing.THRESHOLD):
        _log_in(client, OWNER_AT_HOME, owner.email)
    assert _mails(outbox, "") == []


def test_guessing_at_an_address_without_an_account_sends_nothing(client, make, outbox):
    for _ in range(2 * guessing.THRESHOLD):
        _log_in(client, next(_addresses), "niemand@example.nl")
    assert _mails(outbox, "") == []
    assert db.session.scalar(select(AuditEntry)) is None


# --- across workers ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def shared_limits_server(database_url, redis_server, tmp_path_factory):
    """Four gunicorn workers whose rate limits count in one Redis."""
    server = LiveServer(database_url, tmp_path_factory.mktemp("outbox"), workers=4, rate_limits=redis_server.url)
    yield server
    server.stop()


@pytest.mark.server
def test_four_workers_together_allow_exactly_the_limit(shared_limits_server, redis_url):
    """Ten log-ins a minute from one address; fourteen sent at once, spread over the
    workers, and exactly ten get an answer. Counted per worker, each would allow ten."""
    sessions = []
    for n in range(14):
        session = requests.Session()
        token = csrf_token(session.get(shared_limits_server.url + "/inloggen", timeout=30).text)
        sessions.append((session, token, f"niemand{n}@example.nl"))

    def attempt(session, token, address):
        return lambda: session.post(shared_limits_server.url + "/inloggen", timeout=60,
                                    data={"csrf_token": token, "email": address, "password": WRONG}).status_code

    codes = all_at_once([attempt(*s) for s in sessions])
    assert sorted(codes) == [200] * 10 + [429] * 4, codes
