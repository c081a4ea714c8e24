"""Fixtures for the whole suite: the database, the app, clients, factories and the clock.

The database is one per test run, migrated once with Alembic: SQLite, or a throwaway
PostgreSQL 15 cluster with COCREATIE_TEST_DB=postgresql.

Isolation between tests, and the `committed` fixture. A test runs in one transaction on
one connection, rolled back afterwards: the app's sessions (the test's own and every
request's) join it, and their commits release savepoints. That cannot work for a test
whose writes must really be committed because another connection or process reads
them. Such a test requests the `committed` fixture, directly or through a fixture that
does (`live_make`): its writes are committed, and every table is emptied afterwards
(`_empty_all_tables`, which also moves the page cache's content version on). Only
`committed` tests have the page cache on (its version check has a connection of its
own). Today they are:

- every test that uses `live_server` or a `LiveServer` of its own (gunicorn reads the
  database from other processes: the browser tests and the `server` concurrency tests);
- tests whose threads each open their own session (tests/moderation/test_concurrency.py);
- tests that make a second app with `create_app` (its own engine and connections) to
  read what the test wrote;
- tests of the page cache, and of what happens at a real COMMIT (tests/test_request_path.py).

Commands run with `app.test_cli_runner()` use the test's own session, and the migration
tests work in a database of their own (or only read the schema): they do not need it.
A test that uses `live_server` together with the `app` must request `committed`; the
collection stops with an error when one does not.

Data that takes long to build and that tests only read (the demo, the page world) is
built once for a module's consecutive tests, each test in a savepoint inside the
transaction that holds it (`shared_by_module`, below).

Groups (markers, see pyproject.toml): `browser` (Chromium through Playwright), `server`
(a multi-worker gunicorn), `validity` (the Nu HTML Checker), `screenshots` (rewrites
docs/screenshots/ with UPDATE_SCREENSHOTS=1; left out unless asked for with
`-m screenshots`). Browser, validity and screenshot tests test HTML and JavaScript, not
SQL: they run on SQLite and are skipped on PostgreSQL. So is a test that never reaches
the database (one without `database_url` among its fixtures, direct or indirect: pure
functions, files, the catalogues): it would prove the same thing twice. Every other
test, `server` tests included, runs on both. A
test that uses Chromium or the live server without one of these markers stops the
collection with an error (it would escape `make test-fast` and the choice of database).

Fixtures live here and in plugins (below); a test module never imports a fixture from
another test module.
"""

from __future__ import annotations

import gc
import os
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from datetime import datetime, timedelta

import pytest
import time_machine
from flask import request_started
from jinja2 import BytecodeCache
from sqlalchemy import create_engine, text
from werkzeug.security import generate_password_hash

from cocreatie import create_app
from cocreatie.cli import upgrade_database
from cocreatie.models import Base
from tests.factories import Factories

def _reuse_url_builders() -> None:
    """Every test builds its own app, and Werkzeug compiles two Python functions per URL
    rule for building URLs (``url_for``) — most of ``create_app``'s time, ~1 ms a rule.
    The functions depend only on the rule's parsed parts, its defaults and the flag, not
    on the app, so the suite compiles each once and reuses it (bound to each new rule)."""
    from werkzeug.routing.rules import Rule

    compile_builder = Rule._compile_builder
    compiled: dict = {}

    def reused(self, append_unknown: bool = True):
        key = (self.rule, tuple(self._trace), repr(sorted((self.defaults or {}).items())), append_unknown)
        if key not in compiled:
            compiled[key] = compile_builder(self, append_unknown)
        return compiled[key]

    Rule._compile_builder = reused


_reuse_url_builders()


