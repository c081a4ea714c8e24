"""Write use-cases for notifications: reading, e-mail preferences, unsubscribing, and
announcing phases that have started. Typed arguments, no request; flush, never commit."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select, update

from cocreatie import db, policies
from cocreatie.errors import DomainError, NotAllowed
from cocreatie.models import (
    WORK_KINDS,
    Consultation,
    EmailFrequency,
    Notification,
    Phase,
    PhaseAnnouncement,
    PublicationStatus,
    User,
)
from cocreatie.notifications import events, unsubscribe

# A phase that started longer ago than this is no longer news: the first run on an
# existing site, or a run after a long outage, does not announce old phases.
ANNOUNCE_WITHIN = timedelta(days=3)


def mark_read(user: User, notification: Notification, now: datetime) -> None:
    if not policies.can_read_notification(user, notification):
        raise NotAllowed()
    if notification.read_at is None:
        notification.read_at = now


def mark_all_read(user: User, now: datetime) -> int:
    if not policies.can_view_notifications(user):
        raise NotAllowed()
    return db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount


def set_email_frequency(user: User, frequency: EmailFrequency) -> None:
    if not policies.can_change_notification_preferences(user):
        raise NotAllowed()
    user.email_frequency = frequency
    if frequency != EmailFrequency.DAILY:
        # What waited for a digest is not sent later under another preference.
        _drop_pending(user, Notification.kind.not_in(WORK_KINDS))


def set_work_email_frequency(user: User, frequency: EmailFrequency) -> None:
    """How a procesmanager hears of new reports and requests for review by e-mail."""
    if not policies.can_change_notification_preferences(user):
        raise NotAllowed()
    user.work_email_frequency = frequency
    if frequency != EmailFrequency.DAILY:
        _drop_pending(user, Notification.kind.in_(WORK_KINDS))


def _drop_pending(user: User, kinds) -> None:
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.email_pending.is_(True), kinds)
        .values(email_pending=False)
        .execution_options(synchronize_session=False)
    )


def unsubscribe_by_token(token: str) -> User:
    """The one-click link from an e-mail: no more notification e-mail for this person."""
    user = unsubscribe.read_token(token)
    if user is None:
        raise DomainError(_("This link is invalid or has expired."))
    user.email_frequency = EmailFrequency.NEVER
    user.work_email_frequency = EmailFrequency.NEVER
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.email_pending.is_(True))
        .values(email_pending=False)
        .execution_options(synchronize_session=False)
    )
    return user


def announce_started_phases(now: datetime) -> int:
    """Tell the followers of each published consultation about a phase that has started
    and is still running, once: the announcement is recorded with INSERT … ON CONFLICT
    DO NOTHING, so parallel or repeated runs announce a phase only once."""
    phases = db.session.scalars(
        select(Phase)
        .join(Consultation, Consultation.id == Phase.consultation_id)
        .where(
            Consultation.status == PublicationStatus.PUBLISHED,
            Phase.starts_at <= now,
            Phase.starts_at > now - ANNOUNCE_WITHIN,
            Phase.ends_at > now,
            ~select(PhaseAnnouncement.phase_id).where(PhaseAnnouncement.phase_id == Phase.id).exists(),
        )
        .order_by(Phase.starts_at, Phase.id)
    ).all()
    announced = 0
    for phase in phases:
        if db.insert_or_ignore(PhaseAnnouncement.__table__, {"phase_id": phase.id, "announced_at": now}):
            events.phase_started(phase.consultation, phase, now)
            announced += 1
    return announced
