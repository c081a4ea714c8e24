"""One place that says what time it is, so tests can freeze it."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Naive UTC: what every timestamp column stores."""
    return datetime.now(UTC).replace(tzinfo=None)
