"""An invitation a signed-out visitor brings along through logging in or registering.

Opening an invitation link while signed out remembers it in the session; logging in,
or confirming a new account's address in the same browser, then accepts it. The
account pages call `take()` before they start a fresh session, and `accept()` in the
same transaction as the log-in, inside a savepoint: an invitation that cannot be
accepted never spoils the log-in itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import session, url_for
from flask_babel import gettext as _

from cocreatie import db, lookups, policies
from cocreatie.errors import DomainError
from cocreatie.models import Invitation, User
from cocreatie.recruitment import queries, services
from cocreatie.recruitment.forms import MEMBER_ROLE_LABELS

SESSION_KEY = "pending_invitation"


@dataclass(frozen=True)
class Pending:
    slug: str
    token: str


@dataclass(frozen=True)
class Outcome:
    message: str
    category: str  # "success" or "error", as flash() takes it
    url: str | None  # where to go next, if anywhere in particular


def remember(slug: str, token: str) -> None:
    session[SESSION_KEY] = {"slug": slug, "token": token}


def take() -> Pending | None:
    value = session.pop(SESSION_KEY, None)
    if not isinstance(value, dict):
        return None
    slug, token = value.get("slug"), value.get("token")
    if not isinstance(slug, str) or not isinstance(token, str):
        return None
    return Pending(slug, token)


def accept(user: User, pending: Pending | None, now: datetime) -> Outcome | None:
    if pending is None:
        return None
    consultation = lookups.consultation_by_slug(pending.slug)
    invitation = queries.invitation_by_token(consultation, pending.token) if consultation else None
    if invitation is None:
        return Outcome(_("This invitation link is not valid."), "error", None)
    show = url_for("consultations.show", slug=pending.slug)
    if invitation.accepted_by_id == user.id:
        return Outcome(_("You had already accepted this invitation."), "success", show)
    if not policies.can_accept_invitation(user, invitation):
        return Outcome(services.refusal_message(user, invitation, now), "error", None)
    try:
        with db.session.begin_nested():
            services.accept_invitation(user, invitation, now)
    except DomainError as error:
        return Outcome(error.message, "error", None)
    return welcome(invitation)


def welcome(invitation: Invitation) -> Outcome:
    """What someone who just accepted is told, and where they go: a participant to the
    consultation, a procesmanager or owner to where their work starts."""
    consultation = invitation.consultation
    if invitation.role in services.STAFF_ROLES:
        return Outcome(
            _("Welcome! You are now %(role)s of “%(title)s”.", role=MEMBER_ROLE_LABELS[invitation.role],
              title=consultation.title),
            "success", url_for(services.WORKBENCH[invitation.role], slug=consultation.slug),
        )
    return Outcome(
        _("Welcome! You now take part in “%(title)s”.", title=consultation.title), "success",
        url_for("consultations.show", slug=consultation.slug),
    )


def invited_address() -> str | None:
    """The address of the invitation this browser brought along, to fill in on the
    registration page (it is the address the account must have to accept)."""
    value = session.get(SESSION_KEY)
    if not isinstance(value, dict) or not isinstance(value.get("slug"), str) or not isinstance(value.get("token"), str):
        return None
    consultation = lookups.consultation_by_slug(value["slug"])
    invitation = queries.invitation_by_token(consultation, value["token"]) if consultation else None
    return invitation.email if invitation is not None else None
