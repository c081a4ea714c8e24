from __future__ import annotations

import enum
import secrets
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, text, update
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cocreatie.clock import utcnow
from cocreatie.models.base import Base
from cocreatie.errors import InvalidTransition
from cocreatie.models.consultations import Consultation, Phase, _enum
from cocreatie.models.cowriting import Amendment, Document, Paragraph
from cocreatie.models.users import User


class IdeaStatus(enum.StrEnum):
    """The official status a civil servant gives an idea."""

    NEW = "new"
    UNDER_CONSIDERATION = "under_consideration"
    ADOPTED = "adopted"
    PARTLY_ADOPTED = "partly_adopted"
    NOT_ADOPTED = "not_adopted"
    IMPLEMENTED = "implemented"


# Where an official response may move an idea. Nothing goes back to NEW (the idea has been
# answered); an idea that was not adopted is adopted before it is implemented; implemented
# is final (later responses may still explain more). Same-status moves are further responses.
_ANSWERED = frozenset(IdeaStatus) - {IdeaStatus.NEW}
STATUS_MOVES: dict[IdeaStatus, frozenset[IdeaStatus]] = {
    IdeaStatus.NEW: _ANSWERED,
    IdeaStatus.UNDER_CONSIDERATION: _ANSWERED,
    IdeaStatus.ADOPTED: _ANSWERED,
    IdeaStatus.PARTLY_ADOPTED: _ANSWERED,
    IdeaStatus.NOT_ADOPTED: _ANSWERED - {IdeaStatus.IMPLEMENTED},
    IdeaStatus.IMPLEMENTED: frozenset({IdeaStatus.IMPLEMENTED}),
}


def _random_key() -> int:
    return secrets.randbelow(2**31)


# Public lists show only listed ideas: not hidden by moderation, not merged into another.
# The sort indexes cover just those rows, so hidden and merged ideas cost lists nothing.
_LISTED = "hidden_at IS NULL AND merged_into_id IS NULL"
LISTED_ONLY = {"sqlite_where": text(_LISTED), "postgresql_where": text(_LISTED)}


class Idea(Base):
    __tablename__ = "ideas"
    __table_args__ = (
        # One index per sort order, so a page costs the same at any size.
        Index("ix_ideas_by_newest", "consultation_id", "id", **LISTED_ONLY),
        Index("ix_ideas_by_support", "consultation_id", "support_count", "id", **LISTED_ONLY),
        Index("ix_ideas_by_comments", "consultation_id", "comment_count", "id", **LISTED_ONLY),
        Index("ix_ideas_by_random", "consultation_id", "random_key", "id", **LISTED_ONLY),
        # Every idea of a consultation, newest first, hidden and merged ones too (moderation).
        Index("ix_ideas_moderation_feed", "consultation_id", "id"),
        # The owners' list of ideas still awaiting their official response (feedback).
        Index("ix_ideas_awaiting_response", "consultation_id", "status", "phase_id", "created_at"),
        # What changed since a moment (the read API's changedSince).
        Index("ix_ideas_changed", "changed_at", "id"),
        CheckConstraint("support_count >= 0", name="ck_ideas_support_count"),
        CheckConstraint("comment_count >= 0", name="ck_ideas_comment_count"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    phase_id: Mapped[int | None] = mapped_column(ForeignKey("phases.id", ondelete="SET NULL"))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(150))
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    status: Mapped[IdeaStatus] = mapped_column(_enum(IdeaStatus), default=IdeaStatus.NEW)
    support_count: Mapped[int] = mapped_column(default=0)
    comment_count: Mapped[int] = mapped_column(default=0)
    random_key: Mapped[int] = mapped_column(default=_random_key)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime | None]
    # The first official response, and whether it came before the response deadline as
    # it stood at that moment (feedback); None while the idea awaits its response.
    responded_at: Mapped[datetime | None]
    responded_in_time: Mapped[bool | None]
    # Moderation: hidden (with a ModerationAction saying why) or merged into another idea.
    # Either takes the idea out of lists, search and Consultation.idea_count.
    hidden_at: Mapped[datetime | None]
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("ideas.id", ondelete="SET NULL"), index=True
    )
    # How many ideas were merged into this one, so its page looks them up only if any.
    merged_count: Mapped[int] = mapped_column(default=0, server_default="0")
    # When anything a reader sees last changed (the read API's changedSince): set on
    # insert and moved by every UPDATE of the row through SQLAlchemy (`onupdate`), counters
    # included; a response moves it itself, also when it leaves the status as it was.
    changed_at: Mapped[datetime | None] = mapped_column(default=utcnow, onupdate=utcnow)

    consultation: Mapped[Consultation] = relationship()
    phase: Mapped[Phase | None] = relationship()
    author: Mapped[User | None] = relationship()
    merged_into: Mapped[Idea | None] = relationship(remote_side="Idea.id")

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_merged(self) -> bool:
        return self.merged_into_id is not None

    @property
    def is_listed(self) -> bool:
        """Shown in lists and open to support and reactions."""
        return not self.is_hidden and not self.is_merged

    @property
    def has_reactions(self) -> bool:
        return self.support_count > 0 or self.comment_count > 0

    @property
    def response_due_at(self) -> datetime:
        """When the official response is due (exclusive): see Consultation.response_deadline."""
        return self.consultation.response_deadline(self.phase, self.created_at)

    def can_move_to(self, status: IdeaStatus) -> bool:
        return status in STATUS_MOVES[self.status]

    def respond(self, status: IdeaStatus, now: datetime) -> IdeaStatus:
        """Give the idea an official status; returns the status it had before."""
        if not self.can_move_to(status):
            raise InvalidTransition(f"an idea cannot move from {self.status} to {status}")
        previous = self.status
        self.status = status
        self.changed_at = now  # the current response changed, even if the status did not
        if self.responded_at is None:
            self.responded_at = now
            self.responded_in_time = now < self.response_due_at
        return previous


