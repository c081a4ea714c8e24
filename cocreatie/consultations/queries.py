"""Reads for consultations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, or_, select

from cocreatie import db
from cocreatie.models import Consultation, ConsultationMember, MemberRole, PublicationStatus, Visibility


def visible_to(user) -> Select:
    """Published consultations this person may see: public ones and their own."""
    statement = select(Consultation).where(Consultation.status == PublicationStatus.PUBLISHED)
    if user is not None and getattr(user, "is_authenticated", False):
        if user.is_admin:
            return statement
        member_of = select(ConsultationMember.consultation_id).where(ConsultationMember.user_id == user.id)
        return statement.where(
            or_(Consultation.visibility == Visibility.PUBLIC, Consultation.id.in_(member_of))
        )
    return statement.where(Consultation.visibility == Visibility.PUBLIC)


def open_now(user, now: datetime) -> list[Consultation]:
    return list(
        db.session.scalars(
            visible_to(user)
            .where(Consultation.opens_at <= now, Consultation.closes_at > now)
            .order_by(Consultation.closes_at)
            .limit(50)
        )
    )


def upcoming(user, now: datetime) -> list[Consultation]:
    return list(
        db.session.scalars(
            visible_to(user).where(Consultation.opens_at > now).order_by(Consultation.opens_at).limit(50)
        )
    )


def finished(user, now: datetime, limit: int, offset: int = 0) -> list[Consultation]:
    return list(
        db.session.scalars(
            visible_to(user)
            .where(Consultation.closes_at <= now)
            .order_by(Consultation.closes_at.desc(), Consultation.id.desc())
            .limit(limit)
            .offset(offset)
        )
    )


def managed_by(user) -> list[Consultation]:
    """Consultations this person owns (all of them for an administrator), drafts included."""
    statement = select(Consultation).order_by(Consultation.created_at.desc())
    if not user.is_admin:
        # Taking part as an invited participant is not managing.
        owned = select(ConsultationMember.consultation_id).where(
            ConsultationMember.user_id == user.id, ConsultationMember.role != MemberRole.PARTICIPANT
        )
        statement = statement.where(Consultation.id.in_(owned))
    return list(db.session.scalars(statement.limit(200)))


def get_by_slug(slug: str) -> Consultation | None:
    return db.session.scalar(select(Consultation).where(Consultation.slug == slug))
