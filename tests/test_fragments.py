"""The answers static/js/cocreatie.js gets when it posts a form with fetch: JSON with the
changed parts of the page (rendered by the page's own macros) and what to announce; and
a non-2xx status for every error, so the script falls back to the ordinary form post.
The ordinary posts themselves are tested in test_routes.py and stay post-redirect-get."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from cocreatie import db
from cocreatie.models import Comment, Follow, Support
from tests.conftest import login
from tests.factories import PASSWORD
from tests.notifications.helpers import fresh

FETCH = {"X-Requested-With": "fetch", "Accept": "application/json"}


def fragment(data: dict, element_id: str) -> str:
    """The fragment whose root element has this id."""
    found = [html for html in data["fragments"] if re.match(rf'\s*<[a-z]+ [^>]*id="{re.escape(element_id)}"', html)]
    assert len(found) == 1, (element_id, data["fragments"])
    return found[0]


@pytest.fixture
def idea(make, frozen):
    return make.idea(make.consultation(budget=3), title="Bankjes in de schaduw")


@pytest.fixture
def citizen(client, make, english):
    user = make.user("Anna")
    login(client, user)
    client.get("/")  # shows, and so ends, "You are logged in."
    return user


def supports_of(idea) -> int:
    fresh()
    return db.session.scalar(select(func.count()).select_from(Support).where(Support.idea_id == idea.id))


# --- supporting -----------------------------------------------------------------------


def test_support_answers_with_the_new_support_box_and_announces_the_budget(client, idea, citizen):
    response = client.post(f"/ideeen/{idea.id}/steunen", headers=FETCH)

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    data = response.get_json()
    assert data["message"] == "You support this idea. You have 2 of 3 supports left in this consultation."
    assert data["location"] == f"/ideeen/{idea.id}"
    box = fragment(data, f"steunbox-{idea.id}")
    assert "<strong>1</strong> supporter" in box
    assert "Withdraw support" in box and f'action="/ideeen/{idea.id}/steun-intrekken"' in box
    assert 'data-enhance="support"' in box and 'name="csrf_token"' in box
    assert "You have 2 of 3 supports left in this consultation." in box
    # Supporting made her follow the idea: the follow box says so.
    assert "Stop following" in fragment(data, f"volgen-idee-{idea.id}")
    assert supports_of(idea) == 1
    # Nothing is left to flash on the next page: the change was announced in place.
    assert "banner--success" not in client.get(f"/ideeen/{idea.id}").get_data(as_text=True)


def test_support_from_the_list_answers_with_the_card_and_the_budget_line(client, idea, citizen):
    listing = f"/consultaties/{idea.consultation.slug}?sort=newest&page=1"
    response = client.post(f"/ideeen/{idea.id}/steunen", data={"next": listing}, headers=FETCH)

    data = response.get_json()
    card = fragment(data, f"steunkaart-{idea.id}")
    assert "1 support" in card and "You support this" in card and "Withdraw support" in card
    assert f'name="next" value="{listing.replace("&", "&amp;")}"' in card  # it still returns to the list
    budget = fragment(data, "steunbudget")
    assert "You have 2 of 3 supports left in this consultation." in budget
    assert data["location"] == listing
    assert len(data["fragments"]) == 2  # nothing of the idea page


def _normalised(html: str) -> str:
    return re.sub(r'name="csrf_token" value="[^"]*"', "", re.sub(r"\s+", " ", html)).strip()


def test_the_fragments_are_the_markup_of_the_full_page(client, idea, citizen):
    box = fragment(client.post(f"/ideeen/{idea.id}/steunen", headers=FETCH).get_json(), f"steunbox-{idea.id}")
    assert _normalised(box) in _normalised(client.get(f"/ideeen/{idea.id}").get_data(as_text=True))


def test_withdrawing_answers_with_the_support_button_again(client, idea, citizen):
    client.post(f"/ideeen/{idea.id}/steunen", headers=FETCH)
    response = client.post(f"/ideeen/{idea.id}/steun-intrekken", headers=FETCH)

    assert response.status_code == 200
    data = response.get_json()
    assert data["message"] == "You no longer support this idea. You have 3 of 3 supports left in this consultation."
    box = fragment(data, f"steunbox-{idea.id}")
    assert "<strong>0</strong> supporters" in box
    assert f'action="/ideeen/{idea.id}/steunen"' in box and ">Support<" in box
    assert supports_of(idea) == 0


def test_the_count_shown_includes_other_peoples_supports(client, make, idea, citizen):
    other = make.user()
    db.session.add(Support(idea_id=idea.id, user_id=other.id, created_at=idea.created_at))
    idea.support_count += 1
    db.session.commit()
    box = fragment(client.post(f"/ideeen/{idea.id}/steunen", headers=FETCH).get_json(), f"steunbox-{idea.id}")
    assert "<strong>2</strong> supporters" in box


def test_an_exhausted_budget_is_refused_with_a_conflict(client, make, frozen, citizen):
    consultation = make.consultation(budget=1)
    first, second = make.idea(consultation), make.idea(consultation)
    client.post(f"/ideeen/{first.id}/steunen", headers=FETCH)
    response = client.post(f"/ideeen/{second.id}/steunen", headers=FETCH)

    assert response.status_code == 409
    assert "You have used all 1 of your supports" in response.get_json()["error"]
    assert supports_of(second) == 0
    # The fallback, the ordinary post, shows the same message on the page.
    page = client.post(f"/ideeen/{second.id}/steunen", follow_redirects=True).get_data(as_text=True)
    assert "You have used all 1 of your supports" in page


def test_a_refused_support_is_not_a_2xx(client, make, idea, frozen):
    login(client, idea.author)  # one cannot support one's own idea
    assert client.post(f"/ideeen/{idea.id}/steunen", headers=FETCH).status_code == 403


def test_an_accept_header_alone_asks_for_json_too(client, idea, citizen):
    response = client.post(f"/ideeen/{idea.id}/steunen", headers={"Accept": "application/json"})
    assert response.status_code == 200 and response.get_json()["fragments"]


def test_an_ordinary_browser_post_still_redirects(client, idea, citizen):
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = client.post(f"/ideeen/{idea.id}/steunen", headers={"Accept": accept})
    assert response.status_code == 302 and response.location == f"/ideeen/{idea.id}#steunbox-{idea.id}"


def test_signed_out_fetches_are_redirected_not_answered(client, idea):
    response = client.post(f"/ideeen/{idea.id}/steunen", headers=FETCH)
    assert response.status_code == 302 and "/inloggen" in response.location


def _token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_a_fetch_without_a_csrf_token_is_refused(app, committed, make, frozen):
    from cocreatie import create_app

    client = create_app({**app.config, "WTF_CSRF_ENABLED": True}).test_client()
    idea, user = make.idea(make.consultation()), make.user()
    token = _token(client.get("/inloggen").get_data(as_text=True))
    client.post("/inloggen", data={"email": user.email, "password": PASSWORD, "csrf_token": token})

    assert client.post(f"/ideeen/{idea.id}/steunen", headers=FETCH).status_code == 400
    assert supports_of(idea) == 0
    # With the token from the page, as the script sends it, it works.
    token = _token(client.get(f"/ideeen/{idea.id}").get_data(as_text=True))
    response = client.post(f"/ideeen/{idea.id}/steunen", data={"csrf_token": token}, headers={**FETCH, "X-CSRFToken": token})
    assert response.status_code == 200
    assert supports_of(idea) == 1


# --- following ------------------------------------------------------------------------


def test_following_and_stopping_answer_with_the_follow_box(client, idea, citizen):
    response = client.post(f"/ideeen/{idea.id}/volgen", data={"next": f"/ideeen/{idea.id}"}, headers=FETCH)

    assert response.status_code == 200
    data = response.get_json()
    assert data["message"] == "You follow this now. You get a notification when something happens."
    box = fragment(data, f"volgen-idee-{idea.id}")
    fresh()
    follow = db.session.scalar(select(Follow).where(Follow.user_id == citizen.id))
    assert follow.unfollowed_at is None
    assert f'action="/account/volgend/{follow.id}/stoppen"' in box and "Stop following" in box
    assert f'name="next" value="/ideeen/{idea.id}"' in box

    response = client.post(f"/account/volgend/{follow.id}/stoppen", data={"next": f"/ideeen/{idea.id}"}, headers=FETCH)
    data = response.get_json()
    assert response.status_code == 200 and data["message"] == "You no longer follow this."
    box = fragment(data, f"volgen-idee-{idea.id}")
    assert f'action="/ideeen/{idea.id}/volgen"' in box and ">Follow<" in box
    assert data["location"] == f"/ideeen/{idea.id}"


def test_following_a_consultation_answers_with_its_follow_box(client, idea, citizen):
    consultation = idea.consultation
    response = client.post(f"/consultaties/{consultation.slug}/volgen", headers=FETCH)
    box = fragment(response.get_json(), f"volgen-traject-{consultation.id}")
    assert "Stop following" in box
    assert f'name="next" value="/consultaties/{consultation.slug}"' in box  # without a next: its own page


def test_someone_elses_follow_is_not_found(client, make, idea, citizen):
    other = make.user()
    make.follow(other, idea)
    theirs = db.session.scalar(select(Follow).where(Follow.user_id == other.id))
    assert client.post(f"/account/volgend/{theirs.id}/stoppen", headers=FETCH).status_code == 404


# --- reacting -------------------------------------------------------------------------


def test_a_reaction_answers_with_its_list_item_and_the_new_count(client, make, idea, citizen):
    make.comment(idea, body="Eerste!")
    response = client.post(f"/ideeen/{idea.id}/reacties?page=1", data={"body": "Graag met <b>schaduw</b>."}, headers=FETCH)

    assert response.status_code == 200
    data = response.get_json()
    fresh()
    created = db.session.scalar(select(Comment).where(Comment.author_id == citizen.id))
    assert data["message"] == "Your comment has been posted."
    assert data["comment"]["id"] == created.id and data["comment"]["parent"] is None
    html = data["comment"]["html"]
    assert html.lstrip().startswith('<ul class="comment-list">')
    assert f'<li class="comment" id="reactie-{created.id}">' in html
    assert "Graag met &lt;b&gt;schaduw&lt;/b&gt;." in html  # escaped, as on the page
    assert "Anna" in html and "Remove" in html and 'data-enhance="comment"' in html
    assert fragment(data, "reacties-aantal").strip() == '<span class="count" id="reacties-aantal">(2)</span>'
    assert data["location"] == f"/ideeen/{idea.id}?page=1#reactie-{created.id}"
    assert "Stop following" in fragment(data, f"volgen-idee-{idea.id}")  # reacting follows the idea


def test_a_reply_answers_with_a_reply_item_for_its_thread(client, make, idea, citizen):
    parent = make.comment(idea, body="Eerste!")
    response = client.post(f"/ideeen/{idea.id}/reacties", data={"body": "Eens!", "parent_id": str(parent.id)}, headers=FETCH)

    data = response.get_json()
    assert response.status_code == 200
    assert data["comment"]["parent"] == parent.id
    assert '<li class="comment comment--reply"' in data["comment"]["html"]
    fresh()
    assert db.session.scalar(select(func.count()).select_from(Comment).where(Comment.parent_id == parent.id)) == 1


def test_an_invalid_reaction_is_refused_and_nothing_is_saved(client, idea, citizen):
    response = client.post(f"/ideeen/{idea.id}/reacties", data={"body": " "}, headers=FETCH)
    assert response.status_code == 422
    assert "This field is required" in response.get_json()["error"]
    fresh()
    assert db.session.scalar(select(func.count()).select_from(Comment)) == 0


def test_a_reply_to_a_removed_reaction_is_refused(client, make, idea, citizen):
    parent = make.comment(idea)
    parent.remove(parent.created_at)
    db.session.commit()
    response = client.post(f"/ideeen/{idea.id}/reacties", data={"body": "Eens!", "parent_id": str(parent.id)}, headers=FETCH)
    assert response.status_code == 409
    assert response.get_json()["error"] == "You can no longer reply to this comment."


# --- the pages the script works on ----------------------------------------------------


def test_pages_carry_the_script_the_live_region_and_the_marked_forms(client, idea, citizen):
    page = client.get(f"/ideeen/{idea.id}").get_data(as_text=True)
    assert re.search(r'<script src="/static/js/cocreatie.js" defer></script>\s*</head>', page)
    assert re.search(r'<div id="live-region" class="visually-hidden" aria-live="polite" aria-atomic="true"></div>', page)
    for kind in ["support", "follow", "comment"]:
        assert f'data-enhance="{kind}"' in page, kind
    assert 'id="reacties"' in page and 'id="reacties-geen"' in page
    listing = client.get(f"/consultaties/{idea.consultation.slug}").get_data(as_text=True)
    assert f'id="steunkaart-{idea.id}"' in listing and 'id="steunbudget"' in listing
    assert f'id="volgen-traject-{idea.consultation.id}"' in listing
