"""Reads for the worklist: the consultations a person holds a staff role in."""

from __future__ import annotations

from sqlalchemy import select

from cocreatie import db
from cocreatie.models import Consultation, ConsultationMember, MemberRole

STAFF_ROLES = (MemberRole.OWNER, MemberRole.PROCESMANAGER)
# A person runs a handful of consultations; the page stays bounded all the same.
MAX_CONSULTATIONS = 100


def staff_consultations(user_id: int) -> list[Consultation]:
    """Consultations this person is owner or procesmanager of, drafts included, by title
    (one query, and one for their phases)."""
    held = select(ConsultationMember.consultation_id).where(
        ConsultationMember.user_id == user_id, ConsultationMember.role.in_(STAFF_ROLES)
    )
    return list(
        db.session.scalars(
            select(Consultation)
            .where(Consultation.id.in_(held))
            .order_by(Consultation.title, Consultation.id)
            .limit(MAX_CONSULTATIONS)
        )
    )
