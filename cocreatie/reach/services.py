"""Write use-cases for reach: the uploaded tables, a consultation's profile questions,
and a participant's answers. Each checks its policy and flushes; none commits. Staff
changes are recorded in the audit log ("reach.*"); a participant's answers are not
(they are theirs, and the audit log keeps entries for years).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import delete, func, select, update

from cocreatie import audit, db, policies
from cocreatie.errors import Conflict, DomainError, NotAllowed
from cocreatie.models import AgeBand, Consultation, District, Population, PostcodeArea, ProfileAnswer, ProfileQuestions, User
from cocreatie.models.reach import OUTSIDE, UNSAID
from cocreatie.reach import queries
from cocreatie.reach.tables import DistrictRow, postcode_area

MAX_CHANNELS = 12
MAX_CHANNEL_LENGTH = 80


# --- the administrator's tables ------------------------------------------------------------


def replace_population(actor: User, rows: list[DistrictRow], now: datetime) -> None:
    """The reference figures become `rows` (read cleanly by tables.read_population): the
    previous districts and figures go, in this transaction."""
    if not policies.can_manage_reference_figures(actor):
        raise NotAllowed()
    if not rows:
        raise DomainError(_("The file has no districts."), field="upload")
    before = db.session.scalar(select(func.count()).select_from(District))
    db.session.execute(delete(Population))
    db.session.execute(delete(District))
    db.session.add_all(District(code=row.code, name=row.name, position=i) for i, row in enumerate(rows))
    db.session.flush()
    db.session.add_all(
        Population(district_code=row.code, age_band=band.value, residents=n)
        for row in rows for band, n in row.residents.items()
    )
    db.session.flush()
    audit.record(actor, "reach.upload_population", "reference figures", now,
                 before={"districts": before},
                 after={"districts": len(rows), "residents": sum(sum(r.residents.values()) for r in rows)})


def replace_postcodes(actor: User, rows: list[tuple[str, str]], now: datetime) -> None:
    """The postcode table becomes `rows` ((area, district code), read cleanly by
    tables.read_postcodes)."""
    if not policies.can_manage_reference_figures(actor):
        raise NotAllowed()
    if not rows:
        raise DomainError(_("The file has no postcode areas."), field="upload")
    before = db.session.scalar(select(func.count()).select_from(PostcodeArea))
    db.session.execute(delete(PostcodeArea))
    db.session.add_all(PostcodeArea(area=area, district_code=code) for area, code in rows)
    db.session.flush()
    audit.record(actor, "reach.upload_postcodes", "postcode areas", now,
                 before={"areas": before}, after={"areas": len(rows)})


# --- a consultation's questions -----------------------------------------------------------


def choose_questions(actor: User, consultation: Consultation, *, district: bool, age_band: bool,
                     channel: bool, channels: list[str], now: datetime) -> ProfileQuestions:
    if not policies.can_choose_profile_questions(actor, consultation):
        raise NotAllowed()
    channels = list(dict.fromkeys(c.strip() for c in channels if c.strip()))
    if len(channels) > MAX_CHANNELS:
        raise DomainError(_("List at most %(max)d ways.", max=MAX_CHANNELS), field="channels")
    if any(len(c) > MAX_CHANNEL_LENGTH for c in channels):
        raise DomainError(_("Each way can be at most %(max)d characters.", max=MAX_CHANNEL_LENGTH), field="channels")
    if any(c.lower() == UNSAID for c in channels):
        raise DomainError(_("“%(word)s” cannot be a way.", word=UNSAID), field="channels")
    if channel and not channels:
        raise DomainError(_("List the ways people could have heard of this consultation, one per line."),
                          field="channels")
    questions = db.session.get(ProfileQuestions, consultation.id)
    before = None
    if questions is None:
        questions = ProfileQuestions(consultation_id=consultation.id)
        db.session.add(questions)
    else:
        before = {"district": questions.ask_district, "age_band": questions.ask_age_band,
                  "channel": questions.ask_channel, "channels": questions.channel_list}
    questions.ask_district, questions.ask_age_band, questions.ask_channel = district, age_band, channel
    questions.channels = "\n".join(channels)
    questions.updated_at = now
    db.session.flush()
    audit.record(actor, "reach.choose_questions", f"consultation {consultation.id}", now,
                 consultation_id=consultation.id, before=before,
                 after={"district": district, "age_band": age_band, "channel": channel, "channels": channels})
    return questions


# --- a participant's answers ----------------------------------------------------------------


@dataclass(frozen=True)
class Answers:
    """What the person filled in: None leaves a question open. `postcode` is the text
    they typed; `district_unsaid` / UNSAID values stand for "Zeg ik liever niet"."""

    postcode: str | None = None
    district_unsaid: bool = False
    age_band: str | None = None  # an AgeBand value or UNSAID
    channel: str | None = None  # one of the consultation's channels or UNSAID


def _check_may_answer(user: User, consultation: Consultation) -> ProfileQuestions:
    if not policies.can_answer_profile_questions(user, consultation):
        raise NotAllowed()
    questions = queries.questions_of(consultation)
    if questions is None or not questions.asks_anything:
        raise DomainError(_("This consultation asks no questions about you."))
    if not queries.has_taken_part(user, consultation):
        raise DomainError(_("These questions are for people who took part. Share an idea, support one or react first."))
    return questions


def _store(user: User, consultation: Consultation, now: datetime, **values) -> ProfileAnswer:
    inserted = db.insert_or_ignore(
        ProfileAnswer.__table__,
        {"consultation_id": consultation.id, "user_id": user.id, "answered_at": now, **values},
    )
    if not inserted:  # the unique constraint decides: once per person per consultation
        raise Conflict(_("You have already answered these questions for this consultation."))
    return queries.answer_of(user, consultation)


def answer_questions(user: User, consultation: Consultation, answers: Answers, now: datetime) -> ProfileAnswer:
    """Store the answers to the questions the consultation asks (others are ignored).
    The postcode is turned into its district and not kept; a postcode in none of the
    districts is stored as "outside"."""
    questions = _check_may_answer(user, consultation)
    district = age = channel = None
    if questions.ask_district:
        if answers.district_unsaid and answers.postcode:
            raise DomainError(_("Fill in your postcode, or tick “I would rather not say”, not both."), field="postcode")
        if answers.district_unsaid:
            district = UNSAID
        elif answers.postcode:
            area = postcode_area(answers.postcode)
            if area is None:
                raise DomainError(_("Enter a postcode like 1234 AB, or only its four digits."), field="postcode")
            district = queries.district_of_area(area) or OUTSIDE
    if questions.ask_age_band and answers.age_band:
        if answers.age_band != UNSAID and answers.age_band not in {b.value for b in AgeBand}:
            raise DomainError(_("Choose one of the age groups."), field="age_band")
        age = answers.age_band
    if questions.ask_channel and answers.channel:
        if answers.channel != UNSAID and answers.channel not in questions.channel_list:
            raise DomainError(_("Choose one of the ways listed."), field="channel")
        channel = answers.channel
    return _store(user, consultation, now, district_code=district, age_band=age, channel=channel)


def skip_questions(user: User, consultation: Consultation, now: datetime) -> ProfileAnswer:
    """Remember that the person does not want to answer: they are not asked again."""
    _check_may_answer(user, consultation)
    return _store(user, consultation, now)


def clear_answers(user: User, consultation: Consultation) -> None:
    """The person takes their answers back; they are not asked again."""
    cleared = db.session.execute(
        update(ProfileAnswer)
        .where(ProfileAnswer.consultation_id == consultation.id, ProfileAnswer.user_id == user.id)
        .values(district_code=None, age_band=None, channel=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    if cleared != 1:
        raise Conflict(_("You have not answered these questions."))
