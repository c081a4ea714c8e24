"""A report handled end to end in a real browser against a real server, without
JavaScript doing anything special: a resident reports a reaction, the procesmanager hides
it from the queue with a bulk action, the author sees why and asks for a review. The states
of the moderation pages the every-page sweep never shows (forms with errors, the newest
reactions) must pass axe-core's WCAG 2.1 A/AA rules."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from cocreatie.clock import utcnow
from cocreatie.models import PhaseKind
from tests.browser.fixtures import in_english, log_in, log_out

pytestmark = pytest.mark.browser

DAY = timedelta(days=1)
RUDE = "Wie dit voorstelt is een ongelooflijke sukkel."


def test_a_report_is_handled_and_the_author_asks_for_review(page: Page, live_server, axe, live_make):
    base = live_server.url
    now = utcnow()
    consultation = live_make.consultation(phases=[(PhaseKind.POLICY_PREPARATION, now - 7 * DAY, now + 21 * DAY)])
    idea = live_make.idea(consultation, title="Bankjes op het plein", body="Zet meer bankjes in de schaduw neer.")
    live_make.idea(consultation, title="Meer bankjes op het Stationsplein", body="Meer zitplekken graag, ook in de schaduw.")
    rude_author, reporter = live_make.user("Kees"), live_make.user("Anouk")
    rude = live_make.comment(idea, author=rude_author, body=RUDE)
    procesmanager = live_make.procesmanager(consultation)
    slug, idea_id, comment_id = consultation.slug, idea.id, rude.id

    # A resident reports the reaction.
    page.goto(base)
    in_english(page)
    log_in(page, base, reporter)
    page.goto(f"{base}/ideeen/{idea_id}")
    page.locator(f"#reactie-{comment_id}").get_by_role("link", name="Report").click()
    page.get_by_role("button", name="Send report").click()
    expect(page.locator(".error-summary")).to_be_visible()
    axe(page, "report form with an error")
    page.get_by_label("1. Wees respectvol", exact=False).check()
    page.get_by_label("Anything else the procesmanager should know?", exact=False).fill("Persoonlijke aanval.")
    page.get_by_role("button", name="Send report").click()
    expect(page.locator(".banner--success")).to_be_visible()
    log_out(page)

    # The procesmanager finds it in the queue and hides it with a bulk action.
    log_in(page, base, procesmanager)
    page.goto(f"{base}/consultaties/{slug}")
    page.get_by_role("link", name="Moderate this consultation").click()
    expect(page.get_by_text("Persoonlijke aanval.")).to_be_attached()
    page.get_by_label("Select", exact=False).first.check()
    page.get_by_role("button", name="Hide selected").click()
    expect(page.locator(".error-summary")).to_be_visible()
    axe(page, "moderation queue with errors")
    page.get_by_label("1. Wees respectvol").check()
    page.get_by_label("Public reason").fill("Een persoonlijke aanval op de indiener.")
    page.get_by_role("button", name="Hide selected").click()
    expect(page.locator(".banner--success")).to_be_visible()
    page.goto(f"{base}/beheer/consultaties/{slug}/moderatie?view=comments")
    axe(page, "newest reactions")
    log_out(page)

    # Everyone sees the placeholder; the log says why.
    page.goto(f"{base}/ideeen/{idea_id}")
    expect(page.locator(f"#reactie-{comment_id}")).to_contain_text("Een persoonlijke aanval op de indiener.")
    expect(page.get_by_text(RUDE)).to_have_count(0)
    page.goto(f"{base}/consultaties/{slug}/moderatielog")
    expect(page.get_by_text("Een persoonlijke aanval op de indiener.")).to_be_visible()

    # The author asks once for a review.
    log_in(page, base, rude_author)
    page.goto(f"{base}/ideeen/{idea_id}")
    page.get_by_role("link", name="Ask for a review of this decision").click()
    page.get_by_label("Why should this be reviewed?", exact=False).fill("Het was niet persoonlijk bedoeld.")
    page.get_by_role("button", name="Ask for a review").click()
    expect(page.get_by_text("You asked for a review", exact=False)).to_be_visible()
