"""The audit trail: one call per security- or process-relevant action."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from cocreatie import db
from cocreatie.models.audit import AuditEntry


def record(
    actor,
    action: str,
    subject: str,
    now: datetime,
    *,
    consultation_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Add an audit entry in the current transaction. `action` is a dotted name such as
    "moderation.hide_comment"; `subject` names the object ("comment 12", "idea 5")."""
    db.session.add(
        AuditEntry(
            actor_id=getattr(actor, "id", None),
            consultation_id=consultation_id,
            action=action,
            subject=subject,
            before=json.dumps(before or {}, default=str, ensure_ascii=False, sort_keys=True),
            after=json.dumps(after or {}, default=str, ensure_ascii=False, sort_keys=True),
            created_at=now,
        )
    )
