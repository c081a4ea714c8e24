"""Noticing that someone is guessing an account's password (security checklist 24).

Throttling alone could become a lock-out button, so log-in limits are per (account,
address) with a looser one per account (accounts/routes.py), and the owner is told. This
module counts failed log-ins per account, in the rate limits' storage (Redis in
production, so every worker and machine counts together). A failure from an address the
account signed in from lately does not count: that is the owner mistyping. Once the count
passes THRESHOLD within WINDOW, the caller tells the owner, at most once per
NOTICE_PERIOD however long the guessing goes on.

Accounts and addresses are stored only as keyed digests (extensions.account_digest)."""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from flask import Flask, current_app, has_request_context
from flask_limiter.util import get_remote_address
from flask_login import user_logged_in
from limits.storage import Storage, storage_from_string

from cocreatie.extensions import account_digest

THRESHOLD = 10  # failed log-ins from unfamiliar addresses …
WINDOW = timedelta(hours=1)  # … within this time (from the first of them)
NOTICE_PERIOD = timedelta(days=1)  # one e-mail per account in this time, at most
FAMILIAR_FOR = timedelta(days=30)  # an address signed in from counts as the owner's this long

_EXTENSION = "cocreatie.guessing"


def init_app(app: Flask) -> None:
    """Counters of this app, in the storage its rate limits use (memory:// counts per
    worker; redis:// across all of them)."""
    app.extensions[_EXTENSION] = storage_from_string(app.config["RATELIMIT_STORAGE_URI"])
    user_logged_in.connect(_remember_address)  # one receiver, however many apps


def _storage() -> Storage:
    return current_app.extensions[_EXTENSION]


def _address_digest(email: str, address: str) -> str:
    key = current_app.secret_key
    key = key.encode() if isinstance(key, str) else key
    return hmac.new(key, f"{account_digest(email)} {address}".encode(), hashlib.sha256).hexdigest()[:32]


def _remember_address(app, user, **_extra) -> None:
    """On every log-in (password, confirmation or reset link): this address is the owner's."""
    if not has_request_context() or _EXTENSION not in app.extensions:
        return
    key = f"familiar/{_address_digest(user.email, get_remote_address())}"
    app.extensions[_EXTENSION].incr(key, int(FAMILIAR_FOR.total_seconds()))


def failed_login(email: str) -> bool:
    """Count a failed log-in for `email` from the visitor's address. True, once per
    NOTICE_PERIOD, when it is the one that takes the account past THRESHOLD: the caller
    then tells the owner. The same for addresses without an account (nothing is sent)."""
    storage = _storage()
    if storage.get(f"familiar/{_address_digest(email, get_remote_address())}"):
        return False
    account = account_digest(email)
    failures = storage.incr(f"failed/{account}", int(WINDOW.total_seconds()))
    if failures != THRESHOLD + 1:  # incr is atomic: exactly one request sees the crossing
        return False
    return storage.incr(f"told/{account}", int(NOTICE_PERIOD.total_seconds())) == 1
