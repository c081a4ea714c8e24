"""The one way through a request: committed once at the edge, rolled back on error, the
Flask session left as it was by a request that failed, and retries only where a view
opted in."""

from __future__ import annotations

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError

from cocreatie import db
from cocreatie.models import Support, User
from cocreatie.web import commit_this_read
from tests.conftest import login


# The cache and the COMMIT hooks under test act on real commits (see conftest).
pytestmark = pytest.mark.usefixtures("committed")

@pytest.fixture
def busy_once(app):
    """The next COMMIT finds the database locked, as SQLite's busy timeout would."""
    engine = app.extensions["cocreatie.db"].engine
    state = {"left": 0, "seen": 0}

    def commit(_connection):
        state["seen"] += 1
        if state["left"]:
            state["left"] -= 1
            raise OperationalError("COMMIT", {}, Exception("database is locked"))

    event.listen(engine, "commit", commit)

    def arm(times: int = 1):
        state["left"] = times
        return state

    yield arm
    event.remove(engine, "commit", commit)


@pytest.fixture
def probe(app):
    """A view that renames a person and answers with the status it is asked for; the
    rename reaches the database at once (flushed), and a reading request may ask for it
    to stay (`keep`)."""

    def rename():
        from flask import request

        user = db.session.get(User, int(request.values["user"]))
        user.display_name = "Veranderd"
        db.session.flush()
        if request.values.get("keep"):
            commit_this_read()
        return "", int(request.values.get("status", 302)), {"Location": "/"}

    app.add_url_rule("/_probe", "probe", rename, methods=["GET", "POST"])


def display_name(user: User) -> str:
    db.session.expire_all()
    return db.session.get(User, user.id).display_name


def test_a_write_that_answers_well_is_committed_once_at_the_edge(client, make, probe):
    user = make.user()
    assert client.post(f"/_probe?user={user.id}").status_code == 302
    assert display_name(user) == "Veranderd"


@pytest.mark.parametrize("status", [400, 403, 409, 422])
def test_a_write_that_answers_with_an_error_is_rolled_back(client, make, probe, status):
    user = make.user()
    assert client.post(f"/_probe?user={user.id}&status={status}").status_code == status
    assert display_name(user) != "Veranderd"


def test_a_reading_request_never_writes(client, make, probe):
    """Also on PostgreSQL, where a reading request reads in autocommit (cocreatie/db.py):
    its first write opens the transaction that its end rolls back."""
    user = make.user()
    assert client.get(f"/_probe?user={user.id}&status=200").status_code == 200
    assert display_name(user) != "Veranderd"


def test_a_reading_request_keeps_a_write_it_asks_to_keep(client, make, probe):
    user = make.user()
    assert client.get(f"/_probe?user={user.id}&status=200&keep=1").status_code == 200
    assert display_name(user) == "Veranderd"


def test_a_failed_log_in_keeps_the_pending_invitation(client, make, busy_once):
    """The log-in takes the pending invitation from the session before it commits; when
    the commit fails, the invitation (and the signed-out state) are as they were."""
    user = make.user()
    with client.session_transaction() as session:
        session["pending_invitation"] = {"slug": "plein", "token": "abc"}
    busy_once()
    response = client.post("/inloggen", data={"email": user.email, "password": "correct horse battery staple"})
    assert response.status_code == 503  # log-in did not opt in to retries
    with client.session_transaction() as session:
        assert session["pending_invitation"] == {"slug": "plein", "token": "abc"}
        assert "_user_id" not in session
        assert "_flashes" not in session


def test_a_view_that_opted_in_is_run_again_when_the_database_is_busy(client, make, frozen, busy_once):
    consultation = make.consultation()
    idea = make.idea(consultation)
    login(client, make.user())
    state = busy_once()
    response = client.post(f"/ideeen/{idea.id}/steunen")
    assert response.status_code == 302 and state["seen"] >= 2
    assert db.session.scalar(select(func.count()).select_from(Support).where(Support.idea_id == idea.id)) == 1
    with client.session_transaction() as session:
        messages = [message for _category, message in session["_flashes"]]
        assert messages.count("U steunt dit idee.") == 1  # the retried run's message, not two


def test_a_view_that_did_not_opt_in_is_not_run_again(client, make, busy_once):
    login(client, make.user())
    state = busy_once()
    seen = state["seen"]
    assert client.post("/taal", data={"locale": "en"}).status_code == 503
    assert state["seen"] == seen + 1
