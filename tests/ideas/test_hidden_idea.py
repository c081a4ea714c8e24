"""The reactions under a hidden idea are hidden with it: replies quote the idea. Whoever
may still read the idea (its author, the procesmanagers) still reads them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from cocreatie import db, policies
from cocreatie.models import Comment
from tests.conftest import NOW

QUOTE = "Zoals hij schreef: die mensen moeten weg uit de wijk. Eens"  # nothing HTML escapes


@pytest.fixture
def hidden_idea(make, frozen):
    consultation = make.consultation()
    author = make.user()
    idea = make.idea(consultation, author=author, title="Een idee dat de regels brak")
    parent = make.comment(idea, body=QUOTE)
    make.comment(idea, body="Een antwoord op de reactie.", parent=parent)
    procesmanager = make.procesmanager(consultation)
    make.hidden(idea, moderator=procesmanager)
    return idea, author, procesmanager


def _page(client, idea) -> str:
    response = client.get(f"/ideeen/{idea.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_visitor_sees_no_reaction_under_a_hidden_idea(client, hidden_idea, english):
    idea, _, _ = hidden_idea
    page = _page(client, idea)
    assert "This idea has been hidden by the procesmanager." in page
    assert QUOTE not in page and "Een antwoord op de reactie." not in page
    assert "The comments on this idea are hidden together with the idea." in page
    assert 'id="reacties-aantal"' not in page  # no count of what cannot be read
    assert "No comments yet." not in page  # nor a claim that there are none
    assert client.get(f"/ideeen/{idea.id}?page=2").get_data(as_text=True).count(QUOTE) == 0


def test_a_signed_in_citizen_neither_sees_nor_can_report_them(client, make, hidden_idea, as_user):
    idea, _, _ = hidden_idea
    as_user(make.user())
    assert QUOTE not in _page(client, idea)
    quoting = db.session.scalar(select(Comment).where(Comment.body == QUOTE))
    response = client.get(f"/reacties/{quoting.id}/melden")  # the report page shows what is reported
    assert response.status_code == 403
    assert QUOTE not in response.get_data(as_text=True)


def test_the_procesmanager_still_reads_them(client, hidden_idea, as_user, english):
    idea, _, procesmanager = hidden_idea
    as_user(procesmanager)
    page = _page(client, idea)
    assert QUOTE in page and "Een antwoord op de reactie." in page
    assert 'id="reacties-aantal"' in page
    assert "Only you and the procesmanagers can still read the comments on this hidden idea." in page


def test_the_author_sees_the_notice_and_the_reactions(client, hidden_idea, as_user, english):
    idea, author, _ = hidden_idea
    as_user(author)
    page = _page(client, idea)
    assert "This idea has been hidden by the procesmanager." in page
    assert "Ask for a review of this decision" in page
    assert QUOTE in page


def test_the_reactions_show_again_when_the_idea_does(client, make, hidden_idea, as_user):
    from cocreatie.moderation import services as moderation

    idea, _, procesmanager = hidden_idea
    moderation.restore(procesmanager, idea, "Bij nader inzien binnen de regels.", NOW)
    db.session.commit()
    assert QUOTE in _page(client, idea)


def test_the_policy_across_roles(world, frozen, make):
    from tests.policy_matrix import matrix

    consultation, idea, people = world()
    make.comment(idea)
    assert all(matrix(people, lambda u: policies.can_view_idea_comments(u, idea)).values())
    make.hidden(idea, moderator=people["procesmanager"])
    assert matrix(people, lambda u: policies.can_view_idea_comments(u, idea)) == {
        "visitor": False, "citizen": False, "author": True, "procesmanager": True, "owner": False,
        "other_civil_servant": False, "admin": False,
    }
