"""The web edge: the one request path (load → check access → act → commit once), the\nsigned-in user, headers and template helpers. Nothing below the routes imports this."""

from __future__ import annotations

import copy
import functools
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, abort, g, request, session
from flask_babel import format_decimal, format_time, get_locale
from flask_login import LoginManager, current_user
from sqlalchemy.exc import OperationalError

from cocreatie import db, labels, lookups, personal, policies
from cocreatie.dates import format_date, format_datetime
from cocreatie.errors import DomainError
from cocreatie.extensions import template_gettext, template_ngettext
from cocreatie.models import Consultation, Idea
from cocreatie.timezones import iso_instant, iso_local_date, last_local_day

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)


def safe_next(target: str | None) -> str | None:
    """Only same-site paths are allowed as a `next` destination."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target:
        return None
    return target


BUSY_RETRIES = 3


# --- load, check access ---------------------------------------------------------------


def consultation_or_abort(slug: str, allowed: Callable[..., bool]) -> Consultation:
    """The consultation for a page: 404 for what this person may not see at all, 403 for
    what they may see but not do."""
    consultation = lookups.consultation_by_slug(slug)
    if consultation is None or not (
        policies.can_view_consultation(current_user, consultation) or allowed(current_user, consultation)
    ):
        abort(404)
    if not allowed(current_user, consultation):
        abort(403)
    return consultation


def idea_or_abort(
    idea_id: int, allowed: Callable[..., bool] = policies.can_view_idea,
    load: Callable[[int], Idea | None] = lookups.idea_by_id,
) -> Idea:
    """The idea for a page: 404 if its consultation is out of sight, 403 if the person
    may see it but not do this. `load` may be a leaner lookup (lookups.idea_to_act_on)."""
    idea = load(idea_id)
    if idea is None or not policies.can_view_consultation(current_user, idea.consultation):
        abort(404)
    if not allowed(current_user, idea):
        abort(403)
    return idea


# --- act --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attempt:
    """What running a service gave: its value, or the domain error that stopped it."""

    value: Any = None
    error: DomainError | None = None


def attempt(act: Callable[[], Any]) -> Attempt:
    """Run a service. A domain error undoes everything the request wrote so far and is
    returned, for the handler to show. Nothing is committed here: the request path
    commits once, at the edge."""
    try:
        return Attempt(value=act())
    except DomainError as error:
        db.session.rollback()
        return Attempt(error=error)


def act_or_show_errors(form, act: Callable[[], object]) -> bool:
    """Run a service for a form; a domain error is shown next to its field (or the first
    field) with everything typed kept. True if it worked."""
    error = attempt(act).error
    if error is None:
        return True
    field = getattr(form, error.field, None) if error.field else None
    field = field or next(f for f in form if f.type not in ("CSRFTokenField", "HiddenField"))
    field.errors.append(error.message)
    return False


def commit_this_read() -> None:
    """A reading request that wrote something that must stay (a planned publication whose
    moment came as someone looked): commit it at the edge like a writing request. The
    writes come after db.write_from_here(), so SQLite queues them as a writer's."""
    g.commit_reading = True


def reads_first(view):
    """Mark a writing view that calls db.write_from_here() once its reads are done: SQLite
    does not take the write lock for it up front."""
    view.reads_first = True
    return view


def retry_when_busy(view):
    """Opt a writing view in to being run again when the database was too busy for it.

    Only for views whose every effect is in the transaction (mail waits for the commit)
    or in the Flask session, which the request path puts back before a retry: nothing
    they do outside may happen twice. Reading views (GET, HEAD) are always retried.
    """
    view.retry_when_busy = True
    return view


def _database_busy(error: OperationalError) -> bool:
    """SQLite's lock timeout, or PostgreSQL's serialization failure or deadlock."""
    code = getattr(error.orig, "sqlstate", None)
    return code in {"40001", "40P01"} or "database is locked" in str(error.orig)


# --- the request path -------------------------------------------------------------------


