"""cocreatie/charts.py: chart geometry without Flask or a database."""

from datetime import date, timedelta

import pytest

from cocreatie import charts
from cocreatie.charts import Series, bar_chart, date_ticks, line_chart, nice_ticks, running_total, weeks

JUNE_1 = date(2026, 6, 1)  # a Monday


# --- ticks -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("maximum", "ticks"),
    [
        (0, [0, 1]),
        (1, [0, 1]),
        (3, [0, 1, 2, 3]),
        (7, [0, 2, 4, 6, 8]),
        (10, [0, 5, 10]),
        (38, [0, 10, 20, 30, 40]),
        (101, [0, 50, 100, 150]),
        (1_234_567, [0, 500_000, 1_000_000, 1_500_000]),
    ],
)
def test_value_ticks_are_round_numbers_from_zero_to_at_least_the_maximum(maximum, ticks):
    assert nice_ticks(maximum) == ticks


@pytest.mark.parametrize("maximum", [1, 2, 9, 17, 99, 4_321, 999_999, 12_345_678])
def test_value_ticks_are_whole_evenly_spaced_and_few(maximum):
    ticks = nice_ticks(maximum)
    steps = {b - a for a, b in zip(ticks, ticks[1:])}
    assert ticks[0] == 0 and ticks[-1] >= maximum and ticks[-2] < maximum
    assert len(steps) == 1 and all(isinstance(t, int) for t in ticks)
    step = steps.pop()
    assert str(step).rstrip("0") in {"1", "2", "5"}
    assert 2 <= len(ticks) <= 6


def test_date_ticks_of_a_short_span_are_days():
    days, style = date_ticks(JUNE_1, JUNE_1 + timedelta(days=3))
    assert days == [JUNE_1 + timedelta(days=n) for n in range(4)] and style == "day"


def test_date_ticks_of_a_long_span_are_the_first_days_of_months():
    days, style = date_ticks(date(2026, 1, 15), date(2026, 12, 20))
    assert style == "month" and len(days) <= charts.MAX_DATE_TICKS
    assert all(d.day == 1 for d in days) and days[0] >= date(2026, 1, 15)


def test_date_ticks_say_the_year_when_the_span_crosses_one():
    days, style = date_ticks(date(2026, 12, 28), date(2027, 1, 6))
    assert style == "day_year" and len(days) <= 3


def test_date_ticks_of_a_single_day():
    assert date_ticks(JUNE_1, JUNE_1) == ([JUNE_1], "day")


# --- line chart ------------------------------------------------------------------------


def test_running_total_fills_every_day_and_counts_on():
    daily = [(JUNE_1, 2), (JUNE_1 + timedelta(days=3), 1)]
    assert running_total(daily, JUNE_1, JUNE_1 + timedelta(days=4)) == [
        (date(2026, 6, 1), 2), (date(2026, 6, 2), 2), (date(2026, 6, 3), 2), (date(2026, 6, 4), 3), (date(2026, 6, 5), 3),
    ]


def test_line_chart_scales_days_left_to_right_and_values_bottom_to_top():
    chart = line_chart(running_total([(JUNE_1, 1), (JUNE_1 + timedelta(days=10), 7)], JUNE_1, JUNE_1 + timedelta(days=10)))
    plot = chart.plot
    assert not chart.empty
    assert chart.first.x == plot.left and chart.last.x == plot.right
    assert [t.value for t in chart.y_ticks] == [0, 2, 4, 6, 8]
    assert chart.y_ticks[0].position == plot.bottom and chart.y_ticks[-1].position == plot.top
    # 8 is the top of the axis: 1 sits an eighth of the way up.
    assert chart.first.y == pytest.approx(plot.bottom - plot.height / 8, abs=0.1)
    xs = [p.x for p in chart.points]
    assert xs == sorted(xs) and len(set(xs)) == 11
    assert 0 < plot.left < plot.right <= chart.width and 0 < plot.top < plot.bottom <= chart.height


def test_line_chart_draws_flat_stretches_with_their_ends_only():
    points = running_total([(JUNE_1, 1), (JUNE_1 + timedelta(days=300), 1)], JUNE_1, JUNE_1 + timedelta(days=300))
    chart = line_chart(points)
    assert len(chart.points) == 301
    assert [(p.day, p.value) for p in chart.path] == [
        (JUNE_1, 1), (JUNE_1 + timedelta(days=299), 1), (JUNE_1 + timedelta(days=300), 2),
    ]


def test_line_chart_of_one_point_puts_it_in_the_middle():
    chart = line_chart([(JUNE_1, 4)])
    assert not chart.empty
    assert chart.last.x == pytest.approx((chart.plot.left + chart.plot.right) / 2, abs=0.1)
    assert [t.value for t in chart.x_ticks] == [JUNE_1] and chart.x_ticks[0].anchor == "middle"
    assert len(chart.path) == 1


def test_an_empty_line_chart_says_so():
    assert line_chart([]).empty
    assert line_chart([(JUNE_1, 0), (JUNE_1 + timedelta(days=1), 0)]).empty


