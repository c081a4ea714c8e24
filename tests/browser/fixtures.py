"""Browser fixtures: one headless Debian Chromium per test session, a fresh context per
test, an axe-core check for WCAG 2.1 A/AA, and factories that use the real clock (the
live server runs in real time, so test data must too).

axe runs over every page type, for every role, in both languages, in one sweep
(tests/browser/test_every_page.py). A journey runs `axe` only on what that sweep never
shows: a form with its errors, a control opened or changed in place, an empty state. Plus the helpers every browser
test shares: logging in and out, choosing English, reading the dev outbox, and checking
that a page fits a 320-pixel-wide screen."""

from __future__ import annotations

import email
import re
import email.policy
import time
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect, sync_playwright

from cocreatie.clock import utcnow
from tests.factories import PASSWORD, TOTP_SECRET, Factories, code_for

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Playwright's default is 30 s; a local gunicorn answers in milliseconds, but a busy
# 2-core CI machine can take seconds for the first page of a fresh worker.
TIMEOUT_MS = 20_000
# expect() polls for 5 s by default; a loaded CI machine with two suites can need more.
expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(TIMEOUT_MS)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def live_make(committed):
    """Factories stamped with the real time (the live server does not see `frozen`), for
    data the live server reads: committed, and removed after the test."""
    return Factories(now=utcnow())


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation.get('impact')}): {violation['help']}")
        lines.append(f"  {violation.get('helpUrl', '')}")
        for node in violation["nodes"]:
            lines.append(f"    at {', '.join(map(str, node['target']))}")
            lines.append(f"       {node['html'].strip()[:300]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n         ")
            if summary:
                lines.append(f"         {summary}")
    return "\n".join(lines)


class AxeChecker:
    """`axe(page, "what page this is")` fails the test on any WCAG 2.1 A/AA violation."""

    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}

    def __init__(self):
        self._axe = Axe()
        self.checked: list[str] = []

    def __call__(self, page, label: str | None = None) -> None:
        label = label or page.url
        page.wait_for_load_state("load")
        violations = self._axe.run(page, options=self.options).response["violations"]
        self.checked.append(label)
        if violations:
            report = format_violations(violations)
            print(f"\naxe: {len(violations)} WCAG 2.1 A/AA violation(s) on {label} ({page.url}):\n{report}")
            pytest.fail(
                f"{len(violations)} WCAG 2.1 A/AA violation(s) on {label} ({page.url}):\n{report}",
                pytrace=False,
            )


@pytest.fixture
def axe():
    return AxeChecker()


def newest_mail(outbox: Path, to: str, timeout: float = 5.0) -> email.message.EmailMessage:
    deadline = time.monotonic() + timeout
    while True:
        files = sorted(outbox.glob("*.eml")) if outbox.exists() else []
        for path in reversed(files):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if message["To"] == to:
                return message
        if time.monotonic() > deadline:
            raise AssertionError(f"no e-mail to {to} in {outbox}: {[f.name for f in files]}")
        time.sleep(0.1)


def confirmation_link(message: email.message.EmailMessage, base_url: str) -> str:
    body = message.get_body(preferencelist=("plain",)).get_content()
    links = re.findall(re.escape(base_url) + r"/bevestigen/[A-Za-z0-9_\-]+", body)
    assert links, f"no confirmation link in the e-mail:\n{body}"
    return links[0]


# --- helpers -------------------------------------------------------------------------
# They work in either language, so a test chooses English (or stays in Dutch) once, with
# `in_english`; the choice is kept in the session, across logging in and out.

LOG_IN = re.compile(r"^(Log in|Inloggen)$")
LOG_OUT = re.compile(r"^(Log out|Uitloggen)$")
EMAIL_LABEL = re.compile(r"^(E-mail address|E-mailadres)")
PASSWORD_LABEL = re.compile(r"^(Password|Wachtwoord)")
CODE_LABEL = re.compile(r"^Code")


def in_english(page: Page) -> None:
    """Switch the interface to English, unless it already is."""
    page.wait_for_load_state("load")
    if page.locator("html").get_attribute("lang") != "en":
        with page.expect_navigation(wait_until="load"):
            page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


switch_to_english = in_english  # the older name


def log_in(page: Page, base: str, user, password: str = PASSWORD) -> None:
    """Log in as `user` (a User) on the log-in page, and wait until the header says so."""
    page.goto(f"{base}/inloggen")
    main = page.get_by_role("main")
    main.get_by_label(EMAIL_LABEL).fill(user.email)
    main.get_by_label(PASSWORD_LABEL).fill(password)
    main.get_by_role("button", name=LOG_IN).click()
    secret = _two_factor_secret(user)
    if secret:  # staff, and whoever turned it on: the code from their authenticator app
        page.wait_for_url(re.compile(r"/inloggen/code$"))
        main.get_by_label(CODE_LABEL).fill(code_for(user, secret))
        main.get_by_role("button", name=LOG_IN).click()
    header = page.get_by_role("banner")
    expect(header.get_by_text(user.display_name, exact=True)).to_be_visible()
    expect(header.get_by_role("button", name=LOG_OUT)).to_be_visible()


def _two_factor_secret(user) -> str | None:
    """The authenticator key of `user`, if two-step sign-in is on: factory-made people
    share one, the demo's staff have theirs printed with the demo log-ins."""
    from cocreatie import db
    from cocreatie.demo.accounts import TOTP_SECRETS
    from cocreatie.signin import services as signin

    on = signin.has_two_factor(user)
    # End this read at once: on SQLite, a later write by the test from a snapshot older
    # than what the live server committed meanwhile would be refused.
    db.session.commit()
    return TOTP_SECRETS.get(user.email, TOTP_SECRET) if on else None


def log_out(page: Page) -> None:
    page.get_by_role("banner").get_by_role("button", name=LOG_OUT).click()
    expect(page.get_by_role("banner").get_by_role("link", name=LOG_IN)).to_be_visible()


def expect_told(page: Page, text: str) -> None:
    """After an action, the page tells the person `text`: in a status banner after the
    ordinary post and redirect, or in the live region where cocreatie.js announces a
    change it made in place (supporting, following, reacting)."""
    told = page.locator("[role=status], [aria-live]").filter(has_text=text)
    expect(told.first).to_be_attached()


def widest_elements(page: Page, limit: int) -> list[str]:
    """The innermost elements that stick out past the right edge, to say what to fix."""
    return page.evaluate(
        """limit => [...document.querySelectorAll('body *')]
            .filter(el => el.getBoundingClientRect().right > limit + 0.5)
            .filter(el => ![...el.children].some(c => c.getBoundingClientRect().right > limit + 0.5))
            .slice(0, 8)
            .map(el => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} right=${Math.round(el.getBoundingClientRect().right)}`)""",
        limit,
    )


def fits_320(page: Page, label: str, axe: AxeChecker | None = None) -> None:
    """At 320 CSS pixels (WCAG 1.4.10, reflow) the page must not scroll sideways; given
    `axe`, it must also pass the audit at that width. The viewport is restored after."""
    page.wait_for_load_state("load")  # the layout is measured: the stylesheet must be in
    before = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 800})
    try:
        width = page.evaluate("document.documentElement.scrollWidth")
        culprits = widest_elements(page, 320) if width > 320 else []
        assert width <= 320, f"{label} scrolls sideways at 320 px ({width} px): {culprits}"
        if axe is not None:
            axe(page, f"{label} at 320 px")
    finally:
        page.set_viewport_size(before)
