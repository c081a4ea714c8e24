"""Absolute links for e-mail, built from the configured PUBLIC_URL.

Never from the request's Host header: a link in an e-mail (a password reset above all)
must point at the real site, whoever sent the request that caused it. Works the same in
a request, in a command and in a test; each app keeps its own site in `app.extensions`.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import Flask, current_app
from werkzeug.routing import Map

EXTENSION = "cocreatie.site"


@dataclass(frozen=True)
class Site:
    public_url: str
    secret_key: str
    url_map: Map


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = Site(
        public_url=app.config.get("PUBLIC_URL") or "http://127.0.0.1:5000",
        secret_key=app.config["SECRET_KEY"] or "",
        url_map=app.url_map,
    )


def current() -> Site:
    return current_app.extensions[EXTENSION]


def url(endpoint: str, /, **values) -> str:
    """The absolute URL of an endpoint, e.g. url("ideas.show", idea_id=3)."""
    site = current()
    parts = urlsplit(site.public_url)
    adapter = site.url_map.bind(parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme or "https")
    anchor = values.pop("_anchor", None)
    built = adapter.build(endpoint, values, force_external=True)
    return f"{built}#{anchor}" if anchor else built
