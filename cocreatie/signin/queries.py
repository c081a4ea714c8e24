"""Reads for the sign-in pages."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from cocreatie import db
from cocreatie.models import User, UserSession


# Time-outs keep the list short; a person who logged in more often than this within
# twelve hours sees the most recent ones, and "end all others" still ends every one.
MAX_LISTED = 100


def active_sessions(user: User, now: datetime, idle: timedelta, lifetime: timedelta) -> list[UserSession]:
    """This person's sessions that still work, most recently used first."""
    return list(db.session.scalars(
        select(UserSession)
        .where(
            UserSession.user_id == user.id,
            UserSession.ended_at.is_(None),
            UserSession.last_seen_at > now - idle,
            UserSession.created_at > now - lifetime,
        )
        .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
        .limit(MAX_LISTED)
    ))
