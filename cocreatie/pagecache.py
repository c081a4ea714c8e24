"""Rendered public pages for anonymous visitors, kept by each worker for itself.

Most visitors read without logging in, and they all see the same page for the same
address and language. A worker keeps the HTML it rendered for them and serves it again
while nothing has changed:

- **Changed** means the content version moved. Every transaction that writes a table
  anonymous visitors can see bumps the one row of ``content_version`` as its last
  statement, in the same transaction, so every worker sees the change at the moment it
  is committed. Deny by default: a write counts as public unless its table (or, for
  ``users``, every column it changed) is listed as private below.
- **Time** changes pages too (a phase opens, a deadline passes): an entry lives at most
  ``PAGE_CACHE_SECONDS`` by the application's clock.
- Only the endpoints in ``CACHEABLE`` are kept, only answers 200 in HTML, and never for a
  signed-in person or a visitor with a message (flash) waiting.
- The page's CSRF token (the language switch, forms) belongs to the visitor's session:
  it is stored as a placeholder and filled in for each visitor.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Flask, Response, current_app, g, request, session
from flask_wtf.csrf import generate_csrf
from sqlalchemy import BigInteger, Column, Integer, MetaData, Table, event, inspect, update
from sqlalchemy.orm import Session

from cocreatie import db
from cocreatie.clock import utcnow
from cocreatie.extensions import session_locale

CACHEABLE = frozenset(
    {
        "consultations.home",
        "consultations.finished",
        "consultations.show",
        "ideas.show",
        "pages.about",
        "pages.accessibility",
        "pages.privacy",
        "pages.house_rules",
    }
)
PRIVATE_TABLES = frozenset({"account_tokens", "audit_entries", "follows", "notifications"})
PRIVATE_COLUMNS = {"users": frozenset({"email", "password_hash", "locale", "last_login_at", "email_frequency"})}

MAX_ENTRIES = 500
MAX_BODY_BYTES = 4 * 1024 * 1024
MAX_TOTAL_BYTES = 128 * 1024 * 1024
TOKEN_PLACEHOLDER = b"\x00csrf-token\x00"

# Outside the models' metadata on purpose: tests empty every model table between tests,
# and a version that went back to an earlier number would bring old pages back.
content_version = Table(
    "content_version",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("version", BigInteger, nullable=False),
)

_PUBLIC_WRITE = "cocreatie.public_write"


# --- the version ------------------------------------------------------------------------


def mark_changed(db_session: Session) -> None:
    """For writes the session cannot see (raw bulk inserts): the next commit bumps."""
    db_session.info[_PUBLIC_WRITE] = True


def _is_public_change(instance) -> bool:
    table = instance.__table__.name
    if table in PRIVATE_TABLES:
        return False
    private = PRIVATE_COLUMNS.get(table)
    if not private:
        return True
    state = inspect(instance)
    if state.pending or state.deleted:
        return True
    return any(attr.history.has_changes() for attr in state.attrs if attr.key not in private)


def current_version() -> int:
    """Read on every anonymous page view, so straight through the driver: a tenth of the
    cost of a query through the ORM session. A fixed statement; nothing to parameterise."""
    connection = db.session.get_bind().raw_connection()
    try:
        cursor = connection.cursor()
        cursor.execute("SELECT version FROM content_version WHERE id = 1")
        (version,) = cursor.fetchone()
        cursor.close()
        return version
    finally:
        connection.close()


@event.listens_for(Session, "before_flush")
def _note_flushed_writes(db_session, _context, _instances) -> None:
    if db_session.info.get(_PUBLIC_WRITE):
        return
    changed = [*db_session.new, *db_session.deleted, *(o for o in db_session.dirty if db_session.is_modified(o))]
    if any(_is_public_change(instance) for instance in changed):
        mark_changed(db_session)


@event.listens_for(Session, "do_orm_execute")
def _note_statement_writes(state) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if table is content_version:
        return
    if table is None or getattr(table, "name", None) not in PRIVATE_TABLES:
        mark_changed(state.session)


@event.listens_for(Session, "before_commit")
def _bump_version(db_session) -> None:
    db_session.flush()  # first: the version row is the last lock a transaction takes
    if db_session.info.pop(_PUBLIC_WRITE, False):
        db_session.execute(
            update(content_version).where(content_version.c.id == 1).values(version=content_version.c.version + 1)
        )


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget_writes(db_session) -> None:
    db_session.info.pop(_PUBLIC_WRITE, None)


# --- the pages --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entry:
    version: int
    stored_at: datetime
    body: bytes
    content_type: str
    has_token: bool


class PageCache:
    def __init__(self, seconds: int) -> None:
        self.lifetime = timedelta(seconds=seconds)
        self._entries: OrderedDict[tuple, Entry] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: tuple, version: int, now: datetime) -> Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry.version != version or not (entry.stored_at <= now < entry.stored_at + self.lifetime):
                self._remove(key)
                return None
            self._entries.move_to_end(key)
            return entry

    def put(self, key: tuple, entry: Entry) -> None:
        if len(entry.body) > MAX_BODY_BYTES:
            return
        with self._lock:
            if key in self._entries:
                self._remove(key)
            self._entries[key] = entry
            self._bytes += len(entry.body)
            while len(self._entries) > MAX_ENTRIES or self._bytes > MAX_TOTAL_BYTES:
                self._remove(next(iter(self._entries)))

    def _remove(self, key: tuple) -> None:
        self._bytes -= len(self._entries.pop(key).body)


def _anonymous_visitor() -> bool:
    """Nobody signed in and no message waiting; decided from the session alone, without
    loading a user."""
    return (
        "_user_id" not in session
        and "_flashes" not in session
        and current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") not in request.cookies
    )


def _key() -> tuple | None:
    if request.method != "GET" or request.endpoint not in CACHEABLE:
        return None
    if request.args.get("sort") == "random" and "seed" not in request.args:
        return None  # a new shuffle for every visitor
    if not _anonymous_visitor():
        return None
    return (request.full_path, session_locale() or "nl")


def init_app(app: Flask) -> None:
    seconds = app.config["PAGE_CACHE_SECONDS"]
    if seconds <= 0:
        return
    cache = PageCache(seconds)
    app.extensions["cocreatie.page_cache"] = cache

    @app.before_request
    def _serve_from_cache():
        key = _key()
        if key is None:
            return None
        version = current_version()
        entry = cache.get(key, version, utcnow())
        if entry is None:
            g.page_cache_store = (key, version)
            return None
        body = entry.body
        if entry.has_token:
            body = body.replace(TOKEN_PLACEHOLDER, generate_csrf().encode())
        return Response(body, 200, content_type=entry.content_type)

    @app.after_request
    def _store_in_cache(response: Response) -> Response:
        pending = g.pop("page_cache_store", None)
        if pending is None or response.status_code != 200 or response.mimetype != "text/html":
            return response
        if response.direct_passthrough or not _anonymous_visitor():
            return response
        key, version = pending
        body = response.get_data()
        token = g.get("csrf_token")
        has_token = bool(token) and token.encode() in body
        if has_token:
            body = body.replace(token.encode(), TOKEN_PLACEHOLDER)
        cache.put(key, Entry(version, utcnow(), body, response.content_type, has_token))
        return response
