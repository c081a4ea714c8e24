"""Errors of the read API as RFC 9457 problem details (application/problem+json): the
status, a short title, a detail that says what was wrong and, for a bad request, every
parameter that was wrong. Used for every answer of 400 and up under /api/v1, including
the ones the application's error pages would otherwise give (404, 405, 429, 500)."""

from __future__ import annotations

import json

from flask import Response, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException, MethodNotAllowed

MEDIA_TYPE = "application/problem+json"


def _titles() -> dict[int, str]:
    return {
        400: _("Bad request"),
        403: _("Forbidden"),
        404: _("Not found"),
        405: _("Method not allowed"),
        406: _("Not acceptable"),
        410: _("Gone"),
        413: _("Request too large"),
        429: _("Too many requests"),
        500: _("Internal server error"),
        503: _("Service unavailable"),
    }


def _details() -> dict[int, str]:
    return {
        400: _("The request has a mistake in it."),
        404: _("There is nothing public at this address."),
        405: _("This API only reads: use GET, HEAD or OPTIONS."),
        429: _("Too many requests from your address in a short time. Wait a little and try again."),
        500: _("Something went wrong on our side."),
        503: _("It is very busy at the moment. Try again in a few seconds."),
    }


def problem(status: int, detail: str | None = None, invalid_params: list[dict] | None = None,
            headers: dict | None = None) -> Response:
    body = {
        "type": "about:blank",
        "title": _titles().get(status, _("Error")),
        "status": status,
        "detail": detail or _details().get(status, _("The request could not be answered.")),
        "instance": request.path,
    }
    if invalid_params:
        body["invalidParams"] = invalid_params
    response = Response(json.dumps(body, ensure_ascii=False), status=status, mimetype=MEDIA_TYPE)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def for_error(status: int, error: BaseException | None) -> Response:
    """The problem for an error the application raised while answering an API request."""
    if isinstance(request.routing_exception, MethodNotAllowed):
        # A POST is refused for its method, before its missing CSRF token matters.
        error, status = request.routing_exception, 405
    headers = {}
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        headers["Allow"] = ", ".join(sorted(error.valid_methods))
    if isinstance(error, HTTPException) and error.code == 429:
        headers["Retry-After"] = "60"
    return problem(status, headers=headers)
