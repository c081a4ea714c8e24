from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, TextAreaField
from wtforms.validators import NumberRange, Optional

from cocreatie.forms import length
from cocreatie.measure import kpis
from cocreatie.measure.services import GOAL_MAX_LENGTH, LARGEST_TARGET


class CountNowForm(FlaskForm):
    """Only the CSRF token: the button that counts a consultation's figures again."""


class _GoalFields(FlaskForm):
    text = TextAreaField(
        _l("Goal"),
        validators=[Optional(), length(GOAL_MAX_LENGTH)],
        description=_l("What should this consultation achieve, and for whom? For example: 'Residents of every district have had their say on the design of the square'."),
    )
    achieve_by = DateField(
        _l("Achieved by"), validators=[Optional()], format="%Y-%m-%d",
        description=_l("Targets without a date of their own count towards this day; without it, towards the consultation's last day."),
    )


UNIT_HINTS = {
    kpis.Unit.PERCENT: _l("A percentage from 0 to 100."),
    kpis.Unit.DAYS: _l("In days; lower is better."),
}


def goal_form_class() -> type[FlaskForm]:
    """The goal and, per KPI in the registry, an optional target and date: built when
    asked, so KPIs registered by other features are in it."""
    fields = {}
    for kpi in kpis.all_kpis():
        maximum = 100 if kpi.unit == kpis.Unit.PERCENT else LARGEST_TARGET
        fields[f"target_{kpi.key}"] = IntegerField(
            _l("Target for %(kpi)s", kpi=kpi.label),
            validators=[Optional(), NumberRange(min=0, max=maximum, message=_l("Enter a whole number from %(min)s to %(max)s."))],
            description=UNIT_HINTS.get(kpi.unit, _l("Leave empty for no target.")),
        )
        fields[f"due_{kpi.key}"] = DateField(
            _l("%(kpi)s: reached by", kpi=kpi.label), validators=[Optional()], format="%Y-%m-%d",
            description=_l("The day by which the target should be reached."),
        )
    return type("GoalForm", (_GoalFields,), fields)
