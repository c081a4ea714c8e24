"""The permission matrix for roles, recruitment and the audit log: every policy across
roles, the consultation's visibility and publication, and an invitation's lifetime. The
setting (the `world` fixture, with `invited=True`) is tests/policy_matrix.py."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sqlalchemy import select

from cocreatie import db, policies
from cocreatie.models import Invitation, InvitationStatus, Visibility
from cocreatie.recruitment import services
from tests.conftest import NOW
from tests.policy_matrix import matrix
# invitee: invited, has not accepted (yet); participant: accepted an invitation.
ROLES = ["visitor", "citizen", "invitee", "participant", "procesmanager", "owner", "other_civil_servant", "admin"]
STAFF = {"procesmanager", "owner", "admin"}


def _matrix(people, check):
    return matrix(people, check, ROLES)


def _open_invitation(consultation, invitee) -> Invitation:
    return db.session.scalar(select(Invitation).where(
        Invitation.consultation_id == consultation.id, Invitation.email == invitee.email.lower(),
        Invitation.status == InvitationStatus.OPEN,
    ))


def _only(*roles):
    return {role: role in roles for role in ROLES}


@pytest.mark.parametrize("visibility", list(Visibility))
def test_seeing_and_taking_part(world, visibility):
    consultation, _, people = world(visibility=visibility, invited=True)
    if visibility == Visibility.PUBLIC:
        expected = {role: True for role in ROLES}
    else:
        # An invitation admits only once it is accepted.
        expected = _only("participant", *STAFF)
    assert _matrix(people, lambda u: policies.can_view_consultation(u, consultation)) == expected
    signed_in = {role: expected[role] and role != "visitor" for role in ROLES}
    assert _matrix(people, lambda u: policies.can_submit_idea(u, consultation)) == signed_in


@pytest.mark.parametrize("visibility", list(Visibility))
@pytest.mark.parametrize("published", [True, False])
def test_roles_recruitment_and_addresses(world, visibility, published):
    consultation, _, people = world(published=published, visibility=visibility, invited=True)
    assert _matrix(people, lambda u: policies.can_assign_consultation_roles(u, consultation)) == _only("owner", "admin")
    assert _matrix(people, lambda u: policies.can_view_recruitment(u, consultation)) == _only(*STAFF)
    assert _matrix(people, lambda u: policies.can_view_invitee_addresses(u, consultation)) == _only("procesmanager", "owner")
    # Recruiting is the procesmanager's job, and only for a published consultation.
    inviting = _only("procesmanager") if published else _only()
    assert _matrix(people, lambda u: policies.can_invite_participants(u, consultation)) == inviting


def test_only_administrators_see_the_audit_log(world):
    _, _, people = world(invited=True)
    assert _matrix(people, policies.can_view_audit_log) == _only("admin")


@pytest.mark.parametrize("visibility", list(Visibility))
def test_only_the_invited_address_accepts_and_only_while_the_invitation_is_open(world, frozen, visibility):
    consultation, _, people = world(visibility=visibility, invited=True)
    invitation = _open_invitation(consultation, people["invitee"])
    assert _matrix(people, lambda u: policies.can_accept_invitation(u, invitation)) == _only("invitee")

    frozen.shift(services.INVITATION_LIFETIME - timedelta(seconds=1))
    assert policies.can_accept_invitation(people["invitee"], invitation)
    frozen.shift(timedelta(seconds=1))
    assert _matrix(people, lambda u: policies.can_accept_invitation(u, invitation)) == _only()


def test_an_accepted_or_withdrawn_invitation_admits_nobody(world, make):
    consultation, _, people = world(visibility=Visibility.INVITE_ONLY, invited=True)
    invitation = _open_invitation(consultation, people["invitee"])
    services.accept_invitation(people["invitee"], invitation, NOW)
    db.session.commit()
    assert _matrix(people, lambda u: policies.can_accept_invitation(u, invitation)) == _only()

    other = make.user()
    withdrawn, _token = make.invitation(consultation, other.email, procesmanager=people["procesmanager"])
    services.withdraw_invitation(people["procesmanager"], withdrawn, NOW)
    db.session.commit()
    assert not policies.can_accept_invitation(other, withdrawn)
    assert not policies.can_view_consultation(other, consultation)