def _label_extent(tick, style: str) -> tuple[float, float]:
    width = charts.DATE_LABEL_CHARS[style] * charts.CHAR_WIDTH
    start = {"start": tick.position, "middle": tick.position - width / 2, "end": tick.position - width}[tick.anchor]
    return start, start + width


@pytest.mark.parametrize("days", [1, 4, 30, 400])
def test_date_labels_stay_inside_the_drawing(days):
    end = JUNE_1 + timedelta(days=days)
    chart = line_chart(running_total([(JUNE_1, 1)], JUNE_1, end))
    extents = [_label_extent(t, chart.date_style) for t in chart.x_ticks]
    assert all(0 <= left and right <= chart.width + 0.05 for left, right in extents), extents
    assert all(a[1] < b[0] for a, b in zip(extents, extents[1:])), "labels overlap"
    assert len(chart.x_ticks) >= 2
    if chart.date_style == "day":
        assert chart.x_ticks[0].value == JUNE_1  # the first day, at the left edge
    else:
        assert chart.x_ticks[0].value.day == 1  # the first of a month
    bars = bar_chart(weeks(JUNE_1, end), [Series("ideas", [1] * len(weeks(JUNE_1, end)))])
    extents = [_label_extent(t, bars.date_style) for t in bars.x_ticks]
    assert all(0 <= left and right <= bars.width + 0.05 for left, right in extents), extents
    assert all(a[1] < b[0] for a, b in zip(extents, extents[1:])), "labels overlap"


def test_large_numbers_get_room_for_their_labels():
    small = line_chart([(JUNE_1, 8), (JUNE_1 + timedelta(days=1), 9)])
    large = line_chart([(JUNE_1, 800_000), (JUNE_1 + timedelta(days=1), 1_234_567)])
    assert [t.value for t in large.y_ticks] == [0, 500_000, 1_000_000, 1_500_000]
    # "1,500,000" is 9 characters, "10" only 2 (its margin is set by half a date label).
    assert large.plot.left >= 9 * charts.CHAR_WIDTH > small.plot.left
    assert large.last.y > large.plot.top  # 1,234,567 of 1,500,000: below the top


# --- bar chart -------------------------------------------------------------------------


def test_weeks_are_the_mondays_from_the_first_to_the_last_week():
    assert weeks(date(2026, 6, 3), date(2026, 6, 15)) == [date(2026, 6, 1), date(2026, 6, 8), date(2026, 6, 15)]
    assert weeks(date(2026, 6, 7), date(2026, 6, 7)) == [date(2026, 6, 1)]


def test_bar_chart_has_one_panel_per_series_each_on_its_own_scale():
    categories = weeks(JUNE_1, JUNE_1 + timedelta(weeks=2))
    chart = bar_chart(categories, [Series("ideas", [1, 0, 3]), Series("supports", [100, 2_000, 50])])
    ideas, supports = chart.panels
    assert [p.key for p in chart.panels] == ["ideas", "supports"]
    assert (ideas.total, supports.total) == (4, 2_150)
    assert [t.value for t in ideas.y_ticks] == [0, 2, 4] and [t.value for t in supports.y_ticks] == [0, 1_000, 2_000]
    # A full bar reaches the top of its own panel; an empty one has no height.
    assert supports.bars[1].y == supports.plot.top and supports.bars[1].height == supports.plot.height
    assert ideas.bars[1].height == 0
    assert ideas.bars[2].height == pytest.approx(ideas.plot.height * 3 / 4, abs=0.1)
    # Panels are stacked, bars left to right inside their slot.
    assert ideas.plot.bottom < supports.plot.top
    assert [b.x for b in ideas.bars] == sorted(b.x for b in ideas.bars) == [b.x for b in supports.bars]
    assert all(ideas.plot.left <= b.x and b.x + b.width <= ideas.plot.right for b in ideas.bars)
    assert chart.height >= chart.label_y and chart.show_values
    assert chart.rows() == [(categories[0], [1, 100]), (categories[1], [0, 2_000]), (categories[2], [3, 50])]


def test_bar_chart_labels_at_most_a_few_weeks_and_writes_no_values_on_many_bars():
    categories = weeks(JUNE_1, JUNE_1 + timedelta(weeks=25))
    chart = bar_chart(categories, [Series("ideas", list(range(26)))])
    assert len(chart.x_ticks) <= charts.MAX_BAR_LABELS and chart.x_ticks[0].value == JUNE_1
    assert not chart.show_values


def test_bar_chart_of_one_week():
    chart = bar_chart([JUNE_1], [Series("ideas", [5]), Series("supports", [0])])
    assert not chart.empty and len(chart.panels[0].bars) == 1
    bar = chart.panels[0].bars[0]
    assert bar.x + bar.width / 2 == pytest.approx((chart.panels[0].plot.left + chart.panels[0].plot.right) / 2, abs=0.1)


def test_an_empty_bar_chart_says_so():
    assert bar_chart([], []).empty
    assert bar_chart([JUNE_1], [Series("ideas", [0])]).empty


def test_every_series_needs_a_value_per_category():
    with pytest.raises(ValueError):
        bar_chart([JUNE_1], [Series("ideas", [1, 2])])
