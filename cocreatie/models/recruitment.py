"""Invitations (uitnodigingen): how a procesmanager recruits participants.

An invitation is addressed to an e-mail address, not to an account: the person may not
have one yet. Like an ``AccountToken`` it carries a random token of which only the
SHA-256 hash is stored; it is single-use (claimed with a conditional UPDATE), expires,
and is bound to one consultation and one address. A consultation has at most one *open*
invitation per address, enforced by a partial unique index: inviting the address again
refreshes that row (a new token, a new expiry), so an older link stops working.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cocreatie.clock import utcnow
from cocreatie.models.base import Base
from cocreatie.models.consultations import Consultation, MemberRole, _enum
from cocreatie.models.users import User


class InvitationStatus(enum.StrEnum):
    OPEN = "open"  # sent; usable until it expires
    ACCEPTED = "accepted"
    WITHDRAWN = "withdrawn"  # a procesmanager took it back


OPEN_ONLY = "status = 'open'"


class Invitation(Base):
    __tablename__ = "invitations"
    __table_args__ = (
        Index(
            "uq_invitations_open_address", "consultation_id", "email", unique=True,
            sqlite_where=text(OPEN_ONLY), postgresql_where=text(OPEN_ONLY),
        ),
        # The recruitment page: a consultation's invitations, newest first; its counts.
        Index("ix_invitations_list", "consultation_id", "id"),
        Index("ix_invitations_counts", "consultation_id", "status", "expires_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    # Stored lower-cased, like User.email, so comparing the two is exact.
    email: Mapped[str] = mapped_column(String(254))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[InvitationStatus] = mapped_column(_enum(InvitationStatus), default=InvitationStatus.OPEN)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When the latest e-mail went out: re-inviting moves it (and the expiry) forward.
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    # What accepting gives: participation, or a staff role for someone who had no
    # account when an owner or administrator assigned it (recruitment.services).
    role: Mapped[MemberRole] = mapped_column(
        _enum(MemberRole), default=MemberRole.PARTICIPANT, server_default=MemberRole.PARTICIPANT.value
    )
    # The district (its code, cocreatie/reach/) the invitation was sent to recruit from,
    # when the procesmanager came from the representation page; None otherwise.
    target_district: Mapped[str | None] = mapped_column(String(20))

    consultation: Mapped[Consultation] = relationship()
    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id])
    accepted_by: Mapped[User | None] = relationship(foreign_keys=[accepted_by_id])

    def is_open(self, now: datetime) -> bool:
        return self.status == InvitationStatus.OPEN and now < self.expires_at

    def is_expired(self, now: datetime) -> bool:
        return self.status == InvitationStatus.OPEN and now >= self.expires_at

    def is_for(self, email: str) -> bool:
        return self.email == email.strip().lower()

    @property
    def masked_email(self) -> str:
        """Enough to recognise one's own address, not enough to learn someone else's."""
        local, _, domain = self.email.partition("@")
        return f"{local[:1]}•••@{domain}"
