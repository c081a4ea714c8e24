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
    english = make.user("Emma English")
    english.locale = "en"
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
            "commenter": commenter, "procesmanager": make.procesmanager(consultation), "english": english,
        },
    }


def _paths(world) -> list[str]:
    slug = world["consultation"].slug
    return ["/", f"/consultaties/{slug}", f"/consultaties/{slug}?sort=new", f"/consultaties/{slug}?q=bankjes",
            f"/ideeen/{world['first'].id}", f"/ideeen/{world['second'].id}"]


def test_every_reader_gets_the_page_a_full_render_gives_them(app, world):
    uncached = create_app(dict(app.config, PAGE_CACHE_SECONDS=0))
    for who in ["newcomer", "english", "supporter", "follower", "author", "commenter", "procesmanager"]:
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


def test_every_change_shows_at_once_on_every_page_signed_in_and_anonymous(app, make, world):
    """A support, a comment, an edited idea, a phase that stops allowing supports, a
    hidden idea: each shows at once to a participant and to a visitor, on each page."""
    first, consultation = world["first"], world["consultation"]
    readers = {"participant": _signed_in(app, world["people"]["newcomer"]), "visitor": app.test_client()}
    other = _signed_in(app, world["people"]["follower"])
    author = _signed_in(app, world["people"]["author"])
    idea_path, listing = f"/ideeen/{first.id}", f"/consultaties/{consultation.slug}"

    def everyone_sees(text: str, *paths: str, shown: bool = True) -> None:
        for name, reader in readers.items():
            for path in paths:
                reader.get(path)  # from the cache the second time, if nothing changed
                assert (text in _normalised(reader.get(path))) is shown, (name, path, text)

    everyone_sees("1 steunbetuiging", listing, idea_path)
    other.post(f"/ideeen/{first.id}/steunen")
    everyone_sees("2 steunbetuigingen", listing, idea_path)

    everyone_sees("Ook een prullenbak graag.", idea_path, shown=False)
    other.post(f"{idea_path}/reacties", data={"body": "Ook een prullenbak graag."})
    everyone_sees("Ook een prullenbak graag.", idea_path)

    fresh = make.idea(consultation, author=world["people"]["author"], title="Een fietsenstalling")
    db.session.commit()
    everyone_sees("Een overdekte fietsenstalling", listing, f"/ideeen/{fresh.id}", shown=False)
    edited = author.post(f"/ideeen/{fresh.id}/bewerken", data={"title": "Een overdekte fietsenstalling",
                                                               "body": fresh.body})
    assert edited.status_code == 302
    everyone_sees("Een overdekte fietsenstalling", listing, f"/ideeen/{fresh.id}")

    second_path = f"/ideeen/{world['second'].id}"

    def support_button(reader) -> bool:
        return 'action="/ideeen/%d/steunen"' % world["second"].id in _normalised(reader.get(second_path))

    participant = readers["participant"]
    assert support_button(participant) and support_button(participant)
    phase = consultation.active_phase(NOW)
    phase.allows_supports = False
    db.session.commit()
    assert not support_button(participant)

    make.hidden(first)
    db.session.commit()
    everyone_sees("Meer bankjes op het plein", listing, shown=False)


def test_a_participant_s_page_from_the_cache_is_still_private(app, world):
    reader = _signed_in(app, world["people"]["newcomer"])
    path = f"/consultaties/{world['consultation'].slug}"
    reader.get(path)
    response = reader.get(path)
    assert response.headers["Cache-Control"] == "private, no-store"


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


def test_only_reads_go_straight_through_the_driver(app):
    with pytest.raises(ValueError):
        db.read_through_driver("UPDATE users SET locale = 'en' WHERE id = ?", (1,))
    with pytest.raises(ValueError):
        db.placeholders(0)
    assert db.read_through_driver(f"SELECT ? + 1 WHERE 1 IN ({db.placeholders(2)})", (41, 1, 2)) == [(42,)]


