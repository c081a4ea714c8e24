"""Write use-cases for roles per consultation and for invitations.

Each checks its policy, writes an audit entry and flushes in the caller's transaction;
none commits. Every change of someone's role in a consultation — owner, procesmanager,
or participant through an accepted invitation — is recorded as "roles.assign" or
"roles.remove" with that person's roles before and after.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import and_, case, func, or_, select, text, update

from cocreatie import audit, db, mail, policies
from cocreatie.errors import Conflict, DomainError, NotAllowed
from cocreatie.models import (
    Consultation,
    ConsultationMember,
    Invitation,
    InvitationStatus,
    MemberRole,
    SiteRole,
    User,
)
from cocreatie.models.recruitment import OPEN_ONLY
from cocreatie.models.users import normalise_email
from cocreatie.recruitment.forms import MEMBER_ROLE_LABELS
from cocreatie.tokens import hash_token
from cocreatie.dates import format_date

INVITATION_LIFETIME = timedelta(days=30)
# An address that was invited less than this long ago is not mailed again: a second
# click, or a list pasted twice, must not flood someone's inbox.
RESEND_AFTER = timedelta(hours=1)
STAFF_ROLES = (MemberRole.OWNER, MemberRole.PROCESMANAGER)
_CHUNK = 500  # addresses per IN (…) query


# --- roles ------------------------------------------------------------------------


def _roles_of(user_id: int, consultation_id: int) -> list[str]:
    return sorted(
        db.session.scalars(
            select(ConsultationMember.role).where(
                ConsultationMember.user_id == user_id, ConsultationMember.consultation_id == consultation_id
            )
        )
    )


def _lock(consultation: Consultation) -> None:
    """Serialise role changes per consultation, so two owners removing each other at
    the same moment cannot leave it without one (SQLite serialises writers already)."""
    db.session.execute(select(Consultation.id).where(Consultation.id == consultation.id).with_for_update())


def _grant(actor: User | None, consultation: Consultation, user: User, role: MemberRole, now: datetime,
           via: str) -> bool:
    """Add a role unless the person has it (the unique constraint decides). True if added."""
    before = _roles_of(user.id, consultation.id)
    added = db.insert_or_ignore(
        ConsultationMember.__table__,
        {"consultation_id": consultation.id, "user_id": user.id, "role": role.value, "created_at": now},
    )
    if added:
        audit.record(
            actor, "roles.assign", f"user {user.id}", now, consultation_id=consultation.id,
            before={"roles": before}, after={"roles": sorted({*before, role.value}), "via": via},
        )
        db.session.expire(user, ["memberships"])
    return added


# Where a staff role's work starts (an endpoint taking the consultation's slug): the
# e-mail that tells someone of their new role links there, and accepting takes them there.
WORKBENCH = {MemberRole.OWNER: "consultations.phases", MemberRole.PROCESMANAGER: "moderation.queue"}


@dataclass(frozen=True)
class Assigned:
    """What assigning a role did: gave it to an account, or invited an address."""

    user: User | None = None
    invited: str | None = None  # the address, when it had no account yet


def _what_you_may_do(role: MemberRole) -> str:
    if role == MemberRole.OWNER:
        return _(
            "As owner you set up the consultation and its phases, publish it, respond officially to "
            "ideas, publish what was done with them, and decide who else runs the consultation."
        )
    return _(
        "As procesmanager you guard the house rules: you hide and restore contributions with a "
        "reason, handle reports, merge duplicate ideas, invite participants and keep the "
        "discussion going."
    )


def _role_given_mail(actor: User, consultation: Consultation, user: User, role: MemberRole, link: str,
                     organisation: str) -> mail.Message:
    return mail.Message(
        to=user.email,
        subject=" ".join(_("You are now %(role)s of “%(title)s”", role=MEMBER_ROLE_LABELS[role],
                           title=consultation.title).split()),
        body=_(
            "Hello %(name)s,\n\n%(actor)s has made you %(role)s of “%(title)s” on the participation "
            "site of %(org)s.\n\n%(what)s\n\nStart here: %(url)s\n\nStaff log in with two steps: "
            "if you have not set this up yet, you will be asked to the next time you log in.",
            name=user.display_name, actor=actor.display_name, role=MEMBER_ROLE_LABELS[role],
            title=consultation.title, org=organisation, what=_what_you_may_do(role), url=link,
        ),
    )


def _role_invitation_mail(actor: User, consultation: Consultation, email: str, role: MemberRole, link: str,
                          expires_at: datetime, organisation: str) -> mail.Message:
    return mail.Message(
        to=email,
        subject=" ".join(_("Invitation: become %(role)s of “%(title)s”", role=MEMBER_ROLE_LABELS[role],
                           title=consultation.title).split()),
        body=_(
            "Hello,\n\n%(actor)s asks you to be %(role)s of “%(title)s” on the participation site of "
            "%(org)s.\n\n%(what)s\n\nCreate an account with this e-mail address (or log in, if you "
            "have one), then accept the invitation here:\n%(url)s\n\nThis link is personal: it works "
            "once, only for this e-mail address, and until %(date)s. If you do not expect this, you "
            "can ignore this message.",
            actor=actor.display_name, role=MEMBER_ROLE_LABELS[role], title=consultation.title,
            org=organisation, what=_what_you_may_do(role), url=link, date=format_date(expires_at, "long"),
        ),
    )


def assign_consultation_role(
    actor: User, consultation: Consultation, email: str, role: MemberRole, now: datetime, *,
    workbench_link: Callable[[MemberRole], str] = lambda role: "",
    invitation_link: Callable[[str], str] | None = None,
    organisation: str = "",
    notify: bool = True,
) -> Assigned:
    """Make the account with this address owner or procesmanager of the consultation, and
    tell them by e-mail what they may now do and where (`workbench_link(role)`).

    Owners speak for the government, so only civil servants (and administrators) can be
    one; anyone with an account can be procesmanager. An address without an account is
    invited (`invitation_link(token)` makes the link) and gets the role on accepting; as
    owner only by an administrator, since accepting then makes the account a civil servant.
    `notify=False` (the demo's back-dated history) mails nobody.
    """
    if not policies.can_assign_consultation_roles(actor, consultation):
        raise NotAllowed()
    if role not in STAFF_ROLES:
        raise DomainError(_("Choose owner or procesmanager."), field="role")
    address = normalise_email(email)
    user = db.session.scalar(select(User).where(User.email == address))
    if user is None:
        if invitation_link is None:
            raise DomainError(
                _("There is no account with this e-mail address. Ask them to create one first."), field="email"
            )
        _invite_to_role(actor, consultation, address, role, now, invitation_link, organisation)
        return Assigned(invited=address)
    if role == MemberRole.OWNER and not user.is_civil_servant:
        raise DomainError(
            _("Only civil servants can own a consultation. An administrator can make this account a civil servant first."),
            field="role",
        )
    _lock(consultation)
    if not _grant(actor, consultation, user, role, now, via="workbench"):
        raise DomainError(_("%(name)s already has this role in this consultation.", name=user.display_name), field="email")
    if notify:
        with force_locale(user.locale or "nl"):
            mail.queue(_role_given_mail(actor, consultation, user, role, workbench_link(role), organisation))
    return Assigned(user=user)


def _invite_to_role(actor: User, consultation: Consultation, address: str, role: MemberRole, now: datetime,
                    invitation_link: Callable[[str], str], organisation: str) -> None:
    if role == MemberRole.OWNER and not actor.is_admin:
        raise DomainError(
            _("There is no account with this address yet. Only an administrator can invite a new address as "
              "owner, because an owner must be a civil servant. Invite them as procesmanager, or ask an "
              "administrator."),
            field="email",
        )
    token = secrets.token_urlsafe(32)
    if not _upsert_invitation(consultation, actor, address, hash_token(token), now, role=role):
        raise DomainError(
            _("This address was invited less than an hour ago. The e-mail is on its way: ask them to look in "
              "their inbox, and in their spam folder."),
            field="email",
        )
    # The invitee's language is not known: the site's own (Dutch), as for participants.
    with force_locale("nl"):
        mail.queue(_role_invitation_mail(actor, consultation, address, role, invitation_link(token),
                                         now + INVITATION_LIFETIME, organisation))
    audit.record(actor, "recruitment.invite_to_role", f"consultation {consultation.id}", now,
                 consultation_id=consultation.id, after={"role": role.value})


def remove_consultation_role(actor: User, member: ConsultationMember, now: datetime) -> None:
    """Take a role away. A consultation always keeps at least one owner."""
    consultation = db.session.get(Consultation, member.consultation_id)
    if consultation is None or not policies.can_assign_consultation_roles(actor, consultation):
        raise NotAllowed()
    _lock(consultation)
    if member.role == MemberRole.OWNER:
        owners = db.session.scalar(
            select(func.count()).select_from(ConsultationMember).where(
                ConsultationMember.consultation_id == consultation.id, ConsultationMember.role == MemberRole.OWNER
            )
        )
        if owners <= 1:
            raise Conflict(_("A consultation always has at least one owner. Add another owner first."))
    before = _roles_of(member.user_id, consultation.id)
    removed = db.session.execute(
        ConsultationMember.__table__.delete().where(ConsultationMember.id == member.id)
    ).rowcount
    if removed != 1:
        raise Conflict(_("This role had already been removed."))
    audit.record(
        actor, "roles.remove", f"user {member.user_id}", now, consultation_id=consultation.id,
        before={"roles": before}, after={"roles": [r for r in before if r != member.role.value]},
    )
    db.session.expunge(member)
    if actor.id == member.user_id:
        db.session.expire(actor, ["memberships"])


def assign_role_from_command_line(user: User, role: str, now: datetime,
                                  consultation: Consultation | None = None) -> bool:
    """`flask assign-role`: whoever runs it controls the server, so no policy applies,
    but the change is recorded all the same (without an actor). True if anything changed."""
    if consultation is not None:
        return _grant(None, consultation, user, MemberRole(role), now, via="command line")
    before = user.site_role
    user.site_role = SiteRole(role)
    if before == user.site_role:
        return False
    audit.record(
        None, "roles.assign", f"user {user.id}", now,
        before={"site_role": before.value}, after={"site_role": user.site_role.value, "via": "command line"},
    )
    return True


# --- invitations ------------------------------------------------------------------


@dataclass
class InvitationsSent:
    sent: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)  # already take part: not invited
    recent: list[str] = field(default_factory=list)  # invited within RESEND_AFTER: not mailed again


def _already_members(consultation: Consultation, addresses: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(addresses), _CHUNK):
        chunk = addresses[start:start + _CHUNK]
        found.update(
            db.session.scalars(
                select(User.email)
                .join(ConsultationMember, ConsultationMember.user_id == User.id)
                .where(ConsultationMember.consultation_id == consultation.id, User.email.in_(chunk))
            )
        )
    return found


def _upsert_invitation(consultation: Consultation, inviter: User, email: str, token_hash: str,
                       now: datetime, role: MemberRole = MemberRole.PARTICIPANT,
                       target_district: str | None = None) -> bool:
    """Create the open invitation for this address, or refresh it with a new token and
    expiry (the old link stops working). The partial unique index on open invitations
    decides, so parallel invitations of one address leave one row. False when the
    address was invited too recently to mail again."""
    if db.is_sqlite():
        from sqlalchemy.dialects.sqlite import insert
    else:
        from sqlalchemy.dialects.postgresql import insert
    table = Invitation.__table__
    statement = insert(table).values(
        consultation_id=consultation.id, email=email, token_hash=token_hash, status=InvitationStatus.OPEN.value,
        invited_by_id=inviter.id, created_at=now, sent_at=now, expires_at=now + INVITATION_LIFETIME,
        role=role.value,
        target_district=target_district,
    )
    participant = MemberRole.PARTICIPANT.value
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.consultation_id, table.c.email],
        index_where=text(OPEN_ONLY),  # as the index says it, so both databases match it
        set_={
            "token_hash": statement.excluded.token_hash,
            "invited_by_id": statement.excluded.invited_by_id,
            "sent_at": statement.excluded.sent_at,
            "expires_at": statement.excluded.expires_at,
            # A staff role is never lowered to participation by a later invitation.
            "role": case((statement.excluded.role == participant, table.c.role), else_=statement.excluded.role),
            "target_district": statement.excluded.target_district,
        },
        # A new staff role is mailed at once; the same invitation again only after a while.
        where=or_(
            table.c.sent_at <= now - RESEND_AFTER,
            and_(statement.excluded.role != participant, statement.excluded.role != table.c.role),
        ),
    )
    return db.session.execute(statement.returning(table.c.id)).first() is not None


def _invitation_mail(consultation: Consultation, inviter: User, email: str, message: str, link: str,
                     expires_at: datetime, organisation: str) -> mail.Message:
    return mail.Message(
        to=email,
        subject=" ".join(_("Invitation: %(title)s", title=consultation.title).split()),
        body=_(
            "%(name)s invites you on behalf of %(org)s to take part in “%(title)s”.\n\n"
            "%(question)s\n\n"
            "%(name)s writes:\n\n%(message)s\n\n"
            "Accept the invitation here (you can create an account or log in first):\n%(url)s\n\n"
            "This link is personal: it works once, only for this e-mail address, and until "
            "%(date)s. If you do not want to take part, you can ignore this message.",
            name=inviter.display_name,
            org=organisation,
            title=consultation.title,
            question=consultation.question,
            message=message.strip(),
            url=link,
            date=format_date(expires_at, "long"),
        ),
    )


def invite_participants(
    inviter: User,
    consultation: Consultation,
    addresses: Iterable[str],
    message: str,
    now: datetime,
    link: Callable[[str], str],
    organisation: str,
    locale: str = "nl",
    target_district: str | None = None,
) -> InvitationsSent:
    """Invite each address (already normalised and checked by the form) by e-mail.

    `target_district`: the code of the district these invitations recruit from (the
    procesmanager came from the representation page, cocreatie/reach/); each invitation
    records it, so the representation page can count them per district.

    `link(token)` makes the acceptance URL. Mails are in `locale` (the site's language:
    the invitee has no preference we know of) and go out only after commit.
    """
    if not policies.can_invite_participants(inviter, consultation):
        raise NotAllowed()
    addresses = list(dict.fromkeys(normalise_email(a) for a in addresses))
    result = InvitationsSent()
    members = _already_members(consultation, addresses)
    with force_locale(locale):
        for email in addresses:
            if email in members:
                result.members.append(email)
                continue
            token = secrets.token_urlsafe(32)
            if not _upsert_invitation(consultation, inviter, email, hash_token(token), now,
                                      target_district=target_district):
                result.recent.append(email)
                continue
            mail.queue(
                _invitation_mail(consultation, inviter, email, message, link(token),
                                 now + INVITATION_LIFETIME, organisation)
            )
            result.sent.append(email)
    # Counts only: the addresses themselves stay in the invitations table.
    audit.record(
        inviter, "recruitment.invite", f"consultation {consultation.id}", now, consultation_id=consultation.id,
        after={"sent": len(result.sent), "already_members": len(result.members), "recently_invited": len(result.recent),
               **({"target_district": target_district} if target_district else {})},
    )
    return result


def withdraw_invitation(actor: User, invitation: Invitation, now: datetime) -> None:
    if not policies.can_invite_participants(actor, invitation.consultation):
        raise NotAllowed()
    withdrawn = db.session.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.status == InvitationStatus.OPEN)
        .values(status=InvitationStatus.WITHDRAWN)
        .execution_options(synchronize_session=False)
    ).rowcount
    if withdrawn != 1:
        raise Conflict(_("This invitation can no longer be withdrawn: it was accepted or withdrawn already."))
    db.session.expire(invitation, ["status"])
    audit.record(
        actor, "recruitment.withdraw", f"invitation {invitation.id}", now, consultation_id=invitation.consultation_id,
        before={"status": InvitationStatus.OPEN.value}, after={"status": InvitationStatus.WITHDRAWN.value},
    )


def accept_invitation(user: User, invitation: Invitation, now: datetime) -> bool:
    """Use the invitation once: its account becomes a participant of the consultation.

    Claimed with a conditional UPDATE, so of two accepts at the same moment exactly one
    wins; the other gets a Conflict (or, for the account that won, False: nothing to do).
    """
    if invitation.accepted_by_id == user.id and invitation.status == InvitationStatus.ACCEPTED:
        return False
    if not policies.can_accept_invitation(user, invitation):
        raise NotAllowed(refusal_message(user, invitation, now))
    claimed = db.session.execute(
        update(Invitation)
        .where(
            Invitation.id == invitation.id,
            Invitation.status == InvitationStatus.OPEN,
            Invitation.expires_at > now,
            Invitation.email == user.email,
        )
        .values(status=InvitationStatus.ACCEPTED, accepted_at=now, accepted_by_id=user.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        db.session.refresh(invitation)
        if invitation.accepted_by_id == user.id:
            return False
        raise Conflict(refusal_message(user, invitation, now))
    db.session.expire(invitation)
    role = invitation.role
    if role == MemberRole.OWNER and not user.is_civil_servant:
        # Only an administrator invites a new address as owner (see _invite_to_role), and an
        # owner must be a civil servant: the administrator's invitation makes them one.
        before = user.site_role
        user.site_role = SiteRole.CIVIL_SERVANT
        audit.record(invitation.invited_by, "roles.change_site_role", f"user {user.id}", now,
                     before={"site_role": before.value},
                     after={"site_role": SiteRole.CIVIL_SERVANT.value, "via": f"invitation {invitation.id}"})
    _lock(invitation.consultation)
    _grant(user, invitation.consultation, user, role, now, via=f"invitation {invitation.id}")
    return True


def refusal_message(user: User | None, invitation: Invitation, now: datetime) -> str:
    """Why this person cannot accept this invitation, in words they can act on."""
    if invitation.status == InvitationStatus.ACCEPTED:
        return _("This invitation has already been used.")
    if invitation.status == InvitationStatus.WITHDRAWN:
        return _("This invitation has been withdrawn. Ask the procesmanager if you think this is a mistake.")
    if invitation.is_expired(now):
        return _("This invitation has expired. Ask the procesmanager to invite you again.")
    if user is not None and getattr(user, "is_authenticated", False) and not invitation.is_for(user.email):
        return _(
            "This invitation was sent to %(address)s, not to the address of the account you are logged in "
            "with. Log in with the account for that address (or create one), or ask the procesmanager to "
            "invite your address.",
            address=invitation.masked_email,
        )
    return _("This invitation cannot be used.")
