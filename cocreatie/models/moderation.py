"""House rules, reports (meldingen), moderation decisions and appeals.

Moderation never deletes: a hidden idea or comment keeps its text (``hidden_at`` on the
item), and every decision is a ``ModerationAction`` row that names the item by an
explicit foreign key, the house rule (and its title as it read then) and the public
reason. The public log is a list of these rows; reporters are never part of it.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cocreatie.clock import utcnow
from cocreatie.models.base import Base
from cocreatie.models.consultations import Consultation, _enum
from cocreatie.models.ideas import Comment, Idea
from cocreatie.models.users import User

# Exactly one of idea_id / comment_id names what a report or decision is about.
ONE_SUBJECT = "(idea_id IS NULL) <> (comment_id IS NULL)"


class HouseRule(Base):
    """One of a consultation's house rules, shown numbered by ``position`` (1, 2, …)."""

    __tablename__ = "house_rules"
    __table_args__ = (Index("ix_house_rules_consultation", "consultation_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(120))
    explanation: Mapped[str] = mapped_column(String(500), default="")

    consultation: Mapped[Consultation] = relationship()

    @property
    def label(self) -> str:
        return f"{self.position}. {self.title}"


class ReportStatus(enum.StrEnum):
    OPEN = "open"
    UPHELD = "upheld"  # the item was hidden
    DISMISSED = "dismissed"  # a procesmanager found no rule broken


class Report(Base):
    """A participant's flag on an idea or a comment, citing a house rule.

    At most one *open* report per person per item, enforced by the two partial unique
    indexes below; once handled, the same person may report the item again.
    """

    __tablename__ = "reports"
    __table_args__ = (
        CheckConstraint(ONE_SUBJECT, name="ck_reports_one_subject"),
        Index(
            "uq_reports_open_idea", "reporter_id", "idea_id", unique=True,
            sqlite_where=text("status = 'open' AND idea_id IS NOT NULL"),
            postgresql_where=text("status = 'open' AND idea_id IS NOT NULL"),
        ),
        Index(
            "uq_reports_open_comment", "reporter_id", "comment_id", unique=True,
            sqlite_where=text("status = 'open' AND comment_id IS NOT NULL"),
            postgresql_where=text("status = 'open' AND comment_id IS NOT NULL"),
        ),
        # The queue: open reports of one consultation.
        Index("ix_reports_queue", "consultation_id", "status", "id"),
        Index("ix_reports_idea", "idea_id", "status"),
        Index("ix_reports_comment", "comment_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    idea_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    # SET NULL: the report outlives a deleted account, anonymously.
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    rule_id: Mapped[int | None] = mapped_column(ForeignKey("house_rules.id", ondelete="SET NULL"), index=True)
    # The rule's title as it read when reported: rules may be edited or removed later.
    rule_title: Mapped[str] = mapped_column(String(120), default="")
    note: Mapped[str] = mapped_column(String(1000), default="")
    status: Mapped[ReportStatus] = mapped_column(_enum(ReportStatus), default=ReportStatus.OPEN)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    action_id: Mapped[int | None] = mapped_column(
        ForeignKey("moderation_actions.id", ondelete="SET NULL"), index=True
    )

    reporter: Mapped[User | None] = relationship()


class ActionKind(enum.StrEnum):
    HIDE = "hide"
    RESTORE = "restore"
    MERGE = "merge"
    DISMISS = "dismiss"  # the reports on an item were dismissed
    UPHOLD = "uphold"  # a hide was upheld after the author asked for review


class ModerationAction(Base):
    """One moderation decision: who, about what, which rule, the public reason, when.

    ``idea_id`` or ``comment_id`` names the item; a merge also names the idea the item
    was merged into (``target_idea_id``). A hide stays in force until a restore lifts it
    (``lifted_at``), which is what the placeholder and an appeal refer to.
    """

    __tablename__ = "moderation_actions"
    __table_args__ = (
        CheckConstraint(ONE_SUBJECT, name="ck_moderation_actions_one_subject"),
        # The public log: a consultation's decisions, newest first.
        Index("ix_moderation_actions_log", "consultation_id", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    kind: Mapped[ActionKind] = mapped_column(_enum(ActionKind))
    idea_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), index=True)
    target_idea_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    rule_id: Mapped[int | None] = mapped_column(ForeignKey("house_rules.id", ondelete="SET NULL"), index=True)
    # As the rule read when the decision was taken (the public record does not change).
    rule_title: Mapped[str] = mapped_column(String(120), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    lifted_at: Mapped[datetime | None]

    consultation: Mapped[Consultation] = relationship()
    actor: Mapped[User | None] = relationship()
    idea: Mapped[Idea | None] = relationship(foreign_keys=[idea_id])
    comment: Mapped[Comment | None] = relationship()
    target_idea: Mapped[Idea | None] = relationship(foreign_keys=[target_idea_id])
    appeal: Mapped[Appeal | None] = relationship(
        back_populates="action", foreign_keys="Appeal.action_id", uselist=False
    )

    @property
    def subject(self) -> Idea | Comment:
        return self.comment if self.comment_id is not None else self.idea

    @property
    def in_force(self) -> bool:
        return self.kind == ActionKind.HIDE and self.lifted_at is None

    @property
    def audit_subject(self) -> str:
        return f"comment {self.comment_id}" if self.comment_id is not None else f"idea {self.idea_id}"


class AppealStatus(enum.StrEnum):
    OPEN = "open"
    UPHELD = "upheld"  # the item stays hidden
    GRANTED = "granted"  # the item was restored


class Appeal(Base):
    """An author's one request to review a hide. Unique per decision, by constraint."""

    __tablename__ = "appeals"
    __table_args__ = (Index("ix_appeals_queue", "consultation_id", "status", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    action_id: Mapped[int] = mapped_column(
        ForeignKey("moderation_actions.id", ondelete="CASCADE"), unique=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[AppealStatus] = mapped_column(_enum(AppealStatus), default=AppealStatus.OPEN)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    # The restore or uphold decision that answered it.
    decision_id: Mapped[int | None] = mapped_column(
        ForeignKey("moderation_actions.id", ondelete="SET NULL"), index=True
    )

    action: Mapped[ModerationAction] = relationship(back_populates="appeal", foreign_keys=[action_id])
    decision: Mapped[ModerationAction | None] = relationship(foreign_keys=[decision_id])
    author: Mapped[User | None] = relationship()

    @property
    def is_open(self) -> bool:
        return self.status == AppealStatus.OPEN
