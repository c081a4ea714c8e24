"""Absolute links for e-mail, built from the configured PUBLIC_URL.

Never from the request's Host header: a link in an e-mail (a password reset above all)
must point at the real site, whoever sent the request that caused it. Works the same in
a request, in a command and in a test. Configured when the blueprint is registered, like
`mail.configure`, so services need no Flask objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import Flask
from werkzeug.routing import Map


@dataclass
class Site:
    public_url: str = "http://127.0.0.1:5000"
    secret_key: str = ""
    url_map: Map | None = None


site = Site()


def configure(app: Flask) -> None:
    site.public_url = app.config.get("PUBLIC_URL") or site.public_url
    site.secret_key = app.config["SECRET_KEY"] or ""
    site.url_map = app.url_map


def url(endpoint: str, /, **values) -> str:
    """The absolute URL of an endpoint, e.g. url("ideas.show", idea_id=3)."""
    assert site.url_map is not None, "notifications.site is configured when the app is created"
    parts = urlsplit(site.public_url)
    adapter = site.url_map.bind(parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme or "https")
    anchor = values.pop("_anchor", None)
    built = adapter.build(endpoint, values, force_external=True)
    return f"{built}#{anchor}" if anchor else built
