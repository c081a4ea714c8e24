from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, NumberRange, Optional

from cocreatie.feedback.services import MilestoneData
from cocreatie.forms import length, required
from cocreatie.labels import IDEA_STATUS_LABELS
from cocreatie.models import IdeaStatus
from cocreatie.models.feedback import DECISIONS


def status_choices(statuses) -> list[SelectChoice]:
    """Radio options for statuses, in the order of the enum."""
    return [SelectChoice(s.value, IDEA_STATUS_LABELS[s]) for s in IdeaStatus if s in statuses]


class ResponseDaysForm(FlaskForm):
    response_days = IntegerField(
        _l("Response time in days"),
        # InputRequired, not DataRequired: 0 is an answer, and gets the range message.
        validators=[InputRequired(message=_l("This field is required.")), NumberRange(min=1, max=365, message=_l("Enter a number from 1 to 365."))],
        description=_l("Every idea gets an official response within this many days after the phase it was submitted in ends."),
    )


class ResponseForm(FlaskForm):
    status = RadioField(_l("Status"), validators=[required()], choices=[])
    body = TextAreaField(
        _l("Response"),
        validators=[required(), length(10000, 10)],
        description=_l("Explain in plain words what happens with the idea and why. You can use Markdown."),
    )
    responder_role = StringField(
        _l("Your role"),
        validators=[Optional(), length(120)],
        description=_l("Shown with your name, for example 'project leader Stationsplein'."),
    )


class OutcomeForm(FlaskForm):
    title = StringField(_l("Title"), validators=[required(), length(150, 5)])
    phase = SelectField(
        _l("Covers"),
        choices=[],
        validate_choice=True,
        description=_l("The outcome of the whole consultation, or of one of its phases."),
    )
    body = TextAreaField(
        _l("What we did with your input"),
        validators=[required(), length(20000, 10)],
        description=_l("What was decided, by whom, and what happens next. You can use Markdown."),
    )


class DecisionForm(FlaskForm):
    decision = RadioField(_l("Decision"), validators=[required()], choices=status_choices(DECISIONS))
    rationale = TextAreaField(
        _l("Why"),
        validators=[required(), length(5000, 10)],
        description=_l("Shown with the idea and to everyone who supports it. You can use Markdown."),
    )


MILESTONE_ROWS = 5


class ImplementationUpdateForm(FlaskForm):
    body = TextAreaField(
        _l("Update"),
        validators=[required(), length(10000, 10)],
        description=_l("What has happened since the last update, and what comes next. You can use Markdown."),
    )
    progress = IntegerField(
        _l("Progress in percent"),
        validators=[Optional(), NumberRange(min=0, max=100, message=_l("Enter a percentage from 0 to 100."))],
        description=_l("From 0 to 100. Leave empty if you cannot say."),
    )

    def milestone_rows(self) -> list[tuple]:
        return [
            (n, getattr(self, f"milestone_{n}_title"), getattr(self, f"milestone_{n}_date"), getattr(self, f"milestone_{n}_done"))
            for n in range(1, MILESTONE_ROWS + 1)
        ]

    def fill_milestones(self, milestones) -> None:
        for (_n, title, planned_on, done), milestone in zip(self.milestone_rows(), milestones):
            title.data, planned_on.data, done.data = milestone.title, milestone.planned_on, milestone.done

    def milestones(self) -> list[MilestoneData]:
        return [
            MilestoneData(title=title.data.strip(), planned_on=planned_on.data, done=bool(done.data))
            for _n, title, planned_on, done in self.milestone_rows()
            if (title.data or "").strip()
        ]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for _n, title, planned_on, _done in self.milestone_rows():
            named = bool((title.data or "").strip())
            if named and planned_on.data is None and not planned_on.errors:
                planned_on.errors.append(_l("Enter the planned date of this milestone."))
                valid = False
            if not named and planned_on.data is not None:
                title.errors.append(_l("Say what this milestone is, or clear its date."))
                valid = False
        return valid


# Fixed rows of plain fields, not a FieldList: each field has its own label and id, so
# the shared form macros (error summary, inline errors) work unchanged.
for _n in range(1, MILESTONE_ROWS + 1):
    setattr(ImplementationUpdateForm, f"milestone_{_n}_title",
            StringField(_l("Milestone %(n)d", n=_n), validators=[Optional(), length(200)]))
    setattr(ImplementationUpdateForm, f"milestone_{_n}_date",
            DateField(_l("Planned date of milestone %(n)d", n=_n), validators=[Optional()], format="%Y-%m-%d"))
    setattr(ImplementationUpdateForm, f"milestone_{_n}_done", BooleanField(_l("Milestone %(n)d is done", n=_n)))
del _n
