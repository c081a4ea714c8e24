"""No server software and version in responses (finding F10): the app adds no Server
header; `python wsgi.py` serves development without Werkzeug's; gunicorn's names no
version."""

from __future__ import annotations

import importlib
import re
import threading

import pytest
import requests
from werkzeug.serving import WSGIRequestHandler, make_server


def test_the_app_adds_no_server_header(client):
    for path in ("/", "/inloggen", "/healthz", "/bestaat-niet"):
        assert "Server" not in client.get(path).headers, path


def _served_server_header(request_handler) -> str | None:
    def hello(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]

    server = make_server("127.0.0.1", 0, hello, request_handler=request_handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        return requests.get(f"http://127.0.0.1:{server.server_port}/", timeout=10).headers.get("Server")
    finally:
        server.shutdown()
        thread.join()


def test_the_development_server_of_wsgi_py_names_no_software(monkeypatch, database_url, tmp_path):
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("MAIL_OUTBOX", str(tmp_path))
    wsgi = importlib.import_module("wsgi")
    try:
        assert re.match(r"Werkzeug/\d", _served_server_header(WSGIRequestHandler))  # what `flask run` sends
        assert _served_server_header(wsgi.QuietRequestHandler) is None
    finally:
        wsgi.app.extensions["cocreatie.db"].dispose()


@pytest.mark.server
def test_gunicorn_names_itself_without_a_version(live_server):
    """Gunicorn always sends `Server: gunicorn`, without a version; the app cannot remove
    it (the TLS proxy can). Should that ever carry a version, this test says so."""
    assert requests.get(live_server.url + "/healthz", timeout=30).headers["Server"] == "gunicorn"
