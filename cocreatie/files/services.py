"""Write use-cases for header images and attachments: check the bytes, keep them, record
the row, audit. Flush, never commit: the storage deletes what a rolled-back transaction
wrote, and deletes bytes only once their row's deletion is committed (storage.py)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from cocreatie import audit, db, policies
from cocreatie.errors import Conflict, DomainError, NotAllowed
from cocreatie.files import content, storage
from cocreatie.models import Consultation, FilePurpose, Outcome, Phase, StoredFile, User
from cocreatie.models.files import image_name


@dataclass(frozen=True)
class Holder:
    """What a file belongs to: a consultation itself, one of its phases, or an outcome."""

    consultation: Consultation
    phase: Phase | None = None
    outcome: Outcome | None = None

    @property
    def name(self) -> str:
        if self.phase is not None:
            return f"phase {self.phase.id}"
        if self.outcome is not None:
            return f"outcome {self.outcome.id}"
        return f"consultation {self.consultation.id}"

    def owns(self, file: StoredFile) -> bool:
        return (
            file.consultation_id == self.consultation.id
            and file.phase_id == (self.phase.id if self.phase else None)
            and file.outcome_id == (self.outcome.id if self.outcome else None)
        )


def holder_of(file: StoredFile) -> Holder:
    return Holder(file.consultation, file.phase, file.outcome)


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes  # at most one byte more than allowed: the route reads no further


def may_manage(user: User, holder: Holder) -> bool:
    if holder.outcome is not None:
        return policies.can_manage_outcome_files(user, holder.outcome)
    return policies.can_manage_files(user, holder.consultation)


def _check_allowed(user: User, holder: Holder) -> None:
    if not may_manage(user, holder):
        raise NotAllowed()


def _check_size(upload: Upload, max_bytes: int) -> None:
    if not upload.data:
        raise DomainError(_("Choose a file."), field="file")
    if len(upload.data) > max_bytes:
        raise DomainError(
            _("This file is larger than %(size)s MB. Choose a smaller file, or make it smaller first.",
              size=max_bytes // (1024 * 1024)),
            field="file",
        )


def _new_row(user: User, holder: Holder, now: datetime, **values) -> StoredFile:
    return StoredFile(
        consultation_id=holder.consultation.id,
        phase_id=holder.phase.id if holder.phase else None,
        outcome_id=holder.outcome.id if holder.outcome else None,
        created_by_id=user.id,
        created_at=now,
        **values,
    )


def header_image(holder: Holder) -> StoredFile | None:
    return db.session.scalar(select(StoredFile).where(StoredFile.header_for == holder.name))


def set_header_image(
    user: User, holder: Holder, upload: Upload | None, alt_text: str, decorative: bool, now: datetime,
    max_bytes: int,
) -> StoredFile:
    """Add or replace the header image; without an upload, change the current one's text.

    Alt text is required unless the owner marks the image decorative (then alt="")."""
    _check_allowed(user, holder)
    alt_text = " ".join(alt_text.split())
    if decorative:
        alt_text = ""
    elif not alt_text:
        raise DomainError(_("Describe what the image shows, or mark it as decorative."), field="alt_text")
    current = header_image(holder)
    if upload is None or not upload.data:
        if current is None:
            raise DomainError(_("Choose an image."), field="file")
        before = {"alt_text": current.alt_text, "decorative": current.decorative}
        current.alt_text, current.decorative = alt_text, decorative
        audit.record(user, "files.describe_header_image", f"file {current.id}", now,
                     consultation_id=holder.consultation.id, before=before,
                     after={"alt_text": alt_text, "decorative": decorative})
        return current
    _check_size(upload, max_bytes)
    checked = content.check_image(upload.data)
    key = storage.new_key()
    extension = "jpg" if checked.kind.value == "jpeg" else checked.kind.value
    for variant in checked.variants:
        storage.save(image_name(key, variant.width, extension), variant.data)
    largest = checked.variants[-1]
    if current is not None:
        db.session.delete(current)
        db.session.flush()  # the old row leaves before the new one takes its place
    file = _new_row(
        user, holder, now,
        purpose=FilePurpose.HEADER, header_for=holder.name, kind=checked.kind, title="",
        alt_text=alt_text, decorative=decorative, storage_key=key, content_type=checked.content_type,
        size=len(largest.data), width=largest.width, height=largest.height,
        widths=",".join(str(v.width) for v in checked.variants), position=0,
    )
    db.session.add(file)
    try:
        db.session.flush()
    except IntegrityError:
        raise Conflict(_("Someone else changed this image just now. Look at it and try again."), field="file")
    audit.record(user, "files.replace_header_image" if current else "files.add_header_image", f"file {file.id}",
                 now, consultation_id=holder.consultation.id,
                 after={"holder": holder.name, "alt_text": alt_text, "decorative": decorative, "bytes": file.size})
    return file


def copy_header_images(source: Consultation, copy: Consultation) -> None:
    """A copied consultation starts with its source's header image, and each copied phase
    with its counterpart's (phases are copied in order). The bytes are copied too, under
    new names: deleting one consultation never takes the other's image. Attachments stay
    with the consultation they were written for (a council proposal is not the next one's)."""
    db.session.flush()  # the copy's phases get their ids
    holders = {Holder(source).name: Holder(copy)}
    for old_phase, new_phase in zip(source.phases, copy.phases):
        holders[Holder(source, phase=old_phase).name] = Holder(copy, phase=new_phase)
    originals = db.session.scalars(select(StoredFile).where(StoredFile.header_for.in_(holders)))
    for original in originals:
        holder, key = holders[original.header_for], storage.new_key()
        for width, name in zip(original.image_widths, original.stored_names()):
            with storage.current().open(name) as stream:
                storage.save(image_name(key, width, original.extension), stream.read())
        db.session.add(StoredFile(
            consultation_id=copy.id, phase_id=holder.phase.id if holder.phase else None, outcome_id=None,
            purpose=FilePurpose.HEADER, header_for=holder.name, kind=original.kind, title="",
            alt_text=original.alt_text, decorative=original.decorative, storage_key=key,
            content_type=original.content_type, size=original.size, width=original.width, height=original.height,
            widths=original.widths, position=0, created_at=copy.created_at, created_by_id=copy.created_by_id,
        ))
    db.session.flush()


_UNSAFE_IN_NAMES = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")


def title_from_filename(filename: str) -> str:
    """A readable name from the uploaded file's name: its stem, without path or controls."""
    stem = PurePath(filename.replace("\\", "/")).stem
    stem = unicodedata.normalize("NFC", stem).replace("_", " ")
    stem = "".join(ch for ch in stem if unicodedata.category(ch)[0] != "C")
    return " ".join(_UNSAFE_IN_NAMES.sub(" ", stem).split())[:200]


def add_attachment(
    user: User, holder: Holder, upload: Upload, title: str, now: datetime, max_bytes: int
) -> StoredFile:
    _check_allowed(user, holder)
    _check_size(upload, max_bytes)
    kind = content.document_kind(upload.data)
    title = " ".join(title.split()) or title_from_filename(upload.filename) or _("Attachment")
    key = storage.new_key()
    storage.save(key, upload.data)
    last = db.session.scalar(
        select(func.max(StoredFile.position)).where(*_attachments_of(holder))
    )
    file = _new_row(
        user, holder, now,
        purpose=FilePurpose.ATTACHMENT, header_for=None, kind=kind, title=title, alt_text="",
        decorative=False, storage_key=key, content_type=content.CONTENT_TYPES[kind], size=len(upload.data),
        width=None, height=None, widths="", position=(last or 0) + 1,
    )
    db.session.add(file)
    db.session.flush()
    audit.record(user, "files.add_attachment", f"file {file.id}", now, consultation_id=holder.consultation.id,
                 after={"holder": holder.name, "title": title, "kind": kind.value, "bytes": file.size})
    return file


def _attachments_of(holder: Holder):
    return (
        StoredFile.purpose == FilePurpose.ATTACHMENT,
        StoredFile.consultation_id == holder.consultation.id,
        StoredFile.phase_id.is_(None) if holder.phase is None else StoredFile.phase_id == holder.phase.id,
        StoredFile.outcome_id.is_(None) if holder.outcome is None else StoredFile.outcome_id == holder.outcome.id,
    )


def delete_file(user: User, file: StoredFile, now: datetime) -> None:
    """The row now; its bytes once this is committed (storage.py)."""
    holder = holder_of(file)
    _check_allowed(user, holder)
    audit.record(user, "files.delete", f"file {file.id}", now, consultation_id=holder.consultation.id,
                 before={"holder": holder.name, "purpose": file.purpose.value, "title": file.title,
                         "alt_text": file.alt_text, "kind": file.kind.value})
    db.session.delete(file)
    db.session.flush()


def move_attachment(user: User, file: StoredFile, up: bool, now: datetime) -> None:
    """Swap places with the attachment before (or after) it in the list."""
    holder = holder_of(file)
    _check_allowed(user, holder)
    if file.purpose != FilePurpose.ATTACHMENT:
        raise DomainError(_("Only attachments have an order."))
    order = (StoredFile.position.desc(), StoredFile.id.desc()) if up else (StoredFile.position, StoredFile.id)
    beyond = (
        (StoredFile.position < file.position) | ((StoredFile.position == file.position) & (StoredFile.id < file.id))
        if up else
        (StoredFile.position > file.position) | ((StoredFile.position == file.position) & (StoredFile.id > file.id))
    )
    neighbour = db.session.scalar(select(StoredFile).where(*_attachments_of(holder), beyond).order_by(*order).limit(1))
    if neighbour is None:
        return  # already first (or last)
    if neighbour.position == file.position:
        neighbour.position += 1 if up else -1
    else:
        file.position, neighbour.position = neighbour.position, file.position
    audit.record(user, "files.move_attachment", f"file {file.id}", now, consultation_id=holder.consultation.id,
                 after={"up": up})
