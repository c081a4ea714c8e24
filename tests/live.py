"""A real server for tests that need one: gunicorn, several workers, the test database.

`live_server` is started once per test session, on its first use, and stopped at the
end. A test gives it data through factories (`live_make`, or `make` with `committed`):
the server reads the database from other processes, so that data must really be
committed, and it is removed again after the test like every test's (see conftest).
Mail the server sends lands in one folder for the session, emptied before each test
that uses the server; the test's `outbox` is that folder.

A test that needs a server configured otherwise starts a `LiveServer` of its own, in a
fixture scoped to its module (never one per test: a start costs seconds). With
`rate_limits=` (a storage URI, usually `redis_server.url`) its rate limits are on, shared
by its workers; `proxy_hops=` says how many proxies it believes (PROXY_HOPS).

`redis_server` is a throwaway Redis (Debian's redis-server: `make redis-deps`) for the
session, without persistence; `redis_url` empties it before the test. Without
redis-server a test that needs it fails, saying so: it is never skipped.

Below the fixtures: helpers for the `server` tests that send many requests at once."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from cocreatie import db

ROOT = Path(__file__).resolve().parent.parent
CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')
TIMEOUT = 60  # seconds per request: SQLite queues writers (5 s busy timeout, 3 tries)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stop(process: subprocess.Popen) -> None:
    """Ask a server to stop; kill it if it has not after 10 s."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


class LiveServer:
    def __init__(self, database_url: str, outbox: Path, workers: int = 4, threads: int = 1, extra_env=None,
                 rate_limits: str | None = None, proxy_hops: int = 0):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.outbox = outbox
        env = dict(os.environ)
        env.update(
            {
                "DATABASE_URL": database_url,
                "MAIL_OUTBOX": str(outbox),
                "FILE_STORAGE_PATH": str(files_beside(outbox)),
                "OPEN_DATA_PATH": str(files_beside(outbox)) + "-open-data",  # stored downloads
                "RATELIMIT_ENABLED": "true" if rate_limits else "false",
                "RATELIMIT_STORAGE_URI": rate_limits or "memory://",
                "PROXY_HOPS": str(proxy_hops),
                "PUBLIC_URL": self.url,
                # Tests run beside other test processes on two cores: a writer may wait
                # longer for SQLite's write lock than it would on a quiet server.
                "SQLITE_BUSY_SECONDS": "30",
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
            if self.process.poll() is not None:
                raise RuntimeError(f"the live server exited with {self.process.returncode}")
            try:
                if requests.get(self.url + "/healthz", timeout=5).status_code == 200:
                    return
            except requests.RequestException:  # not listening yet, or a worker still starting
                time.sleep(0.2)
        raise RuntimeError("the live server did not start")

    def stop(self) -> None:
        _stop(self.process)


@pytest.fixture(scope="session")
def live_outbox(tmp_path_factory) -> Path:
    """Where the session's live server writes its mail."""
    return tmp_path_factory.mktemp("live-outbox")


def files_beside(outbox: Path) -> Path:
    """A server keeps its uploads in a folder next to its outbox."""
    return outbox.with_name(outbox.name + "-files")


@pytest.fixture(scope="session")
def live_files(live_outbox) -> Path:
    """Where the session's live server keeps uploaded files."""
    return files_beside(live_outbox)


@pytest.fixture(scope="session")
def live_server(database_url, live_outbox):
    """A gunicorn server (4 sync workers) on the test database, for the whole session.

    Its data comes from the test (`live_make`, which is `committed`); the test's `app`
    removes it afterwards and moves the page cache's content version on, so the next
    test never sees a page of the previous one's data."""
    server = LiveServer(database_url, live_outbox)
    yield server
    server.stop()


class RedisServer:
    """redis-server on a free port of its own, keeping nothing on disk."""

    def __init__(self, folder: Path):
        executable = shutil.which("redis-server") or "/usr/bin/redis-server"
        if not Path(executable).exists():
            pytest.fail("redis-server is not installed; `make redis-deps` installs Debian's (as root): "
                        "tests of rate limits shared by several workers need it", pytrace=False)
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = subprocess.Popen(
            [executable, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(folder), "--logfile", str(folder / "redis.log")],
            stdout=subprocess.DEVNULL,
        )
        import redis  # the client the app's rate limits use too

        self.client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + 20
        while True:
            try:
                self.client.ping()
                return
            except redis.ConnectionError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    pytest.fail(f"redis-server did not start; see {folder / 'redis.log'}", pytrace=False)
                time.sleep(0.05)

    def flush(self) -> None:
        self.client.flushall()

    def stop(self) -> None:
        _stop(self.process)


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """A throwaway Redis for the session, stopped at its end."""
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server) -> str:
    """The session's Redis, emptied for this test: no counters left from another."""
    redis_server.flush()
    return redis_server.url


def empty_outbox(folder: Path) -> Path:
    """An empty `folder` for this test's mail."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


# --- many requests at once (the `server` concurrency tests) ------------------------------


def csrf_token(html: str) -> str:
    match = CSRF.search(html)
    assert match, "no csrf_token on the page"
    return match.group(1)


def all_at_once(actions) -> list[requests.Response | BaseException]:
    """Run every action in its own thread, released together by a barrier."""
    barrier = threading.Barrier(len(actions))

    def run(action):
        barrier.wait(timeout=TIMEOUT)
        try:
            return action()
        except requests.RequestException as error:  # a dropped connection is a failure too
            return error

    with ThreadPoolExecutor(max_workers=len(actions)) as pool:
        return list(pool.map(run, actions))


def fresh() -> None:
    """End the test's own transaction so the next read sees what the server committed."""
    db.session.rollback()
    db.session.expire_all()
