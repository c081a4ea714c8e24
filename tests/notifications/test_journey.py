"""Notifications and password reset in a real browser against a real server: a resident
follows an idea, hears about the official response, reads and manages what reaches
them, unsubscribes from the e-mail link, and later resets a forgotten password. What the
every-page sweep never shows (a follow changed in place, forms with errors, a used link,
the notifications 320 pixels wide) must pass axe-core's WCAG 2.1 A/AA rules."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from cocreatie.clock import utcnow
from cocreatie.models import IdeaStatus, PhaseKind
from tests.browser.fixtures import expect_told, fits_320, in_english, log_in
from tests.notifications.helpers import link, mails

pytestmark = pytest.mark.browser

DAY = timedelta(days=1)


def test_following_hearing_and_managing_notifications(page: Page, live_server, axe, live_make, outbox):
    base = live_server.url
    now = utcnow()
    consultation = live_make.consultation(phases=[(PhaseKind.POLICY_PREPARATION, now - 7 * DAY, now + 21 * DAY)])
    idea = live_make.idea(consultation, title="Een waterpunt bij de speeltuin")
    resident = live_make.user("Noor")

    page.goto(base)
    in_english(page)
    log_in(page, base, resident)
    page.goto(f"{base}/ideeen/{idea.id}")
    page.get_by_role("button", name="Follow").click()
    expect_told(page, "You follow this now.")
    expect(page.get_by_role("button", name="Stop following")).to_be_visible()
    axe(page, "idea page, following")

    live_make.response(idea, IdeaStatus.ADOPTED)  # the owner answers

    page.goto(f"{base}/")
    expect(page.locator(".site-nav .badge")).to_contain_text("1")
    page.get_by_role("link", name="Notifications").click()
    expect(page.locator(".notification--unread")).to_contain_text("Een waterpunt bij de speeltuin")
    fits_320(page, "notifications", axe)
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.locator(".notification--unread")).to_have_count(0)
    expect(page.locator(".site-nav .badge")).to_have_count(0)

    page.locator(".notifications-nav").get_by_role("link", name="What you follow").click()
    expect(page.locator(".follow")).to_contain_text("Een waterpunt bij de speeltuin")

    page.locator(".notifications-nav").get_by_role("link", name="E-mail settings").click()
    page.get_by_label("Once a day", exact=False).check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".banner--success")).to_be_visible()
    expect(page.get_by_label("Once a day", exact=False)).to_be_checked()

    # The e-mail that came at once carries a working unsubscribe link.
    [message] = mails(outbox, to=resident.email)
    page.goto(base + link(message, "/e-mail/afmelden/"))
    page.get_by_role("button", name="Stop these e-mails").click()
    expect(page.locator("h1")).to_contain_text("no more e-mails")
    page.goto(f"{base}/account/e-mailinstellingen")
    expect(page.get_by_label("Never", exact=False)).to_be_checked()


def test_resetting_a_forgotten_password(page: Page, live_server, axe, live_make, outbox):
    base = live_server.url
    resident = live_make.user("Sem")
    page.goto(f"{base}/inloggen")
    in_english(page)
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_role("button", name="Send link").click()
    expect(page.locator(".error-summary")).to_be_visible()
    axe(page, "forgot password with an error")
    page.locator("#email").fill(resident.email)
    page.get_by_role("button", name="Send link").click()
    expect(page.locator("h1")).to_contain_text("Check your e-mail")

    [message] = mails(outbox, to=resident.email)
    page.goto(base + link(message, "/wachtwoord-herstellen/"))
    page.locator("#password").fill("kort")
    page.get_by_role("button", name="Save new password").click()
    expect(page.locator(".error-summary")).to_be_visible()
    axe(page, "choose a new password with an error")
    page.locator("#password").fill("paarse olifanten dansen op dinsdag")
    page.get_by_role("button", name="Save new password").click()
    expect(page.locator(".banner--success")).to_be_visible()
    expect(page.locator(".site-nav__user")).to_contain_text("Sem")

    page.goto(base + link(message, "/wachtwoord-herstellen/"))  # the link worked once
    expect(page.locator("h1")).to_contain_text("This link does not work")
    axe(page, "reset link used")