def _reuse_parsed_rules() -> None:
    """Werkzeug parses each URL rule's text into its regex parts when an app adds the rule:
    ~10 ms for every test's app. The parts depend only on the text and the converters,
    alike in every test app: the suite parses each rule once and replays it, making the
    rule's own converters (bound to its app's URL map) as the parse would."""
    from werkzeug.routing.rules import Rule

    parse = Rule._parse_rule
    parsed: dict = {}

    def replayed(self, rule: str):
        key = (rule, tuple(sorted(self.map.converters.items())))
        if key not in parsed:
            calls = []
            get_converter = self.get_converter

            def recording(variable_name, converter_name, args, kwargs):
                calls.append((variable_name, converter_name, args, kwargs))
                return get_converter(variable_name, converter_name, args, kwargs)

            self.get_converter = recording
            before = len(self._trace)
            try:
                parts = list(parse(self, rule))
            finally:
                del self.get_converter
            parsed[key] = (parts, self._trace[before:], calls)
            return iter(parts)
        parts, trace, calls = parsed[key]
        self._trace.extend(trace)
        for variable_name, converter_name, args, kwargs in calls:
            self._converters[variable_name] = self.get_converter(variable_name, converter_name, args, kwargs)
            self.arguments.add(variable_name)
        return iter(parts)

    Rule._parse_rule = replayed


_reuse_parsed_rules()


class _TemplatesCompiledOnce(BytecodeCache):
    """Every test builds its own app, and so its own Jinja environment, which would parse
    and compile each template it renders again: ~30 ms a template, most of a route test's
    time. Jinja's bytecode cache hands a new environment the code an earlier one compiled
    from the same source (checked by its checksum); every test app is configured alike,
    so the code is the same. Kept in memory, for this process only."""

    def __init__(self) -> None:
        self._code: dict[str, tuple[str, object]] = {}

    def load_bytecode(self, bucket) -> None:
        found = self._code.get(bucket.key)
        if found and found[0] == bucket.checksum:
            bucket.code = found[1]

    def dump_bytecode(self, bucket) -> None:
        self._code[bucket.key] = (bucket.checksum, bucket.code)


TEMPLATES_COMPILED_ONCE = _TemplatesCompiledOnce()

pytest_plugins = ["tests.live", "tests.browser.fixtures", "tests.world", "tests.policy_matrix"]

TEST_DB = os.environ.get("COCREATIE_TEST_DB", "sqlite")
NOW = datetime(2026, 6, 15, 10, 0, 0)
SQLITE_ONLY = ("browser", "validity", "screenshots")
GROUPS = ("browser", "server", "screenshots")  # a test with Chromium or gunicorn is in one


