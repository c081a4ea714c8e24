"""The database: one engine and one session registry per application.

``create_app`` makes a :class:`Database` and keeps it in ``app.extensions``; two apps in
one process (tests, a command beside the web app) never share an engine or a session.
Everything that talks to the database uses ``db.session``, which stands for the current
app's session of the current request (or command).

SQLite gets foreign keys, WAL and a busy timeout; write requests take the write lock up
front (BEGIN IMMEDIATE) so that two writers wait for each other instead of failing
halfway through.

On PostgreSQL a reading request's plain reads run in autocommit: no BEGIN and no ROLLBACK
around them, two of a signed-in page's five round trips. Nothing is lost by it: at READ
COMMITTED every statement sees its own snapshot inside a transaction too. The first
statement that is not a plain read (a write, a locking read) opens a real transaction
first, so a reading request's writes are still dropped at its end unless it asks for
them to stay (decision 0004).
"""

from __future__ import annotations

import contextvars
import re
import threading
import time
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, scoped_session, sessionmaker
from werkzeug.local import LocalProxy

EXTENSION = "cocreatie.db"

write_intent: contextvars.ContextVar[bool] = contextvars.ContextVar("write_intent", default=False)
# A reading request (GET, HEAD): on PostgreSQL its plain reads run in autocommit.
reading: contextvars.ContextVar[bool] = contextvars.ContextVar("reading", default=False)

# Each request gets its own session, even when it runs in a thread that already has
# one (a test calling the app, a command rendering a page).
_request_scope: contextvars.ContextVar[object | None] = contextvars.ContextVar("request_scope", default=None)


def _scope() -> tuple[int, int]:
    return threading.get_ident(), id(_request_scope.get())


class _RequestSession(Session):
    """Takes a reading request's connection from the engine in autocommit (PostgreSQL)."""

    def get_bind(self, *args, **kwargs):
        bind = super().get_bind(*args, **kwargs)
        autocommit = self.info.get("autocommit_engine")
        if autocommit is not None and reading.get() and bind is self.info["engine"]:
            return autocommit
        return bind


class Database:
    """One application's engine and its scoped sessions."""

    def __init__(self, url: str, sqlite_busy_seconds: float = 5) -> None:
        self.engine = make_engine(url, sqlite_busy_seconds)
        info = {"engine": self.engine}
        if not self.is_sqlite:
            info["autocommit_engine"] = reading_engine(self.engine)
        factory = sessionmaker(bind=self.engine, class_=_RequestSession, expire_on_commit=False, info=info)
        self.sessions = scoped_session(factory, scopefunc=_scope)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def dispose(self) -> None:
        self.sessions.remove()
        self.engine.dispose()


def init_app(app: Flask) -> Database:
    database = Database(app.config["DATABASE_URL"], app.config["SQLITE_BUSY_SECONDS"])
    app.extensions[EXTENSION] = database
    app.teardown_appcontext(lambda _exc: database.sessions.remove())
    return database


def current() -> Database:
    return current_app.extensions[EXTENSION]


session: scoped_session = LocalProxy(lambda: current().sessions)  # type: ignore[assignment]


def begin_request_scope(writes: bool, reads: bool = False) -> tuple[contextvars.Token, ...]:
    """Start a request's own session; `writes` makes SQLite transactions take the write
    lock; `reads` (a reading request) runs PostgreSQL's plain reads in autocommit."""
    return _request_scope.set(object()), write_intent.set(writes), reading.set(reads and not writes)


def end_request_scope(tokens: tuple[contextvars.Token, ...]) -> None:
    session.remove()
    scope, writes, reads = tokens
    reading.reset(reads)
    write_intent.reset(writes)
    _request_scope.reset(scope)


def write_from_here() -> None:
    """For a request that reads a lot before it writes a little (a support): on SQLite the
    reads so far end their transaction here, and the next statement takes the write lock,
    so concurrent writers queue for the writes alone; PostgreSQL, which takes no lock to
    read, keeps the one transaction. What was read stays loaded; the writes must still
    check what they depend on (row locks, conditional updates)."""
    if write_intent.get():
        return
    if is_sqlite() and session().in_transaction():
        session.commit()
    write_intent.set(True)


