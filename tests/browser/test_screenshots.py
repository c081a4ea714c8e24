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
from cocreatie.models import PhaseKind, Support
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
    _goals_and_results(make, consultation, finished, [fatima, henk, noor, anna], now)
    _image_and_documents(make.owner_of(consultation), consultation, now)
    return {"consultation": consultation, "idea": main, "viewer": anna, "finished": finished,
            "owner": make.owner_of(consultation)}


def _goals_and_results(make, consultation, finished, people, now) -> None:
    """Goals and targets on both (cocreatie/measure/), and a finished consultation with
    ideas, answers and an outcome to account for."""
    from cocreatie.measure import kpis
    from cocreatie.measure import services as measure
    from cocreatie.models import IdeaStatus
    from cocreatie.timezones import local_day

    owner = make.owner_of(consultation)
    measure.set_goals(owner, consultation, measure.GoalData(
        "Reizigers, bewoners en ondernemers bedenken samen hoe het Stationsplein groener en koeler wordt.",
        local_day(now + 50 * DAY),
        {kpis.PARTICIPANTS: measure.TargetData(10, local_day(now + 20 * DAY)),
         kpis.IDEAS: measure.TargetData(12, local_day(now + 20 * DAY)),
         kpis.SUPPORTS: measure.TargetData(20), kpis.RESPONDED_IN_TIME: measure.TargetData(90)},
    ), now)
    titles = ("Fietsstraat in de Hoofdstraat", "Terrassen aan de zonkant", "Bomen bij de kerk", "Minder parkeerplekken")
    made = [make.idea(finished, author=people[n % 3], title=title) for n, title in enumerate(titles)]
    for n, idea in enumerate(made):
        idea.created_at = finished.opens_at + (10 + 5 * n) * DAY
        for supporter in people[: n + 1]:
            if supporter.id != idea.author_id:
                db.session.add(Support(idea_id=idea.id, user_id=supporter.id,
                                     created_at=idea.created_at + DAY))
                idea.support_count += 1
    db.session.commit()
    owner_finished = make.owner_of(finished)
    make.outcome(finished, {made[0]: IdeaStatus.ADOPTED, made[1]: IdeaStatus.PARTLY_ADOPTED,
                            made[2]: IdeaStatus.ADOPTED, made[3]: IdeaStatus.NOT_ADOPTED},
                 published=True, title="Wat we met uw ideeën voor de Hoofdstraat doen", owner=owner_finished)
    measure.set_goals(owner_finished, finished, measure.GoalData(
        "Winkeliers, bewoners en bezoekers kiezen samen hoe de Hoofdstraat eruit komt te zien.", None,
        {kpis.PARTICIPANTS: measure.TargetData(4), kpis.IDEAS: measure.TargetData(10),
         kpis.RESPONDED_IN_TIME: measure.TargetData(90), kpis.MEDIAN_RESPONSE_DAYS: measure.TargetData(21)},
    ), now)
    db.session.commit()


def _image_and_documents(owner, consultation, now) -> None:
    """A header image and two documents on the open consultation (cocreatie/files/)."""
    from cocreatie.demo import pictures
    from cocreatie.files import services as files

    holder, limit = files.Holder(consultation), 10 * 1024 * 1024
    files.set_header_image(owner, holder, files.Upload("plein.jpg", pictures.street_scene(1)),
                           "Tekening van het Stationsplein: tegels, een paar bomen en het station", False, now, limit)
    for title in ("Raadsvoorstel herinrichting Stationsplein", "Plankaart Stationsplein (concept)"):
        files.add_attachment(owner, holder, files.Upload(f"{title}.pdf", pictures.text_pdf(title, "Concept.")),
                             title, now, limit)
    db.session.commit()


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
            "verantwoording": f"/consultaties/{demo['finished'].slug}/verantwoording",
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
        # The dashboard, as the consultation's owner, in a browser of their own.
        staff = browser.new_context(viewport={"width": width, "height": 800})
        try:
            page = staff.new_page()
            log_in(page, base, demo["owner"])
            page.goto(f"{base}/beheer/consultaties/{demo['consultation'].slug}/dashboard")
            page.wait_for_load_state("networkidle")
            page.screenshot(path=SCREENSHOTS / f"dashboard-{width}.png", full_page=True)
            scroll_width, client_width = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            if width == 375 and scroll_width > client_width:
                too_wide["dashboard"] = (scroll_width, client_width, widest_elements(page, client_width))
            page.goto(f"{base}/beheer/consultaties/{demo['consultation'].slug}/bestanden")
            page.wait_for_load_state("networkidle")
            page.screenshot(path=SCREENSHOTS / f"files-{width}.png", full_page=True)
            scroll_width, client_width = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            if width == 375 and scroll_width > client_width:
                too_wide["files"] = (scroll_width, client_width, widest_elements(page, client_width))
        finally:
            staff.close()
        assert not too_wide, f"pages scroll sideways at {width} px (scrollWidth, clientWidth, culprits): {too_wide}"
    finally:
        context.close()


