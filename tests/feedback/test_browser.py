"""An owner answers, publishes an outcome and reports progress in a real browser; a
resident reads the result. No page scrolls sideways at 320 pixels; what the every-page
sweep never shows (a form with errors, earlier responses opened) passes axe-core's
WCAG 2.1 A/AA rules there too."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from cocreatie import db
from cocreatie.clock import utcnow
from cocreatie.models import PhaseKind
from tests.browser.fixtures import fits_320, log_in

pytestmark = pytest.mark.browser

DAY = timedelta(days=1)


@pytest.fixture
def finished(live_make):
    now = utcnow()
    consultation = live_make.consultation(phases=[(PhaseKind.POLICY_PREPARATION, now - 60 * DAY, now - 30 * DAY)])
    trees = live_make.idea(consultation, author=live_make.user("Fatima"), title="Schaduwbomen langs de fietsenstalling")
    live_make.idea(consultation, author=live_make.user("Henk"), title="Een overdekte wachtplek bij de bushalte")
    db.session.commit()
    return consultation, trees, live_make.owner_of(consultation)


def check(page: Page, axe, label: str) -> None:
    """axe, and no scrolling sideways at 320 px."""
    axe(page, label)
    fits_320(page, label)


def test_owner_answers_publishes_and_reports_progress(page: Page, live_server, axe, finished):
    consultation, trees, owner = finished
    base = live_server.url
    log_in(page, base, owner)

    page.goto(f"{base}/beheer/consultaties/{consultation.slug}/termijnbewaking")
    expect(page.get_by_role("table")).to_contain_text(trees.title)
    fits_320(page, "overdue list")

    page.locator(f"table a[href$='/ideeen/{trees.id}/reageren']").click()
    page.locator("form.form-section button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    check(page, axe, "response form with errors")
    page.locator("input[name=status][value=adopted]").check()
    page.locator("textarea[name=body]").fill("We planten **twaalf** lindes in het najaar.")
    page.locator("input[name=responder_role]").fill("projectleider Stationsplein")
    page.locator("form.form-section button[type=submit]").click()
    expect(page.locator("#officiele-reactie")).to_contain_text("twaalf")
    fits_320(page, "idea page with a response (owner)")

    page.goto(f"{base}/ideeen/{trees.id}/voortgang")
    page.locator("textarea[name=body]").fill("De bomen zijn besteld bij de kwekerij.")
    page.locator("input[name=progress]").fill("30")
    page.locator("input[name=milestone_1_title]").fill("Bomen besteld")
    page.locator("input[name=milestone_1_date]").fill("2026-09-01")
    page.locator("input[name=milestone_1_done]").check()
    fits_320(page, "progress form")
    page.locator("form button[type=submit]").last.click()
    expect(page.locator("#uitvoering")).to_contain_text("Bomen besteld")

    page.goto(f"{base}/beheer/consultaties/{consultation.slug}/uitkomsten/nieuw")
    fits_320(page, "new outcome form")
    page.locator("input[name=title]").fill("Wat de raad besloot over het Stationsplein")
    page.locator("textarea[name=body]").fill("De gemeenteraad heeft op 1 juli besloten.")
    page.locator("form button[type=submit]").last.click()
    fits_320(page, "draft outcome")
    page.locator("a[href$='/ideeen']").first.click()
    fits_320(page, "choose ideas for the outcome")
    page.locator("td.actions a").first.click()
    page.locator("input[name=decision][value=adopted]").check()
    page.locator("textarea[name=rationale]").fill("Schaduw op het plein is nodig in warme zomers.")
    fits_320(page, "decision form")
    page.locator("form.form-section button[type=submit]").click()
    page.locator("a[href$='/publiceren']").click()  # publishing asks first, without JavaScript too
    fits_320(page, "publish outcome: are you sure?")
    page.locator("form[action$='/publiceren'] button").click()
    expect(page.locator("h1")).to_have_text("Wat de raad besloot over het Stationsplein")
    fits_320(page, "published outcome")

    page.goto(f"{base}/beheer/consultaties/{consultation.slug}/uitkomsten")
    fits_320(page, "outcomes list")


def test_resident_reads_the_response_and_the_outcome(page: Page, live_server, axe, finished, live_make):
    consultation, trees, _owner = finished
    live_make.response(trees, text="We bekijken dit samen met de bewoners.")
    from cocreatie.models import IdeaStatus

    live_make.response(trees, IdeaStatus.ADOPTED, text="De raad heeft ja gezegd.")
    outcome = live_make.outcome(consultation, {trees: IdeaStatus.IMPLEMENTED}, published=True)
    base = live_server.url
    page.goto(f"{base}/ideeen/{trees.id}")
    expect(page.locator("#officiele-reactie")).to_contain_text("Toelichting bij")
    page.locator("#officiele-reactie details summary").click()
    check(page, axe, "idea page with responses and outcome (visitor)")
    page.goto(f"{base}/consultaties/{consultation.slug}")
    expect(page.locator(".outcomes")).to_contain_text(outcome.title)
    fits_320(page, "consultation page with an outcome")
    page.goto(f"{base}/consultaties/{consultation.slug}/uitkomsten/{outcome.id}")
    fits_320(page, "outcome page (visitor)")
