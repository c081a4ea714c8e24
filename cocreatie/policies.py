"""Who may do what, once, as named functions.

Every view, template and API endpoint asks these; nothing checks ownership inline.
Each policy is composed from small predicates — who the person is ∧ the state of the
consultation ∧ what its active phase allows — and denies unless all of them say yes.
A visitor is passed as ``None`` or Flask-Login's anonymous user.
"""

from __future__ import annotations

from typing import Any

from cocreatie.clock import utcnow
from cocreatie.models import Comment, Consultation, Idea, MemberRole, User
from cocreatie.models.consultations import PhaseAction

# --- predicates -------------------------------------------------------------------


def _signed_in(user: Any) -> bool:
    return user is not None and bool(getattr(user, "is_authenticated", False))


def _is_admin(user: Any) -> bool:
    return _signed_in(user) and user.is_admin


def _is_owner(user: Any, consultation: Consultation) -> bool:
    return _signed_in(user) and MemberRole.OWNER in user.roles_in(consultation.id)


def _is_procesmanager(user: Any, consultation: Consultation) -> bool:
    return _signed_in(user) and MemberRole.PROCESMANAGER in user.roles_in(consultation.id)


def _is_member(user: Any, consultation: Consultation) -> bool:
    return _signed_in(user) and bool(user.roles_in(consultation.id))


def _is_author(user: Any, obj: Idea | Comment) -> bool:
    return _signed_in(user) and obj.author_id is not None and obj.author_id == user.id


def _phase_allows(consultation: Consultation, action: PhaseAction) -> bool:
    return consultation.is_published and consultation.allows(action, utcnow())


# --- consultations ----------------------------------------------------------------


def can_create_consultation(user: User | None) -> bool:
    return _signed_in(user) and user.is_civil_servant


def can_manage_consultation(user: User | None, consultation: Consultation) -> bool:
    """Edit, configure phases and publish."""
    return _is_admin(user) or _is_owner(user, consultation)


def can_view_consultation(user: User | None, consultation: Consultation) -> bool:
    if can_manage_consultation(user, consultation) or (
        consultation.is_published and _is_member(user, consultation)
    ):
        return True
    return consultation.is_published and consultation.is_public


def can_publish_consultation(user: User | None, consultation: Consultation) -> bool:
    return (
        can_manage_consultation(user, consultation)
        and not consultation.is_published
        and bool(consultation.phases)
    )


# --- ideas ------------------------------------------------------------------------


def can_submit_idea(user: User | None, consultation: Consultation) -> bool:
    return (
        _signed_in(user)
        and can_view_consultation(user, consultation)
        and _phase_allows(consultation, PhaseAction.SUBMIT_IDEAS)
    )


def can_edit_idea(user: User | None, idea: Idea) -> bool:
    """Authors may edit until someone has reacted: then others rely on what it says."""
    return (
        _is_author(user, idea)
        and not idea.has_reactions
        and can_view_consultation(user, idea.consultation)
        and _phase_allows(idea.consultation, PhaseAction.SUBMIT_IDEAS)
    )


def can_support_idea(user: User | None, idea: Idea) -> bool:
    """Also governs withdrawing: both are only possible while supporting is open."""
    return (
        _signed_in(user)
        and not _is_author(user, idea)
        and can_view_consultation(user, idea.consultation)
        and _phase_allows(idea.consultation, PhaseAction.SUPPORT)
    )


# --- comments ---------------------------------------------------------------------


def can_comment_on_idea(user: User | None, idea: Idea) -> bool:
    return (
        _signed_in(user)
        and can_view_consultation(user, idea.consultation)
        and _phase_allows(idea.consultation, PhaseAction.COMMENT)
    )


def can_delete_comment(user: User | None, comment: Comment) -> bool:
    return _is_author(user, comment) and not comment.is_deleted


# --- workbench (moderation, feedback, recruitment) ----------------------------------
# Each feature adds its policies here, built from the predicates above.


# --- accounts ---------------------------------------------------------------------


def can_assign_roles(user: User | None) -> bool:
    return _is_admin(user)


ALL = {
    name: obj for name, obj in dict(globals()).items() if name.startswith("can_") and callable(obj)
}
