"""A real server for tests that need one: gunicorn, several workers, the test database."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    def __init__(self, database_url: str, outbox: Path, workers: int = 4, threads: int = 1, extra_env=None):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ)
        env.update(
            {
                "DATABASE_URL": database_url,
                "MAIL_OUTBOX": str(outbox),
                "RATELIMIT_ENABLED": "false",
                "PUBLIC_URL": self.url,
            }
        )
        env.update(extra_env or {})
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(
            [str(gunicorn), "--workers", str(workers), "--threads", str(threads), "--bind",
             f"127.0.0.1:{self.port}", "--log-level", "warning", "wsgi:app"],
            cwd=ROOT, env=env,
        )
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()  # never leave a server behind
            raise

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/healthz", timeout=5).status_code == 200:
                    return
            except requests.RequestException:  # not listening yet, or a worker still starting
                time.sleep(0.2)
        raise RuntimeError("the live server did not start")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture
def live_server(app, database_url, outbox):
    """A gunicorn server (4 sync workers) on the test database; `app` empties it afterwards."""
    server = LiveServer(database_url, outbox)
    yield server
    server.stop()
