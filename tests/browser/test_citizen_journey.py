"""A resident's first visit, end to end in a real browser against a real server:
register, confirm by e-mail (the language chosen before is kept), share an idea (after
a mistake the error summary leads to the field), support another and reply to a
reaction.

The journey runs twice, each run testing what the other does not:

- by keyboard alone, on a 320-pixel-wide screen, with JavaScript: every step is
  reachable with Tab and Enter, the focus is always visible, no page scrolls sideways,
  and the states the every-page sweep never shows (a form with errors, a supported
  idea, an open reply form) pass axe-core's WCAG 2.1 A/AA rules;
- with the mouse and JavaScript switched off, after a visitor's first look around in
  Dutch: every step works with plain links and form posts.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from cocreatie.clock import utcnow
from cocreatie.models import PhaseKind
from tests.browser.fixtures import TIMEOUT_MS, confirmation_link, expect_told, newest_mail, widest_elements

pytestmark = pytest.mark.browser

DAY = timedelta(days=1)
OTHER_IDEA = "Schaduwbomen langs de fietsenstalling"
OTHER_IDEA_BODY = "Plant lindes langs de fietsenstalling, dan staan fietsen in de zomer in de schaduw."
COMMENT = "Goed plan, en graag ook een paar bankjes eronder."
MY_TITLE = "Een waterspeelplek voor kinderen"
MY_BODY = "Een kleine fontein in de bestrating waar kinderen in de zomer kunnen spelen en afkoelen."
MY_REPLY = "Bankjes onder de bomen lijken mij ook een goed idee."
ADDRESS = "anna.de.vries@example.nl"
MAX_TABS = 120

FOCUS_STYLE = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
    const shadow = s.boxShadow && s.boxShadow !== 'none';
    return {visible: outline || shadow,
            what: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' "' + (el.innerText || el.name || '').trim().slice(0, 40) + '"'};
}"""


@pytest.fixture
def open_consultation(live_make):
    """A consultation in its policy-preparation phase now, with one idea and one reaction."""
    now = utcnow()
    consultation = live_make.consultation(
        phases=[(PhaseKind.POLICY_PREPARATION, now - 7 * DAY, now + 21 * DAY)]
    )
    idea = live_make.idea(consultation, author=live_make.user("Fatima"), title=OTHER_IDEA, body=OTHER_IDEA_BODY)
    live_make.comment(idea, author=live_make.user("Henk"), body=COMMENT)
    return consultation


class Person:
    """Does what a resident does: with the keyboard alone on a narrow screen, or with the
    mouse; `axe` checks the states the every-page sweep never shows (on one run only)."""

    def __init__(self, page: Page, keyboard: bool, narrow: bool, axe=None):
        self.page, self.keyboard, self.narrow, self.axe = page, keyboard, narrow, axe
        self.unseen_focus: list[str] = []
        self.focus_checks = 0

    def tab_to(self, target) -> None:
        handle = target.element_handle()
        if handle.evaluate("el => el === document.activeElement"):
            return
        for _ in range(MAX_TABS):
            self.page.keyboard.press("Tab")
            focus = self.page.evaluate(FOCUS_STYLE)
            self.focus_checks += bool(focus)
            if focus and not focus["visible"]:
                self.unseen_focus.append(f"{focus['what']} on {self.page.url}")
            if handle.evaluate("el => el === document.activeElement"):
                return
        raise AssertionError(f"{MAX_TABS} presses of Tab never reached {target}")

    def press(self, target) -> None:
        """Follow a link or press a button (or open a <details>)."""
        if self.keyboard:
            self.tab_to(target)
            self.page.keyboard.press("Enter")
        else:
            target.click()
        self.page.wait_for_load_state()

    def type(self, field, text: str) -> None:
        if self.keyboard:
            self.tab_to(field)
            self.page.keyboard.type(text)
        else:
            field.fill(text)

    def looks(self, label: str) -> None:
        """On a narrow screen, no page scrolls sideways (WCAG 1.4.10, reflow)."""
        if self.narrow:
            width = self.page.evaluate("document.documentElement.scrollWidth")
            assert width <= 320, f"{label} scrolls sideways at 320 px ({width} px): {widest_elements(self.page, 320)}"

    def checks(self, label: str) -> None:
        self.looks(label)
        if self.axe is not None:
            self.axe(self.page, label)

    def english(self) -> None:
        if self.page.locator("html").get_attribute("lang") != "en":
            self.press(self.page.get_by_role("button", name="English"))
        expect(self.page.locator("html")).to_have_attribute("lang", "en")


