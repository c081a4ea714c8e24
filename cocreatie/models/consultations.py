from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Enum, ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cocreatie.clock import utcnow
from cocreatie.models.base import Base
from cocreatie.errors import InvalidTransition
from cocreatie.timezones import end_of_local_day, last_local_day, local_day


def _enum(cls):
    return Enum(cls, native_enum=False, length=30, values_callable=lambda e: [m.value for m in e])


class Visibility(enum.StrEnum):
    PUBLIC = "public"
    INVITE_ONLY = "invite_only"


class PublicationStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class ConsultationState(enum.StrEnum):
    """Where a consultation stands in time, derived from its phases."""

    UPCOMING = "upcoming"
    OPEN = "open"
    FINISHED = "finished"


class PhaseKind(enum.StrEnum):
    AGENDA_SETTING = "agenda_setting"
    POLICY_PREPARATION = "policy_preparation"
    DECISION = "decision"
    IMPLEMENTATION = "implementation"
    EVALUATION = "evaluation"


class PhaseAction(enum.StrEnum):
    SUBMIT_IDEAS = "submit_ideas"
    COMMENT = "comment"
    SUPPORT = "support"
    COWRITE = "cowrite"  # draft texts: comment on paragraphs, propose and support amendments


@dataclass(frozen=True)
class PhaseDefaults:
    allows_ideas: bool
    allows_comments: bool
    allows_supports: bool
    allows_cowriting: bool = False


# What each stage of the policy cycle allows unless the owner says otherwise: the early
# phases collect ideas, the decision phase weighs them, the later ones discuss progress.
PHASE_DEFAULTS: dict[PhaseKind, PhaseDefaults] = {
    PhaseKind.AGENDA_SETTING: PhaseDefaults(True, True, True),
    PhaseKind.POLICY_PREPARATION: PhaseDefaults(True, True, True, allows_cowriting=True),
    PhaseKind.DECISION: PhaseDefaults(False, True, True, allows_cowriting=True),
    PhaseKind.IMPLEMENTATION: PhaseDefaults(False, True, False),
    PhaseKind.EVALUATION: PhaseDefaults(False, True, False),
}


class MemberRole(enum.StrEnum):
    OWNER = "owner"
    PROCESMANAGER = "procesmanager"
    # An invitee who accepted: may see and take part in an invite-only consultation.
    PARTICIPANT = "participant"


