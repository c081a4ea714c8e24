"""Inviting never drops an address or reports nothing as a success; withdrawing an
invitation asks first."""

from __future__ import annotations

import io

import pytest

from cocreatie import db
from cocreatie.models import Visibility
from cocreatie.recruitment import addresses
from tests.conftest import login


def page(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def closed(make, frozen, client):
    with client.session_transaction() as session:
        session["locale"] = "en"
    return make.consultation(visibility=Visibility.INVITE_ONLY, title="Besloten traject")


@pytest.fixture
def procesmanager(make, client, closed):
    user = make.procesmanager(closed)
    login(client, user)
    db.session.commit()
    return user


def test_an_address_given_twice_in_a_file_comes_back_with_its_row():
    found = addresses.from_csv(b"email\nan@example.nl\nbob@example.nl\nAn@Example.nl\n", "a.csv", "text/csv")
    assert found.addresses == ["an@example.nl", "bob@example.nl"]
    assert found.duplicates == [addresses.Rejected("an@example.nl", 4)]


def test_a_duplicate_address_in_an_invitation_csv_is_reported(client, closed, procesmanager, outbox):
    path = f"/beheer/consultaties/{closed.slug}/werving"
    response = client.post(
        f"{path}/uitnodigen",
        data={"upload": (io.BytesIO(b"email\nan@example.nl\nbob@example.nl\nan@example.nl\n"), "a.csv", "text/csv"),
              "addresses": "bob@example.nl", "message": "Doet u mee met ons?"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    html = page(client.get(path))
    assert "2 invitations have been sent." in html
    assert ("2 addresses were given more than once and each get one invitation: “bob@example.nl”, "
            "“an@example.nl” (row 4).") in html
    assert len(list(outbox.glob("*.eml"))) == 2


def test_nothing_sent_is_not_a_success_and_says_why(client, make, closed, procesmanager):
    path = f"/beheer/consultaties/{closed.slug}/werving"
    data = {"addresses": "bob@example.nl", "message": "Doet u mee met ons?"}
    client.post(f"{path}/uitnodigen", data=data)
    client.get(path)  # the first time's messages
    client.post(f"{path}/uitnodigen", data=data)
    html = page(client.get(path))
    assert "0 invitations" not in html
    assert ('<div class="banner banner--warning" role="alert">\n        <p>No invitations have been sent: every '
            "address you gave already takes part or was invited less than an hour ago.</p>") in html
    assert "1 address was invited less than an hour ago and was not sent another e-mail." in html


def test_withdrawing_an_invitation_asks_first(client, make, closed, procesmanager):
    invitation, _token = make.invitation(closed, "an@example.nl", procesmanager=procesmanager)
    path = f"/beheer/consultaties/{closed.slug}/werving/{invitation.id}/intrekken"
    listing = page(client.get(f"/beheer/consultaties/{closed.slug}/werving"))
    assert f'href="{path}"' in listing
    html = page(client.get(path))
    assert "Withdraw the invitation to an@example.nl?" in html
    assert "The link in the e-mail stops working at once. The person is not told." in html
    assert f'<form method="post" action="{path}" class="confirmation__form">' in html
    db.session.expire_all()
    assert invitation.status.value == "open"
    assert client.post(path).status_code == 302
    db.session.expire_all()
    assert invitation.status.value == "withdrawn"
    assert client.get(path).status_code == 302  # nothing left to confirm
