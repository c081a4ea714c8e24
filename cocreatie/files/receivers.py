"""How the files react to what other features did (cocreatie.signals)."""

from __future__ import annotations

from cocreatie import signals
from cocreatie.files import services


def _copied_header_images(consultation, source, **_details):
    services.copy_header_images(source, consultation)


def connect() -> None:
    signals.consultation_duplicated.connect(_copied_header_images)
