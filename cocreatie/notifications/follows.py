"""Following consultations and ideas: on purpose, automatically, and no longer.

Uniqueness is the database's (one row per person per target, inserted with
INSERT … ON CONFLICT DO NOTHING). Stopping keeps the row, marked: taking part again later
(supporting, reacting) does not quietly turn it back on; only following on purpose does.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import literal, select, update

from cocreatie import db, policies
from cocreatie.errors import NotAllowed
from cocreatie.models import Consultation, Follow, Idea, User


def _target_column(target: Idea | Consultation):
    return Follow.idea_id if isinstance(target, Idea) else Follow.consultation_id


def _insert(user: User, target: Idea | Consultation, now: datetime) -> bool:
    column = "idea_id" if isinstance(target, Idea) else "consultation_id"
    return db.insert_or_ignore(Follow.__table__, {"user_id": user.id, column: target.id, "created_at": now})


def follow(user: User, target: Idea | Consultation, now: datetime) -> None:
    """Follow on purpose; also turns an earlier "stop following" back on."""
    if not policies.can_follow(user, target):
        raise NotAllowed(_("You cannot follow this."))
    if not _insert(user, target, now):
        db.session.execute(
            update(Follow)
            .where(Follow.user_id == user.id, _target_column(target) == target.id, Follow.unfollowed_at.is_not(None))
            .values(unfollowed_at=None, created_at=now)
            .execution_options(synchronize_session=False)
        )


def follow_automatically(user: User, idea: Idea, now: datetime) -> None:
    """Authors, supporters and people who react follow the idea, unless they stopped."""
    _insert(user, idea, now)


def stop_following(user: User, follow_row: Follow, now: datetime) -> None:
    if not policies.can_stop_following(user, follow_row):
        raise NotAllowed()
    db.session.execute(
        update(Follow)
        .where(Follow.id == follow_row.id, Follow.unfollowed_at.is_(None))
        .values(unfollowed_at=now)
        .execution_options(synchronize_session=False)
    )


def move_follows(source: Idea, target: Idea, now: datetime) -> None:
    """Whoever follows a merged idea follows the idea it was merged into (set-based)."""
    if db.is_sqlite():
        from sqlalchemy.dialects.sqlite import insert
    else:
        from sqlalchemy.dialects.postgresql import insert
    table = Follow.__table__
    followers = select(
        table.c.user_id, literal(target.id, table.c.idea_id.type), literal(now, table.c.created_at.type)
    ).where(table.c.idea_id == source.id, table.c.unfollowed_at.is_(None))
    db.session.execute(
        insert(table).from_select(["user_id", "idea_id", "created_at"], followers).on_conflict_do_nothing()
    )
