"""The moderation permissions across roles, publication, visibility, time and item state."""

from __future__ import annotations

import pytest

from cocreatie import db, policies
from cocreatie.moderation import services as moderation
from cocreatie.models import Visibility
from tests.conftest import NOW
from tests.policy_matrix import MOMENTS, ROLES, matrix

ONLY_PROCESMANAGER = {role: role == "procesmanager" for role in ROLES}
NOBODY = {role: False for role in ROLES}


def test_only_its_procesmanagers_moderate_a_consultation_not_owners_or_administrators(world):
    consultation, _, people = world()
    assert matrix(people, lambda u: policies.can_moderate_consultation(u, consultation)) == ONLY_PROCESMANAGER
    # Writing the rules is not applying them: the owner, who answers for the consultation,
    # may edit them too.
    assert matrix(people, lambda u: policies.can_edit_house_rules(u, consultation)) == {
        role: role in {"procesmanager", "owner"} for role in ROLES
    }


def test_a_procesmanager_of_another_consultation_moderates_nothing_here(world, make):
    consultation, idea, _ = world()
    elsewhere = make.procesmanager(make.consultation(title="Elders"))
    assert not policies.can_moderate_consultation(elsewhere, consultation)
    assert not policies.can_hide_content(elsewhere, idea)
    assert not policies.can_merge_idea(elsewhere, idea)


@pytest.mark.parametrize("published, visibility", [(True, Visibility.PUBLIC), (True, Visibility.INVITE_ONLY), (False, Visibility.PUBLIC)])
def test_house_rules_and_the_log_are_as_public_as_the_consultation(world, published, visibility):
    consultation, _, people = world(published=published, visibility=visibility)
    expected = matrix(people, lambda u: policies.can_view_consultation(u, consultation))
    assert matrix(people, lambda u: policies.can_view_house_rules(u, consultation)) == expected
    assert matrix(people, lambda u: policies.can_view_moderation_log(u, consultation)) == expected


@pytest.mark.parametrize("moment", MOMENTS)
def test_anyone_signed_in_reports_what_others_wrote_in_every_phase(world, frozen, moment):
    consultation, idea, people = world()
    frozen.shift(MOMENTS[moment])
    assert matrix(people, lambda u: policies.can_report(u, idea)) == {
        role: role not in {"visitor", "author"} for role in ROLES
    }


def test_nobody_reports_on_an_invite_only_consultation_they_cannot_see(world):
    consultation, idea, people = world(visibility=Visibility.INVITE_ONLY)
    assert matrix(people, lambda u: policies.can_report(u, idea)) == {
        role: role in {"procesmanager", "owner", "admin"} for role in ROLES
    }


def test_comments_are_reported_by_others_and_not_once_hidden_or_removed(world, make):
    consultation, idea, people = world()
    comment = make.comment(idea, author=people["citizen"])
    assert matrix(people, lambda u: policies.can_report(u, comment)) == {
        role: role not in {"visitor", "citizen"} for role in ROLES
    }
    make.hidden(comment, moderator=people["procesmanager"])
    assert matrix(people, lambda u: policies.can_report(u, comment)) == NOBODY
    removed = make.comment(idea, author=people["citizen"])
    removed.remove(NOW)
    assert matrix(people, lambda u: policies.can_report(u, removed)) == NOBODY
    assert matrix(people, lambda u: policies.can_hide_content(u, removed)) == NOBODY


def test_hiding_and_restoring_follow_the_state_of_the_item(world, make):
    consultation, idea, people = world()
    assert matrix(people, lambda u: policies.can_hide_content(u, idea)) == ONLY_PROCESMANAGER
    assert matrix(people, lambda u: policies.can_restore_content(u, idea)) == NOBODY
    make.hidden(idea, moderator=people["procesmanager"])
    assert matrix(people, lambda u: policies.can_hide_content(u, idea)) == NOBODY
    assert matrix(people, lambda u: policies.can_restore_content(u, idea)) == ONLY_PROCESMANAGER
    assert matrix(people, lambda u: policies.can_report(u, idea)) == NOBODY
    # The hidden text stays readable for its author (to appeal) and the procesmanagers.
    assert matrix(people, lambda u: policies.can_view_hidden_content(u, idea)) == {
        role: role in {"author", "procesmanager"} for role in ROLES
    }


def test_a_hidden_idea_takes_no_support_reactions_or_edits(world, make, frozen):
    consultation, idea, people = world()
    frozen.shift(MOMENTS["ideas"])
    assert policies.can_edit_idea(people["author"], idea)
    make.hidden(idea, moderator=people["procesmanager"])
    for check in (policies.can_support_idea, policies.can_comment_on_idea, policies.can_edit_idea):
        assert matrix(people, lambda u: check(u, idea)) == NOBODY, check.__name__


def test_merging_needs_a_procesmanager_and_a_listed_idea(world, make, frozen):
    consultation, idea, people = world()
    target = make.idea(consultation)
    assert matrix(people, lambda u: policies.can_merge_idea(u, idea)) == ONLY_PROCESMANAGER
    frozen.shift(MOMENTS["ideas"])
    moderation.merge(people["procesmanager"], idea, target, "Dubbel idee.", NOW)
    db.session.commit()
    assert matrix(people, lambda u: policies.can_merge_idea(u, idea)) == NOBODY
    # The merged idea is closed; its reactions stay readable on its page.
    for check in (policies.can_support_idea, policies.can_comment_on_idea, policies.can_edit_idea):
        assert matrix(people, lambda u: check(u, idea)) == NOBODY, check.__name__
    assert policies.can_support_idea(people["citizen"], target)
    hidden = make.idea(consultation)
    make.hidden(hidden, moderator=people["procesmanager"])
    assert not policies.can_merge_idea(people["procesmanager"], hidden)


def test_only_the_author_appeals_once_while_the_hide_is_in_force(world, make):
    consultation, idea, people = world()
    action = make.hidden(idea, moderator=people["procesmanager"])
    assert matrix(people, lambda u: policies.can_appeal(u, action)) == {role: role == "author" for role in ROLES}
    moderation.appeal_decision(people["author"], action, "Ik heb niemand beledigd.", NOW)
    db.session.commit()
    db.session.refresh(action)
    assert matrix(people, lambda u: policies.can_appeal(u, action)) == NOBODY
    appeal = action.appeal
    assert matrix(people, lambda u: policies.can_decide_appeal(u, appeal)) == ONLY_PROCESMANAGER
    moderation.decide_appeal(people["procesmanager"], appeal, True, "Bij nader inzien toelaatbaar.", NOW)
    db.session.commit()
    assert matrix(people, lambda u: policies.can_decide_appeal(u, appeal)) == NOBODY


def test_a_lifted_hide_cannot_be_appealed(world, make):
    consultation, idea, people = world()
    action = make.hidden(idea, moderator=people["procesmanager"])
    moderation.restore(people["procesmanager"], idea, "Toch toelaatbaar.", NOW)
    db.session.commit()
    assert not policies.can_appeal(people["author"], action)
