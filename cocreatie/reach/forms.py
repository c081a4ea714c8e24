from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, RadioField, StringField, TextAreaField

from cocreatie.forms import length
from cocreatie.models import AgeBand, ProfileQuestions
from cocreatie.models.reach import UNSAID
from cocreatie.reach.queries import AGE_BAND_LABELS, UNSAID_LABEL

WHY_DISTRICT = _l("So we can see whether people from every part of the municipality take part, and invite people "
                  "where few do. We use only the four digits to find your district, and do not keep your postcode.")
WHY_AGE_BAND = _l("So we can see whether every age group takes part, and reach out to those who are missing.")
WHY_CHANNEL = _l("So we know which ways of telling people about a consultation work.")


class UploadForm(FlaskForm):
    upload = FileField(_l("CSV file"), validators=[FileRequired(message=_l("Choose a CSV file to upload."))])


class QuestionsForm(FlaskForm):
    district = BooleanField(_l("Which district do you live in? (from the postcode)"))
    age_band = BooleanField(_l("How old are you? (age group)"))
    channel = BooleanField(_l("How did you hear of this consultation?"))
    channels = TextAreaField(
        _l("Ways people could have heard of it"),
        validators=[length(2000)],
        description=_l("One per line, for example: Letter at home, Local newspaper, Social media, Neighbours or "
                       "friends. Needed when you ask how people heard of it."),
    )

    @classmethod
    def for_questions(cls, questions: ProfileQuestions | None) -> "QuestionsForm":
        form = cls()
        if questions is not None and not form.is_submitted():
            form.district.data = questions.ask_district
            form.age_band.data = questions.ask_age_band
            form.channel.data = questions.ask_channel
            form.channels.data = questions.channels
        return form


class ProfileForm(FlaskForm):
    """The questions the consultation asks; the others are removed in `for_questions`."""

    postcode = StringField(_l("Your postcode"), validators=[length(10)], description=WHY_DISTRICT)
    district_unsaid = BooleanField(_l("I would rather not say where I live"))
    age_band = RadioField(_l("Your age group"), description=WHY_AGE_BAND, validate_choice=False)
    channel = RadioField(_l("How did you hear of this consultation?"), description=WHY_CHANNEL, validate_choice=False)
    next = HiddenField()

    @classmethod
    def for_questions(cls, questions: ProfileQuestions) -> "ProfileForm":
        form = cls()
        if not questions.ask_district:
            del form.postcode
            del form.district_unsaid
        if questions.ask_age_band:
            form.age_band.choices = [(b.value, AGE_BAND_LABELS[b]) for b in AgeBand] + [(UNSAID, UNSAID_LABEL)]
        else:
            del form.age_band
        if questions.ask_channel and questions.channel_list:
            form.channel.choices = [(c, c) for c in questions.channel_list] + [(UNSAID, UNSAID_LABEL)]
        else:
            del form.channel
        return form
