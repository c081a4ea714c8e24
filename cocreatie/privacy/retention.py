"""Retention: personal data is removed after the periods in `periods.py` (the privacy
statement names the same), by `flask retention`, run once a day.

What it removes, each step on its own and safe to run again:

1. accounts whose address was never confirmed, `UNCONFIRMED_ACCOUNT` after registering
   (through `services.erase_account`, as if deleted by their owner, contributions kept:
   an unconfirmed account cannot log in, so it has none);
2. one-time links `SPENT_LINK` after they were used or stopped working, and with them a
   new e-mail address that was asked for and never confirmed;
3. the address on an invitation `INVITATION_ADDRESS` after it was accepted or expired.
   The invitation stays, without the address: the recruitment counts (sent, accepted,
   expired) are part of the consultation's record and contain nothing personal;
4. e-mail addresses in the audit log `ADDRESS_IN_LOG` after they were recorded. The
   entries stay (who did what, when, by account number): that is what the log is for;
5. records of logins (`UserSession`: a browser label and times, no internet address)
   `ENDED_SESSION` after they ended or were last used.

Rate-limit counters hold internet addresses for at most a day, in the limiter's
storage, not in the database; the web server's own access log is the operator's to
rotate (see the README).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, delete, exists, or_, select, update

from cocreatie import db
from cocreatie.models import AccountToken, AuditEntry, Invitation, InvitationStatus, TokenPurpose, User, UserSession
from cocreatie.privacy import periods, services

BATCH = 500


@dataclass(frozen=True)
class Retention:
    """What one run removed."""

    unconfirmed_accounts: int = 0
    spent_links: int = 0
    pending_addresses: int = 0
    invitation_addresses: int = 0
    log_entries: int = 0
    sessions: int = 0

    def lines(self) -> list[str]:
        return [
            f"Removed {self.unconfirmed_accounts} account(s) never confirmed within "
            f"{periods.days(periods.UNCONFIRMED_ACCOUNT)} days.",
            f"Removed {self.spent_links} one-time link(s) used or expired more than "
            f"{periods.days(periods.SPENT_LINK)} day(s) ago, and {self.pending_addresses} unconfirmed new "
            "e-mail address(es).",
            f"Removed the address from {self.invitation_addresses} invitation(s) accepted or expired more than "
            f"{periods.days(periods.INVITATION_ADDRESS)} days ago.",
            f"Removed e-mail addresses from {self.log_entries} audit log entr(y/ies) older than "
            f"{periods.days(periods.ADDRESS_IN_LOG)} days.",
            f"Removed {self.sessions} login record(s) ended or unused for more than "
            f"{periods.days(periods.ENDED_SESSION)} days.",
        ]


def remove_unconfirmed_accounts(now: datetime) -> int:
    cutoff = now - periods.UNCONFIRMED_ACCOUNT
    users = list(
        db.session.scalars(
            select(User).where(User.email_confirmed_at.is_(None), User.created_at < cutoff).order_by(User.id)
        )
    )
    for user in users:
        services.erase_account(user, keep_contributions=True, now=now, action="retention.unconfirmed_account")
    return len(users)


def remove_spent_links(now: datetime) -> tuple[int, int]:
    """Links used or expired longer than SPENT_LINK ago; then the pending new addresses
    that no open link confirms any more. Returns (links, addresses)."""
    cutoff = now - periods.SPENT_LINK
    links = db.session.execute(
        delete(AccountToken)
        .where(or_(AccountToken.used_at < cutoff, AccountToken.expires_at < cutoff))
        .execution_options(synchronize_session=False)
    ).rowcount
    open_link = exists().where(
        AccountToken.user_id == User.id,
        AccountToken.purpose == TokenPurpose.CHANGE_EMAIL,
        AccountToken.used_at.is_(None),
        AccountToken.expires_at >= cutoff,
    )
    addresses = db.session.execute(
        update(User)
        .where(User.pending_email.is_not(None), ~open_link)
        .values(pending_email=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    return links, addresses


def remove_invitation_addresses(now: datetime) -> int:
    cutoff = now - periods.INVITATION_ADDRESS
    ended = case(
        (Invitation.status == InvitationStatus.ACCEPTED, Invitation.accepted_at),
        else_=Invitation.expires_at,
    )
    return services.anonymise_invitations(ended < cutoff)


def remove_addresses_from_log(now: datetime) -> int:
    """Audit entries older than ADDRESS_IN_LOG that recorded an e-mail address lose it;
    in batches, by id, so a long log costs memory for one batch at a time."""
    cutoff = now - periods.ADDRESS_IN_LOG
    has_address = or_(
        AuditEntry.subject.contains("@"), AuditEntry.before.contains("@"), AuditEntry.after.contains("@")
    )
    changed, after_id = 0, 0
    while True:
        entries = list(
            db.session.scalars(
                select(AuditEntry)
                .where(AuditEntry.created_at < cutoff, AuditEntry.id > after_id, has_address)
                .order_by(AuditEntry.id)
                .limit(BATCH)
            )
        )
        if not entries:
            return changed
        for entry in entries:
            before = (entry.subject, entry.before, entry.after)
            entry.subject = services.EMAIL_ADDRESS.sub(services.REMOVED, entry.subject)
            entry.before = services.scrub_text(entry.before, _remove_addresses)
            entry.after = services.scrub_text(entry.after, _remove_addresses)
            changed += (entry.subject, entry.before, entry.after) != before
        db.session.flush()
        after_id = entries[-1].id


def remove_ended_sessions(now: datetime) -> int:
    cutoff = now - periods.ENDED_SESSION
    return db.session.execute(
        delete(UserSession)
        .where(or_(UserSession.ended_at < cutoff, UserSession.last_seen_at < cutoff))
        .execution_options(synchronize_session=False)
    ).rowcount


def _remove_addresses(value: str) -> str:
    return services.EMAIL_ADDRESS.sub(services.REMOVED, value)


def apply_retention(now: datetime) -> Retention:
    """Every step, in one transaction (the caller commits)."""
    accounts = remove_unconfirmed_accounts(now)
    links, addresses = remove_spent_links(now)
    return Retention(
        unconfirmed_accounts=accounts,
        spent_links=links,
        pending_addresses=addresses,
        invitation_addresses=remove_invitation_addresses(now),
        log_entries=remove_addresses_from_log(now),
        sessions=remove_ended_sessions(now),
    )
