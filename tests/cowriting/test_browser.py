"""Co-writing in a real browser against the live server: a citizen reacts to a paragraph
and proposes an amendment, another supports it, the owner accepts it with a reason and
publishes version 2, and the citizen finds their credit in version 2 and in their
notifications. Once with JavaScript at 320 px (the paragraph opens in place), once
without JavaScript (a plain link per paragraph leads to its page)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from cocreatie import db
from cocreatie.clock import utcnow
from cocreatie.cowriting import services
from cocreatie.models import PhaseKind
from tests.browser.fixtures import TIMEOUT_MS, log_in, log_out, widest_elements

pytestmark = pytest.mark.browser

TEXT = "# Groen\n\nOp het plein komen tien bomen.\n\nDe oude plataan blijft staan.\n"
PROPOSED = "Op het plein komen twintig bomen."


def fits(page, narrow: bool, label: str) -> None:
    if narrow:
        page.wait_for_load_state("load")  # not while the next page is still coming in
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{label} scrolls sideways at 320 px ({width} px): {widest_elements(page, 320)}"


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript at 320 px", "without javascript"])
def test_a_citizens_amendment_is_accepted_and_credited_in_version_2(browser, live_server, live_make, javascript):
    now = utcnow()
    consultation = live_make.consultation(
        phases=[(PhaseKind.POLICY_PREPARATION, now - timedelta(days=7), now + timedelta(days=21))]
    )
    owner = live_make.owner_of(consultation)
    document = services.add_document(owner, consultation, consultation.phases[0], "Ontwerpplan", "", TEXT, now)
    db.session.commit()
    anna, bram = live_make.user("Anna Schrijver"), live_make.user("Bram Steun")
    base, narrow = live_server.url, javascript
    context = browser.new_context(viewport={"width": 320 if narrow else 1280, "height": 800},
                                  java_script_enabled=javascript)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        # Anna reacts to the first paragraph and proposes a new wording.
        log_in(page, base, anna)
        page.goto(f"{base}/teksten/{document.id}")
        fits(page, narrow, "the draft text")
        paragraph = page.locator("#alinea-2")
        paragraph.locator("a[data-paragraph-link]").click()
        if javascript:
            expect(page.locator("#alinea-paneel")).to_be_visible()  # in place, under the paragraph
            assert re.search(rf"/teksten/{document.id}$", page.url)
            fits(page, narrow, "the paragraph opened in place")
        else:
            page.wait_for_url(re.compile(rf"/teksten/{document.id}/alineas/2$"))
        form = page.locator("form.comment-form").first
        form.locator("textarea[name=body]").fill("Graag meer bomen.")
        form.locator("button[type=submit]").click()
        page.wait_for_url(re.compile(r"/alineas/2"))
        expect(page.get_by_text("Graag meer bomen.")).to_be_visible()
        page.get_by_role("link", name="Stel een wijziging voor in deze alinea").click()
        page.wait_for_url(re.compile(r"/wijzigingsvoorstel$"))
        fits(page, narrow, "the amendment form")
        page.locator("textarea[name=proposed_text]").fill(PROPOSED)
        page.locator("textarea[name=explanation]").fill("Meer schaduw in de zomer.")
        page.get_by_role("button", name="Mijn wijzigingsvoorstel publiceren").click()
        page.wait_for_url(re.compile(r"/wijzigingsvoorstellen/\d+$"))
        amendment_url = page.url
        expect(page.locator("#verschil del")).to_contain_text("tien")
        expect(page.locator("#verschil ins")).to_contain_text("twintig")
        fits(page, narrow, "the amendment with its diff")
        log_out(page)

        # Bram supports it.
        log_in(page, base, bram)
        page.goto(amendment_url)
        page.get_by_role("button", name="Steun dit wijzigingsvoorstel").click()
        expect(page.get_by_role("status").filter(has_text="U steunt dit wijzigingsvoorstel.")).to_be_visible()
        log_out(page)

        # The owner accepts it with a reason and publishes version 2.
        log_in(page, base, owner)
        page.goto(amendment_url)
        page.locator("input[name=status][value=accepted]").check()
        page.locator("textarea[name=reason]").fill("Meer bomen past in het plan.")
        page.get_by_role("button", name="Besluit publiceren").click()
        expect(page.get_by_role("status").filter(has_text="Uw besluit is gepubliceerd")).to_be_visible()
        page.goto(f"{base}/beheer/teksten/{document.id}/nieuwe-versie")
        fits(page, narrow, "publishing a version")
        page.locator("textarea[name=summary]").fill("Twintig bomen, na een voorstel van een bewoner.")
        page.get_by_role("button", name="Nieuwe versie publiceren").click()
        page.wait_for_url(re.compile(r"/versies/2/wat-er-veranderde$"))
        log_out(page)

        # Anna sees her credit in version 2 and in her notifications.
        log_in(page, base, anna)
        page.goto(f"{base}/teksten/{document.id}")
        credit = page.locator("#alinea-2").get_by_role("link", name="Gewijzigd na inbreng van 1 deelnemer")
        expect(credit).to_be_visible()
        expect(page.locator("#alinea-2")).to_contain_text(PROPOSED)
        fits(page, narrow, "version 2 with its credits")
        credit.click()
        expect(page.get_by_role("link", name=re.compile(r"Wijzigingsvoorstel \d+"))).to_be_visible()
        page.goto(f"{base}/account/berichten")
        expect(page.get_by_role("link", name=re.compile("Versie 2 van “Ontwerpplan” is gepubliceerd"))).to_be_visible()
        expect(page.get_by_role("link", name=re.compile("Meer bomen past in het plan."))).to_be_visible()
        fits(page, narrow, "the notifications")
    finally:
        context.close()
