"""Oversized and odd integers in URLs, query strings and forms answer 404 or 400, or are
ignored, never with a 500 (finding F7): SQLite cannot compare a number beyond 64 bits,
and a superscript "²" passes str.isdigit() but not int()."""

from __future__ import annotations

import re

import pytest

from cocreatie.converters import MAX_ID, BoundedIntConverter, parse_int
from cocreatie.models import SiteRole
from tests.conftest import login

HUGE = "99999999999999999999"  # 20 digits, beyond any 64-bit integer
BEYOND_64_BITS = str(2**63)  # SQLite's limit
JUST_TOO_BIG = str(MAX_ID + 1)  # PostgreSQL's INTEGER
ODD = ["²", "٣", "-1", "+1", " 1", "1_0", "0x1", "", HUGE, BEYOND_64_BITS, JUST_TOO_BIG]


@pytest.mark.parametrize("raw", ODD)
def test_parse_int_takes_only_bounded_ascii_digits(raw):
    assert parse_int(raw) is None


def test_parse_int_reads_plain_numbers_within_bounds():
    assert parse_int("0") == 0 and parse_int("007") == 7 and parse_int(str(MAX_ID)) == MAX_ID
    assert parse_int("5", minimum=1, maximum=4) is None and parse_int("0", minimum=1) is None
    assert parse_int(None) is None


@pytest.fixture
def scene(client, make, frozen):
    """A consultation with an idea, a comment, a report, a house rule and an outcome; signed in as an administrator who is also
    its procesmanager, so every handler gets as far as looking the number up."""
    consultation = make.consultation()
    idea = make.idea(consultation)
    make.comment(idea)
    make.report(idea)
    rule = make.house_rule(consultation)
    make.outcome(consultation)
    admin = make.user(role=SiteRole.ADMIN)
    make.procesmanager(consultation, admin)
    login(client, admin)
    return {"slug": consultation.slug, "idea": idea.id, "rule": rule.id}


def _int_routes(app):
    for rule in app.url_map.iter_rules():
        if any(isinstance(c, BoundedIntConverter) for c in rule._converters.values()) or "<int:" in rule.rule:
            method = "GET" if "GET" in rule.methods else "POST"
            yield rule.rule, method


def _path(pattern: str, slug: str, number: str) -> str:
    path = re.sub(r"<int:\w+>", number, pattern).replace("<slug>", slug).replace("<change>", "blokkeren")
    assert "<" not in path, f"a part of {pattern} this test does not fill in"
    return path


def test_every_int_route_answers_404_for_numbers_beyond_an_id(app, client, scene):
    routes = sorted(set(_int_routes(app)))
    assert len(routes) > 30  # all of them: ideas, comments, outcomes, appeals, rules …
    for pattern, method in routes:
        for number in (HUGE, BEYOND_64_BITS, JUST_TOO_BIG, "٣"):
            response = client.open(_path(pattern, scene["slug"], number), method=method)
            assert response.status_code == 404, (pattern, number, response.status_code)


def test_every_int_route_copes_with_the_largest_id(app, client, scene):
    for pattern, method in sorted(set(_int_routes(app))):
        response = client.open(_path(pattern, scene["slug"], str(MAX_ID)), method=method)
        assert response.status_code < 500, (pattern, response.status_code)


@pytest.mark.parametrize("raw", ["²", HUGE, BEYOND_64_BITS, JUST_TOO_BIG, "-5", "1e9"])
def test_odd_numbers_in_query_strings_are_ignored(client, scene, raw):
    slug = scene["slug"]
    for path in (
        f"/consultaties/{slug}?sort=random&seed={raw}",
        f"/consultaties/{slug}?page={raw}",
        f"/ideeen/{scene['idea']}?page={raw}",
        f"/beheer/audit?consultation={raw}",
        f"/beheer/audit?older_than={raw}",
        f"/beheer/audit?newer_than={raw}",
        f"/beheer/consultaties/{slug}/moderatie?page={raw}",
    ):
        assert client.get(path).status_code == 200, path


def test_a_random_order_with_a_huge_seed_is_still_a_random_order(client, scene):
    page = client.get(f"/consultaties/{scene['slug']}?sort=random&seed={MAX_ID}")
    assert page.status_code == 200


@pytest.mark.parametrize("raw", ["²", HUGE, BEYOND_64_BITS, JUST_TOO_BIG, "٣"])
def test_an_odd_parent_of_a_reaction_is_not_found(client, scene, raw):
    response = client.post(f"/ideeen/{scene['idea']}/reacties", data={"body": "Eens!", "parent_id": raw})
    assert response.status_code == 404


@pytest.mark.parametrize("raw", ["²", HUGE, BEYOND_64_BITS, JUST_TOO_BIG])
def test_odd_items_in_a_bulk_action_are_left_out(client, scene, raw):
    url = f"/beheer/consultaties/{scene['slug']}/moderatie"
    response = client.post(url, data={"action": "hide", "items": [f"idea-{raw}", f"comment-{raw}"],
                                      "rule": str(scene["rule"]), "reason": "Reclame voor een winkel."})
    assert response.status_code == 302  # nothing to hide: done


@pytest.mark.parametrize("raw", ["²", HUGE, BEYOND_64_BITS, JUST_TOO_BIG])
def test_an_odd_rule_in_a_bulk_action_is_refused_next_to_the_field(client, scene, raw):
    url = f"/beheer/consultaties/{scene['slug']}/moderatie"
    response = client.post(url, data={"action": "hide", "items": [f"idea-{scene['idea']}"], "rule": raw,
                                      "reason": "Reclame voor een winkel."})
    assert response.status_code == 422 and "Kies de huisregel." in response.get_data(as_text=True)


@pytest.mark.parametrize("raw", ["²", HUGE, BEYOND_64_BITS, JUST_TOO_BIG])
def test_an_odd_merge_target_is_refused_next_to_the_field(client, scene, raw):
    response = client.post(f"/beheer/ideeen/{scene['idea']}/samenvoegen",
                           data={"target": raw, "reason": "Dubbel idee."})
    assert response.status_code == 422
