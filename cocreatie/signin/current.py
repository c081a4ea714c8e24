"""The session record behind this request's signed-in person.

The user loader (cocreatie.web) asks `signed_in_user` on every request: the browser's cookie
names a session by a random id, and only a record on the server that is neither ended
nor timed out keeps the person signed in. Kept in `g` for the rest of the request (the
sessions page marks "this device"; the request's end notes when it was last used).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app, g, session
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from cocreatie import db, pagecache
from cocreatie.clock import utcnow
from cocreatie.models import TwoFactor, User, UserSession
from cocreatie.tokens import hash_token

SESSION_KEY = "_sid"
_G_KEY = "signin_session"
_G_TWO_FACTOR = "signin_two_factor"
_G_LAST_SEEN = "signin_last_seen"

# ASVS 3.3: a session ends after an hour unused (SESSION_IDLE_MINUTES), and at the
# latest PERMANENT_SESSION_LIFETIME after log-in (8 hours; SESSION_LIFETIME_SECONDS in
# the environment), which is also how long Flask accepts a session cookie it signed.
# Last use is written at most every five minutes.
IDLE_MINUTES = 60
TOUCH_EVERY = timedelta(minutes=5)


def idle_timeout() -> timedelta:
    return timedelta(minutes=current_app.config.get("SESSION_IDLE_MINUTES", IDLE_MINUTES))


def lifetime() -> timedelta:
    return current_app.permanent_session_lifetime


# Every signed-in request asks this, so it is built once: the person with their roles in
# consultations (the staff gate and most policies ask for them), and the columns of the
# session record that say whether it is live, in one round trip. The record itself is
# loaded only where a page needs it (`record()`). The content version comes along, for a
# page from the cache (pagecache.note_version): one round trip less for each.
_SIGNED_IN = (
    select(User, UserSession.id, UserSession.last_seen_at, TwoFactor.confirmed_at, pagecache.VERSION.label("version"))
    .join(UserSession, UserSession.user_id == User.id)
    .outerjoin(TwoFactor, TwoFactor.user_id == User.id)
    .options(joinedload(User.memberships))
    .where(
        User.id == bindparam("user_id"),
        User.blocked_at.is_(None),
        UserSession.token_hash == bindparam("token_hash"),
        UserSession.ended_at.is_(None),
        UserSession.last_seen_at > bindparam("idle_since"),
        UserSession.created_at > bindparam("started_since"),
    )
)


def signed_in_user(user_id: str) -> User | None:
    """The person this browser's session is signed in as, while its record on the server
    is live (not ended, not idle too long, not older than the lifetime) and the account
    is not blocked; else None (and the cookie stops claiming anyone). One query, which
    also says whether two factors are on (for the staff gate, cocreatie.signin.routes)."""
    token = session.get(SESSION_KEY)
    if not isinstance(token, str) or not user_id.isdigit():
        _sign_out_cookie()
        return None
    now = utcnow()
    row = (
        db.session.execute(
            _SIGNED_IN,
            {"user_id": int(user_id), "token_hash": hash_token(token),
             "idle_since": now - idle_timeout(), "started_since": now - lifetime()},
        )
        .unique()
        .first()
    )
    if row is None:
        _sign_out_cookie()
        return None
    g.pop(_G_KEY, None)
    pagecache.note_version(row.version)
    setattr(g, _G_TWO_FACTOR, row.confirmed_at is not None)
    setattr(g, _G_LAST_SEEN, (row.id, row.last_seen_at))
    return row.User


def last_seen() -> tuple[int, datetime] | None:
    """The id and last use of this request's session as loaded: read again after the
    request's transaction, which may have expired the record, costs no query."""
    return g.get(_G_LAST_SEEN)


def two_factor_on() -> bool | None:
    """Whether the signed-in person of this request has two factors on (None: not known)."""
    return g.get(_G_TWO_FACTOR)


def record() -> UserSession | None:
    """This request's session record, if the signed-in person was loaded (read from the
    database the first time a request asks: most never do)."""
    found = g.get(_G_KEY)
    if found is None and (seen := last_seen()) is not None:
        found = db.session.get(UserSession, seen[0])
        setattr(g, _G_KEY, found)
    return found


def remember(record: UserSession, token: str) -> None:
    session[SESSION_KEY] = token
    setattr(g, _G_KEY, record)


def forget() -> None:
    """At the end of every request: `g` may outlive it (tests keep an app context open)."""
    g.pop(_G_KEY, None)
    g.pop(_G_TWO_FACTOR, None)
    g.pop(_G_LAST_SEEN, None)
    pagecache.forget_noted_version()


# Flask-Login's keys: the cookie of an ended session stops claiming anyone. The rest of
# the session (language, the CSRF token of a form being written) stays.
_SIGNED_IN_KEYS = ("_user_id", "_fresh", "_id", "_remember", "_remember_seconds", SESSION_KEY)


def _sign_out_cookie() -> None:
    for key in _SIGNED_IN_KEYS:
        session.pop(key, None)