def handle_in_one_transaction(app: Flask) -> None:
    """The one way through a request, around every view (load → check access → act):

    - a writing request that answers below 400 is committed once, here, after the view;
      an error response or an exception rolls everything back (and queued mail with it);
    - a reading request never commits: whatever it wrote is dropped;
    - a request that fails leaves the Flask session as it found it (no half-taken
      pending invitation, no message about something that did not happen);
    - a busy database runs the request again, for views that opted in (`retry_when_busy`)
      and for reading requests.
    """
    dispatch = app.dispatch_request

    @functools.wraps(dispatch)
    def dispatch_in_one_transaction():
        view = app.view_functions.get(request.endpoint)
        reading = request.method in SAFE_METHODS
        tries = BUSY_RETRIES if reading or getattr(view, "retry_when_busy", False) else 1
        before = copy.deepcopy(dict(session))
        for attempt_number in range(1, tries + 1):
            try:
                response = app.make_response(dispatch())
                if (reading and not g.get("commit_reading")) or response.status_code >= 400:
                    db.session.rollback()
                else:
                    db.session.commit()
                return response
            except BaseException as error:
                db.session.rollback()
                session.clear()
                session.update(copy.deepcopy(before))
                busy = isinstance(error, OperationalError) and _database_busy(error)
                if not busy or attempt_number == tries:
                    raise
                time.sleep(0.05 * 2 ** (attempt_number - 1))
        raise AssertionError("unreachable")

    app.dispatch_request = dispatch_in_one_transaction


def init_app(app: Flask, login_manager: LoginManager) -> None:
    handle_in_one_transaction(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = None
    login_manager.session_protection = "strong"

    @app.before_request
    def _begin_request():
        view = app.view_functions.get(request.endpoint)
        writes = request.method not in SAFE_METHODS and not getattr(view, "reads_first", False)
        g.db_scope = db.begin_request_scope(writes=writes, reads=request.method in SAFE_METHODS)
        # The signed-in user is loaded into this request's session, never reused from
        # an enclosing app context's (tests and commands keep one open).
        g.pop("_login_user", None)
        g.pop("commit_reading", None)  # tests share `g` between requests
        g.pop("_flask_babel", None)  # … and with it Flask-Babel's language of the last one

    @app.teardown_request
    def _end_request(_exc):
        # Anything the handler did not commit is rolled back here.
        if "db_scope" in g:
            db.end_request_scope(g.pop("db_scope"))

    @app.after_request
    def _security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if app.config["SESSION_COOKIE_SECURE"]:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        # Only a request that loaded the signed-in person can have shown anything of theirs.
        user = g.get("_login_user")
        if user is not None and user.is_authenticated:
            response.headers.setdefault("Cache-Control", "private, no-store")
        return response

    @app.get("/healthz")
    def healthz():
        """For load balancers and monitoring; also the benchmark's bare-endpoint ceiling."""
        return "ok\n", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}

    app.jinja_env.globals.update(policies.ALL)
    app.jinja_env.globals.update(labels.TEMPLATE_GLOBALS)
    app.jinja_env.globals.update(
        current_user=current_user,  # also inside imported macros
        personal=personal.personal,  # the reader's own parts of a page
        current_locale=lambda: str(get_locale()),
        format_date=format_date,
        format_datetime=format_datetime,
        format_time=format_time,
        format_number=format_decimal,
        last_local_day=last_local_day,
    )
    # `<time datetime="{{ instant | iso_local_date }}">` beside a date formatted in local time.
    app.jinja_env.filters["iso_local_date"] = iso_local_date
    # `<time datetime="{{ instant | iso_instant }}">` beside a formatted date and time.
    app.jinja_env.filters["iso_instant"] = iso_instant
    # Templates translate through the request's catalogue, looked up once (Flask-Babel's
    # own callables look it up on every call).
    app.jinja_env.install_gettext_callables(template_gettext, template_ngettext, newstyle=True)
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
