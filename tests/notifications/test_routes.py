"""Notification and following pages: sign-in required, only your own, post-redirect-get,
and a header count that costs one query."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import insert, select

from cocreatie import db
from cocreatie.models import EmailFrequency, Follow, IdeaStatus, Notification, NotificationKind, Visibility
from cocreatie.notifications import queries
from tests.conftest import login
from tests.notifications.helpers import fresh, notifications_of
from tests.test_routes import count_queries


@pytest.fixture
def idea(make, frozen):
    return make.idea(make.consultation(), title="Bankjes in de schaduw")


def test_pages_need_a_signed_in_person(client, idea):
    for path in ["/account/berichten", "/account/volgend", "/account/e-mailinstellingen"]:
        response = client.get(path)
        assert response.status_code == 302 and "/inloggen" in response.location, path
    for path in [f"/ideeen/{idea.id}/volgen", f"/consultaties/{idea.consultation.slug}/volgen",
                 "/account/berichten/alles-gelezen", "/account/berichten/1/gelezen", "/account/volgend/1/stoppen"]:
        response = client.post(path)
        assert response.status_code == 302 and "/inloggen" in response.location, path
    assert client.get("/account/berichten/alles-gelezen").status_code == 405


def test_following_and_stopping_post_then_redirect(client, make, idea, english):
    user = make.user()
    login(client, user)
    page = client.get(f"/ideeen/{idea.id}").get_data(as_text=True)
    assert f'action="/ideeen/{idea.id}/volgen"' in page

    response = client.post(f"/ideeen/{idea.id}/volgen", data={"next": f"/ideeen/{idea.id}"})
    assert response.status_code == 302 and response.location == f"/ideeen/{idea.id}"
    response = client.post(f"/ideeen/{idea.id}/volgen", data={"next": "https://evil.example/"})
    assert response.location == f"/ideeen/{idea.id}"  # only same-site destinations
    fresh()
    [follow] = db.session.scalars(select(Follow).where(Follow.user_id == user.id)).all()  # once, however often

    assert "Bankjes in de schaduw" in client.get("/account/volgend").get_data(as_text=True)
    assert "Stop following" in client.get(f"/ideeen/{idea.id}").get_data(as_text=True)
    response = client.post(f"/account/volgend/{follow.id}/stoppen")
    assert response.status_code == 302 and response.location == "/account/volgend"
    assert "Bankjes in de schaduw" not in client.get("/account/volgend").get_data(as_text=True)

    response = client.post(f"/consultaties/{idea.consultation.slug}/volgen")
    assert response.status_code == 302 and response.location == f"/consultaties/{idea.consultation.slug}"
    assert idea.consultation.title in client.get("/account/volgend").get_data(as_text=True)


def test_others_follows_and_notifications_are_not_found(client, make, idea):
    owner_of_rows, intruder = make.user(), make.user()
    make.follow(owner_of_rows, idea)
    make.response(idea)
    [notification] = notifications_of(owner_of_rows)
    follow = db.session.scalar(select(Follow).where(Follow.user_id == owner_of_rows.id))
    login(client, intruder)
    assert client.post(f"/account/berichten/{notification.id}/gelezen").status_code == 404
    assert client.post(f"/account/volgend/{follow.id}/stoppen").status_code == 404
    assert "Bankjes in de schaduw" not in client.get("/account/berichten").get_data(as_text=True)
    fresh(notification, follow)
    assert notification.read_at is None and follow.is_active


def test_what_one_may_not_see_cannot_be_followed(client, make, frozen):
    closed = make.consultation(visibility=Visibility.INVITE_ONLY, title="Besloten")
    hidden_idea = make.idea(closed)
    login(client, make.user())
    assert client.post(f"/consultaties/{closed.slug}/volgen").status_code == 404
    assert client.post(f"/ideeen/{hidden_idea.id}/volgen").status_code == 404


def test_the_list_shows_newest_first_and_marks_read(client, make, idea, english):
    reader = make.user()
    make.follow(reader, idea)
    make.response(idea, IdeaStatus.UNDER_CONSIDERATION)
    make.response(idea, IdeaStatus.ADOPTED)
    login(client, reader)
    page = client.get("/account/berichten").get_data(as_text=True)
    assert page.index("Adopted") < page.index("Under consideration")
    assert 'class="badge">2<' in page

    newest, oldest = reversed(notifications_of(reader))
    response = client.post(f"/account/berichten/{newest.id}/gelezen", data={"next": "/account/berichten?page=1"})
    assert response.status_code == 302 and response.location == "/account/berichten?page=1"
    assert 'class="badge">1<' in client.get("/").get_data(as_text=True)

    response = client.post("/account/berichten/alles-gelezen")
    assert response.status_code == 302 and response.location == "/account/berichten"
    assert 'class="badge"' not in client.get("/").get_data(as_text=True)
    assert all(n.is_read for n in notifications_of(reader))


def test_the_list_is_paginated(client, make, frozen, english):
    consultation = make.consultation()
    reader = make.user()
    for _ in range(30):
        target = make.idea(consultation)
        make.follow(reader, target)
        make.response(target)
    login(client, reader)
    first = client.get("/account/berichten").get_data(as_text=True)
    assert first.count('class="notification ') == 25 and 'rel="next"' in first
    assert client.get("/account/berichten?page=2").get_data(as_text=True).count('class="notification ') == 5


def test_the_header_count_costs_one_query_and_stops_at_99(client, make, idea):
    reader = make.user()
    make.follow(reader, idea)
    make.response(idea)
    login(client, reader)
    with count_queries() as statements:
        page = client.get("/").get_data(as_text=True)
    assert len([s for s in statements if "notifications" in s]) == 1
    assert 'class="badge">1<' in page

    db.session.execute(
        insert(Notification),
        [{"user_id": reader.id, "event_key": f"test:{i}", "kind": NotificationKind.RESPONSE, "detail": "new"}
         for i in range(150)],
    )
    db.session.commit()
    assert queries.unread_count(reader.id) == queries.UNREAD_CAP + 1
    assert 'class="badge">99+<' in client.get("/").get_data(as_text=True)


def test_preferences_post_then_redirect(client, make, frozen, english):
    user = make.user()
    login(client, user)
    page = client.get("/account/e-mailinstellingen").get_data(as_text=True)
    assert re.search(r'<input checked[^>]*value="immediately"', page)
    response = client.post("/account/e-mailinstellingen", data={"email_frequency": "daily"})
    assert response.status_code == 302 and response.location == "/account/e-mailinstellingen"
    fresh(user)
    assert user.email_frequency == EmailFrequency.DAILY
    response = client.post("/account/e-mailinstellingen", data={"email_frequency": "hourly"})
    assert response.status_code == 200 and "There is a problem" in response.get_data(as_text=True)
    fresh(user)
    assert user.email_frequency == EmailFrequency.DAILY
