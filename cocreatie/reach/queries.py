"""Reads for reach and representativeness.

The one to know from elsewhere is `representation(consultation)`: participants against
the population, by district and by age band, and the channels people came through, with
every group already masked for privacy. What it returns holds no exact count of a group
under `MINIMUM` people at all, so no page, export or chart built from it can show one.
Render it with the macro `representation` in `templates/reach/_representation.html`:

    {% from "reach/_representation.html" import representation %}
    {{ representation(rep, heading_level=2) }}

For the KPI registry (cocreatie/measure/), `groups_reached(consultation, dimension)`
gives the share of districts (or age bands) that are not under-represented, now and at
the end of each local day: see its docstring.

The privacy rules, as the pages state them:

- A group of fewer than `MINIMUM` participants is shown as "< 10", never exactly; its
  share and ratio are not shown.
- Where one hidden group could be worked out from a total (the respondents, or the
  people who named a group, which the shares give away), the smallest other group is
  hidden too ("hidden"), until no hidden group stands alone.
- A hidden group is marked over- or under-represented only when that follows from what
  is shown ("< 10" alone, or "10 or more"), so a marking reveals no more than the mask.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, bindparam, case, exists, func, or_, select

from cocreatie import db
from cocreatie.models import (
    AgeBand,
    Comment,
    Consultation,
    District,
    Idea,
    Invitation,
    InvitationStatus,
    Population,
    PostcodeArea,
    ProfileAnswer,
    ProfileQuestions,
    Support,
    User,
)
from cocreatie.models.reach import OUTSIDE, UNSAID
from cocreatie.timezones import local_day

MINIMUM = 10  # groups smaller than this are never shown exactly
MASKED = f"< {MINIMUM}"  # how such a group is shown, on every page, table and download
UNDER = 0.8  # a ratio below this: under-represented
OVER = 1.25  # a ratio above this: over-represented

AGE_BAND_LABELS = {
    AgeBand.UNDER_15: _l("younger than 15"),
    AgeBand.FROM_15: _l("15 to 24 years"),
    AgeBand.FROM_25: _l("25 to 44 years"),
    AgeBand.FROM_45: _l("45 to 64 years"),
    AgeBand.FROM_65: _l("65 years or older"),
}
UNSAID_LABEL = _l("Would rather not say")
NOT_ANSWERED_LABEL = _l("Skipped the question")
OUTSIDE_LABEL = _l("Outside the districts, or a district no longer in the table")

NOT_ANSWERED = "not-answered"  # a row key: a respondent who left this question open


# --- settings and answers of one person ------------------------------------------------


def questions_of(consultation: Consultation) -> ProfileQuestions | None:
    return db.session.get(ProfileQuestions, consultation.id)


def answer_of(user: User, consultation: Consultation) -> ProfileAnswer | None:
    return db.session.scalar(
        select(ProfileAnswer).where(
            ProfileAnswer.consultation_id == consultation.id, ProfileAnswer.user_id == user.id
        )
    )


def _took_part(user_id: int, consultation_id: int):
    in_consultation = Idea.consultation_id == consultation_id
    return or_(
        exists().where(Idea.author_id == user_id, in_consultation),
        exists().where(Support.user_id == user_id, Support.idea_id == Idea.id, in_consultation),
        exists().where(Comment.author_id == user_id, Comment.idea_id == Idea.id, in_consultation),
    )


def has_taken_part(user: User, consultation: Consultation) -> bool:
    """Shared an idea, supported one or reacted in this consultation."""
    return bool(db.session.scalar(select(_took_part(user.id, consultation.id))))


def should_ask(user, consultation: Consultation) -> bool | None:
    """Whether to offer this person the profile questions now: the consultation asks
    some, they took part, and they have neither answered nor skipped. None when the
    consultation asks none (nothing to offer anyone). One query; none for visitors."""
    if not getattr(user, "is_authenticated", False):
        return False
    row = db.session.execute(
        select(_asks_anything(ProfileQuestions), _unasked(user.id, consultation.id)).where(
            ProfileQuestions.consultation_id == consultation.id
        )
    ).first()
    if row is None or not row[0]:
        return None
    return bool(row[1])


def _asks_anything(asked):
    return or_(asked.ask_district, asked.ask_age_band, and_(asked.ask_channel, asked.channels != ""))


def _unasked(user_id, consultation_id):
    """Took part, and neither answered nor skipped."""
    return and_(
        ~exists().where(ProfileAnswer.consultation_id == consultation_id, ProfileAnswer.user_id == user_id),
        _took_part(user_id, consultation_id),
    )


_ASKING = (
    select(ProfileQuestions.consultation_id)
    .where(
        ProfileQuestions.consultation_id.in_(bindparam("consultations", expanding=True)),
        _asks_anything(ProfileQuestions),
        _unasked(bindparam("user"), ProfileQuestions.consultation_id),
    )
)


def ask_profile_facts(user, consultation_ids: list[int]) -> dict[int, tuple[int, dict]]:
    """For the "ask_profile" personal part (cocreatie.personal): one prepared statement."""
    rows = db.session.execute(_ASKING, {"user": user.id, "consultations": consultation_ids})
    return {consultation_id: (1, {}) for (consultation_id,) in rows}


def district_of_area(area: str) -> str | None:
    return db.session.scalar(select(PostcodeArea.district_code).where(PostcodeArea.area == area))


def answers_of_user(user_id: int) -> list[dict]:
    """For the download of one's own data: every consultation's answers."""
    names = district_names()
    rows = db.session.execute(
        select(ProfileAnswer, Consultation.id, Consultation.title)
        .join(Consultation, Consultation.id == ProfileAnswer.consultation_id)
        .where(ProfileAnswer.user_id == user_id)
        .order_by(ProfileAnswer.id)
    )
    return [
        {
            "consultation": {"id": cid, "title": title},
            "district": None if a.district_code is None else names.get(a.district_code, a.district_code),
            "age_band": a.age_band,
            "how_heard": a.channel,
            "answered_at": a.answered_at.isoformat(),
        }
        for a, cid, title in rows
    ]


# --- the site-wide tables -----------------------------------------------------------------


def districts() -> list[District]:
    return list(db.session.scalars(select(District).order_by(District.position)))


def district_names() -> dict[str, str]:
    return {code: name for code, name in db.session.execute(select(District.code, District.name))}


def district(code: str | None) -> District | None:
    if not code or len(code) > 20:
        return None
    return db.session.get(District, code.upper())


@dataclass(frozen=True)
class ReferenceRow:
    district: District
    residents: dict[str, int]  # per AgeBand value
    total: int
    postcode_areas: int


@dataclass(frozen=True)
class ReferenceTables:
    rows: list[ReferenceRow]
    postcode_areas: int  # all areas in the table
    orphan_areas: int  # areas whose district is not (any longer) in the reference figures


def reference_tables() -> ReferenceTables:
    """What the administrator uploaded, for the upload page (three queries)."""
    per_district: dict[str, dict[str, int]] = defaultdict(dict)
    for code, band, residents in db.session.execute(
        select(Population.district_code, Population.age_band, Population.residents)
    ):
        per_district[code][band] = residents
    areas = dict(
        db.session.execute(select(PostcodeArea.district_code, func.count()).group_by(PostcodeArea.district_code)).all()
    )
    rows = [
        ReferenceRow(d, per_district[d.code], sum(per_district[d.code].values()), areas.get(d.code, 0))
        for d in districts()
    ]
    known = {row.district.code for row in rows}
    return ReferenceTables(
        rows=rows,
        postcode_areas=sum(areas.values()),
        orphan_areas=sum(n for code, n in areas.items() if code not in known),
    )


# --- representation, masked --------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A number of people as it may be shown: `value` is None when it is hidden.
    `small`: hidden because it is under MINIMUM; otherwise hidden to protect another."""

    value: int | None
    small: bool = False

    @property
    def hidden(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class Group:
    key: str  # a district code, an AgeBand value, a channel; or UNSAID, OUTSIDE, NOT_ANSWERED
    label: str
    participants: Figure
    share: float | None = None  # of the people who named a group, 0–1; None when hidden
    population_share: float | None = None  # of the residents, 0–1
    ratio: float | None = None  # share / population_share; None when hidden or unknown
    marking: str | None = None  # "under", "over" or None
    is_group: bool = True  # False for "rather not say", "skipped", "outside"


@dataclass(frozen=True)
class Dimension:
    key: str  # "district", "age_band" or "channel"
    groups: list[Group]
    with_population: bool  # reference figures exist for this dimension

    @property
    def under(self) -> list[Group]:
        return [g for g in self.groups if g.marking == "under"]


@dataclass(frozen=True)
class Representation:
    respondents: Figure  # people who answered or skipped the questions
    dimensions: list[Dimension]  # the questions asked (or once answered), in a fixed order
    minimum: int = MINIMUM
    under: float = UNDER
    over: float = OVER

    def dimension(self, key: str) -> Dimension | None:
        return next((d for d in self.dimensions if d.key == key), None)


def shown(figure: Figure, hidden: str) -> str:
    """A figure as the pages, tables and downloads show it: its number, "< 10" for a
    group under MINIMUM, or `hidden` (the word for a group hidden to protect another)."""
    if figure.value is not None:
        return str(figure.value)
    return MASKED if figure.small else hidden


def _figure(n: int) -> Figure:
    return Figure(None, small=True) if n < MINIMUM else Figure(n)


def _mask(counts: dict[str, int], linked: Iterable[list[str]]) -> dict[str, str]:
    """For each key: "shown", "small" (under MINIMUM) or "protect" (hidden so that a
    small one cannot be worked out). `linked`: sets of keys whose total can be known."""
    state = {key: ("small" if n < MINIMUM else "shown") for key, n in counts.items()}
    linked = [keys for keys in linked if keys]
    changed = True
    while changed:
        changed = False
        for keys in linked:
            hidden = [k for k in keys if state[k] != "shown"]
            shown = [k for k in keys if state[k] == "shown"]
            if len(hidden) == 1 and shown:
                state[min(shown, key=lambda k: (counts[k], k))] = "protect"
                changed = True
    return state


def _marking(ratio: float | None) -> str | None:
    if ratio is None:
        return None
    if ratio < UNDER:
        return "under"
    if ratio > OVER:
        return "over"
    return None


def _dimension(
    key: str,
    groups: list[tuple[str, str]],  # (key, label) of the real groups, in order
    counts: dict[str, int],  # per group key, and UNSAID / OUTSIDE / NOT_ANSWERED
    population: dict[str, int] | None,  # residents per group key, or None without figures
    extra: list[tuple[str, str]],  # (key, label) of the rows that are no group
) -> Dimension:
    group_keys = [k for k, _label in groups]
    extra = [(k, label) for k, label in extra if counts.get(k)]
    all_keys = group_keys + [k for k, _label in extra]
    full = {k: counts.get(k, 0) for k in all_keys}
    state = _mask(full, [group_keys, all_keys])
    named = sum(full[k] for k in group_keys)
    residents = sum(population.values()) if population else 0

    def ratio_at(n: int, k: str) -> float | None:
        if not population or not residents or not named or not population.get(k):
            return None
        return (n / named) / (population[k] / residents)

    rows: list[Group] = []
    for k, label in groups + extra:
        n = full[k]
        is_group = k in group_keys
        pop_share = population.get(k, 0) / residents if (is_group and population and residents) else None
        if state[k] == "shown":
            ratio = ratio_at(n, k) if is_group else None
            rows.append(Group(k, label, Figure(n), n / named if (is_group and named) else None,
                              pop_share, ratio, _marking(ratio) if is_group else None, is_group))
            continue
        marking = None
        if is_group:
            if state[k] == "small":  # what "< 10" alone says
                highest = ratio_at(MINIMUM - 1, k)
                marking = "under" if highest is not None and highest < UNDER else None
            else:  # what "10 or more" alone says
                lowest = ratio_at(MINIMUM, k)
                marking = "over" if lowest is not None and lowest > OVER else None
        rows.append(Group(k, label, Figure(None, small=state[k] == "small"), None, pop_share, None, marking, is_group))
    return Dimension(key, rows, with_population=bool(population and residents))


def _answer_counts(consultation: Consultation, column) -> dict[str | None, int]:
    return dict(
        db.session.execute(
            select(column, func.count())
            .where(ProfileAnswer.consultation_id == consultation.id)
            .group_by(column)
        ).all()
    )


def representation(consultation: Consultation) -> Representation:
    """Participants who answered the profile questions against the population, per
    district and age band, and their channels; masked (see the module's docstring).
    A fixed number of queries (six), whatever the number of participants."""
    questions = questions_of(consultation)
    by_district = _answer_counts(consultation, ProfileAnswer.district_code)
    by_age = _answer_counts(consultation, ProfileAnswer.age_band)
    by_channel = _answer_counts(consultation, ProfileAnswer.channel)
    respondents = sum(by_district.values())
    population_rows = db.session.execute(
        select(Population.district_code, Population.age_band, Population.residents)
    ).all()
    known = districts()

    dimensions: list[Dimension] = []
    if (questions and questions.ask_district) or any(k is not None for k in by_district):
        codes = {d.code for d in known}
        counts: dict[str, int] = defaultdict(int)
        for code, n in by_district.items():
            key = NOT_ANSWERED if code is None else code if (code in codes or code == UNSAID) else OUTSIDE
            counts[key] += n
        population: dict[str, int] = defaultdict(int)
        for code, _band, residents in population_rows:
            population[code] += residents
        dimensions.append(_dimension(
            "district", [(d.code, d.name) for d in known], counts, dict(population) or None,
            [(OUTSIDE, str(OUTSIDE_LABEL)), (UNSAID, str(UNSAID_LABEL)), (NOT_ANSWERED, str(NOT_ANSWERED_LABEL))],
        ))
    if (questions and questions.ask_age_band) or any(k is not None for k in by_age):
        counts = defaultdict(int)
        for band, n in by_age.items():
            counts[NOT_ANSWERED if band is None else band] += n
        population = defaultdict(int)
        for _code, band, residents in population_rows:
            population[band] += residents
        dimensions.append(_dimension(
            "age_band", [(b.value, str(AGE_BAND_LABELS[b])) for b in AgeBand], counts, dict(population) or None,
            [(UNSAID, str(UNSAID_LABEL)), (NOT_ANSWERED, str(NOT_ANSWERED_LABEL))],
        ))
    if (questions and questions.ask_channel) or any(k is not None for k in by_channel):
        channels = questions.channel_list if questions else []
        answered = [c for c in by_channel if c not in (None, UNSAID)]
        listed = channels + sorted(c for c in answered if c not in channels)  # renamed since: kept
        counts = defaultdict(int)
        for channel, n in by_channel.items():
            counts[NOT_ANSWERED if channel is None else channel] += n
        dimensions.append(_dimension(
            "channel", [(c, c) for c in listed], counts, None,
            [(UNSAID, str(UNSAID_LABEL)), (NOT_ANSWERED, str(NOT_ANSWERED_LABEL))],
        ))
    return Representation(respondents=_figure(respondents), dimensions=dimensions)


# --- targeted recruitment ----------------------------------------------------------------


@dataclass(frozen=True)
class DistrictInvitations:
    sent: int
    accepted: int


def invitations_by_district(consultation: Consultation) -> dict[str, DistrictInvitations]:
    """Invitations sent to recruit from each district (by code), and how many of them
    were accepted. These are the procesmanager's own invitations, each listed on the
    invitations page with its address, so they are counted exactly."""
    rows = db.session.execute(
        select(
            Invitation.target_district,
            func.count(),
            func.sum(case((Invitation.status == InvitationStatus.ACCEPTED, 1), else_=0)),
        )
        .where(Invitation.consultation_id == consultation.id, Invitation.target_district.is_not(None))
        .group_by(Invitation.target_district)
    ).all()
    return {code: DistrictInvitations(sent, int(accepted or 0)) for code, sent, accepted in rows}


# --- the KPI "share of participants per target group" ---------------------------------------


def groups_reached(consultation: Consultation, dimension: str = "district",
                   now: datetime | None = None) -> tuple[float | None, list[tuple[date, float]]]:
    """The share (0–100) of the districts (`dimension="district"`) or age bands
    ("age_band") that are *not* marked under-represented on the representation page,
    now and at the end of each local day on which profile answers came in.

    None (and no course) when there is nothing to measure: no reference figures, or no
    participant who named a group. Uses the same masking and marking as the page, so
    the figure never says more than the page does. For the measure feature's registry:
    `Reading(*groups_reached(consultation, "district"))`.
    """
    column = ProfileAnswer.district_code if dimension == "district" else ProfileAnswer.age_band
    rows = db.session.execute(
        select(column, ProfileAnswer.answered_at)
        .where(ProfileAnswer.consultation_id == consultation.id, column.is_not(None))
        .order_by(ProfileAnswer.answered_at)
    ).all()
    population: dict[str, int] = defaultdict(int)
    for code, band, residents in db.session.execute(
        select(Population.district_code, Population.age_band, Population.residents)
    ):
        population[code if dimension == "district" else band] += residents
    if not population:
        return None, []
    if dimension == "district":
        groups = [(d.code, d.name) for d in districts()]
    else:
        groups = [(b.value, b.value) for b in AgeBand]

    def value(counts: dict[str, int]) -> float | None:
        if not any(counts.get(k) for k, _label in groups):
            return None
        shaped = _dimension(dimension, groups, counts, dict(population), [])
        return round(100 * sum(g.marking != "under" for g in shaped.groups) / len(shaped.groups), 1)

    counts: dict[str, int] = defaultdict(int)
    series: list[tuple[date, float]] = []
    for index, (key, answered_at) in enumerate(rows):
        counts[key] += 1
        day = local_day(answered_at)
        if index + 1 < len(rows) and local_day(rows[index + 1][1]) == day:
            continue
        reached = value(counts)
        if reached is not None:
            series.append((day, reached))
    return value(counts), series
