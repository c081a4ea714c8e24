"""Download my data: everything about the person, as JSON files in a ZIP, and nobody else's."""

from __future__ import annotations

import io
import json
import zipfile

from sqlalchemy import select

from cocreatie import db
from cocreatie.models import AuditEntry
from tests.conftest import login
from tests.privacy.conftest import ADDRESS, NAME, NEW_ADDRESS

EXPECTED_FILES = {
    "account.json", "ideas.json", "comments.json", "supports.json", "support_budgets.json", "reports.json",
    "amendments.json", "amendment_supports.json",
    "appeals.json", "moderation_of_your_contributions.json", "follows.json", "notifications.json",
    "invitations.json", "roles.json", "links.json", "sessions.json", "two_step_sign_in.json", "audit_log.json",
    "profile_answers.json",
    "README.txt",
}


def _download(client):
    response = client.post("/account/gegevens")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="mijn-gegevens-2026-06-15.zip"')
    assert "no-store" in response.headers["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    return {name: archive.read(name).decode() for name in archive.namelist()}


def test_the_download_holds_everything_about_the_person(client, person):
    login(client, person.user)
    files = _download(client)
    assert set(files) == EXPECTED_FILES
    data = {name: json.loads(text) for name, text in files.items() if name.endswith(".json")}

    account = data["account.json"]
    assert (account["email"], account["display_name"], account["pending_email"]) == (ADDRESS, NAME, NEW_ADDRESS)
    assert "hash" in account["password"] and "scrypt" not in files["account.json"] and "pbkdf2" not in files["account.json"]
    assert {i["title"] for i in data["ideas.json"]} == {
        "Een bankje bij de vijver", "Meer schaduw op het plein", "Een overdekte fietsenstalling", "Een waterpunt",
        "Een idee dat te ver gaat",
    }
    assert {c["body"] for c in data["comments.json"]} == {"Mee eens, een goed plan.", "Een reactie die verborgen wordt."}
    assert [s["idea_title"] for s in data["supports.json"]] == ["Een speeltuin"]
    assert data["support_budgets.json"] == [{"consultation": person.consultation.slug, "used": 1, "budget": 3}]
    assert [r["note"] for r in data["reports.json"]] == ["Reclame."]
    assert [a["body"] for a in data["appeals.json"]] == ["Het ging wel over het plan."]
    assert {m["reason"] for m in data["moderation_of_your_contributions.json"]} == {
        "Dit gaat over een persoon.", "Niet over het plan.",
    }
    assert len(data["follows.json"]) == 3  # the consultation, the answered idea, the supported idea (by supporting)
    assert {n["kind"] for n in data["notifications.json"]} == {"response", "idea_hidden", "comment_hidden"}
    assert sorted(i["status"] for i in data["invitations.json"]) == ["accepted", "open"]
    assert [r["role"] for r in data["roles.json"]] == ["participant"]
    assert {link["purpose"] for link in data["links.json"]} == {"reset_password", "change_email"}
    assert "token" not in files["links.json"]
    assert data["sessions.json"] and data["sessions.json"][-1]["ended_at"] is None  # this browser
    assert data["two_step_sign_in.json"]["on"] is False
    # By the person, about their account, or recording their address (here in capitals).
    assert {e["action"] for e in data["audit_log.json"]} >= {"test.about", "test.by", "test.mention"}
    assert "ideas.json: " in files["README.txt"]


def test_the_download_holds_no_one_else(client, person, make):
    someone = make.user("Iemand Anders")
    make.comment(person.others_idea, author=someone, body="Een reactie van iemand anders.")
    login(client, person.user)
    everything = "".join(_download(client).values())
    assert "Iemand Anders" not in everything and someone.email not in everything
    assert "Een reactie van iemand anders." not in everything


def test_a_download_is_recorded(client, person):
    login(client, person.user)
    _download(client)
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (entry.action, entry.actor_id, entry.subject) == (
        "accounts.download_data", person.user.id, f"user {person.user.id}",
    )


def test_only_a_signed_in_person_downloads_and_only_by_post(client):
    response = client.post("/account/gegevens")
    assert response.status_code == 302 and "/inloggen" in response.location
    assert client.get("/account/gegevens").status_code == 405
