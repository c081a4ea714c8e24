"""Reading the dev outbox and the notifications table in tests."""

from __future__ import annotations

import email
import email.policy
import re

from sqlalchemy import select

from cocreatie import db
from cocreatie.models import Notification


def mails(outbox, to: str | None = None) -> list:
    found = [email.message_from_bytes(p.read_bytes(), policy=email.policy.default) for p in sorted(outbox.glob("*.eml"))] if outbox.exists() else []
    return [m for m in found if to is None or m["To"] == to]


def body(message) -> str:
    return message.get_content()


def link(message, path_prefix: str) -> str:
    """The path of the first link in a mail that starts with `path_prefix`."""
    return re.search(r"https?://[^/\s]+(" + re.escape(path_prefix) + r"\S*)", body(message)).group(1)


def fresh(*objects) -> None:
    """End the test's own transaction and reload: on SQLite its snapshot would predate
    what the requests wrote since."""
    db.session.commit()
    db.session.expire_all()
    for obj in objects:
        db.session.refresh(obj)


def notifications_of(user) -> list[Notification]:
    fresh()
    return list(db.session.scalars(select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)))
