"""Roles and invitations as use-cases: tokens (hashed, expiring, single-use, bound to
their consultation and address), re-inviting, the last owner, and the audit trail."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from cocreatie import db, policies
from cocreatie.errors import Conflict, DomainError, NotAllowed
from cocreatie.models import (
    AuditEntry,
    ConsultationMember,
    Invitation,
    InvitationStatus,
    MemberRole,
    SiteRole,
    User,
    Visibility,
)
from cocreatie.recruitment import queries, services
from tests.conftest import NOW


@pytest.fixture(autouse=True)
def english(app):
    """Messages are checked in English: services translate them for whoever asked."""
    with force_locale("en"):
        yield

DAY = timedelta(days=1)


def audit(action: str) -> list[AuditEntry]:
    """Entries of an action, without the owner role each consultation records at its creation."""
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id))
    return [e for e in entries if json.loads(e.after).get("via") != "created the consultation"]


def roles(user: User, consultation) -> set[MemberRole]:
    db.session.expire(user, ["memberships"])
    return user.roles_in(consultation.id)


def invite(procesmanager, consultation, emails, now=NOW):
    tokens: dict[str, str] = {}
    emails = list(emails)
    links = iter(emails)
    result = services.invite_participants(
        procesmanager, consultation, emails, "Doe mee met ons plein!", now,
        link=lambda token: tokens.setdefault(next(links), token), organisation="Gemeente Voorbeeld",
    )
    db.session.commit()
    return result, tokens


@pytest.fixture
def closed(make, frozen):
    return make.consultation(visibility=Visibility.INVITE_ONLY, title="Besloten traject")


# --- invitations --------------------------------------------------------------------


def test_tokens_are_random_and_stored_only_as_a_hash(make, closed):
    invitation, token = make.invitation(closed, "an@example.nl")
    _other, other_token = make.invitation(closed, "bob@example.nl")
    assert len(token) >= 40 and token != other_token
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = db.session.execute(select(Invitation.__table__)).all()
    assert not any(token in str(row) for row in stored)
    assert invitation.expires_at == NOW + services.INVITATION_LIFETIME


def test_accepting_makes_the_invitee_a_participant_who_may_see_and_take_part(make, closed):
    invitee = make.user()
    invitation, token = make.invitation(closed, invitee.email.upper())  # the address as pasted
    assert not policies.can_view_consultation(invitee, closed)
    assert services.accept_invitation(invitee, queries.invitation_by_token(closed, token), NOW)
    db.session.commit()
    assert roles(invitee, closed) == {MemberRole.PARTICIPANT}
    assert policies.can_view_consultation(invitee, closed)
    assert policies.can_submit_idea(invitee, closed)
    invitation = db.session.get(Invitation, invitation.id)
    assert (invitation.status, invitation.accepted_by_id, invitation.accepted_at) == (InvitationStatus.ACCEPTED, invitee.id, NOW)


def test_tokens_expire(make, closed, frozen):
    invitee = make.user()
    invitation, _token = make.invitation(closed, invitee.email)
    later = NOW + services.INVITATION_LIFETIME
    frozen.move_to(later)
    with pytest.raises(NotAllowed) as refused:
        services.accept_invitation(invitee, invitation, later)
    assert "expired" in refused.value.message
    assert roles(invitee, closed) == set()


def test_tokens_are_single_use(make, closed):
    invitee = make.user()
    invitation, token = make.invitation(closed, invitee.email)
    assert services.accept_invitation(invitee, invitation, NOW)
    db.session.commit()
    # Again by the same person: nothing happens, nothing breaks.
    assert not services.accept_invitation(invitee, queries.invitation_by_token(closed, token), NOW)
    db.session.commit()
    members = db.session.scalar(select(func.count()).select_from(ConsultationMember).where(
        ConsultationMember.user_id == invitee.id))
    assert members == 1
    assert len(audit("roles.assign")) == 1


def test_a_replayed_token_loses_the_race_with_a_clear_message(make, closed, app):
    """Two accepts that both read the invitation as open: the conditional UPDATE lets one win."""
    invitee = make.user()
    _invitation, token = make.invitation(closed, invitee.email)
    db.session.commit()  # end the test's own read, so it sees what the "requests" commit
    # First request: reads the invitation (open) and is then overtaken.
    scope = db.begin_request_scope(writes=True)
    try:
        stale = queries.invitation_by_token(closed, token)
        stale_user = db.session.get(User, invitee.id)
        db.session.commit()  # its read is over; the objects keep what they read
        # Second request: accepts and commits in the meantime.
        other = db.begin_request_scope(writes=True)
        try:
            assert services.accept_invitation(db.session.get(User, invitee.id), queries.invitation_by_token(closed, token), NOW)
            db.session.commit()
        finally:
            db.end_request_scope(other)
        assert stale.status == InvitationStatus.OPEN  # what the first request still believes
        # The same account: it was accepted by them a moment ago, so nothing to do.
        assert services.accept_invitation(stale_user, stale, NOW) is False
        db.session.commit()
    finally:
        db.end_request_scope(scope)
    memberships = db.session.scalar(select(func.count()).select_from(ConsultationMember).where(
        ConsultationMember.user_id == invitee.id, ConsultationMember.consultation_id == closed.id))
    assert memberships == 1


def test_an_invitation_withdrawn_while_someone_accepts_admits_no_one(make, closed):
    invitee = make.user()
    procesmanager = make.procesmanager(closed)
    _invitation, token = make.invitation(closed, invitee.email, procesmanager=procesmanager)
    stale = queries.invitation_by_token(closed, token)
    db.session.commit()
    db.session.execute(  # another request withdraws it after this one read it
        Invitation.__table__.update().where(Invitation.id == stale.id).values(status="withdrawn")
    )
    with pytest.raises(Conflict) as refused:
        services.accept_invitation(invitee, stale, NOW)
    assert "withdrawn" in refused.value.message
    db.session.rollback()
    assert roles(invitee, closed) == set()


def test_a_used_token_cannot_admit_anyone_else(make, closed):
    invitee = make.user()
    invitation, _token = make.invitation(closed, invitee.email)
    services.accept_invitation(invitee, invitation, NOW)
    db.session.commit()
    # Even if the address later belongs to another account (the first changed theirs).
    invitee.email = "oud-adres@example.nl"
    newcomer = make.user()
    newcomer.email = invitation.email
    db.session.commit()
    with pytest.raises(NotAllowed) as refused:
        services.accept_invitation(newcomer, db.session.get(Invitation, invitation.id), NOW)
    assert "already been used" in refused.value.message


def test_an_invitation_is_bound_to_its_address(make, closed):
    invited, someone_else = make.user(), make.user()
    invitation, _token = make.invitation(closed, invited.email)
    with pytest.raises(NotAllowed) as refused:
        services.accept_invitation(someone_else, invitation, NOW)
    # Says what to do, and shows just enough of the address to recognise it.
    assert "was sent to" in refused.value.message and invitation.masked_email in refused.value.message
    assert invited.email not in refused.value.message
    assert roles(someone_else, closed) == set()
    assert db.session.get(Invitation, invitation.id).status == InvitationStatus.OPEN  # still usable by the invitee


def test_a_token_for_one_consultation_finds_nothing_in_another(make, closed):
    elsewhere = make.consultation(visibility=Visibility.INVITE_ONLY, title="Ander traject")
    invitee = make.user()
    _invitation, token = make.invitation(closed, invitee.email)
    assert queries.invitation_by_token(elsewhere, token) is None
    assert queries.invitation_by_token(closed, token) is not None
    assert queries.invitation_by_token(closed, token + "x") is None
    assert queries.invitation_by_token(closed, "") is None


def test_re_inviting_refreshes_the_open_invitation_and_the_old_link_stops_working(make, closed, frozen):
    procesmanager = make.procesmanager(closed)
    first, old_token = make.invitation(closed, "an@example.nl", procesmanager=procesmanager)
    frozen.shift(10 * DAY)
    later = NOW + 10 * DAY
    result, tokens = invite(procesmanager, closed, ["An@Example.nl"], now=later)
    assert result.sent == ["an@example.nl"]
    rows = db.session.scalars(select(Invitation).where(Invitation.consultation_id == closed.id)).all()
    assert len(rows) == 1 and rows[0].id == first.id
    db.session.refresh(rows[0])
    assert rows[0].expires_at == later + services.INVITATION_LIFETIME and rows[0].sent_at == later
    assert queries.invitation_by_token(closed, old_token) is None
    assert queries.invitation_by_token(closed, tokens["An@Example.nl"]).id == first.id


def test_an_expired_invitation_is_renewed_by_inviting_again(make, closed, frozen):
    procesmanager = make.procesmanager(closed)
    invitee = make.user()
    make.invitation(closed, invitee.email, procesmanager=procesmanager)
    later = NOW + services.INVITATION_LIFETIME + DAY
    frozen.move_to(later)
    assert queries.counts(closed, later).expired == 1
    _result, tokens = invite(procesmanager, closed, [invitee.email], now=later)
    assert queries.counts(closed, later) == queries.InvitationCounts(sent=1, open=1)
    assert services.accept_invitation(invitee, queries.invitation_by_token(closed, tokens[invitee.email]), later)


def test_an_address_is_not_mailed_twice_within_the_hour(make, closed, frozen, outbox):
    procesmanager = make.procesmanager(closed)
    invite(procesmanager, closed, ["an@example.nl"])
    frozen.shift(timedelta(minutes=59))
    result, _ = invite(procesmanager, closed, ["an@example.nl", "bob@example.nl"], now=NOW + timedelta(minutes=59))
    assert (result.sent, result.recent) == (["bob@example.nl"], ["an@example.nl"])
    assert len(list(outbox.glob("*.eml"))) == 2


def test_one_open_invitation_per_address_is_the_databases_rule(make, closed):
    make.invitation(closed, "an@example.nl")
    invitation = db.session.scalar(select(Invitation))
    db.session.add(Invitation(
        consultation_id=closed.id, email="an@example.nl", token_hash="0" * 64, expires_at=NOW + DAY,
        created_at=NOW, sent_at=NOW,
    ))
    with pytest.raises(Exception) as error:
        db.session.flush()
    assert "unique" in str(error.value).lower()
    db.session.rollback()
    # Once accepted (no longer open), the same address may be invited again: a new row.
    invitation.status = InvitationStatus.ACCEPTED
    db.session.commit()
    make.invitation(closed, "an@example.nl")
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 2


def test_people_who_already_take_part_are_not_invited(make, closed):
    procesmanager = make.procesmanager(closed)
    participant = make.participant(closed)
    owner = make.owner_of(closed)
    result, _ = invite(procesmanager, closed, [participant.email, owner.email, "nieuw@example.nl"])
    assert sorted(result.members) == sorted([participant.email, owner.email])
    assert result.sent == ["nieuw@example.nl"]


def test_only_procesmanagers_invite_and_only_for_a_published_consultation(make, frozen):
    draft = make.consultation(published=False)
    procesmanager = make.procesmanager(draft)
    with pytest.raises(NotAllowed):
        invite(procesmanager, draft, ["an@example.nl"])
    db.session.rollback()
    with pytest.raises(NotAllowed):
        invite(make.owner_of(draft), draft, ["an@example.nl"])


def test_the_invitation_email_has_the_personal_message_and_the_link(make, closed, outbox):
    import email

    procesmanager = make.procesmanager(closed)
    invite(procesmanager, closed, ["an@example.nl"])
    [path] = outbox.glob("*.eml")
    message = email.message_from_bytes(path.read_bytes())
    body = message.get_payload(decode=True).decode()
    assert message["To"] == "an@example.nl"
    assert closed.title in message["Subject"]
    assert "Doe mee met ons plein!" in body
    assert procesmanager.display_name in body and "Gemeente Voorbeeld" in body
    token = next(t for t in body.split() if len(t) > 40)
    assert queries.invitation_by_token(closed, token) is not None


def test_withdrawing_an_invitation_makes_its_link_useless(make, closed):
    procesmanager = make.procesmanager(closed)
    invitee = make.user()
    invitation, _ = make.invitation(closed, invitee.email, procesmanager=procesmanager)
    services.withdraw_invitation(procesmanager, invitation, NOW)
    db.session.commit()
    with pytest.raises(NotAllowed) as refused:
        services.accept_invitation(invitee, db.session.get(Invitation, invitation.id), NOW)
    assert "withdrawn" in refused.value.message
    with pytest.raises(Conflict):
        services.withdraw_invitation(procesmanager, db.session.get(Invitation, invitation.id), NOW)
    assert [e.after for e in audit("recruitment.withdraw")] == ['{"status": "withdrawn"}']


def test_counts_per_state(make, closed, frozen):
    procesmanager = make.procesmanager(closed)
    make.participant(closed)
    make.invitation(closed, "open@example.nl", procesmanager=procesmanager)
    withdrawn, _ = make.invitation(closed, "weg@example.nl", procesmanager=procesmanager)
    services.withdraw_invitation(procesmanager, withdrawn, NOW)
    frozen.shift(5 * DAY)
    invite(procesmanager, closed, ["later@example.nl"], now=NOW + 5 * DAY)
    at = NOW + services.INVITATION_LIFETIME + DAY  # the first ones expired, the later one not
    assert queries.counts(closed, at) == queries.InvitationCounts(sent=4, accepted=1, open=1, expired=1, withdrawn=1)


def test_sending_invitations_is_audited_without_the_addresses(make, closed):
    procesmanager = make.procesmanager(closed)
    invite(procesmanager, closed, ["an@example.nl", "bob@example.nl"])
    [entry] = audit("recruitment.invite")
    assert entry.actor_id == procesmanager.id and entry.consultation_id == closed.id
    assert json.loads(entry.after) == {"sent": 2, "already_members": 0, "recently_invited": 0}
    assert "an@example.nl" not in entry.after


def test_accepting_is_audited_as_a_role_change(make, closed):
    participant = make.participant(closed)
    [entry] = [e for e in audit("roles.assign") if e.subject == f"user {participant.id}"]
    assert entry.actor_id == participant.id and entry.consultation_id == closed.id
    assert json.loads(entry.before) == {"roles": []}
    after = json.loads(entry.after)
    assert after["roles"] == ["participant"] and after["via"].startswith("invitation ")


# --- roles per consultation -----------------------------------------------------------


@pytest.fixture
def consultation(make, frozen):
    return make.consultation()


def test_owners_and_administrators_assign_roles_by_e_mail_address(make, consultation):
    owner = make.owner_of(consultation)
    person = make.user()
    services.assign_consultation_role(owner, consultation, f"  {person.email.upper()} ", MemberRole.PROCESMANAGER, NOW)
    db.session.commit()
    assert roles(person, consultation) == {MemberRole.PROCESMANAGER}
    servant = make.user(role=SiteRole.CIVIL_SERVANT)
    services.assign_consultation_role(make.user(role=SiteRole.ADMIN), consultation, servant.email, MemberRole.OWNER, NOW)
    db.session.commit()
    assert roles(servant, consultation) == {MemberRole.OWNER}
    for outsider in (person, make.user(role=SiteRole.CIVIL_SERVANT), make.user()):
        with pytest.raises(NotAllowed):
            services.assign_consultation_role(outsider, consultation, make.user().email, MemberRole.PROCESMANAGER, NOW)


def test_a_person_can_hold_different_roles_in_different_consultations(make, consultation):
    other = make.consultation(title="Tweede traject")
    servant = make.user(role=SiteRole.CIVIL_SERVANT)
    services.assign_consultation_role(make.owner_of(consultation), consultation, servant.email, MemberRole.OWNER, NOW)
    services.assign_consultation_role(make.owner_of(other), other, servant.email, MemberRole.PROCESMANAGER, NOW)
    db.session.commit()
    assert roles(servant, consultation) == {MemberRole.OWNER}
    assert roles(servant, other) == {MemberRole.PROCESMANAGER}
    assert policies.can_manage_consultation(servant, consultation) and not policies.can_manage_consultation(servant, other)
    assert policies.can_moderate_consultation(servant, other) and not policies.can_moderate_consultation(servant, consultation)


@pytest.mark.parametrize(
    "email, role, field, message",
    [
        ("niemand@example.nl", MemberRole.PROCESMANAGER, "email", "no account"),
        (None, MemberRole.OWNER, "role", "Only civil servants"),
        (None, MemberRole.PARTICIPANT, "role", "owner or procesmanager"),
    ],
)
def test_assigning_a_role_explains_what_is_wrong_next_to_the_field(make, consultation, email, role, field, message):
    with pytest.raises(DomainError) as refused:
        services.assign_consultation_role(make.owner_of(consultation), consultation, email or make.user().email, role, NOW)
    assert refused.value.field == field and message in refused.value.message


def test_assigning_a_role_twice_is_refused_and_leaves_one_membership(make, consultation):
    owner = make.owner_of(consultation)
    person = make.user()
    services.assign_consultation_role(owner, consultation, person.email, MemberRole.PROCESMANAGER, NOW)
    db.session.commit()
    with pytest.raises(DomainError) as refused:
        services.assign_consultation_role(owner, consultation, person.email, MemberRole.PROCESMANAGER, NOW)
    assert refused.value.field == "email"
    db.session.rollback()
    assert len(audit("roles.assign")) == 1


def test_the_last_owner_cannot_be_removed(make, consultation):
    owner = make.owner_of(consultation)
    [membership] = [m for m, _ in queries.staff(consultation)]
    with pytest.raises(Conflict) as refused:
        services.remove_consultation_role(owner, membership, NOW)
    assert "at least one owner" in refused.value.message
    db.session.rollback()
    # With a second owner, the first may step down, and then the second is the last.
    second = make.user(role=SiteRole.CIVIL_SERVANT)
    services.assign_consultation_role(owner, consultation, second.email, MemberRole.OWNER, NOW)
    db.session.commit()
    services.remove_consultation_role(owner, membership, NOW)
    db.session.commit()
    assert roles(owner, consultation) == set()
    assert not policies.can_assign_consultation_roles(owner, consultation)
    [last] = [m for m, _ in queries.staff(consultation)]
    with pytest.raises(Conflict):
        services.remove_consultation_role(second, last, NOW)


def test_only_owners_and_administrators_remove_roles(make, consultation):
    procesmanager = make.procesmanager(consultation)
    [_, pm_membership] = [m for m, _ in queries.staff(consultation)]
    with pytest.raises(NotAllowed):
        services.remove_consultation_role(procesmanager, pm_membership, NOW)
    services.remove_consultation_role(make.user(role=SiteRole.ADMIN), pm_membership, NOW)
    db.session.commit()
    assert roles(procesmanager, consultation) == set()


def test_every_role_change_is_audited_with_before_and_after(make, consultation):
    owner = make.owner_of(consultation)
    person = make.user(role=SiteRole.CIVIL_SERVANT)
    services.assign_consultation_role(owner, consultation, person.email, MemberRole.PROCESMANAGER, NOW)
    services.assign_consultation_role(owner, consultation, person.email, MemberRole.OWNER, NOW)
    db.session.commit()
    membership = next(m for m, u in queries.staff(consultation) if u.id == person.id and m.role == MemberRole.PROCESMANAGER)
    services.remove_consultation_role(owner, membership, NOW)
    db.session.commit()
    entries = audit("roles.assign") + audit("roles.remove")
    assert [(e.action, e.actor_id, e.subject, e.consultation_id) for e in entries] == [
        ("roles.assign", owner.id, f"user {person.id}", consultation.id),
        ("roles.assign", owner.id, f"user {person.id}", consultation.id),
        ("roles.remove", owner.id, f"user {person.id}", consultation.id),
    ]
    assert [(json.loads(e.before)["roles"], json.loads(e.after)["roles"]) for e in entries] == [
        ([], ["procesmanager"]),
        (["procesmanager"], ["owner", "procesmanager"]),
        (["owner", "procesmanager"], ["owner"]),
    ]


def test_the_assign_role_command_is_audited(app, make, consultation):
    runner = app.test_cli_runner()
    person = make.user()
    assert runner.invoke(args=["assign-role", person.email, "procesmanager", "--consultation", consultation.slug]).exit_code == 0
    assert runner.invoke(args=["assign-role", person.email, "civil_servant"]).exit_code == 0
    assert runner.invoke(args=["assign-role", person.email, "civil_servant"]).exit_code == 0  # no change, no entry
    db.session.expire_all()
    entries = audit("roles.assign")
    assert [(e.actor_id, e.consultation_id, json.loads(e.before), json.loads(e.after)) for e in entries] == [
        (None, consultation.id, {"roles": []}, {"roles": ["procesmanager"], "via": "command line"}),
        (None, None, {"site_role": "citizen"}, {"site_role": "civil_servant", "via": "command line"}),
    ]
