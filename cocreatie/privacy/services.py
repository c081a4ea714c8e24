"""Privacy self-service: one's own name, e-mail address and password, and deleting one's
account (GDPR articles 16 and 17; the download of article 15 and 20 is `export.py`).

Changing the e-mail address or the password, and deleting the account, first check the
current password (re-authentication, ASVS 3.7.1); the owner is told by e-mail of every
change of password or address (ASVS 2.2.3 / 3.7).

A new e-mail address is confirmed by a link mailed to it: an `AccountToken` with the
purpose CHANGE_EMAIL, issued and claimed through `accounts.services` like the other
one-time links, while the address itself waits in `User.pending_email`. Asking again
spends the earlier links, so a link only ever confirms the address it was sent to. An
address that already has an account gets the same outcome on the page as a free one
(its owner is told by e-mail instead), so the page reveals no more than registration.

Deleting an account (`delete_account`, and `erase_account` for `flask retention`)
removes the person, not the consultation's record:

- The account row goes, with its password hash, one-time links, sessions, second factor
  and recovery codes, follows, notifications, roles, support budgets and answers to
  consultations' profile questions. Supports are withdrawn and each idea's stored count goes
  down with them, in the same transaction: a support is one person's voice, and without
  the person the database can no longer guarantee it is counted once.
- Invitations to the person's address keep their row (the recruitment counts need it)
  without the address. In the audit log, entries about the person no longer name them,
  and their name and address are taken out of what the entries recorded.
- Contributions: the person chooses. *Keep* leaves ideas and reactions readable under
  "a former participant" (the foreign keys set the author to NULL). *Remove* removes
  every reaction through `ideas.services.delete_comment` (a placeholder keeps the thread
  readable, the counts follow), and removes the ideas nobody else has built on
  (`queries.removable_idea_ids`). An idea that others supported or reacted to, that was
  reported, moderated, merged, answered officially or taken into an outcome is part of
  the consultation's public record (others' contributions and the government's answer
  refer to it): it stays, without the author's name, and the delete page says so first.
  We chose this over hiding such ideas because a hide is a moderation decision with a
  public reason, which a deletion is not, and over removing them because the answer the
  government owes every idea would lose what it answers.
- Reports and requests for review stay, anonymous, as part of the moderation record.

This module calls `ideas.services.delete_comment` and the accounts token functions
directly rather than through signals: a deletion must have finished every part of its
work, in this transaction, before the account row goes.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import String, cast, delete, func, literal, or_, select, update

from cocreatie import audit, db, mail
from cocreatie.accounts import services as accounts
from cocreatie.errors import DomainError
from cocreatie.ideas import services as idea_services
from cocreatie.models import (
    AccountToken,
    AuditEntry,
    Consultation,
    ConsultationMember,
    Follow,
    Idea,
    Invitation,
    Notification,
    ProfileAnswer,
    RecoveryCode,
    Support,
    SupportBudgetUse,
    TokenPurpose,
    TwoFactor,
    User,
    UserSession,
)
from cocreatie.models.users import normalise_email
from cocreatie.names import display_name_problem, normalise_display_name
from cocreatie.privacy import periods, queries

# What the audit log says where it named a deleted person, or recorded their address.
DELETED_ACCOUNT = "a deleted account"
REMOVED = "(removed)"
# An invitation keeps its row without its address; the placeholder is unique per row,
# as the open-invitation index (consultation, address) requires. `.invalid` never resolves.
REMOVED_ADDRESS_DOMAIN = "@address.invalid"

EMAIL_ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")


def _check_password(user: User, password: str | None, field: str) -> None:
    if not user.has_password(password or ""):
        raise DomainError(_("This is not your current password."), field=field)


def _spend_links(user: User, now: datetime, *purposes: TokenPurpose) -> None:
    db.session.execute(
        update(AccountToken)
        .where(AccountToken.user_id == user.id, AccountToken.purpose.in_(purposes), AccountToken.used_at.is_(None))
        .values(used_at=now)
    )


# --- name, address, password ------------------------------------------------------------


def change_display_name(user: User, name: str) -> None:
    """The form checked the name (cocreatie.names); it is stored in its normal form.
    Keeping one's current name is always allowed, also a staff member's with a role word."""
    name = normalise_display_name(name)
    if name == user.display_name:
        return
    problem = display_name_problem(name)
    if problem:
        raise DomainError(problem, field="display_name")
    user.display_name = name


def request_email_change(
    user: User, new_email: str, password: str, now: datetime, confirm_url: Callable[[str], str]
) -> None:
    """Mail a confirmation link to the new address; the account keeps its address until
    the link is used. The caller shows the same outcome whether or not the new address
    already has an account (its owner is told by e-mail instead)."""
    _check_password(user, password, "password")
    new_email = normalise_email(new_email)
    if new_email == user.email:
        raise DomainError(_("This is already your e-mail address."), field="email")
    _spend_links(user, now, TokenPurpose.CHANGE_EMAIL)
    user.pending_email = None
    if db.session.scalar(select(User.id).where(User.email == new_email)) is not None:
        mail.queue(
            mail.Message(
                to=new_email,
                subject=_("Someone tried to use your address for another account"),
                body=_(
                    "Someone (perhaps you) tried to change the e-mail address of another account "
                    "to this address. This address already belongs to your account, so nothing "
                    "has changed.\n\nIf this was not you, you can ignore this message."
                ),
            )
        )
        return
    user.pending_email = new_email
    token = accounts.issue_token(user, TokenPurpose.CHANGE_EMAIL, periods.EMAIL_CHANGE_LINK, now)
    mail.queue(
        mail.Message(
            to=new_email,
            subject=_("Confirm your new e-mail address"),
            body=_(
                "Hello %(name)s,\n\nYou asked to use this e-mail address for your account. "
                "Confirm it here:\n%(url)s\n\nThis link works once and expires in %(hours)d "
                "hours. Until then your account keeps its old address. If you did not ask "
                "for this, you can ignore this message.",
                name=user.display_name,
                url=confirm_url(token),
                hours=periods.hours(periods.EMAIL_CHANGE_LINK),
            ),
        )
    )


def confirm_email_change(token: str, now: datetime, contact: str) -> User:
    """Use the link: the account takes the new address. Every other open link of the
    account is spent (a password link went to the old address), and the old address is
    told, with whom to contact if it was not its owner."""
    user = accounts.redeem_token(token, TokenPurpose.CHANGE_EMAIL, now)
    new_email = user.pending_email
    if new_email is None:
        raise DomainError(_("This link is invalid or has expired."))
    if db.session.scalar(select(User.id).where(User.email == new_email, User.id != user.id)) is not None:
        raise DomainError(_("This address is now used by another account. Choose another address on your account page."))
    old_email = user.email
    user.email = new_email
    user.pending_email = None
    user.email_confirmed_at = now
    _spend_links(user, now, *TokenPurpose)
    mail.queue(
        mail.Message(
            to=old_email,
            subject=_("Your e-mail address has been changed"),
            body=_(
                "Hello %(name)s,\n\nThe e-mail address of your account was just changed to "
                "%(address)s. From now on we send our messages there.\n\nWas this not you? "
                "Write to us right away: %(contact)s",
                name=user.display_name,
                address=new_email,
                contact=contact,
            ),
        )
    )
    audit.record(user, "accounts.change_email", queries.about_user(user.id), now)
    return user


def change_password(user: User, current: str, new: str, now: datetime, forgot_url: str) -> None:
    """Every other session ends on its next request (the password fingerprint, see
    accounts.routes); the caller renews the current one. Open password links are spent."""
    _check_password(user, current, "current_password")
    problem = accounts.password_problem(new or "", user.email, user.display_name)
    if problem:
        raise DomainError(problem, field="new_password")
    user.password_hash = accounts.hash_password(new)
    _spend_links(user, now, TokenPurpose.RESET_PASSWORD)
    mail.queue(
        mail.Message(
            to=user.email,
            subject=_("Your password has been changed"),
            body=_(
                "Hello %(name)s,\n\nThe password of your account was just changed on your "
                "account page, and every other session was logged out.\n\nWas this not you? "
                "Choose a new password right away: %(url)s",
                name=user.display_name,
                url=forgot_url,
            ),
        )
    )
    audit.record(user, "accounts.change_password", queries.about_user(user.id), now)


def record_download(user: User, now: datetime) -> None:
    """A download of one's data is recorded (who, when): it is the whole account at once."""
    audit.record(user, "accounts.download_data", queries.about_user(user.id), now)


