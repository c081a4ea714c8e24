"""Recruiting in a real browser against a real server: a procesmanager invites people
(with a mistake first), an invitee opens the link signed out, logs in and is in; the
owner's roles page and the audit log. What the every-page sweep never shows (forms with
errors, the audit log 320 pixels wide) must pass axe-core's WCAG 2.1 A/AA rules."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from cocreatie.clock import utcnow
from cocreatie.models import PhaseKind, SiteRole, Visibility
from tests.browser.fixtures import fits_320, in_english, log_in, log_out, newest_mail
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

DAY = timedelta(days=1)


def test_a_procesmanager_recruits_and_an_invitee_joins(page: Page, live_server, outbox, axe, live_make):
    now = utcnow()
    consultation = live_make.consultation(
        visibility=Visibility.INVITE_ONLY, title="Besloten traject Stationsplein",
        phases=[(PhaseKind.POLICY_PREPARATION, now - 7 * DAY, now + 21 * DAY)],
    )
    procesmanager = live_make.procesmanager(consultation)
    invitee = live_make.user("Ingrid")
    owner = live_make.owner_of(consultation)
    admin = live_make.user("Beheerder", role=SiteRole.ADMIN)
    base, slug = live_server.url, consultation.slug

    page.goto(base)
    in_english(page)
    log_in(page, base, procesmanager)
    page.goto(f"{base}/beheer/consultaties/{slug}/werving")

    page.get_by_label("E-mail addresses").fill(f"{invitee.email}\ngeen-adres")
    page.get_by_label("Personal message").fill("U woont vlak bij het plein. Denkt u mee?")
    page.get_by_role("button", name="Send invitations").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    expect(page.get_by_label("Personal message")).to_have_value("U woont vlak bij het plein. Denkt u mee?")
    axe(page, "recruitment form with errors")

    page.get_by_label("E-mail addresses").fill(invitee.email)
    page.get_by_role("button", name="Send invitations").click()
    expect(page.locator("main")).to_contain_text("1 invitation has been sent")
    expect(page.get_by_role("table")).to_contain_text(invitee.email)
    log_out(page)

    body = newest_mail(outbox, invitee.email).get_body(preferencelist=("plain",)).get_content()
    link = re.search(re.escape(base) + r"/consultaties/\S+/uitnodiging/[A-Za-z0-9_\-]+", body).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_contain_text("invited")
    page.get_by_role("link", name="Log in to accept").click()
    page.get_by_label("E-mail address").fill(invitee.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{base}/consultaties/{slug}")
    expect(page.locator("main")).to_contain_text("You now take part")
    log_out(page)

    log_in(page, base, owner)
    page.goto(f"{base}/beheer/consultaties/{slug}/rollen")
    page.get_by_label("E-mail address").fill("niemand@example.nl")
    page.get_by_role("radio", name="Procesmanager: moderates").check()
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_role("status")).to_contain_text("has no account yet. We have sent an invitation")
    page.get_by_label("E-mail address").fill("geen-adres")
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    axe(page, "roles form with errors")
    log_out(page)

    log_in(page, base, admin)
    page.get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("table")).to_contain_text("Ingrid accepted an invitation and takes part in")
    fits_320(page, "audit log", axe)
