"""Every page type, in a real browser against a real server, passes axe-core's WCAG 2.1
A/AA rules: as a visitor and as each kind of signed-in person, in Dutch and in English.
And the citizen journey once more three ways: by keyboard only (with a visible focus at
every step), on a 320-pixel-wide screen, and with JavaScript switched off.

The data is the rich "world" of tests/test_html_validity.py, built in real time (the
live server does not see a frozen clock)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from cocreatie import db
from cocreatie.accounts import services as accounts
from cocreatie.clock import utcnow
from cocreatie.models import Appeal, Outcome, PhaseKind, TokenPurpose
from cocreatie.moderation import queries as moderation_queries
from cocreatie.notifications import unsubscribe
from tests import test_html_validity as validity
from tests.browser.fixtures import (
    TIMEOUT_MS,
    AxeChecker,
    confirmation_link,
    expect_told,
    format_violations,
    in_english,
    log_in,
    newest_mail,
    widest_elements,
)

pytestmark = pytest.mark.browser

DAY = timedelta(days=1)
VISITOR, CITIZEN, PROCESMANAGER, OWNER, ADMIN = "visitor", "citizen", "procesmanager", "owner", "admin"
EVERYONE = (VISITOR, CITIZEN, PROCESMANAGER, OWNER, ADMIN)
SIGNED_IN = (CITIZEN, PROCESMANAGER, OWNER, ADMIN)
LOCALES = ("nl", "en")


# --- 1. every page type ------------------------------------------------------------------


@pytest.fixture
def world(live_make, monkeypatch):
    """The validity test's world, with its dates counted from the real now."""
    monkeypatch.setattr(validity, "NOW", utcnow())
    w = validity._world(live_make)
    # A hidden reaction by the citizen that she has not yet asked to review.
    own = live_make.comment(w["trees"], author=w["author"], body="Een reactie die verborgen wordt.")
    w["own_hidden_comment_action"] = live_make.hidden(own, moderator=w["pm"], reason="Niet over het plan.")
    db.session.commit()
    return w


