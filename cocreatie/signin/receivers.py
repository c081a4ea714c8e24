"""How signing in reacts to what other features did (cocreatie.signals)."""

from __future__ import annotations

from cocreatie import signals
from cocreatie.signin import services


def _end_sessions_of_blocked_account(user, now, **_details):
    services.end_sessions(user, now)  # signed in elsewhere: signed out at the next request


def connect() -> None:
    signals.account_blocked.connect(_end_sessions_of_blocked_account)
