from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from cocreatie.forms import length, required
from cocreatie.labels import AMENDMENT_KIND_LABELS, DECISION_LABELS


class DocumentForm(FlaskForm):
    phase = SelectField(_l("Phase"), coerce=int, validators=[required()],
                        description=_l("Only phases that allow co-writing can carry a draft text."))
    title = StringField(_l("Title"), validators=[required(), length(150, 5)])
    summary = TextAreaField(_l("Summary"), validators=[Optional(), length(500)],
                            description=_l("What the text is about and what you would like to hear."))
    body = TextAreaField(
        _l("The draft text"),
        validators=[required(), length(200_000, 20)],
        description=_l("Markdown. Headings (# or ##) start numbered sections; every other block separated by an "
                       "empty line becomes a numbered paragraph that people can comment on and propose changes to."),
    )


class AmendmentForm(FlaskForm):
    kind = RadioField(
        _l("What do you propose?"),
        choices=[SelectChoice(k.value, label) for k, label in AMENDMENT_KIND_LABELS.items()],
        default="replace",
        validators=[required()],
    )
    proposed_text = TextAreaField(
        _l("Your text"),
        validators=[Optional(), length(10_000)],
        description=_l("For a new wording: the whole paragraph as you would like it to read. For a new paragraph: "
                       "its text. Leave it as it is when you propose to delete the paragraph."),
    )
    explanation = TextAreaField(
        _l("Why do you propose this?"), validators=[required(), length(5000, 2)],
        description=_l("Others read this when they decide to support your amendment, and so does the municipality."),
    )
    base_version = HiddenField()


class DecisionForm(FlaskForm):
    status = RadioField(
        _l("Decision"), choices=[SelectChoice(k.value, label) for k, label in DECISION_LABELS.items()], validators=[required()]
    )
    reason = TextAreaField(
        _l("Reason"), validators=[required(), length(5000, 2)],
        description=_l("Public: the author, the supporters and everyone else read it."),
    )
    adopted_text = TextAreaField(
        _l("The text you adopt (when partly accepting)"), validators=[Optional(), length(10_000)],
        description=_l("Edit the proposal into the text you take over."),
    )


class VersionForm(FlaskForm):
    summary = TextAreaField(
        _l("What changed and why"), validators=[required(), length(5000, 2)],
        description=_l("Shown above the new version. The changed paragraphs link to the input that led to them."),
    )
