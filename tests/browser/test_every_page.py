"""Every page type, in a real browser against a real server, passes axe-core's WCAG 2.1
A/AA rules: as a visitor and as each kind of signed-in person in Dutch, and each page in
English too (by the first of them who opens it: the language changes words, not the
page's structure; the HTML-validity test renders every page in both languages for
everyone); and as a visitor in Dutch, none scrolls sideways at 320 px.

This sweep is where axe meets every page; journeys check only the states it never
shows (forms with errors, controls opened or changed in place, empty states). The data
is the rich world of tests/world.py, the one the HTML-validity test renders, built in
real time (the live server does not see a frozen clock)."""

from __future__ import annotations

import threading
from collections import deque
from concurrent.futures import ThreadPoolExecutor

import pytest
from playwright.sync_api import sync_playwright
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from cocreatie import db
from cocreatie.accounts import services as accounts
from cocreatie.clock import utcnow
from cocreatie.models import Appeal, Invitation, InvitationStatus, Outcome, TokenPurpose
from cocreatie.moderation import queries as moderation_queries
from cocreatie.notifications import unsubscribe
from tests.browser.fixtures import (CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS, AxeChecker, format_violations, in_english,
                                    log_in, widest_elements)
from tests.world import EXEMPT

pytestmark = pytest.mark.browser

VISITOR, CITIZEN, PROCESMANAGER, OWNER, ADMIN = "visitor", "citizen", "procesmanager", "owner", "admin"
EVERYONE = (VISITOR, CITIZEN, PROCESMANAGER, OWNER, ADMIN)
SIGNED_IN = (CITIZEN, PROCESMANAGER, OWNER, ADMIN)
LOCALES = ("nl", "en")
BROWSERS = 3  # sweeping side by side


def _membership(person, consultation) -> int:
    from cocreatie.models import ConsultationMember

    return db.session.scalar(select(ConsultationMember.id).where(
        ConsultationMember.user_id == person.id, ConsultationMember.consultation_id == consultation.id))


