"""The permission matrix's setting, for tests/test_policies.py and the features'
test_policies.py: one consultation (an ideas phase on days 0–10 after NOW, then a
decision phase on days 10–20) as every kind of person sees it, at a frozen time."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cocreatie import db
from cocreatie.accounts.services import assign_consultation_role
from cocreatie.models import MemberRole, PhaseKind, PublicationStatus, SiteRole, Visibility
from tests.conftest import NOW

DAY = timedelta(days=1)
ROLES = ["visitor", "citizen", "author", "procesmanager", "owner", "other_civil_servant", "admin"]
# before the first phase, in the ideas phase, in the decision phase, after the end
MOMENTS = {"before": -DAY, "ideas": DAY, "decision": 11 * DAY, "after": 21 * DAY}
PHASES = [
    (PhaseKind.POLICY_PREPARATION, NOW, NOW + 10 * DAY),
    (PhaseKind.DECISION, NOW + 10 * DAY, NOW + 20 * DAY),
]


def matrix(people: dict, check, roles=ROLES) -> dict:
    """{role: check(that person)} for each of `roles`."""
    return {role: check(people[role]) for role in roles}


@pytest.fixture
def world(make, frozen):
    """`world(published=True, visibility=PUBLIC, invited=False)` builds a consultation of
    one owner (the same for every call) with an idea by its author and a procesmanager,
    and returns (consultation, idea, people): {role: User, or None for the visitor}.

    With `invited`, people also holds an "invitee" (invited, not yet accepted) and a
    "participant" (accepted an invitation); the invitations are sent while the
    consultation is published, and a draft is made one after that."""
    owner = make.user(role=SiteRole.CIVIL_SERVANT)

    def build(published=True, visibility=Visibility.PUBLIC, invited=False):
        consultation = make.consultation(
            owner=owner, phases=PHASES, published=published or invited, visibility=visibility
        )
        author = make.user()
        idea = make.idea(consultation, author=author)
        procesmanager = make.two_factor(make.user())  # staff sign in with two factors
        assign_consultation_role(procesmanager, consultation.id, MemberRole.PROCESMANAGER, NOW)
        db.session.commit()
        people = {
            "visitor": None,
            "citizen": make.user(),
            "author": author,
            "procesmanager": procesmanager,
            "owner": owner,
            "other_civil_servant": make.user(role=SiteRole.CIVIL_SERVANT),
            "admin": make.user(role=SiteRole.ADMIN),
        }
        if invited:
            people["invitee"] = make.user()
            make.invitation(consultation, people["invitee"].email, procesmanager=procesmanager)
            people["participant"] = make.participant(consultation)
            if not published:
                consultation.status = PublicationStatus.DRAFT
                db.session.commit()
        db.session.expire_all()
        return consultation, idea, people

    return build
