"""Registration takes the same work whether or not the address has an account (finding
F5): hashing the password is what takes the time, so both paths hash it. Counted, not
timed: a timing assertion would be flaky, a count is exact."""

from __future__ import annotations

import pytest

from cocreatie.accounts import services


@pytest.fixture
def hashes(monkeypatch):
    """The passwords hashed during the test, in order."""
    hashed: list[str] = []
    real = services.generate_password_hash

    def counting(password, *args, **kwargs):
        hashed.append(password)
        return real(password, *args, **kwargs)

    monkeypatch.setattr(services, "generate_password_hash", counting)
    return hashed


def _register(client, address):
    return client.post("/registreren", data={
        "email": address, "display_name": "Nieuwe Inwoner", "password": "een lang wachtwoord",
    })


def test_a_new_and_a_taken_address_both_hash_the_password_once(client, make, hashes):
    taken = make.user().email
    hashes.clear()  # the factory's own hash

    new = _register(client, "nieuw@example.nl")
    assert hashes == ["een lang wachtwoord"]

    again = _register(client, taken.upper())
    assert hashes == ["een lang wachtwoord"] * 2
    assert new.status_code == again.status_code == 302 and new.location == again.location