# --- deleting the account ----------------------------------------------------------------


@dataclass(frozen=True)
class Deletion:
    """What deleting an account did, for the audit log and the person's last e-mail."""

    kept_contributions: bool
    ideas_removed: int
    ideas_kept: int
    comments_removed: int
    supports_withdrawn: int

    def as_record(self) -> dict[str, Any]:
        return {
            "contributions": "kept" if self.kept_contributions else "removed",
            "ideas_removed": self.ideas_removed,
            "ideas_kept": self.ideas_kept,
            "comments_removed": self.comments_removed,
            "supports_withdrawn": self.supports_withdrawn,
        }


def deletion_problem(user: User) -> str | None:
    """Why this account cannot be deleted now, or None."""
    if queries.is_last_administrator(user):
        return _("You are the only administrator. Make someone else administrator before you delete your account.")
    sole = queries.consultations_only_owned_by(user)
    if sole:
        return _(
            "You are the only owner of “%(title)s”. Make someone else owner first: somebody "
            "must stay accountable for the consultation.",
            title=sole[0].title,
        )
    return None


def delete_account(user: User, password: str, keep_contributions: bool, now: datetime) -> Deletion:
    """The person deletes their own account, after giving their password. The last
    e-mail to the address says what was done (queued now, sent after the commit)."""
    _check_password(user, password, "password")
    problem = deletion_problem(user)
    if problem:
        raise DomainError(problem)
    address, name = user.email, user.display_name
    deletion = erase_account(user, keep_contributions, now, action="accounts.delete")
    if keep_contributions:
        contributions = _("Your ideas and comments stay readable, without your name.")
    else:
        contributions = _("Your comments have been removed, and so have your ideas that nobody else had commented on.")
        if deletion.ideas_kept:
            contributions += " " + ngettext(
                "%(num)d idea that others built on, or that was answered, stays readable without your name.",
                "%(num)d ideas that others built on, or that were answered, stay readable without your name.",
                deletion.ideas_kept,
            )
    mail.queue(
        mail.Message(
            to=address,
            subject=_("Your account has been deleted"),
            body=_(
                "Hello %(name)s,\n\nYour account has been deleted, as you asked. We removed your "
                "e-mail address, name, password, supports, what you followed and your "
                "notifications. %(contributions)s\n\nThis is the last message we send to this "
                "address.",
                name=name,
                contributions=contributions,
            ),
        )
    )
    return deletion


