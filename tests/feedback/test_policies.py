"""The feedback permissions across roles: only the consultation's owners answer."""

from __future__ import annotations

import pytest

from cocreatie import policies
from cocreatie.models import IdeaStatus, Visibility
from tests.policy_matrix import DAY, ROLES, matrix

OWNER_ONLY = {role: role == "owner" for role in ROLES}


@pytest.mark.parametrize("visibility", list(Visibility))
@pytest.mark.parametrize("moment", [DAY, 11 * DAY, 40 * DAY])  # ideas phase, decision phase, long after
def test_only_owners_respond_and_publish_outcomes_at_any_time(world, frozen, visibility, moment):
    consultation, idea, people = world(visibility=visibility)
    frozen.shift(moment)
    assert matrix(people, lambda u: policies.can_respond_to_idea(u, idea)) == OWNER_ONLY
    assert matrix(people, lambda u: policies.can_publish_outcome(u, consultation)) == OWNER_ONLY


def test_owners_and_administrators_see_the_overdue_list(world):
    consultation, _, people = world()
    assert matrix(people, lambda u: policies.can_view_overdue(u, consultation)) == {
        role: role in {"owner", "admin"} for role in ROLES
    }


def test_nothing_to_answer_or_publish_in_a_draft(world):
    consultation, idea, people = world(published=False)
    assert not any(matrix(people, lambda u: policies.can_respond_to_idea(u, idea)).values())
    assert not any(matrix(people, lambda u: policies.can_publish_outcome(u, consultation)).values())


@pytest.mark.parametrize("status", list(IdeaStatus))
def test_progress_updates_only_for_adopted_or_implemented_ideas_and_only_by_owners(world, status):
    _, idea, people = world()
    idea.status = status
    open_for_updates = status in {IdeaStatus.ADOPTED, IdeaStatus.PARTLY_ADOPTED, IdeaStatus.IMPLEMENTED}
    assert matrix(people, lambda u: policies.can_post_implementation_update(u, idea)) == {
        role: open_for_updates and role == "owner" for role in ROLES
    }


def test_a_published_outcome_is_public_as_its_consultation_a_draft_only_for_owners(world, make):
    consultation, idea, people = world()
    draft = make.outcome(consultation, {idea: IdeaStatus.ADOPTED})
    assert matrix(people, lambda u: policies.can_view_outcome(u, draft)) == OWNER_ONLY
    published = make.outcome(consultation, {idea: IdeaStatus.ADOPTED}, published=True)
    assert all(matrix(people, lambda u: policies.can_view_outcome(u, published)).values())


def test_an_outcome_of_an_invite_only_consultation_stays_with_its_members(world, make):
    consultation, idea, people = world(visibility=Visibility.INVITE_ONLY)
    published = make.outcome(consultation, {idea: IdeaStatus.ADOPTED}, published=True)
    # The idea's author here is an outsider by now (not a member): the consultation decides.
    assert matrix(people, lambda u: policies.can_view_outcome(u, published)) == {
        role: role in {"procesmanager", "owner", "admin"} for role in ROLES
    }
