"""Backups that restore: a consistent copy of the database while the site keeps running,
and reading one back into an empty database.

- **SQLite**: a read transaction pins one snapshot; the online backup API copies its
  pages (in one step, so it never restarts however busy the site is; WAL lets writers
  carry on meanwhile). The copy is switched to a rollback journal and checked: one
  self-contained file. Restoring is the same API the other way round.
- **PostgreSQL**: this module exports the snapshot of a REPEATABLE READ transaction and
  runs ``pg_dump -Fc`` inside it, so the rows it counts are exactly the rows dumped.
  Restoring runs ``pg_restore`` in a single transaction: all or nothing. The password
  travels in the environment (``PGPASSWORD``), never on the command line, where every
  user of the machine can read it.

A restore only ever fills an empty database: it refuses one that has a row in any table.
The Alembic revision travels with the data (``alembic_version`` is a table like the
others), so ``flask migrate`` upgrades an older backup after it is restored. Restoring
moves the page cache's content version past both the backup's and the target's own, so no
worker keeps serving pages it rendered from other data (cocreatie.pagecache).

Uploaded files (images, attachments) are kept beside the database copy, in the folder
``<backup>.files``: every file the copy's rows name, read from the storage after the
snapshot. Stored files never change once written and are deleted only after their row's
deletion is committed, so these are the very bytes the copy refers to; one deleted in
the moments between the snapshot and its copying is reported as missing. Restoring puts
them back into the storage.

Backup files hold personal data: they are created readable by their owner only (0600),
under a temporary name that is renamed when the copy is complete and verified.

No Flask here: the commands in cli.py pass the app's engine and print.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import psycopg
from psycopg.conninfo import make_conninfo
from sqlalchemy import Connection, Engine, URL, inspect, text

from cocreatie.models.files import FileKind, stored_names

if TYPE_CHECKING:
    from cocreatie.files.storage import Storage  # where uploaded bytes are kept

# A new database that `flask migrate` made has a row in each of these and still counts
# as empty: they are the schema's bookkeeping, not the application's data.
BOOKKEEPING_TABLES = frozenset({"alembic_version", "content_version"})

SQLITE_HEADER = b"SQLite format 3\x00"
CUSTOM_DUMP_HEADER = b"PGDMP"

# Debian and Ubuntu install the programs of every PostgreSQL major version side by side
# (tests/pgcluster.py looks there first too); anything else is found on PATH.
VERSIONED_CLIENT_DIRS = Path("/usr/lib/postgresql")

Progress = Callable[[str], None]
FILES_SUFFIX = ".files"
NAMES_OF_STORED_FILES = "SELECT storage_key, kind, widths FROM stored_files ORDER BY id"


class BackupError(Exception):
    """A backup or restore that cannot, or may not, be done; the message says why and
    what to do."""


@dataclass(frozen=True)
class Copy:
    """What a backup file holds, or what was restored from one."""

    path: Path
    size: int
    rows: dict[str, int]  # table → rows
    revision: str | None  # the Alembic migration revision of the data
    content_version: int | None = None  # after a restore: the page cache's new version
    files: int = 0  # uploaded files copied beside it, or put back into the storage
    missing: tuple[str, ...] = ()  # files its rows name that could not be copied

    def describe(self) -> str:
        described = (
            f"{self.path} ({human_size(self.size)}): {len(self.rows)} tables, "
            f"{sum(self.rows.values()):,} rows, migration revision {self.revision or 'none'}, "
            f"{self.files:,} uploaded files"
        )
        if self.missing:
            described += f"; {len(self.missing)} files missing: {', '.join(self.missing[:5])}" + (" …" if len(self.missing) > 5 else "")
        return described


def files_folder(path: Path) -> Path:
    """Where the uploaded files of the backup at `path` are kept."""
    return path.with_name(path.name + FILES_SUFFIX)


def _names_of_stored_files(rows) -> list[str]:
    return [name for key, kind, widths in rows for name in stored_names(key, FileKind(kind), widths or "")]


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    value = size / 1024
    for unit in ("KB", "MB", "GB"):
        if value < 1024:
            break
        value /= 1024
    else:
        unit = "TB"
    return f"{value:.1f} {unit}"


def _ignore(_line: str) -> None:
    pass


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def default_path(folder: Path, engine: Engine, now: datetime) -> Path:
    """`folder`/cocreatie-<UTC time>.sqlite, or .dump for PostgreSQL's custom format."""
    suffix = "sqlite" if is_sqlite(engine) else "dump"
    return folder / f"cocreatie-{now:%Y%m%dT%H%M%SZ}.{suffix}"


