"""Behind a proxy the visitor's address comes from PROXY_HOPS trusted hops, never from
whatever X-Forwarded-For says (finding F3): rate limits and the audit log see the visitor,
so people behind the same TLS proxy do not share one limit, and a forged header escapes
nothing. Once through the test client, once against gunicorn (`server`)."""

from __future__ import annotations

import itertools

import pytest
import requests
from sqlalchemy import select

from cocreatie import create_app, db
from cocreatie.accounts import guessing
from cocreatie.config import ConfigError, from_environment
from cocreatie.models import AuditEntry
from tests.live import LiveServer, csrf_token

PROXY = "10.0.0.1"  # every request arrives from the proxy
_unknown = (f"niemand{n}@example.nl" for n in itertools.count())


def _log_in(client, forwarded_for: str | None, email_address: str | None = None) -> int:
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return client.post("/inloggen", data={"email": email_address or next(_unknown), "password": "niet het wachtwoord"},
                       headers=headers, environ_base={"REMOTE_ADDR": PROXY}).status_code


def _limited(app, hops: int):
    return create_app({**app.config, "RATELIMIT_ENABLED": True, "PROXY_HOPS": hops}).test_client()


def test_proxy_hops_is_a_whole_number_and_none_by_default():
    assert from_environment({})["PROXY_HOPS"] == 0
    assert from_environment({"PROXY_HOPS": "2"})["PROXY_HOPS"] == 2
    for wrong in ("-1", "one", "1.5", "²"):
        with pytest.raises(ConfigError, match="PROXY_HOPS"):
            from_environment({"PROXY_HOPS": wrong})


def test_behind_one_proxy_visitors_get_limits_of_their_own(app, committed):
    client = _limited(app, hops=1)
    assert [_log_in(client, "203.0.113.1") for _ in range(11)] == [200] * 10 + [429]
    assert _log_in(client, "203.0.113.2") == 200  # another visitor, through the same proxy


def test_behind_one_proxy_only_the_address_the_proxy_added_counts(app, committed):
    """A visitor can send X-Forwarded-For themselves; the proxy appends the address it saw,
    and one hop means only that last one is believed."""
    client = _limited(app, hops=1)
    codes = [_log_in(client, f"192.0.2.{n}, 203.0.113.1") for n in range(11)]
    assert codes == [200] * 10 + [429]


def test_without_a_trusted_proxy_a_forged_forwarded_for_escapes_nothing(app, committed):
    client = _limited(app, hops=0)
    codes = [_log_in(client, f"203.0.113.{n}") for n in range(11)]
    assert codes == [200] * 10 + [429]


def test_the_audit_log_records_the_visitors_address(app, committed, make):
    client = create_app({**app.config, "PROXY_HOPS": 1}).test_client()
    owner = make.user()
    for n in range(guessing.THRESHOLD + 1):
        _log_in(client, f"203.0.113.{n}", owner.email)
    db.session.expire_all()
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "accounts.password_guessing"))
    assert f'"203.0.113.{guessing.THRESHOLD}"' in entry.after and PROXY not in entry.after


# --- against gunicorn ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def behind_proxy(database_url, redis_server, tmp_path_factory):
    server = LiveServer(database_url, tmp_path_factory.mktemp("outbox"), workers=2,
                        rate_limits=redis_server.url, proxy_hops=1)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def facing_visitors(database_url, redis_server, tmp_path_factory):
    server = LiveServer(database_url, tmp_path_factory.mktemp("outbox"), workers=2,
                        rate_limits=redis_server.url, proxy_hops=0)
    yield server
    server.stop()


class Visitor:
    """A browser behind the proxy: every request carries the X-Forwarded-For it would add."""

    def __init__(self, server: LiveServer, forwarded_for: str):
        self.server = server
        self.session = requests.Session()
        self.session.headers["X-Forwarded-For"] = forwarded_for

    def log_in(self) -> int:
        token = csrf_token(self.session.get(self.server.url + "/inloggen", timeout=30).text)
        return self.session.post(self.server.url + "/inloggen", timeout=60, data={
            "csrf_token": token, "email": next(_unknown), "password": "niet het wachtwoord",
        }).status_code


@pytest.mark.server
def test_gunicorn_behind_a_proxy_keeps_visitors_apart(behind_proxy, redis_url):
    first, second = Visitor(behind_proxy, "203.0.113.1"), Visitor(behind_proxy, "203.0.113.2")
    assert [first.log_in() for _ in range(11)] == [200] * 10 + [429]
    assert second.log_in() == 200


@pytest.mark.server
def test_gunicorn_facing_visitors_believes_no_forwarded_for(facing_visitors, redis_url):
    codes = [Visitor(facing_visitors, f"203.0.113.{n}").log_in() for n in range(11)]
    assert codes == [200] * 10 + [429]
