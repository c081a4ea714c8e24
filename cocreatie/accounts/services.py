"""Accounts: registration with e-mail confirmation, authentication, password reset."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

from flask_babel import force_locale, gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from cocreatie import audit, db, mail
from cocreatie.errors import DomainError
from cocreatie.models import AccountToken, ConsultationMember, MemberRole, SiteRole, TokenPurpose, User
from cocreatie.models.users import normalise_email
from cocreatie.names import display_name_problem, normalise_display_name
from cocreatie.tokens import hash_token

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256
CONFIRM_TOKEN_LIFETIME = timedelta(hours=48)
RESET_TOKEN_LIFETIME = timedelta(hours=1)
# Checked against when an e-mail address is unknown, so a failed log-in takes as long
# whether or not the account exists.
_DUMMY_HASH = generate_password_hash("not-a-real-password-just-timing")


@cache
def _common_passwords() -> frozenset[str]:
    path = Path(__file__).with_name("common_passwords.txt")
    return frozenset(line.strip().lower() for line in path.read_text().splitlines() if line.strip())


def password_problem(password: str, email: str = "", display_name: str = "") -> str | None:
    """Why a password is not acceptable, or None. Length only, no composition rules."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("Use at least %(n)d characters.", n=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        return _("Use at most %(n)d characters.", n=MAX_PASSWORD_LENGTH)
    lowered = password.lower()
    if lowered in _common_passwords() or len(set(lowered)) <= 2:
        return _("This password is too common. Choose a less predictable one, for example a few unrelated words.")
    if lowered in {normalise_email(email), display_name.strip().lower()}:
        return _("Your password cannot be your e-mail address or name.")
    return None


# Slow and salted by design (scrypt); the test suite swaps in a cheap method.
PASSWORD_HASH_METHOD = "scrypt"


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=PASSWORD_HASH_METHOD)


def issue_token(user: User, purpose: TokenPurpose, lifetime: timedelta, now: datetime) -> str:
    token = secrets.token_urlsafe(32)
    db.session.add(
        AccountToken(
            user=user, purpose=purpose, token_hash=hash_token(token), expires_at=now + lifetime
        )
    )
    return token


def redeem_token(token: str, purpose: TokenPurpose, now: datetime) -> User:
    """Use a token once. Marked used with a conditional UPDATE so a replay race loses."""
    record = db.session.scalar(
        select(AccountToken).where(AccountToken.token_hash == hash_token(token))
    )
    if record is None or not record.is_usable(purpose, now):
        raise DomainError(_("This link is invalid or has expired."))
    claimed = db.session.execute(
        AccountToken.__table__.update()
        .where(AccountToken.id == record.id, AccountToken.used_at.is_(None))
        .values(used_at=now)
    ).rowcount
    if claimed != 1:
        raise DomainError(_("This link is invalid or has expired."))
    return record.user


def _acceptable_name(display_name: str, *, role_words_allowed: bool) -> str:
    """The display name as stored (`cocreatie.names`); DomainError when it cannot be used."""
    name = normalise_display_name(display_name)
    problem = display_name_problem(name, role_words_allowed=role_words_allowed)
    if problem:
        raise DomainError(problem, field="display_name")
    return name


def register(
    email: str,
    display_name: str,
    password: str,
    now: datetime,
    confirm_url: Callable[[str], str],
    login_url: str,
    locale: str | None = None,
) -> User | None:
    """Create an unconfirmed account and e-mail a confirmation link.

    If the address is taken, its owner gets an e-mail instead and the caller sees the
    same outcome, so registration never reveals whether an address has an account.
    Returns the new user, or None when the address was taken.
    """
    email = normalise_email(email)
    display_name = _acceptable_name(display_name, role_words_allowed=False)  # before the address tells anything
    # Hashing is the slow step: both paths take it, so the time the answer takes does not
    # tell whether the address has an account either.
    password_hash = hash_password(password)
    existing = db.session.scalar(select(User).where(User.email == email))
    if existing is not None:
        mail.queue(
            mail.Message(
                to=email,
                subject=_("Someone tried to register with your address"),
                body=_(
                    "Someone (perhaps you) tried to create an account with this e-mail "
                    "address, but you already have one. You can log in here: %(url)s\n\n"
                    "If this was not you, you can ignore this message.",
                    url=login_url,
                ),
            )
        )
        return None
    user = User(email=email, display_name=display_name, password_hash=password_hash, locale=locale)
    try:
        with db.session.begin_nested():
            db.session.add(user)
    except IntegrityError:  # registered in parallel a moment ago
        return None
    send_confirmation(user, now, confirm_url)
    return user


def send_confirmation(user: User, now: datetime, confirm_url: Callable[[str], str]) -> None:
    token = issue_token(user, TokenPurpose.CONFIRM_EMAIL, CONFIRM_TOKEN_LIFETIME, now)
    mail.queue(
        mail.Message(
            to=user.email,
            subject=_("Confirm your e-mail address"),
            body=_(
                "Welcome, %(name)s.\n\nConfirm your e-mail address to start taking part:\n"
                "%(url)s\n\nThis link works once and expires in 48 hours. If you did not "
                "create an account, you can ignore this message.",
                name=user.display_name,
                url=confirm_url(token),
            ),
        )
    )