def pytest_collection_finish(session) -> None:
    """The garbage collector, tuned for a test run. What is imported and collected by now
    lives to the end: frozen, so a full collection no longer walks it each time. And each
    test leaves an app's worth of objects behind (its routes, templates and engine),
    which would otherwise set off a collection every 700 allocations and a full one
    every few tests: most of it goes by reference counting anyway. This halves the time
    the collector takes (a third of the run's CPU time before)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 10)


def pytest_report_header() -> str:
    return f"database: {TEST_DB}"


LIVE_SERVER_GROUP = "(the modules that use the session's live server)"


def _shard(config, items) -> None:
    """COCREATIE_TEST_SHARD=k/n keeps the k-th of n parts of the tests: `make test` runs the
    tests on each database in several processes side by side. Every n-th test, so that the parts
    take about as long; but some tests stay together in one part: a module of `server`
    tests (a module-scoped server starts once), a module whose tests share a data set
    (built once), and all the modules that use the session's live server (a gunicorn with
    four workers, ~8 s of CPU to start). These groups go to the parts largest first, each
    to the part with the least so far (a `server` test counted as five others)."""
    wanted = os.environ.get("COCREATIE_TEST_SHARD")
    if not wanted:
        return
    k, n = (int(part) for part in wanted.split("/"))
    module_of = {item: item.nodeid.split("::")[0] for item in items}
    group_of = {}
    for item in items:
        module = module_of[item]
        if "live_server" in item.fixturenames:
            group_of[module] = LIVE_SERVER_GROUP
        elif item.get_closest_marker("server") or _shared_key(item.nodeid, item.fixturenames):
            group_of.setdefault(module, module)
    weight: dict = {}
    for item in items:
        if module_of[item] in group_of:
            group = group_of[module_of[item]]
            runs = _skipped_here(item) is None
            weight[group] = weight.get(group, 0) + runs * (5 if item.get_closest_marker("server") else 1)
    load = [0] * n
    part_of = {}
    for group in sorted(weight, key=lambda g: (-weight[g], g)):
        part_of[group] = min(range(n), key=lambda p: (load[p], p))
        load[part_of[group]] += weight[group]
    kept, left = [], []
    for index, item in enumerate(items):
        module = module_of[item]
        part = part_of[group_of[module]] if module in group_of else index % n
        (kept if part == k - 1 else left).append(item)
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept


def _skipped_here(item) -> str | None:
    """Why the test is skipped on this database, or None."""
    if TEST_DB != "postgresql":
        return None
    marker = next((m for m in SQLITE_ONLY if item.get_closest_marker(m)), None)
    if marker:
        return f"{marker} tests run once, on SQLite: they test HTML and JavaScript, not SQL"
    if "database_url" not in item.fixturenames:
        return "never reaches the test database (no `database_url` among its fixtures): runs once, on SQLite"
    return None


@pytest.hookimpl(trylast=True)  # after `-m` has left tests out: the parts hold tests that run
def pytest_collection_modifyitems(config, items) -> None:
    _shared_tests_together(items)
    _shard(config, items)
    for item in items:
        names = set(item.fixturenames)
        if {"live_server", "app"} <= names and "committed" not in names:
            raise pytest.UsageError(
                f"{item.nodeid} uses the live server and the app: it must request `committed` "
                "(or `live_make`), since the server reads its data from another process"
            )
        if names & {"browser", "live_server"} and not any(item.get_closest_marker(m) for m in GROUPS):
            raise pytest.UsageError(f"{item.nodeid} needs Chromium or gunicorn: mark it with one of {GROUPS}")
        reason = _skipped_here(item)
        if reason:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    if TEST_DB == "postgresql":
        from tests.pgcluster import Cluster

        cluster = Cluster()
        url = cluster.start()
        upgrade_database(url)
        yield url
        cluster.stop()
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"
        upgrade_database(url)
        yield url


def _empty_all_tables(url: str) -> None:
    engine = create_engine(url)
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(text(f"DELETE FROM {table}"))
            connection.execute(text("INSERT INTO ideas_fts(ideas_fts) VALUES ('rebuild')"))
        # A write around the application: the live server, still running, must not serve
        # pages of the data just removed.
        connection.execute(text("UPDATE content_version SET version = version + 1"))
    engine.dispose()


CHEAP_HASH_METHOD = "pbkdf2:sha256:1"
# What a log-in with an unknown address is checked against, hashed cheaply as well: the
# app's own (scrypt) takes ~0.1 s of CPU per such log-in.
CHEAP_DUMMY_HASH = generate_password_hash("not-a-real-password-just-timing", method=CHEAP_HASH_METHOD)


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch):
    from cocreatie.accounts import services

    monkeypatch.setattr(services, "PASSWORD_HASH_METHOD", CHEAP_HASH_METHOD)
    monkeypatch.setattr(services, "_DUMMY_HASH", CHEAP_DUMMY_HASH)


@pytest.fixture
def english(client):
    """The interface in English for this test's client."""
    with client.session_transaction() as session:
        session["locale"] = "en"


@pytest.fixture
def outbox(request, tmp_path):
    """The folder this test's mail goes to; with the live server, the server's (emptied)."""
    if "live_server" in request.fixturenames:
        from tests.live import empty_outbox  # a plugin: imported by pytest, not here

        return empty_outbox(request.getfixturevalue("live_outbox"))
    return tmp_path / "outbox"


