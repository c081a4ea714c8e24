"""Moderation pages: access (403/404), form errors that keep input, post-redirect-get,
bulk actions, what visitors see, and the queue's query count."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from cocreatie import db
from cocreatie.models import (
    ActionKind,
    Appeal,
    Comment,
    Consultation,
    HouseRule,
    Idea,
    ModerationAction,
    Report,
    ReportStatus,
    SiteRole,
    Visibility,
)
from tests.conftest import login
from tests.test_routes import count_queries


def page(response) -> str:
    return response.get_data(as_text=True)


def committed():
    """End the test's own read transaction, so it sees what the requests committed."""
    db.session.rollback()
    db.session.expire_all()
    return db.session


def fresh(model, key):
    return committed().get(model, key)


# --- access -------------------------------------------------------------------------------


def test_only_procesmanagers_reach_the_moderation_pages(client, make, frozen):
    consultation = make.consultation()
    idea = make.idea(consultation)
    comment = make.comment(idea)
    slug = consultation.slug
    rule = make.house_rule(consultation)
    gets = [f"/beheer/consultaties/{slug}/moderatie", f"/beheer/consultaties/{slug}/huisregels",
            f"/beheer/consultaties/{slug}/huisregels/{rule.id}", f"/beheer/ideeen/{idea.id}/verbergen",
            f"/beheer/reacties/{comment.id}/verbergen", f"/beheer/ideeen/{idea.id}/samenvoegen"]
    posts = [f"/beheer/consultaties/{slug}/moderatie", f"/beheer/consultaties/{slug}/huisregels/{rule.id}/verwijderen",
             f"/beheer/ideeen/{idea.id}/verbergen", f"/beheer/ideeen/{idea.id}/samenvoegen"]
    for path in gets:
        response = client.get(path)
        assert response.status_code == 302 and "/inloggen" in response.location, path
    owner = make.owner_of(consultation)
    for outsider in (make.user(), owner, make.user(role=SiteRole.ADMIN),
                     make.procesmanager(make.consultation(title="Elders"))):
        login(client, outsider)
        # The owner edits the house rules (writing them is not applying them).
        rules = "/huisregels" if outsider is owner else "never"
        for path in gets:
            assert client.get(path).status_code == (200 if rules in path else 403), path
        for path in posts:
            if rules not in path:
                assert client.post(path, data={"items": [f"idea-{idea.id}"], "action": "hide"}).status_code == 403, path
    login(client, make.procesmanager(consultation))
    for path in gets:
        assert client.get(path).status_code == 200, path
    assert fresh(HouseRule, rule.id) is not None and not fresh(Idea, idea.id).is_hidden


def test_moderation_of_a_consultation_you_cannot_see_is_not_found(client, make, frozen):
    closed = make.consultation(visibility=Visibility.INVITE_ONLY, title="Besloten")
    idea = make.idea(closed)
    login(client, make.user())
    for path in [f"/beheer/consultaties/{closed.slug}/moderatie", f"/consultaties/{closed.slug}/huisregels",
                 f"/consultaties/{closed.slug}/moderatielog", f"/ideeen/{idea.id}/melden",
                 f"/beheer/ideeen/{idea.id}/verbergen", "/beheer/ideeen/999999/verbergen", "/reacties/999999/melden"]:
        assert client.get(path).status_code == 404, path


def test_house_rules_and_the_log_are_public_and_linked_from_the_consultation(client, make, frozen, english):
    consultation = make.consultation()
    home = page(client.get(f"/consultaties/{consultation.slug}"))
    assert f"/consultaties/{consultation.slug}/huisregels" in home and f"/consultaties/{consultation.slug}/moderatielog" in home
    rules = page(client.get(f"/consultaties/{consultation.slug}/huisregels"))
    assert "Wees respectvol" in rules and "Houd het binnen de wet" in rules
    assert "No moderation decisions yet." in page(client.get(f"/consultaties/{consultation.slug}/moderatielog"))