# --- backing up -----------------------------------------------------------------------


def back_up(engine: Engine, path: Path, progress: Progress = _ignore, storage: Storage | None = None) -> Copy:
    """Write a consistent copy of the database to `path` (a new file, mode 0600), and the
    uploaded files its rows name from `storage` into the folder `path`.files (0700; none
    when there are none).

    `progress` gets a line of text once the snapshot is taken, before the copying starts
    (minutes on a big database): from that moment on, what the backup holds is fixed.
    """
    path = Path(path)
    folder = files_folder(path)
    for existing in (path, folder):
        if existing.exists():
            raise BackupError(f"{existing} already exists: a backup never overwrites a file. Choose another name.")
    try:
        with _private_file(path) as partial:
            if is_sqlite(engine):
                rows, revision, names = _copy_sqlite(engine, partial, progress)
            else:
                rows, revision, names = _dump_postgresql(engine, partial, progress)
            copied, missing = (0, ()) if storage is None or not names else _copy_files(storage, names, folder, progress)
    except (OSError, sqlite3.Error) as error:  # a full disk, a database locked too long
        raise BackupError(f"The backup failed, and no file was written: {error}") from error
    return Copy(path, path.stat().st_size, rows, revision, files=copied, missing=missing)


def _copy_files(storage: Storage, names: list[str], folder: Path, progress: Progress) -> tuple[int, tuple[str, ...]]:
    """Copy the named files into `folder`, written under a temporary name that is renamed
    when every file is in."""
    partial = folder.with_name(f".{folder.name}.partial")
    if partial.exists():
        raise BackupError(f"{partial} exists: another backup is writing it, or one was interrupted (remove it).")
    progress(f"Copying {len(names):,} uploaded files into {folder} …")
    partial.mkdir(mode=0o700)
    missing = []
    try:
        for name in names:
            try:
                source = storage.open(name)
            except FileNotFoundError:
                missing.append(name)  # deleted with its row after the snapshot
                continue
            descriptor = os.open(partial / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with source, os.fdopen(descriptor, "wb") as target:
                shutil.copyfileobj(source, target)
                target.flush()
                os.fsync(target.fileno())
        os.replace(partial, folder)
        _sync_folder(folder.parent)
    finally:
        if partial.exists():
            shutil.rmtree(partial)
    return len(names) - len(missing), tuple(missing)


@contextmanager
def _private_file(path: Path) -> Iterator[Path]:
    """An empty file only its owner can read, under a temporary name beside `path`;
    renamed to `path` when the block succeeds, removed when it fails. A half-written
    backup never carries a backup's name (for whatever copies the folder off-site)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    try:
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise BackupError(f"{partial} exists: another backup is writing it, or one was interrupted (remove it).") from None
    try:
        os.fchmod(descriptor, 0o600)  # whatever the umask
        os.close(descriptor)
        yield partial
        os.chmod(partial, 0o600)  # pg_dump rewrote the file; make sure it stayed private
        with open(partial, "rb") as written:
            os.fsync(written.fileno())
        if path.exists():
            raise BackupError(f"{path} appeared while the backup was written: a backup never overwrites a file.")
        os.replace(partial, path)
        _sync_folder(path.parent)
    finally:
        partial.unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _copy_sqlite(engine: Engine, target: Path, progress: Progress) -> tuple[dict[str, int], str | None, list[str]]:
    source_path = _sqlite_path(engine)
    if not source_path.is_file():
        raise BackupError(f"There is no SQLite database at {source_path}.")
    with closing(_connect_sqlite(source_path, "rw")) as source, closing(_connect_sqlite(target, "rw")) as copy:
        # The read transaction pins one snapshot: the counts and the pages copied are of
        # the same moment, whatever writers commit meanwhile.
        source.execute("BEGIN")
        rows = _sqlite_row_counts(source)
        revision = _sqlite_revision(source)
        names = _names_of_stored_files(source.execute(NAMES_OF_STORED_FILES)) if "stored_files" in rows else []
        progress(f"Copying the SQLite database {source_path} as it is now: {_tables_and_rows(rows)} …")
        # All pages in one step: a stepped backup starts over whenever another connection
        # writes, and might never finish on a busy site.
        source.backup(copy)
        source.execute("ROLLBACK")
        # The copy inherits WAL mode; a rollback journal makes it one self-contained file.
        copy.execute("PRAGMA journal_mode = DELETE")
        _check_sqlite(copy, target)
    return rows, revision, names


def _dump_postgresql(engine: Engine, target: Path, progress: Progress) -> tuple[dict[str, int], str | None, list[str]]:
    conninfo, environment = libpq_connection(engine.url)
    with engine.connect() as connection:
        server_major = _server_major(connection)
        pg_dump = find_client("pg_dump", server_major)
        connection.rollback()  # the isolation level is set between transactions
        connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            connection.exec_driver_sql("SET TRANSACTION READ ONLY")
            # pg_dump works in this very snapshot, so the counts are the dump's counts.
            snapshot = connection.scalar(text("SELECT pg_export_snapshot()"))
            rows = _postgresql_row_counts(connection)
            revision = _postgresql_revision(connection)
            names = _names_of_stored_files(connection.execute(text(NAMES_OF_STORED_FILES))) if "stored_files" in rows else []
            progress(
                f"Dumping the PostgreSQL database {engine.url.database} with {pg_dump} as it is now: "
                f"{_tables_and_rows(rows)} …"
            )
            _run(
                pg_dump,
                ["--format=custom", f"--snapshot={snapshot}", "--no-password", f"--file={target}", f"--dbname={conninfo}"],
                environment,
            )
    # The archive's table of contents must read back.
    _run(find_client("pg_restore", server_major), ["--list", str(target)], environment)
    return rows, revision, names


# --- restoring ------------------------------------------------------------------------


def restore(engine: Engine, path: Path, progress: Progress = _ignore, storage: Storage | None = None) -> Copy:
    """Read the backup at `path` into the (empty) database of `engine`, and its uploaded
    files (the folder `path`.files) into `storage`.

    Refuses, changing nothing, when any table of the application has a row. Afterwards
    the content version has moved on; the data keep the backup's migration revision.
    """
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"There is no backup file at {path}.")
    with open(path, "rb") as file:
        header = file.read(len(SQLITE_HEADER))
    if is_sqlite(engine):
        if not header.startswith(SQLITE_HEADER):
            raise BackupError(f"{path} is not an SQLite backup, and this is an SQLite database.")
        try:
            rows, revision, version = _restore_sqlite(engine, path, progress)
        except sqlite3.Error as error:  # the copy itself is all or nothing: SQLite undoes an unfinished one
            raise BackupError(f"The restore failed: {error}") from error
    else:
        if not header.startswith(CUSTOM_DUMP_HEADER):
            raise BackupError(f"{path} is not a PostgreSQL backup (pg_dump's custom format), and this is a PostgreSQL database.")
        rows, revision, version = _restore_postgresql(engine, path, progress)
    copied, missing = (0, ()) if storage is None else _put_files_back(engine, storage, files_folder(path), progress)
    return Copy(path, path.stat().st_size, rows, revision, version, files=copied, missing=missing)


def _put_files_back(engine: Engine, storage: Storage, folder: Path, progress: Progress) -> tuple[int, tuple[str, ...]]:
    """Every file the restored rows name, from the backup's folder into the storage; the
    names not found there are reported (a backup made without its files, say)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("stored_files"):
            return 0, ()  # a backup from before files could be uploaded
        names = _names_of_stored_files(connection.execute(text(NAMES_OF_STORED_FILES)))
    if not names:
        return 0, ()
    progress(f"Putting {len(names):,} uploaded files back from {folder} …")
    kept = set(storage.names())
    missing = []
    for name in names:
        if name in kept:
            continue
        try:
            if "/" in name or name.startswith("."):
                raise FileNotFoundError(name)  # not a name the storage ever gives
            data = (folder / name).read_bytes()
        except FileNotFoundError:
            missing.append(name)
            continue
        storage.save(name, data)
    return len(names) - len(missing), tuple(missing)


def _refuse_unless_empty(engine: Engine, tables_with_rows: list[str]) -> None:
    if tables_with_rows:
        shown = ", ".join(tables_with_rows[:5]) + (f" and {len(tables_with_rows) - 5} more" if len(tables_with_rows) > 5 else "")
        raise BackupError(
            f"Refusing to restore: the database {engine.url.render_as_string(hide_password=True)} is not empty "
            f"({shown} have rows). A restore never overwrites data: restore into a new, empty database. "
            "Nothing was changed."
        )


def _restore_sqlite(engine: Engine, path: Path, progress: Progress) -> tuple[dict[str, int], str | None, int | None]:
    target_path = _sqlite_path(engine)
    with closing(_connect_sqlite(path, "ro")) as source:
        _check_sqlite(source, path)
        revision = _sqlite_revision(source)
        if revision is None:
            raise BackupError(f"{path} is not a Cocreatie backup: it has no migration revision (alembic_version).")
        target_path.parent.mkdir(parents=True, exist_ok=True)
        with closing(_connect_sqlite(target_path, "rwc")) as target:
            _refuse_unless_empty(engine, _sqlite_tables_with_rows(target))
            before = _sqlite_content_version(target)
            progress(f"Restoring {path} (migration revision {revision}) into the SQLite database {target_path} …")
            source.backup(target)
            target.execute("PRAGMA journal_mode = WAL")  # as the application runs it (cocreatie.db)
            version = None
            if _sqlite_content_version(target) is not None:
                target.execute("UPDATE content_version SET version = max(version, ?) + 1 WHERE id = 1", (before or 0,))
                version = _sqlite_content_version(target)
            rows = _sqlite_row_counts(target)
    return rows, revision, version


def _restore_postgresql(engine: Engine, path: Path, progress: Progress) -> tuple[dict[str, int], str | None, int | None]:
    conninfo, environment = libpq_connection(engine.url)
    with engine.connect() as connection:
        pg_restore = find_client("pg_restore", _server_major(connection))
        revision = _dump_revision(pg_restore, path, environment)
        _refuse_unless_empty(engine, _postgresql_tables_with_rows(connection))
        relations = connection.scalar(text(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            f"WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND {_USER_SCHEMA}"
        ))
        target_revision = _postgresql_revision(connection)
        before = _postgresql_content_version(connection)
    # pg_restore --clean replaces the objects the backup has; anything else would stay
    # behind and trip up the next `flask migrate`. A database `flask migrate` left at the
    # backup's revision has exactly the backup's objects.
    if relations and target_revision != revision:
        raise BackupError(
            f"Refusing to restore: the database has the tables of migration revision {target_revision or 'unknown'} "
            f"and the backup is at revision {revision}. Restore into a new database (createdb), "
            "then run `flask migrate`. Nothing was changed."
        )
    progress(f"Restoring {path} (migration revision {revision}) into the PostgreSQL database {engine.url.database} with {pg_restore} …")
    _run(
        pg_restore,
        ["--no-owner", "--exit-on-error", "--single-transaction", "--clean", "--if-exists", "--no-password",
         f"--dbname={conninfo}", str(path)],
        environment,
    )
    with engine.begin() as connection:
        version = None
        if _postgresql_content_version(connection) is not None:
            version = connection.scalar(
                text("UPDATE content_version SET version = greatest(version, :before) + 1 WHERE id = 1 RETURNING version"),
                {"before": before or 0},
            )
        rows = _postgresql_row_counts(connection)
    # pg_restore leaves the planner without statistics until autovacuum gets round to it.
    progress("Updating the query planner's statistics (ANALYZE) …")
    with engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
    return rows, revision, version


def _dump_revision(pg_restore: str, path: Path, environment: dict[str, str]) -> str:
    """The Alembic revision in a custom-format dump (also proves the archive reads)."""
    script = _run(pg_restore, ["--data-only", "--table=alembic_version", "--file=-", str(path)], environment)
    found = re.search(r"^COPY \S*alembic_version \(version_num\) FROM stdin;\n(.*?)^\\\.$", script, re.MULTILINE | re.DOTALL)
    revisions = found.group(1).split() if found else []
    if not revisions:
        raise BackupError(f"{path} is not a Cocreatie backup: it has no migration revision (alembic_version).")
    return ",".join(sorted(revisions))


# --- SQLite ---------------------------------------------------------------------------


def _sqlite_path(engine: Engine) -> Path:
    name = engine.url.database
    if not name or name == ":memory:" or name.startswith("file:"):
        raise BackupError(f"Only an SQLite database in a file can be backed up or restored (not {name or 'in memory'}).")
    return Path(name)


def _connect_sqlite(path: Path, mode: str) -> sqlite3.Connection:
    """mode: ro (read only), rw (must exist), rwc (created if missing). Transactions are
    begun explicitly; a busy database is waited for, as the application does."""
    uri = f"{Path(path).resolve().as_uri()}?mode={mode}"
    return sqlite3.connect(uri, uri=True, isolation_level=None, timeout=30)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sqlite_tables(connection: sqlite3.Connection) -> list[str]:
    """Ordinary tables: not SQLite's own, and not full-text indexes (virtual tables and
    their shadow tables hold no rows of their own)."""
    return [
        name
        for (name,) in connection.execute(
            "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' "
            "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
        )
    ]


def _sqlite_row_counts(connection: sqlite3.Connection) -> dict[str, int]:
    return {
        table: connection.execute(f"SELECT count(*) FROM {_quote(table)}").fetchone()[0]
        for table in _sqlite_tables(connection)
    }


def _sqlite_tables_with_rows(connection: sqlite3.Connection) -> list[str]:
    return [
        table
        for table in _sqlite_tables(connection)
        if table not in BOOKKEEPING_TABLES
        and connection.execute(f"SELECT EXISTS (SELECT 1 FROM {_quote(table)})").fetchone()[0]
    ]


def _sqlite_has_table(connection: sqlite3.Connection, table: str) -> bool:
    return table in _sqlite_tables(connection)


def _sqlite_revision(connection: sqlite3.Connection) -> str | None:
    if not _sqlite_has_table(connection, "alembic_version"):
        return None
    revisions = [row[0] for row in connection.execute("SELECT version_num FROM alembic_version")]
    return ",".join(sorted(revisions)) or None


def _sqlite_content_version(connection: sqlite3.Connection) -> int | None:
    if not _sqlite_has_table(connection, "content_version"):
        return None
    row = connection.execute("SELECT version FROM content_version WHERE id = 1").fetchone()
    return row[0] if row else None


def _check_sqlite(connection: sqlite3.Connection, path: Path) -> None:
    result = connection.execute("PRAGMA quick_check").fetchone()[0]
    if result != "ok":
        raise BackupError(f"{path} is damaged: {result}")


# --- PostgreSQL -----------------------------------------------------------------------

_USER_SCHEMA = "n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'"


def _server_major(connection: Connection) -> int:
    return int(connection.scalar(text("SHOW server_version_num"))) // 10000


def _postgresql_tables(connection: Connection) -> list[tuple[str, str]]:
    """(schema, table) of every ordinary table outside PostgreSQL's own schemas."""
    return [
        (schema, table)
        for schema, table in connection.execute(text(
            "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            f"WHERE c.relkind = 'r' AND {_USER_SCHEMA} ORDER BY 1, 2"
        ))
    ]


def _table_name(schema: str, table: str) -> str:
    return table if schema == "public" else f"{schema}.{table}"


def _qualified(schema: str, table: str) -> str:
    return f"{_quote(schema)}.{_quote(table)}"


def _postgresql_row_counts(connection: Connection) -> dict[str, int]:
    return {
        _table_name(schema, table): connection.scalar(text(f"SELECT count(*) FROM {_qualified(schema, table)}"))
        for schema, table in _postgresql_tables(connection)
    }


def _postgresql_tables_with_rows(connection: Connection) -> list[str]:
    return [
        _table_name(schema, table)
        for schema, table in _postgresql_tables(connection)
        if _table_name(schema, table) not in BOOKKEEPING_TABLES
        and connection.scalar(text(f"SELECT EXISTS (SELECT 1 FROM {_qualified(schema, table)})"))
    ]


def _postgresql_revision(connection: Connection) -> str | None:
    if connection.scalar(text("SELECT to_regclass('alembic_version')")) is None:
        return None
    revisions = connection.scalars(text("SELECT version_num FROM alembic_version")).all()
    return ",".join(sorted(revisions)) or None


def _postgresql_content_version(connection: Connection) -> int | None:
    if connection.scalar(text("SELECT to_regclass('content_version')")) is None:
        return None
    return connection.scalar(text("SELECT version FROM content_version WHERE id = 1"))


def libpq_connection(url: URL) -> tuple[str, dict[str, str]]:
    """The database URL as a libpq connection string for pg_dump's command line, without
    the password, and the environment that carries the password (PGPASSWORD). Without
    a password in the URL, libpq's own ways (~/.pgpass, PGPASSWORD) still apply."""
    options: dict[str, str] = {}
    for key, value in url.query.items():
        options[key] = value[-1] if isinstance(value, tuple) else value
    password = options.pop("password", None) or url.password
    details = {"host": url.host, "port": url.port, "user": url.username, "dbname": url.database, **options}
    try:
        conninfo = make_conninfo("", **{key: str(value) for key, value in details.items() if value is not None})
    except psycopg.ProgrammingError as error:
        raise BackupError(f"DATABASE_URL has an option libpq does not know: {error}") from None
    environment = dict(os.environ)
    if password is not None:
        environment["PGPASSWORD"] = str(password)
    return conninfo, environment


def installed_clients(name: str) -> list[tuple[str, int]]:
    """Every copy of PostgreSQL's program `name` here, with its major version: Debian's
    folder per version first, newest first, then the one on PATH."""
    candidates = sorted(
        VERSIONED_CLIENT_DIRS.glob(f"*/bin/{name}"), key=lambda p: _version_key(p.parent.parent.name), reverse=True
    )
    on_path = shutil.which(name)
    if on_path:
        candidates.append(Path(on_path))
    found = []
    for candidate in candidates:
        major = _client_major(candidate)
        if major is not None:
            found.append((str(candidate), major))
    return found


def _version_key(folder: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", folder))


def _client_major(program: Path) -> int | None:
    try:
        result = subprocess.run([str(program), "--version"], capture_output=True, text=True, timeout=30)
    except OSError:
        return None
    found = re.search(r"\(PostgreSQL\) (\d+)", result.stdout)
    return int(found.group(1)) if result.returncode == 0 and found else None


def find_client(name: str, server_major: int) -> str:
    """The `name` (pg_dump, pg_restore) to use with a server of `server_major`: the same
    major version if installed, else the nearest newer one. An older one cannot read a
    newer server's catalog (pg_dump refuses), so it is an error, as is none at all."""
    clients = installed_clients(name)
    if not clients:
        raise BackupError(
            f"PostgreSQL's {name} is not installed (looked in {VERSIONED_CLIENT_DIRS}/*/bin and on PATH). "
            f"Install the client programs of the server's version, e.g. `apt-get install postgresql-client-{server_major}`."
        )
    usable = [(path, major) for path, major in clients if major >= server_major]
    if not usable:
        newest_path, newest = max(clients, key=lambda client: client[1])
        raise BackupError(
            f"{newest_path} is PostgreSQL {newest}, older than the database server (PostgreSQL {server_major}), "
            f"whose data it cannot read. Install the client programs of the server's version, e.g. "
            f"`apt-get install postgresql-client-{server_major}`."
        )
    return min(usable, key=lambda client: client[1])[0]  # the first found of the lowest major


def _run(program: str, arguments: list[str], environment: dict[str, str]) -> str:
    """Run a PostgreSQL program; its output, or a BackupError with what it said."""
    try:
        result = subprocess.run([program, *arguments], env=environment, capture_output=True, text=True)
    except OSError as error:
        raise BackupError(f"Could not run {program}: {error}") from None
    if result.returncode != 0:
        said = result.stderr.strip() or f"exit status {result.returncode}"
        raise BackupError(f"{Path(program).name} failed: {said}")
    return result.stdout


def _tables_and_rows(rows: dict[str, int]) -> str:
    return f"{len(rows)} tables, {sum(rows.values()):,} rows"
