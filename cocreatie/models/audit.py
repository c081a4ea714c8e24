from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cocreatie.clock import utcnow
from cocreatie.models.base import Base
from cocreatie.models.users import User


class AuditEntry(Base):
    """Who did what, when, with the state before and after (JSON text).

    Written by services for every moderation, role, response and outcome action; read
    by administrators. Never updated or deleted by the application.
    """

    __tablename__ = "audit_entries"
    __table_args__ = (
        Index("ix_audit_entries_created", "created_at", "id"),
        # The log's filter by person: what they did, and what was done to their account.
        Index("ix_audit_entries_actor", "actor_id", "created_at", "id"),
        Index("ix_audit_entries_subject", "subject", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    consultation_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultations.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(String(60))
    subject: Mapped[str] = mapped_column(String(200))
    before: Mapped[str] = mapped_column(Text, default="")
    after: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    actor: Mapped[User | None] = relationship()
