"""Signing in: session records and the second factor. Write use-cases: they flush, never
commit, take no request, and are given the time (`now`) and the secret box."""

from __future__ import annotations

import hmac
import re
import secrets
from datetime import UTC, datetime

import pyotp
from flask_babel import gettext as _
from sqlalchemy import delete, or_, select, update

from cocreatie import audit, db
from cocreatie.errors import Conflict, DomainError
from cocreatie.models import RecoveryCode, TwoFactor, User, UserSession
from cocreatie.signin.secret_box import SecretBox
from cocreatie.tokens import hash_token

TOTP_STEP_SECONDS = 30
# Codes of the step before and after the current one are accepted too: a phone's clock
# may be a little off, and typing takes time.
TOTP_DRIFT_STEPS = 1
RECOVERY_CODE_COUNT = 10
# Lower case letters and digits without look-alikes (no 0/o, 1/l/i): 31 symbols, so a
# code of 10 carries 49 bits, beyond guessing under the rate limits.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


# --- session records --------------------------------------------------------------------

_BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chromium/", "Chromium"),
             ("Chrome/", "Chrome"), ("Safari/", "Safari"))
_SYSTEMS = (("Windows", "Windows"), ("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"),
            ("CrOS", "ChromeOS"), ("Mac OS X", "macOS"), ("Macintosh", "macOS"), ("Linux", "Linux"))


def describe_device(user_agent: str | None) -> str:
    """What a person recognises a browser by ("Firefox on Windows"), from its User-Agent;
    unknown ones as their first words. Only a label: nothing trusts it."""
    agent = (user_agent or "").strip()
    browser = next((name for token, name in _BROWSERS if token in agent), None)
    system = next((name for token, name in _SYSTEMS if token in agent), None)
    if browser and system:
        return f"{browser} – {system}"
    if browser or system:
        return browser or system
    cleaned = re.sub(r"[^\w ./()-]", "", agent)[:60].strip()
    return cleaned or "?"


def start_session(user: User, user_agent: str | None, now: datetime) -> tuple[UserSession, str]:
    """A new session record; returns it and the random id the browser keeps (stored
    here only as a hash)."""
    token = secrets.token_urlsafe(32)
    record = UserSession(
        user_id=user.id, token_hash=hash_token(token), device=describe_device(user_agent),
        created_at=now, last_seen_at=now,
    )
    db.session.add(record)
    db.session.flush()
    return record, token


def end_session(record: UserSession, now: datetime) -> None:
    record.end(now)
    db.session.flush()


def end_sessions(user: User, now: datetime, keep: UserSession | None = None) -> int:
    """End every session of this person but `keep`; how many were ended."""
    statement = update(UserSession).where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
    if keep is not None:
        statement = statement.where(UserSession.id != keep.id)
    ended = db.session.execute(statement.values(ended_at=now).execution_options(synchronize_session=False)).rowcount
    db.session.expire_all()
    return ended


def end_own_session(user: User, session_id: int, now: datetime) -> None:
    """End one of this person's own sessions (from the sessions page)."""
    record = db.session.get(UserSession, session_id)
    if record is None or record.user_id != user.id or record.ended_at is not None:
        raise Conflict(_("This session has already ended."))
    end_session(record, now)


def touch(session_id: int, now: datetime) -> None:
    """Note that the session was used now (the caller decides how often)."""
    db.session.execute(
        update(UserSession)
        .where(UserSession.id == session_id, UserSession.ended_at.is_(None))
        .values(last_seen_at=now)
        .execution_options(synchronize_session=False)
    )


# --- the second factor ----------------------------------------------------------------


def time_step(now: datetime) -> int:
    """The TOTP time step (RFC 6238) of a naive UTC time."""
    return int(now.replace(tzinfo=UTC).timestamp()) // TOTP_STEP_SECONDS


def totp_code(secret: str, step: int) -> str:
    return pyotp.TOTP(secret, interval=TOTP_STEP_SECONDS).generate_otp(step)


def provisioning_uri(secret: str, account: str, issuer: str) -> str:
    """What the QR code holds: the otpauth:// address authenticator apps read."""
    return pyotp.TOTP(secret, interval=TOTP_STEP_SECONDS).provisioning_uri(name=account, issuer_name=issuer)


def two_factor_of(user: User) -> TwoFactor | None:
    return db.session.get(TwoFactor, user.id)


def has_two_factor(user: User) -> bool:
    record = two_factor_of(user)
    return record is not None and record.is_confirmed


def begin_setup(user: User, box: SecretBox, now: datetime) -> TwoFactor:
    """A new secret, not yet in force (see `confirm_setup`). Replaces an earlier set-up
    that was never finished; refuses when two factors are already in force."""
    record = two_factor_of(user)
    if record is not None and record.is_confirmed:
        raise Conflict(_("Two-step sign-in is already on for your account."))
    if record is None:
        record = TwoFactor(user_id=user.id, secret_encrypted="", created_at=now)
        db.session.add(record)
    record.secret_encrypted = box.seal(pyotp.random_base32())
    record.created_at = now
    record.last_used_step = None
    db.session.flush()
    return record


