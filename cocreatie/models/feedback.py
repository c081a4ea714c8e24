"""Official responses, outcomes and implementation updates: how the government answers.

The official status itself lives on the idea (``Idea.status``, moved by ``Idea.respond``);
these tables keep what was said, by whom and when.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cocreatie.clock import utcnow
from cocreatie.models.base import Base
from cocreatie.errors import InvalidTransition
from cocreatie.models.consultations import Consultation, Phase, PublicationStatus, _enum
from cocreatie.models.ideas import Idea, IdeaStatus
from cocreatie.models.users import User

# Statuses in which an idea is being (or has been) carried out, and so gets progress updates.
IMPLEMENTATION_STATUSES = frozenset(
    {IdeaStatus.ADOPTED, IdeaStatus.PARTLY_ADOPTED, IdeaStatus.IMPLEMENTED}
)

# What an outcome may decide about an idea: anything but "awaiting response".
DECISIONS = tuple(status for status in IdeaStatus if status != IdeaStatus.NEW)


class IdeaStatusChange(Base):
    """One official response: the status it moved the idea from and to, and the text.

    Never updated: the idea page shows the newest as the current response and the rest
    as its history. ``outcome_id`` is set when the response came from publishing an outcome.
    """

    __tablename__ = "idea_status_changes"
    __table_args__ = (Index("ix_idea_status_changes_idea", "idea_id", "created_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    outcome_id: Mapped[int | None] = mapped_column(
        ForeignKey("outcomes.id", ondelete="SET NULL"), index=True
    )
    from_status: Mapped[IdeaStatus] = mapped_column(_enum(IdeaStatus))
    to_status: Mapped[IdeaStatus] = mapped_column(_enum(IdeaStatus))
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    # How the responder signs, e.g. "projectleider Stationsplein"; kept as it was then.
    responder_role: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    idea: Mapped[Idea] = relationship()
    actor: Mapped[User | None] = relationship()
    outcome: Mapped[Outcome | None] = relationship()


class Outcome(Base):
    """What was done with the input of a consultation, or of one of its phases.

    A draft is prepared decision by decision and is then published once; a published
    outcome is part of the public record and no longer changes.
    """

    __tablename__ = "outcomes"
    __table_args__ = (
        Index("ix_outcomes_consultation", "consultation_id", "status", "published_at"),
        CheckConstraint("decision_count >= 0", name="ck_outcomes_decision_count"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    # None: the outcome covers the whole consultation.
    phase_id: Mapped[int | None] = mapped_column(ForeignKey("phases.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(150))
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[PublicationStatus] = mapped_column(
        _enum(PublicationStatus), default=PublicationStatus.DRAFT
    )
    # Kept in step with the decisions in the same transaction, like the other counters.
    decision_count: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime | None]
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    published_at: Mapped[datetime | None]

    consultation: Mapped[Consultation] = relationship()
    phase: Mapped[Phase | None] = relationship()
    published_by: Mapped[User | None] = relationship(foreign_keys=[published_by_id])

    @property
    def is_published(self) -> bool:
        return self.status == PublicationStatus.PUBLISHED

    def ensure_draft(self) -> None:
        if self.is_published:
            raise InvalidTransition("a published outcome no longer changes")

    def publish(self, actor: User, now: datetime) -> None:
        self.ensure_draft()
        if self.decision_count < 1:
            raise InvalidTransition("an outcome needs at least one decision")
        self.status = PublicationStatus.PUBLISHED
        self.published_at = now
        self.published_by_id = actor.id


class OutcomeDecision(Base):
    """What an outcome decided about one idea, and why. One per idea per outcome."""

    __tablename__ = "outcome_decisions"
    __table_args__ = (
        UniqueConstraint("outcome_id", "idea_id", name="uq_outcome_decisions_outcome_idea"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    outcome_id: Mapped[int] = mapped_column(ForeignKey("outcomes.id", ondelete="CASCADE"))
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    decision: Mapped[IdeaStatus] = mapped_column(_enum(IdeaStatus))
    rationale: Mapped[str] = mapped_column(Text)
    rationale_html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime | None]

    outcome: Mapped[Outcome] = relationship()
    idea: Mapped[Idea] = relationship()

    def decide(self, decision: IdeaStatus) -> None:
        if decision not in DECISIONS:
            raise InvalidTransition("an outcome cannot leave an idea awaiting a response")
        self.decision = decision


class ImplementationUpdate(Base):
    """A dated progress report on an adopted idea, with the milestones as they stood then."""

    __tablename__ = "implementation_updates"
    __table_args__ = (
        Index("ix_implementation_updates_idea", "idea_id", "created_at", "id"),
        CheckConstraint(
            "progress IS NULL OR (progress >= 0 AND progress <= 100)",
            name="ck_implementation_updates_progress",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    # Percent done, 0–100; None when the update does not say.
    progress: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User | None] = relationship()
    milestones: Mapped[list[ImplementationMilestone]] = relationship(
        order_by="(ImplementationMilestone.planned_on, ImplementationMilestone.id)",
        cascade="all, delete-orphan",
    )


class ImplementationMilestone(Base):
    __tablename__ = "implementation_milestones"

    id: Mapped[int] = mapped_column(primary_key=True)
    update_id: Mapped[int] = mapped_column(
        ForeignKey("implementation_updates.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    planned_on: Mapped[date]
    done: Mapped[bool] = mapped_column(default=False)