# --- reporting ----------------------------------------------------------------------------


def test_reporting_keeps_the_note_on_an_error_then_posts_and_redirects(client, make, frozen, english):
    consultation = make.consultation()
    idea = make.idea(consultation)
    login(client, make.user())
    form = page(client.get(f"/ideeen/{idea.id}/melden"))
    assert "<legend" in form and "Which house rule does it break?" in form
    response = client.post(f"/ideeen/{idea.id}/melden", data={"note": "Kijk naar <b>de tweede zin</b>"})
    assert response.status_code == 422
    assert "There is a problem" in page(response) and "Choose the house rule." in page(response)
    assert "Kijk naar &lt;b&gt;de tweede zin&lt;/b&gt;" in page(response)
    rule = make.house_rule(consultation, 2)
    response = client.post(f"/ideeen/{idea.id}/melden", data={"rule": str(rule.id), "note": "Tweede zin"})
    assert response.status_code == 302 and response.location == f"/ideeen/{idea.id}"
    assert "Thank you for your report" in page(client.get(response.location))
    # Once more: a kind word, not a second report.
    assert "already reported" in page(client.get(f"/ideeen/{idea.id}/melden"))
    response = client.post(f"/ideeen/{idea.id}/melden", data={"rule": str(rule.id)}, follow_redirects=True)
    assert "You have already reported this" in page(response)
    assert committed().scalar(select(func.count()).select_from(Report)) == 1


def test_comments_are_reported_from_the_idea_page_but_not_your_own(client, make, frozen):
    consultation = make.consultation()
    me = make.user()
    idea = make.idea(consultation)
    theirs, mine = make.comment(idea), make.comment(idea, author=me)
    login(client, me)
    shown = page(client.get(f"/ideeen/{idea.id}"))
    assert f"/reacties/{theirs.id}/melden" in shown and f"/reacties/{mine.id}/melden" not in shown
    assert f"/ideeen/{idea.id}/melden" in shown
    assert client.get(f"/reacties/{mine.id}/melden").status_code == 403
    rule = make.house_rule(consultation, 4)
    assert client.post(f"/reacties/{theirs.id}/melden", data={"rule": str(rule.id)}).status_code == 302
    report = committed().scalar(select(Report))
    assert (report.comment_id, report.idea_id, report.reporter_id) == (theirs.id, None, me.id)


def test_reporting_is_rate_limited_per_person(app, committed, make, frozen):
    from cocreatie import create_app

    limited = create_app({**app.config, "RATELIMIT_ENABLED": True})
    client = limited.test_client()
    consultation = make.consultation()
    ideas = [make.idea(consultation) for _ in range(21)]
    rule = make.house_rule(consultation)
    login(client, make.user())
    statuses = [client.post(f"/ideeen/{i.id}/melden", data={"rule": str(rule.id)}).status_code for i in ideas]
    assert statuses[:20] == [302] * 20 and statuses[20] == 429


# --- hiding, the placeholder, appeals ----------------------------------------------------


