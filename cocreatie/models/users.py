from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Index, String
from sqlalchemy.dialects import postgresql
from typing import TYPE_CHECKING

from sqlalchemy.orm import Mapped, mapped_column, relationship, validates
from werkzeug.security import check_password_hash

from cocreatie.clock import utcnow
from cocreatie.models.base import Base

if TYPE_CHECKING:
    from cocreatie.models.consultations import ConsultationMember, MemberRole



def normalise_email(email: str) -> str:
    """The one form of an address the database stores and compares."""
    return email.strip().lower()


class EmailFrequency(enum.StrEnum):
    """How often someone wants e-mail about what they follow (notifications)."""

    IMMEDIATELY = "immediately"
    DAILY = "daily"
    NEVER = "never"


class SiteRole(enum.StrEnum):
    CITIZEN = "citizen"
    CIVIL_SERVANT = "civil_servant"
    ADMIN = "admin"


def _bytewise(length: int) -> String:
    """Compared character by character on either database (SQLite always does), so a
    "starts with" search is a range over the column's index whatever the locale."""
    return String(length).with_variant(postgresql.VARCHAR(length, collation="C"), "postgresql")


def name_key(display_name: str) -> str:
    """The form of a name that the people page searches by its start (an index)."""
    return display_name.strip().lower()[:80]


def _name_key_default(context) -> str:
    # For inserts that bypass the model (the benchmark's bulk seeding).
    return name_key(context.get_current_parameters().get("display_name") or "")


class User(Base):
    __tablename__ = "users"
    __table_args__ = (Index("ix_users_name_key", "name_key", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased, so the unique constraint is case-insensitive.
    email: Mapped[str] = mapped_column(_bytewise(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    # display_name in lower case, kept in step by `_keep_name_key` (people search).
    name_key: Mapped[str] = mapped_column(_bytewise(80), default=_name_key_default, server_default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    site_role: Mapped[SiteRole] = mapped_column(
        Enum(SiteRole, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]),
        default=SiteRole.CITIZEN,
    )
    locale: Mapped[str | None] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    email_confirmed_at: Mapped[datetime | None]
    email_frequency: Mapped[EmailFrequency] = mapped_column(
        Enum(EmailFrequency, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]),
        default=EmailFrequency.IMMEDIATELY,
        server_default=EmailFrequency.IMMEDIATELY.value,
    )
    # E-mail about a procesmanager's work (new reports, requests for review): apart from
    # the above, so that moderators can hear of reports at once and of the rest daily.
    work_email_frequency: Mapped[EmailFrequency] = mapped_column(
        Enum(EmailFrequency, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]),
        default=EmailFrequency.IMMEDIATELY,
        server_default=EmailFrequency.IMMEDIATELY.value,
    )
    # A new address asked for on the account page, until the link mailed to it is opened
    # (privacy.services.confirm_email_change); cleared then, or by `flask retention`.
    pending_email: Mapped[str | None] = mapped_column(String(254))
    # Set by an administrator (cocreatie/people): a blocked person cannot log in or take
    # part; what they wrote stays, subject to moderation like anyone's.
    blocked_at: Mapped[datetime | None]

    memberships: Mapped[list[ConsultationMember]] = relationship(lazy="select", viewonly=True)

    # Flask-Login's protocol, kept here so the model needs no Flask import.
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        """Flask-Login signs no blocked account in."""
        return self.blocked_at is None

    @property
    def is_blocked(self) -> bool:
        return self.blocked_at is not None

    @validates("display_name")
    def _keep_name_key(self, _key: str, value: str) -> str:
        self.name_key = name_key(value or "")
        return value

    def get_id(self) -> str:
        return str(self.id)

    def has_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def record_login(self, now: datetime) -> None:
        self.last_login_at = now

    @property
    def is_admin(self) -> bool:
        return self.site_role == SiteRole.ADMIN

    @property
    def is_civil_servant(self) -> bool:
        return self.site_role in (SiteRole.CIVIL_SERVANT, SiteRole.ADMIN)

    def roles_in(self, consultation_id: int) -> set[MemberRole]:
        """This person's roles in one consultation (memberships load once per request)."""
        return {m.role for m in self.memberships if m.consultation_id == consultation_id}


class TokenPurpose(enum.StrEnum):
    CONFIRM_EMAIL = "confirm_email"
    RESET_PASSWORD = "reset_password"
    CHANGE_EMAIL = "change_email"  # sent to User.pending_email


class AccountToken(Base):
    """A single-use, expiring token bound to one purpose and one person.

    Only a SHA-256 hash is stored: a leaked table does not leak usable links.
    """

    __tablename__ = "account_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[TokenPurpose] = mapped_column(
        Enum(TokenPurpose, native_enum=False, length=30, values_callable=lambda e: [m.value for m in e])
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()

    def is_usable(self, purpose: TokenPurpose, now: datetime) -> bool:
        return self.purpose == purpose and self.used_at is None and now < self.expires_at
