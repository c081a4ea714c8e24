"""Answers for static/js/cocreatie.js, which posts the ordinary forms with fetch.

A plain form post gets its redirect as always. A post that says it wants a fragment
(``X-Requested-With: fetch`` or ``Accept: application/json``) gets JSON instead: the parts
of the page that changed, rendered by the same Jinja macros as the full page, and the
sentence to announce to screen readers. Anything else, an error included, is answered
with a non-2xx status; the script then submits the form the ordinary way, so the person
sees the server's own page with its message and keeps what they typed.
"""

from __future__ import annotations

from flask import Response, get_template_attribute, jsonify, request


def wanted() -> bool:
    """Does this request want the changed parts of the page rather than a redirect?"""
    return (
        request.headers.get("X-Requested-With") == "fetch"
        or request.accept_mimetypes.best == "application/json"
    )


def render(template: str, macro: str, *args, **kwargs) -> str:
    """One macro of a template, rendered on its own: the page's markup, not a copy."""
    return str(get_template_attribute(template, macro)(*args, **kwargs))


def _json(payload: dict, status: int) -> Response:
    response = jsonify(payload)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    response.headers["Vary"] = "Accept, X-Requested-With"
    return response


def respond(message: str, fragments: list[str], location: str, **extra) -> Response:
    """Each fragment replaces the element on the page with its root element's id, where
    the page has one; `message` is announced in the page's live region. `location` is
    where the ordinary post would have redirected to: the script goes there when it
    cannot show the change in place."""
    payload = {"message": message, "fragments": [f for f in fragments if f.strip()], "location": location}
    return _json({**payload, **extra}, 200)


def refuse(message: str, status: int) -> Response:
    """A refusal the script does not show: it falls back to the ordinary form post."""
    return _json({"error": message}, status)