def test_a_hidden_idea_shows_its_placeholder_and_leaves_the_list(client, make, frozen, english):
    consultation = make.consultation()
    author = make.user()
    idea = make.idea(consultation, author=author, title="Idee met een scheldwoord",
                     body="Een tekst die niemand meer mag lezen.")
    pm = make.procesmanager(consultation)
    login(client, pm)
    form = page(client.get(f"/beheer/ideeen/{idea.id}/verbergen"))
    assert "Which house rule does it break?" in form
    rule = make.house_rule(consultation)
    response = client.post(f"/beheer/ideeen/{idea.id}/verbergen", data={"rule": str(rule.id), "reason": "kort"})
    assert response.status_code == 422 and "kort" in page(response)  # too short, kept
    response = client.post(f"/beheer/ideeen/{idea.id}/verbergen",
                           data={"rule": str(rule.id), "reason": "Bevat een scheldwoord.", "next": "https://evil.example/"})
    assert response.status_code == 302 and response.location == f"/ideeen/{idea.id}"

    client.post("/uitloggen")
    shown = page(client.get(f"/ideeen/{idea.id}"))
    assert "This idea has been hidden" in shown and "Wees respectvol" in shown and "Bevat een scheldwoord." in shown
    assert "niemand meer mag lezen" not in shown and "Idee met een scheldwoord" not in shown
    listing = page(client.get(f"/consultaties/{consultation.slug}"))
    assert "Idee met een scheldwoord" not in listing
    log = page(client.get(f"/consultaties/{consultation.slug}/moderatielog"))
    assert "Bevat een scheldwoord." in log and "Wees respectvol" in log and "Idee met een scheldwoord" not in log

    login(client, author)
    shown = page(client.get(f"/ideeen/{idea.id}"))
    assert "niemand meer mag lezen" in shown and "Ask for a review" in shown


def test_the_author_appeals_once_and_the_procesmanager_decides_from_the_queue(client, make, frozen, english):
    consultation = make.consultation()
    author = make.user()
    comment = make.comment(make.idea(consultation), author=author, body="Mijn scherpe reactie")
    pm = make.procesmanager(consultation)
    action = make.hidden(comment, moderator=pm)
    login(client, author)
    response = client.post(f"/moderatie/besluiten/{action.id}/herbeoordeling", data={"body": ""})
    assert response.status_code == 422 and "This field is required" in page(response)
    response = client.post(f"/moderatie/besluiten/{action.id}/herbeoordeling", data={"body": "Het was een citaat."})
    assert response.status_code == 302 and f"#reactie-{comment.id}" in response.location
    assert "You asked for a review" in page(client.get(response.location))
    assert client.get(f"/moderatie/besluiten/{action.id}/herbeoordeling").status_code == 403  # once
    assert client.get(f"/beheer/herbeoordelingen/{committed().scalar(select(Appeal.id))}").status_code == 403

    login(client, pm)
    queue = page(client.get(f"/beheer/consultaties/{consultation.slug}/moderatie?view=appeals"))
    assert "Het was een citaat." in queue
    appeal_id = committed().scalar(select(Appeal.id))
    response = client.post(f"/beheer/herbeoordelingen/{appeal_id}", data={"decision": "restore", "reason": ""})
    assert response.status_code == 422 and "Het was een citaat." in page(response)
    response = client.post(f"/beheer/herbeoordelingen/{appeal_id}",
                           data={"decision": "restore", "reason": "Het was inderdaad een citaat."})
    assert response.status_code == 302
    assert fresh(Comment, comment.id).hidden_at is None
    assert "Mijn scherpe reactie" in page(client.get(f"/ideeen/{comment.idea_id}"))


def test_restoring_from_the_idea_page(client, make, frozen):
    idea = make.idea(make.consultation())
    pm = make.procesmanager(idea.consultation)
    make.hidden(idea, moderator=pm)
    login(client, pm)
    assert f"/beheer/ideeen/{idea.id}/terugzetten" in page(client.get(f"/ideeen/{idea.id}"))
    response = client.post(f"/beheer/ideeen/{idea.id}/terugzetten", data={"reason": "Toch binnen de regels."})
    assert response.status_code == 302
    assert not fresh(Idea, idea.id).is_hidden
    assert client.get(f"/beheer/ideeen/{idea.id}/terugzetten").status_code == 403  # nothing to restore


# --- merging ------------------------------------------------------------------------------


