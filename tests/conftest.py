"""Fixtures: a database per test run (SQLite, or PostgreSQL with COCREATIE_TEST_DB=postgresql),
migrated once with Alembic and emptied after every test; the app, clients and factories."""

from __future__ import annotations

import os
from datetime import datetime, timedelta

import pytest
import time_machine
from sqlalchemy import create_engine, text

from cocreatie import create_app, db
from cocreatie.cli import upgrade_database
from cocreatie.models import Base
from tests.factories import Factories

pytest_plugins = ["tests.browser.fixtures"]

TEST_DB = os.environ.get("COCREATIE_TEST_DB", "sqlite")
NOW = datetime(2026, 6, 15, 10, 0, 0)


def pytest_report_header() -> str:
    return f"database: {TEST_DB}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    if TEST_DB == "postgresql":
        from tests.pgcluster import Cluster

        cluster = Cluster()
        url = cluster.start()
        upgrade_database(url)
        yield url
        cluster.stop()
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"
        upgrade_database(url)
        yield url


def _empty_all_tables(url: str) -> None:
    engine = create_engine(url)
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(text(f"DELETE FROM {table}"))
            connection.execute(text("INSERT INTO ideas_fts(ideas_fts) VALUES ('rebuild')"))
        # A write around the application: servers still running (the browser tests') must
        # not serve pages of the data just removed.
        connection.execute(text("UPDATE content_version SET version = version + 1"))
    engine.dispose()


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch):
    from cocreatie.accounts import services

    monkeypatch.setattr(services, "PASSWORD_HASH_METHOD", "pbkdf2:sha256:1")


@pytest.fixture
def english(client):
    """The interface in English for this test's client."""
    with client.session_transaction() as session:
        session["locale"] = "en"


@pytest.fixture
def outbox(tmp_path):
    return tmp_path / "outbox"


@pytest.fixture
def app(database_url, outbox):
    application = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "MAIL_OUTBOX": str(outbox),
            "SERVER_NAME": "localhost",
            "PUBLIC_URL": "http://localhost",
        }
    )
    with application.app_context():
        yield application
    application.extensions["cocreatie.db"].dispose()
    _empty_all_tables(database_url)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def frozen():
    """Freeze time at NOW; `frozen.shift(timedelta)` moves it."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def make(app):
    return Factories(now=NOW)


def login(client, user) -> None:
    from tests.factories import PASSWORD

    client.post("/uitloggen")
    response = client.post("/inloggen", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302, "log-in failed"


@pytest.fixture
def as_user(client):
    def sign_in(user):
        login(client, user)
        return client

    return sign_in


DAY = timedelta(days=1)
from tests.live import live_server  # noqa: E402,F401
