"""Reads for roles and invitations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select

from cocreatie import db
from cocreatie.models import (
    Consultation,
    ConsultationMember,
    Invitation,
    InvitationStatus,
    MemberRole,
    User,
)
from cocreatie.pagination import Page
from cocreatie.recruitment.services import STAFF_ROLES
from cocreatie.tokens import hash_token


def staff(consultation: Consultation) -> list[tuple[ConsultationMember, User]]:
    """Owners, then procesmanagers, by name (a handful per consultation)."""
    order = case((ConsultationMember.role == MemberRole.OWNER, 0), else_=1)
    return [
        (member, user)
        for member, user in db.session.execute(
            select(ConsultationMember, User)
            .join(User, User.id == ConsultationMember.user_id)
            .where(ConsultationMember.consultation_id == consultation.id, ConsultationMember.role.in_(STAFF_ROLES))
            .order_by(order, User.display_name, ConsultationMember.id)
            .limit(500)
        )
    ]


def member(consultation: Consultation, member_id: int) -> ConsultationMember | None:
    return db.session.scalar(
        select(ConsultationMember).where(
            ConsultationMember.id == member_id, ConsultationMember.consultation_id == consultation.id
        )
    )


def invitation_by_token(consultation: Consultation, token: str) -> Invitation | None:
    """Only this consultation's invitations: a token for another one finds nothing."""
    if not token or len(token) > 100:
        return None
    return db.session.scalar(
        select(Invitation).where(
            Invitation.token_hash == hash_token(token), Invitation.consultation_id == consultation.id
        )
    )


def invitation(consultation: Consultation, invitation_id: int) -> Invitation | None:
    return db.session.scalar(
        select(Invitation).where(Invitation.id == invitation_id, Invitation.consultation_id == consultation.id)
    )


@dataclass(frozen=True)
class InvitationCounts:
    sent: int = 0  # every address invited (re-inviting refreshes, it does not count twice)
    accepted: int = 0
    open: int = 0  # can still be accepted
    expired: int = 0
    withdrawn: int = 0


def counts(consultation: Consultation, now: datetime) -> InvitationCounts:
    """One grouped query over the (consultation, status, expiry) index."""
    rows = db.session.execute(
        select(
            Invitation.status,
            func.count(),
            func.sum(case((Invitation.expires_at <= now, 1), else_=0)),
        )
        .where(Invitation.consultation_id == consultation.id)
        .group_by(Invitation.status)
    ).all()
    by_status = {status: (total, int(expired or 0)) for status, total, expired in rows}
    open_total, expired = by_status.get(InvitationStatus.OPEN, (0, 0))
    return InvitationCounts(
        sent=sum(total for total, _ in by_status.values()),
        accepted=by_status.get(InvitationStatus.ACCEPTED, (0, 0))[0],
        open=open_total - expired,
        expired=expired,
        withdrawn=by_status.get(InvitationStatus.WITHDRAWN, (0, 0))[0],
    )


def invitations(consultation: Consultation, page: int, per_page: int, total: int) -> Page[Invitation]:
    """Newest first; `total` comes from `counts`, so paging costs no second count."""
    result: Page[Invitation] = Page(items=[], number=page, per_page=per_page, total=total)
    result.number = min(page, result.pages)
    result.items = list(
        db.session.scalars(
            select(Invitation)
            .where(Invitation.consultation_id == consultation.id)
            .order_by(Invitation.id.desc())
            .limit(per_page)
            .offset(result.offset)
        )
    )
    return result


def account(email: str) -> User | None:
    """The account with this address (any case), if there is one."""
    return db.session.scalar(select(User).where(User.email == (email or "").strip().lower()))
