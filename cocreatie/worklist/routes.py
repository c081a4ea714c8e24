"""Mijn werk: per consultation, what waits for this staff member. Every figure links to
the list it counts; the page costs the same number of queries for one consultation as
for a hundred."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Blueprint, abort, render_template
from flask_login import current_user, login_required

from cocreatie import policies
from cocreatie.clock import utcnow
from cocreatie.cowriting import queries as cowriting
from cocreatie.feedback import queries as feedback
from cocreatie.measure import queries as measure
from cocreatie.models import Consultation, MemberRole, Outcome
from cocreatie.moderation import queries as moderation
from cocreatie.worklist import queries

bp = Blueprint("worklist", __name__)


@dataclass
class ConsultationWork:
    consultation: Consultation
    roles: list[MemberRole]
    reports: int | None = None  # None: not this person's work
    appeals: int | None = None
    awaiting: feedback.Awaiting | None = None
    drafts: list[Outcome] | None = None
    amendments: int | None = None  # co-writing: amendments awaiting the owner's decision
    behind: list = field(default_factory=list)  # KPIs behind target

    @property
    def open_items(self) -> int:
        return (
            (self.reports or 0) + (self.appeals or 0) + (self.awaiting.total if self.awaiting else 0)
            + len(self.drafts or []) + len(self.behind) + (self.amendments or 0)
        )


def gather(user, now) -> list[ConsultationWork]:
    consultations = queries.staff_consultations(user.id)
    moderated = [c for c in consultations if policies.can_moderate_consultation(user, c)]
    answered = [c for c in consultations if policies.can_view_overdue(user, c)]
    prepared = [c for c in consultations if policies.can_publish_outcome(user, c)]
    counts = moderation.queue_counts_by_consultation([c.id for c in moderated])
    awaiting = feedback.awaiting_by_consultation(answered, now)
    drafts = feedback.draft_outcomes([c.id for c in prepared])
    behind = measure.behind_target([c for c in consultations if policies.can_view_dashboard(user, c)], now)
    amendments = cowriting.open_amendment_counts(
        [c.id for c in consultations if policies.can_manage_documents(user, c)]
    )
    work = []
    for consultation in consultations:
        row = ConsultationWork(consultation, sorted(r for r in user.roles_in(consultation.id) if r in queries.STAFF_ROLES))
        if consultation.id in counts:
            row.reports = counts[consultation.id].reported_items
            row.appeals = counts[consultation.id].open_appeals
        row.awaiting = awaiting.get(consultation.id)
        row.drafts = drafts.get(consultation.id)
        row.behind = behind.get(consultation.id, [])
        row.amendments = amendments.get(consultation.id)
        work.append(row)
    return work


@bp.route("/mijn-werk")
@login_required
def index():
    if not policies.can_view_worklist(current_user):
        abort(403)
    now = utcnow()
    return render_template("worklist/index.html", work=gather(current_user, now), now=now)
