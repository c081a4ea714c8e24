"""Secret tokens in links and cookies (confirmation, reset, invitation, session, recovery
codes): only their SHA-256 hash is stored, so a leaked table leaks no usable token."""

from __future__ import annotations

import hashlib


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
