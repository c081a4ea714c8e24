"""Co-writing a draft text: documents, paragraphs, versions, amendments and their supports.

A ``Paragraph`` is one block of a document with a stable identity (``key``, shown as the
anchor ``alinea-<key>``) that outlives every version. Its ``text`` is the *working* text:
what the next version will say, changed by the owner's decisions. What the public reads is
a published ``DocumentVersion``: a snapshot of every paragraph's text and place at that
moment (``VersionParagraph``), never changed afterwards, so old versions stay readable at
their own address and two versions can be compared.

Comments on a paragraph or on an amendment are ordinary ``Comment`` rows (with
``paragraph_id`` or ``amendment_id`` instead of ``idea_id``), so they are threaded,
reported and moderated by the same code as reactions to ideas.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cocreatie.clock import utcnow
from cocreatie.errors import InvalidTransition
from cocreatie.models.base import Base
from cocreatie.models.consultations import Consultation, Phase, PhaseAction, _enum
from cocreatie.models.users import User


class ParagraphKind(enum.StrEnum):
    HEADING = "heading"  # starts a numbered section; not commented on or amended
    TEXT = "text"


class Document(Base):
    __tablename__ = "documents"
    __table_args__ = (Index("ix_documents_consultation", "consultation_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    phase_id: Mapped[int | None] = mapped_column(ForeignKey("phases.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(150))
    summary: Mapped[str] = mapped_column(String(500), default="")
    # The number of the newest published version (1 once the document is added).
    version_number: Mapped[int] = mapped_column(default=0)
    # The last paragraph key handed out: keys are never reused, so anchors stay stable.
    last_key: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    consultation: Mapped[Consultation] = relationship()
    phase: Mapped[Phase | None] = relationship()

    def is_open(self, now: datetime) -> bool:
        """Open for comments, amendments and supports: like every other action, while the
        consultation's running phase allows it (a text added for the decision phase can
        already be discussed in a preparation phase that allows co-writing)."""
        return self.consultation.is_published and self.consultation.allows(PhaseAction.COWRITE, now)


class Paragraph(Base):
    __tablename__ = "document_paragraphs"
    __table_args__ = (
        UniqueConstraint("document_id", "key", name="uq_document_paragraphs_key"),
        Index("ix_document_paragraphs_order", "document_id", "position"),
        CheckConstraint("comment_count >= 0", name="ck_document_paragraphs_comment_count"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    key: Mapped[int]
    kind: Mapped[ParagraphKind] = mapped_column(_enum(ParagraphKind), default=ParagraphKind.TEXT)
    # Working text and place: what the next version will publish.
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    removed: Mapped[bool] = mapped_column(default=False)
    comment_count: Mapped[int] = mapped_column(default=0)
    open_amendment_count: Mapped[int] = mapped_column(default=0)

    document: Mapped[Document] = relationship()

    @property
    def anchor(self) -> str:
        return f"alinea-{self.key}"


class DocumentVersion(Base):
    __tablename__ = "document_versions"
    __table_args__ = (UniqueConstraint("document_id", "number", name="uq_document_versions_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    number: Mapped[int]
    # What changed and why, in the owner's words.
    summary: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)

    document: Mapped[Document] = relationship()
    published_by: Mapped[User | None] = relationship()


class ParagraphChange(enum.StrEnum):
    SAME = "same"
    CHANGED = "changed"
    ADDED = "added"


class VersionParagraph(Base):
    """A paragraph as one version published it: its number, place and text, frozen."""

    __tablename__ = "document_version_paragraphs"
    __table_args__ = (Index("ix_document_version_paragraphs_order", "version_id", "position"),)

    version_id: Mapped[int] = mapped_column(ForeignKey("document_versions.id", ondelete="CASCADE"), primary_key=True)
    paragraph_id: Mapped[int] = mapped_column(
        ForeignKey("document_paragraphs.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int]
    number: Mapped[str] = mapped_column(String(20))  # "2" for a section, "2.3" for a paragraph
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    change: Mapped[ParagraphChange] = mapped_column(_enum(ParagraphChange), default=ParagraphChange.SAME)
    # The version that last changed this paragraph's text, and how many people's input
    # (amendments, comments) led to that change: carried forward while it stays the same,
    # so the newest version still credits every paragraph.
    changed_in: Mapped[int] = mapped_column(default=1)
    participant_count: Mapped[int] = mapped_column(default=0)

    paragraph: Mapped[Paragraph] = relationship()


class AmendmentKind(enum.StrEnum):
    REPLACE = "replace"
    DELETE = "delete"
    INSERT_AFTER = "insert_after"


class AmendmentStatus(enum.StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    PARTLY_ACCEPTED = "partly_accepted"
    REJECTED = "rejected"


DECIDED = (AmendmentStatus.ACCEPTED, AmendmentStatus.PARTLY_ACCEPTED, AmendmentStatus.REJECTED)
ADOPTED = (AmendmentStatus.ACCEPTED, AmendmentStatus.PARTLY_ACCEPTED)


class Amendment(Base):
    """A proposed change to one paragraph, written against the text of one version."""

    __tablename__ = "amendments"
    __table_args__ = (
        # The paragraph's amendments, and the owner's worklist (open ones, oldest first).
        Index("ix_amendments_paragraph", "paragraph_id", "status", "id"),
        Index("ix_amendments_document", "document_id", "status", "id"),
        Index("ix_amendments_version", "version_id", "applied_paragraph_id"),
        CheckConstraint("support_count >= 0", name="ck_amendments_support_count"),
        CheckConstraint("comment_count >= 0", name="ck_amendments_comment_count"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    paragraph_id: Mapped[int] = mapped_column(ForeignKey("document_paragraphs.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    kind: Mapped[AmendmentKind] = mapped_column(_enum(AmendmentKind))
    # The version and the paragraph's text as the author read them.
    base_version: Mapped[int]
    base_text: Mapped[str] = mapped_column(Text)
    proposed_text: Mapped[str] = mapped_column(Text, default="")
    explanation: Mapped[str] = mapped_column(Text)
    status: Mapped[AmendmentStatus] = mapped_column(_enum(AmendmentStatus), default=AmendmentStatus.OPEN)
    support_count: Mapped[int] = mapped_column(default=0)
    comment_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The decision: who, when, the public reason and (partly accepted) the text adopted.
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    adopted_text: Mapped[str | None] = mapped_column(Text)
    # The paragraph the decision changed (a new one for an insertion), and the version
    # that first published the change.
    applied_paragraph_id: Mapped[int | None] = mapped_column(
        ForeignKey("document_paragraphs.id", ondelete="SET NULL")
    )
    version_id: Mapped[int | None] = mapped_column(ForeignKey("document_versions.id", ondelete="SET NULL"))

    document: Mapped[Document] = relationship()
    paragraph: Mapped[Paragraph] = relationship(foreign_keys=[paragraph_id])
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    version: Mapped[DocumentVersion | None] = relationship()

    @property
    def is_open(self) -> bool:
        return self.status == AmendmentStatus.OPEN

    @property
    def is_adopted(self) -> bool:
        return self.status in ADOPTED

    def decide(self, status: AmendmentStatus, reason: str, actor: User, now: datetime, adopted_text: str | None) -> None:
        if not self.is_open:
            raise InvalidTransition("this amendment has already been decided")
        if status == AmendmentStatus.OPEN:
            raise InvalidTransition("a decision accepts, partly accepts or rejects")
        self.status = status
        self.decision_reason = reason
        self.decided_at = now
        self.decided_by_id = actor.id
        self.adopted_text = adopted_text


class AmendmentSupport(Base):
    __tablename__ = "amendment_supports"
    __table_args__ = (UniqueConstraint("amendment_id", "user_id", name="uq_amendment_supports_amendment_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    amendment_id: Mapped[int] = mapped_column(ForeignKey("amendments.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
