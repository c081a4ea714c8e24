"""Who has a worklist: every staff member (site role or a staff role in a consultation)."""

from __future__ import annotations

from cocreatie import policies
from tests.policy_matrix import ROLES, matrix


def test_staff_have_a_worklist_and_citizens_do_not(world):
    _consultation, _idea, people = world()
    assert matrix(people, policies.can_view_worklist) == {
        role: role in {"procesmanager", "owner", "other_civil_servant", "admin"} for role in ROLES
    }