def _pages(w) -> list[tuple[str, tuple[str, ...], int]]:
    """(path, who opens it, expected status): one address per GET endpoint, at least."""
    c, slug = w["consultation"], w["consultation"].slug
    trees, manage, draft = w["trees"], f"/beheer/consultaties/{w['consultation'].slug}", w["draft"]
    now = utcnow()
    reset = accounts.issue_token(w["critic"], TokenPurpose.RESET_PASSWORD, accounts.RESET_TOKEN_LIFETIME, now)
    db.session.commit()
    appeal_id = db.session.scalar(select(Appeal.id))
    rule = moderation_queries.house_rules(c)[0]
    open_invitation = db.session.scalar(select(Invitation.id).where(
        Invitation.consultation_id == w["closed"].id, Invitation.status == InvitationStatus.OPEN))
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
        ("/open-data", (VISITOR, CITIZEN), 200),
        ("/huisregels", (VISITOR,), 200),
        ("/api", (VISITOR, CITIZEN), 200),
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
        ("/account", SIGNED_IN, 200),
        ("/account/verwijderen", (CITIZEN, OWNER), 200),
        ("/account/e-mailadres/bevestigen/een-token", (VISITOR,), 200),
        ("/account/sessies", SIGNED_IN, 200),
        ("/account/tweestapsverificatie", SIGNED_IN, 200),
        ("/account/tweestapsverificatie/instellen", (CITIZEN,), 200),
        ("/account/tweestapsverificatie/nieuwe-herstelcodes", (OWNER,), 200),
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
        (f"/consultaties/{slug}/over-u", (CITIZEN,), 200),
        (f"{manage}/bereik", (PROCESMANAGER, OWNER), 200),
        (f"{manage}/werving?wijk=WK099902", (PROCESMANAGER,), 200),
        (f"{manage}/profielvragen", (OWNER,), 200),
        ("/beheer/bereik", (ADMIN,), 200),
        (f"/beheer/consultaties/{w['closed'].slug}/werving", (ADMIN,), 200),
        # owner
        ("/beheer", (OWNER, ADMIN), 200),
        ("/beheer/consultaties/nieuw", (OWNER,), 200),
        (f"{manage}/bewerken", (OWNER, ADMIN), 200),
        (f"{manage}/fasen", (OWNER,), 200),
        (f"{manage}/fasen/nieuw", (OWNER,), 200),
        (f"{manage}/fasen/{c.phases[0].id}", (OWNER,), 200),
        (f"{manage}/bestanden", (OWNER, ADMIN), 200),
        (f"{manage}/fasen/{c.phases[1].id}/bestanden", (OWNER,), 200),
        (f"{manage}/bestanden/{w['proposal'].id}/verwijderen", (OWNER,), 200),
        (f"{manage}/termijnbewaking", (OWNER, ADMIN), 200),
        ("/mijn-werk", (OWNER, PROCESMANAGER), 200),
        (f"/ideeen/{w['fresh'].id}/reageren", (OWNER,), 200),
        (f"/ideeen/{trees.id}/voortgang", (OWNER,), 200),
        (f"{manage}/uitkomsten", (OWNER,), 200),
        (f"{manage}/uitkomsten/nieuw", (OWNER,), 200),
        (f"{manage}/uitkomsten/{draft.id}", (OWNER,), 200),
        (f"{manage}/uitkomsten/{draft.id}/ideeen", (OWNER,), 200),
        (f"{manage}/uitkomsten/{draft.id}/ideeen?q=bomen&status=new", (OWNER,), 200),
        (f"{manage}/uitkomsten/{draft.id}/publiceren", (OWNER,), 200),
        (f"{manage}/uitkomsten/{draft.id}/bewerken", (OWNER,), 200),
        (f"{manage}/uitkomsten/{draft.id}/bestanden", (OWNER,), 200),
        (f"{manage}/uitkomsten/{draft.id}/besluiten/{w['reported'].id}", (OWNER,), 200),
        (f"{manage}/rollen", (OWNER, ADMIN), 200),
        (f"{manage}/rollen/{_membership(w['pm'], c)}/verwijderen", (OWNER,), 200),
        # the safety net: confirmation pages
        (f"/beheer/consultaties/{w['concept'].slug}/publiceren", (OWNER,), 200),
        (f"/beheer/consultaties/{w['concept'].slug}/verwijderen", (OWNER,), 200),
        (f"{manage}/terug-naar-concept", (OWNER,), 200),
        (f"/beheer/consultaties/{w['upcoming'].slug}/terug-naar-concept", (ADMIN,), 200),
        (f"{manage}/kopieren", (OWNER,), 200),
        (f"/beheer/consultaties/{w['concept'].slug}/fasen/{w['concept'].phases[0].id}/verwijderen", (OWNER,), 200),
        (f"{manage}/huisregels/{rule.id}/verwijderen", (PROCESMANAGER,), 200),
        (f"/beheer/consultaties/{w['closed'].slug}/werving/{open_invitation}/intrekken", (PROCESMANAGER,), 200),
        # goals and KPIs
        (f"{manage}/dashboard", (PROCESMANAGER, OWNER), 200),
        (f"{manage}/doelen", (OWNER,), 200),
        (f"/consultaties/{w['finished'].slug}/verantwoording", (VISITOR, CITIZEN), 200),
        (f"/consultaties/{w['finished'].slug}/verantwoording/rapport", (VISITOR,), 200),
        # co-writing
        (f"/teksten/{w['document'].id}", EVERYONE, 200),
        (f"/teksten/{w['document'].id}/versies/1", (VISITOR,), 200),
        (f"/teksten/{w['document'].id}/versies/2/wat-er-veranderde", (VISITOR,), 200),
        (f"/teksten/{w['document'].id}/vergelijken?van=1&met=2", (VISITOR,), 200),
        (f"/teksten/{w['document'].id}/vergelijken?van=1&met=2&weergave=inline", (VISITOR,), 200),
        (f"/teksten/{w['document'].id}/alineas/2", (VISITOR, CITIZEN), 200),
        (f"/teksten/{w['document'].id}/alineas/2/wijzigingsvoorstel", (CITIZEN,), 200),
        (f"/wijzigingsvoorstellen/{w['accepted_amendment'].id}", (VISITOR,), 200),
        (f"/wijzigingsvoorstellen/{w['outdated_amendment'].id}", (CITIZEN, OWNER), 200),
        (f"/beheer/teksten/{w['document'].id}", (OWNER,), 200),
        (f"{manage}/wijzigingsvoorstellen", (OWNER,), 200),
        (f"/beheer/teksten/{w['document'].id}/nieuwe-versie", (OWNER,), 200),
        (f"{manage}/teksten/nieuw", (OWNER,), 200),
        # administrator
        ("/beheer/audit", (ADMIN,), 200),
        ("/beheer/mensen?q=piet", (ADMIN,), 200),
        (f"/beheer/mensen/{w['pm'].id}", (ADMIN,), 200),
        (f"/beheer/mensen/{w['critic'].id}/ambtenaar", (ADMIN,), 200),
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