class Support(Base):
    __tablename__ = "supports"
    __table_args__ = (
        UniqueConstraint("idea_id", "user_id", name="uq_supports_idea_user"),
        # An idea's supporters over time (the idea page's chart) and the counting of
        # supports per day (cocreatie/measure/): by idea, in time order, from the index.
        Index("ix_supports_idea_created", "idea_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SupportBudgetUse(Base):
    """How many supports a person has spent in a consultation with a budget.

    Spent with a conditional UPDATE, so parallel requests cannot overspend.
    """

    __tablename__ = "support_budget_uses"
    __table_args__ = (CheckConstraint("used >= 0", name="ck_support_budget_used"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), primary_key=True
    )
    used: Mapped[int] = mapped_column(default=0)


# A comment is about exactly one thing: an idea, a paragraph of a draft text, or an
# amendment to one (co-writing). Threads, reports and moderation work the same for each.
ONE_COMMENT_SUBJECT = (
    "(CASE WHEN idea_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN paragraph_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN amendment_id IS NULL THEN 0 ELSE 1 END) = 1"
)


class Comment(Base):
    __tablename__ = "comments"
    __table_args__ = (
        Index("ix_comments_thread", "idea_id", "root_id", "id"),
        Index("ix_comments_changed", "changed_at", "id"),  # the read API's changedSince
        Index("ix_comments_paragraph_thread", "paragraph_id", "root_id", "id"),
        Index("ix_comments_amendment_thread", "amendment_id", "root_id", "id"),
        CheckConstraint(ONE_COMMENT_SUBJECT, name="ck_comments_one_subject"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    paragraph_id: Mapped[int | None] = mapped_column(ForeignKey("document_paragraphs.id", ondelete="CASCADE"))
    amendment_id: Mapped[int | None] = mapped_column(ForeignKey("amendments.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), index=True)
    # The top of the thread; None for a top-level comment. Lets one query fetch every
    # reply under a page of top-level comments.
    root_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    deleted_at: Mapped[datetime | None]
    # Hidden by moderation: the text stays, a placeholder names the rule it broke.
    # A hidden comment does not count in Idea.comment_count, like a removed one.
    hidden_at: Mapped[datetime | None]
    # When it last changed (removed, hidden, shown again): see Idea.changed_at.
    changed_at: Mapped[datetime | None] = mapped_column(default=utcnow, onupdate=utcnow)

    author: Mapped[User | None] = relationship()
    idea: Mapped[Idea | None] = relationship()
    paragraph: Mapped[Paragraph | None] = relationship()
    amendment: Mapped[Amendment | None] = relationship()

    @property
    def consultation(self) -> Consultation:
        if self.idea_id is not None:
            return self.idea.consultation
        return (self.paragraph or self.amendment).document.consultation

    @property
    def document(self) -> Document | None:
        """The draft text this comment is about (co-writing), or None for an idea's."""
        owner = self.paragraph or self.amendment
        return owner.document if owner is not None else None

    def counter_update(self, delta: int):
        """UPDATE the stored comment count of whatever this comment is about."""
        if self.idea_id is not None:
            return update(Idea).where(Idea.id == self.idea_id).values(comment_count=Idea.comment_count + delta)
        if self.paragraph_id is not None:
            return (
                update(Paragraph)
                .where(Paragraph.id == self.paragraph_id)
                .values(comment_count=Paragraph.comment_count + delta)
            )
        return (
            update(Amendment)
            .where(Amendment.id == self.amendment_id)
            .values(comment_count=Amendment.comment_count + delta)
        )

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    def remove(self, now: datetime) -> None:
        """Leave a placeholder so the thread stays readable; the text itself goes."""
        self.deleted_at = now
        self.body = ""
