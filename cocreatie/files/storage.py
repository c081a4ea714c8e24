"""Where uploaded bytes are kept: one small interface, local disk by default.

A storage keeps bytes under names the application makes up (random, [A-Za-z0-9_-.]),
outside the web root. `LocalStorage` writes to a folder (FILE_STORAGE_PATH, by default
instance/files); several servers share files through an object store with the same four
methods (decision 0016 says how one plugs in).

Bytes and rows must not drift apart, so the storage follows the database session:
- bytes written for a transaction that is rolled back are deleted again;
- bytes whose row is deleted (the file itself, or its consultation, phase or outcome,
  whose rows go by cascade) are deleted once that deletion is committed, never before.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Protocol

from flask import Flask, current_app
from sqlalchemy import event, select
from sqlalchemy.orm import Session, object_session

from cocreatie import db
from cocreatie.config import INSTANCE_DIR
from cocreatie.models import Consultation, Outcome, Phase, StoredFile
from cocreatie.models.files import stored_names

log = logging.getLogger(__name__)

EXTENSION = "cocreatie.files"
WRITTEN = "files_written"
DISCARDED = "files_discarded"
_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}")


class Storage(Protocol):
    def save(self, name: str, data: bytes) -> None: ...

    def open(self, name: str) -> BinaryIO: ...

    def delete(self, name: str) -> None: ...

    def names(self) -> Iterator[str]: ...


def _checked(name: str) -> str:
    if not _NAME.fullmatch(name) or ".." in name:
        raise ValueError(f"not a storage name: {name!r}")
    return name


class LocalStorage:
    """Files in one folder on local disk, readable by the application's user only."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, name: str) -> Path:
        return self.root / _checked(name)

    def save(self, name: str, data: bytes) -> None:
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        # Written whole beside its place, then moved in: nobody reads half a file.
        draft = self.root / f".{_checked(name)}.{secrets.token_hex(4)}"
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        os.replace(draft, self._path(name))

    def open(self, name: str) -> BinaryIO:
        return self._path(name).open("rb")

    def delete(self, name: str) -> None:
        self._path(name).unlink(missing_ok=True)

    def names(self) -> Iterator[str]:
        if not self.root.is_dir():
            return iter(())
        return (p.name for p in self.root.iterdir() if p.is_file() and not p.name.startswith("."))


def storage_from(config: dict) -> Storage:
    return LocalStorage(Path(config.get("FILE_STORAGE_PATH") or INSTANCE_DIR / "files"))


def current() -> Storage:
    return current_app.extensions[EXTENSION]


def new_key() -> str:
    return secrets.token_urlsafe(24)  # 32 characters, 192 random bits


def save(name: str, data: bytes) -> None:
    """Keep bytes for the current transaction: deleted again if it is rolled back."""
    current().save(name, data)
    db.session().info.setdefault(WRITTEN, []).append(name)


def discard(names: list[str]) -> None:
    """Delete these bytes once the current transaction commits."""
    db.session().info.setdefault(DISCARDED, []).extend(names)


_HOLDER_COLUMNS = {
    Consultation: StoredFile.consultation_id,
    Phase: StoredFile.phase_id,
    Outcome: StoredFile.outcome_id,
}


def _note_deleted(_mapper, connection, target) -> None:
    """Before the ORM deletes a file, or a consultation, phase or outcome (whose files the
    database then deletes by cascade; an orphaned phase too): remember their names."""
    session = object_session(target)
    if session is None:
        return
    if isinstance(target, StoredFile):
        names = target.stored_names()
    else:
        column = _HOLDER_COLUMNS[type(target)]
        rows = connection.execute(
            select(StoredFile.storage_key, StoredFile.kind, StoredFile.widths).where(column == target.id)
        )
        names = [name for row in rows for name in stored_names(*row)]
    if names:
        session.info.setdefault(DISCARDED, []).extend(names)


def _watch_deletions() -> None:
    """Mapper events belong to the model classes, not to an app: connected once."""
    for model in (StoredFile, *_HOLDER_COLUMNS):
        if not event.contains(model, "before_delete", _note_deleted):
            event.listen(model, "before_delete", _note_deleted)


def init_app(app: Flask, database: db.Database) -> Storage:
    storage = storage_from(app.config)
    app.extensions[EXTENSION] = storage
    _watch_deletions()

    @event.listens_for(database.sessions, "after_commit")
    def _delete_discarded(session: Session) -> None:
        if session.in_nested_transaction():
            return  # a SAVEPOINT released: the real commit is still to come
        session.info.pop(WRITTEN, None)
        for name in set(session.info.pop(DISCARDED, [])):
            try:
                storage.delete(name)
            except OSError:
                log.exception("could not delete stored file %s", name)

    @event.listens_for(database.sessions, "after_rollback")
    def _delete_written(session: Session) -> None:
        if session.in_nested_transaction():
            return
        session.info.pop(DISCARDED, None)
        for name in session.info.pop(WRITTEN, []):
            try:
                storage.delete(name)
            except OSError:
                log.exception("could not delete stored file %s", name)

    return storage
