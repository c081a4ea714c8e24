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

Signed-in participants (a citizen account with no role in any consultation) get the
pages in ``FOR_PARTICIPANTS`` the same way: one entry per address and language for all
of them, recorded for a neutral participant with the personal parts left as holes
(cocreatie/personal.py), which are filled in for each reader from their own facts (one
query per kind of part). A page that depends on who the reader is in any other way (their
own idea or comment on it) is rendered for them in full. Staff always get a full render.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Flask, Response, current_app, g, request, session
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import escape
from sqlalchemy import BigInteger, Column, Connection, Engine, Integer, MetaData, Table, event, select
from werkzeug.exceptions import HTTPException

from cocreatie import db, personal
from cocreatie.clock import utcnow
from cocreatie.extensions import session_locale

# What a participant reads most; each page's personal parts are holes (personal.py).
FOR_PARTICIPANTS = frozenset(
    {
        "consultations.home",
        "consultations.show",
        "ideas.show",
        "cowriting.document",
        "cowriting.version",
        "cowriting.changes",
        "cowriting.compare",
        "cowriting.paragraph",
        "cowriting.amendment",
    }
)
CACHEABLE = FOR_PARTICIPANTS | {
    "consultations.finished",
    "measure.accountability",
    "measure.report",
    "pages.about",
    "pages.accessibility",
    "pages.privacy",
    "pages.house_rules",
    "api.reference",
}
PRIVATE_TABLES = frozenset(
    {"account_tokens", "audit_entries", "follows", "notifications", "user_sessions", "two_factor", "recovery_codes"}
)
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

# Every statement the application sends passes the engine's cursor hook: ORM flushes,
# Core statements, text() and statements on session.connection() alike. The statement's
# own words say whether it writes, and where; anything not recognised as a read, or as a
# write to a private table, counts as a public write (deny by default).
_READ = re.compile(r"\s*(?:SELECT|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|PRAGMA|SHOW|SET|EXPLAIN|ANALYZE|VACUUM)\b", re.IGNORECASE)
_WRITE = re.compile(r"\b(INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)\"?", re.IGNORECASE)
_SET_CLAUSE = re.compile(r"\bSET\b(.*?)(?:\bWHERE\b|\bRETURNING\b|$)", re.IGNORECASE | re.DOTALL)
_ASSIGNED_COLUMN = re.compile(r"(?:^|,)\s*\"?(\w+)\"?\s*=")


def is_public_write(statement: str) -> bool:
    """Does this SQL statement change something anonymous visitors can see?"""
    if _READ.match(statement):
        return False
    if statement.lstrip()[:4].upper() == "WITH" and not _WRITE.search(statement):
        return False  # a read with common table expressions
    found = _WRITE.search(statement)
    if found is None:
        return True  # DDL, or a statement this module does not know: assume it shows
    verb, table = found.group(1).split()[0].upper(), found.group(2).lower()
    if table == content_version.name or table in PRIVATE_TABLES:
        return False
    private = PRIVATE_COLUMNS.get(table)
    if private is None or verb != "UPDATE":
        return True
    clause = _SET_CLAUSE.search(statement, found.end())
    assigned = set(_ASSIGNED_COLUMN.findall(clause.group(1))) if clause else set()
    return not assigned or not assigned <= private


def mark_changed(connection: Connection) -> None:
    """For writes that go around SQLAlchemy on this connection (COPY on the driver's own
    cursor): its next commit bumps the version."""
    connection.info[_PUBLIC_WRITE] = True


def track_writes(engine: Engine) -> None:
    """Bump the content version in every transaction on this engine that writes
    something public, as its last statement before COMMIT."""

    @event.listens_for(engine, "before_cursor_execute")
    def _note_write(connection, _cursor, statement, _parameters, _context, _executemany):
        if not connection.info.get(_PUBLIC_WRITE) and is_public_write(statement):
            connection.info[_PUBLIC_WRITE] = True

    # On PostgreSQL the bump and the COMMIT travel together, in one round trip (a query
    # without parameters may hold several statements); the driver then finds the
    # transaction ended and its own COMMIT sends nothing.
    bump = BUMP if engine.dialect.name == "sqlite" else f"{BUMP}; COMMIT"

    @event.listens_for(engine, "commit")
    def _bump_version(connection):
        if connection.info.pop(_PUBLIC_WRITE, False):
            connection.exec_driver_sql(bump)

    @event.listens_for(engine, "rollback")
    def _forget_writes(connection):
        connection.info.pop(_PUBLIC_WRITE, None)

    @event.listens_for(engine.pool, "reset")
    def _forget_on_return(_dbapi_connection, record, _reset_state):
        record.info.pop(_PUBLIC_WRITE, None)


BUMP = "UPDATE content_version SET version = version + 1 WHERE id = 1"
# The version as a column of another query (the signed-in person's, cocreatie/signin).
VERSION = select(content_version.c.version).where(content_version.c.id == 1).scalar_subquery()
_NOTED = "content_version_noted"


def current_version() -> int:
    """Read on every page view from the cache, so straight through the driver on a pooled
    connection of its own: a tenth of the cost of a query through the ORM session, and on
    PostgreSQL in autocommit, one round trip (no BEGIN, no ROLLBACK). A fixed statement;
    nothing to parameterise."""
    database = db.current()
    connection = database.engine.raw_connection()
    driver = connection.driver_connection
    try:
        if not database.is_sqlite:
            driver.autocommit = True
        cursor = connection.cursor()
        cursor.execute("SELECT version FROM content_version WHERE id = 1")
        (version,) = cursor.fetchone()
        cursor.close()
        return version
    finally:
        if not database.is_sqlite:
            driver.autocommit = False
        connection.close()


