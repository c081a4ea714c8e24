from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectChoice, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import Optional, StopValidation

from cocreatie.converters import parse_int
from cocreatie.forms import length, required
from cocreatie.models import HouseRule

REASON_HINT = _l("Shown with the item, to its author and in the public moderation log. Do not repeat personal details.")


class _Chosen:
    """One of the offered options, with a plain message (not WTForms' 'Not a valid choice')."""

    def __init__(self, message):
        self.message = message
        self.field_flags = {"required": True}

    def __call__(self, form, field):
        offered = {str(value) for value, *_ in field.choices or []}
        if field.data is None or str(field.data) not in offered:
            raise StopValidation(self.message)


def chosen(message):
    return _Chosen(message)


def _coerce_id(value):
    """Option values are ids; anything else (a tampered form) becomes None."""
    return value if isinstance(value, int) else parse_int(value)


def rule_choices(rules: list[HouseRule], explained: bool = False) -> list[SelectChoice]:
    if explained:
        return [SelectChoice(r.id, f"{r.label}: {r.explanation}" if r.explanation else r.label) for r in rules]
    return [SelectChoice(r.id, r.label) for r in rules]


def _rule_field(label):
    return RadioField(
        label, coerce=_coerce_id, choices=[], validate_choice=False,
        validators=[chosen(_l("Choose the house rule."))],
    )


def _reason_field(label=_l("Public reason"), minimum=10):
    return TextAreaField(label, validators=[required(), length(1000, minimum)], description=REASON_HINT)


class ReportForm(FlaskForm):
    rule = _rule_field(_l("Which house rule does it break?"))
    note = TextAreaField(
        _l("Anything else the procesmanager should know?"),
        validators=[Optional(), length(1000)],
        description=_l("Only the procesmanagers of this consultation read this. Your report is never shown to others."),
    )


class HouseRuleForm(FlaskForm):
    title = StringField(
        _l("Rule"), validators=[required(), length(120, 3)],
        description=_l("Short and positive, for example 'Be respectful'."),
    )
    explanation = TextAreaField(
        _l("Explanation"), validators=[Optional(), length(500)],
        description=_l("One or two sentences on what the rule means in practice."),
    )


class HideForm(FlaskForm):
    rule = _rule_field(_l("Which house rule does it break?"))
    reason = _reason_field()
    next = HiddenField()


class RestoreForm(FlaskForm):
    reason = _reason_field()
    next = HiddenField()


class MergeForm(FlaskForm):
    target = RadioField(
        _l("Merge into"), coerce=_coerce_id, choices=[], validate_choice=False,
        validators=[chosen(_l("Choose the idea to merge into."))],
    )
    reason = _reason_field(minimum=5)
    q = HiddenField()


class AppealForm(FlaskForm):
    body = TextAreaField(
        _l("Why should this be reviewed?"),
        validators=[required(), length(2000, 10)],
        description=_l("A procesmanager reads this and decides again, with a reason. You can ask once."),
    )


DECISIONS = [SelectChoice("uphold", _l("Keep it hidden")), SelectChoice("restore", _l("Show it again"))]


class AppealDecisionForm(FlaskForm):
    decision = RadioField(
        _l("Decision"), choices=DECISIONS, validate_choice=False,
        validators=[chosen(_l("Choose a decision."))],
    )
    reason = _reason_field()


BULK_ACTIONS = ("hide", "dismiss")


class BulkForm(FlaskForm):
    """Several items of the queue at once: hide them (rule and reason required) or
    dismiss their reports (reason optional)."""

    items = SelectMultipleField(_l("Selected items"), choices=[], validate_choice=False)
    rule = RadioField(_l("House rule"), coerce=_coerce_id, choices=[], validate_choice=False)
    reason = TextAreaField(_l("Public reason"), validators=[Optional(), length(1000)], description=REASON_HINT)
    action = HiddenField()  # set from the button pressed (name="action")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not self.items.data:
            self.items.errors.append(_l("Select at least one item."))
            valid = False
        if self.action.data not in BULK_ACTIONS:
            self.items.errors.append(_l("Choose what to do with the selected items."))
            return False
        if self.action.data == "hide":
            if self.rule.data not in {value for value, *_ in self.rule.choices}:
                self.rule.errors.append(_l("Choose the house rule."))
                valid = False
            if len((self.reason.data or "").strip()) < 10:
                self.reason.errors.append(_l("Give a public reason of at least 10 characters."))
                valid = False
        return valid
