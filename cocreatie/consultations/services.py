"""Write use-cases for consultations and their phases."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import ngettext
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from cocreatie import audit, db, policies, signals
from cocreatie.consultations import queries
from cocreatie.errors import DomainError, NotAllowed
from cocreatie.models import Consultation, MemberRole, Phase, PhaseKind, PublicationStatus, User, Visibility
from cocreatie.models.consultations import ConsultationMember
from cocreatie.labels import PHASE_KIND_LABELS
from cocreatie.text import render_markdown
from cocreatie.timezones import end_of_local_day, last_local_day, local_day, start_of_local_day
from cocreatie.dates import format_date


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
    allows_cowriting: bool = False


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
    if not consultation.phases and consultation.publish_at is not None:
        # Nothing to publish without a phase: the plan goes, rather than publishing at
        # the first view after a phase is added again.
        cancel_scheduled_publication(user, consultation, now)


# --- the safety net: planned publication, back to draft, deleting a draft, duplicating ------


def schedule_publication(user: User, consultation: Consultation, at: datetime, now: datetime) -> None:
    """Publish the draft at `at` (naive UTC): by `flask publish-scheduled`, or by the first
    view after it (`publish_when_due`), whichever comes first."""
    if not policies.can_publish_consultation(user, consultation):
        raise NotAllowed()
    if at <= now:
        raise DomainError(_("Choose a moment in the future, or publish now."), field="publish_on")
    before = _state(consultation, ("publish_at",))
    consultation.schedule_publication(at, user.id)
    _audit_changes(user, consultation, "consultations.schedule_publication", f"consultation {consultation.id}",
                   before, _state(consultation, ("publish_at",)), now)


def cancel_scheduled_publication(user: User, consultation: Consultation, now: datetime) -> None:
    if not policies.can_manage_consultation(user, consultation):
        raise NotAllowed()
    before = _state(consultation, ("publish_at",))
    consultation.cancel_scheduled_publication()
    _audit_changes(user, consultation, "consultations.cancel_scheduled_publication",
                   f"consultation {consultation.id}", before, _state(consultation, ("publish_at",)), now)


def publish_when_due(consultation: Consultation, now: datetime) -> bool:
    """Publish a draft whose planned moment has come; False if it was not due, or someone
    else (the command, another visitor) published it first. The conditional UPDATE makes
    the publication and its audit entry happen once."""
    if not consultation.is_due_for_publication(now):
        return False
    table = Consultation.__table__
    done = db.session.execute(
        update(table)
        .where(table.c.id == consultation.id, table.c.status == PublicationStatus.DRAFT.value,
               table.c.publish_at <= now,
               select(Phase.id).where(Phase.consultation_id == consultation.id).exists())
        .values(status=PublicationStatus.PUBLISHED.value, published_at=table.c.publish_at, publish_at=None,
                publish_scheduled_by_id=None)
    ).rowcount
    scheduler_id = consultation.publish_scheduled_by_id
    planned = consultation.publish_at
    db.session.expire(consultation, ["status", "published_at", "publish_at", "publish_scheduled_by_id"])
    if done != 1:
        return False
    audit.record(
        db.session.get(User, scheduler_id) if scheduler_id else None, "consultations.publish",
        f"consultation {consultation.id}", now, consultation_id=consultation.id,
        before={"status": PublicationStatus.DRAFT.value, "published_at": None},
        after={"status": PublicationStatus.PUBLISHED.value, "published_at": planned, "via": "schedule"},
    )
    return True


def publish_due(now: datetime) -> list[Consultation]:
    """Every draft whose planned publication has come (`flask publish-scheduled`)."""
    due = db.session.scalars(
        select(Consultation).where(Consultation.status == PublicationStatus.DRAFT, Consultation.publish_at <= now)
        .order_by(Consultation.publish_at, Consultation.id)
    ).all()
    return [consultation for consultation in due if publish_when_due(consultation, now)]


def back_to_draft(user: User, consultation: Consultation, now: datetime) -> None:
    """Unpublish, only while nobody has taken part: afterwards it would take away what
    people wrote, supported or were invited to."""
    if not policies.can_manage_consultation(user, consultation):
        raise NotAllowed()
    if not consultation.is_published:
        raise DomainError(_("This consultation is a draft already."))
    db.session.execute(select(Consultation.id).where(Consultation.id == consultation.id).with_for_update())
    taken = queries.taking_part(consultation)
    if taken.anyone:
        raise DomainError(why_not_back_to_draft(taken))
    consultation.back_to_draft()
    audit.record(user, "consultations.back_to_draft", f"consultation {consultation.id}", now,
                 consultation_id=consultation.id, before={"status": PublicationStatus.PUBLISHED.value},
                 after={"status": PublicationStatus.DRAFT.value})


def why_not_back_to_draft(taken: queries.TakingPart) -> str:
    done = []
    if taken.ideas:
        done.append(ngettext("%(num)d idea", "%(num)d ideas", taken.ideas))
    if taken.supports:
        done.append(ngettext("%(num)d support", "%(num)d supports", taken.supports))
    if taken.comments:
        done.append(ngettext("%(num)d comment", "%(num)d comments", taken.comments))
    if taken.participants:
        done.append(ngettext("%(num)d accepted invitation", "%(num)d accepted invitations", taken.participants))
    return _("People have taken part already (%(what)s), so the consultation stays published. You can change "
             "its phases to close it, or make it invite-only.", what=", ".join(done))


def delete_draft(user: User, consultation: Consultation, now: datetime) -> None:
    """Delete a draft and everything that hangs on it (phases, roles, house rules, by
    cascade; its files' bytes once this is committed, cocreatie/files/storage.py)."""
    if not policies.can_manage_consultation(user, consultation):
        raise NotAllowed()
    if consultation.is_published:
        raise DomainError(_("Only a draft can be deleted. Put the consultation back to draft first, if nobody "
                            "has taken part."))
    audit.record(user, "consultations.delete_draft", f"consultation {consultation.id}", now,
                 consultation_id=None, before=_state(consultation, ("slug", *_TEXT_FIELDS)) | {"id": consultation.id})
    members = select(ConsultationMember.user_id).where(ConsultationMember.consultation_id == consultation.id)
    people = db.session.scalars(select(User).where(User.id.in_(members))).all()
    db.session.delete(consultation)
    db.session.flush()
    for person in people:
        db.session.expire(person, ["memberships"])


_PHASE_NOT_COPIED = frozenset({"id", "consultation_id", "starts_at", "ends_at"})


def _copy_title(title: str) -> str:
    copied = _("%(title)s (copy)", title=title)
    return copied if len(copied) <= 150 else title


def duplicate_consultation(user: User, source: Consultation, first_day: date | None, now: datetime) -> Consultation:
    """A draft to start the next one from: texts, settings, phases (moved so the first starts
    on `first_day`, or on their own dates when None), roles and house rules. No ideas,
    supports, reactions, invitations or outcomes."""
    if not (policies.can_manage_consultation(user, source) and policies.can_create_consultation(user)):
        raise NotAllowed()
    data = ConsultationData(
        title=_copy_title(source.title), question=source.question, summary=source.summary, body=source.body,
        visibility=source.visibility, support_budget=source.support_budget,
    )
    copy = create_consultation(user, data, now)
    copy.response_days = source.response_days
    shift = timedelta(0)
    if first_day is not None and source.phases:
        shift = first_day - local_day(source.phases[0].starts_at)
    for phase in source.phases:
        # Every setting of the phase (what it allows, whatever features add), then its
        # dates moved by whole local days, so it still starts and ends at local midnight
        # across a change to or from summer time.
        settings = {column.key: getattr(phase, column.key) for column in Phase.__table__.columns
                    if column.key not in _PHASE_NOT_COPIED}
        copy.phases.append(Phase(
            **settings,
            starts_at=start_of_local_day(local_day(phase.starts_at) + shift),
            ends_at=end_of_local_day(last_local_day(phase.ends_at) + shift),
        ))
    copy.sync_dates()
    staff = db.session.scalars(
        select(ConsultationMember).where(
            ConsultationMember.consultation_id == source.id,
            ConsultationMember.role.in_([MemberRole.OWNER, MemberRole.PROCESMANAGER]),
        ).order_by(ConsultationMember.id)
    ).all()
    for member in staff:
        if member.user_id == user.id and member.role == MemberRole.OWNER:
            continue  # the person who copies it owns the copy already
        db.session.add(ConsultationMember(consultation_id=copy.id, user_id=member.user_id, role=member.role,
                                          created_at=now))
        audit.record(user, "roles.assign", f"user {member.user_id}", now, consultation_id=copy.id,
                     before={"roles": []}, after={"roles": [member.role.value], "via": "copied the consultation"})
    # House rules, header images, the goal and KPI targets (dates moved by `days_moved`).
    signals.consultation_duplicated.send(copy, source=source, actor=user, now=now, days_moved=shift.days)
    db.session.flush()
    audit.record(user, "consultations.duplicate", f"consultation {copy.id}", now, consultation_id=copy.id,
                 after={"copied_from": source.id, "phases": len(copy.phases), "roles": len(staff),
                        "days_moved": shift.days})
    return copy
