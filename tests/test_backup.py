"""Backups that restore (cocreatie.backup; `flask backup` and `flask restore`), on the test
run's database: SQLite, or the throwaway PostgreSQL cluster with COCREATIE_TEST_DB=postgresql.

The main test backs up a populated database while a thread keeps committing, restores
the file into a new database, and finds the restored copy equal, table by table, row by
row, to the database as it was at one of the writer's commits: the one before the
backup's snapshot. Restore targets are new databases: SQLite files, or databases made
with `createdb` in the same cluster.
"""

from __future__ import annotations

import io
import os
import subprocess
import threading
import uuid
from pathlib import Path

import pytest
from alembic import command
from PIL import Image
from sqlalchemy import Engine, inspect, make_url, select, text

from cocreatie import backup, create_app, db
from cocreatie.accounts import services as accounts
from cocreatie.cli import alembic_config, upgrade_database
from cocreatie.ideas import services as idea_services
from cocreatie.files import storage
from cocreatie.models import Consultation, FileKind, FilePurpose, Idea, StoredFile
from tests.conftest import NOW, TEST_DB, login

POSTGRESQL = TEST_DB == "postgresql"
SUFFIX = "dump" if POSTGRESQL else "sqlite"
postgresql_only = pytest.mark.skipif(not POSTGRESQL, reason="PostgreSQL only (COCREATIE_TEST_DB=postgresql)")


# --- new databases ----------------------------------------------------------------------


@pytest.fixture
def new_database(database_url, tmp_path):
    """`new_database()` → the URL of a new, empty database of the run's kind (dropped
    afterwards), with `new_database.engine(url)` for an engine that is disposed too."""
    made: list[str] = []
    engines: list[Engine] = []
    server = make_url(database_url)

    def client(program: str, *arguments: str) -> None:
        from tests.pgcluster import _binary  # PostgreSQL's programs, found as the cluster finds them

        subprocess.run(
            [_binary(program), "-h", server.host, "-p", str(server.port), "-U", server.username, *arguments],
            check=True, capture_output=True,
        )

    def make() -> str:
        name = f"restored_{uuid.uuid4().hex[:12]}"
        if not POSTGRESQL:
            return f"sqlite:///{tmp_path / name}.sqlite"
        client("createdb", name)
        made.append(name)
        return server.set(database=name).render_as_string(hide_password=False)

    def engine(url: str) -> Engine:
        engines.append(db.make_engine(url))
        return engines[-1]

    make.engine = engine
    yield make
    for created in engines:
        created.dispose()
    for name in made:
        client("dropdb", "--if-exists", "--force", name)


def app_on(url: str, tmp_path: Path):
    """A second app on another database, for its commands."""
    return create_app({"TESTING": True, "DATABASE_URL": url, "MAIL_OUTBOX": str(tmp_path / "outbox"), "PAGE_CACHE_SECONDS": 0})


# --- the whole database, as data ------------------------------------------------------


def primary_keys(engine: Engine) -> dict[str, list[str]]:
    inspector = inspect(engine)
    return {table: inspector.get_pk_constraint(table)["constrained_columns"] for table in inspector.get_table_names()}


def contents(connection, keys: dict[str, list[str]]) -> dict[str, list[tuple]]:
    """Every table: all rows, all columns, sorted by primary key."""
    quote = connection.dialect.identifier_preparer.quote
    everything = {}
    for table, key in keys.items():
        order = f" ORDER BY {', '.join(quote(column) for column in key)}" if key else ""
        rows = [tuple(row) for row in connection.execute(text(f"SELECT * FROM {quote(table)}{order}"))]
        everything[table] = rows if key else sorted(rows, key=repr)  # full-text index tables have none
    return everything