def test_co_writing_pages_give_every_reader_their_full_render(app, make):
    from datetime import timedelta

    from cocreatie.cowriting import services as cowriting
    from cocreatie.models import AmendmentKind, PhaseKind
    from tests.cowriting.conftest import TEXT, paragraph_with

    consultation = make.consultation(phases=[(PhaseKind.DECISION, NOW - timedelta(days=3), NOW + timedelta(days=20))])
    owner = make.owner_of(consultation)
    document = cowriting.add_document(owner, consultation, consultation.phases[0], "Ontwerp-inrichtingsplan",
                                      "Wat vindt u van het plan?", TEXT, NOW)
    proposer, commenter, supporter, newcomer = (make.user(n) for n in ("Piet Voorsteller", "Cor Commentaar",
                                                                      "Stien Steun", "Nina Nieuw"))
    paragraph = paragraph_with(document, "tien bomen")
    amendment = cowriting.propose_amendment(proposer, paragraph, AmendmentKind.REPLACE, "Op het plein komen twintig bomen.",
                                            "Meer schaduw.", document.version_number, NOW)
    cowriting.comment(commenter, paragraph, "Liever linden.", NOW)
    cowriting.support_amendment(supporter, amendment, NOW)
    db.session.commit()
    paths = [f"/teksten/{document.id}", f"/teksten/{document.id}/versies/1", f"/teksten/{document.id}/alineas/{paragraph.key}",
             f"/wijzigingsvoorstellen/{amendment.id}"]
    uncached = create_app(dict(app.config, PAGE_CACHE_SECONDS=0))
    for person in (newcomer, supporter, proposer, commenter, owner):
        reader, control = _signed_in(app, person), _signed_in(uncached, person)
        for path in paths:
            expected = _normalised(control.get(path))
            assert _normalised(reader.get(path)) == expected, (person.display_name, path)
            assert _normalised(reader.get(path)) == expected, (person.display_name, path, "again")
    supporter_client = _signed_in(app, supporter)
    with Renders(app) as rendered:
        page = _normalised(supporter_client.get(paths[-1]))
    assert rendered == [] and "U steunt dit wijzigingsvoorstel." in page  # the amendment page


def test_a_page_with_the_supports_one_has_left_is_rendered_for_each_reader(app, make):
    consultation = make.consultation(budget=3)
    idea = make.idea(consultation, title="Meer bankjes op het plein")
    first, second = make.user("Eerste Lezer"), make.user("Tweede Lezer")
    db.session.commit()
    second_client = _signed_in(app, second)
    second_client.post(f"/ideeen/{idea.id}/steunen")
    uncached = create_app(dict(app.config, PAGE_CACHE_SECONDS=0))
    for person in (first, second):
        reader, control = _signed_in(app, person), _signed_in(uncached, person)
        for path in (f"/consultaties/{consultation.slug}", f"/ideeen/{idea.id}"):
            expected = _normalised(control.get(path))
            for again in range(2):
                with Renders(app) as rendered:
                    assert _normalised(reader.get(path)) == expected, (person.display_name, path)
                if again or person is second:  # after the first try: once, for this reader only
                    assert len(rendered) == 1, rendered


def test_a_page_that_is_not_there_stays_not_there(app, world):
    reader = _signed_in(app, world["people"]["newcomer"])
    for _again in range(2):
        assert reader.get("/ideeen/999999").status_code == 404
        assert reader.get("/consultaties/bestaat-niet").status_code == 404


def test_a_kind_of_personal_part_is_read_one_way():
    from cocreatie import personal

    with pytest.raises(ValueError):
        personal.register("odd", (False, True))
    with pytest.raises(ValueError):
        personal.register("odd", (False, True), select=lambda user_id, keys: ("", ()), facts=lambda user, keys: {})
    assert "odd" not in personal.KINDS
