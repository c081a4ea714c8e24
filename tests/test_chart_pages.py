"""The charts on the idea page (supporters over time) and the consultation page
(participation per week): the SVG and its table carry the right numbers, counted in
local days and weeks, on SQLite and PostgreSQL alike, at a fixed number of queries."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from html import unescape

import pytest

from cocreatie import charts, db
from cocreatie.consultations import queries as consultation_queries
from cocreatie.ideas import queries as idea_queries
from cocreatie.ideas import services as idea_services
from cocreatie.models import Idea, PhaseKind
from tests.conftest import NOW, login
from tests.test_routes import count_queries

DAY = timedelta(days=1)


def support(idea: Idea, user, at: datetime) -> None:
    """`user` supports `idea` through the service, as if at `at` (naive UTC)."""
    idea_services.support_idea(user, idea, at)
    db.session.commit()


def supporters(make, idea: Idea, *instants: datetime) -> list:
    people = [make.user() for _ in instants]
    for person, at in zip(people, instants):
        support(idea, person, at)
    return people


def _text(fragment: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def chart_section(page: str, heading_id: str) -> str:
    start = page.index(f'aria-labelledby="{heading_id}"')
    return page[start:page.index("</section>", start)]


def table_rows(section: str) -> list[list[str]]:
    """Each row of the chart's table (body and foot) as the texts of its cells."""
    table = section[section.index("<table"):section.index("</table>")]
    body = table[table.index("<tbody>"):]
    return [
        [_text(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def page_of(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


# --- the idea page: supporters over time ---------------------------------------------------


def test_the_idea_page_draws_current_supporters_per_local_day_with_a_table(client, make, frozen, english):
    idea = make.idea(make.consultation())
    idea.created_at = NOW - 5 * DAY  # June 10
    db.session.commit()
    supporters(make, idea, NOW - 4 * DAY, NOW - 4 * DAY + timedelta(hours=2))  # June 11, twice
    # 22:30 UTC on Saturday June 13 is 00:30 on Sunday June 14 in Amsterdam (summer time).
    supporters(make, idea, datetime(2026, 6, 13, 22, 30))
    changed_mind = supporters(make, idea, NOW - 3 * DAY)[0]  # June 12 …
    idea_services.withdraw_support(changed_mind, idea)  # … and taken back: the row is gone
    db.session.commit()
    supporters(make, idea, NOW)

    section = chart_section(page_of(client, f"/ideeen/{idea.id}"), "supporters-chart-heading")
    assert "Supporters over time" in section
    assert "A support that was withdrawn is not counted." in _text(section)
    svg = section[section.index("<svg"):section.index("</svg>")]
    assert 'role="img"' in svg and 'aria-labelledby="supporters-chart-title"' in svg
    assert '<title id="supporters-chart-title">Supporters of this idea over time</title>' in svg
    assert "Line from 10 Jun 2026 to 15 Jun 2026, rising to 4 supporters." in svg
    assert "The most new supporters on one day: 2, on 11 Jun 2026." in svg
    assert 'class="chart__line"' in svg and re.search(r'<text class="chart__value"[^>]*>4</text>', svg)
    assert "<details" in section and "Show as table" in section
    assert '<th scope="col">Day</th>' in section and '<th scope="row">' in section
    assert table_rows(section) == [
        ["11 Jun", "2", "2"],
        ["14 Jun", "1", "3"],
        ["15 Jun", "1", "4"],
    ]


def test_an_idea_nobody_supports_gets_a_sentence_and_costs_no_query(client, make, frozen, english):
    consultation = make.consultation()
    unsupported, supported = make.idea(consultation), make.idea(consultation)
    supporters(make, supported, NOW)
    with count_queries() as without:
        page = page_of(client, f"/ideeen/{unsupported.id}")
    section = chart_section(page, "supporters-chart-heading")
    assert "Nobody supports this idea yet" in section and "<svg" not in section and "<table" not in section
    with count_queries() as with_chart:
        page = page_of(client, f"/ideeen/{supported.id}")
    assert "<svg" in chart_section(page, "supporters-chart-heading")
    assert len(with_chart) == len(without) + 1, with_chart


def test_one_day_of_supporters_is_one_point(client, make, frozen, english):
    idea = make.idea(make.consultation())
    supporters(make, idea, NOW, NOW)
    section = chart_section(page_of(client, f"/ideeen/{idea.id}"), "supporters-chart-heading")
    assert 'class="chart__dot"' in section and 'class="chart__line"' not in section
    assert table_rows(section) == [["15 Jun", "2", "2"]]


def test_the_idea_chart_costs_one_query_however_many_supporters_and_days(client, make, frozen):
    idea = make.idea(make.consultation())
    login(client, make.user())
    db.session.commit()
    supporters(make, idea, NOW)
    with count_queries() as few:
        assert client.get(f"/ideeen/{idea.id}").status_code == 200
    supporters(make, idea, *[NOW - n * DAY for n in range(1, 31)])
    with count_queries() as many:
        page = client.get(f"/ideeen/{idea.id}").get_data(as_text=True)
    assert len(few) == len(many), many
    assert "31" in re.findall(r'<text class="chart__value"[^>]*>([^<]+)</text>', page)


def test_supports_are_counted_on_the_local_day_across_daylight_saving_changes(make, frozen):
    consultation = make.consultation()
    consultation.created_at = datetime(2025, 1, 1)
    idea = make.idea(consultation)
    idea.created_at = datetime(2025, 1, 5)
    db.session.commit()
    supporters(
        make, idea,
        datetime(2025, 3, 29, 23, 30),  # winter time: 00:30 on March 30
        datetime(2025, 3, 30, 0, 30),   # still winter time (it changes at 01:00 UTC): 01:30 on March 30
        datetime(2025, 3, 30, 22, 30),  # summer time: 00:30 on March 31
        datetime(2025, 10, 25, 22, 30),  # summer time: 00:30 on October 26
        datetime(2025, 10, 26, 22, 30),  # winter time again: 23:30 on October 26
        datetime(2025, 10, 26, 23, 0),   # 00:00 on October 27
    )
    result = charts.supporters_chart(idea_queries.supporters_over_time(idea, NOW))
    assert [(day.isoformat(), new, total) for day, new, total in result.days] == [
        ("2025-03-30", 2, 2), ("2025-03-31", 1, 3), ("2025-10-26", 2, 5), ("2025-10-27", 1, 6),
    ]
    assert result.chart.first.day.isoformat() == "2025-01-05" and result.chart.last.value == 6
    assert result.chart.last.day == NOW.date()


def test_supporters_merged_in_from_an_older_idea_start_the_chart_earlier(make, frozen):
    idea = make.idea(make.consultation())
    supporters(make, idea, NOW - 2 * DAY)  # e.g. moved here by a merge: older than the idea
    result = charts.supporters_chart(idea_queries.supporters_over_time(idea, NOW))
    assert result.chart.first.day == (NOW - 2 * DAY).date()
    assert [(d.isoformat(), n, t) for d, n, t in result.days] == [("2026-06-13", 1, 1)]


# --- the consultation page: participation per week -----------------------------------------


def test_the_consultation_page_counts_ideas_reactions_supports_and_people_per_week(client, make, frozen, english):
    # Open since Monday June 8 (NOW is Monday June 15).
    consultation = make.consultation()
    alice, bob, carol = make.user("Alice"), make.user("Bob"), make.user("Carol")
    early = make.idea(consultation, author=alice)
    early.created_at = datetime(2026, 6, 9, 12, 0)
    late = make.idea(consultation, author=bob)
    hidden = make.idea(consultation, author=make.user())
    db.session.commit()
    make.comment(early, author=bob).created_at = datetime(2026, 6, 10, 9, 0)
    make.comment(early, author=carol)
    make.comment(late, author=alice).deleted_at = NOW  # removed by its author: not counted
    db.session.commit()
    support(early, bob, datetime(2026, 6, 12, 8, 0))
    support(early, carol, datetime(2026, 6, 14, 22, 30))  # Sunday in UTC, Monday 00:30 in Amsterdam
    support(late, carol, NOW)
    support(hidden, carol, NOW)
    make.hidden(hidden)  # hidden by moderation: it and its support are not counted

    section = chart_section(page_of(client, f"/consultaties/{consultation.slug}"), "participation-chart-heading")
    assert "Participation so far" in section
    assert "3 people have taken part" in _text(section)
    svg = section[section.index("<svg"):section.index("</svg>")]
    assert 'role="img"' in svg and "<title id=\"participation-chart-title\">Participation per week</title>" in svg
    assert ("one bar per week from the week of 8 Jun 2026 to the week of 15 Jun 2026: new ideas (2 in total), "
            "comments (2 in total) and supports (3 in total)") in svg
    titles = re.findall(r'<text class="chart__panel-title"[^>]*>([^<]+)</text>', svg)
    assert titles == ["New ideas", "Comments", "Supports"]  # the panels are named, not coloured
    assert "Show as table" in section and '<th scope="col">Week of</th>' in section
    assert table_rows(section) == [
        ["8 Jun", "1", "1", "1"],
        ["15 Jun", "1", "1", "2"],
        ["Total", "2", "2", "3"],
    ]
    assert "Counted at" not in section  # a small consultation is counted live


def test_a_consultation_without_ideas_says_nobody_took_part_without_a_query(client, make, frozen, english):
    empty = make.consultation()
    with count_queries() as empty_queries:
        section = chart_section(page_of(client, f"/consultaties/{empty.slug}"), "participation-chart-heading")
    assert "Nobody has taken part yet" in section and "<svg" not in section
    busy = make.consultation(title="Druk")
    make.idea(busy)
    with count_queries() as busy_queries:
        page_of(client, f"/consultaties/{busy.slug}")
    # +1 for the chart, +1 for the role badges of the ideas' authors (tests/test_badges.py)
    assert len(busy_queries) == len(empty_queries) + 2


def test_an_upcoming_consultation_has_no_participation_chart(client, make, frozen):
    upcoming = make.consultation(phases=[(PhaseKind.AGENDA_SETTING, NOW + 3 * DAY, NOW + 30 * DAY)])
    assert "participation-chart" not in page_of(client, f"/consultaties/{upcoming.slug}")


def test_a_consultation_open_since_today_has_one_week(make, frozen):
    consultation = make.consultation(phases=[(PhaseKind.POLICY_PREPARATION, NOW - timedelta(hours=1), NOW + 21 * DAY)])
    make.idea(consultation)
    result = charts.participation_chart(consultation_queries.participation(consultation, NOW))
    assert [w.isoformat() for w in result.chart.categories] == ["2026-06-15"]
    assert result.chart.rows()[0][1] == [1, 0, 0] and result.people == 1


def test_large_numbers_are_written_in_full_and_the_axis_in_round_steps(app):
    """A city-wide consultation, drawn from made-up counts: no million rows needed."""
    from flask import render_template_string
    from flask_babel import force_locale

    week = NOW.date() - timedelta(days=NOW.weekday())
    chart = charts.bar_chart(
        [week - timedelta(weeks=1), week],
        [charts.Series("ideas", [40_000, 60_000]), charts.Series("comments", [1, 2]),
         charts.Series("supports", [234_567, 1_000_000])],
    )
    participation = charts.ParticipationChart(chart, 123_456, NOW, None)
    template = '{% from "macros/charts.html" import participation_chart %}{{ participation_chart(p) }}'
    with app.test_request_context(), force_locale("en"):
        section = render_template_string(template, p=participation)
    assert "123,456 people have taken part" in _text(section)
    assert table_rows(section) == [
        ["8 Jun", "40,000", "1", "234,567"],
        ["15 Jun", "60,000", "2", "1,000,000"],
        ["Total", "100,000", "3", "1,234,567"],
    ]
    labels = re.findall(r'<text class="chart__label"[^>]*text-anchor="end">([^<]+)</text>', section)
    assert {"500,000", "1,000,000", "50,000", "100,000"} <= set(labels)


def test_table_dates_name_the_year_when_the_rows_span_two(app):
    from datetime import date

    from flask import render_template_string
    from flask_babel import force_locale

    daily = [(date(2026, 12, 30), 3), (date(2027, 1, 2), 1)]
    points = charts.running_total(daily, date(2026, 12, 28), date(2027, 1, 4))
    data = charts.SupportersChart(charts.line_chart(points), [(date(2026, 12, 30), 3, 3), (date(2027, 1, 2), 1, 4)])
    template = '{% from "macros/charts.html" import supporters_chart %}{{ supporters_chart(d) }}'
    with app.test_request_context(), force_locale("en"):
        section = render_template_string(template, d=data)
    assert table_rows(section) == [["30 Dec 2026", "3", "3"], ["2 Jan 2027", "1", "4"]]
    assert "The most new supporters on one day: 3, on 30 Dec 2026." in section
    assert re.search(r'text-anchor="\w+">28 Dec 2026</text>', section)  # axis labels with the year


def test_a_large_consultation_shows_the_stored_figures_and_says_when_they_were_counted(client, make, frozen, english, monkeypatch):
    from cocreatie.measure import queries as measure_queries
    from cocreatie.measure import services as measure_services

    monkeypatch.setattr(measure_queries, "LIVE_UP_TO_IDEAS", 1)
    consultation = make.consultation()
    first, second = make.idea(consultation), make.idea(consultation)
    supporter = make.user()
    support(first, supporter, NOW)
    path = f"/consultaties/{consultation.slug}"
    # Not counted yet: no chart rather than seconds of counting for one page view.
    assert 'id="participation-chart-heading"' not in page_of(client, path)
    measure_services.refresh(NOW)
    db.session.commit()
    with count_queries() as stored:
        section = chart_section(page_of(client, path), "participation-chart-heading")
    assert table_rows(section)[-1] == ["Total", "2", "0", "1"]
    assert "3 people have taken part" in _text(section)  # two authors and a supporter
    assert "Counted at 15 Jun 2026, 12:00; these numbers are updated every 10 minutes." in _text(section)
    support(second, supporter, NOW)
    frozen.shift(timedelta(minutes=9))
    section = chart_section(page_of(client, path), "participation-chart-heading")
    assert table_rows(section)[-1] == ["Total", "2", "0", "1"]  # as counted, and it says when
    measure_services.refresh(NOW + timedelta(minutes=10))
    db.session.commit()
    with count_queries() as again:
        section = chart_section(page_of(client, path), "participation-chart-heading")
    assert table_rows(section)[-1] == ["Total", "2", "0", "2"]
    assert "Counted at 15 Jun 2026, 12:10" in _text(section)
    assert len(again) == len(stored)


@pytest.mark.parametrize("viewer", ["visitor", "citizen"])
def test_the_charts_render_in_dutch_too(client, make, frozen, viewer):
    consultation = make.consultation()
    idea = make.idea(consultation)
    supporters(make, idea, NOW - DAY, NOW)
    if viewer == "citizen":
        login(client, make.user())
        db.session.commit()
    for path in (f"/ideeen/{idea.id}", f"/consultaties/{consultation.slug}"):
        page = page_of(client, path)
        assert '<svg class="chart__svg"' in page and "<table" in page
        assert "15 jun" in page  # axis and table dates in Dutch
