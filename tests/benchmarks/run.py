"""Benchmark runner: `python -m tests.benchmarks.run` (what `make bench` runs).

For each database (SQLite in a temporary folder, PostgreSQL in a throwaway cluster) and
each size (small and large), it migrates an empty database, seeds it with
`flask seed-bench`, starts gunicorn (sync workers), warms up and measures throughput and
latency with `wrk` (or, when wrk is missing, a threaded Python client):

- /healthz, the bare endpoint: the ceiling every page is compared to;
- the home page, the consultation page, the idea list (page 1 and page 500, by support),
  a search with bounded selectivity, and the idea page with 1,000 comments;
- support POSTs by many signed-in people at many ideas; afterwards the rows are checked
  against the accepted responses and the stored counters (nothing lost, nothing doubled).

Results go to docs/benchmarks.md. Everything can be scaled down for a quick run:

    python -m tests.benchmarks.run --databases sqlite --sizes small --duration 2
    BENCH_LARGE=20000,200000,60000 python -m tests.benchmarks.run

Options also come from the environment: BENCH_DATABASES, BENCH_SIZES, BENCH_SMALL,
BENCH_LARGE, BENCH_DURATION, BENCH_WARMUP, BENCH_CONNECTIONS, BENCH_WORKERS,
BENCH_SUPPORT_USERS, BENCH_CLIENT (auto, wrk or python), BENCH_OUTPUT, BENCH_JSON, BENCH_ONLY.

To measure some rows only (no report is written unless --output is given):

    BENCH_SIZES=small python -m tests.benchmarks.run --only supports
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import platform
import random
import re
import secrets
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, urlsplit

import requests
from sqlalchemy import create_engine, func, select

from tests.benchmarks.export import ExportFigures
from tests.benchmarks.export import measure as measure_export

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
USER_AGENT = "cocreatie-benchmark/1"
CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')
HTTP_TIMEOUT = 30


@dataclass(frozen=True)
class Size:
    ideas: int
    supports: int
    comments: int

    @classmethod
    def parse(cls, value: str) -> Size:
        ideas, supports, comments = (int(part.replace("_", "")) for part in value.split(","))
        return cls(ideas, supports, comments)

    def __str__(self) -> str:
        return f"{self.ideas:,} ideas / {self.supports:,} supports / {self.comments:,} comments"


DEFAULT_SIZES = {"small": "1000,10000,3000", "large": "100000,1000000,300000"}

# (key, label, path template); {slug}, {heavy}, {typical}, {document} and {amendment} are filled in
# per database.
PAGES = (
    ("healthz", "/healthz (ceiling)", "/healthz"),
    ("home", "home `/`", "/"),
    ("consultation", "consultation page", "/consultaties/{slug}"),
    ("list_1", "idea list, page 1 (by support)", "/consultaties/{slug}?sort=support&page=1"),
    ("list_500", "idea list, page 500 (by support)", "/consultaties/{slug}?sort=support&page=500"),
    ("search", "search “zonnepanelen”", "/consultaties/{slug}?q=zonnepanelen"),
    ("idea", "idea page with 1,000 comments", "/ideeen/{heavy}"),
    ("document", "draft text: 200 paragraphs, 2,000 comments, 500 amendments", "/teksten/{document}"),
    ("amendment", "amendment page (the most supported)", "/wijzigingsvoorstellen/{amendment}"),
    # The same pages for a signed-in participant: from the page cache's entries for
    # participants, with their own parts filled in (decision 0022).
    ("list_1_signed_in", "idea list, page 1, signed in", "/consultaties/{slug}?sort=support&page=1"),
    ("list_500_signed_in", "idea list, page 500, signed in", "/consultaties/{slug}?sort=support&page=500"),
    ("search_signed_in", "search “zonnepanelen”, signed in", "/consultaties/{slug}?q=zonnepanelen"),
    # An ordinary idea: the one with the median number of comments.
    ("idea_typical_signed_in", "idea page, signed in", "/ideeen/{typical}"),
    ("idea_signed_in", "idea page with 1,000 comments, signed in", "/ideeen/{heavy}"),
    ("document_signed_in", "draft text, signed in", "/teksten/{document}"),
    ("amendment_signed_in", "amendment page, signed in", "/wijzigingsvoorstellen/{amendment}"),
    # The list for staff, who always get it rendered: what rendering costs at each size.
    ("list_1_procesmanager", "idea list, page 1, rendered (procesmanager)", "/consultaties/{slug}?sort=support&page=1"),
    ("list_500_procesmanager", "idea list, page 500, rendered (procesmanager)",
     "/consultaties/{slug}?sort=support&page=500"),
    ("search_procesmanager", "search “zonnepanelen”, rendered (procesmanager)", "/consultaties/{slug}?q=zonnepanelen"),
    # The procesmanager's dashboard: KPIs, targets and their course, from the stored figures.
    ("dashboard_procesmanager", "dashboard, signed in as procesmanager", "/beheer/consultaties/{slug}/dashboard"),
)
SIGNED_IN = "_signed_in"
AS_PROCESMANAGER = "_procesmanager"
SUPPORT_KEY = "supports"
SUPPORT_LABEL = "support POSTs (accepted/s)"
SUPPORT_POST_KEY = "support_post"  # in-process profile only
SUPPORT_POST_LABEL = "support POST (a new idea each time)"


# --- results ----------------------------------------------------------------------------


@dataclass
class Measurement:
    key: str
    path: str
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p95_ms: float
    errors: int  # socket errors, timeouts and responses other than 2xx/3xx
    client: str
    round_rps: list[float] = field(default_factory=list)  # every round; the best is reported


@dataclass
class SupportCheck:
    people: int
    pairs_prepared: int
    sent: int
    accepted: int
    refused: int
    unanswered: int  # still in flight when the measurement stopped
    rows_before: int
    rows_after: int
    stored_sum: int
    mismatched_ideas: int
    duplicate_pairs: int
    refused_statuses: str = ""

    @property
    def rows_added(self) -> int:
        return self.rows_after - self.rows_before

    @property
    def lost(self) -> int:
        """Accepted by the server but no row to show for it."""
        return max(0, self.accepted - self.rows_added)

    @property
    def doubled(self) -> int:
        """Rows beyond what was sent and could have been accepted, or counted twice."""
        return max(0, self.rows_added - (self.accepted + self.unanswered)) + self.duplicate_pairs

    @property
    def exact(self) -> bool:
        return (
            self.lost == 0
            and self.doubled == 0
            and self.stored_sum == self.rows_after
            and self.mismatched_ideas == 0
            and self.refused == 0
        )


@dataclass
class Run:
    database: str
    size_name: str
    size: Size
    seed_seconds: float
    migrate_seconds: float
    pages: dict[str, Measurement] = field(default_factory=dict)
    support: SupportCheck | None = None
    server_errors: int = 0
    background_cpu: float = float("nan")  # % of all CPUs busy before measuring (server idle)
    background_cpu_after: float = float("nan")
    profiles: dict[str, Profile] = field(default_factory=dict)
    export: ExportFigures | None = None


# --- clients ------------------------------------------------------------------------------

STATS_LUA = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "p50_us": %.1f, "p95_us": %.1f, ' ..
    '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""

# Each wrk thread reads its own file of prepared requests (one person, one idea each)
# and sends each exactly once; response() tells accepted supports from refusals.
SUPPORT_LUA = r"""
local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  prepared = {}
  local f = assert(io.open(args[1] .. "/pairs-" .. tid .. ".txt"))
  for line in f:lines() do
    local cookie, token, path = line:match("^([^\t]+)\t([^\t]+)\t([^\t]+)$")
    table.insert(prepared, wrk.format("POST", path, {
      ["Cookie"] = cookie,
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["User-Agent"] = args[2],
    }, "csrf_token=" .. token))
  end
  f:close()
  sent = 0; accepted = 0; refused = 0; exhausted = 0; answered = 0; refused_statuses = ""