@pytest.fixture
def file_folder(request, tmp_path):
    """Where this test's uploads are kept; with the live server, the server's."""
    if "live_server" in request.fixturenames:
        return request.getfixturevalue("live_files")
    return tmp_path / "files"


def _test_config(database_url: str, outbox, file_folder, committed: bool) -> dict:
    return {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "MAIL_OUTBOX": str(outbox),
        "FILE_STORAGE_PATH": str(file_folder),
        "OPEN_DATA_PATH": str(file_folder.with_name(file_folder.name + "-open-data")),  # as tests/live.py
        "SERVER_NAME": "localhost",
        "PUBLIC_URL": "http://localhost",
        # The page cache reads the content version on a connection of its own, which
        # cannot see a rolled-back test's writes: it is tested with real commits.
        "PAGE_CACHE_SECONDS": 60 if committed else 0,
    }


def _test_app(config: dict):
    application = create_app(config)
    application.jinja_env.bytecode_cache = TEMPLATES_COMPILED_ONCE
    return application


@pytest.fixture
def app(request, database_url, outbox, file_folder):
    committed = "committed" in request.fixturenames
    application = _test_app(_test_config(database_url, outbox, file_folder, committed))
    database = application.extensions["cocreatie.db"]
    if committed:
        with application.app_context():
            yield application
        database.dispose()
        _empty_all_tables(database_url)
        return
    # Everything the test does, requests included, happens in one transaction on one
    # connection that is rolled back at the end; a commit releases a savepoint. A test
    # of shared data (below) works in a savepoint inside the transaction that holds it.
    shared = _shared_data_for(request, database_url)
    if shared is None:
        connection = database.engine.connect()
        transaction = connection.begin()
    else:
        connection = shared.connection
        transaction = connection.begin_nested()
        if shared.files.exists():  # the files the data refers to, a copy of its own
            shutil.copytree(shared.files, file_folder, dirs_exist_ok=True)
    database.sessions.configure(bind=connection, join_transaction_mode="create_savepoint")

    def test_session_steps_aside(_sender, **_extra):
        # The test's own session (outside any request) ends its savepoint before the
        # request touches the database, as a test's reads end before a committed request:
        # a later rollback in the test undoes only the test's own reads, never the request.
        own = database.sessions.registry.registry.get((threading.get_ident(), id(None)))
        if own is not None and own.in_transaction():
            own.commit()

    request_started.connect(test_session_steps_aside, application)
    try:
        with application.app_context():
            yield application
    finally:
        request_started.disconnect(test_session_steps_aside, application)
        database.sessions.remove()
        if transaction.is_active:
            transaction.rollback()
        if shared is None:
            connection.close()
        database.dispose()


# --- data shared by a module's tests ------------------------------------------------------
#
# Some data sets take a second or more to build (the rich world of tests/world.py, the
# whole demo) and are only read by the tests that use them, or changed in ways that are
# rolled back. Such a data set is built once for the consecutive tests of a module that
# use it (not `committed` ones), in a transaction on one connection that stays open
# while they run; each test then works in a SAVEPOINT inside it, rolled back at its end,
# so no test sees another's writes. Its files are copied into each test's own folder.
# The transaction is rolled back before any other test runs (a test's own transaction,
# a committed test's emptying of the tables, or a second connection must not wait for
# it), and the tests that share a data set run one after the other within their module.


@dataclass
class _Shared:
    key: tuple[str, str]  # (module, fixture name)
    host: object  # the app the data was built with; its engine holds the connection
    connection: object
    transaction: object
    files: Path
    outbox: Path
    value: object  # what the builder returned

    def close(self) -> None:
        try:
            if self.transaction.is_active:
                self.transaction.rollback()
            self.connection.close()
        except Exception:  # the database server already stopped at the end of the run
            pass
        self.host.extensions["cocreatie.db"].dispose()


