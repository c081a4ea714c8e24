"""Issue 15, the safety net, in a real browser on a phone (375 px): a civil servant
creates a consultation, adds a phase, plans its publication on the confirmation page,
and copies it as the start of the next one. On the way, the workbench's action links
and tabs are on the screen, not off to the right of a table that scrolls sideways.
Screenshots of the workbench at 375 px go to docs/screenshots/ with UPDATE_SCREENSHOTS=1
(to a scratch folder otherwise)."""

from __future__ import annotations

import os
import re
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from cocreatie.models import SiteRole
from tests.browser.fixtures import expect_told, in_english, log_in

pytestmark = pytest.mark.browser

SCREENSHOTS = (
    Path(__file__).resolve().parents[2] / "docs" / "screenshots"
    if os.environ.get("UPDATE_SCREENSHOTS")
    else Path(tempfile.gettempdir()) / "cocreatie-screenshots"
)
PHONE = {"width": 375, "height": 800}
TITLE = "Groen in de Parkwijk"


def on_screen(page: Page, label: str) -> None:
    """Every link and button in the page's main part lies within the viewport's width,
    and the page does not scroll sideways."""
    width = page.viewport_size["width"]
    outside = page.evaluate(
        """width => [...document.querySelectorAll('main a, main button')]
            .filter(el => el.getClientRects().length)
            .map(el => [el.textContent.trim().replace(/\\s+/g, ' '), el.getBoundingClientRect()])
            .filter(([, box]) => box.left < -0.5 || box.right > width + 0.5)
            .map(([text, box]) => `${text} (${Math.round(box.left)}–${Math.round(box.right)})`)""",
        width,
    )
    assert not outside, f"{label}: off screen at {width} px: {outside}"
    assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{label} scrolls sideways"


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}-375.png", full_page=True)


def test_a_civil_servant_creates_plans_and_copies_a_consultation_on_a_phone(page: Page, live_server, live_make, axe):
    base = live_server.url
    servant = live_make.user("Mirjam Smit", role=SiteRole.CIVIL_SERVANT)
    page.set_viewport_size(PHONE)
    log_in(page, base, servant)
    in_english(page)
    today = datetime.now(ZoneInfo("Europe/Amsterdam")).date()
    main = page.get_by_role("main")

    # Create the consultation: it starts as a draft, on its phases page.
    page.goto(f"{base}/beheer/consultaties/nieuw")
    main.get_by_label("Title").fill(TITLE)
    main.get_by_label("Question").fill("Waar wilt u meer groen in de Parkwijk?")
    main.get_by_label("Summary").fill("Denk mee over bomen, geveltuinen en een groen plein.")
    main.get_by_role("button", name="Save").click()
    expect_told(page, "The consultation has been created as a draft.")

    # Add a phase that starts next week.
    main.get_by_role("link", name="Policy preparation").click()
    main.get_by_label("First day").fill((today + timedelta(days=7)).isoformat())
    main.get_by_label("Last day").fill((today + timedelta(days=37)).isoformat())
    main.get_by_role("button", name="Save").click()
    expect_told(page, "The phase has been added.")
    expect(main.get_by_role("link", name=re.compile("^Remove"))).to_be_visible()
    on_screen(page, "phases")
    # The tabs: a grid of two columns, each tab whole on the screen (not a paragraph of
    # links wrapping over the width).
    tabs = [link.bounding_box() for link in page.get_by_role("navigation", name="Workbench").get_by_role("link").all()]
    rows = {round(box["y"]) for box in tabs}
    assert len(rows) <= (len(tabs) + 1) // 2, f"{len(tabs)} workbench tabs take {len(rows)} rows"
    assert all(box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] for box in tabs)
    shot(page, "workbench-phases")

    # Publishing asks first, and offers to plan it instead: tomorrow at 09:00.
    main.get_by_role("link", name="Publish consultation").click()
    expect(main.get_by_role("heading", level=1)).to_have_text(f"Publish “{TITLE}”?")
    expect(main.get_by_text("People can take part from")).to_be_visible()
    on_screen(page, "publish")
    axe(page, "publish: confirm at 375 px")
    shot(page, "publish")
    tomorrow = today + timedelta(days=1)
    main.get_by_label("Date").fill(tomorrow.isoformat())
    main.get_by_label("Time").fill("09:00")
    main.get_by_role("button", name="Plan the publication").click()
    expect_told(page, "The consultation will be published on")
    expect(main.get_by_text(re.compile(r"^Planned: .*09:00"))).to_be_visible()
    expect(main.get_by_role("button", name="Cancel the planned publication")).to_be_visible()

    # The list of consultations says it is planned, and "Manage" is in reach.
    page.goto(f"{base}/beheer")
    expect(main.get_by_text(re.compile(r"Planned: .*09:00"))).to_be_visible()
    on_screen(page, "manage")
    shot(page, "workbench-manage")

    # Copy it as the start of the next one: a draft of its own, a year on.
    main.get_by_role("link", name=re.compile(f"^Manage {TITLE}")).click()
    main.get_by_role("link", name="Copy as a new consultation").click()
    on_screen(page, "copy")
    axe(page, "copy a consultation at 375 px")
    main.get_by_role("button", name="Make the copy").click()
    expect_told(page, f"This is a copy of “{TITLE}”, as a draft.")
    expect(main.get_by_role("heading", level=1)).to_have_text(f"{TITLE} (copy)")
    expect(main.get_by_text("Draft", exact=True)).to_be_visible()
    assert re.search(r"/beheer/consultaties/groen-in-de-parkwijk-copy/fasen$", page.url), page.url
    expect(main.get_by_role("link", name=re.compile("^Remove"))).to_be_visible()
    on_screen(page, "the copy's phases")
