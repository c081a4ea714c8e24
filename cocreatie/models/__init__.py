"""Typed SQLAlchemy models. No Flask imports here."""

from cocreatie.models.base import Base
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
from cocreatie.models.cowriting import (
    Amendment,
    AmendmentKind,
    AmendmentStatus,
    AmendmentSupport,
    Document,
    DocumentVersion,
    Paragraph,
    ParagraphChange,
    ParagraphKind,
    VersionParagraph,
)
from cocreatie.models.ideas import Comment, Idea, IdeaStatus, Support, SupportBudgetUse
from cocreatie.models.feedback import (
    IdeaStatusChange,
    ImplementationMilestone,
    ImplementationUpdate,
    Outcome,
    OutcomeDecision,
)
from cocreatie.models.users import AccountToken, EmailFrequency, SiteRole, TokenPurpose, User
from cocreatie.models.sessions import RecoveryCode, TwoFactor, UserSession
from cocreatie.models.notifications import WORK_KINDS, Follow, Notification, NotificationKind, PhaseAnnouncement
from cocreatie.models.recruitment import Invitation, InvitationStatus
from cocreatie.models.measure import Goal, KpiCount, KpiDaily, KpiTarget
from cocreatie.models.files import FileKind, FilePurpose, StoredFile
from cocreatie.models.reach import AgeBand, District, Population, PostcodeArea, ProfileAnswer, ProfileQuestions
from cocreatie.models.moderation import (
    ActionKind,
    Appeal,
    AppealStatus,
    HouseRule,
    ModerationAction,
    Report,
    ReportStatus,
)

__all__ = [
    "Goal",
    "KpiCount",
    "KpiDaily",
    "KpiTarget",
    "FileKind",
    "FilePurpose",
    "StoredFile",
    "Amendment",
    "AmendmentKind",
    "AmendmentStatus",
    "AmendmentSupport",
    "Document",
    "DocumentVersion",
    "Paragraph",
    "ParagraphChange",
    "ParagraphKind",
    "VersionParagraph",
    "AgeBand",
    "District",
    "Population",
    "PostcodeArea",
    "ProfileAnswer",
    "ProfileQuestions",
    "Invitation",
    "InvitationStatus",
    "EmailFrequency",
    "Follow",
    "Notification",
    "NotificationKind",
    "WORK_KINDS",
    "PhaseAnnouncement",
    "ActionKind",
    "Appeal",
    "AppealStatus",
    "HouseRule",
    "ModerationAction",
    "Report",
    "RecoveryCode",
    "ReportStatus",
    "TwoFactor",
    "UserSession",
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
    "IdeaStatusChange",
    "ImplementationMilestone",
    "ImplementationUpdate",
    "Outcome",
    "OutcomeDecision",
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
