"""The support POST's lean path (decision 0021): what a support costs in statements, and
that the cheaper signed-in load still ends every session it must end."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event, func, select, update

from cocreatie import db
from cocreatie.errors import NotAllowed
from cocreatie.ideas import services
from cocreatie.models import Follow, Idea, Support, User, UserSession
from tests.conftest import NOW, login
from tests.factories import PASSWORD
from tests.test_routes import statements_sent



def _shape(statement: str) -> str:
    """`INSERT INTO supports`, `UPDATE ideas`, `SELECT users`: the verb and the first table."""
    verb = statement.split(None, 1)[0].upper()
    if verb == "WITH":  # PostgreSQL's one statement for several writes: the tables it writes
        written = re.findall(r"\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)", statement, re.I)
        return "WITH " + " + ".join(written)
    if verb == "SELECT":
        outer, previous = statement, None
        while outer != previous:  # the statement's own FROM, not a subquery's (the content version's)
            previous, outer = outer, re.sub(r"\([^()]*\)", "", outer)
        table = re.search(r"\bFROM\s+\"?(\w+)", outer, re.I).group(1)
        return f"SELECT {table}"
    table = re.search(r"^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)", statement, re.I).group(1)
    return f"{verb} {table}"


def _fresh() -> None:
    """What the requests committed on their own connections: a new snapshot, nothing kept."""
    db.session.rollback()
    db.session.expire_all()


def _rows(idea_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(Support).where(Support.idea_id == idea_id))


def test_a_support_is_two_reads_and_four_writes(client, committed, make, frozen):
    idea = make.idea(make.consultation())
    supporter = make.user()
    login(client, supporter)

    with statements_sent() as sent:
        response = client.post(f"/ideeen/{idea.id}/steunen")

    assert response.status_code == 302 and response.location.endswith(f"/ideeen/{idea.id}#steunbox-{idea.id}")
    # The person with their session and roles; the idea with its consultation and phases;
    # the counter with the idea's lock and the support (one statement on PostgreSQL); the
    # follow; the page cache's version.
    writes = ["UPDATE ideas", "INSERT supports"] if db.is_sqlite() else ["WITH ideas + supports"]
    assert [_shape(s) for s in sent] == [
        "SELECT users", "SELECT ideas", *writes, "INSERT follows", "UPDATE content_version",
    ], sent
    _fresh()
    assert _rows(idea.id) == 1 == db.session.get(Idea, idea.id).support_count
    assert db.session.scalar(select(Follow).where(Follow.idea_id == idea.id, Follow.user_id == supporter.id))


def test_postgresql_supports_in_one_transaction_sqlite_queues_only_its_writes(client, committed, make, frozen):
    idea = make.idea(make.consultation())
    login(client, make.user())
    begun: list[str] = []

    def note(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("BEGIN"):
            begun.append(statement.strip().upper())

    engine = db.current().engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        assert client.post(f"/ideeen/{idea.id}/steunen").status_code == 302
    finally:
        event.remove(engine, "before_cursor_execute", note)
    if db.is_sqlite():
        assert begun == ["BEGIN", "BEGIN IMMEDIATE"]  # the reads, then the writes under the lock
    else:
        assert begun == []  # the driver begins the one transaction itself


def test_supporting_twice_keeps_the_count_and_the_idea_in_memory_right(make, frozen):
    idea = make.idea(make.consultation())
    supporter = make.user()
    assert services.support_idea(supporter, idea, NOW) is True
    assert idea.support_count == 1 and idea.changed_at == NOW  # as the database answered
    assert services.support_idea(supporter, idea, NOW) is False
    assert idea.support_count == 1
    db.session.flush()
    assert idea not in db.session.dirty
    db.session.expire_all()
    assert _rows(idea.id) == 1 == db.session.get(Idea, idea.id).support_count


def test_an_idea_hidden_after_the_page_loaded_is_not_supported(make, frozen):
    consultation = make.consultation()
    idea = make.idea(consultation)
    supporter = make.user()
    # Hidden by another request: the copy in memory still says it is listed.
    db.session.execute(update(Idea).where(Idea.id == idea.id).values(hidden_at=NOW)
                       .execution_options(synchronize_session=False))
    assert idea.hidden_at is None
    with pytest.raises(NotAllowed):
        services.support_idea(supporter, idea, NOW)
    db.session.expire_all()
    assert _rows(idea.id) == 0 == db.session.get(Idea, idea.id).support_count


def test_a_support_without_the_forms_token_is_refused(app, committed, make, frozen):
    from cocreatie import create_app

    client = create_app({**app.config, "WTF_CSRF_ENABLED": True}).test_client()
    idea, user = make.idea(make.consultation()), make.user()
    page = client.get("/inloggen").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post("/inloggen", data={"email": user.email, "password": PASSWORD, "csrf_token": token}).status_code == 302

    assert client.post(f"/ideeen/{idea.id}/steunen").status_code == 400
    assert client.post(f"/ideeen/{idea.id}/steunen", data={"csrf_token": "forged"}).status_code == 400
    _fresh()
    assert _rows(idea.id) == 0
    page = client.get(f"/ideeen/{idea.id}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post(f"/ideeen/{idea.id}/steunen", data={"csrf_token": token}).status_code == 302
    _fresh()
    assert _rows(idea.id) == 1


# --- the signed-in load ---------------------------------------------------------------------


def _session_reads(client, path: str) -> list[str]:
    with statements_sent() as sent:
        assert client.get(path).status_code == 200
    return [s for s in sent if re.search(r"\b(FROM users|user_sessions|consultation_members|two_factor)\b", s)
            and s.lstrip().upper().startswith("SELECT")]


def test_the_person_their_roles_and_their_session_come_in_one_query(client, make, frozen):
    consultation = make.consultation()
    login(client, make.user())
    reads = _session_reads(client, "/account/berichten")
    assert len(reads) == 1 and "user_sessions" in reads[0] and "consultation_members" in reads[0], reads
    # Staff too: the two-step gate asks for their roles, which came with them.
    login(client, make.procesmanager(consultation))
    reads = _session_reads(client, f"/beheer/consultaties/{consultation.slug}/moderatie")
    assert len([s for s in reads if "user_sessions" in s]) == 1
    assert not [s for s in reads if re.search(r"FROM consultation_members\b", s)], reads


def test_a_blocked_account_is_signed_out_at_its_next_request(client, make, frozen):
    person = make.user()
    login(client, person)
    assert client.get("/account/berichten").status_code == 200
    # Blocked behind the application's back: its session record was not ended.
    db.session.execute(update(User).where(User.id == person.id).values(blocked_at=NOW)
                       .execution_options(synchronize_session=False))
    assert client.get("/account/berichten").status_code == 302
    db.session.execute(update(User).where(User.id == person.id).values(blocked_at=None)
                       .execution_options(synchronize_session=False))
    assert client.get("/account/berichten").status_code == 302  # the cookie no longer claims anyone


def test_an_ended_session_record_signs_the_cookie_out(client, make, frozen):
    person = make.user()
    login(client, person)
    db.session.execute(update(UserSession).where(UserSession.user_id == person.id).values(ended_at=NOW)
                       .execution_options(synchronize_session=False))
    assert client.get("/account/berichten").status_code == 302


def test_the_sessions_page_still_finds_this_device(client, make, frozen, english):
    login(client, make.user())
    page = client.get("/account/sessies").get_data(as_text=True)
    assert "This device" in page or "this device" in page
