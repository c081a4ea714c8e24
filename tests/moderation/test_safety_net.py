"""Removing a house rule asks first and says what it changes."""

from __future__ import annotations

from cocreatie import db
from cocreatie.models import HouseRule
from tests.conftest import login


def test_removing_a_house_rule_asks_first(client, make, frozen, english):
    consultation = make.consultation()
    procesmanager = make.procesmanager(consultation)
    make.hidden(make.idea(consultation), moderator=procesmanager, position=1)
    rule_id = make.house_rule(consultation, 1).id
    login(client, procesmanager)
    db.session.commit()
    path = f"/beheer/consultaties/{consultation.slug}/huisregels/{rule_id}/verwijderen"
    assert f'href="{path}"' in client.get(f"/beheer/consultaties/{consultation.slug}/huisregels").get_data(as_text=True)
    html = client.get(path).get_data(as_text=True)
    assert "Remove house rule 1?" in html
    assert "The 1 moderation decision that cited it keeps the rule&#39;s title in the public log." in html
    assert f'<form method="post" action="{path}" class="confirmation__form">' in html
    db.session.expire_all()
    assert db.session.get(HouseRule, rule_id) is not None
    assert client.post(path).status_code == 302
    db.session.expire_all()
    assert db.session.get(HouseRule, rule_id) is None
