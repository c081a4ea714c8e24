"""Dates people type are local days; the database stores naive UTC instants."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

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
