"""One-click unsubscribe links (RFC 8058): signed, purpose-bound, expiring.

A signed token, not an AccountToken row: every notification e-mail carries one, and the
link in last week's e-mail should still work. Using it only ever lowers the e-mail
frequency to "never", so it may safely be used again (mail providers sometimes POST
twice). The salt binds it to this purpose: no other signed value of the application,
and no AccountToken (confirmation, password reset), is accepted here. The payload holds
a hash of the address, so links sent to an old address stop working when it changes.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from itsdangerous import BadSignature, URLSafeTimedSerializer

from cocreatie import db
from cocreatie.models import User
from cocreatie import links

SALT = "cocreatie.notifications.unsubscribe"
LIFETIME = timedelta(days=90)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(links.current().secret_key, salt=SALT)


def _address_hash(email: str) -> str:
    return hashlib.sha256(email.encode()).hexdigest()[:16]


def make_token(user: User) -> str:
    return _serializer().dumps([user.id, _address_hash(user.email)])


def read_token(token: str) -> User | None:
    """The person a token unsubscribes, or None if it is forged, expired, meant for
    something else, or for an address the account no longer has."""
    try:
        user_id, address_hash = _serializer().loads(token, max_age=int(LIFETIME.total_seconds()))
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(user_id, int):
        return None
    user = db.session.get(User, user_id)
    if user is None or _address_hash(user.email) != address_hash:
        return None
    return user
