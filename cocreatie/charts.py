"""Chart geometry for server-rendered SVG: scaled coordinates, axis ticks and the data
shaped for a table.

Pure Python: no Flask, no database, no markup. Numbers and dates go in; positions in
viewBox units come out. `templates/macros/charts.html` draws them and formats every
label (numbers, dates) in the interface language, so nothing here knows a language.

Two kinds of chart:

- `line_chart`: one series of (day, value) points, e.g. supporters over time. Long flat
  stretches are reduced to their ends, so a two-year-old idea draws a short path.
- `bar_chart`: small multiples, one panel of bars per series on a shared row of
  categories (weeks), each panel with its own scale. The panels are told apart by their
  titles, not by colour, and a series of 5 ideas is not flattened by one of 5,000 supports.

Both have `empty` (no data, or only zeros): the template then writes a sentence instead.

At the end, the site's two charts: `supporters_chart` and `participation_chart` turn what
the queries counted into a chart with the numbers its caption and table show. The views
call them; the queries know nothing of charts.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Protocol

# The drawing size in viewBox units. The SVG scales to its container, at most 28rem wide
# (static/css/cocreatie.css), so labels of 12 units read as about 17 px on a wide screen
# and 11 px on a 320-pixel phone, where the table beside the chart has every number.
WIDTH = 320
LINE_HEIGHT = 190
FONT_SIZE = 12  # the CSS sets the same size on the SVG's text
# Roughly how wide one character of a tick label is at FONT_SIZE, to leave room for the
# longest number on the value axis ("1,500,000" needs more than "8").
CHAR_WIDTH = 6.8
MAX_DATE_TICKS = 5
MAX_BAR_LABELS = 5
# How many characters a date label has, by date style: "23 Nov", "23 Nov 2026", "Nov 2026".
DATE_LABEL_CHARS = {"day": 6, "day_year": 11, "month": 8}
# Bars get their value written above them when there are this few (otherwise the table has them).
MAX_VALUE_LABELS = 8


@dataclass(frozen=True)
class Box:
    """The plot area inside the viewBox."""

    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        return _r(self.right - self.left)

    @property
    def height(self) -> float:
        return _r(self.bottom - self.top)


@dataclass(frozen=True)
class Tick:
    """An axis tick: its value (a count or a day) and where it sits (x or y). A date
    label near either end of the axis is anchored at its start or end, so it stays
    inside the drawing."""

    value: int | date
    position: float
    anchor: str = "middle"


@dataclass(frozen=True)
class Point:
    day: date
    value: int
    x: float
    y: float


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    plot: Box
    points: list[Point]  # every day given, in order
    path: list[Point]  # the points the line needs: flat stretches reduced to their ends
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    # How the template formats the day ticks: "day" (3 Jun), "day_year" (3 Jun 2026)
    # or "month" (Jun 2026).
    date_style: str

    @property
    def label_y(self) -> float:
        """Baseline of the date labels under the plot."""
        return _r(self.plot.bottom + FONT_SIZE * 1.4)

    @property
    def empty(self) -> bool:
        return not self.points or all(p.value == 0 for p in self.points)

    @property
    def first(self) -> Point:
        return self.points[0]

    @property
    def last(self) -> Point:
        return self.points[-1]


@dataclass(frozen=True)
class Bar:
    category: date
    value: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Panel:
    key: str  # what the series is; the template turns it into a translated title
    title_y: float  # baseline of the panel's title
    plot: Box
    y_ticks: list[Tick]
    bars: list[Bar]
    total: int


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    categories: list[date]
    panels: list[Panel]
    x_ticks: list[Tick]  # the categories that get a label under the last panel
    label_y: float  # baseline of those labels
    date_style: str
    show_values: bool  # few bars: write each value above its bar

    @property
    def empty(self) -> bool:
        return not self.categories or all(panel.total == 0 for panel in self.panels)

    def rows(self) -> list[tuple[date, list[int]]]:
        """The same numbers as a table: one row per category, one column per panel."""
        return [(day, [p.bars[i].value for p in self.panels]) for i, day in enumerate(self.categories)]


# --- ticks -----------------------------------------------------------------------------


def nice_ticks(maximum: int, intervals: int = 4) -> list[int]:
    """Whole-number ticks from 0 to at least `maximum`, in steps of 1, 2 or 5 × 10ⁿ,
    with at most about `intervals` steps: 0, 2, 4, 6, 8 for 7; 0, 500,000, 1,000,000,
    1,500,000 for 1,234,567."""
    if maximum <= 0:
        return [0, 1]
    raw = maximum / intervals
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(1, round(step))
    top = math.ceil(maximum / step) * step
    return list(range(0, top + 1, step))


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def date_ticks(start: date, end: date, max_ticks: int = MAX_DATE_TICKS) -> tuple[list[date], str]:
    """At most `max_ticks` evenly spaced days between start and end (inclusive), and how
    to write them: every n days for spans up to a few months, else the first of every
    n months."""
    span = (end - start).days
    crosses_year = start.year != end.year
    if span <= 0:
        return [start], "day_year" if crosses_year else "day"
    # Labels with a year are twice as long: fewer of them fit.
    limit = min(max_ticks, 3) if crosses_year else max_ticks
    for step in (1, 2, 7, 14, 28):
        if span // step + 1 <= limit:
            return [start + timedelta(days=d) for d in range(0, span + 1, step)], (
                "day_year" if crosses_year else "day"
            )
    first = _add_months(start, 1)  # the first of a month inside the span, clear of its left edge
    for months in (1, 2, 3, 6, 12, 24, 60):
        days = []
        day = first
        while day <= end:
            days.append(day)
            day = _add_months(day, months)
        if len(days) <= max_ticks:
            return days, "month"
    return [start, end], "month"


def _label_width(ticks: Iterable[int]) -> float:
    # "1,500,000" and "1.500.000" are equally long: digits plus a separator per three.
    longest = max(len(f"{t:,}") for t in ticks)
    return longest * CHAR_WIDTH + 8


def _scale(value: float, low: float, high: float, start: float, end: float) -> float:
    if high == low:
        return (start + end) / 2
    return start + (value - low) / (high - low) * (end - start)


def _r(number: float) -> float:
    return round(number, 1)


def _date_ticks_that_fit(positions: Iterable[tuple[date, float]], style: str, width: float) -> list[Tick]:
    """Date ticks with their anchors, leaving out any whose label would touch the one
    before it (a label at the left edge hangs to the right, so it takes more room)."""
    label = DATE_LABEL_CHARS[style] * CHAR_WIDTH
    ticks: list[Tick] = []
    taken_until = -math.inf
    for day, x in positions:
        anchor = _anchor(x, style, width)
        starts = {"start": x, "middle": x - label / 2, "end": x - label}[anchor]
        if starts >= taken_until + CHAR_WIDTH / 2:
            ticks.append(Tick(day, _r(x), anchor))
            taken_until = starts + label
    return ticks


def _anchor(x: float, style: str, width: float) -> str:
    """Where a date label hangs from its tick: centred, unless that would cut it off at
    either edge of the drawing."""
    half = DATE_LABEL_CHARS[style] * CHAR_WIDTH / 2
    if x - half < 0:
        return "start"
    if x + half > width + 0.05:
        return "end"
    return "middle"


# --- line chart ------------------------------------------------------------------------


def running_total(daily: Iterable[tuple[date, int]], start: date, end: date) -> list[tuple[date, int]]:
    """Every day from start to end (inclusive) with the total so far; days with nothing
    new carry the previous total. Days in `daily` before `start` count towards the first."""
    per_day: dict[date, int] = {}
    total = 0
    for day, n in daily:
        if day < start:
            total += n
        else:
            per_day[day] = per_day.get(day, 0) + n
    points = []
    for offset in range((end - start).days + 1):
        day = start + timedelta(days=offset)
        total += per_day.get(day, 0)
        points.append((day, total))
    return points


def _without_flat_middles(points: list[Point]) -> list[Point]:
    """Drop points whose neighbours on both sides have the same value: they lie on a
    straight horizontal line between them, so the drawing does not change."""
    kept = []
    for i, point in enumerate(points):
        if 0 < i < len(points) - 1 and points[i - 1].value == point.value == points[i + 1].value:
            continue
        kept.append(point)
    return kept


def line_chart(
    points: Sequence[tuple[date, int]], width: int = WIDTH, height: int = LINE_HEIGHT, ceiling: float = 0
) -> LineChart:
    """Scale (day, value) points, in order of day, into the viewBox; the value axis
    reaches at least `ceiling` (a target drawn beside the line, say)."""
    values = [v for _, v in points]
    y_values = nice_ticks(math.ceil(max(max(values, default=0), ceiling)))
    plot = Box(
        # Room for the longest value label, and for half a date label under the first day.
        left=_r(max(_label_width(y_values), DATE_LABEL_CHARS["day"] * CHAR_WIDTH / 2 + 2)),
        # Room above the highest point for its value label, and on the right for half a date.
        top=_r(FONT_SIZE * 1.8),
        right=_r(width - 3 * CHAR_WIDTH),
        bottom=_r(height - FONT_SIZE * 2.2),
    )
    if not points:
        return LineChart(width, height, plot, [], [], [], [], "day")
    first, last = points[0][0], points[-1][0]
    span = (last - first).days

    def x_of(day: date) -> float:
        return _r(_scale((day - first).days, 0, span, plot.left, plot.right))

    def y_of(value: int) -> float:
        return _r(_scale(value, 0, y_values[-1], plot.bottom, plot.top))

    scaled = [Point(day, value, x_of(day), y_of(value)) for day, value in points]
    days, style = date_ticks(first, last)
    return LineChart(
        width=width,
        height=height,
        plot=plot,
        points=scaled,
        path=_without_flat_middles(scaled),
        x_ticks=_date_ticks_that_fit([(day, x_of(day)) for day in days], style, width),
        y_ticks=[Tick(v, y_of(v)) for v in y_values],
        date_style=style,
    )


# --- bar chart (small multiples) ---------------------------------------------------------


def weeks(start: date, end: date) -> list[date]:
    """The Mondays of every week from the one holding `start` to the one holding `end`."""
    monday = start - timedelta(days=start.weekday())
    last = end - timedelta(days=end.weekday())
    return [monday + timedelta(weeks=n) for n in range((last - monday).days // 7 + 1)]


@dataclass(frozen=True)
class Series:
    key: str
    values: list[int] = field(default_factory=list)


def bar_chart(
    categories: Sequence[date],
    series: Sequence[Series],
    width: int = WIDTH,
    panel_height: int = 56,
) -> BarChart:
    """One panel per series, stacked, with bars for each category (left to right)."""
    for s in series:
        if len(s.values) != len(categories):
            raise ValueError(f"series {s.key!r} has {len(s.values)} values for {len(categories)} categories")
    ticks_per_panel = [nice_ticks(max(s.values, default=0), intervals=2) for s in series]
    left = _r(max((_label_width(t) for t in ticks_per_panel), default=8))
    right = _r(width - CHAR_WIDTH * 2)
    show_values = 0 < len(categories) <= MAX_VALUE_LABELS
    # Title line, then a clear line of air so the title never touches the highest value
    # label of the axis beneath it (which is centred on the top of the plot), more when
    # values are written above the bars, then the bars.
    title_gap = FONT_SIZE * (2.8 if show_values else 2.1)
    slot = (right - left) / max(len(categories), 1)
    bar_width = _r(min(slot * 0.7, 48))
    panels = []
    top = 0.0
    for s, y_values in zip(series, ticks_per_panel):
        title_y = top + FONT_SIZE
        plot = Box(left, _r(top + title_gap), right, _r(top + title_gap + panel_height))

        def y_of(value: int, plot=plot, y_values=y_values) -> float:
            return _r(_scale(value, 0, y_values[-1], plot.bottom, plot.top))

        bars = []
        for i, (day, value) in enumerate(zip(categories, s.values)):
            x = plot.left + slot * i + (slot - bar_width) / 2
            y = y_of(value)
            bars.append(Bar(day, value, _r(x), y, bar_width, _r(plot.bottom - y)))
        panels.append(Panel(s.key, _r(title_y), plot, [Tick(v, y_of(v)) for v in y_values], bars, sum(s.values)))
        top = plot.bottom + FONT_SIZE * 0.8
    label_y = top + FONT_SIZE * 0.6
    style = "day_year" if categories and categories[0].year != categories[-1].year else "day"
    every = math.ceil(len(categories) / (MAX_BAR_LABELS if style == "day" else 3)) or 1
    x_ticks = _date_ticks_that_fit(
        [(day, left + slot * (i + 0.5)) for i, day in enumerate(categories) if i % every == 0], style, width
    )
    return BarChart(
        width=width,
        height=math.ceil(label_y + FONT_SIZE * 0.6),
        categories=list(categories),
        panels=panels,
        x_ticks=x_ticks,
        label_y=_r(label_y),
        date_style=style,
        show_values=show_values,
    )


# --- the site's charts, from what was counted ------------------------------------------------


class CountedSupporters(Protocol):
    """What ideas.queries.supporters_over_time counts."""

    daily: Sequence[tuple[date, int]]  # (day, new supporters), in order; days without any left out
    start: date
    end: date


@dataclass(frozen=True)
class SupportersChart:
    """The idea page's chart of supporters over time, and its table: the days on which
    people who still support the idea gave their support, as (day, new supporters, total)."""

    chart: LineChart
    days: list[tuple[date, int, int]]

    @property
    def busiest(self) -> tuple[date, int]:
        """The (first) day with the most new supporters."""
        day, new, _total = max(self.days, key=lambda row: row[1])
        return day, new


def supporters_chart(counted: CountedSupporters) -> SupportersChart:
    """Supporters cumulated per day from `counted.start` to `counted.end`; an empty chart
    when nobody supports the idea."""
    if not counted.daily:
        return SupportersChart(line_chart([]), [])
    points = running_total(counted.daily, counted.start, counted.end)
    totals = dict(points)
    return SupportersChart(line_chart(points), [(day, new, totals[day]) for day, new in counted.daily])


class CountedParticipation(Protocol):
    """What consultations.queries.participation counts."""

    counts: Mapping[str, Mapping[date, int]]  # per kind: per week (its Monday), weeks without any left out
    people: int
    first_day: date
    last_day: date
    counted_at: datetime
    refreshed_every: timedelta | None


@dataclass(frozen=True)
class ParticipationChart:
    """The consultation page's participation chart, and what its caption says."""

    chart: BarChart  # a panel per kind ("ideas", "comments", "supports"), a bar per week
    people: int  # distinct people who posted an idea, reacted or supported
    counted_at: datetime
    refreshed_every: timedelta | None  # None: counted for this very page view


