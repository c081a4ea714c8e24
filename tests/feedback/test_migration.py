"""Migration 0004 goes down and up again on either database, in a database of its own,
and leaves the full-text search of 0002 working."""

from __future__ import annotations

import uuid

from alembic import command
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from cocreatie.cli import alembic_config

FEEDBACK_TABLES = {"outcomes", "outcome_decisions", "idea_status_changes", "implementation_updates", "implementation_milestones"}


def _scratch_database(database_url: str, tmp_path):
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        return f"sqlite:///{tmp_path / 'roundtrip.sqlite'}", lambda: None
    name = f"roundtrip_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop():
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url.set(database=name).render_as_string(hide_password=False), drop


def _schema(url: str) -> tuple[set[str], set[str], set[str]]:
    engine = create_engine(url)
    try:
        inspector = inspect(engine)
        tables = set(inspector.get_table_names())
        idea_columns = {c["name"] for c in inspector.get_columns("ideas")}
        consultation_columns = {c["name"] for c in inspector.get_columns("consultations")}
    finally:
        engine.dispose()
    return tables, idea_columns, consultation_columns


def _search_still_works(url: str) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            if engine.dialect.name == "sqlite":
                triggers = {row[0] for row in connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))}
                assert {"ideas_fts_insert", "ideas_fts_delete", "ideas_fts_update"} <= triggers
            else:
                columns = {c["name"] for c in inspect(connection).get_columns("ideas")}
                assert "search_vector" in columns
    finally:
        engine.dispose()


def test_migration_0004_downgrades_and_upgrades(database_url, tmp_path):
    url, drop = _scratch_database(database_url, tmp_path)
    try:
        config = alembic_config(url)
        command.upgrade(config, "head")
        tables, idea_columns, consultation_columns = _schema(url)
        assert FEEDBACK_TABLES <= tables
        assert {"responded_at", "responded_in_time"} <= idea_columns
        assert {"response_days", "outcome_count"} <= consultation_columns

        command.downgrade(config, "0003")
        tables, idea_columns, consultation_columns = _schema(url)
        assert not FEEDBACK_TABLES & tables
        assert not {"responded_at", "responded_in_time"} & idea_columns
        assert not {"response_days", "outcome_count"} & consultation_columns
        _search_still_works(url)

        command.upgrade(config, "head")
        assert FEEDBACK_TABLES <= _schema(url)[0]
        _search_still_works(url)
    finally:
        drop()
