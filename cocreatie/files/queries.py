"""Reads: the files a page shows, one query per page, and a file by its id."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from cocreatie import db
from cocreatie.models import Consultation, FilePurpose, Outcome, StoredFile


@dataclass
class HolderFiles:
    """The header image and the attachments (in their order) of one holder."""

    header: StoredFile | None = None
    attachments: list[StoredFile] = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.header is not None or bool(self.attachments)


@dataclass
class ConsultationFiles:
    own: HolderFiles
    phases: dict[int, HolderFiles]

    def of_phase(self, phase_id: int) -> HolderFiles:
        return self.phases.get(phase_id) or HolderFiles()


def _ordered():
    return select(StoredFile).order_by(StoredFile.position, StoredFile.id)


def _sort_into(holder: HolderFiles, file: StoredFile) -> None:
    if file.purpose == FilePurpose.HEADER:
        holder.header = file
    else:
        holder.attachments.append(file)


def consultation_files(consultation: Consultation) -> ConsultationFiles:
    """The consultation's own files and its phases' (not its outcomes'), in one query."""
    own, phases = HolderFiles(), {}
    rows = db.session.scalars(
        _ordered().where(StoredFile.consultation_id == consultation.id, StoredFile.outcome_id.is_(None))
    )
    for file in rows:
        _sort_into(own if file.phase_id is None else phases.setdefault(file.phase_id, HolderFiles()), file)
    return ConsultationFiles(own, phases)


def outcome_files(outcome: Outcome) -> HolderFiles:
    files = HolderFiles()
    for file in db.session.scalars(_ordered().where(StoredFile.outcome_id == outcome.id)):
        _sort_into(files, file)
    return files


def holder_files(consultation_id: int, phase_id: int | None, outcome_id: int | None) -> HolderFiles:
    files = HolderFiles()
    rows = db.session.scalars(
        _ordered().where(
            StoredFile.consultation_id == consultation_id,
            StoredFile.phase_id.is_(None) if phase_id is None else StoredFile.phase_id == phase_id,
            StoredFile.outcome_id.is_(None) if outcome_id is None else StoredFile.outcome_id == outcome_id,
        )
    )
    for file in rows:
        _sort_into(files, file)
    return files


def outcome_in(consultation: Consultation, outcome_id: int) -> Outcome | None:
    """Only an outcome of this consultation (read here, so this feature needs no other)."""
    return db.session.scalar(
        select(Outcome).where(Outcome.id == outcome_id, Outcome.consultation_id == consultation.id)
    )


def file_by_id(file_id: int) -> StoredFile | None:
    """With what decides who may see it."""
    return db.session.scalar(
        select(StoredFile)
        .options(joinedload(StoredFile.consultation), joinedload(StoredFile.outcome))
        .where(StoredFile.id == file_id)
    )
