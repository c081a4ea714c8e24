"""Signing in, kept on the server: a record per signed-in browser, and a person's second
factor (a TOTP app) with its one-time recovery codes.

The browser's cookie holds only a random session id; the database keeps its SHA-256
hash, so a leaked table opens no session. A session is over when its record says so
(log-out, ended from the sessions page, a password change) or when it has been idle or
alive too long: the record decides, not the cookie.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import BigInteger, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cocreatie.models.base import Base
from cocreatie.models.users import User


class UserSession(Base):
    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # What the person recognises it by, read from the User-Agent ("Firefox on Windows").
    device: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime]
    # Moved on at most every few minutes (cocreatie.signin), not on every request.
    last_seen_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()

    def is_live(self, now: datetime, idle: timedelta, lifetime: timedelta) -> bool:
        """Not ended, used within `idle`, and started within `lifetime`."""
        return self.ended_at is None and now - self.last_seen_at < idle and now - self.created_at < lifetime

    def end(self, now: datetime) -> None:
        if self.ended_at is None:
            self.ended_at = now


class TwoFactor(Base):
    """A person's TOTP secret (encrypted; see cocreatie.signin.secret_box). Unconfirmed
    (`confirmed_at` empty) while being set up: it counts only once a first code proved
    that the app on the phone has it."""

    __tablename__ = "two_factor"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    secret_encrypted: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime]
    confirmed_at: Mapped[datetime | None]
    # The last 30-second time step whose code was accepted: no code of that step or an
    # earlier one is accepted again, so a code seen over someone's shoulder is spent.
    last_used_step: Mapped[int | None] = mapped_column(BigInteger)

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class RecoveryCode(Base):
    """A one-time code for when the phone is not at hand: stored as a SHA-256 hash (the
    codes are random, ~50 bits), shown to the person once, usable once."""

    __tablename__ = "recovery_codes"
    __table_args__ = (UniqueConstraint("user_id", "code_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