def look_around_in_dutch(page: Page, base: str, title: str) -> None:
    """A visitor's first look, in Dutch: home, the consultation, an idea with its reaction."""
    page.goto(base + "/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
    page.get_by_role("link", name=OTHER_IDEA).click()
    expect(page.get_by_role("heading", level=1, name=OTHER_IDEA)).to_be_visible()
    expect(page.get_by_text(COMMENT)).to_be_visible()


@pytest.mark.parametrize("way", ["keyboard at 320 px", "mouse without JavaScript"])
def test_resident_registers_shares_an_idea_supports_and_replies(way, browser, live_server, outbox, open_consultation, axe):
    keyboard = way == "keyboard at 320 px"
    context = browser.new_context(
        viewport={"width": 320, "height": 800} if keyboard else {"width": 1280, "height": 900},
        java_script_enabled=keyboard,
    )
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        me = Person(page, keyboard=keyboard, narrow=keyboard, axe=axe if keyboard else None)
        base, title = live_server.url, open_consultation.title

        if not keyboard:
            look_around_in_dutch(page, base, title)

        # Home page, as a visitor; switch the interface to English.
        page.goto(base + "/")
        me.english()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        me.looks("home")

        # Register.
        me.press(page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Register"))
        expect(page.get_by_role("heading", level=1, name="Create an account")).to_be_visible()
        me.looks("register")
        me.type(page.get_by_label("E-mail address"), ADDRESS)
        me.type(page.get_by_label("Name shown with your contributions"), "Anna")
        me.type(page.get_by_label("Password"), "zonnebloem kade fiets")
        me.press(page.get_by_role("button", name="Create account"))

        # "Check your e-mail".
        expect(page.get_by_role("heading", level=1, name="Check your e-mail")).to_be_visible()
        expect(page.get_by_text(ADDRESS)).to_be_visible()
        me.looks("check your e-mail")

        # Follow the link from the e-mail and press the button: signed in, still in English.
        page.goto(confirmation_link(newest_mail(outbox, ADDRESS), base))
        expect(page.get_by_role("heading", level=1, name="Confirm your e-mail address")).to_be_visible()
        me.looks("confirm")
        me.press(page.get_by_role("button", name="Confirm my address"))
        expect(page.get_by_role("status")).to_be_visible()  # "Your e-mail address is confirmed."
        assert page.locator("html").get_attribute("lang") == "en", "the language chosen before registering was lost"
        nav = page.get_by_role("navigation", name="Main menu")
        expect(nav.get_by_role("button", name="Log out")).to_be_visible()
        expect(nav.get_by_text("Anna", exact=True)).to_be_visible()
        expect(nav.get_by_role("link", name="Register")).to_have_count(0)

        # Open the consultation from the home page.
        me.press(page.get_by_role("link", name=title))
        expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
        me.looks("consultation")

        # Share an idea; first forget the title.
        me.press(page.get_by_role("link", name="Share your idea").first)  # the main action, near the top
        expect(page.get_by_role("heading", level=1, name="Share your idea")).to_be_visible()
        me.looks("new idea")
        me.type(page.get_by_label("Your idea"), MY_BODY)
        me.press(page.get_by_role("button", name="Publish idea"))
        summary = page.get_by_role("alert").filter(has=page.get_by_role("heading", name="There is a problem"))
        expect(summary).to_be_visible()
        expect(summary.get_by_role("link")).to_have_count(1)
        expect(summary.get_by_role("link")).to_contain_text("Title")
        title_field = page.get_by_label("Title")
        expect(title_field).to_have_attribute("aria-invalid", "true")
        error_id = title_field.get_attribute("aria-describedby").split()[-1]
        expect(page.locator(f"#{error_id}")).to_contain_text("Error:")
        expect(page.locator(f"#{error_id}")).to_be_visible()
        expect(page.get_by_label("Your idea")).to_have_value(MY_BODY)
        me.checks("idea form with errors")
        # The summary link moves focus to the field it names.
        me.press(summary.get_by_role("link"))
        expect(title_field).to_be_focused()
        me.type(title_field, MY_TITLE)
        me.press(page.get_by_role("button", name="Publish idea"))

        # The new idea's page.
        expect(page.get_by_role("heading", level=1, name=MY_TITLE)).to_be_visible()
        expect(page.get_by_role("status")).to_contain_text("Your idea has been published")
        expect(page.get_by_text(MY_BODY)).to_be_visible()
        expect(page.get_by_text("By Anna")).to_be_visible()
        me.looks("own idea")

        # Back to the consultation; support the other idea.
        me.press(page.get_by_role("navigation", name="You are here").get_by_role("link", name=title))
        expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
        expect(page.get_by_role("heading", level=2, name="Ideas")).to_contain_text("(2)")
        card = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=OTHER_IDEA))
        expect(card).to_contain_text("0 supporters")
        me.press(card.get_by_role("button", name="Support"))
        expect_told(page, "You support this idea")
        card = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=OTHER_IDEA))
        expect(card).to_contain_text("1 support")
        expect(card.get_by_role("button", name="Withdraw support")).to_be_visible()
        expect(card.get_by_role("button", name=re.compile(r"^Support"))).to_have_count(0)
        me.looks("consultation, supported")

        # Reply to the existing reaction on that idea.
        me.press(card.get_by_role("link", name=OTHER_IDEA))
        expect(page.get_by_role("heading", level=1, name=OTHER_IDEA)).to_be_visible()
        expect(page.get_by_text("You support this idea.")).to_be_visible()
        me.checks("idea page (someone else's, supported)")
        thread = page.locator("li.comment").filter(has=page.get_by_text(COMMENT, exact=True))
        expect(thread).to_have_count(1)
        reply = thread.locator("details.reply")
        me.press(reply.locator("summary").first)
        expect(reply).to_have_attribute("open", "")
        me.checks("idea page with the reply form open")
        me.type(reply.get_by_label("Your reply"), MY_REPLY)
        me.press(reply.get_by_role("button", name="Place reply"))

        expect_told(page, "Your comment has been posted")
        thread = page.locator("li.comment").filter(has=page.get_by_text(COMMENT, exact=True)).first
        nested = thread.get_by_role("list").get_by_role("listitem").filter(has_text=MY_REPLY)
        expect(nested).to_have_count(1)
        expect(nested).to_contain_text("Anna")
        expect(page.get_by_role("heading", name="Comments")).to_contain_text("(2)")
        me.looks("idea with my reply")

        if keyboard:
            assert me.focus_checks > 20, f"only {me.focus_checks} focus checks: was the keyboard used?"
        assert not me.unseen_focus, "focus not visible on:\n" + "\n".join(dict.fromkeys(me.unseen_focus))
    finally:
        context.close()