@pytest.fixture
def draft_text(live_make):
    """A draft text with an amendment that rewrites a paragraph, accepted into version 2."""
    from cocreatie.cowriting import services as cowriting
    from cocreatie.cowriting.queries import paragraph
    from cocreatie.models import AmendmentKind, AmendmentStatus

    now = utcnow()
    today = local_midnight_today()
    consultation = live_make.consultation(
        phases=[(PhaseKind.POLICY_PREPARATION, today - 10 * DAY, today + 20 * DAY),
                (PhaseKind.DECISION, today + 20 * DAY, today + 50 * DAY)]
    )
    owner = live_make.owner_of(consultation)
    text = (
        "# Groen en schaduw\n\n"
        "Op het plein komen twaalf nieuwe bomen. We kiezen soorten die goed tegen droogte kunnen, zoals de linde.\n\n"
        "De oude plataan bij de kiosk blijft staan. Rond de boom komt een lage rand waarop u kunt zitten.\n\n"
        "# Zitten en verblijven\n\n"
        "Verspreid over het plein komen twintig bankjes. De helft van de bankjes heeft een rugleuning.\n"
    )
    document = cowriting.add_document(owner, consultation, consultation.phases[1], "Ontwerp-inrichtingsplan Stationsplein",
                                      "Lees mee en stel verbeteringen voor.", text, now)
    db.session.commit()
    henk, ingrid = live_make.user("Henk Visser"), live_make.user("Ingrid Smits")
    benches = paragraph(document.id, 5)
    amendment = cowriting.propose_amendment(
        henk, benches, AmendmentKind.REPLACE,
        "Verspreid over het plein komen twintig bankjes. Alle bankjes hebben een rugleuning en armleuningen.",
        "Met leuningen kunnen ouderen en mensen met een beperking ook goed zitten en weer opstaan.", 1, now)
    cowriting.support_amendment(ingrid, amendment, now)
    cowriting.comment(ingrid, benches, "Mijn moeder loopt met een rollator en moet onderweg kunnen uitrusten.", now)
    open_one = cowriting.propose_amendment(
        ingrid, paragraph(document.id, 2), AmendmentKind.REPLACE,
        "Op het plein komen twaalf nieuwe bomen, ook bij de bushaltes. We kiezen soorten die goed tegen droogte "
        "kunnen, zoals de linde.", "Bij de bushaltes staat u in de zomer in de volle zon.", 1, now)
    cowriting.decide_amendment(owner, amendment, AmendmentStatus.ACCEPTED, "Zo kan iedereen op het plein zitten.",
                               None, now)
    cowriting.publish_version(owner, document, "Alle bankjes krijgen een rugleuning en armleuningen.", now)
    db.session.commit()
    return {"document": document, "amendment": open_one, "viewer": henk}


@pytest.mark.parametrize("width", WIDTHS)
def test_cowriting_screenshots(browser, live_server, draft_text, width):
    """The word-level diff of an amendment and two versions compared side by side."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 800})
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        base = live_server.url
        log_in(page, base, draft_text["viewer"])
        document = draft_text["document"]
        pages = {
            "cowriting-diff": f"/wijzigingsvoorstellen/{draft_text['amendment'].id}",
            "cowriting-compare": f"/teksten/{document.id}/vergelijken?van=1&met=2",
            "cowriting-text": f"/teksten/{document.id}",
            "cowriting-paragraph": f"/teksten/{document.id}/alineas/5",
        }
        too_wide = {}
        for name, path in pages.items():
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)
            scroll_width, client_width = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            if width == 375 and scroll_width > client_width:
                too_wide[name] = (scroll_width, client_width, widest_elements(page, client_width))
        assert not too_wide, f"pages scroll sideways at {width} px: {too_wide}"
    finally:
        context.close()
