"""Issue 4, accepted in a real browser against a real server: the workbench from a report
to what was done with the input.

A resident reports a reaction under a house rule; the procesmanager hides it from the
queue with a rule and a public reason; its author reads why (in their notifications and
in the placeholder on the idea page) and asks for a review, which lands back in the
queue. The owner of the consultation answers an idea officially and publishes an
outcome that covers it; a supporter of that idea hears both by e-mail, follows the
links and reads the response, the decision and the outcome, and the consultation page
says what was done with the input. In English, so that translations in progress do not
matter. What the every-page sweep never shows (a queue item and an earlier response
opened, an empty outcomes list) passes axe-core's WCAG 2.1 A/AA rules.

The timeline: the ideas were shared in a policy-preparation phase that has ended; the
decision phase running now still allows reactions and supports (not new ideas). Owners
may respond and publish outcomes whenever the consultation is published.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from cocreatie.clock import utcnow
from cocreatie.models import PhaseKind
from tests.browser.fixtures import expect_told, fits_320, in_english, log_in, log_out
from tests.notifications.helpers import link, mails

pytestmark = pytest.mark.browser

DAY = timedelta(days=1)
TREES = "Schaduwbomen langs de fietsenstalling"
SHELTER = "Een overdekte wachtplek bij de bushalte"
RUDE = "Wie dit voorstelt is een ongelooflijke sukkel."
NOTE = "Dit is een persoonlijke aanval op de indiener."
REASON = "Een persoonlijke aanval op de indiener past niet in dit gesprek."
APPEAL = "Het was niet persoonlijk bedoeld, ik was boos over het plan."
RESPONSE = "We bekijken met de bomenploeg welke soort hier het best past."
OUTCOME = "Wat de raad besloot over het Stationsplein"
OUTCOME_BODY = "De gemeenteraad heeft op 1 juli besloten over de ideeën uit de beleidsvoorbereiding."
RATIONALE = "Schaduw bij de fietsenstalling is nodig in warme zomers; we planten twaalf lindes."


@pytest.fixture
def workbench(live_make):
    now = utcnow()
    consultation = live_make.consultation(
        phases=[
            (PhaseKind.POLICY_PREPARATION, now - 40 * DAY, now - 10 * DAY),
            (PhaseKind.DECISION, now - 10 * DAY, now + 20 * DAY),
        ]
    )
    trees = live_make.idea(consultation, author=live_make.user("Fatima"), title=TREES,
                           body="Plant lindes langs de fietsenstalling, dan staan fietsen in de schaduw.")
    live_make.idea(consultation, author=live_make.user("Henk"), title=SHELTER)
    rude_author = live_make.user("Kees")
    rude = live_make.comment(trees, author=rude_author, body=RUDE)
    return {
        "consultation": consultation,
        "idea": trees,
        "comment": rude,
        "rude_author": rude_author,
        "reporter": live_make.user("Anouk"),
        "supporter": live_make.user("Noor"),
        "procesmanager": live_make.procesmanager(consultation),
        "owner": live_make.owner_of(consultation),
    }


def response_region(page: Page):
    return page.get_by_role("region", name=re.compile(r"^Response from "))


def test_from_a_report_to_what_we_did_with_your_input(page: Page, live_server, outbox, axe, workbench):
    base = live_server.url
    consultation, idea, comment = workbench["consultation"], workbench["idea"], workbench["comment"]
    slug, title, idea_id, comment_id = consultation.slug, consultation.title, idea.id, comment.id
    supporter, rude_author = workbench["supporter"], workbench["rude_author"]

    page.goto(base)
    in_english(page)

    # --- A supporter: e-mail comes right away unless they choose otherwise; they support the idea.
    log_in(page, base, supporter)
    page.get_by_role("banner").get_by_role("link", name=re.compile(r"^Notifications")).click()
    page.get_by_role("navigation", name="Your account").get_by_role("link", name="E-mail settings").click()
    expect(page.get_by_label("Right away", exact=False)).to_be_checked()
    page.goto(f"{base}/ideeen/{idea_id}")
    page.get_by_role("button", name=re.compile(r"^Support")).click()
    expect_told(page, "You support this idea.")
    expect(page.get_by_role("button", name="Withdraw support")).to_be_visible()
    log_out(page)

    # --- A resident reports the reaction, choosing a house rule and adding a note.
    log_in(page, base, workbench["reporter"])
    page.goto(f"{base}/ideeen/{idea_id}")
    reaction = page.get_by_role("listitem").filter(has_text=RUDE)
    reaction.get_by_role("link", name="Report this comment").click()
    expect(page.get_by_role("heading", level=1, name="Report this comment")).to_be_visible()
    page.get_by_label("1. Wees respectvol", exact=False).check()
    page.get_by_label("Anything else the procesmanager should know?", exact=False).fill(NOTE)
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_role("status")).to_contain_text("Thank you for your report")
    log_out(page)

    # --- The procesmanager hides it from the queue, with a rule and a public reason.
    log_in(page, base, workbench["procesmanager"])
    page.goto(f"{base}/consultaties/{slug}")
    page.get_by_role("link", name="Moderate this consultation").click()
    expect(page.get_by_role("heading", level=2, name="Moderation: Reports")).to_be_visible()
    item = page.get_by_role("listitem").filter(has=page.get_by_role("checkbox", name=f"Select comment {comment_id}"))
    expect(item).to_contain_text(RUDE)
    expect(item).to_contain_text("1 open report")
    item.get_by_text("Latest reports and notes").click()
    expect(item).to_contain_text(NOTE)
    axe(page, "moderation queue: reports")
    item.get_by_role("checkbox", name=f"Select comment {comment_id}").check()
    actions = page.get_by_role("group", name="With the selected items")
    actions.get_by_label("1. Wees respectvol").check()
    actions.get_by_label("Public reason").fill(REASON)
    actions.get_by_role("button", name="Hide selected").click()
    expect(page.get_by_role("status").filter(has_text="1 item hidden.")).to_be_visible()
    expect(page.get_by_text("No open reports.", exact=False)).to_be_visible()
    log_out(page)

    # --- The author reads why, in their notifications and where the reaction was, and asks for a review.
    log_in(page, base, rude_author)
    page.get_by_role("banner").get_by_role("link", name=re.compile(r"^Notifications")).click()
    expect(page.get_by_role("heading", level=1, name="Notifications")).to_be_visible()
    notification = page.get_by_role("listitem").filter(has_text="was hidden by a moderator")
    expect(notification).to_contain_text(REASON)
    fits_320(page, "notifications")
    notification.get_by_role("link", name=re.compile("was hidden by a moderator")).click()
    expect(page).to_have_url(re.compile(rf"/ideeen/{idea_id}#reactie-{comment_id}$"))
    placeholder = page.get_by_role("listitem").filter(has_text="This comment has been hidden by the procesmanager.")
    expect(placeholder).to_contain_text("House rule: Wees respectvol")
    expect(placeholder).to_contain_text(f"Reason: {REASON}")
    placeholder.get_by_role("link", name="Ask for a review of this decision").click()
    page.get_by_label("Why should this be reviewed?", exact=False).fill(APPEAL)
    page.get_by_role("button", name="Ask for a review").click()
    expect(page.get_by_text("You asked for a review", exact=False)).to_be_visible()
    log_out(page)

    # Everyone else sees the placeholder with the reason, not the text; the public log says why.
    page.goto(f"{base}/ideeen/{idea_id}")
    expect(page.get_by_text(REASON, exact=False)).to_be_visible()
    expect(page.get_by_text(RUDE)).to_have_count(0)
    page.goto(f"{base}/consultaties/{slug}/moderatielog")
    expect(page.get_by_role("main")).to_contain_text(REASON)

    # --- The request for review is back in the procesmanager's queue.
    log_in(page, base, workbench["procesmanager"])
    page.goto(f"{base}/beheer/consultaties/{slug}/moderatie")
    tabs = page.get_by_role("navigation", name="Moderation views")
    tabs.get_by_role("link", name="Requests for review (1)").click()
    expect(page.get_by_role("heading", level=2, name="Moderation: Requests for review")).to_be_visible()
    request = page.get_by_role("listitem").filter(has_text=APPEAL)
    expect(request).to_contain_text(f"Reason: {REASON}")
    expect(request.get_by_role("link", name=re.compile(r"^Decide"))).to_be_visible()
    log_out(page)

    # --- The owner answers the idea officially ...
    log_in(page, base, workbench["owner"])
    page.goto(f"{base}/ideeen/{idea_id}")
    response_region(page).get_by_role("link", name="Give an official response").click()
    page.get_by_label("Under consideration").check()
    page.get_by_label("Response", exact=True).fill(RESPONSE)
    page.get_by_label("Your role").fill("projectleider Stationsplein")
    page.get_by_role("button", name="Publish response").click()
    expect(response_region(page)).to_contain_text(RESPONSE)
    expect(response_region(page)).to_contain_text("Under consideration")

    # ... and publishes an outcome that covers it.
    page.goto(f"{base}/consultaties/{slug}")
    page.get_by_role("link", name="Manage this consultation").click()
    page.get_by_role("navigation", name="Workbench").get_by_role("link", name="Outcomes").click()
    axe(page, "outcomes (none yet)")
    page.get_by_role("link", name="New outcome").click()
    page.get_by_label("Title").fill(OUTCOME)
    page.get_by_label("Covers").select_option(label="Policy preparation")
    page.get_by_label("What we did with your input").fill(OUTCOME_BODY)
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("heading", level=2, name=OUTCOME)).to_be_visible()
    page.get_by_role("link", name="Add a decision about an idea").click()
    page.get_by_role("row").filter(has_text=TREES).get_by_role("link", name=re.compile(r"^Decide")).click()
    expect(page.get_by_role("heading", level=1, name=TREES)).to_be_visible()
    page.get_by_label("Adopted", exact=True).check()
    page.get_by_label("Why").fill(RATIONALE)
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_role("row").filter(has_text=TREES)).to_contain_text("Adopted")
    page.get_by_role("link", name="Publish outcome").click()
    # Publishing cannot be undone: a page says what will happen and asks first.
    expect(page.get_by_role("heading", level=1, name="Publish this outcome?")).to_be_visible()
    axe(page, "publish outcome: are you sure?")
    page.get_by_role("button", name="Yes, publish the outcome").click()
    expect(page.get_by_role("heading", level=1, name=OUTCOME)).to_be_visible()
    log_out(page)

    # --- The supporter heard both by e-mail, straight away.
    response_mail, outcome_mail = mails(outbox, to=supporter.email)
    assert TREES in response_mail["Subject"]
    assert link(response_mail, "/ideeen/") == f"/ideeen/{idea_id}#officiele-reactie"
    assert OUTCOME in outcome_mail["Subject"]
    outcome_path = link(outcome_mail, f"/consultaties/{slug}/uitkomsten/")

    # Following the outcome's link, signed in: the decision about the idea they support ...
    log_in(page, base, supporter)
    page.goto(base + outcome_path)
    expect(page.get_by_role("heading", level=1, name=OUTCOME)).to_be_visible()
    expect(page.get_by_text(OUTCOME_BODY)).to_be_visible()
    decision = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=TREES))
    expect(decision).to_contain_text(RATIONALE)
    fits_320(page, "published outcome")

    # ... on the idea page: the response, the decision and the link to the outcome ...
    decision.get_by_role("link", name=TREES).click()
    expect(page.get_by_role("heading", level=1, name=TREES)).to_be_visible()
    response = response_region(page)
    expect(response).to_contain_text("Adopted")
    expect(response).to_contain_text(RATIONALE)
    expect(response.get_by_role("link", name=OUTCOME)).to_have_attribute(
        "href", re.compile(rf"/consultaties/{slug}/uitkomsten/\d+#idee-{idea_id}$")
    )
    response.get_by_text("1 earlier response").click()
    expect(response).to_contain_text(RESPONSE)
    axe(page, "idea page with a response and an outcome (supporter)")
    fits_320(page, "idea page with a response and an outcome")

    # ... in their notifications ...
    page.get_by_role("banner").get_by_role("link", name=re.compile(r"^Notifications")).click()
    expect(page.get_by_role("listitem").filter(has_text="got an official response")).to_contain_text(TREES)
    expect(page.get_by_role("listitem").filter(has_text="is published")).to_contain_text(OUTCOME)

    # ... and on the consultation page: what we did with your input.
    page.get_by_role("link", name=re.compile(r"The outcome of .* is published")).click()
    expect(page.get_by_role("heading", level=1, name=OUTCOME)).to_be_visible()
    page.get_by_role("navigation", name="You are here").get_by_role("link", name=title).click()
    outcomes = page.get_by_role("region", name="What we did with your input")
    expect(outcomes.get_by_role("link", name=OUTCOME)).to_be_visible()
