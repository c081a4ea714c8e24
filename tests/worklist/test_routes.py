"""Mijn werk: what each staff member sees, in which order, linked to which list, and at a
fixed number of queries however many consultations they run."""

from __future__ import annotations

import re
from datetime import timedelta

from cocreatie import db
from cocreatie.accounts.services import assign_consultation_role
from cocreatie.models import IdeaStatus, MemberRole, PhaseKind, SiteRole
from cocreatie.moderation import services as moderation
from tests.conftest import NOW, login
from tests.test_routes import count_queries

DAY = timedelta(days=1)


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def section(html: str, title: str) -> str:
    """The worklist section of one consultation."""
    start = html.index(f">{title}</a></h2>")
    end = html.find("<section", start)
    return html[start:end if end != -1 else None]


def _consultation_with_work(make, owner, title):
    """A consultation whose ideas phase ended long ago (its ideas are overdue), then one
    running now: two overdue ideas, one still in time, a reported idea, an open appeal
    and an outcome draft."""
    consultation = make.consultation(owner=owner, title=title, phases=[
        (PhaseKind.AGENDA_SETTING, NOW - 90 * DAY, NOW - 60 * DAY),
        (PhaseKind.POLICY_PREPARATION, NOW - DAY, NOW + 20 * DAY),
    ])
    old, current = consultation.phases
    late = make.idea(consultation, title=f"Laat idee {title}")
    later = make.idea(consultation, title=f"Later idee {title}")
    fresh = make.idea(consultation, title=f"Vers idee {title}")
    late.phase, later.phase, fresh.phase = old, old, current
    later.created_at = NOW - 61 * DAY
    late.created_at = NOW - 89 * DAY
    answered = make.idea(consultation, title=f"Beantwoord {title}")
    db.session.commit()
    make.response(answered, IdeaStatus.ADOPTED)
    procesmanager = make.procesmanager(consultation)
    make.report(fresh)
    hide = make.hidden(make.comment(fresh), moderator=procesmanager)
    moderation.appeal_decision(hide.comment.author, hide, "Dit was geen aanval.", NOW)
    db.session.commit()
    make.outcome(consultation, {answered: IdeaStatus.ADOPTED}, title=f"Concept {title}")
    return consultation, procesmanager


def test_the_owner_sees_ideas_awaiting_a_response_by_deadline_and_drafts(client, make, frozen):
    owner = make.user(role=SiteRole.CIVIL_SERVANT)
    consultation, _pm = _consultation_with_work(make, owner, "Stationsplein")
    login(client, owner)
    html = page(client.get("/mijn-werk"))
    part = section(html, "Stationsplein")
    assert "3 ideeën wachten op een officiële reactie" in part
    assert "2 te laat" in part
    # Ordered by deadline: the two overdue first (oldest phase end, then id), then the fresh one.
    titles = re.findall(r'<th scope="row"><a href="/ideeen/\d+">([^<]+)</a>', part)
    assert titles == ["Laat idee Stationsplein", "Later idee Stationsplein", "Vers idee Stationsplein"]
    assert "dagen te laat" in part
    assert f'href="/beheer/consultaties/{consultation.slug}/termijnbewaking"' in part
    assert "Concept Stationsplein" in part and f'href="/beheer/consultaties/{consultation.slug}/uitkomsten"' in part
    # Moderation is not the owner's work.
    assert "moderatie" not in part


def test_the_procesmanager_sees_open_reports_and_appeals_linked_to_the_queue(client, make, frozen):
    owner = make.user(role=SiteRole.CIVIL_SERVANT)
    consultation, procesmanager = _consultation_with_work(make, owner, "Stationsplein")
    login(client, procesmanager)
    part = section(page(client.get("/mijn-werk")), "Stationsplein")
    assert f'<a href="/beheer/consultaties/{consultation.slug}/moderatie?view=reports">1 gemelde bijdrage</a>' in part
    assert f'<a href="/beheer/consultaties/{consultation.slug}/moderatie?view=appeals">1 open verzoek om herbeoordeling</a>' in part
    # Responding and outcomes are the owner's work.
    assert "officiële reactie" not in part and "Concept Stationsplein" not in part


def test_the_header_links_staff_to_their_work_and_citizens_get_none(client, make, frozen):
    consultation = make.consultation()
    owner = make.owner_of(consultation)
    login(client, owner)
    home = page(client.get("/"))
    assert 'href="/mijn-werk"' in home
    citizen = make.user()
    login(client, citizen)
    assert 'href="/mijn-werk"' not in page(client.get("/"))
    assert client.get("/mijn-werk").status_code == 403
    client.post("/uitloggen")
    response = client.get("/mijn-werk")
    assert response.status_code == 302 and "/inloggen" in response.location


def test_a_civil_servant_without_consultations_is_told_so(client, make, frozen):
    login(client, make.user(role=SiteRole.CIVIL_SERVANT))
    assert "U voert nog geen consultatie uit" in page(client.get("/mijn-werk"))


def test_the_worklist_costs_the_same_queries_for_one_consultation_as_for_three(client, make, frozen):
    owner = make.user(role=SiteRole.CIVIL_SERVANT)
    first, procesmanager = _consultation_with_work(make, owner, "Eerste")
    # The owner is also procesmanager, so every section of the page is filled.
    assign_consultation_role(owner, first.id, MemberRole.PROCESMANAGER, NOW)
    db.session.commit()
    login(client, owner)
    client.get("/mijn-werk")
    with count_queries() as one:
        html = page(client.get("/mijn-werk"))
    assert "1 gemelde bijdrage" in html
    for title in ("Tweede", "Derde"):
        other, _pm = _consultation_with_work(make, owner, title)
        assign_consultation_role(owner, other.id, MemberRole.PROCESMANAGER, NOW)
    db.session.commit()
    with count_queries() as three:
        html = page(client.get("/mijn-werk"))
    assert html.count("1 gemelde bijdrage") == 3 and html.count("2 te laat") == 3
    assert len(three) == len(one), "\n".join(three)
