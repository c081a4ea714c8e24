"""PostgreSQL connections: tried after a rest, not on every request (decision 0021); reading
requests in autocommit, with a transaction from their first write (cocreatie/db.py)."""

from __future__ import annotations

import tempfile

import pytest
from psycopg import pq
from sqlalchemy import event

from cocreatie import db
from tests.conftest import TEST_DB, login

pytestmark = pytest.mark.skipif(TEST_DB != "postgresql", reason="SQLite has no server to lose")


def _pings(engine) -> list[str]:
    sent: list[str] = []
    # The ping goes straight to the driver; count what the server was asked through it.
    original = engine.pool._creator

    def creator():
        connection = original()
        execute = connection.cursor

        class Counting:
            def __init__(self, cursor):
                self._cursor = cursor

            def execute(self, statement, *args, **kwargs):
                if statement == "SELECT 1":
                    sent.append(statement)
                return self._cursor.execute(statement, *args, **kwargs)

            def __getattr__(self, name):
                return getattr(self._cursor, name)

        connection.cursor = lambda *a, **k: Counting(execute(*a, **k))
        return connection

    engine.pool._creator = creator
    return sent


def test_a_connection_in_steady_use_is_not_pinged_and_one_after_a_rest_is(database_url, monkeypatch):
    engine = db.make_engine(database_url)
    pings = _pings(engine)
    try:
        for _ in range(3):
            with engine.connect() as connection:
                assert connection.exec_driver_sql("SELECT 2").scalar() == 2
        assert len(pings) == 1  # the new connection, once
        monkeypatch.setattr(db, "PING_AFTER_SECONDS", 0.0)
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 2")
        assert len(pings) == 2
    finally:
        engine.dispose()


def test_a_connection_the_server_dropped_is_replaced_before_use(database_url, monkeypatch):
    engine = db.make_engine(database_url)
    try:
        with engine.connect() as connection:
            backend = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
        other = db.make_engine(database_url)
        with other.connect() as admin:
            assert admin.exec_driver_sql(f"SELECT pg_terminate_backend({int(backend)})").scalar()
        other.dispose()
        monkeypatch.setattr(db, "PING_AFTER_SECONDS", 0.0)  # as after a rest
        with engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT pg_backend_pid()").scalar() != backend
    finally:
        engine.dispose()


def test_a_reading_connection_opens_a_transaction_before_anything_but_a_plain_read(database_url):
    engine = db.make_engine(database_url)
    reading = db.reading_engine(engine)
    try:
        for statement, opens in [
            ("SELECT 1", False),
            ("SELECT id FROM users FOR UPDATE", True),
            ("SELECT id FROM users FOR NO KEY UPDATE", True),
            ("SELECT id FROM users FOR SHARE", True),
            ("SELECT pg_advisory_xact_lock(1)", True),
            ("UPDATE users SET display_name = display_name WHERE id = 0", True),
            ("WITH x AS (SELECT 1) SELECT * FROM x", True),  # not recognised: deny by default
        ]:
            with reading.connect() as connection:
                connection.exec_driver_sql(statement)
                driver = connection.connection.driver_connection
                assert driver.autocommit is not opens, statement
                assert (driver.info.transaction_status != pq.TransactionStatus.IDLE) is opens, statement
        with reading.connect() as connection:
            stream = connection.execution_options(stream_results=True).exec_driver_sql("SELECT 1")
            assert stream.scalar() == 1
            assert connection.connection.driver_connection.autocommit is False
    finally:
        engine.dispose()


def _round_trips(app, request) -> list[str]:
    """What the server answered, one status letter per round trip (ReadyForQuery: I idle,
    T in a transaction), while `request` runs: libpq's trace of every pooled connection."""
    engine = app.extensions["cocreatie.db"].engine
    trace = tempfile.TemporaryFile("w+")
    traced = []

    def start(dbapi_connection, _record, _proxy):
        dbapi_connection.pgconn.trace(trace.fileno())
        dbapi_connection.pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS)
        traced.append(dbapi_connection)

    event.listen(engine.pool, "checkout", start)
    try:
        request()
    finally:
        event.remove(engine.pool, "checkout", start)
        for connection in traced:
            connection.pgconn.untrace()
    trace.seek(0)
    return [line.split()[-1] for line in trace if line.startswith("B") and "ReadyForQuery" in line]


def test_a_page_from_the_cache_asks_the_server_once_or_twice_outside_any_transaction(app, committed, client, make, frozen):
    """No BEGIN, no ROLLBACK: an anonymous visitor's page from the cache reads the
    content version; a participant's reads their session (the version comes with it) and
    their own parts."""
    consultation = make.consultation()
    make.idea(consultation)
    path = f"/consultaties/{consultation.slug}"
    assert client.get(path).status_code == 200
    assert _round_trips(app, lambda: client.get(path)) == ["I"]
    login(client, make.user())
    for _ in range(2):  # the message after logging in, then recording the page
        assert client.get(path).status_code == 200
    assert _round_trips(app, lambda: client.get(path)) == ["I", "I"]


def test_a_support_asks_the_server_six_times_the_version_travelling_with_the_commit(app, committed, client, make, frozen):
    """BEGIN; the person with their session; the idea; the count and the support; the
    follow; the content version with the COMMIT."""
    idea = make.idea(make.consultation())
    login(client, make.user())
    trips = _round_trips(app, lambda: client.post(f"/ideeen/{idea.id}/steunen"))
    assert trips == ["T"] * 5 + ["I"]
    db.session.expire_all()
    assert db.session.get(type(idea), idea.id).support_count == 1
