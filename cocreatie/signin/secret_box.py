"""TOTP secrets are stored encrypted (Fernet: AES-128-CBC with HMAC-SHA256), with a key
derived from the application's SECRET_KEY. A copy of the database alone then gives no
one the codes of the staff. Keys in SECRET_KEY_FALLBACKS (Flask's own setting for
rotating the secret key) still decrypt, so rotating the key does not lock anyone out;
a secret is re-encrypted with the current key whenever it is set up again."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

_PURPOSE = b"cocreatie.signin.totp-secret"


def _fernet(secret_key: str | bytes) -> Fernet:
    key = secret_key.encode() if isinstance(secret_key, str) else secret_key
    # HMAC as the key-derivation function: SECRET_KEY is long and random (checked at start).
    return Fernet(base64.urlsafe_b64encode(hmac.new(key, _PURPOSE, hashlib.sha256).digest()))


class SecretBox:
    """Encrypts with the first key, decrypts with any of them."""

    def __init__(self, secret_keys: Iterable[str | bytes]):
        keys = [key for key in secret_keys if key]
        if not keys:
            raise ValueError("a secret key is needed to keep TOTP secrets")
        self._fernet = MultiFernet([_fernet(key) for key in keys])

    def seal(self, secret: str) -> str:
        return self._fernet.encrypt(secret.encode()).decode("ascii")

    def open(self, sealed: str) -> str | None:
        """The secret, or None when no key we have can read it (SECRET_KEY changed
        without keeping the old one as a fallback)."""
        try:
            return self._fernet.decrypt(sealed.encode("ascii")).decode()
        except InvalidToken:
            return None


def for_app(config) -> SecretBox:
    """The box of an application, from its configuration (SECRET_KEY and its fallbacks)."""
    return SecretBox([config["SECRET_KEY"], *(config.get("SECRET_KEY_FALLBACKS") or [])])
