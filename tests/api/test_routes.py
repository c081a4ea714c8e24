"""The read API as a client meets it: what it shows, its pages and cursors, bad input as
problems, conditional requests, CORS, the version header, anonymity, query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask_babel import refresh

from cocreatie.models import IdeaStatus, Visibility
from tests.conftest import NOW, login
from tests.test_routes import count_queries

API = "/api/v1"


def _ids(body: dict, key: str) -> list[int]:
    return [item["id"] for item in body[key]]


def test_a_consultation_with_its_phases_ideas_and_links(client, make, frozen):
    consultation = make.consultation(title="Een groener Stationsplein")
    idea = make.idea(consultation, title="Meer bomen")
    body = client.get(f"{API}/consultations/{consultation.slug}").get_json()
    assert body["title"] == "Een groener Stationsplein"
    assert body["phases"][0]["kind"] == str(consultation.phases[0].kind)
    assert body["phases"][0]["startsOn"] <= body["phases"][0]["endsOn"]
    assert body["links"]["ideas"]["href"].endswith(f"/api/v1/ideas?consultation={consultation.slug}")
    ideas = client.get(body["links"]["ideas"]["href"]).get_json()
    assert [i["title"] for i in ideas["ideas"]] == ["Meer bomen"]
    listed = ideas["ideas"][0]
    assert listed["createdAt"].endswith("Z") and listed["status"] == "new"
    assert listed["links"]["self"]["href"].endswith(f"/api/v1/ideas/{idea.id}")


def test_every_answer_has_the_version_and_cors_headers(client, make, frozen):
    consultation = make.consultation()
    for path, status in ((f"{API}/consultations", 200), (f"{API}/consultations/{consultation.slug}", 200),
                         (f"{API}/ideas?status=nieuw", 400), (f"{API}/ideas/999999", 404),
                         (f"{API}/bestaat-niet", 404), (f"{API}/openapi.json", 200)):
        response = client.get(path)
        assert response.status_code == status, path
        assert response.headers["API-Version"] == "1.0.0", path
        assert response.headers["Access-Control-Allow-Origin"] == "*", path
        assert "Access-Control-Allow-Credentials" not in response.headers
    preflight = client.options(f"{API}/ideas", headers={"Origin": "https://example.org",
                                                        "Access-Control-Request-Method": "GET"})
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "If-None-Match" in preflight.headers["Access-Control-Allow-Headers"]
    assert client.head(f"{API}/consultations").status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_only_reading_methods(client, method):
    response = getattr(client, method)(f"{API}/ideas")
    assert response.status_code == 405
    assert response.mimetype == "application/problem+json"
    assert response.headers["Allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.parametrize("query, name, code", [
    ("status=nieuw", "status", "unknown"),
    ("sort=title", "sort", "unknown"),
    ("sort=-supportCount", "sort", "invalid"),  # by a count only within a consultation
    ("pageSize=101", "pageSize", "tooLarge"),
    ("pageSize=0", "pageSize", "invalid"),
    ("pageSize=%D9%A3", "pageSize", "invalid"),  # an Arabic-Indic three
    ("pageSize=99999999999999999999999", "pageSize", "invalid"),
    ("cursor=bm90LWEtY3Vyc29y", "cursor", "invalid"),
    ("consultation=bestaat-niet", "consultation", "unknown"),
    ("consultation=%3Cscript%3E", "consultation", "invalid"),
    ("phase=123456", "phase", "unknown"),
    ("phase=-1", "phase", "invalid"),
    ("staus=adopted", "staus", "unknown"),
    ("status=new&status=adopted", "status", "invalid"),
])
def test_bad_parameters_are_a_problem_that_names_them(client, query, name, code):
    response = client.get(f"{API}/ideas?{query}")
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["status"] == 400 and problem["title"] and name in problem["detail"]
    assert {"name": name, "code": code} == {k: problem["invalidParams"][0][k] for k in ("name", "code")}
    assert problem["invalidParams"][0]["reason"]
    assert "<script>" not in response.get_data(as_text=True)


def test_problems_speak_dutch_unless_asked_for_english(client):
    dutch = client.get(f"{API}/ideas?pageSize=500").get_json()
    refresh()  # the test's app context stays pushed: Flask-Babel would keep the first language
    english = client.get(f"{API}/ideas?pageSize=500", headers={"Accept-Language": "en"}).get_json()
    assert dutch["invalidParams"][0]["reason"] == "Geef hoogstens 100."
    assert english["invalidParams"][0]["reason"] == "Give at most 100."


def test_cursor_pages_walk_the_whole_list_both_ways_and_refuse_tampering(client, make, frozen):
    consultation = make.consultation()
    ideas = [make.idea(consultation) for _ in range(7)]
    for n, idea in enumerate(ideas):
        idea.support_count = n % 3  # ties, so the order needs the id as well
    from cocreatie import db
    db.session.commit()
    expected = [i.id for i in sorted(ideas, key=lambda i: (-i.support_count, -i.id))]
    seen, url, pages = [], f"{API}/ideas?consultation={consultation.slug}&sort=-supportCount&pageSize=3", []
    while url:
        response = client.get(url)
        body = response.get_json()
        pages.append(body)
        seen += _ids(body, "ideas")
        url = body["links"].get("next", {}).get("href")
        if url:
            assert 'rel="next"' in response.headers["Link"]
    assert seen == expected and len(pages) == 3
    assert "previous" not in pages[0]["links"]
    back = client.get(pages[2]["links"]["previous"]["href"]).get_json()
    assert _ids(back, "ideas") == _ids(pages[1], "ideas")
    first = client.get(back["links"]["previous"]["href"]).get_json()
    assert _ids(first, "ideas") == _ids(pages[0], "ideas")
    # A cursor is bound to its list, filter and order, and cannot be changed.
    cursor = pages[0]["links"]["next"]["href"].split("cursor=")[1]
    other = client.get(f"{API}/ideas?consultation={consultation.slug}&sort=-commentCount&cursor={cursor}")
    assert other.status_code == 400 and other.get_json()["invalidParams"][0]["code"] == "mismatch"
    forged = cursor[:-3] + ("AAA" if not cursor.endswith("AAA") else "BBB")
    assert client.get(f"{API}/ideas?consultation={consultation.slug}&sort=-supportCount&cursor={forged}").status_code == 400


def test_etag_and_last_modified_let_clients_poll_cheaply(client, committed, make, frozen):
    consultation = make.consultation()
    make.idea(consultation)
    url = f"{API}/ideas?consultation={consultation.slug}"
    first = client.get(url)
    etag = first.headers["ETag"]
    assert etag.startswith('W/"')
    with count_queries() as statements:
        again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["ETag"] == etag and again.headers["API-Version"] == "1.0.0"
    assert statements == []  # only the content version, read straight through the driver
    assert client.get(url, headers={"If-None-Match": f'"other", {etag}'}).status_code == 304
    assert client.get(url, headers={"If-None-Match": "*"}).status_code == 304
    for garbage in ("garbage", '"', "W/", ",,,", "\u00e9"):
        assert client.get(url, headers={"If-None-Match": garbage}).status_code == 200
    assert client.get(f"{API}/ideas/999999", headers={"If-None-Match": "*"}).status_code == 404
    # Last-Modified: once the second in which this version was first seen has passed.
    assert "Last-Modified" not in first.headers
    frozen.shift(timedelta(seconds=2))
    later = client.get(url)
    modified = later.headers["Last-Modified"]
    assert modified == "Mon, 15 Jun 2026 10:00:00 GMT"
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get(url, headers={"If-Modified-Since": "Mon, 15 Jun 2026 09:59:59 GMT"}).status_code == 200
    assert client.get(url, headers={"If-Modified-Since": "gisteren"}).status_code == 200
    assert client.get(url, headers={"If-Modified-Since": modified, "If-None-Match": '"x"'}).status_code == 200
    # Something public changes: the ETag with it.
    make.idea(consultation)
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert "Last-Modified" not in changed.headers  # changed in this very second
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 200
    assert len(changed.get_json()["ideas"]) == 2


def test_the_api_ignores_the_signed_in_session(client, make, frozen):
    """A member of an invite-only consultation, signed in, still sees through the API only
    what a visitor sees; and the API sends no cookie back."""
    closed = make.consultation(visibility=Visibility.INVITE_ONLY, title="Besloten")
    pm = make.procesmanager(closed)
    make.idea(closed, title="Geheim idee")
    login(client, pm)
    assert client.get(f"/consultaties/{closed.slug}").status_code == 200  # the page: yes
    response = client.get(f"{API}/consultations/{closed.slug}")
    assert response.status_code == 404
    assert "Set-Cookie" not in response.headers
    assert "Geheim idee" not in client.get(f"{API}/ideas").get_data(as_text=True)
    assert client.get(f"/consultaties/{closed.slug}").status_code == 200  # still signed in


def test_hidden_ideas_and_reactions_appear_as_their_pages_show_them(client, make, frozen):
    consultation = make.consultation()
    pm = make.procesmanager(consultation)
    rude = make.idea(consultation, title="Een grof idee", body="Scheldwoorden")
    idea = make.idea(consultation, title="Bomen")
    comment = make.comment(idea, body="Lelijke reactie")
    reply = make.comment(idea, body="Antwoord", parent=comment)
    make.hidden(rude, moderator=pm, reason="Dit gaat over een persoon.")
    make.hidden(comment, moderator=pm, reason="Bevat een scheldwoord.")
    shown = client.get(f"{API}/ideas/{rude.id}").get_json()
    assert shown["title"] is None and shown["body"] is None and shown["bodyHtml"] is None
    assert shown["hidden"]["reason"] == "Dit gaat over een persoon."
    assert shown["hidden"]["houseRule"]
    assert rude.id not in _ids(client.get(f"{API}/ideas").get_json(), "ideas")
    comments = client.get(f"{API}/comments?idea={idea.id}").get_json()["comments"]
    assert [c["id"] for c in comments] == [comment.id, reply.id]
    assert comments[0]["body"] is None and comments[0]["hidden"]["reason"] == "Bevat een scheldwoord."
    assert comments[1]["parentId"] == comment.id and comments[1]["rootId"] == comment.id
    assert comments[1]["body"] == "Antwoord"
    log = client.get(f"{API}/consultations/{consultation.slug}/moderation-log").get_json()["decisions"]
    assert {d["ideaTitle"] for d in log} == {None, "Bomen"}  # the hidden idea is not named
    assert client.get(f"{API}/comments?idea={rude.id}").get_json()["comments"] == []


def test_outcomes_with_their_decisions_and_progress(client, make, frozen):
    consultation = make.consultation()
    idea = make.idea(consultation, title="Bankjes")
    make.response(idea, status=IdeaStatus.ADOPTED, text="We plaatsen bankjes.")
    outcome = make.outcome(consultation, {idea: IdeaStatus.ADOPTED}, published=True)
    draft = make.outcome(consultation, {idea: IdeaStatus.ADOPTED}, title="Concept-uitkomst")
    listed = client.get(f"{API}/consultations/{consultation.slug}/outcomes").get_json()["outcomes"]
    assert [o["id"] for o in listed] == [outcome.id]
    assert client.get(f"{API}/outcomes/{draft.id}").status_code == 404
    body = client.get(f"{API}/outcomes/{outcome.id}").get_json()
    assert body["tally"] == [{"decision": "adopted", "count": 1}]
    decisions = client.get(body["links"]["decisions"]["href"]).get_json()["decisions"]
    assert decisions[0]["ideaId"] == idea.id and decisions[0]["rationale"]
    shown = client.get(f"{API}/ideas/{idea.id}").get_json()
    assert shown["status"] == "adopted"
    assert shown["response"]["outcomeId"] == outcome.id  # publishing answered it again
    assert client.get(f"{API}/ideas/{idea.id}/implementation-updates").get_json() == {"implementationUpdates": []}


@pytest.mark.parametrize("path", ["/ideas", "/comments", "/consultations"])
def test_a_page_costs_the_same_number_of_queries_at_any_size(client, make, frozen, path):
    consultation = make.consultation()

    def cost() -> int:
        with count_queries() as statements:
            assert client.get(f"{API}{path}?pageSize=100").status_code == 200
        return len(statements)

    idea = make.idea(consultation)
    make.response(idea)
    make.comment(idea)
    few = cost()
    for n in range(6):
        other = make.idea(make.consultation() if path == "/consultations" else consultation)
        make.response(other)
        make.comment(other)
    assert cost() == few


def test_too_many_requests_is_a_problem_too(app):
    from cocreatie import create_app

    limited = create_app({**app.config, "RATELIMIT_ENABLED": True, "API_RATE_LIMIT": "2 per minute"})
    client = limited.test_client()
    statuses = [client.get(f"{API}/consultations").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    response = client.get(f"{API}/ideas")
    assert response.status_code == 429
    assert response.mimetype == "application/problem+json" and response.get_json()["status"] == 429
    assert response.headers["API-Version"] == "1.0.0"
    limited.extensions["cocreatie.db"].dispose()


def test_the_reference_page_in_both_languages(client, english):
    page = client.get("/api").get_data(as_text=True)
    assert "Open data: the API" in page and "/api/v1/openapi.json" in page
    assert "GET</span> /ideas/{ideaId}" in page and "List reactions" in page


def test_the_reference_page_in_dutch(client):
    page = client.get("/api").get_data(as_text=True)
    assert "Open data: de API" in page and "Reacties opvragen" in page


def test_changed_since_finds_what_changed_and_nothing_else(client, make, frozen):
    from cocreatie import db
    from cocreatie.ideas import services as idea_services

    consultation = make.consultation()
    pm = make.procesmanager(consultation)
    quiet, supported, answered, answered_again = (make.idea(consultation) for _ in range(4))
    comment, other = make.comment(answered), make.comment(answered)  # hiding one changes its count
    make.response(answered_again)
    frozen.shift(timedelta(hours=1))
    since = "2026-06-15T10:30:00Z"
    later = NOW + timedelta(hours=1)
    idea_services.support_idea(make.user(), supported, later)
    db.session.commit()
    make.now = later
    make.response(answered)
    make.response(answered_again)  # the same status again: a new response all the same
    make.hidden(comment, moderator=pm)
    ideas = client.get(f"{API}/ideas?changedSince={since}").get_json()["ideas"]
    assert sorted(i["id"] for i in ideas) == sorted([supported.id, answered.id, answered_again.id])
    assert all(i["changedAt"] == "2026-06-15T11:00:00Z" for i in ideas)
    comments = client.get(f"{API}/comments?changedSince=2026-06-15T12:30:00%2B02:00").get_json()["comments"]
    assert [c["id"] for c in comments] == [comment.id] and other.id != comment.id
    in_order = client.get(f"{API}/ideas?changedSince={since}&sort=changedAt&pageSize=2").get_json()
    assert [i["id"] for i in in_order["ideas"]] == [supported.id, answered.id]  # same moment: by id
    rest = client.get(in_order["links"]["next"]["href"]).get_json()
    assert [i["id"] for i in rest["ideas"]] == [answered_again.id] and "next" not in rest["links"]
    # An idea hidden since: gone from the list, but a copy kept up to date learns of it.
    make.hidden(quiet, moderator=pm, reason="Gaat over een persoon.")
    assert quiet.id not in _ids(client.get(f"{API}/ideas").get_json(), "ideas")
    changed = {i["id"]: i for i in client.get(f"{API}/ideas?changedSince={since}").get_json()["ideas"]}
    assert changed[quiet.id]["title"] is None and changed[quiet.id]["hidden"]["reason"] == "Gaat over een persoon."
    for bad in ("2026-06-15", "2026-06-15T10:30:00", "gisteren", "2026-13-45T10:00:00Z"):
        response = client.get(f"{API}/ideas?changedSince={bad}")
        assert response.status_code == 400, bad
        assert response.get_json()["invalidParams"][0]["name"] == "changedSince"


# --- co-writing: draft texts, versions, amendments -------------------------------------------

DRAFT = "# Groen\n\nOp het plein komen tien bomen.\n\nDe plataan blijft staan.\n"


def _draft(make, visibility=Visibility.PUBLIC, amendments: int = 1):
    """A draft text whose first paragraph an accepted amendment changed in version 2, with
    `amendments - 1` more open ones: (document, accepted, consultation)."""
    from cocreatie import db
    from cocreatie.cowriting import queries as cowriting_queries
    from cocreatie.cowriting import services as cowriting
    from cocreatie.models import AmendmentKind, AmendmentStatus, PhaseKind

    consultation = make.consultation(visibility=visibility,
                                     phases=[(PhaseKind.DECISION, NOW - timedelta(days=1), NOW + timedelta(days=20))])
    owner = make.owner_of(consultation)
    document = cowriting.add_document(owner, consultation, consultation.phases[0], "Inrichtingsplan", "", DRAFT, NOW)
    db.session.flush()
    trees = cowriting_queries.paragraph(document.id, 2)
    writer = make.user("Anna Meeschrijver") if visibility == Visibility.PUBLIC else owner  # a member may write
    accepted = cowriting.propose_amendment(writer, trees, AmendmentKind.REPLACE, "Op het plein komen twaalf linden.",
                                           "Meer schaduw.", 1, NOW)
    for n in range(amendments - 1):
        cowriting.propose_amendment(make.user(f"Steun {n}"), trees, AmendmentKind.DELETE, "", f"Weg ermee {n}.", 1, NOW)
    cowriting.decide_amendment(owner, accepted, AmendmentStatus.ACCEPTED, "Linden passen goed.", None, NOW)
    cowriting.publish_version(owner, document, "Twaalf linden.", NOW + timedelta(minutes=1))
    db.session.commit()
    return document, accepted, consultation


def test_a_draft_text_with_its_versions_and_what_changed(client, make, frozen):
    document, accepted, consultation = _draft(make)
    listed = client.get(f"{API}/documents?consultation={consultation.slug}").get_json()["documents"]
    assert [d["id"] for d in listed] == [document.id]
    body = client.get(listed[0]["links"]["self"]["href"]).get_json()
    assert body["title"] == "Inrichtingsplan" and body["currentVersion"] == 2
    assert [v["number"] for v in body["versions"]] == [1, 2] and body["versions"][1]["summary"] == "Twaalf linden."
    version = client.get(body["links"]["currentVersion"]["href"]).get_json()
    assert version["isCurrent"] and version["number"] == 2
    heading, trees, plane = version["paragraphs"]
    assert (heading["kind"], heading["number"], trees["number"]) == ("heading", "1", "1.1")
    assert trees["anchor"] == "alinea-2" and trees["text"] == "Op het plein komen twaalf linden."
    assert trees["change"] == "changed" and trees["previousText"] == "Op het plein komen tien bomen."
    assert [(a["id"], a["status"], a["reason"]) for a in trees["amendments"]] == [(accepted.id, "accepted", "Linden passen goed.")]
    assert trees["amendments"][0]["author"] == {"name": "Anna Meeschrijver"}
    assert (plane["change"], plane["previousText"], plane["amendments"]) == ("same", None, [])
    first = client.get(f"{API}/documents/{document.id}/versions/1").get_json()
    assert not first["isCurrent"] and first["paragraphs"][1]["text"] == "Op het plein komen tien bomen."
    assert client.get(f"{API}/documents/{document.id}/versions/3").status_code == 404


def test_an_amendment_with_its_decision(client, make, frozen):
    document, accepted, _consultation = _draft(make, amendments=2)
    body = client.get(f"{API}/amendments/{accepted.id}").get_json()
    assert (body["kind"], body["status"], body["paragraphAnchor"]) == ("replace", "accepted", "alinea-2")
    assert body["originalText"] == "Op het plein komen tien bomen."
    assert body["proposedText"] == "Op het plein komen twaalf linden." and body["explanation"] == "Meer schaduw."
    assert body["decision"]["reason"] == "Linden passen goed." and body["decision"]["publishedInVersion"] == 2
    assert body["decision"]["decidedAt"].endswith("Z")
    open_ones = client.get(f"{API}/amendments?document={document.id}&status=open").get_json()["amendments"]
    assert [(a["kind"], a["decision"]) for a in open_ones] == [("delete", None)]
    everything = client.get(f"{API}/amendments?document={document.id}&pageSize=1").get_json()
    assert _ids(everything, "amendments") == [accepted.id] and "next" in everything["links"]


def test_an_invite_only_consultations_text_is_not_there(client, make, frozen):
    document, accepted, consultation = _draft(make, visibility=Visibility.INVITE_ONLY)
    for path in (f"/documents/{document.id}", f"/documents/{document.id}/versions/1", f"/amendments/{accepted.id}"):
        response = client.get(f"{API}{path}")
        assert response.status_code == 404 and response.mimetype == "application/problem+json", path
    assert client.get(f"{API}/documents").get_json()["documents"] == []
    assert client.get(f"{API}/amendments").get_json()["amendments"] == []
    refused = client.get(f"{API}/amendments?document={document.id}")
    assert refused.status_code == 400 and refused.get_json()["invalidParams"][0]["name"] == "document"


@pytest.mark.parametrize("query, name, code", [
    ("/amendments?status=aangenomen", "status", "unknown"),
    ("/amendments?document=999999", "document", "unknown"),
    ("/amendments?document=abc", "document", "invalid"),
    ("/amendments?consultation=x", "consultation", "unknown"),
    ("/documents?consultation=bestaat-niet", "consultation", "unknown"),
])
def test_bad_co_writing_filters_are_a_problem(client, query, name, code):
    response = client.get(f"{API}{query}")
    assert response.status_code == 400 and response.mimetype == "application/problem+json"
    assert {"name": name, "code": code} in [{"name": p["name"], "code": p["code"]} for p in response.get_json()["invalidParams"]]


def test_co_writing_answers_cost_the_same_number_of_queries_at_any_size(client, make, frozen):
    def cost(document) -> list[int]:
        counts = []
        for path in ("/documents?pageSize=100", "/amendments?pageSize=100", f"/documents/{document.id}",
                     f"/documents/{document.id}/versions/2"):
            with count_queries() as statements:
                assert client.get(f"{API}{path}").status_code == 200, path
            counts.append(len(statements))
        return counts

    small, _a, _c = _draft(make)
    few = cost(small)
    for _n in range(2):
        _draft(make, amendments=4)
    assert cost(small) == few
