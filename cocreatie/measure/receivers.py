"""How the measurements react to what other features did (cocreatie.signals)."""

from __future__ import annotations

from cocreatie import signals
from cocreatie.measure import services


def _copied_goals(consultation, source, days_moved=0, **_details):
    services.copy_goals(source, consultation, days_moved)


def connect() -> None:
    signals.consultation_duplicated.connect(_copied_goals)