end

function request()
  sent = sent + 1
  local r = prepared[sent]
  if r == nil then
    exhausted = exhausted + 1
    return wrk.format("GET", "/healthz")
  end
  return r
end

function response(status, headers, body)
  answered = answered + 1
  if status == 200 then return end  -- /healthz after the prepared requests ran out
  local location = headers["Location"] or headers["location"] or ""
  if (status == 302 or status == 303) and not string.find(location, "inloggen", 1, true) then
    accepted = accepted + 1
  else
    refused = refused + 1
    if string.len(refused_statuses) < 200 then
      refused_statuses = refused_statuses .. status .. " "
    end
  end
end

done = function(summary, latency, requests)
  local total = {sent = 0, accepted = 0, refused = 0, exhausted = 0, answered = 0}
  for _, t in ipairs(threads) do
    for k, _ in pairs(total) do total[k] = total[k] + t:get(k) end
  end
  local statuses = ""
  for _, t in ipairs(threads) do statuses = statuses .. t:get("refused_statuses") end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "p50_us": %.1f, "p95_us": %.1f, ' ..
    '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d, ' ..
    '"sent": %d, "accepted": %d, "refused": %d, "exhausted": %d, "answered": %d, ' ..
    '"refused_statuses": "%s"}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    e.connect, e.read, e.write, e.status, e.timeout,
    total.sent, total.accepted, total.refused, total.exhausted, total.answered, statuses))