def without_version(state: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    return {table: rows for table, rows in state.items() if table != "content_version"}


def content_version(state: dict[str, list[tuple]]) -> int:
    ((_id, version),) = state["content_version"]
    return version


class Writer(threading.Thread):
    """Commits one transaction after another through a session and connection of its own,
    as requests do: a new person supports an idea and submits one (users, supports,
    ideas, counters, follows, notifications, the search index and the content version in
    one commit). After each commit it records the whole database: nobody else writes, so
    `states[k]` is the database after its k-th commit (`states[0]`: before the first)."""

    def __init__(self, app, consultation_id: int, idea_id: int, keys: dict[str, list[str]]):
        super().__init__(daemon=True)
        self.app, self.consultation_id, self.idea_id, self.keys = app, consultation_id, idea_id, keys
        self.states: list[dict[str, list[tuple]]] = []
        self.error: BaseException | None = None
        self.finish = threading.Event()
        self.progressed = threading.Condition()

    @property
    def commits(self) -> int:
        return len(self.states) - 1

    def wait_for(self, commits: int) -> None:
        with self.progressed:
            assert self.progressed.wait_for(lambda: self.commits >= commits or self.error, timeout=60), "the writer stalled"
        assert self.error is None, self.error

    def record(self) -> None:
        state = contents(db.session.connection(), self.keys)
        db.session.rollback()
        with self.progressed:
            self.states.append(state)
            self.progressed.notify_all()

    def run(self) -> None:
        with self.app.app_context():
            tokens = db.begin_request_scope(writes=True)
            try:
                self.record()
                while not self.finish.is_set():
                    n = len(self.states)
                    person = accounts.create_user(f"schrijver{n}@example.nl", f"Schrijver {n}", "geheim wachtwoord", NOW)
                    idea_services.support_idea(person, db.session.get(Idea, self.idea_id), NOW)
                    idea_services.submit_idea(
                        person, db.session.get(Consultation, self.consultation_id),
                        f"Idee van schrijver {n}", "Meer groen op het plein.", NOW,
                    )
                    db.session.commit()
                    self.record()
            except BaseException as error:  # reported by wait_for and the test
                self.error = error
                with self.progressed:
                    self.progressed.notify_all()
            finally:
                db.end_request_scope(tokens)


# --- the tests ------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["new", "migrated"])
def test_a_backup_taken_while_writes_continue_restores_the_moment_of_its_snapshot(
    app, committed, page_world, new_database, tmp_path, target
):
    engine = db.current().engine
    keys = primary_keys(engine)
    writer = Writer(app, page_world["consultation"].id, page_world["trees"].id, keys)
    writer.start()
    try:
        writer.wait_for(2)
        started = writer.commits
        at_snapshot = []

        def progress(_line: str) -> None:
            # Called once the snapshot is taken, before the copying: let the writer
            # commit three times more; at least the last two began after the snapshot.
            at_snapshot.append(writer.commits)
            writer.wait_for(at_snapshot[0] + 3)

        written = backup.back_up(engine, tmp_path / f"backup.{SUFFIX}", progress)
    finally:
        writer.finish.set()
        writer.join(timeout=60)
    assert writer.error is None, writer.error
    assert writer.commits >= at_snapshot[0] + 3

    url = new_database()
    target_version = None
    if target == "migrated":  # `flask migrate` ran on the new database before the restore
        upgrade_database(url)
        target_version = 1000  # its workers may have cached pages up to this version
        with new_database.engine(url).begin() as connection:
            connection.execute(text("UPDATE content_version SET version = :v"), {"v": target_version})
    restored_engine = new_database.engine(url)
    restored = backup.restore(restored_engine, written.path)

    with restored_engine.connect() as connection:
        copy = contents(connection, keys)
    assert set(primary_keys(restored_engine)) == set(keys)
    moments = [k for k, state in enumerate(writer.states) if without_version(state) == without_version(copy)]
    assert moments, "the restored database is not the database as it was at any commit"
    (moment,) = moments
    # Everything committed before the backup began is there; nothing begun after its
    # snapshot is (the commit under way while the snapshot was taken may be either); and
    # no transaction is there in part (the copy equals the state after a commit).
    assert started <= moment <= at_snapshot[0] + 1
    assert written.rows == {table: len(writer.states[moment][table]) for table in written.rows}
    assert written.rows["users"] > 10 and written.rows["ideas"] > 10
    assert restored.rows == written.rows and restored.revision == written.revision

    # The content version moved past the backup's and the target's own.
    backup_version = content_version(writer.states[moment])
    assert content_version(copy) == restored.content_version == max(backup_version, target_version or 0) + 1


def test_the_backup_command_writes_a_file_only_its_owner_can_read(app, committed, page_world, monkeypatch, tmp_path):
    monkeypatch.setattr(app, "instance_path", str(tmp_path / "instance"))
    umask = os.umask(0o022)  # the usual umask would make new files readable by everyone
    try:
        result = app.test_cli_runner().invoke(args=["backup"])
    finally:
        os.umask(umask)
    assert result.exit_code == 0, result.output
    folder = tmp_path / "instance" / "backups"
    written, files = sorted(folder.iterdir())  # the copy, its uploaded files, no temporary file left behind
    assert written.name == f"cocreatie-{NOW:%Y%m%dT%H%M%S}Z.{SUFFIX}"
    assert written.stat().st_mode & 0o777 == 0o600
    assert files == backup.files_folder(written) and files.stat().st_mode & 0o777 == 0o700
    assert folder.stat().st_mode & 0o777 == 0o700
    assert f"Wrote {written} (" in result.output and " tables, " in result.output and " rows" in result.output

    size = written.stat().st_size
    again = app.test_cli_runner().invoke(args=["backup", str(written)])
    assert again.exit_code == 1 and "already exists" in again.output
    assert written.stat().st_size == size


def test_restore_refuses_a_database_that_has_rows(app, committed, page_world, new_database, tmp_path):
    engine = db.current().engine
    keys = primary_keys(engine)
    written = backup.back_up(engine, tmp_path / f"backup.{SUFFIX}")
    with engine.connect() as connection:
        before = contents(connection, keys)

    refused = app.test_cli_runner().invoke(args=["restore", str(written.path)])
    assert refused.exit_code == 1
    assert "Refusing to restore" in refused.output and "is not empty (" in refused.output
    assert "Nothing was changed" in refused.output
    with engine.connect() as connection:
        assert contents(connection, keys) == before

    # One row in one table is enough to refuse.
    url = new_database()
    upgrade_database(url)
    almost_empty = new_database.engine(url)
    with almost_empty.begin() as connection:
        connection.execute(text(
            "INSERT INTO users (email, display_name, password_hash, site_role, created_at) "
            "VALUES ('een@example.nl', 'Een', 'x', 'citizen', :now)"
        ), {"now": NOW})
    with pytest.raises(backup.BackupError, match=r"not empty \(users have rows\)"):
        backup.restore(almost_empty, written.path)
    with almost_empty.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM ideas")) == 0


def test_an_older_backup_keeps_its_revision_and_migrate_upgrades_it(new_database, tmp_path):
    old_url = new_database()
    command.upgrade(alembic_config(old_url), "0008")
    old = new_database.engine(old_url)
    with old.begin() as connection:
        connection.execute(text(
            "INSERT INTO users (email, display_name, password_hash, site_role, created_at) "
            "VALUES ('oud@example.nl', 'Oud', 'x', 'citizen', :now)"
        ), {"now": NOW})
    written = backup.back_up(old, tmp_path / f"old.{SUFFIX}")
    assert written.revision == "0008"

    url = new_database()
    second = app_on(url, tmp_path)
    try:
        result = second.test_cli_runner().invoke(args=["restore", str(written.path)])
        assert result.exit_code == 0, result.output
        assert "Restored " in result.output and "migration revision 0008" in result.output
        assert "Run `flask migrate` to bring the data from revision 0008 to " in result.output
        assert second.test_cli_runner().invoke(args=["migrate"]).exit_code == 0
        with second.app_context():
            # Upgraded, the old row still there, and the database takes new rows.
            assert db.session.scalar(text("SELECT version_num FROM alembic_version")) != "0008"
            accounts.create_user("nieuw@example.nl", "Nieuw", "geheim wachtwoord", NOW)
            db.session.commit()
            emails = db.session.scalars(text("SELECT email FROM users ORDER BY id")).all()
            assert emails == ["oud@example.nl", "nieuw@example.nl"]
    finally:
        second.extensions["cocreatie.db"].dispose()


@postgresql_only
def test_restore_refuses_a_postgresql_database_migrated_past_the_backup(new_database, tmp_path):
    old_url = new_database()
    command.upgrade(alembic_config(old_url), "0008")
    written = backup.back_up(new_database.engine(old_url), tmp_path / "old.dump")

    url = new_database()
    upgrade_database(url)  # empty, but with tables a restore of revision 0008 would leave behind
    with pytest.raises(backup.BackupError, match="migration revision .* and the backup is at revision 0008"):
        backup.restore(new_database.engine(url), written.path)


def test_restore_refuses_a_file_that_is_not_a_backup_of_this_database(app, tmp_path):
    letter = tmp_path / f"letter.{SUFFIX}"
    letter.write_text("Geachte heer, mevrouw,")
    kind = "a PostgreSQL backup" if POSTGRESQL else "an SQLite backup"
    with pytest.raises(backup.BackupError, match=f"is not {kind}"):
        backup.restore(db.current().engine, letter)


def test_pg_dump_is_found_by_version_and_a_missing_or_older_one_is_a_clear_error(monkeypatch):
    installed: list[tuple[str, int]] = []
    monkeypatch.setattr(backup, "installed_clients", lambda name: [(f"{path}/{name}", major) for path, major in installed])

    with pytest.raises(backup.BackupError, match=r"pg_dump is not installed .*postgresql-client-15"):
        backup.find_client("pg_dump", 15)

    installed[:] = [("/usr/lib/postgresql/13/bin", 13), ("/usr/bin", 14)]
    with pytest.raises(backup.BackupError, match=r"/usr/bin/pg_dump is PostgreSQL 14, older than the database server \(PostgreSQL 15\)"):
        backup.find_client("pg_dump", 15)

    installed[:] = [("/usr/lib/postgresql/17/bin", 17), ("/usr/lib/postgresql/15/bin", 15), ("/usr/bin", 16)]
    assert backup.find_client("pg_dump", 15) == "/usr/lib/postgresql/15/bin/pg_dump"
    assert backup.find_client("pg_dump", 16) == "/usr/bin/pg_dump"
    installed[:] = [("/usr/lib/postgresql/15/bin", 15), ("/usr/bin", 15)]  # Debian's /usr/bin one is a wrapper
    assert backup.find_client("pg_dump", 15) == "/usr/lib/postgresql/15/bin/pg_dump"


@postgresql_only
def test_the_backup_command_without_pg_dump_says_what_to_install(app, monkeypatch, tmp_path):
    monkeypatch.setattr(backup, "installed_clients", lambda name: [])
    result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "backup.dump")])
    assert result.exit_code == 1
    assert "PostgreSQL's pg_dump is not installed" in result.output and "apt-get install postgresql-client-15" in result.output
    assert list(tmp_path.iterdir()) == []


