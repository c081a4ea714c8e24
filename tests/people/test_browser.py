"""In a real browser on a 375-pixel phone: an administrator finds a new account on the
people page, reads what making them civil servant will do, confirms, and that person
then finds where to create a consultation. The pages pass axe-core at that width and do
not scroll sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from cocreatie.models import SiteRole
from tests.browser.fixtures import in_english, log_in, log_out, newest_mail, widest_elements

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 800}


def no_sideways_scrolling(page: Page, label: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{label} scrolls sideways ({width} px): {widest_elements(page, PHONE['width'])}"


def test_an_administrator_makes_a_new_account_civil_servant_on_a_phone(page: Page, live_server, outbox, axe, live_make):
    admin = live_make.user("Beheerder Bea", role=SiteRole.ADMIN)
    newcomer = live_make.two_factor(live_make.user("Wendy van Woerkom"))  # she turned two steps on herself
    live_make.user("Willem Wouters")
    base = live_server.url
    page.set_viewport_size(PHONE)

    page.goto(base)
    in_english(page)
    log_in(page, base, admin)
    page.get_by_role("banner").get_by_role("link", name="People").click()
    page.get_by_label("Name or e-mail address").fill("wen")
    page.get_by_role("button", name="Search").click()
    results = page.get_by_role("main").get_by_role("list").filter(has_text="Wendy")
    expect(results).to_contain_text("Wendy van Woerkom")
    expect(page.get_by_role("main")).not_to_contain_text("Willem Wouters")
    axe(page, "people found, at 375 px")
    no_sideways_scrolling(page, "people found")

    page.get_by_role("link", name="Wendy van Woerkom").click()
    expect(page.get_by_role("main")).to_contain_text("Resident")
    page.get_by_role("link", name="Make civil servant").click()
    expect(page.get_by_role("heading", name="What will happen")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("create consultations")
    axe(page, "confirm making someone civil servant, at 375 px")
    no_sideways_scrolling(page, "confirmation")
    page.get_by_role("button", name="Yes: make civil servant").click()
    expect(page.get_by_role("status")).to_contain_text("Wendy van Woerkom is now a civil servant")
    expect(page.get_by_role("main")).to_contain_text("Civil servant")
    no_sideways_scrolling(page, "person page")
    log_out(page)

    body = newest_mail(outbox, newcomer.email).get_body(preferencelist=("plain",)).get_content()
    assert f"{base}/beheer" in body

    log_in(page, base, newcomer)
    page.get_by_role("banner").get_by_role("link", name="Manage").click()
    expect(page.get_by_role("main").get_by_role("link", name="New consultation")).to_be_visible()
