"""Stored downloads: the open-data ZIPs kept in the instance folder, so that the web can
hand out the download of a city-sized consultation, which takes longer to write than a
web worker may take for a request (decision 0020).

`flask export` (run by cron) writes a ZIP per public consultation and one for the whole
site into OPEN_DATA_PATH (by default instance/open-data) when its content changed; a
small download (up to OPEN_DATA_ON_REQUEST_IDEAS ideas) is also made when someone asks
for it and its stored file is out of date. Each ZIP carries, in its ZIP comment, what it
was made from (`Made`): when, the content version (cocreatie/pagecache.py), which
consultations, and which of them with their group figures. So a file and its metadata
can never disagree, and a file is only ever replaced whole (written beside its place,
then renamed): nobody is served half a file, an empty one, or one that failed.

A stored file that is out of date is still served (with the date it was made) unless
something it holds has since been taken out of public view: a consultation or its group
figures no longer public, an idea or comment hidden or merged, a comment deleted, an
account erased (`withdrawn_since`). Then it is not served at all until it is made again.
"""

from __future__ import annotations

import json
import re
import logging
import os
import secrets
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import exists, select

from cocreatie import db
from cocreatie.config import INSTANCE_DIR
from cocreatie.models import AuditEntry, Comment, Consultation, ModerationAction
from cocreatie.opendata import export
from cocreatie.opendata.tables import group_figures_public
from cocreatie.pagecache import content_version
from cocreatie.privacy.services import DELETED_ACCOUNT

log = logging.getLogger(__name__)

# Raise when what a download holds changes shape: stored files of an older format are
# then out of date and made again.
FORMAT = 2
SITE = "site"


@dataclass(frozen=True)
class Made:
    """What a download was made from."""

    at: datetime  # naive UTC, like every stored time
    version: int  # the content version then
    consultations: tuple[int, ...]
    group_figures: tuple[int, ...]  # the consultations whose group figures were public
    format: int = FORMAT

    def comment(self) -> bytes:
        return json.dumps({**asdict(self), "at": self.at.isoformat(timespec="seconds")}).encode()

    @classmethod
    def from_comment(cls, comment: bytes) -> Made | None:
        try:
            data = json.loads(comment.decode())
            return cls(datetime.fromisoformat(data["at"]), int(data["version"]), tuple(data["consultations"]),
                       tuple(data["group_figures"]), int(data["format"]))
        except (ValueError, KeyError, TypeError):
            return None

    def same_content(self, other: Made) -> bool:
        return (self.version, self.consultations, self.group_figures, self.format) == (
            other.version, other.consultations, other.group_figures, other.format)


@dataclass
class Found:
    """A stored download, opened: `file` is what will be sent, `made` describes exactly it
    (it was read from the same open file, so a file replaced meanwhile cannot mix in)."""

    file: BinaryIO
    made: Made
    size: int


def key_of(consultation: Consultation | None) -> str:
    return SITE if consultation is None else f"consultation-{consultation.id}"