class Consultation(Base):
    __tablename__ = "consultations"
    __table_args__ = (Index("ix_consultations_status", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(150))
    question: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    visibility: Mapped[Visibility] = mapped_column(_enum(Visibility), default=Visibility.PUBLIC)
    status: Mapped[PublicationStatus] = mapped_column(
        _enum(PublicationStatus), default=PublicationStatus.DRAFT
    )
    # Supports one person may give across this consultation; None means unlimited.
    support_budget: Mapped[int | None]
    # Every idea gets its official response within this many days after its phase ends.
    response_days: Mapped[int] = mapped_column(default=21, server_default="21")
    # Published outcomes, counted when one is published, so the page asks for them only
    # once there are any.
    outcome_count: Mapped[int] = mapped_column(default=0, server_default="0")
    idea_count: Mapped[int] = mapped_column(default=0)
    # Copied from the phases by the services, so lists can filter by time in SQL.
    opens_at: Mapped[datetime | None] = mapped_column(index=True)
    closes_at: Mapped[datetime | None] = mapped_column(index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None]
    # A draft with a planned publication: from this instant on it is published, by
    # `flask publish-scheduled` or by the first view of it, whichever comes first.
    publish_at: Mapped[datetime | None] = mapped_column(index=True)
    publish_scheduled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    phases: Mapped[list[Phase]] = relationship(
        back_populates="consultation",
        order_by="Phase.starts_at",
        cascade="all, delete-orphan",
        lazy="selectin",
    )

    @property
    def is_published(self) -> bool:
        return self.status == PublicationStatus.PUBLISHED

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC

    def publish(self, now: datetime) -> None:
        if self.is_published:
            raise InvalidTransition("already published")
        if not self.phases:
            raise InvalidTransition("a consultation needs at least one phase")
        self.status = PublicationStatus.PUBLISHED
        self.published_at = now
        self.publish_at = None
        self.publish_scheduled_by_id = None

    def schedule_publication(self, at: datetime, by_id: int | None) -> None:
        if self.is_published:
            raise InvalidTransition("already published")
        if not self.phases:
            raise InvalidTransition("a consultation needs at least one phase")
        self.publish_at = at
        self.publish_scheduled_by_id = by_id

    def cancel_scheduled_publication(self) -> None:
        self.publish_at = None
        self.publish_scheduled_by_id = None

    def is_due_for_publication(self, now: datetime) -> bool:
        return not self.is_published and self.publish_at is not None and self.publish_at <= now and bool(self.phases)

    def back_to_draft(self) -> None:
        """Only while nobody has taken part: the services check that."""
        if not self.is_published:
            raise InvalidTransition("not published")
        self.status = PublicationStatus.DRAFT
        self.published_at = None

    def active_phase(self, now: datetime) -> Phase | None:
        return next((p for p in self.phases if p.is_active(now)), None)

    def state(self, now: datetime) -> ConsultationState:
        if self.opens_at is None or now < self.opens_at:
            return ConsultationState.UPCOMING
        if self.closes_at is not None and now >= self.closes_at:
            return ConsultationState.FINISHED
        return ConsultationState.OPEN

    def sync_dates(self) -> None:
        self.opens_at = min((p.starts_at for p in self.phases), default=None)
        self.closes_at = max((p.ends_at for p in self.phases), default=None)

    def allows(self, action: PhaseAction, now: datetime) -> bool:
        phase = self.active_phase(now)
        return phase is not None and phase.allows(action)

    def response_deadline(self, phase: Phase | None, submitted_at: datetime) -> datetime:
        """When the official response to an idea is due (exclusive): at the end of the
        local day `response_days` days after the last day of the phase it was submitted in,
        or after the day it was submitted when it has no phase. Read from the phase's
        current dates, so moving a phase moves the deadline."""
        last_day = last_local_day(phase.ends_at) if phase is not None else local_day(submitted_at)
        return end_of_local_day(last_day + timedelta(days=self.response_days))


class Phase(Base):
    __tablename__ = "phases"
    __table_args__ = (Index("ix_phases_consultation_start", "consultation_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    kind: Mapped[PhaseKind] = mapped_column(_enum(PhaseKind))
    title: Mapped[str] = mapped_column(String(120), default="")
    description: Mapped[str] = mapped_column(String(500), default="")
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    allows_ideas: Mapped[bool] = mapped_column(default=False)
    allows_comments: Mapped[bool] = mapped_column(default=False)
    allows_supports: Mapped[bool] = mapped_column(default=False)
    # Draft texts of this phase are open for co-writing (policy preparation, decision).
    allows_cowriting: Mapped[bool] = mapped_column(default=False, server_default=false())

    consultation: Mapped[Consultation] = relationship(back_populates="phases")

    def is_active(self, now: datetime) -> bool:
        return self.starts_at <= now < self.ends_at

    def is_past(self, now: datetime) -> bool:
        return self.ends_at <= now

    def allows(self, action: PhaseAction) -> bool:
        return {
            PhaseAction.SUBMIT_IDEAS: self.allows_ideas,
            PhaseAction.COMMENT: self.allows_comments,
            PhaseAction.SUPPORT: self.allows_supports,
            PhaseAction.COWRITE: self.allows_cowriting,
        }[action]

    def apply_defaults(self) -> None:
        defaults = PHASE_DEFAULTS[self.kind]
        self.allows_ideas = defaults.allows_ideas
        self.allows_comments = defaults.allows_comments
        self.allows_supports = defaults.allows_supports
        self.allows_cowriting = defaults.allows_cowriting


class ConsultationMember(Base):
    """A person's role in one consultation: owner (civil servant), procesmanager, or
    participant (an invitee who accepted)."""

    __tablename__ = "consultation_members"
    __table_args__ = (UniqueConstraint("consultation_id", "user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[MemberRole] = mapped_column(_enum(MemberRole))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
