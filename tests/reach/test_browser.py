"""The procesmanager's journey in a real browser: the owner sets a target for the
districts reached; the procesmanager sees a district under-represented on the dashboard,
invites people from there, and the invitations show against that district. The reach
pages pass axe-core and fit a 320-pixel screen."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from cocreatie import db
from cocreatie.clock import utcnow
from cocreatie.models import PhaseKind, SiteRole
from cocreatie.reach import services, tables
from tests.browser.fixtures import fits_320, in_english, log_in, log_out

pytestmark = pytest.mark.browser

DAY = timedelta(days=1)
# Oost, where half the residents live, takes part least.
POPULATION = (
    "Codering;Wijk;0 tot 15 jaar;15 tot 25 jaar;25 tot 45 jaar;45 tot 65 jaar;65 jaar of ouder\n"
    "WK01;Centrum;200;200;200;200;200\nWK02;Noord;200;200;200;200;200\nWK04;Oost;400;400;400;400;400\n"
)


def test_a_procesmanager_recruits_where_few_take_part(page: Page, live_server, axe, live_make):
    now = utcnow()
    admin = live_make.user("Beheerder", role=SiteRole.ADMIN)
    consultation = live_make.consultation(
        title="Een groener Stationsplein", phases=[(PhaseKind.POLICY_PREPARATION, now - 7 * DAY, now + 21 * DAY)])
    owner, procesmanager = live_make.owner_of(consultation), live_make.procesmanager(consultation)
    services.replace_population(admin, tables.read_population(POPULATION.encode(), "wijken.csv").rows, now)
    services.replace_postcodes(admin, [("1011", "WK01"), ("1021", "WK02"), ("1041", "WK04")], now)
    services.choose_questions(owner, consultation, district=True, age_band=False, channel=False, channels=[], now=now)
    db.session.commit()
    for area, n in (("1011", 13), ("1021", 12)):
        for _ in range(n):
            person = live_make.user()
            live_make.idea(consultation, author=person)
            services.answer_questions(person, consultation, services.Answers(postcode=area), now)
    db.session.commit()
    base, slug = live_server.url, consultation.slug

    page.goto(base)
    in_english(page)
    log_in(page, base, owner)
    page.goto(f"{base}/beheer/consultaties/{slug}/doelen")
    page.get_by_label("Target for Districts reached").fill("100")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("Districts reached")
    log_out(page)

    log_in(page, base, procesmanager)
    page.goto(f"{base}/beheer/consultaties/{slug}/dashboard")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Under-represented: Oost.")
    oost = page.locator("#reach-district-table tr", has_text="Oost")
    expect(oost).to_contain_text("< 10")
    oost.get_by_role("link", name="Invite people from Oost").click()

    expect(main).to_contain_text("You are inviting people who live in Oost")
    expect(page.get_by_label("Personal message")).to_have_value(
        "We would like to hear more from people who live in Oost. What you think about this matters, "
        "and it only takes a few minutes.")
    axe(page, "recruitment in a district")
    page.get_by_label("E-mail addresses").fill("a.oost@example.nl\nb.oost@example.nl")
    page.get_by_role("button", name="Send invitations").click()

    expect(page).to_have_url(f"{base}/beheer/consultaties/{slug}/bereik")
    expect(main).to_contain_text("2 invitations have been sent")
    expect(page.locator("#reach-district-table tr", has_text="Oost")).to_contain_text("2 / 0")
    axe(page, "reach page")
    fits_320(page, "reach page", axe)
    page.goto(f"{base}/beheer/consultaties/{slug}/dashboard")
    expect(page.locator("#reach-district-table tr", has_text="Oost")).to_contain_text("2 / 0")
