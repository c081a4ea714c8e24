"""Routes: access (403/404), form errors that keep input, post-redirect-get, query counts."""

import re
from contextlib import contextmanager
from datetime import timedelta

import pytest
from flask import current_app
from sqlalchemy import event

from cocreatie import db
from cocreatie.models import PhaseKind, SiteRole, Visibility
from tests.conftest import NOW, login

DAY = timedelta(days=1)


@contextmanager
def statements_sent():
    """Every SQL statement the app sends through SQLAlchemy meanwhile, transaction control
    left out. (The page cache's version check goes straight to the driver: not among them.)"""
    statements: list[str] = []
    engine = db.current().engine

    def record(conn, cursor, statement, *args):
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA", "SAVEPOINT", "RELEASE")):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


@contextmanager
def count_queries():
    """The queries that rendering pages costs: the page cache is off meanwhile."""
    cache = current_app.extensions.get("cocreatie.page_cache")  # only on with `committed`
    lifetime = cache.lifetime if cache else None
    if cache:
        cache.lifetime = timedelta(0)
    try:
        with statements_sent() as statements:
            yield statements
    finally:
        if cache:
            cache.lifetime = lifetime


def test_pages_render_for_visitors(client, make, frozen):
    consultation = make.consultation()
    idea = make.idea(consultation)
    make.comment(idea)
    for path in ["/", f"/consultaties/{consultation.slug}", f"/ideeen/{idea.id}", "/consultaties/afgerond", "/inloggen", "/registreren"]:
        assert client.get(path).status_code == 200, path


def test_drafts_and_invite_only_consultations_are_not_found_for_outsiders(client, make, frozen):
    draft = make.consultation(published=False, title="Concept")
    closed = make.consultation(visibility=Visibility.INVITE_ONLY, title="Besloten")
    idea = make.idea(closed)
    owner = make.owner_of(draft)
    for path in [f"/consultaties/{draft.slug}", f"/consultaties/{closed.slug}", f"/ideeen/{idea.id}"]:
        assert client.get(path).status_code == 404
    login(client, make.user())
    assert client.get(f"/consultaties/{draft.slug}").status_code == 404
    assert client.post(f"/ideeen/{idea.id}/steunen").status_code == 404
    login(client, owner)
    assert client.get(f"/consultaties/{draft.slug}").status_code == 200


def test_signed_out_actions_redirect_to_log_in(client, make, frozen):
    idea = make.idea(make.consultation())
    response = client.post(f"/ideeen/{idea.id}/steunen")
    assert response.status_code == 302 and "/inloggen" in response.location


def test_citizens_cannot_manage(client, make, frozen):
    consultation = make.consultation()
    login(client, make.user())
    assert client.get("/beheer").status_code == 403
    assert client.get("/beheer/consultaties/nieuw").status_code == 403
    assert client.get(f"/beheer/consultaties/{consultation.slug}/fasen").status_code == 403
    assert client.post(f"/beheer/consultaties/{consultation.slug}/publiceren").status_code == 403


def test_submitting_an_idea_when_the_phase_does_not_allow_it_is_forbidden(client, make, frozen):
    consultation = make.consultation(phases=[(PhaseKind.DECISION, NOW - DAY, NOW + DAY)])
    login(client, make.user())
    assert client.get(f"/consultaties/{consultation.slug}/ideeen/nieuw").status_code == 403
    assert client.post(f"/consultaties/{consultation.slug}/ideeen/nieuw", data={"title": "x" * 10, "body": "y" * 30}).status_code == 403


