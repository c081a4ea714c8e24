"""Write use-cases for consultations and their phases."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from cocreatie import audit, db, policies, signals
from cocreatie.errors import DomainError, NotAllowed
from cocreatie.models import Consultation, MemberRole, Phase, PhaseKind, User, Visibility
from cocreatie.models.consultations import ConsultationMember
from cocreatie.labels import PHASE_KIND_LABELS
from cocreatie.text import render_markdown
from cocreatie.timezones import last_local_day


@dataclass
class ConsultationData:
    title: str
    question: str
    summary: str
    body: str
    visibility: Visibility
    support_budget: int | None


@dataclass
class PhaseData:
    kind: PhaseKind
    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    allows_ideas: bool
    allows_comments: bool
    allows_supports: bool


# Addresses under /consultaties/ that are pages of their own, not a consultation.
RESERVED_SLUGS = frozenset({"afgerond"})


def slugify(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    # Punctuation, symbols and spaces without an ASCII form (dashes, curly quotes)
    # separate words like their ASCII kin; accents and other marks are dropped.
    separated = "".join(
        " " if not c.isascii() and unicodedata.category(c)[0] in "PSZ" else c for c in decomposed
    )
    ascii_text = separated.encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:60].rstrip("-") or "consultatie"


# What the audit trail keeps of a consultation, in groups that are recorded as separate
# entries: changing the visibility or the support budget changes who sees or may do what
# (an invite-only consultation made public shows its invitees' contributions to everyone).
_TEXT_FIELDS = ("title", "question", "summary", "body")


def _state(consultation: Consultation, fields: tuple[str, ...]) -> dict[str, object]:
    return {name: getattr(consultation, name) for name in fields}


def _audit_changes(user: User, consultation: Consultation, action: str, subject: str, before: dict,
                   after: dict, now: datetime) -> None:
    """One audit entry with the fields that changed, before and after; none if none did."""
    changed = [name for name in before if before[name] != after[name]]
    if changed:
        audit.record(
            user, action, subject, now, consultation_id=consultation.id,
            before={name: before[name] for name in changed}, after={name: after[name] for name in changed},
        )


def _phase_state(phase: Phase) -> dict[str, object]:
    return {name: getattr(phase, name) for name in PhaseData.__dataclass_fields__}


def _apply(consultation: Consultation, data: ConsultationData) -> None:
    consultation.title = data.title.strip()
    consultation.question = data.question.strip()
    consultation.summary = data.summary.strip()
    consultation.body = data.body
    consultation.body_html = render_markdown(data.body)
    consultation.visibility = data.visibility
    consultation.support_budget = data.support_budget


def create_consultation(user: User, data: ConsultationData, now: datetime) -> Consultation:
    if not policies.can_create_consultation(user):
        raise NotAllowed()
    consultation = Consultation(created_by_id=user.id, created_at=now)
    _apply(consultation, data)
    base = slugify(data.title)
    # The unique constraint decides; a taken slug gets a number.
    for attempt in range(1, 100):
        consultation.slug = base if attempt == 1 else f"{base}-{attempt}"
        if consultation.slug in RESERVED_SLUGS:
            continue
        try:
            with db.session.begin_nested():
                db.session.add(consultation)
            break
        except IntegrityError:
            continue  # the savepoint rollback expunged it; try the next number
    db.session.add(ConsultationMember(consultation_id=consultation.id, user_id=user.id, role=MemberRole.OWNER))
    signals.consultation_created.send(consultation, actor=user, now=now)  # default house rules, among others
    db.session.flush()
    audit.record(
        user, "consultations.create", f"consultation {consultation.id}", now, consultation_id=consultation.id,
        after=_state(consultation, (*_TEXT_FIELDS, "visibility", "support_budget")),
    )
    audit.record(
        user, "roles.assign", f"user {user.id}", now, consultation_id=consultation.id,
        before={"roles": []}, after={"roles": [MemberRole.OWNER.value], "via": "created the consultation"},
    )
    db.session.expire(user, ["memberships"])  # the creator is an owner from now on
    return consultation


def update_consultation(user: User, consultation: Consultation, data: ConsultationData, now: datetime) -> None:
    """Change the texts, visibility and support budget; each kind of change that happened
    is an audit entry of its own."""
    if not policies.can_manage_consultation(user, consultation):
        raise NotAllowed()
    groups = {
        "consultations.edit_texts": _TEXT_FIELDS,
        "consultations.change_visibility": ("visibility",),
        "consultations.change_support_budget": ("support_budget",),
    }
    before = {action: _state(consultation, fields) for action, fields in groups.items()}
    _apply(consultation, data)
    for action, fields in groups.items():
        _audit_changes(user, consultation, action, f"consultation {consultation.id}", before[action],
                       _state(consultation, fields), now)


def publish_consultation(user: User, consultation: Consultation, now: datetime) -> None:
    if not policies.can_manage_consultation(user, consultation):
        raise NotAllowed()
    before = _state(consultation, ("status", "published_at"))
    consultation.publish(now)
    _audit_changes(user, consultation, "consultations.publish", f"consultation {consultation.id}", before,
                   _state(consultation, ("status", "published_at")), now)


def phase_name(phase: Phase) -> str:
    """How a person recognises a phase: its own name, or else its stage."""
    return phase.title or str(PHASE_KIND_LABELS[phase.kind])


def _check_phase_fits(consultation: Consultation, data: PhaseData, editing: Phase | None) -> None:
    if data.ends_at <= data.starts_at:
        raise DomainError(_("The end date must be on or after the start date."), field="ends_on")
    for other in consultation.phases:
        if other is editing:
            continue
        if data.starts_at < other.ends_at and other.starts_at < data.ends_at:
            raise DomainError(
                _("This phase overlaps with the phase “%(phase)s” (%(first)s – %(last)s). Choose dates outside it, "
                  "or change that phase first.", phase=phase_name(other), first=format_date(other.starts_at),
                  last=format_date(last_local_day(other.ends_at))),
                field="starts_on",
            )


def _apply_phase(phase: Phase, data: PhaseData) -> None:
    for name, value in vars(data).items():
        setattr(phase, name, value.strip() if isinstance(value, str) else value)


def add_phase(user: User, consultation: Consultation, data: PhaseData, now: datetime) -> Phase:
    if not policies.can_manage_consultation(user, consultation):
        raise NotAllowed()
    _check_phase_fits(consultation, data, editing=None)
    phase = Phase()
    _apply_phase(phase, data)
    consultation.phases.append(phase)
    consultation.phases.sort(key=lambda p: p.starts_at)
    consultation.sync_dates()
    db.session.flush()
    audit.record(user, "consultations.add_phase", f"phase {phase.id}", now, consultation_id=consultation.id,
                 after=_phase_state(phase))
    return phase


def update_phase(user: User, phase: Phase, data: PhaseData, now: datetime) -> None:
    """Change a phase's kind, texts, dates or what it allows (dates move response deadlines)."""
    consultation = phase.consultation
    if not policies.can_manage_consultation(user, consultation):
        raise NotAllowed()
    _check_phase_fits(consultation, data, editing=phase)
    before = _phase_state(phase)
    _apply_phase(phase, data)
    consultation.phases.sort(key=lambda p: p.starts_at)
    consultation.sync_dates()
    _audit_changes(user, consultation, "consultations.edit_phase", f"phase {phase.id}", before,
                   _phase_state(phase), now)


def delete_phase(user: User, phase: Phase, now: datetime) -> None:
    consultation = phase.consultation
    if not policies.can_manage_consultation(user, consultation):
        raise NotAllowed()
    if consultation.is_published and len(consultation.phases) == 1:
        raise DomainError(_("A published consultation needs at least one phase."))
    audit.record(user, "consultations.delete_phase", f"phase {phase.id}", now, consultation_id=consultation.id,
                 before=_phase_state(phase))
    consultation.phases.remove(phase)
    consultation.sync_dates()
