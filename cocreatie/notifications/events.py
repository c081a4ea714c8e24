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
    ConsultationMember,
    Amendment,
    AmendmentSupport,
    DocumentVersion,
    Follow,
    MemberRole,
    Report,
    ReportStatus,
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
        Event(K.RESPONSE, key, consultation_id=idea.consultation_id, idea_id=idea.id, response_id=change_id,
              detail=str(idea.status)),
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


def content_moderated(author: User | None, idea: Idea | None, comment: Comment | None, hidden: bool, reason: str, now: datetime) -> None:
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
        Event(kind, key, consultation_id=(idea or comment).consultation.id, idea_id=idea.id if idea else None,
              comment_id=comment.id if comment else None, action_id=action.id if action else None,
              detail=reason.strip()),
        now,
        actor_id=action.actor_id if action else None,
    )


def comment_replied(reply: Comment, parent: Comment, now: datetime) -> None:
    """Someone replied to a comment."""
    idea = db.session.get(IdeaModel, reply.idea_id) if reply.idea_id else None  # in the session: no query
    consultation_id = idea.consultation_id if idea else reply.consultation.id
    fan_out(
        _just(parent.author_id),
        Event(K.REPLY, f"reply:{reply.id}", consultation_id=consultation_id,
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


# --- for procesmanagers and reporters -----------------------------------------------------


def _procesmanagers(consultation_id: int) -> Select:
    return select(ConsultationMember.user_id).where(
        ConsultationMember.consultation_id == consultation_id, ConsultationMember.role == MemberRole.PROCESMANAGER
    )


def content_reported(idea: Idea | None, comment: Comment | None, reporter: User, now: datetime) -> None:
    """Tell the consultation's procesmanagers of a report. One alert per item until its
    reports are handled: the key names the item's oldest open report, so a second
    reporter adds to the queue without a second e-mail."""
    subject = Report.comment_id == comment.id if comment else Report.idea_id == idea.id
    first = db.session.execute(
        select(Report.id, Report.rule_title)
        .where(subject, Report.status == ReportStatus.OPEN)
        .order_by(Report.id)
        .limit(1)
    ).first()
    if first is None:
        return
    fan_out(
        _procesmanagers((idea or comment).consultation.id),  # a comment on a draft text has no idea
        Event(K.REPORT, f"report:{first.id}", consultation_id=(idea or comment).consultation.id,
              idea_id=idea.id if idea else None,
              comment_id=comment.id if comment else None, detail=first.rule_title, work=True),
        now,
        actor_id=reporter.id,
    )


def decision_appealed(action: ModerationAction, author: User, now: datetime) -> None:
    """Tell the consultation's procesmanagers that an author asks for review of a hide."""
    idea_id = action.idea_id if action.idea_id is not None else action.comment.idea_id
    fan_out(
        _procesmanagers(action.consultation_id),
        Event(K.APPEAL, f"appeal:{action.id}", consultation_id=action.consultation_id, idea_id=idea_id,
              comment_id=action.comment_id, action_id=action.id, work=True),
        now,
        actor_id=author.id,
    )


def reports_decided(action: ModerationAction, now: datetime) -> None:
    """Tell the people whose reports a decision closed what was decided (hidden or kept,
    with the public reason), as the Digital Services Act (art. 16) asks. The text names
    only what is public: the idea's title, never the author."""
    idea_id = action.idea_id if action.idea_id is not None else action.comment.idea_id
    fan_out(
        select(Report.reporter_id).where(Report.action_id == action.id, Report.reporter_id.is_not(None)),
        Event(K.REPORT_DECIDED, f"decided:{action.id}", consultation_id=action.consultation_id, idea_id=idea_id,
              comment_id=action.comment_id, action_id=action.id, detail=action.reason),
        now,
        actor_id=action.actor_id,
    )


def amendment_decided(amendment: Amendment, actor: User, now: datetime) -> None:
    """An amendment was accepted, partly accepted or rejected: its author and its
    supporters hear the decision and the reason."""
    recipients = select(User.id).where(
        or_(
            User.id.in_(select(AmendmentSupport.user_id).where(AmendmentSupport.amendment_id == amendment.id)),
            User.id.in_([i for i in (amendment.author_id,) if i]),
        )
    )
    fan_out(
        recipients,
        Event(K.AMENDMENT_DECIDED, f"amendment:{amendment.id}", consultation_id=amendment.document.consultation_id,
              amendment_id=amendment.id, detail=amendment.decision_reason),
        now,
        actor_id=actor.id,
    )


def version_credited(version: DocumentVersion, credited: set[int], actor: User, now: datetime) -> None:
    """A new version of a draft text was published: everyone whose input changed it hears so."""
    if not credited:
        return
    fan_out(
        _just(*credited),
        Event(K.VERSION_CREDITED, f"version:{version.id}", consultation_id=version.document.consultation_id,
              document_version_id=version.id, detail=version.document.title),
        now,
        actor_id=actor.id,
    )
