"""Full-page screenshots of the main pages at phone and desktop width, with demo-like
data, for docs/screenshots/. At 375 px no page may scroll sideways.

Not part of the ordinary run (marker `screenshots`, left out by pyproject's addopts):
refresh the committed ones with `UPDATE_SCREENSHOTS=1 .venv/bin/pytest -m screenshots`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
import os
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from cocreatie import db
from cocreatie.clock import utcnow
from cocreatie.ideas import services as ideas
from cocreatie.models import PhaseKind
from tests.browser.fixtures import log_in, widest_elements

pytestmark = pytest.mark.screenshots

# Committed screenshots are refreshed on request (UPDATE_SCREENSHOTS=1); without it,
# `-m screenshots` writes to a scratch folder so the work tree stays clean.
SCREENSHOTS = (
    Path(__file__).resolve().parents[2] / "docs" / "screenshots"
    if os.environ.get("UPDATE_SCREENSHOTS")
    else Path(tempfile.gettempdir()) / "cocreatie-screenshots"
)
WIDTHS = (375, 1280)
DAY = timedelta(days=1)


def local_midnight_today() -> datetime:
    """Today's start in the site's time zone, as naive UTC: phases start and end at midnight."""
    local = datetime.now(ZoneInfo("Europe/Amsterdam")).replace(hour=0, minute=0, second=0, microsecond=0)
    return local.astimezone(UTC).replace(tzinfo=None)


@pytest.fixture
def demo(live_make):
    """Three consultations (open, upcoming, finished); the open one with ideas, supports,
    reactions and a reply, some of it long enough to wrap."""
    make = live_make
    now = utcnow()
    today = local_midnight_today()
    finished = make.consultation(
        title="Nieuwe inrichting van de Hoofdstraat en de omliggende winkelstraten",
        phases=[(PhaseKind.AGENDA_SETTING, today - 120 * DAY, today - 60 * DAY)],
    )
    finished.question = "Wat vindt u belangrijk bij de nieuwe Hoofdstraat: ruimte voor fietsers, terrassen of groen?"
    upcoming = make.consultation(
        title="Speeltuin Parkwijk",
        phases=[(PhaseKind.AGENDA_SETTING, today + 10 * DAY, today + 40 * DAY)],
    )
    upcoming.question = "Welke toestellen wilt u in de vernieuwde speeltuin?"
    consultation = make.consultation(
        phases=[
            (PhaseKind.AGENDA_SETTING, today - 40 * DAY, today - 10 * DAY),
            (PhaseKind.POLICY_PREPARATION, today - 10 * DAY, today + 20 * DAY),
            (PhaseKind.DECISION, today + 20 * DAY, today + 50 * DAY),
        ]
    )
    db.session.commit()
    fatima, henk, noor, anna = (make.user(name) for name in ("Fatima", "Henk de Boer", "Noor", "Anna"))

    main = ideas.submit_idea(
        fatima, consultation, "Schaduwbomen langs de fietsenstalling",
        "Plant **lindes** langs de fietsenstalling aan de noordkant.\n\n"
        "- fietsen staan in de zomer in de schaduw\n- vogels krijgen een plek\n- het plein wordt koeler\n\n"
        "Zie ook het [bomenplan van de gemeente](https://www.voorbeeld.nl/bomenplan).", now - 6 * DAY,
    )
    ideas.submit_idea(
        henk, consultation, "Een overdekte wachtplek bij de bushalte met bankjes, groen dak en verlichting",
        "Wie op de bus wacht, staat nu in de regen. Een overkapping met een sedumdak helpt mensen en insecten.",
        now - 4 * DAY,
    )
    ideas.submit_idea(
        noor, consultation, "Waterspeelplek",
        "Een kleine fontein in de bestrating waar kinderen in de zomer kunnen spelen en afkoelen.", now - 2 * DAY,
    )
    db.session.commit()
    for supporter in (henk, noor, anna):
        ideas.support_idea(supporter, main, now)
    first = ideas.post_comment(henk, main, "Goed plan, en graag ook een paar bankjes eronder.", now - 5 * DAY)
    db.session.flush()
    ideas.post_comment(fatima, main, "Dank je! Bankjes staan ook in het ontwerp.", now - 5 * DAY, parent=first)
    ideas.post_comment(
        noor, main,
        "Let op de wortels bij de kabels onder de stoep. Meer informatie staat op "
        "https://www.voorbeeld.nl/projecten/stationsplein-herinrichting-2027/ondergrondse-infrastructuur",
        now - 3 * DAY,
    )
    db.session.commit()
    return {"consultation": consultation, "idea": main, "viewer": anna}


@pytest.mark.parametrize("width", WIDTHS)
def test_screenshots(browser, live_server, demo, width):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 800})
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        base = live_server.url
        log_in(page, base, demo["viewer"])  # signed in, so the support and reply controls show
        pages = {
            "home": "/",
            "consultation": f"/consultaties/{demo['consultation'].slug}",
            "idea": f"/ideeen/{demo['idea'].id}",
            "notifications": "/account/berichten",
            "accessibility": "/toegankelijkheid",
        }
        too_wide = {}
        for name, path in pages.items():
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            if name == "idea":
                # Show the reply form too: it is the widest thing on a phone.
                page.locator("details.reply summary").first.click()
            page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)
            scroll_width, client_width = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            if width == 375 and scroll_width > client_width:
                too_wide[name] = (scroll_width, client_width, widest_elements(page, client_width))
        assert not too_wide, f"pages scroll sideways at {width} px (scrollWidth, clientWidth, culprits): {too_wide}"
    finally:
        context.close()
