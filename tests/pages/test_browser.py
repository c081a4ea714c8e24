"""The content and error pages in a real browser: reachable from the footer and readable
on a 320-pixel-wide screen, in Dutch and in English. (axe checks them in the every-page
sweep, tests/browser/test_every_page.py.)"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.fixtures import fits_320, in_english

pytestmark = pytest.mark.browser

# By address: the Dutch link texts are the translator's to choose.
FOOTER_PATHS = ["/over", "/huisregels", "/privacy", "/toegankelijkheid"]


def _visit_every_page(page: Page, base: str, language: str) -> None:
    for path in FOOTER_PATHS:
        page.goto(base + "/")
        page.get_by_role("contentinfo").locator(f'a[href="{path}"]').click()
        expect(page).to_have_url(base + path)
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        fits_320(page, f"{path} ({language})")
    page.goto(base + "/bestaat-niet")
    fits_320(page, f"404 ({language})")


def test_content_pages_are_reached_from_the_footer_and_fit_320_px(page: Page, live_server, live_make):
    live_make.consultation()  # so that the house rules page links to one
    base = live_server.url
    page.goto(base + "/")
    _visit_every_page(page, base, "nl")
    page.goto(base + "/")
    in_english(page)
    _visit_every_page(page, base, "en")


def test_content_pages_work_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + "/huisregels")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        page.get_by_role("contentinfo").locator('a[href="/toegankelijkheid"]').click()
        expect(page).to_have_url(live_server.url + "/toegankelijkheid")
    finally:
        context.close()
