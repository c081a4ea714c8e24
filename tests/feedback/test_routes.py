"""Feedback pages: access (403/404), form errors that keep input, post-redirect-get, what
people see on the idea and consultation pages, and query counts that do not grow."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from cocreatie import db
from cocreatie.models import (
    IdeaStatus,
    ImplementationUpdate,
    Outcome,
    PhaseKind,
    SiteRole,
    Visibility,
)
from tests.conftest import NOW, login
from tests.test_routes import count_queries

DAY = timedelta(days=1)
S = IdeaStatus


@pytest.fixture
def ended(make, frozen):
    """A consultation whose only phase ended 30 days ago: its ideas are overdue."""
    return make.consultation(phases=[(PhaseKind.POLICY_PREPARATION, NOW - 60 * DAY, NOW - 30 * DAY)])


def sign_in(client, user) -> None:
    """Log in, then end the test's own read transaction: on SQLite its snapshot would
    predate what the requests write, and a later write by a factory would be refused."""
    login(client, user)
    db.session.commit()


def _fresh() -> None:
    """See what the requests committed."""
    db.session.commit()
    db.session.expire_all()


def _main(response) -> str:
    return response.get_data(as_text=True).split("<main", 1)[1]


# --- access ---------------------------------------------------------------------------


def test_workbench_pages_are_for_owners(client, make, ended):
    idea = make.idea(ended)
    make.response(idea, S.ADOPTED)
    outcome = make.outcome(ended, {idea: S.ADOPTED})
    slug = ended.slug
    owner_only = [
        ("get", f"/beheer/consultaties/{slug}/uitkomsten"),
        ("get", f"/beheer/consultaties/{slug}/uitkomsten/nieuw"),
        ("get", f"/beheer/consultaties/{slug}/uitkomsten/{outcome.id}"),
        ("get", f"/beheer/consultaties/{slug}/uitkomsten/{outcome.id}/ideeen"),
        ("get", f"/beheer/consultaties/{slug}/uitkomsten/{outcome.id}/besluiten/{idea.id}"),
        ("post", f"/beheer/consultaties/{slug}/uitkomsten/{outcome.id}/publiceren"),
        ("post", f"/beheer/consultaties/{slug}/uitkomsten/{outcome.id}/verwijderen"),
        ("get", f"/ideeen/{idea.id}/reageren"),
        ("post", f"/ideeen/{idea.id}/reageren"),
        ("get", f"/ideeen/{idea.id}/voortgang"),
        ("get", f"/beheer/consultaties/{slug}/termijnbewaking"),
        ("post", f"/beheer/consultaties/{slug}/termijnbewaking/reactietermijn"),
    ]
    for method, path in owner_only:
        response = getattr(client, method)(path)
        assert response.status_code == 302 and "/inloggen" in response.location, path
    for person in (make.user(), idea.author, make.user(role=SiteRole.CIVIL_SERVANT)):
        sign_in(client, person)
        for method, path in owner_only:
            assert getattr(client, method)(path).status_code == 403, (person.display_name, path)
    # Administrators watch the deadlines but do not answer for the owners.
    sign_in(client, make.user(role=SiteRole.ADMIN))
    assert client.get(f"/beheer/consultaties/{slug}/termijnbewaking").status_code == 200
    assert client.get(f"/ideeen/{idea.id}/reageren").status_code == 403
    assert client.get(f"/beheer/consultaties/{slug}/uitkomsten").status_code == 403
    sign_in(client, make.owner_of(ended))
    for method, path in owner_only:
        if method == "get":
            assert client.get(path).status_code == 200, path


def test_what_outsiders_may_not_see_is_not_found(client, make, frozen):
    closed = make.consultation(visibility=Visibility.INVITE_ONLY, title="Besloten")
    idea = make.idea(closed)
    published = make.outcome(closed, {idea: S.ADOPTED}, published=True)
    public = make.consultation(title="Openbaar")
    draft = make.outcome(public, {make.idea(public): S.ADOPTED})
    sign_in(client, make.user())
    for path in [
        f"/consultaties/{closed.slug}/uitkomsten/{published.id}",
        f"/ideeen/{idea.id}/reageren",
        f"/beheer/consultaties/{closed.slug}/termijnbewaking",
        f"/consultaties/{public.slug}/uitkomsten/{draft.id}",  # a draft is not revealed
        f"/consultaties/{public.slug}/uitkomsten/{published.id}",  # another consultation's outcome
        f"/consultaties/{public.slug}/uitkomsten/999999",
    ]:
        assert client.get(path).status_code == 404, path
    sign_in(client, make.owner_of(public))
    assert client.get(f"/consultaties/{public.slug}/uitkomsten/{draft.id}").status_code == 200
    # An owner cannot reach another consultation's outcome or idea through their own.
    assert client.get(f"/beheer/consultaties/{public.slug}/uitkomsten/{published.id}").status_code == 404
    assert client.get(f"/beheer/consultaties/{public.slug}/uitkomsten/{draft.id}/besluiten/{idea.id}").status_code == 404


# --- official responses -----------------------------------------------------------------


def test_responding_posts_then_redirects_and_the_idea_shows_the_response_near_the_top(client, make, frozen, english):
    consultation = make.consultation()
    idea = make.idea(consultation, body="Zet er bankjes neer.")
    owner = make.owner_of(consultation)
    sign_in(client, owner)
    form = client.get(f"/ideeen/{idea.id}/reageren").get_data(as_text=True)
    assert 'value="new"' not in form  # no way back to "awaiting response"
    response = client.post(
        f"/ideeen/{idea.id}/reageren",
        data={"status": "adopted", "body": "We plaatsen **tien** bankjes.", "responder_role": "projectleider"},
    )
    assert response.status_code == 302
    assert response.location.endswith(f"/ideeen/{idea.id}#officiele-reactie")
    client.post("/uitloggen")
    page = _main(client.get(f"/ideeen/{idea.id}"))
    assert "Response from Gemeente Voorbeeld" in page
    assert "<strong>tien</strong>" in page
    assert f"{owner.display_name}, projectleider" in page
    assert "Adopted" in page
    # Prominent: the response comes before the idea's own text.
    assert page.index("We plaatsen") < page.index("Zet er bankjes neer.")


def test_earlier_responses_stay_readable_as_history(client, make, frozen, english):
    idea = make.idea(make.consultation())
    make.response(idea, S.UNDER_CONSIDERATION, text="We kijken ernaar.")
    make.response(idea, S.NOT_ADOPTED, text="Het past niet in het budget.")
    page = _main(client.get(f"/ideeen/{idea.id}"))
    assert "1 earlier response" in page
    assert page.index("Het past niet in het budget.") < page.index("We kijken ernaar.")
    assert "from Awaiting response to Under consideration" in page


def test_a_waiting_idea_says_when_its_response_is_due(client, make, frozen, english):
    idea = make.idea(make.consultation())  # the phase ends on 6 July; 21 days later
    page = _main(client.get(f"/ideeen/{idea.id}"))
    assert "Awaiting response" in page and "Expected by 27 Jul 2026 at the latest." in page


def test_response_form_errors_keep_what_was_typed(client, make, frozen, english):
    consultation = make.consultation()
    idea = make.idea(consultation)
    sign_in(client, make.owner_of(consultation))
    response = client.post(f"/ideeen/{idea.id}/reageren", data={"body": "Mijn <b>halve</b> reactie", "responder_role": "wethouder"})
    page = _main(response)
    assert response.status_code == 422
    assert "There is a problem" in page and 'href="#status"' in page
    assert "Mijn &lt;b&gt;halve&lt;/b&gt; reactie" in page and 'value="wethouder"' in page
    # A move the idea cannot make is refused next to the field, with the text kept.
    make.response(idea, S.ADOPTED)
    make.response(idea, S.IMPLEMENTED)
    response = client.post(f"/ideeen/{idea.id}/reageren", data={"status": "not_adopted", "body": "Toch maar niet gedaan."})
    assert response.status_code == 422 and "Toch maar niet gedaan." in _main(response)


# --- the overdue list ---------------------------------------------------------------------


def test_the_overdue_list_shows_days_overdue_and_the_counts(client, make, ended, english):
    make.idea(ended, title="Eerste")
    make.idea(ended, title="Tweede")
    answered = make.idea(ended, title="Beantwoord")
    make.response(answered, S.ADOPTED)
    sign_in(client, make.owner_of(ended))
    page = _main(client.get(f"/beheer/consultaties/{ended.slug}/termijnbewaking"))
    # Phase ended 30 days ago, 21 days to respond: 9 days overdue.
    assert page.count("9 days") == 2
    assert "Eerste" in page and "Tweede" in page and "Beantwoord" not in page.split("Overdue ideas", 1)[1].split("Response time", 1)[0]
    assert re.search(r'stat__number">0</span> answered within the deadline', page)
    assert re.search(r'stat__number">1</span> answered after the deadline', page)
    assert re.search(r'stat__number">2</span> overdue', page)


def test_changing_the_response_time(client, make, ended, english):
    make.idea(ended)
    sign_in(client, make.owner_of(ended))
    bad = client.post(f"/beheer/consultaties/{ended.slug}/termijnbewaking/reactietermijn", data={"response_days": "0"})
    assert bad.status_code == 422 and "Enter a number from 1 to 365." in _main(bad)
    assert 'value="0"' in _main(bad)
    ok = client.post(f"/beheer/consultaties/{ended.slug}/termijnbewaking/reactietermijn", data={"response_days": "40"})
    assert ok.status_code == 302
    page = _main(client.get(ok.location))
    assert "within 40 days" in page and "No idea is past its deadline" in page


def test_overdue_list_query_count_does_not_grow_with_ideas(client, make, ended):
    for _ in range(3):
        make.idea(ended)
    sign_in(client, make.owner_of(ended))
    path = f"/beheer/consultaties/{ended.slug}/termijnbewaking"
    with count_queries() as few:
        assert client.get(path).status_code == 200
    for _ in range(30):
        make.idea(ended)
    with count_queries() as many:
        assert client.get(path + "?page=2").status_code == 200
    assert len(few) == len(many) <= 7, many


# --- outcomes -----------------------------------------------------------------------------


def test_preparing_and_publishing_an_outcome_through_the_pages(client, make, ended, english):
    idea, other = make.idea(ended, title="Meer bomen"), make.idea(ended, title="Minder auto's")
    sign_in(client, make.owner_of(ended))
    slug = ended.slug
    bad = client.post(f"/beheer/consultaties/{slug}/uitkomsten/nieuw", data={"title": "Uit", "phase": "", "body": "Wat de raad besloot."})
    assert bad.status_code == 422 and "Wat de raad besloot." in _main(bad)
    created = client.post(
        f"/beheer/consultaties/{slug}/uitkomsten/nieuw",
        data={"title": "Besluit van de raad", "phase": str(ended.phases[0].id), "body": "De raad besloot in **juni**."},
    )
    assert created.status_code == 302
    outcome_id = int(re.search(r"/uitkomsten/(\d+)$", created.location).group(1))
    base = f"/beheer/consultaties/{slug}/uitkomsten/{outcome_id}"
    assert "Meer bomen" in _main(client.get(f"{base}/ideeen"))
    missing = client.post(f"{base}/besluiten/{idea.id}", data={"decision": "adopted", "rationale": ""})
    assert missing.status_code == 422 and 'href="#rationale"' in _main(missing)
    assert client.post(f"{base}/besluiten/{idea.id}", data={"decision": "adopted", "rationale": "Bomen geven schaduw."}).status_code == 302
    assert client.post(f"{base}/besluiten/{other.id}", data={"decision": "not_adopted", "rationale": "Auto's blijven nodig."}).status_code == 302
    # Changing a decision edits the one row; it does not add a second.
    assert client.post(f"{base}/besluiten/{other.id}", data={"decision": "partly_adopted", "rationale": "Deels: minder parkeerplaatsen."}).status_code == 302
    _fresh()
    assert db.session.get(Outcome, outcome_id).decision_count == 2

    published = client.post(f"{base}/publiceren")
    assert published.status_code == 302 and published.location == f"/consultaties/{slug}/uitkomsten/{outcome_id}"
    client.post("/uitloggen")
    page = _main(client.get(published.location))
    assert "Besluit van de raad" in page and "<strong>juni</strong>" in page
    headings = [page.index(f'decision-group__title">{label}<') for label in ("Adopted", "Partly adopted")]
    assert headings[0] < page.index("Meer bomen") < headings[1] < page.index("Minder auto")
    assert "Deels: minder parkeerplaatsen." in page
    # The idea links back to the outcome and shows the decision as its response.
    idea_page = _main(client.get(f"/ideeen/{idea.id}"))
    assert f'href="/consultaties/{slug}/uitkomsten/{outcome_id}#idee-{idea.id}"' in idea_page
    assert "Bomen geven schaduw." in idea_page
    # The consultation page lists it under "what we did with your input".
    consultation_page = _main(client.get(f"/consultaties/{slug}"))
    assert "What we did with your input" in consultation_page and "Besluit van de raad" in consultation_page


def test_a_refused_publication_is_explained_and_nothing_changes(client, make, ended, english):
    idea = make.idea(ended)
    make.response(idea, S.ADOPTED)
    make.response(idea, S.IMPLEMENTED)
    outcome = make.outcome(ended, {idea: S.NOT_ADOPTED})
    sign_in(client, make.owner_of(ended))
    response = client.post(f"/beheer/consultaties/{ended.slug}/uitkomsten/{outcome.id}/publiceren", follow_redirects=True)
    assert response.status_code == 200 and "Change those decisions first" in _main(response)
    _fresh()
    assert not db.session.get(Outcome, outcome.id).is_published


def test_a_published_outcome_cannot_be_edited_through_the_pages(client, make, ended):
    idea = make.idea(ended)
    outcome = make.outcome(ended, {idea: S.ADOPTED}, published=True)
    sign_in(client, make.owner_of(ended))
    base = f"/beheer/consultaties/{ended.slug}/uitkomsten/{outcome.id}"
    assert client.get(f"{base}/bewerken").location == f"/consultaties/{ended.slug}/uitkomsten/{outcome.id}"
    assert client.post(f"{base}/besluiten/{idea.id}", data={"decision": "not_adopted", "rationale": "Toch niet."}).status_code == 302
    assert client.post(f"{base}/verwijderen").status_code == 409
    _fresh()
    assert db.session.get(Outcome, outcome.id).is_published


def test_outcome_page_query_count_does_not_grow_with_decisions(client, make, ended):
    ideas = [make.idea(ended) for _ in range(33)]
    few = make.outcome(ended, {idea: S.ADOPTED for idea in ideas[:3]}, published=True, title="Klein")
    many = make.outcome(ended, {idea: status for idea, status in zip(ideas, [S.ADOPTED, S.NOT_ADOPTED, S.PARTLY_ADOPTED] * 11)},
                        published=True, title="Groot")
    sign_in(client, make.user())
    with count_queries() as small:
        assert client.get(f"/consultaties/{ended.slug}/uitkomsten/{few.id}").status_code == 200
    with count_queries() as large:
        assert client.get(f"/consultaties/{ended.slug}/uitkomsten/{many.id}?page=2").status_code == 200
    # +1 for the role badge of whoever published it (one query: tests/test_badges.py);
    # +1 for its image and attachments (one query: cocreatie/files/queries.py).
    assert len(small) == len(large) <= 10, large


# --- implementation updates ---------------------------------------------------------------


def test_posting_progress_with_milestones_shows_a_timeline(client, make, frozen, english):
    consultation = make.consultation()
    idea = make.idea(consultation)
    make.response(idea, S.ADOPTED)
    sign_in(client, make.owner_of(consultation))
    bad = client.post(f"/ideeen/{idea.id}/voortgang", data={
        "body": "De bomen zijn besteld.", "progress": "140",
        "milestone_1_title": "Bomen geplant", "milestone_1_date": "",
    })
    page = _main(bad)
    assert bad.status_code == 422
    assert "Enter a percentage from 0 to 100." in page and "Enter the planned date of this milestone." in page
    assert 'value="Bomen geplant"' in page and "De bomen zijn besteld." in page
    ok = client.post(f"/ideeen/{idea.id}/voortgang", data={
        "body": "De bomen zijn besteld.", "progress": "40",
        "milestone_1_title": "Ontwerp klaar", "milestone_1_date": "2026-06-01", "milestone_1_done": "y",
        "milestone_2_title": "Bomen geplant", "milestone_2_date": "2026-11-15",
    })
    assert ok.status_code == 302 and ok.location.endswith("#uitvoering")
    # The next form starts from the plan as it stood.
    form = _main(client.get(f"/ideeen/{idea.id}/voortgang"))
    assert 'value="Bomen geplant"' in form and 'value="2026-11-15"' in form and 'value="40"' in form
    client.post("/uitloggen")
    page = _main(client.get(f"/ideeen/{idea.id}"))
    assert "Progress of the implementation" in page and "40% done" in page
    assert "Ontwerp klaar" in page and "planned for 15 Nov 2026" in page
    _fresh()
    assert db.session.scalar(select(ImplementationUpdate.progress)) == 40


def test_no_progress_updates_before_an_idea_is_adopted(client, make, frozen):
    consultation = make.consultation()
    idea = make.idea(consultation)
    sign_in(client, make.owner_of(consultation))
    assert client.get(f"/ideeen/{idea.id}/voortgang").status_code == 403
    assert "/voortgang" not in _main(client.get(f"/ideeen/{idea.id}"))


# --- the idea page stays cheap --------------------------------------------------------------


def test_a_waiting_idea_page_costs_no_extra_query_and_an_answered_one_a_fixed_number(client, make, frozen):
    consultation = make.consultation()
    waiting, answered = make.idea(consultation), make.idea(consultation)
    make.response(answered, S.ADOPTED)
    with count_queries() as before:
        client.get(f"/ideeen/{waiting.id}")
    with count_queries() as one:
        client.get(f"/ideeen/{answered.id}")
    for n in range(5):
        make.response(answered, S.ADOPTED, text=f"Reactie {n}")
    make.outcome(consultation, {answered: S.IMPLEMENTED}, published=True)
    sign_in(client, make.owner_of(consultation))
    client.post(f"/ideeen/{answered.id}/voortgang", data={"body": "Klaar met de eerste stap.", "milestone_1_title": "Stap", "milestone_1_date": "2026-07-01"})
    client.post("/uitloggen")
    with count_queries() as several:
        client.get(f"/ideeen/{answered.id}")
    assert len(one) == len(several) == len(before) + 2, several


def test_the_consultation_page_asks_for_outcomes_only_once_there_are_any(client, make, ended, english):
    idea = make.idea(ended)
    draft = make.outcome(ended, {idea: S.ADOPTED}, title="Nog een concept")
    with count_queries() as without:
        page = _main(client.get(f"/consultaties/{ended.slug}"))
    assert "within 21 days" in page and "Nog een concept" not in page
    make.outcome(ended, {idea: S.ADOPTED}, published=True, title="Gepubliceerd")
    with count_queries() as with_one:
        page = _main(client.get(f"/consultaties/{ended.slug}"))
    assert "Gepubliceerd" in page and "Nog een concept" not in page
    assert len(with_one) == len(without) + 1
    assert draft.id
