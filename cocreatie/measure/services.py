"""Write use-cases for goals and KPIs: setting them, and storing what was counted."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, insert, select

from cocreatie import audit, db, policies
from cocreatie.errors import DomainError, NotAllowed
from cocreatie.measure import kpis, queries
from cocreatie.models import Consultation, Goal, KpiCount, KpiDaily, KpiTarget, User

GOAL_MAX_LENGTH = 1000
LARGEST_TARGET = 10_000_000


@dataclass(frozen=True)
class TargetData:
    value: float
    due_on: date | None = None


@dataclass
class GoalData:
    text: str
    achieve_by: date | None
    targets: dict[str, TargetData] = field(default_factory=dict)  # by KPI key; absent: no target


def _check(data: GoalData) -> None:
    if len(data.text) > GOAL_MAX_LENGTH:
        raise DomainError(_("Write the goal in at most %(max)d characters.", max=GOAL_MAX_LENGTH), field="text")
    for key, target in data.targets.items():
        kpi = kpis.get(key)
        if kpi is None:
            raise DomainError(_("There is no such KPI."))
        if not 0 <= target.value <= LARGEST_TARGET:
            raise DomainError(_("Enter a target between 0 and 10,000,000."), field=f"target_{key}")
        if kpi.unit == kpis.Unit.PERCENT and target.value > 100:
            raise DomainError(_("A share is at most 100 percent."), field=f"target_{key}")


def set_goals(actor: User, consultation: Consultation, data: GoalData, now: datetime) -> None:
    """Set the goal and the targets: KPIs left out lose their target. Audited."""
    if not policies.can_set_consultation_goals(actor, consultation):
        raise NotAllowed()
    _check(data)
    goal = db.session.get(Goal, consultation.id)
    existing = {t.kpi: t for t in db.session.scalars(select(KpiTarget).where(KpiTarget.consultation_id == consultation.id))}
    before = {
        "goal": goal.text if goal else "",
        "achieve_by": goal.achieve_by if goal else None,
        "targets": {k: [t.target, t.due_on] for k, t in existing.items()},
    }
    if goal is None:
        goal = Goal(consultation_id=consultation.id)
        db.session.add(goal)
    goal.text = data.text.strip()
    goal.achieve_by = data.achieve_by
    goal.updated_at = now
    goal.updated_by_id = actor.id
    for key, row in existing.items():
        if key not in data.targets:
            db.session.delete(row)
    for key, target in data.targets.items():
        row = existing.get(key)
        if row is None:
            row = KpiTarget(consultation_id=consultation.id, kpi=key)
            db.session.add(row)
        row.target = float(target.value)
        row.due_on = target.due_on
        row.updated_at = now
    after = {
        "goal": goal.text,
        "achieve_by": goal.achieve_by,
        "targets": {k: [float(t.value), t.due_on] for k, t in data.targets.items()},
    }
    if before != after:
        audit.record(actor, "measure.set_goals", f"consultation {consultation.id}", now,
                     consultation_id=consultation.id, before=before, after=after)
    db.session.flush()


def store_figures(consultation: Consultation, now: datetime, counted: queries.Figures | None = None) -> queries.Figures:
    """Count the consultation's KPIs (unless `counted` at `now` is given) and store them,
    replacing what was stored before. Idempotent: counting twice at the same moment
    stores the same rows."""
    counted = counted or queries.count_figures(consultation, now)
    db.session.execute(delete(KpiDaily).where(KpiDaily.consultation_id == consultation.id))
    rows = [
        {"consultation_id": consultation.id, "kpi": key, "day": day, "value": value}
        for key, reading in counted.readings.items()
        for day, value in reading.series
    ]
    if rows:
        db.session.execute(insert(KpiDaily), rows)
    stamp = db.session.get(KpiCount, consultation.id)
    if stamp is None:
        db.session.add(KpiCount(consultation_id=consultation.id, counted_at=now))
    else:
        stamp.counted_at = now
    db.session.flush()
    return counted


def refresh(now: datetime, progress: Callable[[Consultation], None] = lambda _c: None) -> int:
    """What `flask measure refresh` does: count and store every consultation that is
    open, or closed since it was last counted. Returns how many were counted."""
    consultations = queries.to_count(now)
    for consultation in consultations:
        store_figures(consultation, now)
        progress(consultation)
    return len(consultations)


def copy_goals(source: Consultation, target: Consultation, days_moved: int) -> None:
    """A copied consultation starts with its source's goal and KPI targets, their dates
    moved as far as its phases were."""
    shift = timedelta(days=days_moved)
    goal = db.session.get(Goal, source.id)
    if goal is not None:
        db.session.add(Goal(consultation_id=target.id, text=goal.text, updated_at=goal.updated_at,
                            achieve_by=goal.achieve_by + shift if goal.achieve_by else None))
    for kept in db.session.scalars(select(KpiTarget).where(KpiTarget.consultation_id == source.id)):
        db.session.add(KpiTarget(consultation_id=target.id, kpi=kept.kpi, target=kept.target,
                                 updated_at=kept.updated_at, due_on=kept.due_on + shift if kept.due_on else None))
    db.session.flush()
