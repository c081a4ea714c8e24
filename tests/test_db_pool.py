"""PostgreSQL connections: tried after a rest, not on every request (decision 0021)."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from cocreatie import db
from tests.conftest import TEST_DB

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
