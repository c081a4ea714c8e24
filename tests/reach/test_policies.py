"""The permission matrix for reach: who uploads the tables, chooses the questions, sees
the representation and answers, across the consultation's visibility and publication."""

from __future__ import annotations

import pytest

from cocreatie import policies
from cocreatie.models import Visibility
from tests.policy_matrix import ROLES, matrix


def _only(*roles):
    return {role: role in roles for role in ROLES}


@pytest.mark.parametrize("visibility", list(Visibility))
@pytest.mark.parametrize("published", [True, False])
def test_reach_policies(world, visibility, published):
    consultation, _, people = world(published=published, visibility=visibility)
    assert matrix(people, policies.can_manage_reference_figures) == _only("admin")
    assert matrix(people, lambda u: policies.can_choose_profile_questions(u, consultation)) == _only("owner", "admin")
    # Participants' answers are seen, masked, by the people who run the consultation only.
    assert matrix(people, lambda u: policies.can_view_representation(u, consultation)) == _only("procesmanager", "owner")
    if not published:
        answering = _only()
    elif visibility == Visibility.PUBLIC:
        answering = {role: role != "visitor" for role in ROLES}
    else:  # an invite-only consultation: those who may see it
        answering = _only("procesmanager", "owner", "admin")
    assert matrix(people, lambda u: policies.can_answer_profile_questions(u, consultation)) == answering
