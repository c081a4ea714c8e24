"""The page cache for anonymous visitors: served again only while nothing visible changed."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, text, update

from cocreatie import create_app, db
from cocreatie.models import Idea, User
from cocreatie.pagecache import Entry, PageCache, current_version, is_public_write
from tests.conftest import login
from tests.test_routes import statements_sent


# The cache and the COMMIT hooks under test act on real commits (see conftest).
pytestmark = pytest.mark.usefixtures("committed")

def page(response) -> str:
    return response.get_data(as_text=True)


def test_a_page_seen_again_is_the_same_page_without_rendering_it(client, make, frozen):
    consultation = make.consultation()
    idea = make.idea(consultation, title="Meer bankjes op het plein")
    make.comment(idea, body="Graag bij de speeltuin.")
    for path in ["/", f"/consultaties/{consultation.slug}", f"/ideeen/{idea.id}", "/over"]:
        first = page(client.get(path))
        with statements_sent() as statements:
            again = client.get(path)
        assert again.status_code == 200 and page(again) == first, path
        assert statements == [], (path, statements)


def test_whatever_anyone_writes_is_shown_at_once(client, make, frozen):
    consultation = make.consultation()
    idea = make.idea(consultation, title="Meer bankjes op het plein")
    resident, neighbour = make.user(), make.user()
    path, listing_path = f"/ideeen/{idea.id}", f"/consultaties/{consultation.slug}"
    assert "Graag bij de speeltuin." not in page(client.get(path))

    # Through a request, as a signed-in resident.
    login(client, resident)
    client.post(f"{path}/reacties", data={"body": "Graag bij de speeltuin."})
    client.post("/uitloggen")
    assert "Graag bij de speeltuin." in page(client.get(path))

    # Through the services directly (a command, a factory), in another session.
    make.comment(idea, author=neighbour, body="En een prullenbak erbij.")
    assert "En een prullenbak erbij." in page(client.get(path))
    assert "Een watertappunt" not in page(client.get(listing_path))
    make.idea(consultation, author=neighbour, title="Een watertappunt")
    assert "Een watertappunt" in page(client.get(listing_path))


def test_a_hidden_idea_leaves_the_cached_pages_at_once(client, make, frozen):
    consultation = make.consultation()
    idea = make.idea(consultation, title="Idee met een scheldwoord")
    procesmanager, rule = make.procesmanager(consultation), make.house_rule(consultation)
    listing_path, idea_path = f"/consultaties/{consultation.slug}", f"/ideeen/{idea.id}"
    assert "Idee met een scheldwoord" in page(client.get(listing_path))
    assert "Idee met een scheldwoord" in page(client.get(idea_path))

    login(client, procesmanager)
    client.post(f"/beheer/ideeen/{idea.id}/verbergen", data={"rule": str(rule.id), "reason": "Bevat een scheldwoord."})
    client.post("/uitloggen")

    assert "Idee met een scheldwoord" not in page(client.get(listing_path))
    assert "Idee met een scheldwoord" not in page(client.get(idea_path))


def test_every_worker_sees_a_change_another_worker_committed(app, committed, make, frozen):
    idea, resident = make.idea(make.consultation()), make.user()
    worker_a = app.test_client()
    worker_b = create_app(dict(app.config)).test_client()  # its own cache, as another process
    path = f"/ideeen/{idea.id}"
    assert "Graag bij de speeltuin." not in page(worker_a.get(path))

    login(worker_b, resident)
    worker_b.post(f"{path}/reacties", data={"body": "Graag bij de speeltuin."})

    assert "Graag bij de speeltuin." in page(worker_a.get(path))


def test_private_writes_leave_the_cache_alone(client, make, frozen):
    user = make.user()
    before = current_version()
    login(client, user)  # stores the time of this log-in: not shown to anyone
    client.post("/uitloggen")
    assert current_version() == before
    make.comment(make.idea(make.consultation()))
    assert current_version() > before


def test_every_write_path_moves_the_version(app, make, frozen):
    """ORM, Core, text() and statements on the session's own connection alike."""
    idea = make.idea(make.consultation(), title="Oud")
    user = make.user()
    writes = [
        lambda: db.session.execute(text("UPDATE ideas SET title = 'Nieuw' WHERE id = :id"), {"id": idea.id}),
        lambda: db.session.connection().execute(update(Idea).where(Idea.id == idea.id).values(title="Anders")),
        lambda: db.session.connection().exec_driver_sql(f"UPDATE users SET display_name = 'X' WHERE id = {user.id}"),
        lambda: db.session.execute(update(User).where(User.id == user.id).values(display_name="Y", locale="en")),
    ]
    for write in writes:
        before = current_version()
        write()
        db.session.commit()
        assert current_version() == before + 1


