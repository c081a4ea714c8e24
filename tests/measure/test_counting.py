"""Every KPI counted from the data, live and stored, and the periodic refresh."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from cocreatie import db
from cocreatie.ideas import services as idea_services
from cocreatie.measure import kpis, queries, services
from cocreatie.models import IdeaStatus, KpiCount, KpiDaily, PhaseKind
from cocreatie.timezones import local_day
from tests.conftest import NOW

DAY = timedelta(days=1)


def support(idea, user, at) -> None:
    idea_services.support_idea(user, idea, at)
    db.session.commit()


@pytest.fixture
def running(make):
    """A consultation open since ten days ago, for twenty more days."""
    return make.consultation(phases=[(PhaseKind.POLICY_PREPARATION, NOW - 10 * DAY, NOW + 20 * DAY)])


def test_counts_people_ideas_supports_and_reactions_as_the_lists_show_them(make, running, frozen):
    alice, bob, carol, dave = (make.user() for _ in range(4))
    first = make.idea(running, author=alice)
    second = make.idea(running, author=alice)
    hidden = make.idea(running, author=dave)  # dave took part only with what was hidden
    support(first, bob, NOW)
    support(second, bob, NOW)
    support(hidden, carol, NOW)
    make.comment(first, author=carol)
    idea_services.delete_comment(bob, make.comment(first, author=bob), NOW)
    db.session.commit()
    make.hidden(hidden)

    counted = queries.count_figures(running, NOW)

    assert counted.value(kpis.IDEAS) == 2 == running.idea_count
    assert counted.value(kpis.SUPPORTS) == 2 == first.support_count + second.support_count
    assert counted.value(kpis.COMMENTS) == 1 == first.comment_count
    assert counted.value(kpis.PARTICIPANTS) == 3  # alice, bob, carol
    # Every factory account was made "now", while the consultation is open.
    assert counted.value(kpis.NEW_PARTICIPANTS) == 3
    assert counted.value(kpis.INVITATIONS_ACCEPTED) == 0
    # Nothing answered or due yet.
    assert counted.value(kpis.RESPONDED_IN_TIME) is None
    assert counted.value(kpis.MEDIAN_RESPONSE_DAYS) is None


def test_new_participants_are_only_accounts_made_while_the_consultation_was_open(make, frozen):
    old_hand = make.user()
    frozen.shift(5 * DAY)
    consultation = make.consultation(phases=[(PhaseKind.POLICY_PREPARATION, NOW + 4 * DAY, NOW + 30 * DAY)])
    newcomer = make.user()
    idea = make.idea(consultation, author=old_hand)
    support(idea, newcomer, NOW + 5 * DAY)

    counted = queries.count_figures(consultation, NOW + 5 * DAY)

    assert counted.value(kpis.PARTICIPANTS) == 2
    assert counted.value(kpis.NEW_PARTICIPANTS) == 1


def test_the_course_over_time_is_the_running_total_per_local_day(make, running, frozen):
    author = make.user()
    idea = make.idea(running, author=author)
    idea.created_at = NOW - 3 * DAY
    db.session.commit()
    for offset in (2, 2, 0):
        support(idea, make.user(), NOW - offset * DAY)

    counted = queries.count_figures(running, NOW)
    series = dict(counted.reading(kpis.SUPPORTS).series)
    today = local_day(NOW)

    assert counted.first_day == local_day(NOW - 10 * DAY)
    assert series[today - timedelta(days=3)] == 0
    assert series[today - timedelta(days=2)] == 2
    assert series[today - timedelta(days=1)] == 2
    assert series[today] == 3
    assert dict(counted.reading(kpis.PARTICIPANTS).series)[today - timedelta(days=3)] == 1


def test_response_share_and_median_match_the_response_deadline_page(make, frozen):
    from cocreatie.feedback import queries as feedback_queries

    # A phase that ended 30 days ago: with 21 response days its ideas are past due.
    consultation = make.consultation(phases=[
        (PhaseKind.AGENDA_SETTING, NOW - 60 * DAY, NOW - 30 * DAY),
        (PhaseKind.DECISION, NOW - 30 * DAY, NOW + 10 * DAY),
    ])
    ideas = [make.idea(consultation) for _ in range(4)]
    for idea in ideas:
        idea.created_at = NOW - 40 * DAY
    db.session.commit()
    frozen.move_to(NOW - 36 * DAY)
    make.now = NOW - 36 * DAY
    make.response(ideas[0])  # in time, after 4 days
    frozen.move_to(NOW - 30 * DAY)
    make.now = NOW - 30 * DAY
    make.response(ideas[1])  # in time, after 10 days
    frozen.move_to(NOW)
    make.now = NOW
    make.response(ideas[2])  # late, after 40 days; ideas[3] is overdue

    counted = queries.count_figures(consultation, NOW)
    overview = feedback_queries.response_overview(consultation, NOW)

    assert (overview.in_time, overview.late, overview.overdue) == (2, 1, 1)
    # The same four numbers, counted with the KPIs (and stored with them for large ones).
    fresh = make.idea(consultation)
    fresh.phase = consultation.phases[1]  # submitted now, in the decision phase: waiting
    db.session.commit()
    counted = queries.count_figures(consultation, NOW)
    overview = feedback_queries.response_overview(consultation, NOW)
    assert counted.responses == queries.ResponseCounts(2, 1, 1, 1)
    assert (overview.in_time, overview.late, overview.overdue, overview.waiting) == (2, 1, 1, 1)
    assert fresh.status == IdeaStatus.NEW
    assert counted.value(kpis.RESPONDED_IN_TIME) == 50.0  # 2 of 4
    assert counted.value(kpis.MEDIAN_RESPONSE_DAYS) == 10.0  # of 4, 10 and 40 days
    series = dict(counted.reading(kpis.RESPONDED_IN_TIME).series)
    # Before the deadline passed only the two in-time answers counted: 100 %.
    assert series[local_day(NOW - 20 * DAY)] == 100.0
    assert series[local_day(NOW)] == 50.0
    median = dict(counted.reading(kpis.MEDIAN_RESPONSE_DAYS).series)
    assert median[local_day(NOW - 35 * DAY)] == 4.0
    assert median[local_day(NOW - 20 * DAY)] == 7.0  # of 4 and 10


def test_accepted_invitations_are_counted(make, running, frozen):
    from cocreatie.recruitment import queries as recruitment_queries
    from cocreatie.recruitment import services as recruitment

    guest = make.user()
    invitation, token = make.invitation(running, guest.email)
    recruitment.accept_invitation(guest, invitation, NOW)
    db.session.commit()
    make.invitation(running, "nog.niet@example.nl")

    counted = queries.count_figures(running, NOW)

    assert counted.value(kpis.INVITATIONS_ACCEPTED) == 1 == recruitment_queries.counts(running, NOW).accepted


def test_large_consultations_read_what_the_refresh_stored(make, running, frozen, monkeypatch):
    monkeypatch.setattr(queries, "LIVE_UP_TO_IDEAS", 1)
    ideas = [make.idea(running) for _ in range(2)]
    support(ideas[0], make.user(), NOW)

    never = queries.figures(running, NOW)
    assert never.counted_at is None and never.value(kpis.IDEAS) is None and never.is_stale(NOW)

    assert services.refresh(NOW) == 1
    db.session.commit()
    stored = queries.figures(running, NOW)
    live = queries.count_figures(running, NOW)
    assert not stored.live and stored.counted_at == NOW
    for kpi in kpis.all_kpis():
        assert stored.reading(kpi.key) == live.reading(kpi.key), kpi.key

    # Counting again is idempotent: the same rows, not twice as many.
    rows = db.session.scalar(select(func.count()).select_from(KpiDaily))
    services.refresh(NOW)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(KpiDaily)) == rows

    # A new support shows after the next count, which says when it was made.
    support(ideas[1], make.user(), NOW)
    assert queries.figures(running, NOW).value(kpis.SUPPORTS) == 1
    later = NOW + timedelta(minutes=30)
    assert queries.figures(running, later).is_stale(later)
    services.refresh(later)
    db.session.commit()
    assert queries.figures(running, later).value(kpis.SUPPORTS) == 2


def test_the_refresh_counts_open_consultations_and_closed_ones_once_more(make, frozen):
    open_now = make.consultation(title="Open")
    closed = make.consultation(title="Dicht", phases=[(PhaseKind.AGENDA_SETTING, NOW - 20 * DAY, NOW - 5 * DAY)])
    make.consultation(title="Straks", phases=[(PhaseKind.AGENDA_SETTING, NOW + 5 * DAY, NOW + 9 * DAY)])
    make.consultation(title="Concept", published=False)

    assert {c.title for c in queries.to_count(NOW)} == {"Open", "Dicht"}
    services.refresh(NOW)
    db.session.commit()
    # The closed one was counted after it closed: its figures are final.
    assert {c.title for c in queries.to_count(NOW + DAY)} == {"Open"}
    assert db.session.get(KpiCount, closed.id).counted_at == NOW
    assert db.session.get(KpiCount, open_now.id) is not None


def test_the_refresh_command(app, make, running, frozen):
    make.idea(running)
    result = app.test_cli_runner().invoke(args=["measure", "refresh"])
    assert result.exit_code == 0, result.output
    assert "Counted 1 consultation(s)." in result.output
    assert db.session.scalar(
        select(KpiDaily.value).where(KpiDaily.consultation_id == running.id, KpiDaily.kpi == kpis.IDEAS,
                                     KpiDaily.day == local_day(NOW))
    ) == 1


# --- against the target -------------------------------------------------------------------


def _assess(key, value, target, due, today, start=date(2026, 6, 1)):
    return kpis.assess(kpis.get(key), value, target, due, start, today)


def test_a_dated_target_draws_a_straight_line_from_the_opening():
    halfway = date(2026, 6, 11)
    behind = _assess(kpis.PARTICIPANTS, 40, 100, date(2026, 6, 21), halfway)
    assert behind.expected == 50 and behind.behind and not behind.met and behind.progress == 40
    on_track = _assess(kpis.PARTICIPANTS, 50, 100, date(2026, 6, 21), halfway)
    assert not on_track.behind
    met = _assess(kpis.PARTICIPANTS, 120, 100, date(2026, 6, 21), halfway)
    assert met.met and not met.behind and met.progress == 100
    past_due = _assess(kpis.PARTICIPANTS, 99, 100, date(2026, 6, 21), date(2026, 7, 1))
    assert past_due.expected == 100 and past_due.behind
    before_opening = _assess(kpis.PARTICIPANTS, 0, 100, date(2026, 6, 21), date(2026, 5, 20))
    assert before_opening.expected == 0 and not before_opening.behind


def test_levels_meet_their_target_at_any_moment_and_lower_can_be_better():
    assert _assess(kpis.RESPONDED_IN_TIME, 80, 90, None, date(2026, 6, 5)).behind
    assert _assess(kpis.RESPONDED_IN_TIME, 95, 90, None, date(2026, 6, 5)).met
    slow = _assess(kpis.MEDIAN_RESPONSE_DAYS, 20, 14, None, date(2026, 6, 5))
    assert slow.behind and not slow.met and slow.progress == 70
    assert _assess(kpis.MEDIAN_RESPONSE_DAYS, 10, 14, None, date(2026, 6, 5)).met
    nothing_yet = _assess(kpis.MEDIAN_RESPONSE_DAYS, None, 14, None, date(2026, 6, 5))
    assert not nothing_yet.behind and not nothing_yet.met


def test_behind_target_lists_only_what_is_behind_per_consultation(make, running, frozen):
    owner = make.owner_of(running)
    make.idea(running)
    services.set_goals(owner, running, services.GoalData(
        text="Iedereen denkt mee", achieve_by=None,
        targets={
            kpis.IDEAS: services.TargetData(100, local_day(NOW + 10 * DAY)),  # 1 of 50 expected: behind
            kpis.SUPPORTS: services.TargetData(0),  # met
        },
    ), NOW)
    other = make.consultation(title="Zonder doelen")

    behind = queries.behind_target([running, other], NOW)

    assert list(behind) == [running.id]
    assert [line.kpi.key for line in behind[running.id]] == [kpis.IDEAS]
    assert behind[running.id][0].assessment.expected == 50
