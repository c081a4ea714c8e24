"""Pages for signed-in participants from the page cache: byte for byte the page a full
render gives that reader, and every change shown at once (cocreatie/personal.py)."""

from __future__ import annotations

import re

import pytest
from flask import template_rendered

from cocreatie import create_app, db
from cocreatie.reach import services as reach_services
from tests.conftest import NOW, login

pytestmark = pytest.mark.usefixtures("committed", "frozen")

_TOKEN = re.compile(r'name="csrf_token" value="[^"]+"')


def _signed_in(app, person):
    client = app.test_client()
    login(client, person)
    client.get("/privacy")  # shows "you are logged in" once
    return client


def _normalised(response) -> str:
    assert response.status_code == 200
    return _TOKEN.sub('name="csrf_token" value="…"', response.get_data(as_text=True))


class Renders:
    """Counts the templates rendered while it is open: none for a page from the cache."""

    def __init__(self, app):
        self.app, self.names = app, []

    def __enter__(self):
        template_rendered.connect(self._note, self.app)
        return self.names

    def __exit__(self, *_exc):
        template_rendered.disconnect(self._note, self.app)

    def _note(self, _app, template, context, **_extra):
        self.names.append(template.name)


@pytest.fixture
def world(app, make):
    consultation = make.consultation()
    author, commenter = make.user("Anna Auteur"), make.user("Cees Reageerder")
    supporter, follower, newcomer = make.user("Sanne Steun"), make.user("Vera Volger"), make.user("Nina Nieuw")
    first = make.idea(consultation, author=author, title="Meer bankjes op het plein")
    second = make.idea(consultation, title="Een watertappunt bij de speeltuin")
    make.comment(first, author=commenter, body="Graag bij de speeltuin.")
    make.follow(follower, consultation)
    make.follow(author, first)
    reach_services.choose_questions(make.owner_of(consultation), consultation, district=False, age_band=True,
                                    channel=False, channels=[], now=NOW)
    db.session.commit()
    client = app.test_client()
    login(client, supporter)
    client.post(f"/ideeen/{first.id}/steunen")  # supporting follows the idea; the author hears of it
    client.post(f"/ideeen/{second.id}/steunen")
    client.post(f"/ideeen/{first.id}/reacties", data={"body": "Ik steun dit van harte."})
    make.response(first)  # its followers hear of it
    db.session.commit()
    return {
        "consultation": consultation, "first": first, "second": second,
        "people": {
            "newcomer": newcomer, "supporter": supporter, "follower": follower, "author": author,
            "commenter": commenter, "procesmanager": make.procesmanager(consultation),
        },
    }


def _paths(world) -> list[str]:
    slug = world["consultation"].slug
    return ["/", f"/consultaties/{slug}", f"/consultaties/{slug}?sort=new", f"/consultaties/{slug}?q=bankjes",
            f"/ideeen/{world['first'].id}", f"/ideeen/{world['second'].id}"]


def test_every_reader_gets_the_page_a_full_render_gives_them(app, world):
    uncached = create_app(dict(app.config, PAGE_CACHE_SECONDS=0))
    for who in ["newcomer", "supporter", "follower", "author", "commenter", "procesmanager"]:
        person = world["people"][who]
        reader, control = _signed_in(app, person), _signed_in(uncached, person)
        for path in _paths(world):
            expected = _normalised(control.get(path))
            assert _normalised(reader.get(path)) == expected, (who, path)
            assert _normalised(reader.get(path)) == expected, (who, path, "again")


def test_a_participant_is_served_without_rendering_with_their_own_parts(app, world):
    second = world["second"]
    newcomer = _signed_in(app, world["people"]["newcomer"])
    supporter = _signed_in(app, world["people"]["supporter"])
    path = f"/ideeen/{second.id}"
    assert "Nina Nieuw" in _normalised(newcomer.get(path))  # recorded here
    with Renders(app) as rendered:
        page = _normalised(supporter.get(path))
    assert rendered == []
    assert "Sanne Steun" in page and "Nina Nieuw" not in page
    assert "U steunt dit idee." in page and "Steun intrekken" in page
    assert "Niet meer volgen" in page  # supporting made them follow the idea
    assert "Bedankt voor het meedoen" in page  # the profile questions, after taking part
    with Renders(app) as rendered:
        page = _normalised(newcomer.get(path))
    assert rendered == [] and "U steunt dit idee." not in page and "Bedankt voor het meedoen" not in page


def test_the_author_of_something_on_the_page_gets_it_rendered(app, world):
    reader = _signed_in(app, world["people"]["newcomer"])
    path = f"/ideeen/{world['first'].id}"
    reader.get(path)
    for who in ["author", "commenter", "procesmanager"]:
        client = _signed_in(app, world["people"][who])
        with Renders(app) as rendered:
            client.get(path)
        assert "ideas/show.html" in rendered, who


def test_changes_show_at_once_to_signed_in_readers(app, make, world):
    first, consultation = world["first"], world["consultation"]
    reader = _signed_in(app, world["people"]["newcomer"])
    other = _signed_in(app, world["people"]["follower"])
    idea_path, listing = f"/ideeen/{first.id}", f"/consultaties/{consultation.slug}"
    assert "1 steunbetuiging" in _normalised(reader.get(listing)) or "1 steun" in _normalised(reader.get(listing))
    reader.get(idea_path)

    other.post(f"/ideeen/{first.id}/steunen")
    assert "2 steunbetuigingen" in _normalised(reader.get(listing)) or "2 steun" in _normalised(reader.get(listing))
    other.post(f"{idea_path}/reacties", data={"body": "Ook een prullenbak graag."})
    assert "Ook een prullenbak graag." in _normalised(reader.get(idea_path))

    make.hidden(first)
    db.session.commit()
    assert "Meer bankjes op het plein" not in _normalised(reader.get(listing))


def test_a_reader_s_own_unread_count_and_name_are_escaped_and_theirs(app, make, world):
    sly = make.user("<b>Sly</b> & co")
    db.session.commit()
    reader, author = _signed_in(app, sly), _signed_in(app, world["people"]["author"])
    path = f"/consultaties/{world['consultation'].slug}"
    author.get(path)
    page = _normalised(reader.get(path))
    assert "&lt;b&gt;Sly&lt;/b&gt; &amp; co" in page and "<b>Sly</b>" not in page
    assert "\x00" not in page
    author_page = _normalised(author.get(path))
    assert re.search(r'class="badge">1<span class="visually-hidden"> ongelezen', author_page)
