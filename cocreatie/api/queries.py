"""Reads for the read API. Only what an anonymous visitor may see: published, public
consultations (the same statement the home page uses), and within them what their pages
show. Every list is one page through `paging.page` plus a fixed number of queries for
what its items carry, whatever the size of the list or the page asked for.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload

from cocreatie import db
from cocreatie.api.paging import CursorPage, Key, page
from cocreatie.consultations.queries import visible_to
from cocreatie.models import (
    ActionKind,
    Amendment,
    Comment,
    Consultation,
    Document,
    Idea,
    IdeaStatusChange,
    ModerationAction,
    Outcome,
    OutcomeDecision,
    Phase,
    PublicationStatus,
)
from cocreatie.models.consultations import ConsultationState


def _public_consultation_ids():
    return visible_to(None).with_only_columns(Consultation.id)


# --- consultations ------------------------------------------------------------------------

CONSULTATION_ORDER = (Key(Consultation.id, True, "id"),)


def consultations(state: str | None, now: datetime, size: int, cursor: str | None, bound_to: str) -> CursorPage[Consultation]:
    """Newest first (phases come with them: one more query)."""
    statement = visible_to(None)
    if state == ConsultationState.UPCOMING:
        statement = statement.where(or_(Consultation.opens_at.is_(None), Consultation.opens_at > now))
    elif state == ConsultationState.OPEN:
        statement = statement.where(Consultation.opens_at <= now, Consultation.closes_at > now)
    elif state == ConsultationState.FINISHED:
        statement = statement.where(Consultation.closes_at <= now)
    return page(statement, CONSULTATION_ORDER, size, cursor, bound_to)


def public_consultation(slug: str) -> Consultation | None:
    return db.session.scalar(visible_to(None).where(Consultation.slug == slug))


def public_phase_exists(phase_id: int) -> bool:
    return db.session.scalar(
        select(Phase.id).where(Phase.id == phase_id, Phase.consultation_id.in_(_public_consultation_ids()))
    ) is not None


# --- ideas ------------------------------------------------------------------------------------

IDEA_ORDERS = {
    "-createdAt": (Key(Idea.id, True, "id"),),
    "createdAt": (Key(Idea.id, False, "id"),),
    "changedAt": (Key(Idea.changed_at, False, "changed_at"), Key(Idea.id, False, "id")),
    "-supportCount": (Key(Idea.support_count, True, "support_count"), Key(Idea.id, True, "id")),
    "-commentCount": (Key(Idea.comment_count, True, "comment_count"), Key(Idea.id, True, "id")),
}


def ideas(
    *, consultation: Consultation | None, status: str | None, phase: int | None, changed_since: datetime | None,
    sort: str, size: int, cursor: str | None, bound_to: str,
) -> CursorPage[Idea]:
    """Ideas as the consultation pages list them: not hidden, not merged (those are found
    by their identifier, and in the moderation log). Asked for what changed since a moment,
    hidden and merged ideas come too (as their pages show them), so that a copy kept up
    to date that way learns that they were hidden or merged. With authors and consultations."""
    statement = select(Idea).options(joinedload(Idea.author), joinedload(Idea.consultation))
    if changed_since is None:
        statement = statement.where(Idea.hidden_at.is_(None), Idea.merged_into_id.is_(None))
    if consultation is not None:
        statement = statement.where(Idea.consultation_id == consultation.id)
    else:
        statement = statement.where(Idea.consultation_id.in_(_public_consultation_ids()))
    if status is not None:
        statement = statement.where(Idea.status == status)
    if phase is not None:
        statement = statement.where(Idea.phase_id == phase)
    if changed_since is not None:
        statement = statement.where(Idea.changed_at >= changed_since)
    return page(statement, IDEA_ORDERS[sort], size, cursor, bound_to)


def idea(idea_id: int) -> Idea | None:
    return db.session.scalar(
        select(Idea).options(joinedload(Idea.author), joinedload(Idea.consultation)).where(Idea.id == idea_id)
    )


def current_responses(idea_ids: list[int]) -> dict[int, IdeaStatusChange]:
    """The newest official response of each of these ideas: one query."""
    if not idea_ids:
        return {}
    newest = (
        select(func.max(IdeaStatusChange.id))
        .where(IdeaStatusChange.idea_id.in_(idea_ids))
        .group_by(IdeaStatusChange.idea_id)
    )
    return {
        r.idea_id: r
        for r in db.session.scalars(
            select(IdeaStatusChange).options(joinedload(IdeaStatusChange.actor)).where(IdeaStatusChange.id.in_(newest))
        )
    }


def hides_in_force(idea_ids: list[int] = (), comment_ids: list[int] = ()) -> dict[tuple[str, int], ModerationAction]:
    """The hide decisions in force on these ideas and reactions (for their placeholders)."""
    conditions = []
    if idea_ids:
        conditions.append(and_(ModerationAction.idea_id.in_(idea_ids), ModerationAction.comment_id.is_(None)))
    if comment_ids:
        conditions.append(ModerationAction.comment_id.in_(comment_ids))
    if not conditions:
        return {}
    found = {}
    for action in db.session.scalars(
        select(ModerationAction)
        .where(ModerationAction.kind == ActionKind.HIDE, ModerationAction.lifted_at.is_(None), or_(*conditions))
        .order_by(ModerationAction.id)
    ):
        key = ("comment", action.comment_id) if action.comment_id is not None else ("idea", action.idea_id)
        found[key] = action
    return found


# --- comments -----------------------------------------------------------------------------------

COMMENT_ORDER = (Key(Comment.id, False, "id"),)
# With changedSince: in the order they changed, through the index on (changed_at, id), so
# a client that keeps a copy sees every change once it reaches the end of the list.
COMMENT_CHANGE_ORDER = (Key(Comment.changed_at, False, "changed_at"), Key(Comment.id, False, "id"))


def comments(
    *, idea_id: int | None, consultation: Consultation | None, changed_since: datetime | None,
    size: int, cursor: str | None, bound_to: str,
) -> CursorPage[Comment]:
    """Reactions, oldest first, each naming its parent and thread; none under a hidden
    idea (the idea page hides them with it)."""
    statement = (
        select(Comment)
        .join(Idea, Idea.id == Comment.idea_id)
        .options(joinedload(Comment.author), joinedload(Comment.idea).joinedload(Idea.consultation))
        .where(Idea.hidden_at.is_(None))
    )
    if idea_id is not None:
        statement = statement.where(Comment.idea_id == idea_id)
    if consultation is not None:
        statement = statement.where(Idea.consultation_id == consultation.id)
    if changed_since is not None:
        statement = statement.where(Comment.changed_at >= changed_since)
    if idea_id is None and consultation is None:
        statement = statement.where(Idea.consultation_id.in_(_public_consultation_ids()))
    order = COMMENT_ORDER if changed_since is None else COMMENT_CHANGE_ORDER
    return page(statement, order, size, cursor, bound_to)


def comment(comment_id: int) -> Comment | None:
    return db.session.scalar(
        select(Comment)
        .options(joinedload(Comment.author), joinedload(Comment.idea).joinedload(Idea.consultation))
        .where(Comment.id == comment_id, Comment.idea_id.is_not(None))  # reactions to ideas (not yet to draft texts)
    )


# --- moderation log ------------------------------------------------------------------------------

LOG_ORDER = (Key(ModerationAction.created_at, True, "created_at"), Key(ModerationAction.id, True, "id"))


def moderation_log(consultation: Consultation, size: int, cursor: str | None, bound_to: str) -> CursorPage[ModerationAction]:
    """Every decision, newest first, as the public log shows it (never a reporter)."""
    statement = (
        select(ModerationAction)
        .options(
            joinedload(ModerationAction.idea),
            joinedload(ModerationAction.comment).joinedload(Comment.idea),
        )
        .where(ModerationAction.consultation_id == consultation.id)
    )
    return page(statement, LOG_ORDER, size, cursor, bound_to)


# --- outcomes ---------------------------------------------------------------------------------------


def outcome(outcome_id: int) -> Outcome | None:
    return db.session.scalar(
        select(Outcome).options(joinedload(Outcome.consultation)).where(Outcome.id == outcome_id)
    )


def published_outcomes(consultation: Consultation) -> list[Outcome]:
    """Newest first; a consultation has a handful."""
    return list(
        db.session.scalars(
            select(Outcome)
            .where(Outcome.consultation_id == consultation.id, Outcome.status == PublicationStatus.PUBLISHED)
            .order_by(Outcome.published_at.desc(), Outcome.id.desc())
            .limit(100)
        )
    )


DECISION_ORDER = (Key(OutcomeDecision.idea_id, False, "idea_id"),)


def decisions(outcome: Outcome, size: int, cursor: str | None, bound_to: str) -> CursorPage[OutcomeDecision]:
    statement = (
        select(OutcomeDecision).options(joinedload(OutcomeDecision.idea)).where(OutcomeDecision.outcome_id == outcome.id)
    )
    return page(statement, DECISION_ORDER, size, cursor, bound_to)


# --- co-writing: draft texts and amendments ------------------------------------------------------

DOCUMENT_ORDER = (Key(Document.id, False, "id"),)


def documents(consultation: Consultation | None, size: int, cursor: str | None, bound_to: str) -> CursorPage[Document]:
    """Draft texts of public consultations, oldest first, with their consultations."""
    statement = select(Document).options(joinedload(Document.consultation))
    if consultation is not None:
        statement = statement.where(Document.consultation_id == consultation.id)
    else:
        statement = statement.where(Document.consultation_id.in_(_public_consultation_ids()))
    return page(statement, DOCUMENT_ORDER, size, cursor, bound_to)


AMENDMENT_ORDER = (Key(Amendment.id, False, "id"),)


def amendments(*, document: Document | None, status: str | None, size: int, cursor: str | None,
               bound_to: str) -> CursorPage[Amendment]:
    """Amendments, oldest first, with their authors, paragraphs, versions and texts."""
    statement = select(Amendment).options(
        joinedload(Amendment.author), joinedload(Amendment.paragraph), joinedload(Amendment.version),
        joinedload(Amendment.document).joinedload(Document.consultation),
    )
    if document is not None:
        statement = statement.where(Amendment.document_id == document.id)
    else:
        statement = statement.where(Amendment.document_id.in_(
            select(Document.id).where(Document.consultation_id.in_(_public_consultation_ids()))
        ))
    if status is not None:
        statement = statement.where(Amendment.status == status)
    return page(statement, AMENDMENT_ORDER, size, cursor, bound_to)
