"""Progressive enhancement in a real browser (static/js/cocreatie.js): with JavaScript on,
supporting, following and reacting change the page in place and are announced in the
live region; whenever the in-place request fails, the ordinary form post happens and
the server's own page shows, with what was typed. No page breaks the Content-Security-
Policy, focus stays visible, and text can grow to 200 %."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from cocreatie.clock import utcnow
from cocreatie.models import PhaseKind
from tests.browser.fixtures import in_english, log_in
from tests.live import LiveServer

pytestmark = pytest.mark.browser

DAY = timedelta(days=1)
IDEA = "Schaduwbomen langs de fietsenstalling"
COMMENT = "Goed plan, en graag ook een paar bankjes eronder."
MY_REACTION = "Lindes geven veel schaduw en ruiken lekker in juni."
MY_REPLY = "Bankjes onder de bomen lijken mij ook een goed idee."

# Records every CSP violation the page reports, from before any script of the page runs.
RECORD_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


@pytest.fixture
def setting(live_make):
    """An open consultation with a budget of 3 supports; an idea by Fatima with a
    reaction by Henk; and Anna, who will take part."""
    now = utcnow()
    consultation = live_make.consultation(
        phases=[(PhaseKind.POLICY_PREPARATION, now - 7 * DAY, now + 21 * DAY)], budget=3
    )
    idea = live_make.idea(consultation, author=live_make.user("Fatima"), title=IDEA)
    live_make.comment(idea, author=live_make.user("Henk"), body=COMMENT)
    return {"consultation": consultation, "idea": idea, "anna": live_make.user("Anna")}


@pytest.fixture
def signed_in(page: Page, live_server, setting):
    page.goto(live_server.url + "/")
    in_english(page)
    log_in(page, live_server.url, setting["anna"])
    return page


def mark_page(page: Page) -> None:
    """A flag that only survives as long as the document does: a navigation loses it."""
    page.evaluate("window.__stayed = true")


def stayed(page: Page) -> bool:
    return page.evaluate("window.__stayed === true")


def live_region(page: Page):
    return page.locator("#live-region")


def test_support_follow_and_react_in_place(signed_in: Page, live_server, setting, axe):
    page = signed_in
    idea = setting["idea"]
    page.goto(f"{live_server.url}/ideeen/{idea.id}")
    mark_page(page)
    navigations = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url) if frame == page.main_frame else None)
    box = page.locator(f"#steunbox-{idea.id}")
    expect(box).to_contain_text("0 supporters")
    expect(live_region(page)).to_have_text("")

    # Support: the count, the button and the budget change; it is announced; focus stays on the button.
    box.get_by_role("button", name=re.compile(r"^Support")).click()
    expect(box).to_contain_text("1 supporter")
    withdraw = box.get_by_role("button", name="Withdraw support")
    expect(withdraw).to_be_focused()
    expect(box).to_contain_text("You have 2 of 3 supports left in this consultation.")
    expect(live_region(page)).to_have_text(
        "You support this idea. You have 2 of 3 supports left in this consultation."
    )
    # Supporting follows the idea; the follow box says so without a reload.
    expect(page.get_by_role("button", name="Stop following")).to_be_visible()

    # Withdraw again.
    withdraw.click()
    expect(box).to_contain_text("0 supporters")
    expect(box.get_by_role("button", name=re.compile(r"^Support"))).to_be_focused()
    expect(live_region(page)).to_have_text(
        "You no longer support this idea. You have 3 of 3 supports left in this consultation."
    )

    # Stop following and follow again.
    page.get_by_role("button", name="Stop following").click()
    expect(live_region(page)).to_have_text("You no longer follow this.")
    follow = page.get_by_role("button", name="Follow", exact=True)
    expect(follow).to_be_focused()
    follow.click()
    expect(live_region(page)).to_have_text("You follow this now. You get a notification when something happens.")
    expect(page.get_by_role("button", name="Stop following")).to_be_focused()

    # A reaction: it appears at the end of the list, the form is empty, focus is on it.
    reactions = page.locator("#reacties")
    page.get_by_label("Your comment").fill(MY_REACTION)
    page.get_by_role("button", name="Post comment").click()
    mine = reactions.locator("li.comment").filter(has_text=MY_REACTION)
    expect(mine).to_be_visible()
    expect(mine).to_be_focused()
    expect(mine).to_contain_text("Anna")
    expect(page.get_by_label("Your comment")).to_have_value("")
    expect(page.get_by_role("heading", name="Comments")).to_contain_text("(2)")
    expect(live_region(page)).to_have_text("Your comment has been posted.")

    # A reply to Henk: it appears beneath his reaction, and the reply form closes.
    henk = reactions.locator("li.comment").filter(has_text=COMMENT).first
    henk.locator("summary").filter(has_text="Reply").click()
    henk.get_by_label("Your reply").fill(MY_REPLY)
    henk.get_by_role("button", name="Place reply").click()
    reply = henk.locator("ul.comment-list > li.comment--reply").filter(has_text=MY_REPLY)
    expect(reply).to_be_visible()
    expect(reply).to_be_focused()
    expect(henk.locator("details.reply").first).not_to_have_attribute("open", "")
    expect(page.get_by_role("heading", name="Comments")).to_contain_text("(3)")

    # All of it without leaving the page.
    assert stayed(page) and navigations == [], navigations
    axe(page, "idea page after in-place changes")

    # And the server agrees: a reload shows the same.
    page.reload()
    expect(page.locator(f"#steunbox-{idea.id}")).to_contain_text("0 supporters")
    expect(page.locator("li.comment").filter(has_text=MY_REACTION)).to_have_count(1)
    expect(page.locator("li.comment--reply").filter(has_text=MY_REPLY)).to_have_count(1)
    expect(page.get_by_role("button", name="Stop following")).to_be_visible()


def test_support_and_follow_from_the_idea_list_in_place(signed_in: Page, live_server, setting, axe):
    page = signed_in
    consultation, idea = setting["consultation"], setting["idea"]
    page.goto(f"{live_server.url}/consultaties/{consultation.slug}?sort=newest")
    mark_page(page)
    card = page.locator(f"#steunkaart-{idea.id}")
    expect(card).to_contain_text("0 supporters")

    card.get_by_role("button", name=re.compile(r"^Support")).click()
    expect(card).to_contain_text("1 support")
    expect(card).to_contain_text("You support this")
    expect(card.get_by_role("button", name="Withdraw support")).to_be_focused()
    expect(page.locator("#steunbudget")).to_have_text("You have 2 of 3 supports left in this consultation.")
    expect(live_region(page)).to_contain_text("You support this idea.")

    aside = page.locator(f"#volgen-traject-{consultation.id}")
    aside.get_by_role("button", name="Follow", exact=True).click()
    expect(aside.get_by_role("button", name="Stop following")).to_be_focused()
    expect(live_region(page)).to_contain_text("You follow this now.")
    assert stayed(page)
    axe(page, "consultation page after in-place changes")

    # Without JavaScript's help the form still returns to the same list.
    page.reload()
    expect(page).to_have_url(re.compile(r"sort=newest"))
    expect(page.locator(f"#steunkaart-{idea.id}")).to_contain_text("1 support")


def _fail_fetches(page: Page, pattern: str, how: str) -> list[str]:
    """Let requests made by the script fail (`how`: a 500, or no network); ordinary
    navigations pass. Returns what was intercepted."""
    failed: list[str] = []

    def handle(route):
        if route.request.headers.get("x-requested-with") != "fetch":
            route.continue_()
            return
        failed.append(route.request.url)
        if how == "500":
            route.fulfill(status=500, content_type="text/html", body="<p>boom</p>")
        else:
            route.abort("connectionfailed")

    page.route(pattern, handle)
    return failed


def test_a_failing_support_falls_back_to_the_ordinary_form_post(signed_in: Page, live_server, setting):
    page = signed_in
    idea = setting["idea"]
    failed = _fail_fetches(page, "**/ideeen/*/steunen", "500")
    page.goto(f"{live_server.url}/ideeen/{idea.id}")
    mark_page(page)

    page.locator(f"#steunbox-{idea.id}").get_by_role("button", name=re.compile(r"^Support")).click()

    # The page was posted and reloaded, with the server's own message.
    expect(page.locator(".banner--success")).to_contain_text("You support this idea.")
    expect(page.locator(f"#steunbox-{idea.id}")).to_contain_text("1 supporter")
    assert failed and not stayed(page)


def test_a_reaction_that_cannot_be_sent_is_posted_the_ordinary_way_once(signed_in: Page, live_server, setting):
    page = signed_in
    idea = setting["idea"]
    failed = _fail_fetches(page, "**/ideeen/*/reacties*", "network")
    page.goto(f"{live_server.url}/ideeen/{idea.id}")
    mark_page(page)

    page.get_by_label("Your comment").fill(MY_REACTION)
    page.get_by_role("button", name="Post comment").click()

    expect(page.locator(".banner--success")).to_contain_text("Your comment has been posted.")
    expect(page.locator("li.comment").filter(has_text=MY_REACTION)).to_have_count(1)
    assert failed and not stayed(page)


def test_a_reaction_with_an_error_shows_the_servers_page_with_the_text_kept(signed_in: Page, live_server, setting):
    page = signed_in
    idea = setting["idea"]
    page.goto(f"{live_server.url}/ideeen/{idea.id}")
    mark_page(page)

    page.get_by_label("Your comment").fill("x")  # too short
    page.get_by_role("button", name="Post comment").click()

    expect(page.get_by_role("alert").filter(has=page.get_by_role("heading", name="There is a problem"))).to_be_visible()
    expect(page.get_by_label("Your comment")).to_have_value("x")
    expect(page.get_by_label("Your comment")).to_have_attribute("aria-invalid", "true")
    assert not stayed(page)


def test_an_expired_form_token_shows_the_text_to_copy(signed_in: Page, live_server, setting):
    page = signed_in
    idea = setting["idea"]
    page.goto(f"{live_server.url}/ideeen/{idea.id}")
    page.locator(".comment-form input[name='csrf_token']").evaluate("field => field.value = 'expired'")

    page.get_by_label("Your comment").fill(MY_REACTION)
    page.get_by_role("button", name="Post comment").click()

    expect(page.get_by_role("heading", level=1, name="Your session has expired")).to_be_visible()
    expect(page.get_by_text(MY_REACTION)).to_be_visible()


def test_no_page_breaks_the_content_security_policy(page: Page, live_server, setting):
    consultation, idea = setting["consultation"], setting["idea"]
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.context.add_init_script(RECORD_CSP)
    base = live_server.url

    def visit(path: str) -> None:
        page.goto(base + path)
        page.wait_for_load_state("load")
        violations = page.evaluate("window.__csp")
        assert violations == [], (path, violations)

    for path in ["/", f"/consultaties/{consultation.slug}", f"/ideeen/{idea.id}", "/inloggen", "/registreren",
                 "/consultaties/afgerond"]:
        visit(path)
    in_english(page)
    log_in(page, base, setting["anna"])
    for path in [f"/consultaties/{consultation.slug}", f"/ideeen/{idea.id}", "/account/berichten",
                 "/account/volgend", "/account/e-mailinstellingen"]:
        visit(path)
    # The script at work on the idea page breaks nothing either.
    visit(f"/ideeen/{idea.id}")
    page.locator(f"#steunbox-{idea.id}").get_by_role("button", name=re.compile(r"^Support")).click()
    expect(live_region(page)).to_contain_text("You support this idea.")
    assert page.evaluate("window.__csp") == []

    csp = [e for e in errors if "Content Security Policy" in e or "Content-Security-Policy" in e]
    assert csp == [], csp


def test_focus_is_visible_on_the_coloured_buttons(signed_in: Page, live_server, setting):
    page = signed_in
    idea = setting["idea"]
    page.goto(f"{live_server.url}/ideeen/{idea.id}")
    button = page.locator(f"#steunbox-{idea.id}").get_by_role("button", name=re.compile(r"^Support"))
    button.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # by keyboard, so :focus-visible applies
    expect(button).to_be_focused()
    style = button.evaluate(
        "b => { const s = getComputedStyle(b); return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.backgroundColor]; }"
    )
    assert style[:2] == ["solid", "3px"], style
    assert style[2] not in {"transparent", "rgba(0, 0, 0, 0)"}, style
    assert style[3] == "rgb(255, 221, 0)", style  # the yellow focus colour, not the button's own


def test_text_at_200_percent_loses_nothing(signed_in: Page, live_server, setting):
    page = signed_in
    consultation, idea = setting["consultation"], setting["idea"]
    cdp = page.context.new_cdp_session(page)
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})  # the browser's text size, doubled
    for path in [f"/ideeen/{idea.id}", f"/consultaties/{consultation.slug}", "/"]:
        page.goto(live_server.url + path)
        assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "32px"
        width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], (path, width)
        # No control cuts off its own text.
        clipped = page.evaluate(
            """[...document.querySelectorAll('button, .button, .input, .pagination__link, .tag')]
                .filter(el => el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1)
                .filter(el => getComputedStyle(el).overflow !== 'visible' && el.tagName !== 'TEXTAREA')
                .map(el => el.outerHTML.slice(0, 80))"""
        )
        assert clipped == [], (path, clipped)


@pytest.fixture(scope="module")
def orange_server(database_url, tmp_path_factory):
    """A server of its own, in the organisation's colour: one worker serves one page."""
    server = LiveServer(database_url, tmp_path_factory.mktemp("orange-outbox"), workers=1,
                        extra_env={"ORGANISATION_COLOUR": "#e17000"})
    yield server
    server.stop()


def test_the_organisations_colour_reaches_the_page(orange_server, committed, page: Page):
    page.context.add_init_script(RECORD_CSP)
    page.goto(orange_server.url + "/")
    header = page.locator(".site-header")
    # #e17000 has only 3.2:1 with white; the page gets the darker #ba5d00 (4.5:1).
    expect(header).to_have_css("background-color", "rgb(186, 93, 0)")
    link = page.get_by_role("main").get_by_role("link").first
    if link.count():
        expect(link).to_have_css("color", "rgb(186, 93, 0)")
    assert page.evaluate("window.__csp") == []
