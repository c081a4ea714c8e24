from datetime import date

from cocreatie.dates import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, BooleanField, DateField, IntegerField, RadioField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import NumberRange, Optional, ValidationError

from cocreatie.clock import utcnow
from cocreatie.forms import length, required
from cocreatie.labels import PHASE_KIND_LABELS
from cocreatie.models import Visibility
from cocreatie.timezones import local_day

# A phase dated further from today than this is a typing error (1900, 3026), not a plan.
PLAUSIBLE_YEARS = 10


def plausible_days() -> tuple[date, date]:
    today = local_day(utcnow())
    return date(today.year - PLAUSIBLE_YEARS, 1, 1), date(today.year + PLAUSIBLE_YEARS, 12, 31)


def plausible_date(_form, field) -> None:
    first, last = plausible_days()
    if field.data and not first <= field.data <= last:
        raise ValidationError(
            _("Enter a date between %(first)s and %(last)s.", first=format_date(first, "long"), last=format_date(last, "long"))
        )

class ConsultationForm(FlaskForm):
    title = StringField(
        _l("Title"), validators=[required(), length(150, 5)], description=_l("Short and clear, at most 150 characters.")
    )
    question = StringField(
        _l("Question"),
        validators=[required(), length(300, 10)],
        description=_l("The question you put to residents, in plain words, at most 300 characters."),
    )
    summary = TextAreaField(
        _l("Summary"),
        validators=[required(), length(500, 10)],
        description=_l("Two or three sentences shown in lists, at most 500 characters."),
    )
    body = TextAreaField(
        _l("Background"),
        validators=[Optional(), length(20000)],
        description=_l("What is at stake, what is already fixed and what residents can influence. Markdown is allowed."),
    )
    visibility = RadioField(
        _l("Who can take part"),
        choices=[
            SelectChoice(Visibility.PUBLIC.value, _l("Everyone (public)")),
            SelectChoice(Visibility.INVITE_ONLY.value, _l("Only invited people")),
        ],
        default=Visibility.PUBLIC.value,
        validators=[required()],
    )
    support_budget = IntegerField(
        _l("Supports per person"),
        validators=[Optional(), NumberRange(min=1, max=1000, message=_l("Enter a number from 1 to 1000."))],
        description=_l("Leave empty to let people support as many ideas as they like."),
    )


class PhaseForm(FlaskForm):
    kind = SelectField(
        _l("Stage of the policy cycle"),
        choices=[SelectChoice(k.value, label) for k, label in PHASE_KIND_LABELS.items()],
        validators=[required()],
    )
    title = StringField(
        _l("Name of the phase"),
        validators=[Optional(), length(120)],
        description=_l("Optional, for example 'Ideas for the park'."),
    )
    description = TextAreaField(_l("What happens in this phase"), validators=[Optional(), length(500)])
    starts_on = DateField(
        _l("First day"), validators=[required(), plausible_date], format="%Y-%m-%d",
    )
    ends_on = DateField(_l("Last day"), validators=[required(), plausible_date], format="%Y-%m-%d")
    allows_ideas = BooleanField(_l("People can submit ideas"))
    allows_comments = BooleanField(_l("People can comment"))
    allows_supports = BooleanField(_l("People can support ideas"))
    allows_cowriting = BooleanField(_l("People can co-write draft texts (comment on paragraphs, propose amendments)"))

    def validate_ends_on(self, field):
        starts: date | None = self.starts_on.data
        if starts and field.data and field.data < starts:
            raise ValidationError(_l("The last day must be on or after the first day."))


class SchedulePublicationForm(FlaskForm):
    publish_on = DateField(_l("Date"), validators=[required(), plausible_date], format="%Y-%m-%d")
    publish_time = TimeField(
        _l("Time"), validators=[required()], format="%H:%M",
        description=_l("Dutch time, for example 09:00."),
    )


class DuplicateForm(FlaskForm):
    first_day = DateField(
        _l("First day of the new consultation"),
        validators=[required(), plausible_date],
        format="%Y-%m-%d",
        description=_l("The phases move along with it and keep their lengths. You can change them afterwards."),
    )
