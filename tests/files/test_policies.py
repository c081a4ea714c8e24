"""Who manages and who sees header images and attachments, across roles and states."""

from __future__ import annotations

import secrets

from cocreatie import db, policies
from cocreatie.models import FileKind, IdeaStatus, FilePurpose, StoredFile, Visibility
from tests.policy_matrix import ROLES, matrix


def _file(consultation, outcome=None) -> StoredFile:
    file = StoredFile(
        consultation_id=consultation.id, outcome_id=outcome.id if outcome else None, purpose=FilePurpose.ATTACHMENT,
        kind=FileKind.PDF, title="Raadsvoorstel", storage_key=secrets.token_hex(8),
        content_type="application/pdf", size=10,
    )
    db.session.add(file)
    db.session.flush()
    db.session.refresh(file)
    return file


def test_a_public_consultations_files_are_seen_by_all_and_managed_by_owners_and_administrators(world):
    consultation, _, people = world()
    file = _file(consultation)
    assert all(matrix(people, lambda u: policies.can_view_file(u, file)).values())
    assert matrix(people, lambda u: policies.can_manage_files(u, consultation)) == {
        role: role in {"owner", "admin"} for role in ROLES
    }


def test_a_drafts_and_an_invite_only_consultations_files_stay_with_their_page(world):
    draft, _, people = world(published=False)
    file = _file(draft)
    assert matrix(people, lambda u: policies.can_view_file(u, file)) == {
        role: role in {"owner", "admin"} for role in ROLES
    }
    closed, _, people = world(visibility=Visibility.INVITE_ONLY)
    file = _file(closed)
    assert matrix(people, lambda u: policies.can_view_file(u, file)) == {
        role: role in {"procesmanager", "owner", "admin"} for role in ROLES
    }


def test_an_outcomes_files_are_prepared_with_its_draft_and_fixed_once_published(world, make):
    consultation, idea, people = world()
    draft = make.outcome(consultation)
    owners_only = {role: role == "owner" for role in ROLES}
    assert matrix(people, lambda u: policies.can_manage_outcome_files(u, draft)) == owners_only
    file = _file(consultation, draft)
    assert matrix(people, lambda u: policies.can_view_file(u, file)) == owners_only
    published = make.outcome(consultation, decisions={idea: IdeaStatus.ADOPTED}, published=True)
    assert not any(matrix(people, lambda u: policies.can_manage_outcome_files(u, published)).values())
    file = _file(consultation, published)
    assert all(matrix(people, lambda u: policies.can_view_file(u, file)).values())
