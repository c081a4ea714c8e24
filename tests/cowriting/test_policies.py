"""Who may do what with a draft text, across roles and time (tests/policy_matrix.py): the
matrix's consultation runs a policy-preparation phase on days 0–10 and a decision phase on
days 10–20, both allowing co-writing by default."""

from __future__ import annotations

import pytest

from cocreatie import db, policies
from cocreatie.cowriting import services
from cocreatie.models import AmendmentKind, Visibility
from tests.conftest import NOW
from tests.cowriting.conftest import TEXT, paragraph_with
from tests.policy_matrix import MOMENTS, ROLES, matrix


def _draft(world, **options):
    consultation, _idea, people = world(**options)
    document = services.add_document(people["owner"], consultation, consultation.phases[1], "Ontwerp", "", TEXT, NOW)
    db.session.commit()
    return document, people


@pytest.mark.parametrize("moment", MOMENTS)
def test_taking_part_follows_the_running_phase_and_needs_a_signed_in_person(world, frozen, moment):
    document, people = _draft(world)
    amendment = services.propose_amendment(
        people["author"], paragraph_with(document, "tien bomen"), AmendmentKind.DELETE, "", "Weg.", 1, NOW)
    db.session.commit()
    frozen.shift(MOMENTS[moment])
    open_now = moment in {"ideas", "decision"}
    signed_in = {role: open_now and role != "visitor" for role in ROLES}
    assert matrix(people, lambda u: policies.can_comment_on_paragraph(u, document)) == signed_in
    assert matrix(people, lambda u: policies.can_propose_amendment(u, document)) == signed_in
    assert matrix(people, lambda u: policies.can_comment_on_amendment(u, amendment)) == signed_in
    assert matrix(people, lambda u: policies.can_support_amendment(u, amendment)) == {
        role: signed_in[role] and role != "author" for role in ROLES
    }
    # Reading and deciding do not depend on the phase.
    assert all(matrix(people, lambda u: policies.can_view_document(u, document)).values())
    assert matrix(people, lambda u: policies.can_decide_amendment(u, amendment)) == {
        role: role == "owner" for role in ROLES
    }
    assert matrix(people, lambda u: policies.can_publish_document_version(u, document)) == {
        role: role == "owner" for role in ROLES
    }


def test_only_owners_add_texts_and_see_the_overview(world, frozen):
    consultation, _idea, people = world()
    owner_only = {role: role == "owner" for role in ROLES}
    assert matrix(people, lambda u: policies.can_add_document(u, consultation)) == owner_only
    assert matrix(people, lambda u: policies.can_manage_documents(u, consultation)) == owner_only


def test_an_invite_only_consultations_text_is_for_its_members(world, frozen):
    document, people = _draft(world, visibility=Visibility.INVITE_ONLY, invited=True)
    seen = matrix(people, lambda u: policies.can_view_document(u, document), roles=[*ROLES, "participant"])
    assert seen == {"visitor": False, "citizen": False, "author": False, "procesmanager": True, "owner": True,
                    "other_civil_servant": False, "admin": True, "participant": True}