SHARED_BUILDERS: dict = {}  # fixture name -> build(), run in an app context of its own
_shared: _Shared | None = None


def shared_by_module(name: str):
    """Register `build` as the builder of the data set behind fixture `name`: it runs once
    for a module's consecutive tests that request `name` (and not `committed`), in an app
    context whose session commits into the shared transaction; its return value is what
    `shared_value(request, name)` gives each of them."""

    def register(build):
        SHARED_BUILDERS[name] = build
        return build

    return register


def _shared_key(nodeid: str, fixturenames) -> tuple[str, str] | None:
    names = set(fixturenames)
    if "committed" in names:
        return None
    found = [name for name in SHARED_BUILDERS if name in names]
    assert len(found) <= 1, f"{nodeid} uses two shared data sets: {found}"
    return (nodeid.split("::")[0], found[0]) if found else None


def _release_shared() -> None:
    global _shared
    if _shared is not None:
        _shared.close()
        _shared = None


def _shared_data_for(request, database_url: str) -> _Shared | None:
    global _shared
    key = _shared_key(request.node.nodeid, request.fixturenames)
    if _shared is not None and _shared.key != key:
        _release_shared()
    if key is None or _shared is not None:
        return _shared
    folder = request.getfixturevalue("tmp_path_factory").mktemp("shared")
    host = _test_app(_test_config(database_url, folder / "outbox", folder / "files", False))
    database = host.extensions["cocreatie.db"]
    connection = database.engine.connect()
    transaction = connection.begin()
    database.sessions.configure(bind=connection, join_transaction_mode="create_savepoint")
    try:
        with host.app_context():
            value = SHARED_BUILDERS[key[1]]()
            database.sessions().commit()
    except BaseException:
        transaction.rollback()
        connection.close()
        database.dispose()
        raise
    finally:
        database.sessions.remove()
    _shared = _Shared(key, host, connection, transaction, folder / "files", folder / "outbox", value)
    return _shared


def shared_value(request, name: str):
    """What the builder of data set `name` returned, for this test (which uses it)."""
    assert _shared is not None and _shared.key == _shared_key(request.node.nodeid, request.fixturenames), \
        "the shared data is not this test's: request `app` before it"
    return _shared.value


def shared_outbox(request, name: str) -> Path:
    """Where the mail sent while data set `name` was built went."""
    shared_value(request, name)
    return _shared.outbox


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield
    key = _shared_key(nextitem.nodeid, nextitem.fixturenames) if nextitem is not None else None
    if _shared is not None and _shared.key != key:
        _release_shared()


def _shared_tests_together(items) -> None:
    """Within a module, the tests that share a data set run one after the other (at the
    place of the first), so that it is built once."""
    first: dict = {}
    for index, item in enumerate(items):
        key = _shared_key(item.nodeid, item.fixturenames)
        if key is not None:
            first.setdefault(key, index)
    if not first:
        return
    rank = {}
    for index, item in enumerate(items):
        key = _shared_key(item.nodeid, item.fixturenames)
        rank[item] = (first[key], index) if key is not None else (index, index)
    items.sort(key=rank.__getitem__)


@pytest.fixture
def committed(app):
    """This test's writes are really committed, for another connection or process to read
    (a live server, threads with sessions of their own, a second app, the page cache's
    version check), and are removed after the test by emptying the tables. Every other
    test is rolled back. See the module's docstring."""
    return app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def frozen():
    """Freeze time at NOW; `frozen.shift(timedelta)` moves it."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def make(app):
    return Factories(now=NOW)


def login(client, user) -> None:
    from tests.factories import PASSWORD, finish_code_step

    client.post("/uitloggen")
    response = client.post("/inloggen", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302, "log-in failed"
    finish_code_step(client, response, user)  # staff type a code too


@pytest.fixture
def as_user(client):
    def sign_in(user):
        login(client, user)
        return client

    return sign_in


DAY = timedelta(days=1)