def _pages(w) -> list[tuple[str, tuple[str, ...], int]]:
    """(path, who opens it, expected status): one address per GET endpoint, at least."""
    c, slug = w["consultation"], w["consultation"].slug
    trees, manage, draft = w["trees"], f"/beheer/consultaties/{w['consultation'].slug}", w["draft"]
    now = utcnow()
    reset = accounts.issue_token(w["critic"], TokenPurpose.RESET_PASSWORD, accounts.RESET_TOKEN_LIFETIME, now)
    db.session.commit()
    appeal_id = db.session.scalar(select(Appeal.id))
    rule = moderation_queries.house_rules(c)[0]
    published = db.session.scalar(
        select(Outcome).where(Outcome.consultation_id == c.id, Outcome.published_at.is_not(None)))
    return [
        # public
        ("/", EVERYONE, 200),
        ("/consultaties/afgerond", (VISITOR, CITIZEN), 200),
        (f"/consultaties/{slug}", EVERYONE, 200),
        (f"/ideeen/{trees.id}", EVERYONE, 200),
        (f"/ideeen/{w['rude'].id}", (VISITOR, CITIZEN, PROCESMANAGER), 200),
        (f"/consultaties/{slug}/huisregels", (VISITOR, CITIZEN), 200),
        (f"/consultaties/{slug}/moderatielog", (VISITOR, PROCESMANAGER), 200),
        (f"/consultaties/{slug}/uitkomsten/{published.id}", (VISITOR, CITIZEN, OWNER), 200),
        ("/over", (VISITOR,), 200),
        ("/toegankelijkheid", (VISITOR,), 200),
        ("/privacy", (VISITOR,), 200),
        ("/huisregels", (VISITOR,), 200),
        # accounts
        ("/registreren", (VISITOR,), 200),
        ("/registreren/controleer-uw-e-mail", (VISITOR,), 200),
        ("/bevestigen/een-token", (VISITOR,), 200),
        ("/inloggen", (VISITOR,), 200),
        ("/wachtwoord-vergeten", (VISITOR,), 200),
        ("/wachtwoord-vergeten/verstuurd", (VISITOR,), 200),
        (f"/wachtwoord-herstellen/{reset}", (VISITOR,), 200),
        (f"/e-mail/afmelden/{unsubscribe.make_token(w['author'])}", (VISITOR,), 200),
        ("/e-mail/afgemeld", (VISITOR,), 200),
        (f"/consultaties/{w['closed'].slug}/uitnodiging/{w['token']}", (VISITOR,), 200),
        # citizens
        (f"/consultaties/{slug}/ideeen/nieuw", (CITIZEN,), 200),
        (f"/ideeen/{w['fresh'].id}/bewerken", (CITIZEN,), 200),
        (f"/ideeen/{w['reported'].id}/melden", (CITIZEN,), 200),
        (f"/reacties/{w['comment'].id}/melden", (PROCESMANAGER,), 200),
        (f"/moderatie/besluiten/{w['own_hidden_comment_action'].id}/herbeoordeling", (CITIZEN,), 200),
        ("/account/berichten", SIGNED_IN, 200),
        ("/account/volgend", (CITIZEN,), 200),
        ("/account/e-mailinstellingen", (CITIZEN,), 200),
        # procesmanager
        (f"{manage}/moderatie?view=reports", (PROCESMANAGER,), 200),
        (f"{manage}/moderatie?view=appeals", (PROCESMANAGER,), 200),
        (f"/beheer/herbeoordelingen/{appeal_id}", (PROCESMANAGER,), 200),
        (f"/beheer/ideeen/{w['reported'].id}/verbergen", (PROCESMANAGER,), 200),
        (f"/beheer/reacties/{w['reported_comment'].id}/verbergen", (PROCESMANAGER,), 200),
        (f"/beheer/ideeen/{w['rude'].id}/terugzetten", (PROCESMANAGER,), 200),
        (f"/beheer/reacties/{w['hidden_comment'].id}/terugzetten", (PROCESMANAGER,), 200),
        (f"/beheer/ideeen/{w['benches'].id}/samenvoegen", (PROCESMANAGER,), 200),
        (f"{manage}/huisregels", (PROCESMANAGER,), 200),
        (f"{manage}/huisregels/{rule.id}", (PROCESMANAGER,), 200),
        (f"{manage}/werving", (PROCESMANAGER, OWNER), 200),
        (f"/beheer/consultaties/{w['closed'].slug}/werving", (ADMIN,), 200),
        # owner
        ("/beheer", (OWNER, ADMIN), 200),
        ("/beheer/consultaties/nieuw", (OWNER,), 200),
        (f"{manage}/bewerken", (OWNER, ADMIN), 200),
        (f"{manage}/fasen", (OWNER,), 200),
        (f"{manage}/fasen/nieuw", (OWNER,), 200),
        (f"{manage}/fasen/{c.phases[0].id}", (OWNER,), 200),
        (f"{manage}/termijnbewaking", (OWNER, ADMIN), 200),
        (f"/ideeen/{w['fresh'].id}/reageren", (OWNER,), 200),
        (f"/ideeen/{trees.id}/voortgang", (OWNER,), 200),
        (f"{manage}/uitkomsten", (OWNER,), 200),
        (f"{manage}/uitkomsten/nieuw", (OWNER,), 200),
        (f"{manage}/uitkomsten/{draft.id}", (OWNER,), 200),
        (f"{manage}/uitkomsten/{draft.id}/ideeen", (OWNER,), 200),
        (f"{manage}/uitkomsten/{draft.id}/bewerken", (OWNER,), 200),
        (f"{manage}/uitkomsten/{draft.id}/besluiten/{w['reported'].id}", (OWNER,), 200),
        (f"{manage}/rollen", (OWNER, ADMIN), 200),
        # administrator
        ("/beheer/audit", (ADMIN,), 200),
        # error pages
        ("/bestaat-niet", (VISITOR,), 404),
        ("/beheer/audit", (CITIZEN,), 403),
        ("/uitloggen", (VISITOR,), 405),
    ]


def _endpoint(app, path: str) -> str | None:
    try:
        return app.url_map.bind("localhost").match(path.split("?")[0], method="GET")[0]
    except HTTPException:  # an error page
        return None


