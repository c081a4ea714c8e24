"""The web side of signing in, shared by every way in: the password (accounts' log-in),
a confirmation or password-reset link (accounts), and the code step (signin.routes).

Whoever proved who they are goes through `proceed`: a person with two factors is sent on
to the code step, anyone else is signed in at once by `finish`, which starts a fresh
cookie session with its record on the server. `end` is log-out: the record ends for
good, so a copy of the cookie is worth nothing afterwards.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user, user_logged_in

from cocreatie import db
from cocreatie.clock import utcnow
from cocreatie.extensions import SUPPORTED_LOCALES
from cocreatie.models import User, UserSession
from cocreatie.recruitment import pending as pending_invitation
from cocreatie.signin import current, secret_box as boxes, services
from cocreatie.signin.secret_box import SecretBox

PENDING_KEY = "_signin_pending"
# Between the password and the code: long enough to find the phone.
PENDING_LIFETIME = timedelta(minutes=10)


def secret_box() -> SecretBox:
    return boxes.for_app(current_app.config)


# Shown after the right password only, so it tells nothing to someone guessing.
BLOCKED_MESSAGE = _l(
    "This account has been blocked by an administrator. You cannot log in. "
    "Do you think this is a mistake? Reply to the e-mail you received about it."
)


def proceed(user: User, now: datetime, next_url: str | None = None, welcome: str | None = None):
    """The password (or a one-time link) proved who this is: on to the code step for
    someone with two factors, else signed in now. Returns the response (a redirect).
    A blocked account is signed in nowhere: back to the log-in page."""
    if user.is_blocked:
        flash(str(BLOCKED_MESSAGE), "error")
        return redirect(url_for("accounts.login"))
    if services.has_two_factor(user):
        _end_record(now)  # whoever was signed in in this browser is no longer
        logout_user()
        session[PENDING_KEY] = {"user": user.id, "since": now.timestamp(), "next": next_url, "welcome": welcome}
        return redirect(url_for("signin.code"))
    return finish(user, now, next_url, welcome)


def pending_user(now: datetime) -> User | None:
    """Who passed the password and still has to type a code, if not too long ago."""
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict) or not isinstance(pending.get("user"), int):
        return None
    since = pending.get("since")
    if not isinstance(since, (int, float)) or now.timestamp() - since > PENDING_LIFETIME.total_seconds():
        return None
    return db.session.get(User, pending["user"])


def finish_pending(user: User, now: datetime):
    """The code step passed: signed in, on to where the person was going."""
    pending = session.pop(PENDING_KEY, {})
    return finish(user, now, pending.get("next"), pending.get("welcome"))


def finish(user: User, now: datetime, next_url: str | None = None, welcome: str | None = None):
    if user.is_blocked:  # blocked between the password and the code step
        flash(str(BLOCKED_MESSAGE), "error")
        return redirect(url_for("accounts.login"))
    user.record_login(now)
    if session.get("locale") in SUPPORTED_LOCALES:
        user.locale = session["locale"]  # chosen before logging in: e-mail follows it too
    # An invitation opened while signed out is accepted now (see recruitment.pending).
    invitation = pending_invitation.accept(user, pending_invitation.take(), now)
    start(user)
    flash(welcome or _("You are logged in."), "success")
    if invitation:
        flash(invitation.message, invitation.category)
    return redirect((invitation and invitation.url) or next_url or url_for("consultations.home"))


def start(user: User) -> UserSession:
    """A fresh cookie session (keeping the chosen language) and its record on the server."""
    _restart_cookie_session()
    login_user(user)
    return current.record()


@user_logged_in.connect
def _start_session_record(_app, user, **_extra) -> None:
    # A signal, so that every log-in (also one from another package that calls
    # login_user itself) gets its record: without one, the next request is signed out.
    record, token = services.start_session(user, request.headers.get("User-Agent"), utcnow())
    current.remember(record, token)


def end(now: datetime) -> None:
    """Log out: the session's record ends for good, then the cookie session."""
    _end_record(now)
    logout_user()
    _restart_cookie_session()


def _end_record(now: datetime) -> None:
    record = current.record() if current_user.is_authenticated else None  # loads it
    if record is not None and record.ended_at is None:
        services.end_session(record, now)


def _restart_cookie_session() -> None:
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale
