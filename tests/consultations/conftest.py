"""Fixtures for the consultation tests. Who may create and manage consultations is
checked with the people of the permission matrix (`world`, in tests/policy_matrix.py)
and two more who run *another* consultation, so that a role there is seen to give
nothing here."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cocreatie.models import PhaseKind, SiteRole
from tests.conftest import NOW
from tests.policy_matrix import ROLES as MATRIX_ROLES

ROLES = [*MATRIX_ROLES, "procesmanager_elsewhere", "owner_elsewhere"]
MANAGERS = {"owner", "admin"}  # of the consultation at hand
CIVIL_SERVANTS = {"owner", "other_civil_servant", "owner_elsewhere", "admin"}  # may start one

DAY = timedelta(days=1)
# Phases for `make.consultation`: an ideas phase that runs at NOW, then a decision phase.
IDEAS_THEN_DECISION = [
    (PhaseKind.POLICY_PREPARATION, NOW - DAY, NOW + 10 * DAY),
    (PhaseKind.DECISION, NOW + 10 * DAY, NOW + 20 * DAY),
]


@pytest.fixture
def elsewhere(make) -> dict:
    """{role: User} for the procesmanager and the owner of another consultation."""
    other = make.consultation(title="Een ander traject")
    return {"procesmanager_elsewhere": make.procesmanager(other), "owner_elsewhere": make.owner_of(other)}


@pytest.fixture
def owner(make):
    """A civil servant, who will own the consultations the test makes with it."""
    return make.user("Ambtenaar Jansen", role=SiteRole.CIVIL_SERVANT)