def test_every_page_type_passes_axe_for_everyone_in_both_languages(app, browser, live_server, world):
    base = live_server.url
    pages = _pages(world)

    # Every GET endpoint that serves HTML is visited at least once.
    covered = {_endpoint(app, path) for path, _who, _status in pages}
    get_routes = {rule.endpoint for rule in app.url_map.iter_rules() if "GET" in rule.methods}
    missing = sorted(get_routes - covered - set(validity.EXEMPT))
    assert not missing, f"page types this sweep never opens: {missing}"

    people = {CITIZEN: world["author"], PROCESMANAGER: world["pm"], OWNER: world["owner"], ADMIN: world["admin"]}
    axe = AxeChecker()
    problems: list[str] = []
    checked = 0
    for who in EVERYONE:
        urls = list(dict.fromkeys((path, status) for path, whom, status in pages if who in whom))
        for locale in LOCALES:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.set_default_timeout(TIMEOUT_MS)
            # axe-core once per context, in every page it opens, rather than once per run
            context.add_init_script(axe._axe.axe_script)
            page = context.new_page()
            try:
                page.goto(base + "/")
                if locale == "en":
                    in_english(page)
                if who != VISITOR:
                    log_in(page, base, people[who])
                for path, status in urls:
                    label = f"{path} [{who}, {locale}]"
                    response = page.goto(base + path)
                    if response is None or response.status != status:
                        problems.append(f"{label}: status {response and response.status}, expected {status}")
                        continue
                    lang = page.locator("html").get_attribute("lang")
                    if lang != locale:
                        problems.append(f"{label}: the page is in {lang!r}")
                    violations = page.evaluate("options => axe.run(document, options)", axe.options)["violations"]
                    checked += 1
                    if violations:
                        problems.append(f"{label}:\n{format_violations(violations)}")
                    if who == VISITOR and locale == "nl":
                        page.set_viewport_size({"width": 320, "height": 800})
                        width = page.evaluate("document.documentElement.scrollWidth")
                        if width > 320:
                            problems.append(f"{label}: scrolls sideways at 320 px ({width} px): "
                                            f"{widest_elements(page, 320)}")
                        page.set_viewport_size({"width": 1280, "height": 900})
            finally:
                context.close()
    print(f"\naxe checked {checked} pages")
    assert not problems, f"{len(problems)} problem(s) in {checked} pages:\n" + "\n\n".join(problems)


# --- 2. the citizen journey, three more ways ------------------------------------------------

OTHER_IDEA = "Schaduwbomen langs de fietsenstalling"
COMMENT = "Goed plan, en graag ook een paar bankjes eronder."
MY_TITLE = "Een waterspeelplek voor kinderen"
MY_BODY = "Een kleine fontein in de bestrating waar kinderen in de zomer kunnen spelen en afkoelen."
MY_REPLY = "Bankjes onder de bomen lijken mij ook een goed idee."
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
    now = utcnow()
    consultation = live_make.consultation(phases=[(PhaseKind.POLICY_PREPARATION, now - 7 * DAY, now + 21 * DAY)])
    idea = live_make.idea(consultation, author=live_make.user("Fatima"), title=OTHER_IDEA,
                          body="Plant lindes langs de fietsenstalling, voor schaduw in de zomer.")
    live_make.comment(idea, author=live_make.user("Henk"), body=COMMENT)
    return consultation


class Person:
    """Does what a resident does, the way `mode` says: with the mouse ("320", "nojs") or
    with the keyboard alone ("keyboard")."""

    def __init__(self, page: Page, mode: str):
        self.page, self.mode = page, mode
        self.unseen_focus: list[str] = []
        self.focus_checks = 0

    def tab_to(self, target) -> None:
        handle = target.element_handle()
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
        if self.mode == "keyboard":
            self.tab_to(target)
            self.page.keyboard.press("Enter")
        else:
            target.click()
        self.page.wait_for_load_state()

    def type(self, field, text: str) -> None:
        if self.mode == "keyboard":
            self.tab_to(field)
            self.page.keyboard.type(text)
        else:
            field.fill(text)

    def looks(self, label: str) -> None:
        """Each page: at 320 px, no scrolling sideways."""
        if self.mode == "320":
            width = self.page.evaluate("document.documentElement.scrollWidth")
            assert width <= 320, f"{label} scrolls sideways at 320 px ({width} px): {widest_elements(self.page, 320)}"

    def english(self) -> None:
        if self.page.locator("html").get_attribute("lang") != "en":
            self.press(self.page.get_by_role("button", name="English"))
        expect(self.page.locator("html")).to_have_attribute("lang", "en")


