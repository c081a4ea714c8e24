"""Reads for pages that link to the open-data download: what is on offer and since when
(no database query: the stored file's own record and the consultations' idea counts)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from flask import current_app

from cocreatie.models import Consultation
from cocreatie.opendata import stored


@dataclass(frozen=True)
class Offer:
    """How a download can be had: made when asked for (small), or the stored file made at
    `made_at` (large; None while none has been made yet)."""

    on_request: bool
    made_at: datetime | None

    @property
    def available(self) -> bool:
        return self.on_request or self.made_at is not None


def offer(consultations: Sequence[Consultation], site: bool = False) -> Offer:
    """The download of one consultation, or (`site`) of all of these."""
    config = current_app.config
    if stored.on_request(consultations, config["OPEN_DATA_ON_REQUEST_IDEAS"]):
        return Offer(True, None)
    key = stored.SITE if site else stored.key_of(consultations[0])
    made = stored.downloads_from(config).made(key)
    return Offer(False, made.at if made else None)