def test_the_password_reaches_pg_dump_through_the_environment_only():
    url = make_url("postgresql+psycopg://cocreatie:geheim%20w8woord@db.example.nl:5433/participatie?sslmode=verify-full")
    conninfo, environment = backup.libpq_connection(url)
    assert "geheim" not in conninfo
    assert environment["PGPASSWORD"] == "geheim w8woord"
    assert sorted(conninfo.split()) == sorted(
        ["host=db.example.nl", "port=5433", "user=cocreatie", "dbname=participatie", "sslmode=verify-full"]
    )


# --- uploaded files ---------------------------------------------------------------------


def test_uploaded_files_go_with_the_backup_and_come_back_with_the_restore(app, committed, client, make, file_folder, new_database, tmp_path):
    consultation = make.consultation()
    login(client, make.owner_of(consultation))
    manage = f"/beheer/consultaties/{consultation.slug}/bestanden"
    image = Image.new("RGB", (1000, 500), "green")
    jpeg = io.BytesIO()
    image.save(jpeg, "JPEG")
    assert client.post(f"{manage}/afbeelding", content_type="multipart/form-data", data={
        "image-file": (io.BytesIO(jpeg.getvalue()), "plein.jpg"), "image-alt_text": "Het plein"}).status_code == 302
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    assert client.post(f"{manage}/bijlagen", content_type="multipart/form-data", data={
        "attachment-file": (io.BytesIO(pdf), "raadsvoorstel.pdf"), "attachment-title": "Raadsvoorstel"}).status_code == 302
    db.session.expire_all()
    files = db.session.scalars(select(StoredFile).order_by(StoredFile.id)).all()
    names = sorted(name for file in files for name in file.stored_names())
    assert len(files) == 2 and len(names) == 4  # the image at three widths, the document
    uploaded = {name: (file_folder / name).read_bytes() for name in names}

    target = tmp_path / f"with-files.{SUFFIX}"
    result = app.test_cli_runner().invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert "4 uploaded files" in result.output
    folder = backup.files_folder(target)
    assert sorted(p.name for p in folder.iterdir()) == names
    assert folder.stat().st_mode & 0o777 == 0o700
    assert all((folder / name).stat().st_mode & 0o777 == 0o600 for name in names)

    url = new_database()
    restored_files = tmp_path / "restored-files"
    second = create_app({"TESTING": True, "DATABASE_URL": url, "MAIL_OUTBOX": str(tmp_path / "outbox"),
                         "PAGE_CACHE_SECONDS": 0, "FILE_STORAGE_PATH": str(restored_files)})
    try:
        with second.app_context():  # the command runs in the app of the context it finds
            result = second.test_cli_runner().invoke(args=["restore", str(target)])
        assert result.exit_code == 0, result.output
        assert "4 uploaded files" in result.output and "missing" not in result.output
        assert {p.name: p.read_bytes() for p in restored_files.iterdir()} == uploaded
        visitor = second.test_client()
        image_file, document = files
        width = image_file.image_widths[0]
        shown = visitor.get(f"/afbeeldingen/{image_file.id}/{width}")
        assert shown.status_code == 200 and shown.data == uploaded[f"{image_file.storage_key}-{width}.jpg"]
        assert visitor.get(f"/bestanden/{document.id}").data == pdf
    finally:
        second.extensions["cocreatie.db"].dispose()


def test_a_file_that_is_gone_is_reported_by_backup_and_restore(app, committed, make, file_folder, new_database, tmp_path):
    consultation = make.consultation()
    file_storage = storage.LocalStorage(file_folder)
    for key in ("blijft", "weg"):
        file_storage.save(key, key.encode())
        db.session.add(StoredFile(consultation_id=consultation.id, purpose=FilePurpose.ATTACHMENT, kind=FileKind.PDF,
                                  title=key, storage_key=key, content_type="application/pdf", size=5))
    db.session.commit()
    (file_folder / "weg").unlink()  # deleted, with its row, after the snapshot (as it would be)

    written = backup.back_up(db.current().engine, tmp_path / f"gaten.{SUFFIX}", storage=file_storage)
    assert (written.files, written.missing) == (1, ("weg",))
    assert "1 files missing: weg" in written.describe()

    url = new_database()
    into = storage.LocalStorage(tmp_path / "restored-files")
    restored = backup.restore(new_database.engine(url), written.path, storage=into)
    assert (restored.files, restored.missing) == (1, ("weg",))
    assert sorted(into.names()) == ["blijft"]