def note_version(version: int) -> None:
    """The version, read in this request together with something else it needed: the
    page for a participant is then looked up without a read of its own."""
    setattr(g, _NOTED, version)


def forget_noted_version() -> None:
    g.pop(_NOTED, None)


# --- the pages --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entry:
    version: int
    stored_at: datetime
    body: bytes
    content_type: str
    has_token: bool

    @property
    def size(self) -> int:
        return len(self.body)


@dataclass(frozen=True, slots=True)
class ParticipantEntry:
    """A page for participants: the text around its holes (one more part than holes),
    each hole's kind, key and rendered variants, and the people it was about."""

    version: int
    stored_at: datetime
    parts: tuple[bytes, ...]
    holes: tuple[tuple[str, object, tuple[bytes, ...]], ...]
    involved: frozenset[int]
    content_type: str
    size: int


@dataclass(frozen=True, slots=True)
class RenderForEach:
    """A page participants get rendered one by one (its answer is not a page, or it has a
    personal part no hole covers): remembered, so it is not recorded again each time."""

    version: int
    stored_at: datetime
    size: int = 0


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
        if entry.size > MAX_BODY_BYTES:
            return
        with self._lock:
            if key in self._entries:
                self._remove(key)
            self._entries[key] = entry
            self._bytes += entry.size
            while len(self._entries) > MAX_ENTRIES or self._bytes > MAX_TOTAL_BYTES:
                self._remove(next(iter(self._entries)))

    def _remove(self, key: tuple) -> None:
        self._bytes -= self._entries.pop(key).size


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


def init_app(app: Flask, database: db.Database) -> None:
    track_writes(database.engine)  # also with the cache off: other workers may keep pages
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


# --- pages for participants ---------------------------------------------------------------


def serve_participants(app: Flask) -> None:
    """Registered after every blueprint, so the signed-in person has passed every check of
    their session (idle time-out, ended sessions, a changed password) before a page is
    served to them from the cache."""
    cache = app.extensions.get("cocreatie.page_cache")
    if cache is None:
        return

    @app.before_request
    def _serve_participant_from_cache():
        if (
            request.method != "GET"
            or request.endpoint not in FOR_PARTICIPANTS
            or "_flashes" in session
            or (request.args.get("sort") == "random" and "seed" not in request.args)
        ):
            return None
        user = current_user._get_current_object()
        if not personal.is_plain_participant(user):
            return None
        # The reader's language (their account's choice, else the session's); the
        # neutral participant takes their account's choice along.
        key = (request.full_path, str(get_locale()), "participant")
        version = g.pop(_NOTED, None)
        if version is None:
            version = current_version()
        entry = cache.get(key, version, utcnow())
        if entry is None:
            entry = _record(app, user, version)
            cache.put(key, entry)
        if isinstance(entry, RenderForEach) or user.id in entry.involved:
            return None  # rendered for them (their own idea or comment is on it, say)
        return Response(_fill(entry, user), 200, content_type=entry.content_type)


def _record(app: Flask, user, version: int) -> ParticipantEntry | RenderForEach:
    """Render the page for the neutral participant, with its personal parts as holes."""
    recording = personal.start_recording()
    g._login_user = personal.NeutralParticipant(user.locale)
    try:
        response = app.make_response(app.dispatch_request())
    except HTTPException:
        return RenderForEach(version, utcnow())  # refused to nobody in particular: ask for them
    except Exception:
        if app.testing:
            raise
        # The reader still gets their page, rendered for them; the fault is in the log.
        app.logger.exception("recording %s for participants failed", request.full_path)
        return RenderForEach(version, utcnow())
    finally:
        personal.stop_recording()
        g._login_user = user
    if (
        response.status_code != 200
        or response.mimetype != "text/html"
        or response.direct_passthrough
        or personal.opted_out()
    ):
        return RenderForEach(version, utcnow())
    body = response.get_data()
    token = g.get("csrf_token")
    if token:
        body = body.replace(token.encode(), TOKEN_PLACEHOLDER)
    pieces = _HOLE.split(body)
    holes = []
    for number in pieces[1::2]:
        kind, hole_key, texts = recording.holes[int(number)]
        variants = tuple(t.encode().replace(token.encode(), TOKEN_PLACEHOLDER) if token else t.encode() for t in texts)
        holes.append((kind, hole_key, variants))
    return ParticipantEntry(
        version=version,
        stored_at=utcnow(),
        parts=tuple(pieces[0::2]),
        holes=tuple(holes),
        involved=frozenset(recording.involved),
        content_type=response.content_type,
        size=len(body) + sum(len(v) for _kind, _key, variants in holes for v in variants),
    )


_HOLE = re.compile(personal.hole_marker(0).encode().replace(b"0", rb"(\d+)"))


def _fill(entry: ParticipantEntry, user) -> bytes:
    chosen = personal.choose(user, entry.holes)
    pieces = [entry.parts[0]]
    for (_kind, _key, variants), (index, replacements), part in zip(entry.holes, chosen, entry.parts[1:]):
        text = variants[index]
        for old, new in replacements.items():
            text = text.replace(old.encode(), new.encode())
        pieces += (text, part)
    body = b"".join(pieces)
    body = body.replace(personal.NAME_PLACEHOLDER.encode(), str(escape(user.display_name)).encode())
    return body.replace(TOKEN_PLACEHOLDER, generate_csrf().encode())
