"""Dates people type are local days; the database stores naive UTC instants (and groups
them by local day with `local_date`)."""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Date, case, cast, func, literal, literal_column, type_coerce

from cocreatie import db

LOCAL = ZoneInfo("Europe/Amsterdam")


def start_of_local_day(day: date) -> datetime:
    return datetime.combine(day, time.min, LOCAL).astimezone(UTC).replace(tzinfo=None)


def end_of_local_day(day: date) -> datetime:
    """The first instant after that day: phases end exclusively."""
    return start_of_local_day(day + timedelta(days=1))


def local_day(instant: datetime) -> date:
    return instant.replace(tzinfo=UTC).astimezone(LOCAL).date()


def last_local_day(exclusive_end: datetime) -> date:
    return local_day(exclusive_end - timedelta(seconds=1))


def iso_local_date(value: datetime | date) -> str:
    """The local day as YYYY-MM-DD, for `<time datetime>` beside a formatted date: a
    stored instant is naive UTC, and local midnight is the evening before in UTC."""
    if isinstance(value, datetime):
        return local_day(value).isoformat()
    return value.isoformat()


def iso_instant(value: datetime) -> str:
    """A stored instant (naive UTC) for `<time datetime>` beside a formatted date and time:
    with its zone, so that a machine reads the moment the person reads."""
    return value.replace(microsecond=0).isoformat() + "Z"


@functools.lru_cache(maxsize=64)
def _utc_offsets(first_day: date, last_day: date) -> tuple[tuple[datetime | None, int], ...]:
    """The local UTC offset (seconds) over these UTC days: ((None, first offset),
    (instant it changes, new offset), …). Daylight saving changes on the hour."""

    def offset(instant: datetime) -> int:
        return int(instant.replace(tzinfo=UTC).astimezone(LOCAL).utcoffset().total_seconds())

    hour = datetime.combine(first_day, datetime.min.time())
    until = datetime.combine(last_day + timedelta(days=1), datetime.min.time())
    periods: list[tuple[datetime | None, int]] = [(None, offset(hour))]
    while hour < until:
        next_day = hour + timedelta(days=1)
        if offset(next_day) != periods[-1][1]:
            while offset(hour) == periods[-1][1]:
                hour += timedelta(hours=1)
            periods.append((hour, offset(hour)))
        hour = next_day
    return tuple(periods)


def local_date(column, since: datetime, until: datetime):
    """SQL for the local (Europe/Amsterdam) day of a naive-UTC timestamp column.

    PostgreSQL converts with its own time-zone data. SQLite has none, so the offset is
    added with a CASE over the daylight-saving changes between `since` and `until`, worked
    out here; an instant outside that range gets the offset at the nearer end. GROUP BY
    may repeat the expression: PostgreSQL's has no bound parameters (which it would not
    match between SELECT and GROUP BY), and SQLite does not compare them.
    """
    if not db.is_sqlite():
        zone = literal_column(f"'{LOCAL.key}'")  # a constant, not user input
        return cast(func.timezone(zone, func.timezone(literal_column("'UTC'"), column)), Date)
    periods = _utc_offsets(since.date(), until.date())
    modifiers = [f"{seconds:+d} seconds" for _, seconds in periods]
    if len(periods) == 1:
        modifier = literal(modifiers[0])
    else:
        modifier = case(
            *[(column < changes_at, before) for (changes_at, _), before in zip(periods[1:], modifiers)],
            else_=modifiers[-1],
        )
    return type_coerce(func.date(column, modifier), Date)


def local_moment(day: date, clock: time) -> datetime:
    """A local date and time of day (Europe/Amsterdam) as the naive UTC instant stored."""
    return datetime.combine(day, clock, LOCAL).astimezone(UTC).replace(tzinfo=None)