end
"""


WRK_THREADS = 1  # --wrk-threads


def _wrk_threads(connections: int) -> int:
    # One thread drives every connection with little CPU; on a small machine each extra
    # client thread takes CPU from the server it measures.
    return max(1, min(WRK_THREADS, connections))


def _run_wrk(url: str, duration: float, connections: int, script: Path, *args: str, cookie: str = "") -> dict:
    command = [
        "wrk", f"-t{_wrk_threads(connections)}", f"-c{connections}", f"-d{max(1, round(duration))}s",
        "--latency", "--timeout", "10s", "-H", f"User-Agent: {USER_AGENT}", "-s", str(script), url,
    ]
    if cookie:
        command[-3:-3] = ["-H", f"Cookie: {cookie}"]
    if args:
        command += ["--", *args]
    result = subprocess.run(command, capture_output=True, text=True, timeout=duration + 120)
    for line in result.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            return json.loads(line.removeprefix("BENCH_JSON "))
    raise RuntimeError(f"wrk gave no result:\n{result.stdout}\n{result.stderr}")


def _percentile(values: list[float], percent: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, math.ceil(percent / 100 * len(ordered)) - 1))
    return ordered[index]


class _Http:
    """One HTTP/1.1 request per connection, like a browser talking to sync workers."""

    def __init__(self, base: str):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port

    def send(self, method: str, path: str, headers: dict, body: str | None = None) -> tuple[int, str]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=HTTP_TIMEOUT)
        try:
            connection.request(method, path, body=body, headers={"User-Agent": USER_AGENT, **headers})
            response = connection.getresponse()
            response.read()
            return response.status, response.getheader("Location") or ""
        finally:
            connection.close()


def _python_load(base: str, duration: float, connections: int, next_request) -> dict:
    """A threaded client: `connections` threads send requests until the time is up.

    next_request() gives (method, path, headers, body) or None when there is nothing left.
    Requests still running at the deadline are waited for and counted.
    """
    http = _Http(base)
    latencies: list[float] = []
    outcome = {"errors": 0, "sent": 0, "accepted": 0, "refused": 0, "exhausted": 0, "refused_statuses": ""}
    lock = threading.Lock()
    deadline = time.monotonic() + duration

    def worker():
        local_latencies = []
        while time.monotonic() < deadline:
            with lock:
                prepared = next_request()
                if prepared is None:
                    outcome["exhausted"] += 1
                    return
                outcome["sent"] += 1
            method, path, headers, body = prepared
            started = time.perf_counter()
            try:
                status, location = http.send(method, path, headers, body)
            except OSError:
                with lock:
                    outcome["errors"] += 1
                continue
            local_latencies.append(time.perf_counter() - started)
            with lock:
                if status >= 400:
                    outcome["errors"] += 1
                if method == "POST":
                    if status in (302, 303) and "inloggen" not in location:
                        outcome["accepted"] += 1
                    else:
                        outcome["refused"] += 1
                        outcome["refused_statuses"] += f"{status} "
        with lock:
            latencies.extend(local_latencies)

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {
        "requests": len(latencies),
        "duration_us": elapsed * 1e6,
        "p50_us": _percentile(latencies, 50) * 1e6,
        "p95_us": _percentile(latencies, 95) * 1e6,
        **outcome,
    }


# --- the server and the database -------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn with sync workers on one database, configured like production."""

    def __init__(self, database_url: str, workers: int, folder: Path, secret_key: str):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = folder / f"gunicorn-{self.port}.log"
        env = dict(os.environ)
        env.update(
            {
                "DATABASE_URL": database_url,
                "RATELIMIT_ENABLED": "false",
                "COCREATIE_ENV": "production",
                "SECRET_KEY": secret_key,
                "SESSION_COOKIE_SECURE": "false",
                "PUBLIC_URL": self.url,
                "MAIL_OUTBOX": str(folder / "outbox"),
            }
        )
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [str(BIN / "gunicorn"), "--workers", str(workers), "--worker-class", "sync",
                 "--bind", f"127.0.0.1:{self.port}", "--backlog", "2048", "--timeout", "120",
                 "--log-level", "warning", "wsgi:app"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/healthz", timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                time.sleep(0.2)
            if self.process.poll() is not None:
                break
        self.stop()
        raise RuntimeError(f"gunicorn did not start:\n{self.log.read_text()[-3000:]}")

    def errors(self) -> int:
        """Tracebacks in the server's log (unhandled exceptions: 500 responses)."""
        return self.log.read_text(errors="replace").count("Traceback (most recent call last)")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _seed(database_url: str, size: Size, secret_key: str) -> float:
    # The server's secret key: the procesmanager's authenticator key is sealed with it.
    env = dict(os.environ, DATABASE_URL=database_url, FLASK_APP="cocreatie", SECRET_KEY=secret_key)
    started = time.monotonic()
    result = subprocess.run(
        [str(BIN / "flask"), "--app", "cocreatie", "seed-bench", "--ideas", str(size.ideas),
         "--supports", str(size.supports), "--comments", str(size.comments)],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"seeding failed:\n{result.stdout}\n{result.stderr}")
    return time.monotonic() - started


@dataclass
class Seeded:
    slug: str
    consultation_id: int
    heavy_idea_id: int
    heavy_comments: int
    idea_ids: list[int]
    user_ids: dict[str, int]  # e-mail → id
    document_id: int = 0  # the draft text (co-writing) and its most supported open amendment
    amendment_id: int = 0
    typical_idea_id: int = 0  # the idea with the median number of comments


def _discover(engine) -> Seeded:
    from cocreatie import seeding
    from cocreatie.models import Amendment, AmendmentStatus, Consultation, Document, Idea, User

    with engine.connect() as connection:
        consultation_id = connection.scalar(select(Consultation.id).where(Consultation.slug == seeding.BENCH_SLUG))
        heavy = connection.execute(
            select(Idea.id, Idea.comment_count).where(Idea.consultation_id == consultation_id)
            .order_by(Idea.comment_count.desc(), Idea.id).limit(1)
        ).one()
        idea_ids = list(connection.scalars(select(Idea.id).where(Idea.consultation_id == consultation_id)))
        typical = connection.scalar(
            select(Idea.id).where(Idea.consultation_id == consultation_id)
            .order_by(Idea.comment_count, Idea.id).offset(len(idea_ids) // 2).limit(1)
        )
        users = dict(connection.execute(
            select(User.email, User.id).where(User.email.like(f"bench-0%@{seeding.BENCH_EMAIL_DOMAIN}"))
        ).all())
        draft = connection.execute(
            select(Document.id, Amendment.id)
            .join(Amendment, Amendment.document_id == Document.id)
            .where(Document.consultation_id == consultation_id, Amendment.status == AmendmentStatus.OPEN)
            .order_by(Amendment.support_count.desc(), Amendment.id).limit(1)
        ).one()
    return Seeded(seeding.BENCH_SLUG, consultation_id, heavy.id, heavy.comment_count, idea_ids, users,
                  draft[0], draft[1], typical)


# --- measuring ------------------------------------------------------------------------------


class Bench:
    def __init__(self, options: argparse.Namespace, folder: Path):
        self.options = options
        self.folder = folder
        self.client = options.client
        if self.client == "auto":
            self.client = "wrk" if shutil.which("wrk") else "python"
        self.stats_script = folder / "stats.lua"
        self.stats_script.write_text(STATS_LUA)
        self.support_script = folder / "support.lua"
        self.support_script.write_text(SUPPORT_LUA)

    def load(self, base: str, path: str, duration: float, cookie: str = "") -> dict:
        if self.client == "wrk":
            return _run_wrk(base + path, duration, self.options.connections, self.stats_script, cookie=cookie)
        headers = {"Cookie": cookie} if cookie else {}
        return _python_load(base, duration, self.options.connections, lambda: ("GET", path, headers, None))

    def measure_pages(self, base: str, paths: dict[str, str], signed_in_cookie: str,
                      procesmanager_cookie: str = "") -> dict[str, Measurement]:
        """Every page in turn, `rounds` times over; each page keeps its best round.

        Other work on the machine comes and goes; interleaving spreads each page's rounds
        over the run and the best round is the one least disturbed.
        """
        cookies = {
            key: signed_in_cookie if key.endswith(SIGNED_IN) else procesmanager_cookie if key.endswith(AS_PROCESMANAGER) else ""
            for key in paths
        }
        for key, path in paths.items():
            headers = {"User-Agent": USER_AGENT, **({"Cookie": cookies[key]} if cookies[key] else {})}
            check = requests.get(base + path, timeout=HTTP_TIMEOUT, headers=headers)
            if check.status_code != 200:
                raise RuntimeError(f"{path} answered {check.status_code}: {check.text[:300]}")
            if cookies[key] and 'action="/uitloggen"' not in check.text:
                raise RuntimeError(f"{path} was not shown to a signed-in person")
            if self.options.warmup > 0:
                self.load(base, path, self.options.warmup, cookies[key])
        rounds: dict[str, list[Measurement]] = {key: [] for key in paths}
        for _ in range(self.options.rounds):
            for key, path in paths.items():
                raw = self.load(base, path, self.options.duration, cookies[key])
                rounds[key].append(_measurement(key, path, raw, self.client))
        best = {}
        for key, measured in rounds.items():
            chosen = max(measured, key=lambda m: m.rps)
            chosen.errors = sum(m.errors for m in measured)
            chosen.round_rps = [round(m.rps, 1) for m in measured]
            best[key] = chosen
        return best

    # Supports ------------------------------------------------------------------------------

    def _log_in(self, base: str, email: str) -> tuple[str, str]:
        from cocreatie.seeding import BENCH_PASSWORD

        http = requests.Session()
        http.headers["User-Agent"] = USER_AGENT
        page = http.get(f"{base}/inloggen", timeout=HTTP_TIMEOUT)
        token = CSRF.search(page.text).group(1)
        response = http.post(
            f"{base}/inloggen",
            data={"email": email, "password": BENCH_PASSWORD, "csrf_token": token},
            allow_redirects=False,
            timeout=HTTP_TIMEOUT,
        )
        if response.status_code not in (302, 303):
            raise RuntimeError(f"log-in of {email} failed with {response.status_code}")
        # Log-in starts a new session: the token must come from a page fetched after it.
        page = http.get(f"{base}/", timeout=HTTP_TIMEOUT)
        token = CSRF.search(page.text).group(1)
        cookie = "; ".join(f"{c.name}={c.value}" for c in http.cookies)
        return cookie, token

    def _log_in_procesmanager(self, base: str) -> str:
        """The benchmark's procesmanager, through both steps of the staff sign-in."""
        from cocreatie.clock import utcnow
        from cocreatie.seeding import BENCH_PASSWORD, BENCH_TOTP_SECRET, PROCESMANAGER_EMAIL
        from cocreatie.signin.services import time_step, totp_code

        http = requests.Session()
        http.headers["User-Agent"] = USER_AGENT
        page = http.get(f"{base}/inloggen", timeout=HTTP_TIMEOUT)
        response = http.post(
            f"{base}/inloggen",
            data={"email": PROCESMANAGER_EMAIL, "password": BENCH_PASSWORD, "csrf_token": CSRF.search(page.text).group(1)},
            allow_redirects=False, timeout=HTTP_TIMEOUT,
        )
        if response.status_code not in (302, 303) or not response.headers["Location"].endswith("/inloggen/code"):
            raise RuntimeError(f"log-in of the procesmanager failed with {response.status_code}")
        page = http.get(f"{base}/inloggen/code", timeout=HTTP_TIMEOUT)
        response = http.post(
            f"{base}/inloggen/code",
            data={"code": totp_code(BENCH_TOTP_SECRET, time_step(utcnow())), "csrf_token": CSRF.search(page.text).group(1)},
            allow_redirects=False, timeout=HTTP_TIMEOUT,
        )
        if response.status_code not in (302, 303):
            raise RuntimeError(f"the procesmanager's code step failed with {response.status_code}")
        return "; ".join(f"{c.name}={c.value}" for c in http.cookies)

    def measure_supports(self, base: str, engine, seeded: Seeded) -> tuple[Measurement, SupportCheck]:
        from cocreatie.models import Idea, Support

        options = self.options
        emails = sorted(seeded.user_ids)
        people = min(options.support_users, len(emails))
        step = len(emails) / people
        chosen = [emails[int(i * step)] for i in range(people)]
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=max(2, options.workers * 2)) as pool:
            sessions = list(pool.map(lambda email: self._log_in(base, email), chosen))
        print(f"   {people} people logged in ({time.monotonic() - started:.1f} s)", flush=True)

        # Every (person, idea) pair is new and sent exactly once.
        rng = random.Random(2026)
        per_person = math.ceil(options.max_support_rate * options.duration * options.rounds / people)
        ideas = seeded.idea_ids
        lines: list[list[tuple[str, str, str]]] = [[] for _ in range(people)]
        with engine.connect() as connection:
            for n, email in enumerate(chosen):
                user_id = seeded.user_ids[email]
                # Not an idea this person supports already, nor one of their own.
                given = set(connection.scalars(select(Support.idea_id).where(Support.user_id == user_id)))
                given |= set(connection.scalars(select(Idea.id).where(Idea.author_id == user_id)))
                fresh = [i for i in rng.sample(ideas, min(len(ideas), per_person + len(given))) if i not in given]
                cookie, token = sessions[n]
                lines[n] = [(cookie, quote(token, safe=""), f"/ideeen/{i}/steunen") for i in fresh[:per_person]]
        # Interleave people so consecutive requests come from different people.
        prepared = [line[k] for k in range(per_person) for line in lines if k < len(line)]

        with engine.connect() as connection:
            rows_before = connection.scalar(select(func.count()).select_from(Support))

        # Rounds like the pages, each with its own share of the prepared pairs.
        raws = []
        for number in range(options.rounds):
            share = prepared[number::options.rounds]
            if self.client == "wrk":
                threads = _wrk_threads(options.connections)
                for t in range(threads):
                    with (self.folder / f"pairs-{t}.txt").open("w") as out:
                        for cookie, token, path in share[t::threads]:
                            out.write(f"{cookie}\t{token}\t{path}\n")
                raw = _run_wrk(base + "/healthz", options.duration, options.connections, self.support_script,
                               str(self.folder), USER_AGENT)
                # wrk stops at the deadline without waiting for the requests still running.
                raw["unanswered"] = max(0, raw["sent"] - raw["exhausted"] - raw["answered"])
                raw["sent"] -= raw["exhausted"]
            else:
                queue = iter(share)

                def next_request(queue=queue):
                    item = next(queue, None)
                    if item is None:
                        return None
                    cookie, token, path = item
                    return ("POST", path, {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
                            f"csrf_token={token}")

                raw = _python_load(base, options.duration, options.connections, next_request)
                raw["unanswered"] = 0
            raws.append(raw)
        raw = max(raws, key=lambda r: r["accepted"] / max(r["duration_us"], 1))
        total = {k: sum(r.get(k, 0) for r in raws) for k in ("sent", "accepted", "refused", "unanswered", "exhausted")}
        total["refused_statuses"] = " ".join(r.get("refused_statuses", "").strip() for r in raws).strip()
        # The server is still finishing the requests wrk left in flight: wait until the
        # count of rows stops changing before checking anything.
        rows_after = _settled_count(engine, Support)
        with engine.connect() as connection:
            stored = connection.scalar(select(func.coalesce(func.sum(Idea.support_count), 0)))
            counted = select(func.count()).where(Support.idea_id == Idea.id).scalar_subquery()
            mismatched = connection.scalar(select(func.count()).where(Idea.support_count != counted))
            duplicates = connection.scalar(
                select(func.count()).select_from(
                    select(Support.idea_id, Support.user_id).group_by(Support.idea_id, Support.user_id)
                    .having(func.count() > 1).subquery()
                )
            )
        check = SupportCheck(
            people=people,
            pairs_prepared=len(prepared),
            sent=total["sent"],
            accepted=total["accepted"],
            refused=total["refused"],
            unanswered=total["unanswered"],
            rows_before=rows_before,
            rows_after=rows_after,
            stored_sum=stored,
            mismatched_ideas=mismatched,
            duplicate_pairs=duplicates,
            refused_statuses=total["refused_statuses"],
        )
        measurement = _measurement(SUPPORT_KEY, "/ideeen/<id>/steunen", raw, self.client)
        measurement.errors = sum(_measurement(SUPPORT_KEY, "", r, self.client).errors for r in raws)
        measurement.round_rps = [round(r["accepted"] / (r["duration_us"] / 1e6), 1) for r in raws]
        measurement.rps = max(measurement.round_rps)
        if total["exhausted"]:
            print(f"    warning: the prepared supports ran out ({total['exhausted']} extra requests); "
                  "raise --max-support-rate", flush=True)
        return measurement, check


def _fresh_supports(engine, seeded: Seeded, email: str, count: int) -> tuple[str, list[int]]:
    """Ideas this person neither supports nor wrote: for the in-process support profile."""
    from cocreatie.models import Idea, Support

    user_id = seeded.user_ids[email]
    with engine.connect() as connection:
        given = set(connection.scalars(select(Support.idea_id).where(Support.user_id == user_id)))
        given |= set(connection.scalars(select(Idea.id).where(Idea.author_id == user_id)))
    return email, [i for i in seeded.idea_ids if i not in given][:count]


def _cpu_busy(seconds: float = 2.0) -> float:
    """How busy the machine's CPUs are, in %, over a short moment (Linux /proc/stat)."""

    def sample():
        fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
        return sum(fields[:8]), idle

    try:
        total_1, idle_1 = sample()
        time.sleep(seconds)
        total_2, idle_2 = sample()
    except (OSError, ValueError, IndexError):
        return float("nan")
    spent = total_2 - total_1
    return 100 * (spent - (idle_2 - idle_1)) / spent if spent else float("nan")


QUIET_CPU = 20.0  # % of all CPUs


def _wait_for_quiet(limit: float) -> float:
    """Wait (at most `limit` seconds) until other work uses under QUIET_CPU % of the CPUs."""
    deadline = time.monotonic() + limit
    busy = _cpu_busy()
    while not busy < QUIET_CPU and time.monotonic() < deadline:
        time.sleep(3)
        busy = _cpu_busy()
    return busy


def _settled_count(engine, model, quiet: float = 1.0, limit: float = 60.0) -> int:
    deadline = time.monotonic() + limit
    last = None
    while True:
        with engine.connect() as connection:
            count = connection.scalar(select(func.count()).select_from(model))
        if count == last or time.monotonic() > deadline:
            return count
        last = count
        time.sleep(quiet)


def _measurement(key: str, path: str, raw: dict, client: str) -> Measurement:
    seconds = raw["duration_us"] / 1e6
    errors = sum(raw.get(k, 0) for k in ("connect", "read", "write", "status", "timeout", "errors"))
    return Measurement(
        key=key,
        path=path,
        requests=int(raw["requests"]),
        seconds=seconds,
        rps=raw["requests"] / seconds if seconds else 0.0,
        p50_ms=raw["p50_us"] / 1000,
        p95_ms=raw["p95_us"] / 1000,
        errors=int(errors),
        client=client,
    )


# --- where the time goes ------------------------------------------------------------------------


@dataclass
class Profile:
    key: str
    path: str
    request_ms: float  # in-process, one request at a time, mean
    queries: int
    sql_ms: float
    slowest_ms: float  # the costliest statement, mean per request
    slowest_sql: str
    plan: list[str]


def profile_pages(url: str, paths: dict[str, str], repeat: int = 20,
                  supporter: tuple[str, list[int]] | None = None) -> dict[str, Profile]:
    """Each page rendered in-process: its queries, their time, and the slowest one's plan.
    With `supporter` (an e-mail address and ideas that person may still support), also
    their support POSTs, one idea each, sent with the same cookie every time (as wrk does)."""
    from cocreatie import create_app, db

    # Without the page cache: this is what rendering a page costs.
    # No application context is kept open around the requests: each request has its own
    # (`g` shared between requests would carry one request's person and CSRF token into
    # the next).
    app = create_app({"DATABASE_URL": url, "RATELIMIT_ENABLED": False, "PAGE_CACHE_SECONDS": 0})
    database = app.extensions[db.EXTENSION]
    try:
        return _profile(app, database.engine, paths, repeat, supporter)
    finally:
        database.dispose()


def _profile(app, engine, paths: dict[str, str], repeat: int,
             supporter: tuple[str, list[int]] | None) -> dict[str, Profile]:
    from sqlalchemy import event

    postgresql = engine.dialect.name == "postgresql"
    seen: list[tuple[float, str, object]] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _before(conn, cursor, statement, parameters, context, executemany):
        conn.info["bench_started"] = time.perf_counter()

    @event.listens_for(engine, "after_cursor_execute")
    def _after(conn, cursor, statement, parameters, context, executemany):
        if statement.strip().upper() not in {"BEGIN", "BEGIN IMMEDIATE", "COMMIT", "ROLLBACK"}:
            seen.append((time.perf_counter() - conn.info.pop("bench_started"), statement, parameters))

    profiles: dict[str, Profile] = {}
    client = app.test_client()
    requests_to_time = [(key, path, lambda path=path: client.get(path)) for key, path in paths.items()]
    if supporter is not None:
        requests_to_time.append(_support_posts(app, *supporter))
    try:
        for key, path, send in requests_to_time:
            for _ in range(3):
                send()
            seen.clear()
            started = time.perf_counter()
            for _ in range(repeat):
                send()
            request_ms = (time.perf_counter() - started) / repeat * 1000
            per_request = list(seen)
            # The statement that costs most on average (the same SQL text, any parameters).
            by_text: dict[str, list] = {}
            for seconds, statement, parameters in per_request:
                entry = by_text.setdefault(statement, [0.0, parameters])
                entry[0] += seconds / repeat
                entry[1] = parameters
            if by_text:
                text_, (mean, parameters) = max(by_text.items(), key=lambda item: item[1][0])
                slowest = (mean, text_, parameters)
            else:
                slowest = (0.0, "", None)
            plan: list[str] = []
            if slowest[1] and slowest[0] * 1000 >= 1.0:
                raw = engine.raw_connection()
                try:
                    cursor = raw.cursor()
                    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if postgresql else "EXPLAIN QUERY PLAN "
                    cursor.execute(prefix + slowest[1], slowest[2])
                    plan = [str(row[0] if postgresql else row[-1]) for row in cursor.fetchall()]
                finally:
                    raw.close()
            profiles[key] = Profile(
                key=key,
                path=path,
                request_ms=request_ms,
                queries=round(len(per_request) / repeat),
                sql_ms=sum(entry[0] for entry in per_request) / repeat * 1000,
                slowest_ms=slowest[0] * 1000,
                slowest_sql=" ".join(slowest[1].split()),
                plan=plan,
            )
    finally:
        event.remove(engine, "before_cursor_execute", _before)
        event.remove(engine, "after_cursor_execute", _after)
    return profiles


def _support_posts(app, email: str, ideas: list[int]):
    """(key, path, send) for profile_pages: each call supports the next idea."""
    from cocreatie.seeding import BENCH_PASSWORD

    signing_in = app.test_client()
    token = CSRF.search(signing_in.get("/inloggen").get_data(as_text=True)).group(1)
    response = signing_in.post("/inloggen", data={"email": email, "password": BENCH_PASSWORD, "csrf_token": token})
    if response.status_code not in (302, 303):
        raise RuntimeError(f"log-in of {email} failed with {response.status_code}")
    token = CSRF.search(signing_in.get("/").get_data(as_text=True)).group(1)
    cookie = "; ".join(f"{c.key}={c.value}" for c in signing_in._cookies.values())
    client = app.test_client(use_cookies=False)
    queue = iter(ideas)

    def send():
        idea_id = next(queue)
        response = client.post(f"/ideeen/{idea_id}/steunen", data={"csrf_token": token}, headers={"Cookie": cookie})
        if response.status_code != 302 or "/inloggen" in response.location:
            raise RuntimeError(f"support of idea {idea_id} answered {response.status_code} {response.location}")

    return SUPPORT_POST_KEY, "/ideeen/<id>/steunen", send


# --- databases -----------------------------------------------------------------------------------


class Databases:
    """Hands out one empty database per (kind, size); cleans up at the end."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.cluster = None
        self.pg_admin_url: str | None = None

    def url(self, kind: str, size_name: str) -> str:
        if kind == "sqlite":
            return f"sqlite:///{self.folder / f'bench-{size_name}.sqlite'}"
        if self.cluster is None:
            from tests.pgcluster import Cluster

            self.cluster = Cluster()
            self.pg_admin_url = self.cluster.start()
        import psycopg

        name = f"bench_{size_name}"
        with psycopg.connect(self.pg_admin_url.replace("+psycopg", ""), autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name}")
            connection.execute(f"CREATE DATABASE {name}")
        return self.pg_admin_url.rsplit("/", 1)[0] + f"/{name}"

    def drop(self, kind: str, url: str) -> None:
        """Free the disk of a finished run (the large SQLite file, a PostgreSQL database)."""
        if kind == "sqlite":
            path = Path(url.removeprefix("sqlite:///"))
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            return
        import psycopg

        name = url.rsplit("/", 1)[1]
        with psycopg.connect(self.pg_admin_url.replace("+psycopg", ""), autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def postgresql_version(self) -> str | None:
        if self.pg_admin_url is None:
            return None
        import psycopg

        with psycopg.connect(self.pg_admin_url.replace("+psycopg", "")) as connection:
            return connection.execute("SHOW server_version").fetchone()[0]

    def close(self) -> None:
        if self.cluster is not None:
            self.cluster.stop()


# --- the run ------------------------------------------------------------------------------------


def run_one(bench: Bench, databases: Databases, kind: str, size_name: str, size: Size) -> Run:
    from cocreatie.cli import upgrade_database

    options = bench.options
    url = databases.url(kind, size_name)
    print(f"\n== {kind}, {size_name}: {size}", flush=True)
    started = time.monotonic()
    upgrade_database(url)
    migrate_seconds = time.monotonic() - started
    secret_key = secrets.token_hex(20)  # 40 characters
    seed_seconds = _seed(url, size, secret_key)
    print(f"   migrated in {migrate_seconds:.1f} s, seeded in {seed_seconds:.1f} s", flush=True)
    engine = create_engine(url)
    run = Run(kind, size_name, size, seed_seconds, migrate_seconds)
    try:
        seeded = _discover(engine)
        paths = {
            key: template.format(slug=seeded.slug, heavy=seeded.heavy_idea_id, typical=seeded.typical_idea_id,
                                 document=seeded.document_id, amendment=seeded.amendment_id)
            for key, _l, template in PAGES if options.only is None or key in options.only
        }
        # The machine may be shared: give other work a moment to finish before measuring.
        run.background_cpu = _wait_for_quiet(options.quiet_wait)
        print(f"   CPU busy with other work before measuring: {run.background_cpu:.0f} %", flush=True)
        server = Server(url, options.workers, bench.folder, secret_key)
        try:
            cookie = ""
            if any(key.endswith(SIGNED_IN) for key in paths):
                cookie, _token = bench._log_in(server.url, sorted(seeded.user_ids)[0])
            procesmanager = (bench._log_in_procesmanager(server.url)
                             if any(key.endswith(AS_PROCESMANAGER) for key in paths) else "")
            run.pages.update(bench.measure_pages(server.url, paths, cookie, procesmanager))
            for key, m in run.pages.items():
                print(f"   {key:<13} {m.rps:8.1f} req/s  p50 {m.p50_ms:7.2f} ms  p95 {m.p95_ms:7.2f} ms"
                      f"  errors {m.errors}  rounds {m.round_rps}", flush=True)
            if options.only is None or SUPPORT_KEY in options.only:
                measurement, check = bench.measure_supports(server.url, engine, seeded)
                run.pages[SUPPORT_KEY] = measurement
                run.support = check
                print(f"   {SUPPORT_KEY:<13} {measurement.rps:8.1f} accepted/s  p50 {measurement.p50_ms:7.2f} ms"
                      f"  p95 {measurement.p95_ms:7.2f} ms  accepted {check.accepted}, rows +{check.rows_added},"
                      f" unanswered {check.unanswered}, lost {check.lost}, doubled {check.doubled},"
                      f" counters {'exact' if check.exact else 'NOT exact'}, rounds {measurement.round_rps}",
                      flush=True)
            run.background_cpu_after = _cpu_busy()
            print(f"   CPU busy with other work after measuring: {run.background_cpu_after:.0f} %", flush=True)
        finally:
            server.stop()
            run.server_errors = server.errors()
            if run.server_errors:
                print(f"   the server logged {run.server_errors} errors; the end of its log:\n"
                      + "\n".join(server.log.read_text(errors="replace").splitlines()[-40:]), flush=True)
        if options.only is None or "export" in options.only:
            run.export = measure_export(url)
            print(f"   export        {run.export.seconds:6.1f} s, peak memory {run.export.peak_mib:.0f} MiB, "
                  f"ZIP {run.export.zip_mib:.1f} MiB", flush=True)
        if options.profile:
            supporter = None
            if options.only is None or SUPPORT_KEY in options.only:
                supporter = _fresh_supports(engine, seeded, sorted(seeded.user_ids)[-1], 23)
            run.profiles = profile_pages(
                url, {k: v for k, v in paths.items()
                      if k != "healthz" and not k.endswith(SIGNED_IN) and not k.endswith(AS_PROCESMANAGER)},
                supporter=supporter,
            )
            for p in run.profiles.values():
                print(f"   profile {p.key:<13} {p.request_ms:6.1f} ms per request in-process, {p.queries} queries, "
                      f"{p.sql_ms:5.1f} ms SQL (costliest query {p.slowest_ms:.1f} ms)", flush=True)
    finally:
        engine.dispose()
    if options.keep_databases is False:
        databases.drop(kind, url)
    return run


def _machine(databases: Databases, client: str) -> dict:
    memory = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    wrk = None
    if client == "wrk":
        out = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
        wrk = (out.stdout + out.stderr).splitlines()[0].split(" [")[0] if (out.stdout + out.stderr) else "wrk"
    import gunicorn

    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory": memory,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": databases.postgresql_version(),
        "gunicorn": gunicorn.__version__,
        "client": wrk or "Python threaded client (http.client)",
    }


# --- the report -----------------------------------------------------------------------------------

TARGET_LIST_SHARE = 40.0
TARGET_IDEA_SHARE = 25.0
# Signed-in participants (issue: signed-in pages as fast as anonymous ones).
TARGET_SIGNED_IN = {
    "list_1_signed_in": 25.0,
    "list_500_signed_in": 25.0,
    "search_signed_in": 25.0,
    "idea_typical_signed_in": 25.0,
    "idea_signed_in": 15.0,
}
TARGET_FLAT = 1.2
TARGET_SUPPORTS = {"sqlite": 500.0, "postgresql": 1000.0}
# Flat cost is judged on the rendered pages: a page served from the cache costs the same at
# any size, which would say nothing.
# Judged on pages rendered on every request (a cached page costs the same at any size).
FLAT_PAGES = ("list_1_procesmanager", "list_500_procesmanager", "search_procesmanager")
DATABASE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def _fmt(value: float | None, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{value:,.{digits}f}"


def _share(run: Run, key: str) -> float | None:
    ceiling = run.pages.get("healthz")
    page = run.pages.get(key)
    if not ceiling or not page or not ceiling.rps:
        return None
    return 100 * page.rps / ceiling.rps


def _latency_ratio(large: Run | None, small: Run | None, key: str) -> float | None:
    if not large or not small or key not in large.pages or key not in small.pages:
        return None
    if not small.pages[key].p50_ms:
        return None
    return large.pages[key].p50_ms / small.pages[key].p50_ms


def _labels() -> dict[str, str]:
    labels = {key: label for key, label, _ in PAGES}
    labels[SUPPORT_KEY] = SUPPORT_LABEL
    labels[SUPPORT_POST_KEY] = SUPPORT_POST_LABEL
    return labels


def _table(run: Run, compare_with: Run | None) -> list[str]:
    labels = _labels()
    lines = [
        "| page | req/s | p50 ms | p95 ms | % of /healthz | large/small latency |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for key, m in run.pages.items():
        share = _share(run, key)
        ratio = _latency_ratio(run, compare_with, key) if compare_with else None
        errors = f" ({m.errors} errors)" if m.errors else ""
        lines.append(
            f"| {labels[key]}{errors} | {_fmt(m.rps)} | {_fmt(m.p50_ms, 2)} | {_fmt(m.p95_ms, 2)} | "
            f"{_fmt(share)}{' %' if share is not None else ''} | {(_fmt(ratio, 2) + '×') if ratio is not None else '—'} |"
        )
    return lines


def _verdict_at_least(value: float | None, target: float, unit: str) -> str:
    if value is None:
        return "not measured"
    if value >= target:
        return f"**reached**: {value:,.1f}{unit} (target ≥ {target:,.0f}{unit}; {value - target:,.1f}{unit} above)"
    return f"**not reached**: {value:,.1f}{unit} (target ≥ {target:,.0f}{unit}; {target - value:,.1f}{unit} short)"


def _verdict_share(value: float | None, target: float) -> str:
    if value is None:
        return "not measured"
    if value >= target:
        return f"**reached**: {value:.1f} % of /healthz (target ≥ {target:.0f} %; {value - target:.1f} points above)"
    return (f"**not reached**: {value:.1f} % of /healthz (target ≥ {target:.0f} %; {target - value:.1f} points "
            f"short, {value / target:.2f}× the target)")


def _verdict_flat(value: float | None) -> str:
    if value is None:
        return "not measured (needs both sizes)"
    if value <= TARGET_FLAT:
        return f"**reached**: {value:.2f}× (target ≤ {TARGET_FLAT}×)"
    return f"**not reached**: {value:.2f}× (target ≤ {TARGET_FLAT}×; {value / TARGET_FLAT:.2f}× over the limit)"


def write_report(runs: list[Run], options: argparse.Namespace, machine: dict, path: Path, sizes: dict) -> None:
    by = {(r.database, r.size_name): r for r in runs}
    databases = list(dict.fromkeys(r.database for r in runs))
    size_names = list(dict.fromkeys(r.size_name for r in runs))
    headline = "large" if "large" in size_names else size_names[-1]
    labels = _labels()
    out: list[str] = []
    w = out.append
    w("# Benchmarks")
    w("")
    w("Generated by `make bench` (`python -m tests.benchmarks.run`); the numbers below are measured,")
    w("not edited. Re-run to refresh them.")
    w("")
    w("## Machine")
    w("")
    w(f"- date: {machine['date']}")
    w(f"- CPUs (nproc): {machine['cpus']} × {machine['cpu']}")
    w(f"- memory: {machine['memory']}")
    w(f"- OS: {machine['os']}")
    w(f"- Python {machine['python']}, gunicorn {machine['gunicorn']}")
    w(f"- SQLite {machine['sqlite']}")
    w(f"- PostgreSQL {machine['postgresql'] or '— (not run)'}")
    w(f"- load generator: {machine['client']}"
      + (f" ({options.wrk_threads} thread)" if machine["client"].startswith("wrk") else "")
      + ", on the same machine as the server")
    w("")
    w("## Method")
    w("")
    w("- Sizes: " + "; ".join(f"{name}: {sizes[name]}" for name in size_names) + ".")
    w("- Each database starts empty, is migrated with Alembic and seeded with `flask seed-bench`")
    w("  (one published consultation “Benchmark” with an open phase; skewed supports; threads of")
    w("  comments; one idea with 1,000 comments; “zonnepanelen” in every 1,000th idea and in 20 of")
    w("  the first 1,000, so the search fills one page of 20 at both sizes: 20 matches at 1,000")
    w("  ideas, 119 at 100,000).")
    w(f"- Server: gunicorn, {options.workers} sync workers, `COCREATIE_ENV=production`, rate limits off;")
    w("  SQLite in WAL mode on a local file; PostgreSQL 15 in a throwaway cluster (fsync off, like the")
    w("  test cluster).")
    w(f"- Each page: {options.warmup:g} s warm-up, then {options.rounds} rounds of {options.duration:g} s at "
      f"{options.connections} concurrent connections. The rounds are interleaved")
    w("  (every page once, then every page again, …) and each page reports its best round: the")
    w("  machine is shared, and other work on it only ever makes a round slower. Before each run the")
    w(f"  runner waits (up to {options.quiet_wait:g} s) until other work uses under {QUIET_CPU:.0f} % of the CPUs;")
    w("  the CPU use of other work, sampled for 2 s before and after each run, is given below.")
    w("- Visitors: the first rows are anonymous visitors without a cookie (each request a first visit,")
    w("  so each gets a new session and CSRF token), served from each worker's page cache")
    w("  (`cocreatie/pagecache.py`) after the first request. The rows marked “signed in” send the")
    w("  session cookie of one benchmark account (`bench-000000`), a participant: a citizen account")
    w("  without a role in any consultation, who supports ideas like everyone in the data set. Each")
    w("  request checks that session on the server (one query: live, not idle, not blocked, the")
    w("  person and their roles), then serves the participants' entry of the page cache with this")
    w("  person's own parts filled in (their name, unread count, which ideas they support, whether")
    w("  they follow, each read in one small query; decision 0022); a page with their own idea or")
    w("  comment on it would be rendered for them. The procesmanager's row is staff: rendered every time.")
    w("- req/s are completed responses per second; p50/p95 are response latencies at that")
    w("  concurrency (so they include queueing for a worker).")
    w("- “% of /healthz” compares a page’s throughput with the bare endpoint measured in the same run;")
    w("  “large/small latency” is a page’s p50 at the large size divided by its p50 at the small size.")
    w(f"- Supports: {runs[0].support.people if runs and runs[0].support else options.support_users} benchmark "
      "accounts log in; every request is a POST /ideeen/<id>/steunen by one of them for an idea that")
    w(f"  person does not support yet (each pair once), in {options.rounds} rounds of {options.duration:g} s at "
      f"{options.connections} connections (the best round's accepted/s is reported). “Accepted” is a")
    w("  redirect back to the idea (not to the log-in page). After all rounds the")
    w("  rows added are compared with the accepted responses (requests still in flight when the clock")
    w("  stopped may add a row without being counted as accepted), the stored `support_count`s with")
    w("  the rows, idea by idea, and (idea, person) pairs are checked for duplicates.")
    w("")
    w("## Seeding")
    w("")
    w("| database | size | data | migrate s | seed s | other CPU use before / after the run |")
    w("|---|---|---|---:|---:|---:|")
    for r in runs:
        w(f"| {DATABASE_NAMES.get(r.database, r.database)} | {r.size_name} | {r.size} | "
          f"{r.migrate_seconds:.1f} | {r.seed_seconds:.1f} | {_fmt(r.background_cpu, 0)} % / "
          f"{_fmt(r.background_cpu_after, 0)} % |")
    w("")
    w("## Results")
    for database in databases:
        name = DATABASE_NAMES.get(database, database)
        large = by.get((database, headline))
        small = by.get((database, "small")) if headline != "small" else None
        if large is None:
            continue
        w("")
        w(f"### {name}, {headline} ({large.size})")
        w("")
        out.extend(_table(large, small))
        if small is not None:
            w("")
            w(f"{name}, small ({small.size}):")
            w("")
            out.extend(_table(small, None))
        for r in (large, small):
            if r is None or r.support is None:
                continue
            c = r.support
            w("")
            w(f"Supports check ({name}, {r.size_name}): {c.people} people, {c.sent:,} POSTs sent, "
              f"{c.accepted:,} accepted, {c.refused:,} refused, {c.unanswered:,} unanswered at the end; "
              f"rows {c.rows_before:,} → {c.rows_after:,} (+{c.rows_added:,}); stored counts sum to "
              f"{c.stored_sum:,}; {c.mismatched_ideas} ideas whose count differs from their rows; "
              f"{c.duplicate_pairs} duplicate pairs"
              + (f"; refused responses had status {c.refused_statuses}" if c.refused_statuses else "")
              + f" → lost {c.lost}, doubled {c.doubled}: "
              f"**{'exact' if c.exact else 'NOT exact'}**.")
    w("")
    w("## Open-data export")
    w("")
    w("`flask export` of the whole site (every public consultation: a ZIP with CSV and JSON per")
    w("resource and datapackage.json), run as a process of its own after the page measurements;")
    w("peak memory is its maximum resident set (wait4), Python and the app included. It is the work")
    w("cron's `flask export` does for the stored downloads the website serves (decision 0020).")
    w("")
    w("| database | size | data | seconds | peak memory MiB | ZIP MiB |")
    w("|---|---|---|---:|---:|---:|")
    for r in runs:
        if r.export is not None:
            w(f"| {DATABASE_NAMES.get(r.database, r.database)} | {r.size_name} | {r.size} | "
              f"{r.export.seconds:.1f} | {r.export.peak_mib:.0f} | {r.export.zip_mib:.1f} |")
    w("")
    w("## Targets")
    w("")
    w(f"Measured at the {headline} size; flat cost compares it with the small size.")
    for database in databases:
        name = DATABASE_NAMES.get(database, database)
        large = by.get((database, headline))
        small = by.get((database, "small")) if headline != "small" else None
        if large is None:
            continue
        w("")
        w(f"### {name}")
        w("")
        w(f"- Idea list (page 1) ≥ {TARGET_LIST_SHARE:.0f} % of /healthz throughput: "
          + _verdict_share(_share(large, "list_1"), TARGET_LIST_SHARE))
        w(f"  (the consultation page, which shows the same list: {_fmt(_share(large, 'consultation'))} %; "
          f"the list for a signed-in participant: {_fmt(_share(large, 'list_1_signed_in'))} %)")
        for key in FLAT_PAGES:
            w(f"- Flat cost, {labels[key]}: p50 large/small ≤ {TARGET_FLAT}×: "
              + _verdict_flat(_latency_ratio(large, small, key)))
        w(f"- Idea page with 1,000 comments ≥ {TARGET_IDEA_SHARE:.0f} % of /healthz: "
          + _verdict_share(_share(large, "idea"), TARGET_IDEA_SHARE)
          + f" (for a signed-in participant: {_fmt(_share(large, 'idea_signed_in'))} %)")
        for key, share in TARGET_SIGNED_IN.items():
            if key in large.pages:
                w(f"- {labels[key][:1].upper() + labels[key][1:]} ≥ {share:.0f} % of /healthz: "
                  + _verdict_share(_share(large, key), share))
        target = TARGET_SUPPORTS.get(database, 500.0)
        support = large.pages.get(SUPPORT_KEY)
        verdict = _verdict_at_least(support.rps if support else None, target, "/s")
        exact = large.support.exact if large.support else False
        lost_doubled = (f"lost {large.support.lost}, doubled {large.support.doubled}, counters "
                        f"{'exact' if exact else 'NOT exact'}") if large.support else "not checked"
        w(f"- ≥ {target:,.0f} accepted supports/s with zero lost or doubled: {verdict}; {lost_doubled}"
          f" → **{'reached' if support and support.rps >= target and exact else 'not reached'}**")
    profiled = [r for r in runs if r.profiles and r.size_name == headline]
    if profiled:
        w("")
        w("## Where the time goes")
        w("")
        w("Each page rendered in-process (Flask test client, one request at a time, mean of 20) at the")
        w(f"{headline} size, with its database queries timed at the driver. What is not SQL is Python:")
        w("routing, session, ORM loading and, mostly, template rendering. The support POST is timed the")
        w("same way: one signed-in person, the same cookie each time, a new idea each time.")
        for r in profiled:
            name = DATABASE_NAMES.get(r.database, r.database)
            w("")
            w(f"### {name}")
            w("")
            w("| page | ms per request | queries | SQL ms | SQL share | costliest query ms |")
            w("|---|---:|---:|---:|---:|---:|")
            for key, p in r.profiles.items():
                share = 100 * p.sql_ms / p.request_ms if p.request_ms else 0.0
                w(f"| {labels[key]} | {p.request_ms:.1f} | {p.queries} | {p.sql_ms:.1f} | {share:.0f} % | "
                  f"{p.slowest_ms:.1f} |")
            for key, p in r.profiles.items():
                if not p.plan or p.slowest_ms < 2.0:
                    continue
                w("")
                w(f"Costliest query of the {labels[key]} ({p.slowest_ms:.1f} ms per request):")
                w("")
                w("```sql")
                w(p.slowest_sql if len(p.slowest_sql) <= 1200 else p.slowest_sql[:1200] + " …")
                w("```")
                w("")
                w("```")
                out.extend(p.plan)
                w("```")
    w("")
    # The analysis is written by people and kept beside the runner, so a re-run keeps it.
    w((Path(__file__).with_name("analysis.md")).read_text().rstrip())
    w("")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(out))


# --- entry point ------------------------------------------------------------------------------------


def parse_options(argv: list[str] | None) -> argparse.Namespace:
    env = os.environ.get
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--databases", default=env("BENCH_DATABASES", "sqlite,postgresql"))
    parser.add_argument("--sizes", default=env("BENCH_SIZES", "small,large"))
    parser.add_argument("--small", default=env("BENCH_SMALL", DEFAULT_SIZES["small"]),
                        help="ideas,supports,comments")
    parser.add_argument("--large", default=env("BENCH_LARGE", DEFAULT_SIZES["large"]),
                        help="ideas,supports,comments")
    parser.add_argument("--duration", type=float, default=float(env("BENCH_DURATION", 2)),
                        help="seconds per measured round (whole seconds for wrk)")
    parser.add_argument("--rounds", type=int, default=int(env("BENCH_ROUNDS", 3)),
                        help="rounds per page, interleaved; the best round is reported")
    parser.add_argument("--warmup", type=float, default=float(env("BENCH_WARMUP", 1)))
    parser.add_argument("--connections", type=int, default=int(env("BENCH_CONNECTIONS", 8)))
    parser.add_argument("--workers", type=int, default=int(env("BENCH_WORKERS", 2)))
    parser.add_argument("--support-users", type=int, default=int(env("BENCH_SUPPORT_USERS", 200)))
    parser.add_argument("--max-support-rate", type=int, default=int(env("BENCH_MAX_SUPPORT_RATE", 5000)),
                        help="supports/s to prepare requests for (each pair is sent once)")
    parser.add_argument("--wrk-threads", type=int, default=int(env("BENCH_WRK_THREADS", 1)),
                        help="wrk threads (1 leaves the most CPU to the server)")
    parser.add_argument("--client", choices=("auto", "wrk", "python"), default=env("BENCH_CLIENT", "auto"))
    parser.add_argument("--output", default=env("BENCH_OUTPUT", str(ROOT / "docs" / "benchmarks.md")))
    parser.add_argument("--json", default=env("BENCH_JSON"), help="also write the raw results here")
    parser.add_argument("--quiet-wait", type=float, default=float(env("BENCH_QUIET_WAIT", 60)),
                        help="seconds to wait, before each run, for other work on the machine to calm down")
    parser.add_argument("--keep-databases", action="store_true", help="keep the databases after each run")
    parser.add_argument("--no-profile", dest="profile", action="store_false",
                        help="skip rendering each page in-process to time its queries")
    parser.add_argument("--only", default=env("BENCH_ONLY"),
                        help="measure only these rows, comma-separated keys (e.g. supports or "
                             "idea_typical_signed_in; 'export' for the data export); /healthz, the "
                             "ceiling, is always measured. Writes no report unless --output is given")
    options = parser.parse_args(argv)
    if options.only is not None:
        keys = {key for key, _label, _path in PAGES} | {SUPPORT_KEY, "export"}
        chosen = {key.strip() for key in options.only.split(",") if key.strip()}
        if not chosen or chosen - keys:
            parser.error(f"--only: unknown rows {sorted(chosen - keys)}; choose from {sorted(keys)}")
        options.only = chosen | {"healthz"}
        options.write_report = env("BENCH_OUTPUT") is not None or any(
            a == "--output" or a.startswith("--output=") for a in (argv if argv is not None else sys.argv[1:]))
    else:
        options.write_report = True
    if options.client == "wrk" and not shutil.which("wrk"):
        parser.error("wrk is not installed")
    return options


def main(argv: list[str] | None = None) -> int:
    global WRK_THREADS
    options = parse_options(argv)
    WRK_THREADS = options.wrk_threads
    kinds = [k.strip() for k in options.databases.split(",") if k.strip()]
    size_names = [s.strip() for s in options.sizes.split(",") if s.strip()]
    sizes = {"small": Size.parse(options.small), "large": Size.parse(options.large)}
    for name in size_names:
        if name not in sizes:
            raise SystemExit(f"unknown size {name!r}; use small and/or large")
    folder = Path(tempfile.mkdtemp(prefix="cocreatie-bench-"))
    databases = Databases(folder)
    bench = Bench(options, folder)
    print(f"Benchmarking {', '.join(kinds)} at {', '.join(size_names)} with {bench.client}; "
          f"{options.rounds} × {options.duration:g} s per page at {options.connections} connections, "
          f"{options.workers} sync workers.", flush=True)
    started = time.monotonic()
    runs: list[Run] = []
    try:
        for kind in kinds:
            for name in size_names:
                runs.append(run_one(bench, databases, kind, name, sizes[name]))
        machine = _machine(databases, bench.client)
    finally:
        databases.close()
        shutil.rmtree(folder, ignore_errors=True)
    output = Path(options.output)
    if options.write_report:
        write_report(runs, options, machine, output, sizes)
    if options.json:
        Path(options.json).write_text(json.dumps(
            {"machine": machine, "runs": [
                {**asdict(r), "size": asdict(r.size),
                 "support": (asdict(r.support) | {"lost": r.support.lost, "doubled": r.support.doubled,
                                                  "exact": r.support.exact}) if r.support else None}
                for r in runs]}, indent=2, default=str))
    print(f"\n{f'Wrote {output}' if options.write_report else 'Done'} in {time.monotonic() - started:.0f} s.",
          flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
