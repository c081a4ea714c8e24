"""Content pages: how it works, accessibility, privacy and the house rules, linked from
every page's footer, in the organisation's own name and with its contact address."""

import re

import pytest

from cocreatie.models import Visibility
from cocreatie.moderation import services as moderation
from cocreatie.pages import routes as pages

CONTENT_PAGES = ["/over", "/toegankelijkheid", "/privacy", "/huisregels"]


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.mark.parametrize("path", CONTENT_PAGES)
def test_every_content_page_is_public_in_dutch(client, path):
    response = client.get(path)
    assert response.status_code == 200 and '<html lang="nl">' in text(response)


@pytest.mark.parametrize("path", CONTENT_PAGES)
def test_every_content_page_is_public_in_english_with_one_main_heading(client, english, path):
    response = client.get(path)
    assert response.status_code == 200 and '<html lang="en">' in text(response)
    assert text(response).count("<h1>") == 1


def test_the_footer_links_to_all_four_from_every_page(client, english):
    for page in ["/", "/inloggen", "/bestaat-niet"]:
        footer = text(client.get(page)).split('<footer class="site-footer">')[1]
        for path in CONTENT_PAGES:
            assert f'href="{path}"' in footer, (page, path)


def test_the_statements_speak_for_the_configured_organisation(app, client, english):
    app.config.update(ORGANISATION_NAME="Waterschap Rivierenland", CONTACT_EMAIL="loket@rivierenland.example")
    statement = text(client.get("/toegankelijkheid"))
    assert "Waterschap Rivierenland wants everyone to be able to use this website" in statement
    assert '<a href="mailto:loket@rivierenland.example">loket@rivierenland.example</a>' in statement
    privacy = text(client.get("/privacy"))
    assert "Waterschap Rivierenland is responsible for the personal data" in privacy
    assert 'href="mailto:loket@rivierenland.example"' in privacy


def test_the_contact_address_has_a_harmless_default():
    from cocreatie.config import from_environment

    assert from_environment({})["CONTACT_EMAIL"].endswith(".invalid")
    assert from_environment({"CONTACT_EMAIL": "info@gemeente.example"})["CONTACT_EMAIL"] == "info@gemeente.example"


def test_the_accessibility_statement_is_honest_and_dated(client, english):
    page = text(client.get("/toegankelijkheid"))
    for part in ["WCAG", "2.1", "level AA", "EN 301 549",  # the standard
                 "First measures taken.", "An independent expert has not yet checked",  # the status
                 "axe-core", "Nu HTML Checker", "320 pixels", "keyboard",  # what is tested
                 "Known problems", "working days",  # limitations, how to report and when you hear
                 "Nationale ombudsman"]:
        assert part in page, part
    day = pages.ACCESSIBILITY_STATEMENT_DATE
    assert f'<time datetime="{day.isoformat()}">' in page


def test_the_privacy_statement_names_each_kind_of_data_and_the_rights(client, english):
    page = text(client.get("/privacy"))
    for part in ["e-mail address", "display name", "password", "hash", "supports", "e-mail settings",
                 "Reports and moderation", "Who reported something is never shown",
                 "right of access", "right to rectification", "right to erasure",
                 "How long we keep your data", "Autoriteit Persoonsgegevens"]:
        assert part in page, part


def test_the_about_page_explains_phases_responses_outcomes_and_roles(client, english):
    page = text(client.get("/over"))
    for part in ["Agenda-setting", "Evaluation",  # the phase kinds, from the same labels as elsewhere
                 "official response", "outcome", "Procesmanager", "Civil servant"]:
        assert part in page, part


def test_the_general_house_rules_come_from_the_moderation_defaults(client, english):
    # One source: the very list new consultations start with, not a copy of it.
    assert pages.DEFAULT_HOUSE_RULES is moderation.DEFAULT_HOUSE_RULES
    page = text(client.get("/huisregels"))
    rules = page.split('<ol class="house-rules">')[1].split("</ol>")[0]
    # In English, their translations (tests/worklist checks they translate these exactly).
    assert re.findall(r'house-rules__title">([^<]+)<', rules) == [str(title) for title, _ in pages.TRANSLATED_HOUSE_RULES]
    assert len(pages.TRANSLATED_HOUSE_RULES) == len(moderation.DEFAULT_HOUSE_RULES)
    for part in ["Report", "hide", "review", "moderation log", "Each consultation has its own house rules"]:
        assert part in page, part


def test_the_house_rules_page_links_to_the_rules_of_each_open_consultation_one_may_see(client, make, frozen, english):
    open_one = make.consultation(title="Een groener Stationsplein")
    closed = make.consultation(title="Besloten klankbordgroep", visibility=Visibility.INVITE_ONLY)
    page = text(client.get("/huisregels"))
    assert f'href="/consultaties/{open_one.slug}/huisregels"' in page
    assert closed.slug not in page and "Besloten klankbordgroep" not in page


def test_the_dutch_default_rules_are_marked_as_dutch_only_on_the_english_page(client):
    assert '<ol class="house-rules">' in text(client.get("/huisregels"))
