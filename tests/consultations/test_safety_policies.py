"""Who may put back to draft, delete and copy a consultation, per role and state."""

from __future__ import annotations

from cocreatie import policies
from tests.policy_matrix import ROLES, matrix


def test_only_managers_put_a_published_consultation_back_to_draft(world):
    consultation, _, people = world()
    expected = {role: role in {"owner", "admin"} for role in ROLES}
    assert matrix(people, lambda u: policies.can_unpublish_consultation(u, consultation)) == expected
    assert matrix(people, lambda u: policies.can_delete_consultation(u, consultation)) == {role: False for role in ROLES}


def test_only_managers_delete_a_draft_and_a_draft_cannot_go_back_to_draft(world):
    consultation, _, people = world(published=False)
    expected = {role: role in {"owner", "admin"} for role in ROLES}
    assert matrix(people, lambda u: policies.can_delete_consultation(u, consultation)) == expected
    assert matrix(people, lambda u: policies.can_unpublish_consultation(u, consultation)) == {
        role: False for role in ROLES}


def test_copying_takes_a_civil_servant_who_manages_the_consultation(world):
    consultation, _, people = world()
    # The administrator manages every consultation, and is no civil servant unless given that role too.
    expected = {role: role == "owner" or (role == "admin" and people["admin"].is_civil_servant) for role in ROLES}
    assert matrix(people, lambda u: policies.can_duplicate_consultation(u, consultation)) == expected
