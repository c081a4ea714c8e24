"""Response deadlines: computed from the phase an idea was submitted in, in local days,
with frozen time — before, at and after the deadline, across phases, and when dates move."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from cocreatie import db
from cocreatie.consultations import services as consultations
from cocreatie.feedback import queries, services
from cocreatie.models import IdeaStatus, PhaseKind
from cocreatie.timezones import end_of_local_day, start_of_local_day

DAY = timedelta(days=1)
MINUTE = timedelta(minutes=1)

# Phase A: 1–30 June, phase B: 1–31 July (local days). 21 days to respond.
A_STARTS, A_ENDS = start_of_local_day(date(2026, 6, 1)), end_of_local_day(date(2026, 6, 30))
B_STARTS, B_ENDS = start_of_local_day(date(2026, 7, 1)), end_of_local_day(date(2026, 7, 31))
DUE_A = end_of_local_day(date(2026, 7, 21))  # 21 days after 30 June, through the end of that day
DUE_B = end_of_local_day(date(2026, 8, 21))


@pytest.fixture
def two_phases(make):
    consultation = make.consultation(
        phases=[(PhaseKind.AGENDA_SETTING, A_STARTS, A_ENDS), (PhaseKind.POLICY_PREPARATION, B_STARTS, B_ENDS)]
    )
    phase_a, phase_b = consultation.phases
    return consultation, phase_a, phase_b


def _idea_in(make, consultation, phase, created_at, title=None):
    idea = make.idea(consultation, title=title)
    idea.phase = phase
    idea.created_at = created_at
    db.session.commit()
    return idea


def _overdue_titles(consultation, now):
    page = queries.overdue_ideas(consultation, now, 1, 50, total=50)
    return [row.idea.title for row in page.items]


def test_the_deadline_is_the_response_time_after_the_last_day_of_the_phase(two_phases, make):
    consultation, phase_a, phase_b = two_phases
    early = _idea_in(make, consultation, phase_a, A_STARTS + DAY)
    late = _idea_in(make, consultation, phase_a, A_ENDS - MINUTE)
    in_b = _idea_in(make, consultation, phase_b, B_STARTS + MINUTE)
    # Submitted early or late in the phase: the same deadline, the phase's end decides.
    assert early.response_due_at == late.response_due_at == DUE_A
    assert in_b.response_due_at == DUE_B
    # Local midnight in summer time is 22:00 UTC.
    assert DUE_A == datetime(2026, 7, 21, 22, 0)


@pytest.mark.parametrize(
    ("moment", "overdue", "days"),
    [
        (DUE_A - MINUTE, False, None),  # 23:59 on the last day: still in time
        (DUE_A, True, 1),  # midnight: the last day has passed
        (DUE_A + 9 * DAY, True, 10),
    ],
)
def test_before_at_and_after_the_deadline(two_phases, make, frozen, moment, overdue, days):
    consultation, phase_a, _ = two_phases
    _idea_in(make, consultation, phase_a, A_STARTS + DAY, title="Bankjes")
    frozen.move_to(moment)
    page = queries.overdue_ideas(consultation, moment, 1, 20, total=1)
    overview = queries.response_overview(consultation, moment)
    assert (overview.overdue, overview.waiting) == ((1, 0) if overdue else (0, 1))
    if overdue:
        [row] = page.items
        assert row.days_overdue == days
        assert row.last_day == date(2026, 7, 21)
    else:
        assert page.items == []


def test_across_phase_boundaries_only_the_ended_phase_is_overdue_oldest_deadline_first(two_phases, make):
    consultation, phase_a, phase_b = two_phases
    _idea_in(make, consultation, phase_b, B_STARTS + DAY, title="Uit fase B")
    _idea_in(make, consultation, phase_a, A_ENDS - DAY, title="Laat in fase A")
    _idea_in(make, consultation, phase_a, A_STARTS + DAY, title="Vroeg in fase A")
    assert _overdue_titles(consultation, DUE_A - MINUTE) == []
    assert _overdue_titles(consultation, DUE_A + DAY) == ["Laat in fase A", "Vroeg in fase A"]
    # Same deadline within a phase: in order of submission (id); phase B after phase A.
    assert _overdue_titles(consultation, DUE_B) == ["Laat in fase A", "Vroeg in fase A", "Uit fase B"]


def test_moving_a_phase_moves_the_deadline(two_phases, make):
    consultation, phase_a, phase_b = two_phases
    _idea_in(make, consultation, phase_a, A_STARTS + DAY, title="Bankjes")
    owner = make.owner_of(consultation)
    now = DUE_A + DAY
    assert _overdue_titles(consultation, now) == ["Bankjes"]
    # Phase B is removed and phase A extended by ten days: the deadline follows.
    consultations.delete_phase(owner, phase_b, now)
    consultations.update_phase(owner, phase_a, consultations.PhaseData(
        kind=phase_a.kind, title="", description="", starts_at=A_STARTS, ends_at=A_ENDS + 10 * DAY,
        allows_ideas=True, allows_comments=True, allows_supports=True,
    ), now)
    db.session.commit()
    assert _overdue_titles(consultation, now) == []
    assert _overdue_titles(consultation, DUE_A + 10 * DAY) == ["Bankjes"]


def test_changing_the_response_time_moves_every_deadline(two_phases, make):
    consultation, phase_a, _ = two_phases
    idea = _idea_in(make, consultation, phase_a, A_STARTS + DAY, title="Bankjes")
    services.set_response_days(make.owner_of(consultation), consultation, 30, DUE_A)
    db.session.commit()
    assert idea.response_due_at == end_of_local_day(date(2026, 7, 30))
    assert _overdue_titles(consultation, DUE_A + DAY) == []


def test_an_idea_without_a_phase_counts_from_the_day_it_was_submitted(two_phases, make):
    consultation, _, _ = two_phases
    submitted = datetime(2026, 6, 15, 10, 0)  # 12:00 local
    idea = _idea_in(make, consultation, None, submitted, title="Zonder fase")
    due = end_of_local_day(date(2026, 7, 6))
    assert idea.response_due_at == due
    assert _overdue_titles(consultation, due - MINUTE) == []
    assert _overdue_titles(consultation, due) == ["Zonder fase"]
    [row] = queries.overdue_ideas(consultation, due + 2 * DAY, 1, 20, total=1).items
    assert row.days_overdue == 3


def test_a_deadline_across_the_change_to_summer_time_stays_at_local_midnight(make):
    winter = start_of_local_day(date(2026, 3, 1)), end_of_local_day(date(2026, 3, 20))
    consultation = make.consultation(phases=[(PhaseKind.AGENDA_SETTING, *winter)])
    idea = make.idea(consultation)
    # Last day 20 March (UTC+1); 21 days later is 10 April (UTC+2): due at its end.
    assert idea.response_due_at == datetime(2026, 4, 10, 22, 0)


def test_answered_ideas_are_never_overdue_and_count_as_in_time_or_late(two_phases, make, frozen):
    consultation, phase_a, _ = two_phases
    in_time = _idea_in(make, consultation, phase_a, A_STARTS + DAY, title="Op tijd")
    late = _idea_in(make, consultation, phase_a, A_STARTS + DAY, title="Te laat")
    _idea_in(make, consultation, phase_a, A_STARTS + DAY, title="Nog niets")
    owner = make.owner_of(consultation)
    services.respond_to_idea(owner, in_time, IdeaStatus.ADOPTED, "We gaan het doen.", DUE_A - MINUTE)
    services.respond_to_idea(owner, late, IdeaStatus.NOT_ADOPTED, "Dat past niet in het budget.", DUE_A)
    db.session.commit()
    assert (in_time.responded_in_time, late.responded_in_time) == (True, False)
    assert _overdue_titles(consultation, DUE_A + DAY) == ["Nog niets"]
    overview = queries.response_overview(consultation, DUE_A + DAY)
    assert (overview.in_time, overview.late, overview.overdue, overview.waiting) == (1, 1, 1, 0)
    # A later response does not change when the idea was first answered.
    services.respond_to_idea(owner, late, IdeaStatus.UNDER_CONSIDERATION, "We kijken er opnieuw naar.", DUE_A + DAY)
    assert late.responded_at == DUE_A and late.responded_in_time is False


def test_hidden_and_merged_ideas_are_not_waiting_for_a_response(two_phases, make):
    consultation, phase_a, _ = two_phases
    _idea_in(make, consultation, phase_a, A_STARTS + DAY, title="Gewoon")
    hidden = _idea_in(make, consultation, phase_a, A_STARTS + DAY, title="Verborgen")
    merged = _idea_in(make, consultation, phase_a, A_STARTS + DAY, title="Samengevoegd")
    target = _idea_in(make, consultation, phase_a, A_STARTS + DAY, title="Doel")
    # Set directly: how moderation hides and merges is its own business.
    hidden.hidden_at = A_ENDS
    merged.merged_into_id = target.id
    db.session.commit()
    assert _overdue_titles(consultation, DUE_A) == ["Gewoon", "Doel"]
    assert queries.response_overview(consultation, DUE_A).overdue == 2
