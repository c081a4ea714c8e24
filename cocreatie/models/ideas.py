from __future__ import annotations

import enum
import secrets
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cocreatie.clock import utcnow
from cocreatie.db import Base
from cocreatie.models.consultations import Consultation, Phase, _enum
from cocreatie.models.users import User


class IdeaStatus(enum.StrEnum):
    """The official status a civil servant gives an idea."""

    NEW = "new"
    UNDER_CONSIDERATION = "under_consideration"
    ADOPTED = "adopted"
    PARTLY_ADOPTED = "partly_adopted"
    NOT_ADOPTED = "not_adopted"
    IMPLEMENTED = "implemented"


def _random_key() -> int:
    return secrets.randbelow(2**31)


class Idea(Base):
    __tablename__ = "ideas"
    __table_args__ = (
        # One index per sort order, so a page costs the same at any size.
        Index("ix_ideas_by_newest", "consultation_id", "id"),
        Index("ix_ideas_by_support", "consultation_id", "support_count", "id"),
        Index("ix_ideas_by_comments", "consultation_id", "comment_count", "id"),
        Index("ix_ideas_by_random", "consultation_id", "random_key", "id"),
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

    consultation: Mapped[Consultation] = relationship()
    phase: Mapped[Phase | None] = relationship()
    author: Mapped[User | None] = relationship()

    @property
    def has_reactions(self) -> bool:
        return self.support_count > 0 or self.comment_count > 0


class Support(Base):
    __tablename__ = "supports"
    __table_args__ = (UniqueConstraint("idea_id", "user_id", name="uq_supports_idea_user"),)

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


class Comment(Base):
    __tablename__ = "comments"
    __table_args__ = (Index("ix_comments_thread", "idea_id", "root_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    # The top of the thread; None for a top-level comment. Lets one query fetch every
    # reply under a page of top-level comments.
    root_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    deleted_at: Mapped[datetime | None]

    author: Mapped[User | None] = relationship()

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def remove(self, now: datetime) -> None:
        """Leave a placeholder so the thread stays readable; the text itself goes."""
        self.deleted_at = now
        self.body = ""
