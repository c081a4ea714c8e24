"""Reads for privacy self-service: what stands in the way of deleting an account, which
contributions can be removed, and everything the platform holds about one person (the
download). Each read is about one person, by their own id: nothing here takes an id
from a request."""

from __future__ import annotations

import json
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import aliased

from cocreatie import db
from cocreatie.models import (
    Amendment,
    AmendmentSupport,
    Document,
    Paragraph,
    AccountToken,
    Appeal,
    AuditEntry,
    Comment,
    Consultation,
    District,
    ConsultationMember,
    Follow,
    Idea,
    IdeaStatusChange,
    ImplementationUpdate,
    Invitation,
    MemberRole,
    ModerationAction,
    Notification,
    OutcomeDecision,
    ProfileAnswer,
    RecoveryCode,
    Report,
    SiteRole,
    Support,
    SupportBudgetUse,
    TwoFactor,
    User,
    UserSession,
)


def about_user(user_id: int) -> str:
    """How the audit log names a person as the subject of an entry."""
    return f"user {user_id}"


def audit_mentions(address: str) -> list:
    """Conditions for audit entries that recorded this e-mail address anywhere."""
    return [
        func.lower(column).contains(address.lower(), autoescape=True)
        for column in (AuditEntry.subject, AuditEntry.before, AuditEntry.after)
    ]


# --- what stands in the way of deleting an account --------------------------------------


def consultations_only_owned_by(user: User) -> list[Consultation]:
    """Consultations this person is the only owner of: someone must stay accountable for
    them, so the account cannot go before another owner is added."""
    other_owner = aliased(ConsultationMember)
    return list(
        db.session.scalars(
            select(Consultation)
            .join(ConsultationMember, ConsultationMember.consultation_id == Consultation.id)
            .where(
                ConsultationMember.user_id == user.id,
                ConsultationMember.role == MemberRole.OWNER,
                ~exists().where(
                    other_owner.consultation_id == Consultation.id,
                    other_owner.role == MemberRole.OWNER,
                    other_owner.user_id != user.id,
                ),
            )
            .order_by(Consultation.title, Consultation.id)
        )
    )


def is_last_administrator(user: User) -> bool:
    if user.site_role != SiteRole.ADMIN:
        return False
    others = db.session.scalar(
        select(func.count()).select_from(User).where(User.site_role == SiteRole.ADMIN, User.id != user.id)
    )
    return others == 0


# --- contributions ----------------------------------------------------------------------


def removable_idea_ids(user_id: int) -> list[int]:
    """The person's ideas that nobody else has built on, so that removing them takes
    nothing away from anyone: no supports, no reactions by others (removed or hidden ones
    included), no reports, no moderation decision, no official response, not part of an
    outcome or an implementation report, and not merged with another idea."""
    idea = Idea.__table__.c
    others_reacted = exists().where(
        Comment.idea_id == idea.id,
        or_(Comment.author_id.is_(None), Comment.author_id != user_id),
    )
    acted_on = [
        exists().where(Report.idea_id == idea.id),
        exists().where(Report.comment_id == Comment.id, Comment.idea_id == idea.id),
        exists().where(or_(ModerationAction.idea_id == idea.id, ModerationAction.target_idea_id == idea.id)),
        exists().where(IdeaStatusChange.idea_id == idea.id),
        exists().where(OutcomeDecision.idea_id == idea.id),
        exists().where(ImplementationUpdate.idea_id == idea.id),
    ]
    return list(
        db.session.scalars(
            select(idea.id)
            .where(
                idea.author_id == user_id,
                idea.support_count == 0,
                idea.merged_count == 0,
                idea.merged_into_id.is_(None),
                idea.hidden_at.is_(None),
                idea.responded_at.is_(None),
                ~others_reacted,
                *[~condition for condition in acted_on],
            )
            .order_by(idea.id)
        )
    )


def own_comments_to_remove(user_id: int) -> list[Comment]:
    return list(
        db.session.scalars(
            select(Comment).where(Comment.author_id == user_id, Comment.deleted_at.is_(None)).order_by(Comment.id)
        )
    )


def contribution_counts(user_id: int) -> dict[str, int]:
    """For the delete page: how much the person wrote, and how much of it can go."""
    ideas = db.session.scalar(select(func.count()).select_from(Idea).where(Idea.author_id == user_id))
    comments = db.session.scalar(
        select(func.count()).select_from(Comment).where(Comment.author_id == user_id, Comment.deleted_at.is_(None))
    )
    supports = db.session.scalar(select(func.count()).select_from(Support).where(Support.user_id == user_id))
    return {
        "ideas": ideas or 0,
        "removable_ideas": len(removable_idea_ids(user_id)),
        "comments": comments or 0,
        "supports": supports or 0,
    }


