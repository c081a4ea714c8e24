"""What happened, for the people who follow it.

Other features call these functions from their services, in the same transaction as
the change; notifications fan out from here (in-site list and e-mail, respecting each
person's preferences, never twice for one event). Each event gets a key that names it
(usually by the row the change wrote), so calling a function twice for the same change
notifies no one twice. The person who acted is never told about their own action.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Select, func, or_, select

from cocreatie import db
from cocreatie.models import (
    Follow,
    IdeaStatusChange,
    ImplementationUpdate,
    ModerationAction,
    NotificationKind as K,
    Outcome,
    User,
)
from cocreatie.models import Idea as IdeaModel
from cocreatie.notifications import follows
from cocreatie.notifications.delivery import Event, fan_out

if TYPE_CHECKING:
    from cocreatie.models import Comment, Consultation, Idea, Phase


def _idea_followers(*idea_ids: int) -> Select:
    return select(Follow.user_id).where(Follow.idea_id.in_(idea_ids), Follow.unfollowed_at.is_(None))


def _consultation_followers(consultation_id: int) -> Select:
    return select(Follow.user_id).where(Follow.consultation_id == consultation_id, Follow.unfollowed_at.is_(None))


def _just(*user_ids: int | None) -> Select:
    return select(User.id).where(User.id.in_([i for i in user_ids if i is not None]))


def idea_response_given(idea: Idea, actor: User, now: datetime) -> None:
    """An official response was given or the idea's status changed."""
    # The response row was flushed by the caller; its id names the event.
    change_id = db.session.scalar(select(func.max(IdeaStatusChange.id)).where(IdeaStatusChange.idea_id == idea.id))
    key = f"response:{change_id}" if change_id else f"response:{idea.id}:{now.isoformat()}"
    fan_out(
        _idea_followers(idea.id),
        Event(K.RESPONSE, key, consultation_id=idea.consultation_id, idea_id=idea.id, detail=str(idea.status)),
        now,
        actor_id=actor.id,
    )


def outcome_published(consultation: Consultation, idea_ids: list[int], actor: User, now: datetime) -> None:
    """An outcome was published for the consultation (covering these ideas)."""
    outcome = None
    if idea_ids:
        # Publishing recorded a response per covered idea, naming the outcome: the newest names this one.
        outcome_id = db.session.scalar(
            select(IdeaStatusChange.outcome_id)
            .where(IdeaStatusChange.idea_id.in_(idea_ids), IdeaStatusChange.outcome_id.is_not(None))
            .order_by(IdeaStatusChange.id.desc())
            .limit(1)
        )
        outcome = db.session.get(Outcome, outcome_id) if outcome_id else None
    key = f"outcome:{outcome.id}" if outcome else f"outcome:{consultation.id}:{now.isoformat()}"
    recipients = select(Follow.user_id).where(
        Follow.unfollowed_at.is_(None),
        or_(Follow.consultation_id == consultation.id, Follow.idea_id.in_(idea_ids)),
    )
    fan_out(
        recipients,
        Event(K.OUTCOME, key, consultation_id=consultation.id, outcome_id=outcome.id if outcome else None,
              detail=outcome.title if outcome else ""),
        now,
        actor_id=actor.id,
    )


def implementation_update_posted(idea: Idea, actor: User, now: datetime) -> None:
    """An adopted idea got a progress update."""
    update_id = db.session.scalar(
        select(func.max(ImplementationUpdate.id)).where(ImplementationUpdate.idea_id == idea.id)
    )
    key = f"implementation:{update_id}" if update_id else f"implementation:{idea.id}:{now.isoformat()}"
    fan_out(
        _idea_followers(idea.id),
        Event(K.IMPLEMENTATION, key, consultation_id=idea.consultation_id, idea_id=idea.id),
        now,
        actor_id=actor.id,
    )


def content_moderated(author: User | None, idea: Idea, comment: Comment | None, hidden: bool, reason: str, now: datetime) -> None:
    """An idea (comment None) or comment was hidden or restored; tell its author."""
    if author is None:
        return
    if comment is None:
        kind = K.IDEA_HIDDEN if hidden else K.IDEA_RESTORED
        about = (ModerationAction.idea_id == idea.id, ModerationAction.comment_id.is_(None))
    else:
        kind = K.COMMENT_HIDDEN if hidden else K.COMMENT_RESTORED
        about = (ModerationAction.comment_id == comment.id,)
    # The decision was recorded just before this call: the newest one about the item.
    action = db.session.execute(
        select(ModerationAction.id, ModerationAction.actor_id).where(*about).order_by(ModerationAction.id.desc()).limit(1)
    ).first()
    subject = f"comment:{comment.id}" if comment else f"idea:{idea.id}"
    key = f"moderation:{action.id}" if action else f"moderation:{subject}:{kind.value}:{now.isoformat()}"
    fan_out(
        _just(author.id),
        Event(kind, key, consultation_id=idea.consultation_id, idea_id=idea.id,
              comment_id=comment.id if comment else None, detail=reason.strip()),
        now,
        actor_id=action.actor_id if action else None,
    )


def comment_replied(reply: Comment, parent: Comment, now: datetime) -> None:
    """Someone replied to a comment."""
    idea = db.session.get(IdeaModel, reply.idea_id)  # already in the session: no query
    fan_out(
        _just(parent.author_id),
        Event(K.REPLY, f"reply:{reply.id}", consultation_id=idea.consultation_id if idea else None,
              idea_id=reply.idea_id, comment_id=reply.id),
        now,
        actor_id=reply.author_id,
    )


def ideas_merged(source: Idea, target: Idea, actor: User, now: datetime) -> None:
    """A duplicate idea was merged into another; tell both authors and the followers."""
    recipients = select(User.id).where(
        or_(User.id.in_(_idea_followers(source.id)), User.id.in_([i for i in (source.author_id, target.author_id) if i]))
    )
    fan_out(
        recipients,
        Event(K.MERGED, f"merge:{source.id}:{target.id}", consultation_id=target.consultation_id,
              idea_id=target.id, detail=source.title),
        now,
        actor_id=actor.id,
    )
    # The discussion moves to the target, so its followers follow along.
    follows.move_follows(source, target, now)


def phase_started(consultation: Consultation, phase: Phase, now: datetime) -> None:
    """A new phase began (sent by `flask notify-phase-changes`, see services.announce_started_phases)."""
    fan_out(
        _consultation_followers(consultation.id),
        Event(K.PHASE_STARTED, f"phase:{phase.id}", consultation_id=consultation.id, detail=str(phase.kind)),
        now,
    )
