"""Fan-out and e-mail: how one event becomes a notification per person.

``fan_out`` is one INSERT … SELECT … ON CONFLICT DO NOTHING over the recipients, however
many there are: the database drops the actor, sets who gets e-mail when, and refuses a
second row for the same (person, event). Only the rows it really inserted are e-mailed
at once, so an event fanned out twice never mails anyone twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from flask_babel import force_locale, gettext as _, ngettext
from sqlalchemy import Select, and_, case, func, literal, null, or_, select, update
from sqlalchemy.orm import joinedload

from cocreatie import db, mail
from cocreatie.models import (
    Amendment,
    Comment,
    DocumentVersion,
    EmailFrequency,
    ModerationAction,
    Notification,
    NotificationKind,
    User,
)
from cocreatie.notifications import texts, unsubscribe
from cocreatie.links import url
from cocreatie.text import shorten

# A digest lists this many notifications and points to the site for the rest.
DIGEST_ITEMS = 30
SUBJECT_LENGTH = 120


def _dialect_insert():
    if db.is_sqlite():
        from sqlalchemy.dialects.sqlite import insert
    else:
        from sqlalchemy.dialects.postgresql import insert
    return insert


@dataclass(frozen=True)
class Event:
    kind: NotificationKind
    key: str
    consultation_id: int | None = None
    idea_id: int | None = None
    comment_id: int | None = None
    outcome_id: int | None = None
    response_id: int | None = None
    action_id: int | None = None
    amendment_id: int | None = None
    document_version_id: int | None = None
    detail: str = ""
    # A procesmanager's work (reports, appeals): e-mailed as their work preference says.
    work: bool = False


def fan_out(recipients: Select, event: Event, now: datetime, actor_id: int | None = None) -> int:
    """Notify everyone `recipients` (a SELECT of user ids) names, except the actor.

    Returns how many notifications were created (0 when they all existed already).
    """
    table = Notification.__table__
    users = User.__table__
    confirmed = users.c.email_confirmed_at.is_not(None)
    frequency = users.c.work_email_frequency if event.work else users.c.email_frequency
    immediately = and_(frequency == EmailFrequency.IMMEDIATELY.value, confirmed)
    daily = and_(frequency == EmailFrequency.DAILY.value, confirmed)

    def value(column: str, v):
        return literal(v, table.c[column].type) if v is not None else null()

    source = select(
        users.c.id,
        value("event_key", event.key),
        value("kind", event.kind),
        value("consultation_id", event.consultation_id),
        value("idea_id", event.idea_id),
        value("comment_id", event.comment_id),
        value("outcome_id", event.outcome_id),
        value("response_id", event.response_id),
        value("action_id", event.action_id),
        value("amendment_id", event.amendment_id),
        value("document_version_id", event.document_version_id),
        value("detail", event.detail),
        value("created_at", now),
        case((daily, literal(True)), else_=literal(False)),
        case((immediately, literal(now, table.c.emailed_at.type)), else_=null()),
    ).where(users.c.id.in_(recipients))
    if actor_id is not None:
        source = source.where(users.c.id != actor_id)
    columns = ["user_id", "event_key", "kind", "consultation_id", "idea_id", "comment_id", "outcome_id",
               "response_id", "action_id", "amendment_id", "document_version_id", "detail", "created_at",
               "email_pending", "emailed_at"]
    statement = (
        _dialect_insert()(table)
        .from_select(columns, source)
        .on_conflict_do_nothing()
        .returning(table.c.id, table.c.emailed_at)
    )
    inserted = db.session.execute(statement).all()
    _queue_immediate([row.id for row in inserted if row.emailed_at is not None])
    return len(inserted)


def _with_context(statement: Select) -> Select:
    """Load what the texts mention, in the same query."""
    return statement.options(
        joinedload(Notification.user),
        joinedload(Notification.idea),
        joinedload(Notification.consultation),
        joinedload(Notification.comment).joinedload(Comment.author),
        joinedload(Notification.response),
        joinedload(Notification.action).joinedload(ModerationAction.appeal),
        joinedload(Notification.amendment).joinedload(Amendment.document),
        joinedload(Notification.document_version).joinedload(DocumentVersion.document),
    )


def _one_line(text: str, limit: int = SUBJECT_LENGTH) -> str:
    """No line breaks in a header, whatever a title holds; cut between words."""
    return shorten(text, limit)


def _footer(user: User) -> str:
    return _(
        "You receive this e-mail because you follow this or took part in it.\n"
        "Choose how often you get e-mail: %(preferences)s\n"
        "Stop these e-mails: %(unsubscribe)s",
        preferences=url("notifications.preferences"),
        unsubscribe=url("notifications.unsubscribe", token=unsubscribe.make_token(user)),
    )


def _message(user: User, subject: str, body: str) -> mail.Message:
    link = url("notifications.unsubscribe", token=unsubscribe.make_token(user))
    return mail.Message(
        to=user.email,
        subject=_one_line(subject),
        body=body,
        # RFC 8058: mail programs offer "unsubscribe" and POST to the link themselves.
        headers=(("List-Unsubscribe", f"<{link}>"), ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")),
    )


def _link(n: Notification) -> str:
    endpoint, values = texts.target(n)
    return url(endpoint, **values)


def _detail_lines(n: Notification, decisions: texts.Decisions, indent: str = "") -> list[str]:
    """What happened, in full: each line of the text, with its link beneath it."""
    lines = []
    for line in texts.details(n, decisions):
        lines.append(indent + line.text.replace("\n", "\n" + indent))
        if line.target is not None:
            lines.append(indent + url(line.target[0], **line.target[1]))
    return lines


def _queue_immediate(ids: list[int]) -> None:
    if not ids:
        return
    found = list(db.session.scalars(_with_context(select(Notification).where(Notification.id.in_(ids)))).unique())
    decisions = texts.load_decisions(found)
    for n in found:
        with force_locale(n.user.locale or "nl"):
            text = texts.describe(n)
            body = "\n\n".join(
                [_("Hello %(name)s,", name=n.user.display_name), text, *_detail_lines(n, decisions), _link(n),
                 "-- ", _footer(n.user)]
            )
            mail.queue(_message(n.user, text, body))


# --- the daily digest ---------------------------------------------------------------


def _digest(user: User, items: list[Notification], decisions: texts.Decisions) -> mail.Message:
    with force_locale(user.locale or "nl"):
        lines = [_("Hello %(name)s,", name=user.display_name), ""]
        lines.append(ngettext("This happened since our last e-mail:", "This happened since our last e-mail:", len(items)))
        for n in items[:DIGEST_ITEMS]:
            lines += ["", "- " + texts.describe(n), *_detail_lines(n, decisions, "  "), "  " + _link(n)]
        if len(items) > DIGEST_ITEMS:
            lines += ["", _("And %(num)d more: %(url)s", num=len(items) - DIGEST_ITEMS, url=url("notifications.index"))]
        lines += ["", "-- ", _footer(user)]
        subject = ngettext("Your daily update: %(num)d new notification", "Your daily update: %(num)d new notifications",
                           len(items))
        return _message(user, subject, "\n".join(lines))


@dataclass(frozen=True)
class DigestBatch:
    last_user_id: int
    sent: int


def send_digest_batch(now: datetime, after_user_id: int = 0, batch_size: int = 200) -> DigestBatch | None:
    """E-mail one digest to each of the next `batch_size` people (ordered by id, after
    `after_user_id`) who want a daily digest and have pending notifications, and mark
    those as e-mailed. Returns where the batch ended, or None when no one was left."""
    users = list(
        db.session.scalars(
            select(User)
            .where(
                User.id > after_user_id,
                or_(User.email_frequency == EmailFrequency.DAILY, User.work_email_frequency == EmailFrequency.DAILY),
                User.email_confirmed_at.is_not(None),
                User.id.in_(select(Notification.user_id).where(Notification.email_pending.is_(True))),
            )
            .order_by(User.id)
            .limit(batch_size)
        )
    )
    if not users:
        return None
    pending = db.session.scalars(
        _with_context(
            select(Notification)
            .where(Notification.email_pending.is_(True), Notification.user_id.in_([u.id for u in users]))
            .order_by(Notification.user_id, Notification.id.desc())
        )
    ).unique()
    by_user: dict[int, list[Notification]] = {}
    for n in pending:
        by_user.setdefault(n.user_id, []).append(n)
    decisions = texts.load_decisions([n for items in by_user.values() for n in items[:DIGEST_ITEMS]])
    sent = 0
    for user in users:
        if by_user.get(user.id):
            mail.queue(_digest(user, by_user[user.id], decisions))
            sent += 1
    _mark_emailed([n.id for items in by_user.values() for n in items], now)
    return DigestBatch(last_user_id=users[-1].id, sent=sent)


def _mark_emailed(ids: Iterable[int], now: datetime) -> None:
    ids = list(ids)
    for start in range(0, len(ids), 500):
        db.session.execute(
            update(Notification)
            .where(Notification.id.in_(ids[start : start + 500]))
            .values(email_pending=False, emailed_at=now)
            .execution_options(synchronize_session=False)
        )


def count_digest_recipients() -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(User)
        .where(
            or_(User.email_frequency == EmailFrequency.DAILY, User.work_email_frequency == EmailFrequency.DAILY),
            User.email_confirmed_at.is_not(None),
            User.id.in_(select(Notification.user_id).where(Notification.email_pending.is_(True))),
        )
    ) or 0
