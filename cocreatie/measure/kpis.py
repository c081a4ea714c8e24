"""The KPIs a consultation can set targets for: one definition each, in a small registry.

Every KPI is counted by the platform, never typed in. A definition says what it is called,
how it is counted (shown beside it), its unit, and which way is better. Cumulative KPIs
(participants, ideas, …) only grow over a consultation, so a dated target has an expected
value for every day on the way (a straight line from the opening to the date); level KPIs
(a share, a median) should meet their target at any moment.

Most KPIs are counted together by `cocreatie.measure.queries.count_figures`. Another
feature adds its own with `register(Kpi(..., count=...))`: `count(consultation, now)`
returns a `Reading` (the value now and its course per local day). Register once, when
the feature's module is imported; the order of registration is the order on the pages.

Also here, pure and without a database: how a value stands against its target
(`assess`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from flask_babel import lazy_gettext as _l


class Unit(StrEnum):
    PEOPLE = "people"
    NUMBER = "number"
    PERCENT = "percent"  # 0–100
    DAYS = "days"


@dataclass(frozen=True)
class Reading:
    """A KPI as counted: its value now (None: nothing to measure yet, e.g. no response
    given) and its value at the end of each local day, in order (days without a value
    left out)."""

    value: float | None
    series: list[tuple[date, float]] = field(default_factory=list)


@dataclass(frozen=True)
class Kpi:
    key: str  # stored in KpiTarget.kpi and KpiDaily.kpi: at most 40 characters, never renamed
    label: str  # lazily translated
    counted: str  # lazily translated: how the platform counts it
    unit: Unit
    cumulative: bool = True  # only grows: dated targets get a straight line to follow
    higher_is_better: bool = True
    # For KPIs another feature adds; None: counted by cocreatie.measure.queries.
    count: Callable[..., Reading] | None = None


REGISTRY: dict[str, Kpi] = {}


def register(kpi: Kpi) -> Kpi:
    """Add a KPI (again: replaced in place, so importing twice changes nothing)."""
    if len(kpi.key) > 40:
        raise ValueError(f"KPI key too long: {kpi.key!r}")
    REGISTRY[kpi.key] = kpi
    return kpi


def all_kpis() -> list[Kpi]:
    return list(REGISTRY.values())


def get(key: str) -> Kpi | None:
    return REGISTRY.get(key)


# Keys of the KPIs counted here (cocreatie.measure.queries.count_figures).
PARTICIPANTS = "participants"
NEW_PARTICIPANTS = "new_participants"
IDEAS = "ideas"
SUPPORTS = "supports"
COMMENTS = "comments"
RESPONDED_IN_TIME = "responded_in_time"
MEDIAN_RESPONSE_DAYS = "median_response_days"
INVITATIONS_ACCEPTED = "invitations_accepted"

register(Kpi(PARTICIPANTS, _l("Participants"),
             _l("Different people who shared an idea, commented or supported, counted from what is still shown."),
             Unit.PEOPLE))
register(Kpi(NEW_PARTICIPANTS, _l("New participants"),
             _l("Participants whose account was created while the consultation was open."),
             Unit.PEOPLE))
register(Kpi(IDEAS, _l("Ideas"), _l("Ideas shown in the list: not hidden, not merged into another."), Unit.NUMBER))
register(Kpi(SUPPORTS, _l("Supports"), _l("Supports for the ideas shown in the list."), Unit.NUMBER))
register(Kpi(COMMENTS, _l("Comments"),
             _l("Comments under the ideas shown in the list, without removed and hidden ones."), Unit.NUMBER))
register(Kpi(RESPONDED_IN_TIME, _l("Answered in time"),
             _l("Share of the ideas that are answered or due, that got their official response before the deadline."),
             Unit.PERCENT, cumulative=False))
register(Kpi(MEDIAN_RESPONSE_DAYS, _l("Median response time"),
             _l("Days from an idea to its first official response; half of the ideas were answered faster."),
             Unit.DAYS, cumulative=False, higher_is_better=False))
register(Kpi(INVITATIONS_ACCEPTED, _l("Invitations accepted"),
             _l("Invitations to this consultation that were accepted."), Unit.PEOPLE))


# --- against the target -----------------------------------------------------------------


@dataclass(frozen=True)
class Assessment:
    """How a KPI's value stands against its target on a day."""

    met: bool  # the target is reached (or, lower is better, not exceeded)
    behind: bool  # behind schedule: below the straight line to a dated target, or not meeting a level
    expected: float | None  # cumulative KPIs with a target: where the line says it should be today
    progress: int  # 0–100: how far the value has come towards the target (for a bar)


def assess(
    kpi: Kpi, value: float | None, target: float, due: date | None, start: date, today: date
) -> Assessment:
    """`start`: the day the consultation opened; `due`: by when the target should be met
    (for cumulative KPIs the caller passes the goal's date or the consultation's last day
    when the target names none)."""
    if value is None:
        return Assessment(met=False, behind=False, expected=None, progress=0)
    met = value >= target if kpi.higher_is_better else value <= target
    if not kpi.cumulative:
        if kpi.higher_is_better:
            progress = 100 if target <= 0 else min(100, math.floor(100 * value / target))
        else:
            progress = 100 if met else (0 if value <= 0 else min(100, math.floor(100 * target / value)))
        return Assessment(met=met, behind=not met, expected=None, progress=progress)
    expected = None
    if due is not None:
        if today >= due:
            expected = target
        elif today <= start:
            expected = 0.0
        else:
            expected = target * (today - start).days / max((due - start).days, 1)
    behind = not met and expected is not None and value < math.floor(expected)
    progress = 100 if target <= 0 else min(100, math.floor(100 * value / target))
    return Assessment(met=met, behind=behind, expected=expected, progress=progress)


def due_date(kpi: Kpi, target_due: date | None, fallback: date | None) -> date | None:
    """By when a target counts: its own date, else (cumulative KPIs) `fallback`."""
    if target_due is not None:
        return target_due
    return fallback if kpi.cumulative else None