def participation_chart(counted: CountedParticipation) -> ParticipationChart:
    """A bar for every week from the first day's to the last day's (and any week counted
    outside them), at zero where nothing was counted."""
    days = [counted.first_day, counted.last_day, *(week for per_week in counted.counts.values() for week in per_week)]
    categories = weeks(min(days), max(days))
    series = [Series(kind, [per_week.get(week, 0) for week in categories]) for kind, per_week in counted.counts.items()]
    return ParticipationChart(bar_chart(categories, series), counted.people, counted.counted_at, counted.refreshed_every)


@dataclass(frozen=True)
class KpiChart:
    """A KPI's course per day (the dashboard), with its target as a level line."""

    chart: LineChart
    target_y: float | None  # where the target's line sits; None without a target
    rows: list[tuple[date, float]]  # for the table: the last day, and every 7th day before it


def kpi_chart(series: Sequence[tuple[date, float]], target: float | None) -> KpiChart:
    chart = line_chart(series, ceiling=target or 0)
    target_y = None
    if target is not None and chart.y_ticks:
        top = chart.y_ticks[-1].value or 1
        target_y = _r(_scale(target, 0, top, chart.plot.bottom, chart.plot.top))
    rows = [point for i, point in enumerate(series) if (len(series) - 1 - i) % 7 == 0]
    return KpiChart(chart, target_y, rows)
