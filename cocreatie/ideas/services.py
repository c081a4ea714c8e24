"""Write use-cases for ideas, supports and comments.

Counters (support_count, comment_count, idea_count, budget use) change with a single
UPDATE … SET n = n ± 1 in the same transaction as the row they count, so they stay
exact under concurrent requests.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.orm.attributes import set_committed_value

from cocreatie import db, policies, signals
from cocreatie.clock import utcnow
from cocreatie.errors import BudgetExhausted, DomainError, NotAllowed
from cocreatie.models import Comment, Consultation, Idea, Support, SupportBudgetUse, User
from cocreatie.text import render_markdown


def submit_idea(user: User, consultation: Consultation, title: str, body: str, now: datetime) -> Idea:
    if not policies.can_submit_idea(user, consultation):
        raise NotAllowed(_("You cannot submit ideas in this consultation right now."))
    phase = consultation.active_phase(now)
    idea = Idea(
        consultation=consultation,
        phase=phase,
        author=user,
        title=title.strip(),
        body=body,
        body_html=render_markdown(body),
        created_at=now,
    )
    db.session.add(idea)
    db.session.execute(
        update(Consultation)
        .where(Consultation.id == consultation.id)
        .values(idea_count=Consultation.idea_count + 1)
    )
    db.session.flush()
    signals.idea_submitted.send(idea, author=user, now=now)
    return idea


def edit_idea(user: User, idea: Idea, title: str, body: str, now: datetime) -> None:
    if not policies.can_edit_idea(user, idea):
        raise NotAllowed(_("This idea can no longer be changed: others have commented on it."))
    idea.title = title.strip()
    idea.body = body
    idea.body_html = render_markdown(body)
    idea.updated_at = now


def _spend_budget(user: User, consultation: Consultation, delta: int) -> None:
    if consultation.support_budget is None:
        return
    db.insert_or_ignore(
        SupportBudgetUse.__table__,
        {"user_id": user.id, "consultation_id": consultation.id, "used": 0},
    )
    condition = (
        SupportBudgetUse.used < consultation.support_budget if delta > 0 else SupportBudgetUse.used > 0
    )
    spent = db.session.execute(
        update(SupportBudgetUse)
        .where(
            SupportBudgetUse.user_id == user.id,
            SupportBudgetUse.consultation_id == consultation.id,
            condition,
        )
        .values(used=SupportBudgetUse.used + delta)
    ).rowcount
    if spent != 1 and delta > 0:
        raise BudgetExhausted(
            _("You have used all %(n)d of your supports in this consultation. Withdraw a support to give it to another idea.",
              n=consultation.support_budget)
        )


# Supporting and withdrawing run on every click of a support button: their statements
# are built once and go out on the session's connection (no ORM unit of work), and the
# idea's counter is set in memory from what the database answered.
_LISTED = (Idea.id == bindparam("idea_id"), Idea.hidden_at.is_(None), Idea.merged_into_id.is_(None))
_COUNT_ONE_MORE_IF_LISTED = (
    update(Idea)
    .where(*_LISTED)
    .values(support_count=Idea.support_count + 1, changed_at=bindparam("now"))
    .returning(Idea.support_count, Idea.changed_at)
)
_COUNT_ONE_LESS = (
    update(Idea)
    .where(Idea.id == bindparam("idea_id"))
    .values(support_count=Idea.support_count - 1, changed_at=bindparam("now"))
    .returning(Idea.support_count, Idea.changed_at)
)
_LOCK_IF_LISTED = select(Idea.id).where(*_LISTED).with_for_update()


def _count_and_add_in_one_statement():
    """PostgreSQL: the counted-and-locked UPDATE and the support's INSERT in one round
    trip (a data-modifying WITH); its row says the new count and whether the support was
    new. No row: the idea is no longer listed."""
    from sqlalchemy.dialects.postgresql import insert

    counted = (
        update(Idea).where(*_LISTED)
        .values(support_count=Idea.support_count + 1, changed_at=bindparam("now"))
        .returning(Idea.id, Idea.support_count, Idea.changed_at)
        .cte("counted")
    )
    added = (
        insert(Support)
        .from_select(["idea_id", "user_id", "created_at"],
                     select(counted.c.id, bindparam("user_id", type_=Support.user_id.type),
                            bindparam("now", type_=Support.created_at.type)))
        .on_conflict_do_nothing()
        .returning(Support.id)
        .cte("added")
    )
    return select(
        counted.c.support_count, counted.c.changed_at,
        select(func.count()).select_from(added).scalar_subquery().label("added"),
    )


_COUNT_AND_ADD = _count_and_add_in_one_statement()
_REMOVE_SUPPORT = delete(Support).where(Support.idea_id == bindparam("idea_id"), Support.user_id == bindparam("user_id"))


def _counted(idea: Idea, row) -> None:
    """The idea in memory as the database now has it, without making it dirty."""
    set_committed_value(idea, "support_count", row.support_count)
    set_committed_value(idea, "changed_at", row.changed_at)


def _lock_listed(idea: Idea) -> bool:
    """Take the idea's row lock first and check it is still listed (not hidden or merged).

    Supports, withdrawals and moderation's merge all lock the idea before its supports,
    so they queue in one order instead of deadlocking, and a support that waited for a
    merge finds the idea merged and is refused rather than landing where nobody counts
    it. (SQLite has no row locks: its writing requests are serialised as a whole.)
    """
    return db.session.connection().execute(_LOCK_IF_LISTED, {"idea_id": idea.id}).first() is not None


def support_idea(user: User, idea: Idea, now: datetime) -> bool:
    """Give support; True if it was new. Supporting twice changes nothing.

    The counter goes up first, in the statement that takes the idea's row lock and
    checks it is still listed (the lock order of `_lock_listed`); the support's row
    follows, unique per person by constraint, and should it be there already the count
    goes back. Either way the count equals the rows when the transaction ends.
    """
    if not policies.can_support_idea(user, idea):
        raise NotAllowed(_("You cannot support this idea right now."))
    db.session.flush()
    connection = db.session.connection()
    if db.is_sqlite():  # no round trips to save, and no UPDATE inside WITH
        counted = connection.execute(_COUNT_ONE_MORE_IF_LISTED, {"idea_id": idea.id, "now": now}).first()
        inserted = counted is not None and db.insert_or_ignore(
            Support.__table__, {"idea_id": idea.id, "user_id": user.id, "created_at": now}
        )
    else:
        counted = connection.execute(_COUNT_AND_ADD, {"idea_id": idea.id, "user_id": user.id, "now": now}).first()
        inserted = counted is not None and counted.added == 1
    if counted is None:
        raise NotAllowed(_("You cannot support this idea right now."))
    if not inserted:
        _counted(idea, connection.execute(_COUNT_ONE_LESS, {"idea_id": idea.id, "now": now}).first())
        return False
    _counted(idea, counted)
    _spend_budget(user, idea.consultation, +1)
    signals.idea_supported.send(idea, supporter=user, now=now)
    return True


def withdraw_support(user: User, idea: Idea) -> bool:
    """Take support back; True if there was support to withdraw."""
    if not policies.can_support_idea(user, idea) or not _lock_listed(idea):
        raise NotAllowed(_("You cannot change your support for this idea right now."))
    connection = db.session.connection()
    deleted = connection.execute(_REMOVE_SUPPORT, {"idea_id": idea.id, "user_id": user.id}).rowcount
    if deleted:
        _spend_budget(user, idea.consultation, -1)
        _counted(idea, connection.execute(_COUNT_ONE_LESS, {"idea_id": idea.id, "now": utcnow()}).first())
    return bool(deleted)


def post_comment(
    user: User, idea: Idea, body: str, now: datetime, parent: Comment | None = None
) -> Comment:
    if not policies.can_comment_on_idea(user, idea):
        raise NotAllowed(_("You cannot comment on this idea right now."))
    if parent is not None and (parent.idea_id != idea.id or parent.is_deleted or parent.is_hidden):
        raise DomainError(_("You can no longer reply to this comment."))
    comment = Comment(
        idea_id=idea.id,
        author=user,
        parent_id=parent.id if parent else None,
        root_id=(parent.root_id or parent.id) if parent else None,
        body=body.strip(),
        created_at=now,
    )
    db.session.add(comment)
    db.session.execute(
        update(Idea).where(Idea.id == idea.id).values(comment_count=Idea.comment_count + 1)
    )
    db.session.flush()
    signals.comment_posted.send(comment, idea=idea, parent=parent, now=now)
    return comment


def delete_comment(user: User, comment: Comment, now: datetime) -> None:
    if not policies.can_delete_comment(user, comment):
        raise NotAllowed()
    comment.remove(now)
    db.session.flush()  # holds the comment's row lock: a concurrent hide committed or waits
    db.session.refresh(comment, ["hidden_at"])
    if comment.is_hidden:
        return  # a hidden comment no longer counts (moderation)
    db.session.execute(comment.counter_update(-1))  # an idea's, or a paragraph's (co-writing)