# --- everything about one person (the download) --------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds") + "Z"  # stored as naive UTC
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def _rows(statement) -> list[dict[str, Any]]:
    return [{key: _plain(value) for key, value in row._mapping.items()} for row in db.session.execute(statement)]


def _json_or_text(text: str) -> Any:
    try:
        return json.loads(text) if text else {}
    except ValueError:
        return text


def personal_data(user: User) -> dict[str, Any]:
    """Everything the platform holds about `user`, as plain JSON-ready data, one entry per
    file of the download. Other people appear only as what they did to this person's
    contributions (a moderation decision's rule and public reason), never by name."""
    uid = user.id
    account = {
        "id": user.id,
        "email": user.email,
        "pending_email": user.pending_email,
        "display_name": user.display_name,
        "site_role": _plain(user.site_role),
        "locale": user.locale,
        "email_frequency": _plain(user.email_frequency),
        "created_at": _plain(user.created_at),
        "email_confirmed_at": _plain(user.email_confirmed_at),
        "last_login_at": _plain(user.last_login_at),
        "password": "stored only as a salted hash, which is not included",
    }
    ideas = _rows(
        select(
            Idea.id, Consultation.slug.label("consultation"), Idea.title, Idea.body, Idea.status,
            Idea.support_count, Idea.comment_count, Idea.created_at, Idea.updated_at,
            Idea.responded_at, Idea.hidden_at, Idea.merged_into_id,
        )
        .join(Consultation, Consultation.id == Idea.consultation_id)
        .where(Idea.author_id == uid)
        .order_by(Idea.id)
    )
    comments = _rows(
        select(
            Comment.id, Comment.idea_id, Idea.title.label("idea_title"), Comment.paragraph_id, Comment.amendment_id,
            Comment.parent_id, Comment.body,
            Comment.created_at, Comment.deleted_at, Comment.hidden_at,
        )
        .outerjoin(Idea, Idea.id == Comment.idea_id)  # comments on draft texts have no idea
        .where(Comment.author_id == uid)
        .order_by(Comment.id)
    )
    supports = _rows(
        select(Support.idea_id, Idea.title.label("idea_title"), Support.created_at)
        .join(Idea, Idea.id == Support.idea_id)
        .where(Support.user_id == uid)
        .order_by(Support.id)
    )
    amendments = _rows(
        select(
            Amendment.id, Document.title.label("draft_text"), Paragraph.key.label("paragraph"), Amendment.kind,
            Amendment.base_text, Amendment.proposed_text, Amendment.explanation, Amendment.status,
            Amendment.created_at, Amendment.decided_at, Amendment.decision_reason, Amendment.adopted_text,
        )
        .join(Document, Document.id == Amendment.document_id)
        .join(Paragraph, Paragraph.id == Amendment.paragraph_id)
        .where(Amendment.author_id == uid)
        .order_by(Amendment.id)
    )
    amendment_supports = _rows(
        select(AmendmentSupport.amendment_id, AmendmentSupport.created_at)
        .where(AmendmentSupport.user_id == uid)
        .order_by(AmendmentSupport.id)
    )
    budgets = _rows(
        select(Consultation.slug.label("consultation"), SupportBudgetUse.used, Consultation.support_budget.label("budget"))
        .join(Consultation, Consultation.id == SupportBudgetUse.consultation_id)
        .where(SupportBudgetUse.user_id == uid)
        .order_by(Consultation.id)
    )
    reports = _rows(
        select(
            Report.id, Report.idea_id, Report.comment_id, Report.rule_title, Report.note, Report.status,
            Report.created_at, Report.resolved_at,
        )
        .where(Report.reporter_id == uid)
        .order_by(Report.id)
    )
    appeals = _rows(
        select(Appeal.id, Appeal.action_id, Appeal.body, Appeal.status, Appeal.created_at, Appeal.decided_at)
        .where(Appeal.author_id == uid)
        .order_by(Appeal.id)
    )
    own_items = or_(
        ModerationAction.idea_id.in_(select(Idea.id).where(Idea.author_id == uid)),
        ModerationAction.comment_id.in_(select(Comment.id).where(Comment.author_id == uid)),
    )
    decisions = _rows(
        select(
            ModerationAction.id, ModerationAction.kind, ModerationAction.idea_id, ModerationAction.comment_id,
            ModerationAction.rule_title, ModerationAction.reason, ModerationAction.created_at,
            ModerationAction.lifted_at,
        )
        .where(own_items)
        .order_by(ModerationAction.id)
    )
    follows = _rows(
        select(Follow.id, Follow.consultation_id, Follow.idea_id, Follow.created_at, Follow.unfollowed_at)
        .where(Follow.user_id == uid)
        .order_by(Follow.id)
    )
    notifications = _rows(
        select(
            Notification.id, Notification.kind, Notification.consultation_id, Notification.idea_id,
            Notification.comment_id, Notification.outcome_id, Notification.detail, Notification.created_at,
            Notification.read_at, Notification.emailed_at,
        )
        .where(Notification.user_id == uid)
        .order_by(Notification.id)
    )
    invitations = _rows(
        select(
            Invitation.id, Consultation.slug.label("consultation"), Invitation.email, Invitation.status,
            Invitation.created_at, Invitation.sent_at, Invitation.expires_at, Invitation.accepted_at,
        )
        .join(Consultation, Consultation.id == Invitation.consultation_id)
        .where(or_(Invitation.email == user.email, Invitation.accepted_by_id == uid))
        .order_by(Invitation.id)
    )
    roles = _rows(
        select(Consultation.slug.label("consultation"), ConsultationMember.role, ConsultationMember.created_at)
        .join(Consultation, Consultation.id == ConsultationMember.consultation_id)
        .where(ConsultationMember.user_id == uid)
        .order_by(ConsultationMember.id)
    )
    # The answers to a consultation's profile questions (cocreatie/reach/): the district
    # by name, never a postcode (none is kept).
    profile_answers = _rows(
        select(
            Consultation.slug.label("consultation"), func.coalesce(District.name, ProfileAnswer.district_code).label("district"),
            ProfileAnswer.age_band, ProfileAnswer.channel.label("how_heard"), ProfileAnswer.answered_at,
        )
        .join(Consultation, Consultation.id == ProfileAnswer.consultation_id)
        .outerjoin(District, District.code == ProfileAnswer.district_code)
        .where(ProfileAnswer.user_id == uid)
        .order_by(ProfileAnswer.id)
    )
    links = _rows(
        select(AccountToken.purpose, AccountToken.expires_at, AccountToken.used_at)
        .where(AccountToken.user_id == uid)
        .order_by(AccountToken.id)
    )
    sessions = _rows(
        select(UserSession.device, UserSession.created_at, UserSession.last_seen_at, UserSession.ended_at)
        .where(UserSession.user_id == uid)
        .order_by(UserSession.id)
    )
    second_factor = db.session.get(TwoFactor, uid)
    recovery_codes = _rows(
        select(RecoveryCode.created_at, RecoveryCode.used_at).where(RecoveryCode.user_id == uid).order_by(RecoveryCode.id)
    )
    two_step = {
        "on": bool(second_factor and second_factor.is_confirmed),
        "set_up_at": _plain(second_factor.confirmed_at) if second_factor else None,
        "secret": "stored encrypted, and not included" if second_factor else None,
        "recovery_codes": recovery_codes,
    }
    audit = [
        {
            "id": entry.id,
            "by_you": entry.actor_id == uid,
            "action": entry.action,
            "subject": entry.subject,
            "consultation_id": entry.consultation_id,
            "before": _json_or_text(entry.before),
            "after": _json_or_text(entry.after),
            "created_at": _plain(entry.created_at),
        }
        for entry in db.session.scalars(
            select(AuditEntry)
            .where(or_(AuditEntry.actor_id == uid, AuditEntry.subject == about_user(uid), *audit_mentions(user.email)))
            .order_by(AuditEntry.id)
        )
    ]
    return {
        "account.json": account,
        "ideas.json": ideas,
        "comments.json": comments,
        "supports.json": supports,
        "amendments.json": amendments,
        "amendment_supports.json": amendment_supports,
        "support_budgets.json": budgets,
        "reports.json": reports,
        "appeals.json": appeals,
        "moderation_of_your_contributions.json": decisions,
        "follows.json": follows,
        "notifications.json": notifications,
        "invitations.json": invitations,
        "roles.json": roles,
        "profile_answers.json": profile_answers,
        "links.json": links,
        "sessions.json": sessions,
        "two_step_sign_in.json": two_step,
        "audit_log.json": audit,
    }
