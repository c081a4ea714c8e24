"""Reads for notifications and following."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from cocreatie import db
from cocreatie.models import (
    Amendment,
    Comment,
    Consultation,
    DocumentVersion,
    Follow,
    Idea,
    ModerationAction,
    Notification,
)
from cocreatie.pagination import Page

# The header shows "99+" beyond this: the count stops there, so it costs the same for
# someone with a thousand unread notifications.
UNREAD_CAP = 99


def unread_count(user_id: int) -> int:
    """One COUNT over at most UNREAD_CAP + 1 entries of ix_notifications_user_unread."""
    unread = (
        select(Notification.user_id)  # in the index: an index-only scan
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .limit(UNREAD_CAP + 1)
        .subquery()
    )
    return db.session.scalar(select(func.count()).select_from(unread)) or 0


def notifications_page(user_id: int, number: int, per_page: int) -> Page[Notification]:
    total = db.session.scalar(select(func.count()).select_from(Notification).where(Notification.user_id == user_id)) or 0
    page: Page[Notification] = Page(items=[], number=number, per_page=per_page, total=total)
    page.items = list(
        db.session.scalars(
            select(Notification)
            .where(Notification.user_id == user_id)
            .options(
                joinedload(Notification.idea),
                joinedload(Notification.consultation),
                joinedload(Notification.comment).joinedload(Comment.author),
                joinedload(Notification.response),
                joinedload(Notification.action).joinedload(ModerationAction.appeal),
                joinedload(Notification.amendment).joinedload(Amendment.document),
                joinedload(Notification.document_version).joinedload(DocumentVersion.document),
            )
            .order_by(Notification.id.desc())
            .limit(per_page)
            .offset(page.offset)
        )
    )
    return page


def get_notification(notification_id: int) -> Notification | None:
    return db.session.get(Notification, notification_id)


def follows_page(user_id: int, number: int, per_page: int) -> Page[Follow]:
    active = (Follow.user_id == user_id, Follow.unfollowed_at.is_(None))
    total = db.session.scalar(select(func.count()).select_from(Follow).where(*active)) or 0
    page: Page[Follow] = Page(items=[], number=number, per_page=per_page, total=total)
    page.items = list(
        db.session.scalars(
            select(Follow)
            .where(*active)
            .options(joinedload(Follow.idea).joinedload(Idea.consultation), joinedload(Follow.consultation))
            .order_by(Follow.id.desc())
            .limit(per_page)
            .offset(page.offset)
        )
    )
    return page


def get_follow(follow_id: int) -> Follow | None:
    return db.session.get(Follow, follow_id)


def active_follow(user: Any, target: Idea | Consultation) -> Follow | None:
    """The viewer's follow of an idea or consultation, if they follow it (one query; none
    for visitors)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    column = Follow.idea_id if isinstance(target, Idea) else Follow.consultation_id
    return db.session.scalar(
        select(Follow).where(Follow.user_id == user.id, column == target.id, Follow.unfollowed_at.is_(None))
    )


# --- personal parts (cocreatie.personal) ------------------------------------------------


class UnreadShown(int):
    """The "some unread" variant of the header count: prints as a mark replaced by the
    reader's own count."""

    MARK = "\x00unread\x00"

    def __str__(self) -> str:
        return self.MARK


UNREAD_VARIANTS = (0, UnreadShown(1))


def unread_select(user_id: int, _keys: list) -> tuple[str, tuple]:
    """The header's count, read with the page's other personal parts (as unread_count)."""
    return (
        "SELECT count(*) AS a, CAST(NULL AS INTEGER) AS b, CAST(NULL AS INTEGER) AS c FROM"
        " (SELECT 1 AS one FROM notifications WHERE user_id = ? AND read_at IS NULL LIMIT ?) AS unread",
        (user_id, UNREAD_CAP + 1),
    )


def unread_read(rows: list[tuple]) -> dict:
    count = rows[0][0] if rows else 0
    if not count:
        return {}
    return {None: (1, {UnreadShown.MARK: f"{UNREAD_CAP}+" if count > UNREAD_CAP else str(count)})}


class FollowShown:
    """The "following" variant of a follow box: a follow whose id is replaced by the
    reader's own (the box's stop-following address has it)."""

    id = 2**31 - 2


FOLLOW_VARIANTS = (None, FollowShown())


def follow_select(user_id: int, keys: list[tuple[str, int]]) -> tuple[str, tuple]:
    """Keys are ("idea", id) and ("consultation", id)."""
    ideas = [number for kind, number in keys if kind == "idea"]
    consultations = [number for kind, number in keys if kind == "consultation"]
    targets = [f"{column} IN ({db.placeholders(len(numbers))})"
               for column, numbers in (("idea_id", ideas), ("consultation_id", consultations)) if numbers]
    return (
        "SELECT id AS a, idea_id AS b, consultation_id AS c FROM follows"
        f" WHERE user_id = ? AND unfollowed_at IS NULL AND ({' OR '.join(targets)})",
        (user_id, *ideas, *consultations),
    )


def follow_read(rows: list[tuple]) -> dict:
    found = {}
    for follow_id, idea_id, consultation_id in rows:
        key = ("idea", idea_id) if idea_id is not None else ("consultation", consultation_id)
        found[key] = (1, {str(FollowShown.id): str(follow_id)})
    return found