def confirm_email(token: str, now: datetime) -> User:
    user = redeem_token(token, TokenPurpose.CONFIRM_EMAIL, now)
    if user.email_confirmed_at is None:
        user.email_confirmed_at = now
    return user


def usable_token_owner(token: str, purpose: TokenPurpose, now: datetime) -> User | None:
    """Whose token this is, if it can still be used; does not use it (for showing a form)."""
    record = db.session.scalar(
        select(AccountToken).where(AccountToken.token_hash == hash_token(token))
    )
    return record.user if record is not None and record.is_usable(purpose, now) else None


def request_password_reset(email: str, now: datetime, reset_url: Callable[[str], str]) -> None:
    """E-mail a one-time reset link if the address has an account, else nothing.

    The caller shows the same page either way, so the form never reveals whether an
    address has an account.
    """
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        return
    token = issue_token(user, TokenPurpose.RESET_PASSWORD, RESET_TOKEN_LIFETIME, now)
    mail.queue(
        mail.Message(
            to=user.email,
            subject=_("Choose a new password"),
            body=_(
                "Hello %(name)s,\n\nSomeone (probably you) asked to choose a new password for "
                "your account. Choose it here:\n%(url)s\n\nThis link works once and expires in "
                "one hour. If you did not ask for this, you can ignore this message: your "
                "password stays the same.",
                name=user.display_name,
                url=reset_url(token),
            ),
        )
    )


def reset_password(token: str, password: str, now: datetime, forgot_url: str) -> User:
    """Set a new password with a reset link; spends the link and every other open reset
    link of the account, and tells the owner by e-mail. Raises DomainError when the link
    does not work or the password is not acceptable (the caller rolls back, so the link
    is then not spent)."""
    user = redeem_token(token, TokenPurpose.RESET_PASSWORD, now)
    problem = password_problem(password, user.email, user.display_name)
    if problem:
        raise DomainError(problem, field="password")
    user.password_hash = hash_password(password)
    if user.email_confirmed_at is None:
        user.email_confirmed_at = now  # the link reached the mailbox: the address is theirs
    db.session.execute(
        update(AccountToken)
        .where(
            AccountToken.user_id == user.id,
            AccountToken.purpose == TokenPurpose.RESET_PASSWORD,
            AccountToken.used_at.is_(None),
        )
        .values(used_at=now)
    )
    mail.queue(
        mail.Message(
            to=user.email,
            subject=_("Your password has been changed"),
            body=_(
                "Hello %(name)s,\n\nThe password of your account was just changed, and every "
                "other session was logged out.\n\nWas this not you? Choose a new password "
                "right away: %(url)s",
                name=user.display_name,
                url=forgot_url,
            ),
        )
    )
    return user


def authenticate(email: str, password: str) -> User | None:
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if user.has_password(password) else None


def warn_of_password_guessing(email: str, address: str, now: datetime, reset_url: str) -> None:
    """Tell the owner of `email` that someone keeps trying wrong passwords for their account
    (accounts.guessing decides when), in their own language, and note it in the audit log
    with the address the guessing came from. Nothing when the address has no account."""
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        return
    audit.record(None, "accounts.password_guessing", f"user {user.id}", now, after={"address": address})
    with force_locale(user.locale or "nl"):
        mail.queue(
            mail.Message(
                to=user.email,
                subject=_("Someone is trying to log in to your account"),
                body=_(
                    "Hello %(name)s,\n\nSomeone has tried many times to log in to your account "
                    "with a wrong password, from an address you have not logged in from lately. "
                    "They did not get in.\n\nWas this you? Then you can ignore this message.\n\n"
                    "Was it not you? You can keep logging in as usual: such attempts are slowed "
                    "down. Make sure your password is not one you use anywhere else; you can "
                    "choose a new one here: %(url)s",
                    name=user.display_name,
                    url=reset_url,
                ),
            )
        )


def create_user(
    email: str, display_name: str, password: str, now: datetime, site_role: SiteRole = SiteRole.CITIZEN
) -> User:
    """For administrators and the demo: an account that is confirmed at once."""
    user = User(
        email=normalise_email(email),
        display_name=_acceptable_name(display_name, role_words_allowed=True),  # an administrator's choice
        password_hash=hash_password(password),
        site_role=site_role,
        email_confirmed_at=now,
    )
    db.session.add(user)
    db.session.flush()
    return user


def assign_consultation_role(
    user: User, consultation_id: int, role: MemberRole, now: datetime
) -> None:
    db.insert_or_ignore(
        ConsultationMember.__table__,
        {"user_id": user.id, "consultation_id": consultation_id, "role": role.value, "created_at": now},
    )