def make_engine(url: str, sqlite_busy_seconds: float = 5) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        engine = create_engine(url, pool_size=5, max_overflow=5)
        _ping_when_idle(engine)
        return engine
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    # How long a writer waits for SQLite's write lock before the request answers "busy".
    engine = create_engine(url, connect_args={"timeout": sqlite_busy_seconds, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):
        # Let SQLAlchemy, not the driver, decide when a transaction begins.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute(f"PRAGMA busy_timeout = {int(sqlite_busy_seconds * 1000)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _sqlite_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write_intent.get() else "BEGIN")

    return engine


def read_through_driver(statement: str, parameters: tuple | list) -> list[tuple]:
    """Rows of a fixed, parameterised read (`?` marks a parameter) sent straight through
    the driver on this request's connection, in its transaction: a tenth of the cost of
    the same statement through SQLAlchemy, for the few small reads a page from the cache
    makes (cocreatie/personal.py). Writes never go this way (the page cache's write
    tracking would not see them)."""
    if statement.lstrip()[:6].upper() != "SELECT":
        raise ValueError("only reads go straight through the driver")
    connection = session.connection()
    if connection.dialect.paramstyle != "qmark":
        statement = statement.replace("?", "%s")
    cursor = connection.connection.driver_connection.cursor()
    try:
        cursor.execute(statement, parameters)
        return cursor.fetchall()
    finally:
        cursor.close()


def placeholders(count: int) -> str:
    """`?, ?, …` for an IN list of `count` values (callers leave out an empty list: IN ()
    is not SQL)."""
    if count < 1:
        raise ValueError("an IN list needs at least one value")
    return ", ".join("?" * count)


# A connection back from the pool after a rest is tried first (a restarted database server
# leaves dead ones behind); one in steady use is not, which saves a round trip per request.
PING_AFTER_SECONDS = 5.0


def _ping_when_idle(engine: Engine) -> None:
    @event.listens_for(engine.pool, "checkin")
    def _note_rest(_dbapi_connection, record):
        if record is not None:
            record.info["rested_since"] = time.monotonic()

    @event.listens_for(engine.pool, "checkout")
    def _ping(dbapi_connection, record, _proxy):
        rested_since = record.info.get("rested_since")
        if rested_since is not None and time.monotonic() - rested_since < PING_AFTER_SECONDS:
            return
        try:
            cursor = dbapi_connection.cursor()
            try:
                cursor.execute("SELECT 1")
            finally:
                cursor.close()
            dbapi_connection.rollback()
        except engine.dialect.loaded_dbapi.Error as error:
            # The pool throws this connection away and checks out another (a new one).
            raise exc.DisconnectionError() from error


# A read that takes no lock: anything else in autocommit would be committed at once (a
# write) or hold its lock no longer than itself (SELECT … FOR UPDATE, an advisory lock);
# a read streamed through a server-side cursor needs a transaction too.
_PLAIN_READ = re.compile(r"\s*SELECT\b")
_LOCKING = re.compile(r"\bFOR\s+(?:NO\s+KEY\s+|KEY\s+)?(?:UPDATE|SHARE)\b|\bpg_advisory|\bnextval\b", re.IGNORECASE)


def reading_engine(engine: Engine) -> Engine:
    """The engine (same pool) for reading requests on PostgreSQL: a connection in
    autocommit that opens a transaction before the first statement that is not a plain
    read; it lasts until the request's end, which rolls it back (or commits it, for
    commit_this_read). Deny by default: whatever is not recognised as a plain read gets
    its transaction."""
    autocommit = engine.execution_options(isolation_level="AUTOCOMMIT")

    @event.listens_for(autocommit, "before_cursor_execute")
    def _open_transaction(connection, _cursor, statement, _parameters, context, _executemany):
        driver = connection.connection.driver_connection
        if driver.autocommit and (
            not _PLAIN_READ.match(statement)
            or _LOCKING.search(statement)
            or (context is not None and context.execution_options.get("stream_results"))
        ):
            driver.autocommit = False  # the driver sends BEGIN before this statement

    return autocommit


def is_sqlite() -> bool:
    return current().is_sqlite


_INSERT_OR_IGNORE: dict[tuple[str, str], object] = {}


def insert_or_ignore(table, values: dict) -> bool:
    """INSERT … ON CONFLICT DO NOTHING on either database. True if a row was inserted.

    Uniqueness is the database's job: this never checks first and inserts second. The
    statement is built once per table (the columns come with the values) and sent on the
    session's connection, after whatever the session still has to flush.
    """
    key = (current().engine.dialect.name, table.name)
    statement = _INSERT_OR_IGNORE.get(key)
    if statement is None:
        if key[0] == "sqlite":
            from sqlalchemy.dialects.sqlite import insert
        else:
            from sqlalchemy.dialects.postgresql import insert
        primary_key = next(iter(table.primary_key.columns))
        # RETURNING, not rowcount: drivers do not all report rowcount for this statement.
        statement = _INSERT_OR_IGNORE[key] = insert(table).on_conflict_do_nothing().returning(primary_key)
    session.flush()
    return session.connection().execute(statement, values).first() is not None
