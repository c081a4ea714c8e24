"""Domain and HTTP errors mapped to pages, once for the whole application."""

from __future__ import annotations

import logging

from collections.abc import Callable

from urllib.parse import urlsplit

from flask import Flask, Response, current_app, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import login_url
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from cocreatie import db
from cocreatie.errors import DomainError
from cocreatie.web import safe_next

log = logging.getLogger(__name__)

RESPONDERS = "cocreatie.error_responders"


def answer_errors_with(app: Flask, responder: Callable[[int, BaseException | None], Response | None]) -> None:
    """Let a feature answer errors in its own format (the read API: problem+json): each
    responder is asked first, with the status and the error, and answers or says None."""
    app.extensions.setdefault(RESPONDERS, []).append(responder)


def _answered_elsewhere(status: int, error: BaseException | None) -> Response | None:
    for responder in current_app.extensions.get(RESPONDERS, ()):
        response = responder(status, error)
        if response is not None:
            db.session.rollback()
            return response
    return None


def _page(status: int, title: str, message: str):
    db.session.rollback()
    return render_template("errors/error.html", status=status, title=title, message=message), status


def _submitted_fields() -> list[tuple[str, str]]:
    if request.method != "POST":
        return []
    return [(name, value) for name, value in request.form.items(multi=True) if name != "csrf_token"]


def _page_the_form_was_on() -> str | None:
    """The path of the page that sent this form (the browser says so for our own pages:
    Referrer-Policy same-origin), to come back to after logging in."""
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc != request.host:
        return None
    return safe_next(referrer.path + (f"?{referrer.query}" if referrer.query else ""))


def login_needed():
    """Flask-Login's answer when a page is for signed-in people only. A form sent by
    someone whose session has ended (an hour without use, a log-out elsewhere) keeps what
    they typed: it is shown to copy, with the way to log in again and come back to the
    page they were on. Anything else goes to the log-in page, and back after it."""
    view = current_app.login_manager.login_view
    fields = _submitted_fields()
    if not any(value for name, value in fields if name not in ("next", "parent_id")):
        return redirect(login_url(view, next_url=request.url))
    db.session.rollback()
    back = _page_the_form_was_on()
    return render_template(
        "errors/resubmit.html",
        status=401,
        title=_("You are not logged in (any more)"),
        message=_("After a while without activity we log you out, for your safety. Nothing has "
                  "been sent. Copy what you wrote below, log in again and paste it."),
        fields=fields,
        can_resend=False,
        login_link=login_url(view, next_url=back) if back else login_url(view),
    ), 401


def init_app(app: Flask) -> None:
    app.login_manager.unauthorized_handler(login_needed)

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        if (answered := _answered_elsewhere(error.status_code, error)) is not None:
            return answered
        titles = {403: _("You cannot do this"), 404: _("Page not found"), 409: _("That did not work")}
        return _page(error.status_code, titles.get(error.status_code, _("That did not work")), error.message)

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        if (answered := _answered_elsewhere(400, error)) is not None:
            return answered
        # What they typed is shown to copy, not offered for resubmission: a forged
        # cross-site POST must not become one click away from being sent.
        db.session.rollback()
        return render_template(
            "errors/resubmit.html",
            status=400,
            title=_("Your session has expired"),
            message=_("For your safety, forms expire. Copy what you wrote below, reload the form and try again."),
            fields=_submitted_fields(),
            can_resend=False,
        ), 400

    @app.errorhandler(OperationalError)
    def database_busy(error):
        log.warning("database unavailable: %s", error)
        if (answered := _answered_elsewhere(503, error)) is not None:
            return answered
        db.session.rollback()
        return render_template(
            "errors/resubmit.html",
            status=503,
            title=_("Too busy right now"),
            message=_("It is very busy at the moment and we could not save this. Nothing you wrote is lost: try again in a few seconds."),
            fields=_submitted_fields(),
            can_resend=request.method == "POST",
        ), 503

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if (answered := _answered_elsewhere(error.code or 500, error)) is not None:
            return answered
        # Plain words only: werkzeug's own descriptions are for developers. What the
        # person can do next is on the page itself (errors/error.html), per status.
        messages = {
            403: (_("You cannot do this"), _("You do not have permission to view or do this. Are you logged in with the right account?")),
            404: (_("Page not found"), _("This page does not exist (any more). Maybe the address has a typing error, or the page has moved.")),
            405: (_("That did not work"), _("This page cannot be used in this way. This can happen when you open the address of a button or a form directly.")),
            410: (_("This page has been removed"), _("This page is no longer on the website.")),
            413: (_("That is too much at once"), _("What you sent is larger than 2 MB. Make the file or the text smaller and try again.")),
            429: (_("Too many attempts"), _("You have tried this too often in a short time. Wait a little and try again.")),
        }
        title, message = messages.get(error.code or 500, (_("That did not work"), _("Something went wrong with your request.")))
        return _page(error.code or 500, title, message)

    if app.testing:
        return  # let tests see the real exception

    @app.errorhandler(Exception)
    def server_error(error: Exception):
        log.exception("unhandled error")
        if (answered := _answered_elsewhere(500, error)) is not None:
            return answered
        return _page(
            500,
            _("Something went wrong on our side"),
            _("This is our fault, not yours. What you did last may not have been saved."),
        )