def test_merging_from_the_idea_page_points_each_idea_to_the_other(client, make, frozen, english):
    consultation = make.consultation()
    source = make.idea(consultation, title="Meer bomen op het plein")
    target = make.idea(consultation, title="Bomen op het Stationsplein")
    make.comment(source, body="Reactie bij het dubbele idee")
    login(client, make.procesmanager(consultation))
    form = page(client.get(f"/beheer/ideeen/{source.id}/samenvoegen"))
    assert "Bomen op het Stationsplein" in form  # found by the source's own title
    response = client.post(f"/beheer/ideeen/{source.id}/samenvoegen", data={"q": "bomen", "reason": ""})
    assert response.status_code == 422 and "Choose the idea to merge into." in page(response)
    response = client.post(f"/beheer/ideeen/{source.id}/samenvoegen",
                           data={"q": "bomen", "target": str(target.id), "reason": "Hetzelfde voorstel."})
    assert response.status_code == 302 and response.location == f"/ideeen/{target.id}"
    target_page = page(client.get(response.location))
    assert "Merged into this idea:" in target_page and "Meer bomen op het plein" in target_page
    source_page = page(client.get(f"/ideeen/{source.id}"))
    assert "This idea has been merged with another idea" in source_page
    assert "Reactie bij het dubbele idee" in source_page and 'class="comment-form"' not in source_page
    assert "Expected by" not in source_page  # it awaits no response of its own


# --- house rules editor -------------------------------------------------------------------


def test_editing_house_rules_keeps_input_on_errors(client, make, frozen, english):
    consultation = make.consultation()
    login(client, make.procesmanager(consultation))
    slug = consultation.slug
    response = client.post(f"/beheer/consultaties/{slug}/huisregels", data={"title": "", "explanation": "Uitleg <i>hier</i>"})
    assert response.status_code == 422 and "Uitleg &lt;i&gt;hier&lt;/i&gt;" in page(response)
    response = client.post(f"/beheer/consultaties/{slug}/huisregels", data={"title": "Geen hoofdletters", "explanation": ""})
    assert response.status_code == 302
    last = committed().scalar(select(HouseRule).where(HouseRule.title == "Geen hoofdletters"))
    assert last.position == 6
    client.post(f"/beheer/consultaties/{slug}/huisregels/{last.id}/verplaatsen", data={"direction": "up"})
    assert fresh(HouseRule, last.id).position == 5
    response = client.post(f"/beheer/consultaties/{slug}/huisregels/{last.id}", data={"title": "Niet schreeuwen", "explanation": "Geen hoofdletters."})
    assert response.status_code == 302 and fresh(HouseRule, last.id).title == "Niet schreeuwen"
    assert client.post(f"/beheer/consultaties/{slug}/huisregels/{last.id}/verwijderen").status_code == 302
    assert fresh(HouseRule, last.id) is None
    other = make.consultation(title="Elders")
    foreign = make.house_rule(other)
    assert client.post(f"/beheer/consultaties/{slug}/huisregels/{foreign.id}/verwijderen").status_code == 404


# --- the queue and bulk actions -------------------------------------------------------------


def test_the_queue_groups_reports_per_item_and_shows_reporters_only_to_procesmanagers(client, make, frozen, english):
    consultation = make.consultation()
    idea = make.idea(consultation, title="Veel gemeld idee")
    reporter = make.user(name="Meldende Marijke")
    make.report(idea, reporter, note="Dit is kwetsend")
    make.report(idea, make.user(), rule=make.house_rule(consultation, 3))
    login(client, make.procesmanager(consultation))
    queue = page(client.get(f"/beheer/consultaties/{consultation.slug}/moderatie"))
    assert "Veel gemeld idee" in queue and "2 open reports" in queue
    assert "Meldende Marijke" in queue and "Dit is kwetsend" in queue
    assert "Wees respectvol: 1" in queue and "Geen reclame of spam: 1" in queue
    client.post("/uitloggen")
    for path in (f"/ideeen/{idea.id}", f"/consultaties/{consultation.slug}/moderatielog"):
        assert "Meldende Marijke" not in page(client.get(path))


