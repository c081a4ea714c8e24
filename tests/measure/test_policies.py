"""Who may set goals, see the dashboard and read the accountability page, across roles,
publication, visibility and time (the setting: tests/policy_matrix.py)."""

from __future__ import annotations

import pytest

from cocreatie import policies
from cocreatie.models import Visibility
from tests.policy_matrix import MOMENTS, ROLES, matrix


@pytest.mark.parametrize("published", [True, False])
def test_goals_are_set_by_owners_and_administrators_and_the_dashboard_is_for_the_staff(world, published):
    consultation, _, people = world(published=published)
    managers = {"owner", "admin"}
    assert matrix(people, lambda u: policies.can_set_consultation_goals(u, consultation)) == {
        role: role in managers for role in ROLES
    }
    staff = managers | ({"procesmanager"} if published else set())
    assert matrix(people, lambda u: policies.can_view_dashboard(u, consultation)) == {
        role: role in staff for role in ROLES
    }


@pytest.mark.parametrize("visibility", list(Visibility))
@pytest.mark.parametrize("moment", MOMENTS)
def test_the_accountability_page_opens_where_the_consultation_is_seen_once_it_has_closed(world, frozen, visibility, moment):
    consultation, _, people = world(visibility=visibility, invited=True)
    frozen.shift(MOMENTS[moment])
    roles = [*ROLES, "invitee", "participant"]
    seen = matrix(people, lambda u: policies.can_view_consultation(u, consultation), roles)
    assert matrix(people, lambda u: policies.can_view_accountability(u, consultation), roles) == {
        role: moment == "after" and seen[role] for role in roles
    }
    if visibility == Visibility.INVITE_ONLY:
        assert not seen["citizen"] and not seen["invitee"] and seen["participant"]


def test_a_draft_has_no_accountability_page(world, frozen):
    consultation, _, people = world(published=False)
    frozen.shift(MOMENTS["after"])
    assert not any(matrix(people, lambda u: policies.can_view_accountability(u, consultation)).values())
