"""Following, notifications and the record of announced phases.

A ``Follow`` names what it follows by an explicit foreign key (a consultation or an
idea, never both). A ``Notification`` is one event for one person; the pair
(user_id, event_key) is unique, so an event can be fanned out any number of times and
still reaches each person once.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cocreatie.clock import utcnow
from cocreatie.models.base import Base
from cocreatie.models.consultations import Consultation, _enum
from cocreatie.models.cowriting import Amendment, DocumentVersion
from cocreatie.models.feedback import IdeaStatusChange, Outcome
from cocreatie.models.moderation import ModerationAction
from cocreatie.models.ideas import Comment, Idea
from cocreatie.models.users import User


class Follow(Base):
    """Someone follows a consultation or an idea.

    Unfollowing keeps the row with ``unfollowed_at`` set: following again automatically
    (by supporting or reacting) then leaves it off, so "stop following" is respected;
    only following on purpose turns it back on.
    """

    __tablename__ = "follows"
    __table_args__ = (
        # Uniqueness per person per target; NULLs never conflict, so each constraint
        # only bites for its own kind of target. Column order serves the fan-out.
        UniqueConstraint("idea_id", "user_id", name="uq_follows_idea_user"),
        UniqueConstraint("consultation_id", "user_id", name="uq_follows_consultation_user"),
        CheckConstraint("(consultation_id IS NULL) <> (idea_id IS NULL)", name="ck_follows_one_target"),
        Index("ix_follows_user", "user_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    consultation_id: Mapped[int | None] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    idea_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    unfollowed_at: Mapped[datetime | None]

    consultation: Mapped[Consultation | None] = relationship()
    idea: Mapped[Idea | None] = relationship()

    @property
    def is_active(self) -> bool:
        return self.unfollowed_at is None


class NotificationKind(enum.StrEnum):
    RESPONSE = "response"  # an official response or status change (detail: the new status)
    OUTCOME = "outcome"  # an outcome was published (detail: its title)
    IMPLEMENTATION = "implementation"  # a progress update on an adopted idea
    IDEA_HIDDEN = "idea_hidden"  # detail: the moderator's public reason
    IDEA_RESTORED = "idea_restored"
    COMMENT_HIDDEN = "comment_hidden"  # detail: the moderator's public reason
    COMMENT_RESTORED = "comment_restored"
    REPLY = "reply"  # comment_id: the reply
    MERGED = "merged"  # idea_id: the idea it was merged into; detail: the merged idea's title
    PHASE_STARTED = "phase_started"  # detail: the phase's kind
    AMENDMENT_DECIDED = "amendment_decided"  # amendment_id; detail: the public reason
    VERSION_CREDITED = "version_credited"  # document_version_id: a version one's input changed
    # For procesmanagers (their "work" e-mail preference applies):
    REPORT = "report"  # an item was reported; detail: the house rule cited
    APPEAL = "appeal"  # an author asks for review of a hide; action_id: the hide
    # For the people who reported an item: what was decided (action_id: the decision).
    REPORT_DECIDED = "report_decided"


# Sent to procesmanagers about their work; e-mailed as `User.work_email_frequency` says.
WORK_KINDS = frozenset({NotificationKind.REPORT, NotificationKind.APPEAL})


class Notification(Base):
    """One event for one person, shown on the site and e-mailed as they prefer.

    ``email_pending`` marks what the next daily digest sends; ``emailed_at`` says when
    it went out (at once or in a digest).
    """

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("user_id", "event_key", name="uq_notifications_user_event"),
        # The list (newest first) and the unread count in the header.
        Index("ix_notifications_user_newest", "user_id", "id"),
        Index("ix_notifications_user_unread", "user_id", "read_at"),
        # The digest run finds the few pending rows without reading the rest.
        Index("ix_notifications_email_pending", "email_pending", "user_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # Names the event, e.g. "response:12" (IdeaStatusChange 12): the same event fanned
    # out twice produces the same key, and the unique constraint keeps one row.
    event_key: Mapped[str] = mapped_column(String(120))
    kind: Mapped[NotificationKind] = mapped_column(_enum(NotificationKind))
    consultation_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    idea_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), index=True)
    outcome_id: Mapped[int | None] = mapped_column(ForeignKey("outcomes.id", ondelete="CASCADE"), index=True)
    # The official response (RESPONSE) and the moderation decision (hidden, restored,
    # reports decided, appeals) a notification tells of, so its text can say what it said.
    response_id: Mapped[int | None] = mapped_column(
        ForeignKey("idea_status_changes.id", ondelete="SET NULL"), index=True
    )
    action_id: Mapped[int | None] = mapped_column(ForeignKey("moderation_actions.id", ondelete="SET NULL"), index=True)
    # Co-writing: the amendment decided, or the version published.
    amendment_id: Mapped[int | None] = mapped_column(ForeignKey("amendments.id", ondelete="CASCADE"), index=True)
    document_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("document_versions.id", ondelete="CASCADE"), index=True
    )
    detail: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    email_pending: Mapped[bool] = mapped_column(default=False)
    emailed_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()
    consultation: Mapped[Consultation | None] = relationship()
    idea: Mapped[Idea | None] = relationship()
    comment: Mapped[Comment | None] = relationship()
    outcome: Mapped[Outcome | None] = relationship()
    response: Mapped[IdeaStatusChange | None] = relationship()
    action: Mapped[ModerationAction | None] = relationship()
    amendment: Mapped[Amendment | None] = relationship()
    document_version: Mapped[DocumentVersion | None] = relationship()

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class PhaseAnnouncement(Base):
    """A phase whose start was announced to the consultation's followers: written by
    ``flask notify-phase-changes`` so that no phase is announced twice."""

    __tablename__ = "phase_announcements"

    phase_id: Mapped[int] = mapped_column(ForeignKey("phases.id", ondelete="CASCADE"), primary_key=True)
    announced_at: Mapped[datetime] = mapped_column(default=utcnow)