def test_bulk_hide_needs_a_selection_rule_and_reason_and_keeps_the_choices(client, make, frozen, english):
    consultation = make.consultation()
    a, b, c = (make.idea(consultation, title=f"Spam {n}") for n in "abc")
    for idea in (a, b, c):
        make.report(idea)
    login(client, make.procesmanager(consultation))
    url = f"/beheer/consultaties/{consultation.slug}/moderatie"
    response = client.post(url, data={"action": "hide", "view": "reports"})
    assert response.status_code == 422 and "Select at least one item." in page(response)
    response = client.post(url, data={"action": "hide", "items": [f"idea-{a.id}", f"idea-{b.id}"], "reason": "Reclame voor een winkel."})
    assert response.status_code == 422 and "Choose the house rule." in page(response)
    assert re.search(rf'value="idea-{a.id}" id="select-idea-{a.id}" checked', page(response))
    assert "Reclame voor een winkel." in page(response)
    rule = make.house_rule(consultation, 3)
    response = client.post(url, data={"action": "hide", "items": [f"idea-{a.id}", f"idea-{b.id}"], "rule": str(rule.id),
                                      "reason": "Reclame voor een winkel.", "view": "reports"})
    assert response.status_code == 302 and response.location.startswith(url)
    assert "2 items hidden." in page(client.get(response.location))
    assert fresh(Idea, a.id).is_hidden and fresh(Idea, b.id).is_hidden and not fresh(Idea, c.id).is_hidden
    response = client.post(url, data={"action": "dismiss", "items": [f"idea-{c.id}"]})
    assert response.status_code == 302
    assert committed().scalar(select(Report.status).where(Report.idea_id == c.id)) == ReportStatus.DISMISSED
    assert fresh(Consultation, consultation.id).idea_count == 1
    kinds = sorted(k.value for k in db.session.scalars(select(ModerationAction.kind)))
    assert kinds == [ActionKind.DISMISS.value, ActionKind.HIDE.value, ActionKind.HIDE.value]


def test_the_contribution_lists_filter_and_page(client, make, frozen, english, app):
    app.config["IDEAS_PER_PAGE"] = 2
    consultation = make.consultation()
    ideas = [make.idea(consultation, title=f"Idee nummer {n}") for n in range(3)]
    comment = make.comment(ideas[0], body="Reactie om te modereren")
    make.report(ideas[0])
    login(client, make.procesmanager(consultation))
    base = f"/beheer/consultaties/{consultation.slug}/moderatie"
    newest = page(client.get(f"{base}?view=ideas"))
    assert "Idee nummer 2" in newest and "Idee nummer 0" not in newest and 'rel="next"' in newest
    assert "Idee nummer 0" in page(client.get(f"{base}?view=ideas&page=2"))
    reported = page(client.get(f"{base}?view=ideas&reported=1"))
    assert "Idee nummer 0" in reported and "Idee nummer 2" not in reported
    assert "Reactie om te modereren" in page(client.get(f"{base}?view=comments"))
    assert "Reactie om te modereren" not in page(client.get(f"{base}?view=comments&reported=1"))
    assert client.get(f"{base}?view=<script>&kind=drop&page=-1").status_code == 200
    assert comment.id


def test_queue_query_count_does_not_grow_with_reports(client, make, frozen):
    consultation = make.consultation()
    login(client, make.procesmanager(consultation))

    def add_reported_items(n):
        for _ in range(n):
            idea = make.idea(consultation)
            make.report(idea, note="Kwetsend")
            make.report(make.comment(idea), note="Ook kwetsend")

    add_reported_items(2)
    with count_queries() as few:
        assert client.get(f"/beheer/consultaties/{consultation.slug}/moderatie").status_code == 200
    add_reported_items(15)
    for _ in range(10):
        make.report(db.session.scalars(select(Idea).limit(1)).first(), note="Nog een melding")
    with count_queries() as many:
        assert client.get(f"/beheer/consultaties/{consultation.slug}/moderatie").status_code == 200
    assert len(few) == len(many), many
