"""Uploaded files: header images and attachments of consultations, phases and outcomes.

The bytes live in a storage (cocreatie/files/storage.py: local disk or an object store)
under random names; a row here says what they are, whose they are and how to serve them.
Every file belongs to a consultation (its visibility decides who may fetch it) and, when
it is a phase's or an outcome's, to that too; deleting any of them deletes the rows by
cascade, and the storage's session hooks delete the bytes once that is committed.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cocreatie.clock import utcnow
from cocreatie.models.base import Base
from cocreatie.models.consultations import Consultation, Phase, _enum
from cocreatie.models.feedback import Outcome


class FilePurpose(enum.StrEnum):
    HEADER = "header"
    ATTACHMENT = "attachment"


class FileKind(enum.StrEnum):
    """What the content turned out to be (never what the name said)."""

    JPEG = "jpeg"
    PNG = "png"
    PDF = "pdf"
    DOCX = "docx"
    XLSX = "xlsx"
    PPTX = "pptx"
    ODT = "odt"
    ODS = "ods"
    ODP = "odp"


IMAGE_KINDS = frozenset({FileKind.JPEG, FileKind.PNG})


class StoredFile(Base):
    __tablename__ = "stored_files"
    __table_args__ = (
        Index("ix_stored_files_consultation", "consultation_id", "position", "id"),
        CheckConstraint(
            "phase_id IS NULL OR outcome_id IS NULL", name="ck_stored_files_one_holder"
        ),
        CheckConstraint("size >= 0", name="ck_stored_files_size"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    # Neither: the consultation's own file. One of them: that phase's or outcome's.
    phase_id: Mapped[int | None] = mapped_column(ForeignKey("phases.id", ondelete="CASCADE"), index=True)
    outcome_id: Mapped[int | None] = mapped_column(ForeignKey("outcomes.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[FilePurpose] = mapped_column(_enum(FilePurpose))
    # "consultation 4", "phase 9", "outcome 2" for a header image, else NULL: one header
    # image per holder, kept unique by the database (NULLs never collide).
    header_for: Mapped[str | None] = mapped_column(String(40), unique=True)
    kind: Mapped[FileKind] = mapped_column(_enum(FileKind))
    # An attachment's name as listed ("Raadsvoorstel Stationsplein"); empty for images.
    title: Mapped[str] = mapped_column(String(200), default="")
    alt_text: Mapped[str] = mapped_column(String(300), default="")
    # The owner said the image adds nothing the text does not say: alt="" on purpose.
    decorative: Mapped[bool] = mapped_column(default=False)
    # Random; a document is stored under it, an image as "<key>-<width>.<ext>" per width.
    storage_key: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]  # bytes: the document, or an image's largest width
    width: Mapped[int | None]  # an image's largest stored width and its height
    height: Mapped[int | None]
    widths: Mapped[str] = mapped_column(String(40), default="")  # "480,960,1600"
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    consultation: Mapped[Consultation] = relationship()
    phase: Mapped[Phase | None] = relationship()
    outcome: Mapped[Outcome | None] = relationship()

    @property
    def is_image(self) -> bool:
        return self.kind in IMAGE_KINDS

    @property
    def image_widths(self) -> list[int]:
        return [int(w) for w in self.widths.split(",") if w]

    @property
    def extension(self) -> str:
        return "jpg" if self.kind == FileKind.JPEG else self.kind.value

    def stored_names(self) -> list[str]:
        """Every name this file's bytes are kept under in the storage."""
        return stored_names(self.storage_key, self.kind, self.widths)


def image_name(key: str, width: int, extension: str) -> str:
    return f"{key}-{width}.{extension}"


def stored_names(key: str, kind: FileKind, widths: str) -> list[str]:
    if kind not in IMAGE_KINDS:
        return [key]
    extension = "jpg" if kind == FileKind.JPEG else kind.value
    return [image_name(key, int(width), extension) for width in widths.split(",") if width]
