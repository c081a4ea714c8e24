"""The charts in a real browser: the idea page's supporters over time and the consultation
page's participation per week pass axe-core's WCAG 2.1 A/AA rules, their table opens
without JavaScript, and neither page scrolls sideways at 320 px, in English or Dutch."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from cocreatie import db
from cocreatie.clock import utcnow
from cocreatie.ideas import services as idea_services
from cocreatie.models import PhaseKind
from tests.browser.fixtures import fits_320, in_english

pytestmark = pytest.mark.browser

DAY = timedelta(days=1)
SHORT_DATE = re.compile(r"^\d{1,2} \w{3}$")  # "4 Nov": the caption names the year


@pytest.fixture
def busy_consultation(live_make):
    """Open for five weeks, with ideas, reactions and supports spread over them."""
    now = utcnow()
    consultation = live_make.consultation(
        phases=[(PhaseKind.POLICY_PREPARATION, now - 35 * DAY, now + 14 * DAY)],
        title="Een groener Stationsplein voor iedereen in de wijk",
    )
    people = [live_make.user(f"Inwoner {n}") for n in range(12)]
    ideas = []
    for n in range(3):
        idea = live_make.idea(consultation, author=people[n], title=f"Schaduwbomen, plek {n + 1}")
        idea.created_at = now - (30 - 10 * n) * DAY
        ideas.append(idea)
    db.session.commit()
    for n, person in enumerate(people[3:]):
        idea_services.support_idea(person, ideas[0], now - (28 - 3 * n) * DAY)
        idea_services.support_idea(person, ideas[1], now - (9 - n) * DAY)
    db.session.commit()
    for n in range(4):
        live_make.comment(ideas[n % 2], author=people[n + 4]).created_at = now - (20 - 5 * n) * DAY
    db.session.commit()
    return consultation, ideas[0]


def _check_chart(page: Page, label: str, heading: str, first_row_header: re.Pattern, axe) -> None:
    section = page.get_by_role("region", name=heading)
    expect(section.get_by_role("img", name=label)).to_be_visible()
    table = section.get_by_role("table")
    expect(table).to_be_hidden()
    section.get_by_text("Show as table").click()  # a <details>: opens without JavaScript
    expect(table).to_be_visible()
    expect(table.get_by_role("rowheader").first).to_have_text(first_row_header)
    axe(page, f"{heading} (table open)")
    fits_320(page, heading, axe)


def test_both_charts_are_accessible_and_fit_a_narrow_screen(page: Page, live_server, axe, busy_consultation):
    consultation, idea = busy_consultation
    base = live_server.url

    page.goto(f"{base}/ideeen/{idea.id}")
    in_english(page)
    _check_chart(page, "Supporters of this idea over time", "Supporters over time", SHORT_DATE, axe)
    expect(page.locator(".chart__value")).to_have_text("9")

    page.goto(f"{base}/consultaties/{consultation.slug}")
    _check_chart(page, "Participation per week", "Participation so far", SHORT_DATE, axe)
    expect(page.get_by_text("12 people have taken part")).to_be_visible()
    expect(page.get_by_role("table").get_by_role("row").last).to_contain_text("Total")


def test_the_charts_fit_a_narrow_screen_in_dutch(page: Page, live_server, axe, busy_consultation):
    consultation, idea = busy_consultation
    for path in (f"/ideeen/{idea.id}", f"/consultaties/{consultation.slug}"):
        page.goto(live_server.url + path)
        expect(page.locator("svg.chart__svg")).to_be_visible()
        for summary in page.locator("details.chart__details > summary").all():
            summary.click()
        fits_320(page, f"{path} (Dutch)", axe)


def test_an_idea_without_supporters_shows_a_sentence(page: Page, live_server, live_make):
    now = utcnow()
    consultation = live_make.consultation(phases=[(PhaseKind.POLICY_PREPARATION, now - DAY, now + DAY)])
    idea = live_make.idea(consultation)
    page.goto(f"{live_server.url}/ideeen/{idea.id}")
    in_english(page)
    section = page.get_by_role("region", name="Supporters over time")
    expect(section).to_contain_text("Nobody supports this idea yet")
    expect(section.get_by_role("img")).to_have_count(0)
