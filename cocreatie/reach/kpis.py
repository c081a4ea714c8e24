"""The reach KPIs in the measure feature's registry ("share of participants per target
group"): the share of districts, and of age groups, that are not under-represented, as
the reach page marks them (cocreatie/reach/queries.py: groups_reached). Registered on
import; cocreatie/reach/routes.py imports this module, so the app always has them."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l

from cocreatie.measure.kpis import Kpi, Reading, Unit, register
from cocreatie.models import Consultation
from cocreatie.reach import queries

DISTRICTS_REACHED = "reach_districts"
AGE_GROUPS_REACHED = "reach_age_groups"


def _districts(consultation: Consultation, now: datetime) -> Reading:
    return Reading(*queries.groups_reached(consultation, "district", now))


def _age_groups(consultation: Consultation, now: datetime) -> Reading:
    return Reading(*queries.groups_reached(consultation, "age_band", now))


register(Kpi(
    DISTRICTS_REACHED, _l("Districts reached"),
    _l("Share of the districts that are not under-represented among the participants who named their district: "
       "their share of participants is at least 0.8 times their share of residents. A district of fewer than 10 "
       "participants counts as reached unless it is under-represented whatever its number."),
    Unit.PERCENT, cumulative=False, count=_districts,
))
register(Kpi(
    AGE_GROUPS_REACHED, _l("Age groups reached"),
    _l("Share of the age groups that are not under-represented among the participants who named their age group, "
       "counted as for the districts."),
    Unit.PERCENT, cumulative=False, count=_age_groups,
))