def erase_account(user: User, keep_contributions: bool, now: datetime, action: str) -> Deletion:
    """Remove everything personal of `user` and the account itself (see the module's
    docstring). Asks nothing: the caller has checked who may do this. `action` names it
    in the audit log ("accounts.delete", "retention.unconfirmed_account")."""
    uid, address, name = user.id, user.email, user.display_name
    comments_removed = ideas_removed = 0
    if not keep_contributions:
        for comment in queries.own_comments_to_remove(uid):
            idea_services.delete_comment(user, comment, now)
            comments_removed += 1
        ideas_removed = _remove_ideas(queries.removable_idea_ids(uid))
    ideas_kept = db.session.scalar(select(func.count()).select_from(Idea).where(Idea.author_id == uid)) or 0
    supports_withdrawn = _withdraw_supports(uid)

    anonymise_invitations(Invitation.email == address)
    _scrub_audit_log(uid, address, name)
    for table, column in (
        (SupportBudgetUse, SupportBudgetUse.user_id),
        (Follow, Follow.user_id),
        (Notification, Notification.user_id),
        (AccountToken, AccountToken.user_id),
        (UserSession, UserSession.user_id),
        (TwoFactor, TwoFactor.user_id),
        (RecoveryCode, RecoveryCode.user_id),
        (ConsultationMember, ConsultationMember.user_id),
        (ProfileAnswer, ProfileAnswer.user_id),  # answers to profile questions (cocreatie/reach/)
    ):
        db.session.execute(delete(table).where(column == uid))
    deletion = Deletion(
        kept_contributions=keep_contributions,
        ideas_removed=ideas_removed,
        ideas_kept=ideas_kept,
        comments_removed=comments_removed,
        supports_withdrawn=supports_withdrawn,
    )
    audit.record(None, action, DELETED_ACCOUNT, now, after=deletion.as_record())
    # The remaining references (authors of ideas, reactions, reports, appeals; actors in
    # the audit log and the moderation record) are set to NULL by their foreign keys.
    db.session.delete(user)
    db.session.flush()
    db.session.expire_all()  # rows loaded before still carry the old author ids
    return deletion