class Downloads:
    """The folder of stored downloads."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key: str) -> Path:
        if key != SITE and not (key.startswith("consultation-") and key.removeprefix("consultation-").isdigit()):
            raise ValueError(key)
        return self.folder / f"{key}.zip"

    def made(self, key: str) -> Made | None:
        """When and from what the stored download was made, or None (none, or unreadable)."""
        found = self.open(key)
        if found is None:
            return None
        found.file.close()
        return found.made

    def open(self, key: str) -> Found | None:
        try:
            file = self._path(key).open("rb")
        except OSError:  # none yet, or the folder is missing or unreadable
            return None
        try:
            with zipfile.ZipFile(file) as archive:  # closing the archive leaves `file` open
                made = Made.from_comment(archive.comment)
            size = os.fstat(file.fileno()).st_size
        except (zipfile.BadZipFile, OSError):
            made = None
        if made is None:
            file.close()
            log.warning("The stored download %s cannot be read; it will be made again.", key)
            return None
        file.seek(0)
        return Found(file, made, size)

    def write(self, key: str, write: Callable[[BinaryIO], None]) -> None:
        """Write a download beside its place and move it in only once it is complete."""
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o755)
        target = self._path(key)
        draft = self.folder / f".{key}.{secrets.token_hex(4)}.part"
        try:
            with open(draft, "xb") as out:
                write(out)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(draft, 0o644)
            os.replace(draft, target)
        finally:
            draft.unlink(missing_ok=True)

    def keys(self) -> Iterator[str]:
        if not self.folder.is_dir():
            return iter(())
        return (p.stem for p in self.folder.glob("*.zip") if p.stem == SITE or re.fullmatch(r"consultation-\d+", p.stem))

    def remove(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)


def downloads_from(config: dict) -> Downloads:
    return Downloads(Path(config.get("OPEN_DATA_PATH") or INSTANCE_DIR / "open-data"))


def current_version() -> int:
    """The content version, read in this session's transaction (pagecache.current_version
    reads it on a connection of its own)."""
    return db.session.scalar(select(content_version.c.version).where(content_version.c.id == 1)) or 0


def made_now(consultations: Sequence[Consultation], now: datetime) -> Made:
    """What a download of these consultations made now would be made from (one query)."""
    return Made(now, current_version(), tuple(c.id for c in consultations),
                tuple(c.id for c in consultations if group_figures_public(c)))


def withdrawn_since(made: Made, now: Made) -> bool:
    """Whether something a download made then holds is no longer public now, so that it
    must not be served any more (a fixed number of queries, at most three)."""
    if not set(made.consultations) <= set(now.consultations):
        return True  # a consultation unpublished or made invite-only
    if not set(made.group_figures) <= set(now.group_figures):
        return True
    if not made.consultations:
        return False
    since = made.at
    return bool(
        db.session.scalar(select(exists().where(ModerationAction.consultation_id.in_(made.consultations),
                                                ModerationAction.created_at >= since)))
        or db.session.scalar(select(exists().where(Comment.deleted_at >= since)))
        or db.session.scalar(select(exists().where(AuditEntry.subject == DELETED_ACCOUNT,
                                                   AuditEntry.created_at >= since)))
    )


def on_request(consultations: Sequence[Consultation], limit: int) -> bool:
    """Small enough to be made while someone waits for it (no query: the stored counts).
    A limit of 0: never, only `flask export` makes downloads."""
    return limit > 0 and sum(c.idea_count for c in consultations) <= limit


def described(consultation: Consultation | None, organisation: str, locale: str) -> tuple[str, str]:
    """The download's name (its file name without the date) and its title, in the site's
    language: one stored file serves every visitor."""
    if consultation is not None:
        return consultation.slug, consultation.title
    with force_locale(locale):
        return "alle-consultaties", _("Open data of %(org)s", org=organisation)


def make(downloads: Downloads, consultations: Sequence[Consultation], *, site: bool, organisation: str,
         locale: str, made: Made, tick: Callable[[], None] = lambda: None) -> None:
    """Write the download of these consultations (one, or `site`: all public ones) into
    its place. `made` comes from `made_now`, read before any row, so the file is never
    marked newer than what it holds."""
    key = SITE if site else key_of(consultations[0])
    downloads.write(key, lambda out: make_into(out, consultations, site=site, organisation=organisation,
                                               locale=locale, made=made, tick=tick))


def make_into(out: BinaryIO, consultations: Sequence[Consultation], *, site: bool, organisation: str, locale: str,
              made: Made, tick: Callable[[], None] = lambda: None) -> None:
    """Write the download to `out`, marked with what it was made from."""
    name, title = described(None if site else consultations[0], organisation, locale)
    export.write(out, [c.id for c in consultations], name=name, title=title, organisation=organisation,
                 now=made.at, tick=tick, comment=made.comment())
