"""The permission matrix: every policy across roles, publication, visibility and time.
The setting (the `world` fixture) is tests/policy_matrix.py."""

from __future__ import annotations

import pytest

from cocreatie import policies
from cocreatie.models import Visibility
from tests.conftest import NOW
from tests.policy_matrix import DAY, MOMENTS, ROLES, matrix


@pytest.mark.parametrize("moment", MOMENTS)
def test_submitting_ideas_needs_a_signed_in_viewer_and_an_ideas_phase(world, frozen, moment):
    consultation, _, people = world()
    frozen.shift(MOMENTS[moment])
    allowed = matrix(people, lambda u: policies.can_submit_idea(u, consultation))
    signed_in = {role: role != "visitor" for role in ROLES}
    assert allowed == (signed_in if moment == "ideas" else {role: False for role in ROLES})


@pytest.mark.parametrize("moment", MOMENTS)
def test_supporting_is_open_in_ideas_and_decision_phases_but_never_for_the_author(world, frozen, moment):
    consultation, idea, people = world()
    frozen.shift(MOMENTS[moment])
    allowed = matrix(people, lambda u: policies.can_support_idea(u, idea))
    open_now = moment in {"ideas", "decision"}
    assert allowed == {role: open_now and role not in {"visitor", "author"} for role in ROLES}


@pytest.mark.parametrize("moment", MOMENTS)
def test_commenting_follows_the_active_phase(world, frozen, moment):
    consultation, idea, people = world()
    frozen.shift(MOMENTS[moment])
    allowed = matrix(people, lambda u: policies.can_comment_on_idea(u, idea))
    open_now = moment in {"ideas", "decision"}
    assert allowed == {role: open_now and role != "visitor" for role in ROLES}


def test_a_draft_is_seen_and_managed_only_by_its_owners_and_administrators(world):
    consultation, idea, people = world(published=False)
    expected = {role: role in {"owner", "admin"} for role in ROLES}
    assert matrix(people, lambda u: policies.can_view_consultation(u, consultation)) == expected
    assert matrix(people, lambda u: policies.can_manage_consultation(u, consultation)) == expected
    assert matrix(people, lambda u: policies.can_publish_consultation(u, consultation)) == expected
    # Nobody takes part in a draft, not even its owner.
    assert not any(matrix(people, lambda u: policies.can_submit_idea(u, consultation)).values())
    assert not any(matrix(people, lambda u: policies.can_support_idea(u, idea)).values())


def test_an_invite_only_consultation_is_closed_to_non_members(world, frozen):
    frozen.shift(DAY)
    consultation, idea, people = world(visibility=Visibility.INVITE_ONLY)
    members = {"procesmanager", "owner", "admin"}
    assert matrix(people, lambda u: policies.can_view_consultation(u, consultation)) == {
        role: role in members for role in ROLES
    }
    assert matrix(people, lambda u: policies.can_submit_idea(u, consultation)) == {
        role: role in members for role in ROLES
    }


def test_a_published_public_consultation_is_visible_to_everyone(world):
    consultation, _, people = world()
    assert all(matrix(people, lambda u: policies.can_view_consultation(u, consultation)).values())
    assert matrix(people, lambda u: policies.can_publish_consultation(u, consultation)) == {
        role: False for role in ROLES
    }


def test_only_the_author_edits_an_idea_and_only_until_someone_reacts(world, frozen, make):
    frozen.shift(DAY)
    consultation, idea, people = world()
    assert matrix(people, lambda u: policies.can_edit_idea(u, idea)) == {role: role == "author" for role in ROLES}
    make.comment(idea)
    assert not policies.can_edit_idea(people["author"], idea)


def test_editing_closes_when_the_ideas_phase_ends(world, frozen):
    consultation, idea, people = world()
    frozen.shift(11 * DAY)
    assert not policies.can_edit_idea(people["author"], idea)


def test_only_the_author_deletes_a_comment_and_only_once(world, make):
    consultation, idea, people = world()
    comment = make.comment(idea, author=people["citizen"])
    assert matrix(people, lambda u: policies.can_delete_comment(u, comment)) == {
        role: role == "citizen" for role in ROLES
    }
    comment.remove(NOW)
    assert not policies.can_delete_comment(people["citizen"], comment)


def test_creating_consultations_and_assigning_roles(world):
    _, _, people = world()
    assert matrix(people, policies.can_create_consultation) == {
        role: role in {"owner", "other_civil_servant", "admin"} for role in ROLES
    }
    assert matrix(people, policies.can_assign_roles) == {role: role == "admin" for role in ROLES}


def test_only_administrators_manage_people_and_never_their_own_role_or_block(world, make):
    from cocreatie.models import SiteRole

    _, _, people = world()
    admin = people["admin"]
    assert matrix(people, policies.can_manage_people) == {role: role == "admin" for role in ROLES}
    someone = make.user()
    assert matrix(people, lambda u: policies.can_change_site_role(u, someone)) == {role: role == "admin" for role in ROLES}
    assert matrix(people, lambda u: policies.can_block_account(u, someone)) == {role: role == "admin" for role in ROLES}
    assert not policies.can_change_site_role(admin, admin) and not policies.can_block_account(admin, admin)
    assert not policies.can_unblock_account(admin, someone)
    someone.blocked_at = NOW
    assert policies.can_unblock_account(admin, someone) and not policies.can_block_account(admin, someone)
    assert matrix(people, lambda u: policies.can_unblock_account(u, someone)) == {role: role == "admin" for role in ROLES}
    # A blocked person may do nothing, whatever their role.
    other_admin = make.user(role=SiteRole.ADMIN)
    other_admin.blocked_at = NOW
    assert not policies.can_manage_people(other_admin) and not policies.can_create_consultation(other_admin)