def turn_on_with_secret(user: User, secret: str, box: SecretBox, now: datetime) -> None:
    """Two factors in force at once with a known secret and no recovery codes: for the
    demo's staff, whose secrets are printed with their log-ins, and for test data."""
    record = two_factor_of(user)
    if record is None:
        record = TwoFactor(user_id=user.id, secret_encrypted="", created_at=now)
        db.session.add(record)
    record.secret_encrypted = box.seal(secret)
    record.confirmed_at = now
    record.last_used_step = None
    db.session.flush()


def pending_secret(user: User, box: SecretBox) -> str | None:
    """The secret of a set-up in progress, to show as a QR code and as text."""
    record = two_factor_of(user)
    if record is None or record.is_confirmed:
        return None
    return box.open(record.secret_encrypted)


def confirm_setup(user: User, code: str, box: SecretBox, now: datetime) -> list[str]:
    """Put two factors in force with a first valid code from the app; returns the new
    recovery codes, to be shown once."""
    record = two_factor_of(user)
    if record is None or record.is_confirmed:
        raise Conflict(_("Start setting up two-step sign-in again."))
    secret = box.open(record.secret_encrypted)
    if secret is None:
        raise Conflict(_("Start setting up two-step sign-in again."))
    _claim_totp(record, secret, _normalise(code), now)
    record.confirmed_at = now
    codes = _issue_recovery_codes(user, now)
    audit.record(user, "signin.two_factor_on", f"user {user.id}", now)
    db.session.flush()
    return codes


def verify(user: User, code: str, box: SecretBox, now: datetime) -> None:
    """Accept a code from the app, or a recovery code, once; raises DomainError (on the
    field `code`) otherwise."""
    record = two_factor_of(user)
    if record is None or not record.is_confirmed:
        raise DomainError(_("Two-step sign-in is not on for this account."), field="code")
    normalised = _normalise(code)
    if re.fullmatch(r"\d{6}", normalised):
        secret = box.open(record.secret_encrypted)
        if secret is None:  # SECRET_KEY changed without a fallback: only recovery codes work
            raise DomainError(_("Codes from your app cannot be checked right now. Use a recovery code."), field="code")
        _claim_totp(record, secret, normalised, now)
        return
    if len(normalised) == 10:
        claimed = db.session.execute(
            update(RecoveryCode)
            .where(
                RecoveryCode.user_id == user.id,
                RecoveryCode.code_hash == hash_token(normalised),
                RecoveryCode.used_at.is_(None),
            )
            .values(used_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        if claimed == 1:
            return
    raise DomainError(_("This code is not correct. Type the 6 digits your app shows now, or a recovery code."),
                      field="code")


def recovery_codes_left(user: User) -> int:
    return len(db.session.scalars(
        select(RecoveryCode.id).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    ).all())


def new_recovery_codes(user: User, code: str, box: SecretBox, now: datetime) -> list[str]:
    """Replace the recovery codes, after a valid code; returns the new ones."""
    verify(user, code, box, now)
    audit.record(user, "signin.recovery_codes_renewed", f"user {user.id}", now)
    return _issue_recovery_codes(user, now)


def turn_off(user: User, code: str, box: SecretBox, now: datetime) -> None:
    """Turn two factors off, after a valid code (the caller checks the policy)."""
    verify(user, code, box, now)
    _remove_two_factor(user)
    audit.record(user, "signin.two_factor_off", f"user {user.id}", now)


def reset_two_factor(user: User, now: datetime) -> bool:
    """For an administrator, when someone lost both their phone and their recovery
    codes: two factors off and every session ended. Staff are asked to set it up again
    at their next log-in. False if it was not on."""
    if two_factor_of(user) is None:
        return False
    _remove_two_factor(user)
    end_sessions(user, now)
    audit.record(None, "signin.two_factor_reset", f"user {user.id}", now, after={"via": "command line"})
    return True


def _remove_two_factor(user: User) -> None:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.execute(delete(TwoFactor).where(TwoFactor.user_id == user.id))
    db.session.expire_all()


def _normalise(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").lower()


def _claim_totp(record: TwoFactor, secret: str, code: str, now: datetime) -> None:
    """Accept the code of a step near now, and only of a step later than the last one
    accepted: a conditional UPDATE, so two requests with one code cannot both pass."""
    current = time_step(now)
    step = next(
        (s for s in range(current - TOTP_DRIFT_STEPS, current + TOTP_DRIFT_STEPS + 1)
         if hmac.compare_digest(totp_code(secret, s), code)),
        None,
    )
    if step is None:
        raise DomainError(_("This code is not correct. Type the 6 digits your app shows now, or a recovery code."),
                          field="code")
    claimed = db.session.execute(
        update(TwoFactor)
        .where(
            TwoFactor.user_id == record.user_id,
            or_(TwoFactor.last_used_step.is_(None), TwoFactor.last_used_step < step),
        )
        .values(last_used_step=step)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        raise DomainError(_("This code has already been used. Wait for the next code in your app."), field="code")
    db.session.refresh(record)


def _issue_recovery_codes(user: User, now: datetime) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _n in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _i in range(10))
        db.session.add(RecoveryCode(user_id=user.id, code_hash=hash_token(raw), created_at=now))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    db.session.flush()
    return codes