def test_every_page_type_passes_axe_for_everyone_and_in_both_languages(app, browser, live_server, live_world):
    world, base = live_world, live_server.url
    pages = _pages(world)

    # Every GET endpoint that serves HTML is visited at least once.
    covered = {_endpoint(app, path) for path, _who, _status in pages}
    get_routes = {rule.endpoint for rule in app.url_map.iter_rules() if "GET" in rule.methods}
    missing = sorted(get_routes - covered - set(EXEMPT))
    assert not missing, f"page types this sweep never opens: {missing}"

    people = {CITIZEN: world["author"], PROCESMANAGER: world["pm"], OWNER: world["owner"], ADMIN: world["admin"]}
    # One round per person: their pages in Dutch, then in English (signing in after
    # choosing English makes it the account's language, so never the other way round).
    rounds: list[tuple[str, list[tuple[str, list]]]] = []
    seen_in_english: set = set()
    for who in EVERYONE:
        everything = list(dict.fromkeys((path, status) for path, whom, status in pages if who in whom))
        in_each_language = []
        for locale in LOCALES:
            urls = everything if locale == "nl" else [u for u in everything if u not in seen_in_english]
            seen_in_english.update(urls if locale == "en" else ())
            if urls:
                in_each_language.append((locale, urls))
        rounds.append((who, in_each_language))

    # The rounds run side by side, longest first, each browser taking the next round when
    # it is done: while one waits for the server, another runs axe. The first browser is
    # the session's; the others are launched here, each in a thread of its own (Playwright
    # wants one instance per thread), with the app's context for the sign-in code.
    waiting = deque(sorted(rounds, key=lambda r: -sum(len(urls) for _, urls in r[1])))
    signing_in = threading.Lock()  # one sign-in at a time: each code is accepted once
    results: list[tuple[int, list[str]]] = []
    axe = AxeChecker()

    def sweep(chromium) -> None:
        while waiting:
            try:
                who, in_each_language = waiting.popleft()
            except IndexError:
                return
            for locale, urls in in_each_language:
                results.append(_sweep_round(chromium, base, who, locale, urls, people.get(who), axe, signing_in))

    def sweep_in_a_browser_of_its_own() -> None:
        with app.app_context(), sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                sweep(chromium)
            finally:
                chromium.close()
                db.session.remove()

    with ThreadPoolExecutor(max_workers=BROWSERS - 1) as pool:
        others = [pool.submit(sweep_in_a_browser_of_its_own) for _ in range(BROWSERS - 1)]
        sweep(browser)
        for other in others:
            other.result()  # raises what went wrong in that thread

    checked = sum(n for n, _ in results)
    problems = [problem for _, found in results for problem in found]
    assert len(results) == sum(len(in_each_language) for _, in_each_language in rounds)
    print(f"\naxe checked {checked} pages")
    assert not problems, f"{len(problems)} problem(s) in {checked} pages:\n" + "\n\n".join(problems)


def _sweep_round(chromium, base: str, who: str, locale: str, urls: list, person, axe: AxeChecker,
                 signing_in: threading.Lock) -> tuple[int, list[str]]:
    """Open `urls` as `who` in `locale` in a context of its own: (pages checked, problems)."""
    problems: list[str] = []
    checked = 0
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    # axe-core once per context, in every page it opens, rather than once per run
    context.add_init_script(axe._axe.axe_script)
    page = context.new_page()
    try:
        page.goto(base + "/")
        if locale == "en":
            in_english(page)
        if who != VISITOR:
            with signing_in:
                log_in(page, base, person)
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
    return checked, problems
