"""Role badges (cocreatie/badges.py, templates/macros/people.html): staff are visibly
staff, from their role and never from their name, wherever their name is shown as the
author of something; a name cannot pass for one."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from cocreatie import badges as badge_module
from cocreatie import db
from cocreatie.accounts import services as accounts
from cocreatie.badges import RoleBadge, badges_for
from cocreatie.models import IdeaStatus, SiteRole, User
from tests.conftest import NOW, login
from tests.test_routes import count_queries

BADGE = re.compile(r'<span class="role-badge role-badge--(\w+)">')


def _fresh() -> None:
    db.session.commit()  # see what the requests committed


def page_of(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def comment_meta(page: str, comment) -> str:
    """The line above a reaction: its author, badges and date."""
    return page.split(f'id="reactie-{comment.id}-meta">', 1)[1].split("</p>", 1)[0]


def badges_in(html: str) -> list[str]:
    return BADGE.findall(html)


@pytest.fixture
def square(make, frozen):
    consultation = make.consultation()
    idea = make.idea(consultation, title="Meer schaduw")
    return consultation, idea


# --- the rule ---------------------------------------------------------------------------


def test_badges_come_from_roles_in_this_consultation_and_on_the_site(make, square):
    consultation, _ = square
    elsewhere = make.consultation(title="Een ander traject")
    procesmanager = make.procesmanager(consultation)
    procesmanager_elsewhere = make.procesmanager(elsewhere)
    owner = make.owner_of(consultation)
    civil_servant = make.user(role=SiteRole.CIVIL_SERVANT)  # owns nothing here, still a civil servant
    admin = make.user(role=SiteRole.ADMIN)
    citizen = make.user()
    both = make.procesmanager(consultation, user=make.owner_of(elsewhere))
    found = badges_for([procesmanager, procesmanager_elsewhere, owner, civil_servant, admin, citizen, both, None],
                       consultation.id)
    assert found.of(procesmanager) == (RoleBadge.PROCESMANAGER,)
    assert found.of(procesmanager_elsewhere) == ()
    assert found.of(owner) == (RoleBadge.CIVIL_SERVANT,)
    assert found.of(civil_servant) == (RoleBadge.CIVIL_SERVANT,)
    assert found.of(admin) == (RoleBadge.ADMINISTRATOR,)
    assert found.of(citizen) == found.of(None) == ()
    assert found.of(both) == (RoleBadge.PROCESMANAGER, RoleBadge.CIVIL_SERVANT)


def test_finding_the_badges_costs_one_query_however_many_people(app, make, square):
    consultation, _ = square
    people = [make.user() for _ in range(30)] + [make.procesmanager(consultation)]
    db.session.commit()
    with count_queries() as queries:
        badges_for(people, consultation.id)
    assert len(queries) == 1
    with count_queries() as none:
        assert badges_for([None], consultation.id) == badge_module.NONE
    assert none == []


# --- comments, ideas, responses, outcomes -------------------------------------------------


def test_a_procesmanagers_reaction_shows_the_badge_and_a_citizens_does_not(client, make, square, english):
    consultation, idea = square
    real = make.procesmanager(consultation, user=make.user("Mirjam Smit"))
    theirs = make.comment(idea, author=real, body="Welkom allemaal, houd het vriendelijk.")
    citizens = make.comment(idea, author=make.user("Jan de Vries"), body="Goed idee.")
    page = page_of(client, f"/ideeen/{idea.id}")
    meta = comment_meta(page, theirs)
    assert "Mirjam Smit" in meta and badges_in(meta) == ["procesmanager"]
    assert '<span class="visually-hidden">role checked by the website: </span>Procesmanager' in meta
    assert badges_in(comment_meta(page, citizens)) == []


def test_a_citizen_cannot_register_as_the_procesmanager_whose_reactions_carry_the_badge(client, make, square, english):
    consultation, idea = square
    make.comment(idea, author=make.procesmanager(consultation, user=make.user("Mirjam Smit")))
    response = client.post("/registreren", data={
        "email": "nep@example.nl", "display_name": "Mirjam Smit (procesmanager)", "password": "een lang wachtwoord",
    })
    assert "Choose a name without “procesmanager”" in response.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.email == "nep@example.nl")) is None


def test_no_name_can_imitate_a_badge(client, make, square):
    """Even a name an administrator set, with a badge's markup in it, stays text."""
    _, idea = square
    user = accounts.create_user("vreemd@example.nl", '<span class="role-badge role-badge--procesmanager">Procesmanager</span>',
                                "een lang wachtwoord", NOW)
    db.session.commit()
    comment = make.comment(idea, author=user)
    meta = comment_meta(page_of(client, f"/ideeen/{idea.id}"), comment)
    assert badges_in(meta) == [] and "&lt;span class=" in meta