def _withdraw_supports(uid: int) -> int:
    """Each idea's count goes down with the support, in this transaction. The ideas are
    locked first, as supporting and merging lock them, so they queue in one order."""
    supported = select(Support.idea_id).where(Support.user_id == uid)
    locked = list(db.session.scalars(select(Idea.id).where(Idea.id.in_(supported)).order_by(Idea.id).with_for_update()))
    if not locked:
        return 0
    withdrawn = list(db.session.scalars(delete(Support).where(Support.user_id == uid).returning(Support.idea_id)))
    if withdrawn:
        db.session.execute(
            update(Idea).where(Idea.id.in_(withdrawn)).values(support_count=Idea.support_count - 1)
        )
    return len(withdrawn)


def _remove_ideas(idea_ids: list[int]) -> int:
    """Delete ideas nobody else built on (see queries.removable_idea_ids: none is hidden
    or merged, so each was counted in its consultation's idea count)."""
    if not idea_ids:
        return 0
    per_consultation = Counter(
        db.session.scalars(select(Idea.consultation_id).where(Idea.id.in_(idea_ids)).with_for_update())
    )
    db.session.execute(delete(Idea).where(Idea.id.in_(idea_ids)))
    for consultation_id, n in per_consultation.items():
        db.session.execute(
            update(Consultation)
            .where(Consultation.id == consultation_id)
            .values(idea_count=Consultation.idea_count - n)
        )
    return sum(per_consultation.values())


def anonymise_invitations(condition) -> int:
    """Invitations matching `condition` lose their address; the rows (and the counts of
    sent, accepted and expired invitations) stay."""
    placeholder = literal("removed-", String) + cast(Invitation.id, String) + literal(REMOVED_ADDRESS_DOMAIN, String)
    return db.session.execute(
        update(Invitation)
        .where(condition, ~Invitation.email.endswith(REMOVED_ADDRESS_DOMAIN))
        .values(email=placeholder)
        .execution_options(synchronize_session=False)
    ).rowcount


# --- the audit log --------------------------------------------------------------------------


def scrub_text(text: str, replace: Callable[[str], str]) -> str:
    """Apply `replace` to every string inside a JSON document (keys too), or to plain text."""
    try:
        document = json.loads(text)
    except ValueError:
        return replace(text)

    def walk(value):
        if isinstance(value, str):
            return replace(value)
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, dict):
            return {walk(k): walk(v) for k, v in value.items()}
        return value

    scrubbed = walk(document)
    return text if scrubbed == document else json.dumps(scrubbed, ensure_ascii=False, sort_keys=True)


def _person_remover(address: str, name: str) -> Callable[[str], str]:
    address_pattern = re.compile(re.escape(address), re.IGNORECASE)
    # The name as a whole word only: "Jan" leaves "januari" alone.
    name_pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE) if name else None

    def remove(value: str) -> str:
        value = address_pattern.sub(REMOVED, value)
        return name_pattern.sub(REMOVED, value) if name_pattern else value

    return remove


def _scrub_audit_log(uid: int, address: str, name: str) -> None:
    """Entries by or about the person lose their name and address wherever they were
    recorded, and stop naming them as their subject; any other entry that recorded the
    address loses it. (The actor id is set to NULL by its foreign key.)"""
    about = queries.about_user(uid)
    remove = _person_remover(address, name)
    entries = db.session.scalars(
        select(AuditEntry).where(
            or_(AuditEntry.actor_id == uid, AuditEntry.subject == about, *queries.audit_mentions(address))
        )
    )
    for entry in entries:
        entry.subject = DELETED_ACCOUNT if entry.subject == about else remove(entry.subject)
        entry.before = scrub_text(entry.before, remove)
        entry.after = scrub_text(entry.after, remove)