def test_idea_form_errors_keep_what_was_typed(client, make, frozen, english):
    consultation = make.consultation()
    login(client, make.user())
    response = client.post(f"/consultaties/{consultation.slug}/ideeen/nieuw", data={"title": "", "body": "Mijn uitgebreide uitleg <b>hier</b>"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" in page and 'href="#title"' in page
    assert "Mijn uitgebreide uitleg &lt;b&gt;hier&lt;/b&gt;" in page
    assert 'aria-invalid="true"' in page


def test_idea_submission_posts_then_redirects(client, make, frozen):
    consultation = make.consultation()
    login(client, make.user())
    response = client.post(
        f"/consultaties/{consultation.slug}/ideeen/nieuw",
        data={"title": "Meer bankjes", "body": "Er zijn te weinig plekken om te zitten."},
    )
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "Meer bankjes" in page


def test_support_and_withdraw_redirect_back(client, make, frozen):
    consultation = make.consultation()
    idea = make.idea(consultation)
    login(client, make.user())
    response = client.post(f"/ideeen/{idea.id}/steunen", data={"next": f"/consultaties/{consultation.slug}?page=1"})
    assert response.status_code == 302 and response.location == f"/consultaties/{consultation.slug}?page=1#steunkaart-{idea.id}"
    response = client.post(f"/ideeen/{idea.id}/steunen", data={"next": "https://evil.example/"})
    assert response.location == f"/ideeen/{idea.id}#steunbox-{idea.id}"
    assert client.post(f"/ideeen/{idea.id}/steun-intrekken").status_code == 302


def test_budget_exhausted_is_explained_not_an_error(client, make, frozen, english):
    consultation = make.consultation(budget=1)
    first, second = make.idea(consultation), make.idea(consultation)
    login(client, make.user())
    client.post(f"/ideeen/{first.id}/steunen")
    response = client.post(f"/ideeen/{second.id}/steunen", follow_redirects=True)
    assert response.status_code == 200
    assert "You have used all 1 of your supports" in response.get_data(as_text=True)


def test_empty_comment_keeps_the_page_and_shows_the_error(client, make, frozen, english):
    idea = make.idea(make.consultation())
    login(client, make.user())
    response = client.post(f"/ideeen/{idea.id}/reacties", data={"body": ""})
    assert response.status_code == 422
    assert "This field is required" in response.get_data(as_text=True)


def test_reply_errors_reopen_the_reply_form_with_the_text(client, make, frozen, english):
    idea = make.idea(make.consultation())
    parent = make.comment(idea)
    login(client, make.user())
    response = client.post(f"/ideeen/{idea.id}/reacties", data={"body": "x", "parent_id": str(parent.id)})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="reply-{parent.id}"' in page and "<details class=\"reply\" open>" in page


def test_comment_then_reply_then_delete(client, make, frozen):
    idea = make.idea(make.consultation())
    login(client, make.user())
    response = client.post(f"/ideeen/{idea.id}/reacties", data={"body": "Een prima plan!"})
    assert response.status_code == 302 and "#reactie-" in response.location
    comment_id = int(response.location.rsplit("-", 1)[1])
    client.post(f"/ideeen/{idea.id}/reacties", data={"body": "Antwoord", "parent_id": str(comment_id)})
    assert client.post(f"/reacties/{comment_id}/verwijderen").status_code == 302
    page = client.get(f"/ideeen/{idea.id}").get_data(as_text=True)
    assert "Een prima plan!" not in page and "Antwoord" in page
    assert client.post(f"/reacties/{comment_id}/verwijderen").status_code == 403


def test_nonsense_parameters_are_harmless(client, make, frozen):
    consultation = make.consultation()
    make.idea(consultation)
    for query in ["page=-5", "page=abc", "page=99999999999", "sort=<script>", "seed=x", "q=%22%3Cscript%3E"]:
        response = client.get(f"/consultaties/{consultation.slug}?{query}")
        assert response.status_code == 200
        assert "<script>" not in response.get_data(as_text=True).split("<main", 1)[1]


def test_civil_servant_creates_phases_and_publishes(client, make, frozen, english):
    servant = make.user(role=SiteRole.CIVIL_SERVANT)
    login(client, servant)
    response = client.post(
        "/beheer/consultaties/nieuw",
        data={"title": "Afval scheiden", "question": "Hoe scheiden we beter afval?", "summary": "Denk mee over afval.",
              "body": "", "visibility": "public", "support_budget": ""},
    )
    assert response.status_code == 302
    slug = "afval-scheiden"
    assert client.post(f"/beheer/consultaties/{slug}/publiceren").status_code == 302  # refused: no phases yet
    assert client.get(f"/consultaties/{slug}").status_code == 200  # owner sees the draft
    form = client.get(f"/beheer/consultaties/{slug}/fasen/nieuw?kind=decision").get_data(as_text=True)
    # A decision phase defaults to supporting and reacting, not to new ideas.
    assert re.search(r'<input checked[^>]*id="allows_supports"', form)
    assert not re.search(r'<input checked[^>]*id="allows_ideas"', form)
    bad = client.post(f"/beheer/consultaties/{slug}/fasen/nieuw", data={"kind": "agenda_setting", "starts_on": "2026-06-20", "ends_on": "2026-06-10"})
    assert "The last day must be on or after the first day." in bad.get_data(as_text=True)
    ok = client.post(f"/beheer/consultaties/{slug}/fasen/nieuw", data={"kind": "agenda_setting", "starts_on": "2026-06-01", "ends_on": "2026-06-30", "allows_ideas": "y"})
    assert ok.status_code == 302
    overlap = client.post(f"/beheer/consultaties/{slug}/fasen/nieuw", data={"kind": "decision", "starts_on": "2026-06-29", "ends_on": "2026-07-30"})
    assert "overlaps" in overlap.get_data(as_text=True)
    assert client.post(f"/beheer/consultaties/{slug}/publiceren").status_code == 302
    client.post("/uitloggen")
    page = client.get("/").get_data(as_text=True)
    assert "Afval scheiden" in page


def test_consultation_page_query_count_does_not_grow_with_ideas(client, make, frozen):
    consultation = make.consultation()
    viewer = make.user()
    for _ in range(3):
        make.idea(consultation)
    login(client, viewer)
    with count_queries() as few:
        assert client.get(f"/consultaties/{consultation.slug}").status_code == 200
    for _ in range(30):
        make.idea(consultation)
    with count_queries() as many:
        assert client.get(f"/consultaties/{consultation.slug}").status_code == 200
    # +2 for signed-in viewers: the unread count in the header and the follow button;
    # +1 for the participation chart (one aggregate query, or none once cached);
    # +1 for the images and attachments of the consultation and its phases;
    # +1 for its draft texts, when a phase allows co-writing (the default one does);
    # +1 for signed-in viewers: whether to offer the profile questions (cocreatie/reach/).
    assert len(few) == len(many) <= 13, many


@pytest.mark.parametrize("sort", ["support", "newest", "discussed", "random"])
def test_each_sort_costs_the_same_number_of_queries(client, make, frozen, sort):
    consultation = make.consultation()
    for _ in range(25):
        make.idea(consultation)
    with count_queries() as queries:
        client.get(f"/consultaties/{consultation.slug}?sort={sort}&page=2")
    # 2 of them: the images and attachments, and the draft texts (co-writing).
    assert len(queries) <= 7, queries


def test_idea_page_query_count_does_not_grow_with_comments(client, make, frozen):
    idea = make.idea(make.consultation())
    login(client, make.user())
    make.comment(idea)
    with count_queries() as few:
        client.get(f"/ideeen/{idea.id}")
    for _ in range(10):
        parent = make.comment(idea)
        make.comment(idea, parent=parent)
    with count_queries() as many:
        client.get(f"/ideeen/{idea.id}")
    # +2 for signed-in viewers: the unread count in the header and the follow button;
    # +1: whether to offer the profile questions (cocreatie/reach/).
    assert len(few) == len(many) <= 12, many


def test_a_busy_database_is_retried_then_explained_with_the_input_kept(app, client, make, frozen, english, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from cocreatie.ideas import services as idea_services

    consultation = make.consultation()
    login(client, make.user())
    calls = []

    def locked(*args, **kwargs):
        calls.append(1)
        raise OperationalError("INSERT …", {}, Exception("database is locked"))

    monkeypatch.setattr(idea_services, "submit_idea", locked)
    app.testing = False  # let the error pages answer, as in production
    response = client.post(
        f"/consultaties/{consultation.slug}/ideeen/nieuw",
        data={"title": "Meer bankjes", "body": "Mijn zorgvuldig geschreven uitleg."},
    )
    page = response.get_data(as_text=True)
    assert len(calls) == 3  # retried before giving up
    assert response.status_code == 503
    assert "Too busy right now" in page
    assert "Mijn zorgvuldig geschreven uitleg." in page
    assert 'name="body" value="Mijn zorgvuldig geschreven uitleg."' in page  # one click sends it again


def test_posts_without_a_csrf_token_are_refused_and_the_text_shown_to_copy(app, make, frozen):
    from cocreatie import create_app

    protected = create_app({**app.config, "WTF_CSRF_ENABLED": True})
    client = protected.test_client()
    consultation = make.consultation()
    client.post("/taal", data={"locale": "en"})  # also refused: no token
    response = client.post(
        f"/consultaties/{consultation.slug}/ideeen/nieuw",
        data={"title": "Meer bankjes", "body": "Tekst die niet verloren mag gaan."},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Tekst die niet verloren mag gaan." in page
    assert 'type="hidden" name="body"' not in page  # shown to copy, never one click from resending


def test_an_oversized_request_is_refused_with_an_explanation(client, english):
    response = client.post("/registreren", data={"display_name": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413
    assert "larger than 2 MB" in response.get_data(as_text=True)