def test_the_idea_page_shows_badges_for_the_idea_the_response_and_updates(client, make, square, english):
    consultation, _ = square
    procesmanager = make.procesmanager(consultation)
    idea = make.idea(consultation, author=procesmanager, title="Een idee van de procesmanager")
    make.response(idea, status=IdeaStatus.ADOPTED)
    page = page_of(client, f"/ideeen/{idea.id}")
    byline = page.split('<p class="idea__meta">', 1)[1].split("</p>", 1)[0]
    assert badges_in(byline) == ["procesmanager"]
    response = page.split('class="official-response__meta"', 1)[1].split("</p>", 1)[0]
    assert make.owner_of(consultation).display_name in response and badges_in(response) == ["civil_servant"]


def test_idea_cards_show_their_authors_badges(client, make, square):
    consultation, citizens_idea = square
    make.idea(consultation, author=make.procesmanager(consultation), title="Van de procesmanager")
    page = page_of(client, f"/consultaties/{consultation.slug}")
    cards = {title: card for card in page.split('<li class="card idea-card">')[1:]
             for title in re.findall(r'<h3 class="card__title"><a [^>]*>([^<]*)</a>', card)}
    assert badges_in(cards["Van de procesmanager"]) == ["procesmanager"]
    assert badges_in(cards[citizens_idea.title]) == []


def test_the_outcome_page_shows_who_published_it_with_the_badge(client, make, frozen):
    consultation = make.consultation()
    outcome = make.outcome(consultation, {make.idea(consultation): IdeaStatus.ADOPTED}, published=True)
    page = page_of(client, f"/consultaties/{consultation.slug}/uitkomsten/{outcome.id}")
    published = page.split('<p class="idea__meta">', 1)[1].split("</p>", 1)[0]
    assert make.owner_of(consultation).display_name in published and badges_in(published) == ["civil_servant"]


def test_the_moderation_queue_shows_badges_of_authors_and_reporters(client, make, square):
    consultation, idea = square
    procesmanager = make.procesmanager(consultation)
    other = make.procesmanager(consultation)
    comment = make.comment(idea, author=other)
    make.report(comment, reporter=make.user(role=SiteRole.ADMIN))
    login(client, procesmanager)
    _fresh()
    page = page_of(client, f"/beheer/consultaties/{consultation.slug}/moderatie")
    assert "procesmanager" in badges_in(page) and "administrator" in badges_in(page)


def test_badges_cost_one_query_on_the_idea_page_however_many_authors(client, make, square, monkeypatch):
    consultation, idea = square
    for n in range(5):
        parent = make.comment(idea, author=make.procesmanager(consultation) if n % 2 else None)
        make.comment(idea, parent=parent)
    with count_queries() as with_badges:
        page_of(client, f"/ideeen/{idea.id}")
    from cocreatie.ideas import routes

    monkeypatch.setattr(routes, "badges_for", lambda people, consultation_id: badge_module.NONE)
    with count_queries() as without:
        page_of(client, f"/ideeen/{idea.id}")
    assert len(with_badges) == len(without) + 1


def test_a_reaction_placed_with_javascript_carries_the_badge(client, make, square):
    consultation, idea = square
    procesmanager = make.procesmanager(consultation)
    login(client, procesmanager)
    _fresh()
    response = client.post(f"/ideeen/{idea.id}/reacties", data={"body": "Dank voor alle reacties."},
                           headers={"Accept": "application/json", "X-Requested-With": "fetch"})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert badges_in(response.get_json()["comment"]["html"]) == ["procesmanager"]


# --- the legend ---------------------------------------------------------------------------


def test_how_it_works_explains_the_badges(client, english):
    page = page_of(client, "/over")
    legend = page.split('<dl class="role-legend">', 1)[1].split("</dl>", 1)[0]
    assert badges_in(legend) == ["procesmanager", "civil_servant", "administrator"]
    assert "nobody can type it into their name" in page
