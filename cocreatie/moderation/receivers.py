"""How moderation reacts to what other features did (cocreatie.signals)."""

from __future__ import annotations

from cocreatie import signals
from cocreatie.moderation import services


def _default_house_rules(consultation, **_details):
    services.add_default_house_rules(consultation)  # its procesmanagers adapt them


def _copied_house_rules(consultation, source, **_details):
    services.copy_house_rules(source, consultation)


def connect() -> None:
    signals.consultation_created.connect(_default_house_rules)
    signals.consultation_duplicated.connect(_copied_house_rules)