def test_private_columns_written_any_way_leave_the_version(app, make, frozen):
    user = make.user()
    before = current_version()
    db.session.execute(update(User).where(User.id == user.id).values(locale="en"))
    db.session.execute(text("UPDATE users SET last_login_at = NULL WHERE id = :id"), {"id": user.id})
    db.session.commit()
    assert current_version() == before


def test_a_rolled_back_write_moves_nothing(app, make, frozen):
    idea = make.idea(make.consultation())
    before = current_version()
    db.session.execute(text("UPDATE ideas SET title = 'Nieuw' WHERE id = :id"), {"id": idea.id})
    db.session.rollback()
    db.session.execute(select(Idea)).all()
    db.session.commit()
    assert current_version() == before


@pytest.mark.parametrize(
    ("statement", "public"),
    [
        ("SELECT * FROM ideas", False),
        ("WITH x AS (SELECT 1) SELECT * FROM x", False),
        ("WITH x AS (SELECT 1) UPDATE ideas SET title = 'a'", True),
        ('INSERT INTO "follows" (user_id) VALUES (1)', False),
        ("INSERT OR IGNORE INTO supports (idea_id) VALUES (1)", True),
        ("UPDATE users SET locale=?, email_frequency=? WHERE users.id = ?", False),
        ("UPDATE users SET locale=%(locale)s, display_name=%(name)s WHERE users.id = %(id)s", True),
        ("DELETE FROM users WHERE id = 1", True),
        ("CREATE TABLE t (id int)", True),
        ("UPDATE content_version SET version = version + 1", False),
    ],
)
def test_statements_are_read_by_their_own_words(statement, public):
    assert is_public_write(statement) is public


def test_signed_in_people_get_their_own_page(client, make, frozen):
    consultation, fatima = make.consultation(), make.user("Fatima de Vries")
    path = f"/consultaties/{consultation.slug}"
    client.get(path)
    login(client, fatima)
    assert "Fatima de Vries" in page(client.get(path))
    client.post("/uitloggen")
    assert "Fatima de Vries" not in page(client.get(path))


def test_a_message_waiting_for_the_visitor_is_shown_on_a_cached_page(client, make, frozen):
    resident = make.user()
    client.get("/")
    login(client, resident)
    response = client.post("/uitloggen", follow_redirects=True)
    assert "U bent uitgelogd." in page(response)
    assert "U bent uitgelogd." not in page(client.get("/"))


def test_each_language_is_kept_apart(client, make, frozen):
    consultation = make.consultation()
    path = f"/consultaties/{consultation.slug}"
    assert 'lang="nl"' in page(client.get(path))
    client.post("/taal", data={"locale": "en", "next": path})
    assert 'lang="en"' in page(client.get(path))
    client.post("/taal", data={"locale": "nl", "next": path})
    assert 'lang="nl"' in page(client.get(path))


def test_each_visitor_gets_their_own_csrf_token(app, make, frozen):
    protected = create_app({**app.config, "WTF_CSRF_ENABLED": True})
    first, second = protected.test_client(), protected.test_client()

    def token(client) -> str:
        return re.search(r'name="csrf_token" value="([^"]+)"', page(client.get("/"))).group(1)

    token_first, token_second = token(first), token(second)  # rendered, then from the cache
    assert token_first != token_second
    response = second.post("/taal", data={"locale": "en", "next": "/", "csrf_token": token_second})
    assert response.status_code == 302
    assert 'lang="en"' in page(second.get("/"))


def test_a_page_is_rendered_again_when_its_time_is_up(client, make, frozen):
    path = f"/consultaties/{make.consultation().slug}"
    client.get(path)
    with statements_sent() as statements:
        client.get(path)
    assert statements == []
    frozen.shift(timedelta(seconds=61))
    with statements_sent() as statements:
        client.get(path)
    assert len(statements) > 1


def test_only_successful_public_pages_are_kept(app, client, make, frozen):
    consultation = make.consultation()
    listing = f"/consultaties/{consultation.slug}"
    for path in ["/ideeen/999999", f"{listing}?sort=random", "/inloggen", listing]:
        client.get(path)
    kept = {path for path, _locale in app.extensions["cocreatie.page_cache"]._entries}
    assert kept == {f"{listing}?"}


def test_the_cache_stays_within_its_bounds():
    cache = PageCache(seconds=60)
    now = datetime(2026, 6, 15, 10, 0)
    for number in range(600):
        cache.put((f"/ideeen/{number}", "nl"), Entry(1, now, b"x" * 10, "text/html", False))
    assert cache.get(("/ideeen/0", "nl"), 1, now) is None  # the oldest went first
    assert cache.get(("/ideeen/599", "nl"), 1, now) is not None
    assert cache.get(("/ideeen/599", "nl"), 2, now) is None  # another version: gone
    assert cache.get(("/ideeen/598", "nl"), 1, now + timedelta(seconds=60)) is None