@pytest.mark.parametrize("mode", ["keyboard", "320", "nojs"])
def test_citizen_journey(mode, browser, live_server, outbox, open_consultation):
    options = {"viewport": {"width": 320, "height": 800} if mode == "320" else {"width": 1280, "height": 900}}
    if mode == "nojs":
        options["java_script_enabled"] = False
    context = browser.new_context(**options)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        me = Person(page, mode)
        base, title = live_server.url, open_consultation.title

        page.goto(base + "/")
        me.english()
        me.looks("home")

        # Register.
        me.press(page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Register"))
        expect(page.get_by_role("heading", level=1, name="Create an account")).to_be_visible()
        me.looks("register")
        address = f"anna.{mode}@example.nl"
        me.type(page.get_by_label("E-mail address"), address)
        me.type(page.get_by_label("Name shown with your contributions"), "Anna")
        me.type(page.get_by_label("Password"), "zonnebloem kade fiets")
        me.press(page.get_by_role("button", name="Create account"))
        expect(page.get_by_role("heading", level=1, name="Check your e-mail")).to_be_visible()
        me.looks("check your e-mail")

        # Confirm through the link in the e-mail.
        page.goto(confirmation_link(newest_mail(outbox, address), base))
        expect(page.get_by_role("heading", level=1, name="Confirm your e-mail address")).to_be_visible()
        me.looks("confirm")
        me.press(page.get_by_role("button", name="Confirm my address"))
        expect(page.get_by_role("status")).to_be_visible()
        me.english()
        expect(page.get_by_role("navigation", name="Main menu").get_by_role("button", name="Log out")).to_be_visible()

        # Open the consultation.
        me.press(page.get_by_role("link", name=title).first)
        expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
        me.looks("consultation")

        # Share an idea.
        me.press(page.get_by_role("link", name="Share your idea").first)
        expect(page.get_by_role("heading", level=1, name="Share your idea")).to_be_visible()
        me.looks("new idea")
        me.type(page.get_by_label("Title"), MY_TITLE)
        me.type(page.get_by_label("Your idea"), MY_BODY)
        me.press(page.get_by_role("button", name="Publish idea"))
        expect(page.get_by_role("heading", level=1, name=MY_TITLE)).to_be_visible()
        expect(page.get_by_role("status")).to_contain_text("Your idea has been published")
        me.looks("own idea")

        # Support the other idea.
        me.press(page.get_by_role("navigation", name="You are here").get_by_role("link", name=title))
        expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
        card = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=OTHER_IDEA))
        me.press(card.get_by_role("button", name="Support"))
        expect_told(page, "You support this idea")
        card = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=OTHER_IDEA))
        expect(card).to_contain_text("1 support")
        expect(card.get_by_role("button", name="Withdraw support")).to_be_visible()
        me.looks("consultation, supported")

        # Reply to the reaction on it.
        me.press(card.get_by_role("link", name=OTHER_IDEA))
        expect(page.get_by_role("heading", level=1, name=OTHER_IDEA)).to_be_visible()
        me.looks("other idea")
        thread = page.locator("li.comment").filter(has=page.get_by_text(COMMENT, exact=True))
        reply = thread.locator("details.reply")
        me.press(reply.locator("summary").first)
        expect(reply).to_have_attribute("open", "")
        me.looks("reply form open")
        me.type(reply.get_by_label("Your reply"), MY_REPLY)
        me.press(reply.get_by_role("button", name="Place reply"))
        expect_told(page, "Your reaction has been placed")
        thread = page.locator("li.comment").filter(has=page.get_by_text(COMMENT, exact=True)).first
        expect(thread.get_by_role("list").get_by_role("listitem").filter(has_text=MY_REPLY)).to_have_count(1)
        me.looks("idea with my reply")

        if mode == "keyboard":
            assert me.focus_checks > 20, f"only {me.focus_checks} focus checks: was the keyboard used?"
        assert not me.unseen_focus, "focus not visible on:\n" + "\n".join(dict.fromkeys(me.unseen_focus))
    finally:
        context.close()
