"""Demo data for "Gemeente Voorbeeld", loaded by `flask load-demo`.

The content — people, consultations, ideas, their threads, reports, responses, outcome
and progress — is data: one TOML file per consultation in data/ (data/README.md
describes the format). `content` reads and checks the files; `replay` puts them in the
database through the real services, deterministically.

Never in production: every demo account, an administrator included, has the password
printed below (`flask load-demo` refuses when COCREATIE_ENV=production).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from cocreatie.demo import replay
from cocreatie.demo.accounts import (
    ADMIN_EMAIL,
    CITIZEN_EMAIL,
    CIVIL_SERVANT_EMAIL,
    DEMO_PASSWORD,
    DEMO_URL,
    LOGINS_TEXT,
    PROCESMANAGER_EMAIL,
)
from cocreatie.demo.content import ConsultationSpec, DemoContent, DemoDataError, read_content

__all__ = [
    "ADMIN_EMAIL",
    "AFVAL",
    "CITIZEN_EMAIL",
    "CIVIL_SERVANT_EMAIL",
    "CONSULTATIONS",
    "CONTENT",
    "DEMO_PASSWORD",
    "DEMO_URL",
    "LOGINS_TEXT",
    "PROCESMANAGER_EMAIL",
    "SCHOOLROUTES",
    "SPEELPLAATSEN",
    "STATIONSPLEIN",
    "ZWEMBAD",
    "ConsultationSpec",
    "DemoContent",
    "DemoDataError",
    "load",
]

# Read (and checked) once, on import: a broken data file fails here, naming file and key.
CONTENT = read_content()
CONSULTATIONS: tuple[ConsultationSpec, ...] = tuple(CONTENT.consultations.values())
STATIONSPLEIN = CONTENT.consultations["stationsplein"]
SCHOOLROUTES = CONTENT.consultations["schoolroutes"]
SPEELPLAATSEN = CONTENT.consultations["speelplaatsen"]
AFVAL = CONTENT.consultations["afval"]
ZWEMBAD = CONTENT.consultations["zwembad"]


def load(now: datetime, progress: Callable[[int], None]) -> None:
    """Fill an empty database with the demo, as it stands at `now`; the caller commits.
    `progress` receives whole steps that add up to 100."""
    replay.load(CONTENT, now, progress)
