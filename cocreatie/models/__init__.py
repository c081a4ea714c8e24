"""Typed SQLAlchemy models. No Flask imports here."""

from cocreatie.db import Base
from cocreatie.models.audit import AuditEntry
from cocreatie.models.consultations import (
    Consultation,
    ConsultationMember,
    ConsultationState,
    MemberRole,
    Phase,
    PhaseKind,
    PublicationStatus,
    Visibility,
)
from cocreatie.models.ideas import Comment, Idea, IdeaStatus, Support, SupportBudgetUse
from cocreatie.models.users import AccountToken, SiteRole, TokenPurpose, User

__all__ = [
    "AuditEntry",
    "AccountToken",
    "TokenPurpose",
    "Base",
    "Comment",
    "Consultation",
    "ConsultationMember",
    "ConsultationState",
    "Idea",
    "IdeaStatus",
    "MemberRole",
    "Phase",
    "PhaseKind",
    "PublicationStatus",
    "SiteRole",
    "Support",
    "SupportBudgetUse",
    "User",
    "Visibility",
]
