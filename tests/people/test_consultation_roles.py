"""Roles in one consultation, from the people side: the owner edits the house rules,
a role is removed only after a confirmation page, a new address is invited into a role,
and a newly assigned person is told by e-mail what they may now do."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from cocreatie import db
from cocreatie.models import AuditEntry, HouseRule
from tests.conftest import login


@pytest.fixture(autouse=True)
def english(client, frozen):
    with client.session_transaction() as session:
        session["locale"] = "en"


def sign_in(client, user) -> None:
    login(client, user)
    db.session.commit()


def page(response) -> str:
    return response.get_data(as_text=True)


def test_the_owner_edits_the_house_rules_of_their_own_consultation(client, make):
    consultation = make.consultation(title="Een groener Stationsplein")
    owner = make.owner_of(consultation)
    sign_in(client, owner)
    manage = f"/beheer/consultaties/{consultation.slug}"
    html = page(client.get(f"{manage}/huisregels"))
    assert f'href="{manage}/huisregels"' in page(client.get(f"{manage}/fasen"))  # in the workbench menu
    assert "House rules" in html
    response = client.post(f"{manage}/huisregels", data={"title": "Blijf bij het plein", "explanation": "Over het plein."})
    assert response.status_code == 302
    db.session.expire_all()
    rule = db.session.scalar(select(HouseRule).where(HouseRule.consultation_id == consultation.id,
                                                     HouseRule.title == "Blijf bij het plein"))
    assert rule is not None
    response = client.post(f"{manage}/huisregels/{rule.id}", data={"title": "Blijf bij het Stationsplein", "explanation": ""})
    assert response.status_code == 302
    db.session.expire_all()
    assert rule.title == "Blijf bij het Stationsplein"
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "moderation.edit_house_rule",
                                                      AuditEntry.actor_id == owner.id)) is not None
    # Moderating stays the procesmanagers' work.
    assert client.get(f"{manage}/moderatie").status_code == 403
    # An owner of another consultation may not.
    other = make.owner_of(make.consultation(title="Elders"))
    sign_in(client, other)
    assert client.get(f"{manage}/huisregels").status_code == 403
