"""Write use-cases of the people page: site roles and blocking.

Each checks its policy, records an audit entry, tells the person by e-mail (in their
own language, sent after commit) and flushes; none commits. Two rules hold whatever the
requests race to do: nobody changes their own site role or blocks themselves (the
policies), and the site keeps at least one administrator who can log in (counted here
under a lock on the administrators' rows).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from cocreatie import audit, db, mail, policies, signals
from cocreatie.errors import Conflict, NotAllowed
from cocreatie.models import SiteRole, User


@dataclass(frozen=True)
class Links:
    """Where the e-mail sends the person (absolute URLs, made by the caller)."""

    manage: str  # where civil servants create consultations
    people: str  # the administrators' people page
    login: str


def _keeps_another_administrator(person: User) -> bool:
    """Whether an administrator other than `person` can still log in. The rows are
    locked (PostgreSQL; SQLite serialises writers), so two administrators who take each
    other's role at the same moment cannot both succeed."""
    others = db.session.scalars(
        select(User.id)
        .where(User.site_role == SiteRole.ADMIN, User.blocked_at.is_(None))
        .with_for_update()
    ).all()
    return any(user_id != person.id for user_id in others)


def _tell(person: User, subject: str, body: str) -> None:
    mail.queue(mail.Message(to=person.email, subject=subject, body=body))


def _role_mail(actor: User, person: User, before: SiteRole, after: SiteRole, links: Links,
               organisation: str) -> tuple[str, str]:
    names = {"name": person.display_name, "actor": actor.display_name, "org": organisation}
    if after == SiteRole.ADMIN:
        return _("You are now an administrator"), _(
            "Hello %(name)s,\n\n%(actor)s has made you an administrator of the participation site "
            "of %(org)s. You can now find accounts, give and take the roles of civil servant and "
            "administrator, block accounts and read the audit log. You can also do everything a "
            "civil servant can.\n\nThe people page: %(url)s\n\nThe next time you log in, you will be "
            "asked to set up two-step sign-in if you have not done so yet.", url=links.people, **names)
    if after == SiteRole.CIVIL_SERVANT and before == SiteRole.CITIZEN:
        return _("You are now a civil servant on the participation site"), _(
            "Hello %(name)s,\n\n%(actor)s has made you a civil servant on the participation site "
            "of %(org)s. You can now create consultations, set up their phases and publish them, "
            "and be made owner of a consultation: then you respond officially to ideas and publish "
            "what was done with them.\n\nStart here: %(url)s\n\nThe next time you log in, you will "
            "be asked to set up two-step sign-in if you have not done so yet.", url=links.manage, **names)
    if after == SiteRole.CIVIL_SERVANT:
        return _("You are no longer an administrator"), _(
            "Hello %(name)s,\n\n%(actor)s has taken away your administrator role on the "
            "participation site of %(org)s. You are still a civil servant: you can create and run "
            "consultations as before.\n\n%(url)s", url=links.manage, **names)
    return _("You are no longer a civil servant on the participation site"), _(
        "Hello %(name)s,\n\n%(actor)s has taken away your civil servant role on the participation "
        "site of %(org)s. You can no longer create consultations. You can still take part like "
        "every resident, and any roles you have in a consultation stay until its owner removes "
        "them.", **names)


def change_site_role(actor: User, person: User, role: SiteRole, now: datetime, links: Links,
                     organisation: str) -> None:
    """Make `person` a resident (citizen), civil servant or administrator."""
    if not policies.can_manage_people(actor):
        raise NotAllowed()
    if not policies.can_change_site_role(actor, person):
        raise NotAllowed(_("You cannot change your own role. Ask another administrator."))
    before = person.site_role
    if before == role:
        raise Conflict(_("%(name)s already has this role.", name=person.display_name))
    if before == SiteRole.ADMIN and not _keeps_another_administrator(person):
        raise Conflict(_("The site must keep at least one administrator. Make someone else administrator first."))
    person.site_role = role
    db.session.flush()
    audit.record(actor, "roles.change_site_role", f"user {person.id}", now,
                 before={"site_role": before.value}, after={"site_role": role.value})
    with force_locale(person.locale or "nl"):
        _tell(person, *_role_mail(actor, person, before, role, links, organisation))


def block_account(actor: User, person: User, now: datetime, organisation: str) -> None:
    """The person cannot log in any more, and their sessions end; their ideas and
    reactions stay, subject to moderation like anyone's."""
    if not policies.can_manage_people(actor):
        raise NotAllowed()
    if not policies.can_block_account(actor, person):
        if person.id == actor.id:
            raise NotAllowed(_("You cannot block your own account."))
        raise Conflict(_("This account is blocked already."))
    if person.site_role == SiteRole.ADMIN and not _keeps_another_administrator(person):
        raise Conflict(_("The site must keep at least one administrator who can log in."))
    person.blocked_at = now
    db.session.flush()
    signals.account_blocked.send(person, actor=actor, now=now)  # sessions end (signin)
    audit.record(actor, "accounts.block", f"user {person.id}", now,
                 before={"blocked": False}, after={"blocked": True})
    with force_locale(person.locale or "nl"):
        _tell(person, _("Your account has been blocked"), _(
            "Hello %(name)s,\n\nAn administrator of the participation site of %(org)s has blocked "
            "your account. You cannot log in or take part any more. What you wrote stays on the "
            "site, and can be hidden by the moderators like anyone's.\n\nDo you think this is a "
            "mistake? Reply to this e-mail.", name=person.display_name, org=organisation))


def unblock_account(actor: User, person: User, now: datetime, links: Links, organisation: str) -> None:
    if not policies.can_manage_people(actor):
        raise NotAllowed()
    if not policies.can_unblock_account(actor, person):
        raise Conflict(_("This account is not blocked."))
    person.blocked_at = None
    db.session.flush()
    audit.record(actor, "accounts.unblock", f"user {person.id}", now,
                 before={"blocked": True}, after={"blocked": False})
    with force_locale(person.locale or "nl"):
        _tell(person, _("Your account is no longer blocked"), _(
            "Hello %(name)s,\n\nAn administrator of the participation site of %(org)s has lifted the "
            "block on your account. You can log in and take part again: %(url)s",
            name=person.display_name, org=organisation, url=links.login))
