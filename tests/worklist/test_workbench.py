"""The outcome builder's idea picker searches and filters (from allow-lists), publishing
an outcome asks first on a page that says what will happen, and the hide form shows
what the reporters wrote."""

from __future__ import annotations

import re

from sqlalchemy import select

from cocreatie import db
from cocreatie.models import IdeaStatus, Outcome, PhaseKind, PublicationStatus
from tests.conftest import NOW, login
from tests.notifications.helpers import fresh
from tests.worklist.test_routes import DAY, page


def _titles(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/ideeen/\d+">([^<]+)</a>', html)


def test_the_idea_picker_searches_and_filters_by_status_and_phase(client, make, frozen):
    consultation = make.consultation(phases=[
        (PhaseKind.AGENDA_SETTING, NOW - 30 * DAY, NOW - 10 * DAY),
        (PhaseKind.POLICY_PREPARATION, NOW - 10 * DAY, NOW + 20 * DAY),
    ])
    first, second = consultation.phases
    trees = make.idea(consultation, title="Bomen langs de gracht", body="Meer bomen voor schaduw.")
    benches = make.idea(consultation, title="Bankjes bij de bushalte", body="Zitten terwijl u wacht.")
    lights = make.idea(consultation, title="Lantaarns op het plein", body="Veiliger in het donker.")
    benches.phase = second
    lights.phase = second
    db.session.commit()
    make.response(lights, IdeaStatus.UNDER_CONSIDERATION)
    outcome = make.outcome(consultation)
    login(client, make.owner_of(consultation))
    base = f"/beheer/consultaties/{consultation.slug}/uitkomsten/{outcome.id}/ideeen"

    assert sorted(_titles(page(client.get(base)))) == sorted([trees.title, benches.title, lights.title])
    assert _titles(page(client.get(f"{base}?q=bomen"))) == [trees.title]
    assert _titles(page(client.get(f"{base}?status=under_consideration"))) == [lights.title]
    assert sorted(_titles(page(client.get(f"{base}?phase={second.id}")))) == sorted([benches.title, lights.title])
    assert _titles(page(client.get(f"{base}?phase={second.id}&status=new"))) == [benches.title]
    # Nothing outside the allow-lists filters: an unknown status, another consultation's phase.
    other_phase = make.consultation().phases[0]
    assert len(_titles(page(client.get(f"{base}?status=hacked&phase={other_phase.id}")))) == 3
    html = page(client.get(f"{base}?q=onvindbaar"))
    assert "Geen idee zonder besluit past bij deze zoekopdracht" in html and 'value="onvindbaar"' in html


def test_publishing_an_outcome_asks_first_and_says_what_will_happen(client, make, frozen):
    consultation = make.consultation()
    ideas = [make.idea(consultation) for _ in range(3)]
    outcome = make.outcome(consultation, {ideas[0]: IdeaStatus.ADOPTED, ideas[1]: IdeaStatus.ADOPTED,
                                          ideas[2]: IdeaStatus.NOT_ADOPTED})
    login(client, make.owner_of(consultation))
    prepare = page(client.get(f"/beheer/consultaties/{consultation.slug}/uitkomsten/{outcome.id}"))
    confirm_path = f"/beheer/consultaties/{consultation.slug}/uitkomsten/{outcome.id}/publiceren"
    # The button on the draft is a link to the question, not a form that publishes.
    assert f'<a class="button" href="{confirm_path}">' in prepare
    html = page(client.get(confirm_path))
    assert "Publiceren kunt u niet ongedaan maken." in html
    assert "3 ideeën krijgen hun besluit als officiële status" in html
    assert "2 ideeën" in html and "1 idee" in html
    assert f'<form method="post" action="{confirm_path}"' in html
    fresh()
    assert db.session.get(Outcome, outcome.id).status == PublicationStatus.DRAFT  # asking changed nothing
    response = client.post(confirm_path)
    assert response.status_code == 302, response.status_code
    fresh()
    assert db.session.get(Outcome, outcome.id).status == PublicationStatus.PUBLISHED
    # Once published, the question redirects to the public outcome.
    again = client.get(confirm_path)
    assert again.status_code == 302 and f"/consultaties/{consultation.slug}/uitkomsten/{outcome.id}" in again.location
    assert client.get(confirm_path.replace(str(outcome.id), "999999")).status_code == 404
    login(client, make.user())
    assert client.get(confirm_path).status_code in (403, 404)


def test_the_hide_form_shows_the_reporters_notes_and_the_rule_most_cited(client, make, frozen):
    consultation = make.consultation()
    idea = make.idea(consultation)
    procesmanager = make.procesmanager(consultation)
    make.report(idea, rule=make.house_rule(consultation, 3), note="Dit is reclame voor een winkel.")
    make.report(idea, rule=make.house_rule(consultation, 3), note="Steeds dezelfde link.")
    make.report(idea, rule=make.house_rule(consultation, 1))
    login(client, procesmanager)
    html = page(client.get(f"/beheer/ideeen/{idea.id}/verbergen"))
    assert "3 open meldingen" in html
    assert "“Dit is reclame voor een winkel.”" in html and "“Steeds dezelfde link.”" in html
    rule = make.house_rule(consultation, 3)
    [chosen] = [tag for tag in re.findall(r"<input[^>]*>", html) if "checked" in tag and 'name="rule"' in tag]
    assert f'value="{rule.id}"' in chosen
