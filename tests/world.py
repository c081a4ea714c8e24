"""The rich "world" every page type is shown with: a consultation in full swing, with
ideas, reactions, supports, responses, outcomes, moderation, an appeal and an invitation;
people in every role. The HTML-validity test renders it with the test client at the
frozen NOW (`page_world`); the browser sweep serves it from the live server in real time
(`live_world`)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import inspect

from cocreatie import db
from cocreatie.accounts import services as accounts
from cocreatie.clock import utcnow
from cocreatie.cowriting import queries as cowriting_queries
from cocreatie.cowriting import services as cowriting
from cocreatie.feedback import services as feedback
from cocreatie.files import services as file_services
from cocreatie.ideas import services as idea_services
from cocreatie.measure import kpis
from cocreatie.measure import services as measure
from cocreatie.models import Base, AmendmentKind, AmendmentStatus, IdeaStatus, PhaseKind, SiteRole, Visibility
from cocreatie.moderation import services as moderation
from cocreatie.timezones import local_day
from cocreatie.reach import services as reach
from cocreatie.reach import tables
from tests.conftest import NOW, shared_by_module, shared_value
from tests.factories import Factories
from tests.files import samples

DAY = timedelta(days=1)

# GET routes that are not HTML pages, each with the reason: the validity test and the
# browser sweep both prove they opened every other one.
EXEMPT = {
    "static": "serves files (CSS), not pages",
    "healthz": "plain text for load balancers and monitoring",
    "admin.audit_log_csv": "a CSV download of the audit log, not a page",
    "huisstijl": "the organisation's stylesheet (CSS), not a page",
    # Open data in machine formats (tests/opendata): the page that links them is swept.
    "opendata.download_site": "a ZIP file",
    "opendata.download_consultation": "a ZIP file",
    "opendata.site_feed": "an Atom feed (XML)",
    "opendata.consultation_feed": "an Atom feed (XML)",
    "opendata.phases_calendar": "an iCalendar file",
    # Pages only a step of signing in reaches (a password just typed, a set-up under way,
    # codes just made, two-step sign-in on for a citizen): the validity test renders them,
    # the browser journey in tests/signin/test_browser.py runs axe on them.
    "signin.code": "the code step, right after the password",
    "signin.link_app": "connecting the app, right after the password is typed again",
    "signin.recovery_codes": "shown once, right after they are made",
    "signin.turn_off": "for a citizen who turned two-step sign-in on",
    "files.download": "serves an uploaded document (a PDF or office file), not a page",
    "files.image": "serves an uploaded image, not a page",
    # The read API answers JSON, not pages: tests/api/ checks every operation against its
    # OpenAPI document (schemathesis). Its reference page, /api, is a page like any other.
    **{f"api.{name}": "JSON of the read API, checked against its OpenAPI document by tests/api/"
       for name in ("openapi", "consultations", "consultation", "house_rules", "moderation_log", "outcomes",
                    "outcome", "outcome_decisions", "ideas", "idea", "implementation_updates", "comments",
                    "comment", "documents", "document", "document_version", "amendments", "amendment")},
    "cowriting.comment_link": "redirects to the paragraph or amendment page the comment is on",
    "reach.representation_csv": "a CSV download of the reach page's figures, masked the same way (tests/reach)",
}

DRAFT_TEXT = """# Groen

Op het plein komen tien nieuwe bomen.

De oude plataan bij de kiosk blijft staan.

# Zitten

Er komen twintig bankjes, de helft met een rugleuning.
"""


@pytest.fixture
def page_world(request, make, frozen) -> dict:
    """The world at the frozen NOW: built once for a module's tests that use it (and are
    not `committed`), each test in a savepoint of its own (tests/conftest.py)."""
    if "committed" in request.fixturenames:
        return build_world(make, NOW)
    return {name: db.session.get(*row) if isinstance(row, tuple) else row
            for name, row in shared_value(request, "page_world").items()}


@shared_by_module("page_world")
def _shared_page_world() -> dict:
    """The world, as (model, id) for the rows and plain values for the rest: each test
    reads the rows in its own session."""
    with time_machine.travel(NOW, tick=False):
        world = build_world(Factories(now=NOW), NOW)
    return {name: (type(value), inspect(value).identity[0]) if isinstance(value, Base) else value
            for name, value in world.items()}


@pytest.fixture
def live_world(live_make) -> dict:
    """The world in real time (the live server does not see a frozen clock), and a hidden
    reaction by the citizen that she has not yet asked to review."""
    w = build_world(live_make, utcnow())
    own = live_make.comment(w["trees"], author=w["author"], body="Een reactie die verborgen wordt.")
    w["own_hidden_comment_action"] = live_make.hidden(own, moderator=w["pm"], reason="Niet over het plan.")
    db.session.commit()
    return w


def build_world(make: Factories, now: datetime) -> dict:
    """A consultation in full swing, with everything a page can show, its dates counted
    from `now` (the frozen NOW for the test client, the real clock for the live server)."""
    owner = make.user("Ambtenaar Jansen", role=SiteRole.CIVIL_SERVANT)
    admin = make.user("Beheerder de Vries", role=SiteRole.ADMIN)
    author = make.user("Fatima el Amrani")
    neighbour = make.user("Piet Bakker")
    critic = make.user("Kees Scherp")

    # Ideas land in the first, finished phase, so their response deadline has passed.
    consultation = make.consultation(
        owner=owner,
        title="Een groener Stationsplein",
        phases=[
            (PhaseKind.AGENDA_SETTING, now - 60 * DAY, now - 30 * DAY),
            (PhaseKind.POLICY_PREPARATION, now - 30 * DAY, now + 21 * DAY),
            (PhaseKind.DECISION, now + 21 * DAY, now + 50 * DAY),
        ],
    )
    pm = make.procesmanager(consultation)
    upcoming = make.consultation(title="Speeltuin aan de Dorpsstraat",
                                 phases=[(PhaseKind.AGENDA_SETTING, now + 10 * DAY, now + 40 * DAY)])
    finished = make.consultation(owner=owner, title="Fietsparkeren bij het station",
                                 phases=[(PhaseKind.EVALUATION, now - 90 * DAY, now - 20 * DAY)])
    concept = make.consultation(owner=owner, title="Concept: nieuwe markt", published=False)
    closed = make.consultation(owner=owner, title="Klankbordgroep Zuid", visibility=Visibility.INVITE_ONLY)
    closed_pm = make.procesmanager(closed, user=pm)

    trees = make.idea(consultation, author=author, title="Meer bomen op het plein",
                      body="Bomen geven schaduw en maken het plein koeler in de zomer.")
    benches = make.idea(consultation, author=neighbour, title="Bankjes in de schaduw")
    duplicate = make.idea(consultation, author=critic, title="Bomen planten op het Stationsplein")
    rude = make.idea(consultation, author=author, title="Een idee dat te ver gaat")
    reported = make.idea(consultation, author=neighbour, title="Een fontein voor kinderen")
    fresh = make.idea(consultation, author=author, title="Een drinkwaterpunt",
                      body="Zonder reacties, dus de schrijver kan het nog aanpassen.")
    for n in range(3):
        make.idea(consultation, title=f"Nog een idee over groen {n + 1}")
    late = make.idea(finished, author=author, title="Overdekte fietsenstalling")

    comment = make.comment(trees, author=neighbour, body="Goed idee, graag ook **linden**.")
    make.comment(trees, author=author, body="Dank je! Linden zijn mooi.", parent=comment)
    hidden_comment = make.comment(trees, author=critic, body="Dit is een scheldwoord.")
    reported_comment = make.comment(benches, author=critic, body="Bankjes trekken hangjongeren.")

    idea_services.support_idea(neighbour, trees, now)
    idea_services.support_idea(critic, trees, now)
    db.session.commit()

    make.follow(author, trees)
    make.response(trees, status=IdeaStatus.ADOPTED, text="We planten in 2027 tien linden.", owner=owner)
    feedback.post_implementation_update(
        owner, trees, "De bomen zijn besteld.", 40,
        [feedback.MilestoneData("Bomen bestellen", date(2026, 5, 1), True),
         feedback.MilestoneData("Bomen planten", date(2026, 11, 1), False)],
        now,
    )
    db.session.commit()
    make.outcome(consultation, {benches: IdeaStatus.PARTLY_ADOPTED}, published=True, owner=owner)
    draft = make.outcome(consultation, {reported: IdeaStatus.NOT_ADOPTED}, title="Tweede ronde", owner=owner)
    make.outcome(finished, {late: IdeaStatus.ADOPTED}, published=True, owner=owner)

    hidden_comment_action = make.hidden(hidden_comment, moderator=pm, reason="Bevat een scheldwoord.")
    hidden_idea = make.hidden(rude, moderator=pm, reason="Dit gaat over een persoon.")
    moderation.appeal_decision(author, hidden_idea, "Het ging over het plan, niet over een persoon.", now)
    moderation.merge(pm, duplicate, trees, "Hetzelfde voorstel.", now)
    db.session.commit()
    make.report(reported, reporter=critic, note="Dit is reclame.")
    make.report(reported_comment, reporter=author)

    # A header image and documents: the consultation's own, a phase's and a draft outcome's.
    own, later_phase = file_services.Holder(consultation), file_services.Holder(consultation, phase=consultation.phases[1])
    file_services.set_header_image(owner, own, file_services.Upload("plein.jpg", samples.jpeg_with_gps(1600, 700)),
                                   "Het Stationsplein gezien vanaf het station", False, now, 10**7)
    proposal = file_services.add_attachment(owner, own, file_services.Upload("raadsvoorstel.pdf", samples.pdf()),
                                            "Raadsvoorstel Stationsplein", now, 10**7)
    file_services.add_attachment(owner, own, file_services.Upload("planning.xlsx", samples.docx()), "Planning", now, 10**7)
    file_services.add_attachment(owner, later_phase, file_services.Upload("schets.odt", samples.odt()),
                                 "Schetsontwerp", now, 10**7)
    file_services.add_attachment(owner, file_services.Holder(consultation, outcome=draft),
                                 file_services.Upload("besluit.pdf", samples.pdf()), "Raadsbesluit", now, 10**7)
    # Co-writing: a draft text for the decision phase, discussed already (the running
    # preparation phase allows co-writing), with a version 2 that credits the input.
    writer, seconder = make.user("Anna Meeschrijver"), make.user("Bas Steun")
    document = cowriting.add_document(owner, consultation, consultation.phases[2], "Ontwerp-inrichtingsplan",
                                      "Lees mee en stel verbeteringen voor.", DRAFT_TEXT, now)
    db.session.commit()
    trees_paragraph = cowriting_queries.paragraph(document.id, 2)
    plane_paragraph = cowriting_queries.paragraph(document.id, 3)
    paragraph_comment = cowriting.comment(seconder, trees_paragraph, "Liever linden.", now)
    accepted = cowriting.propose_amendment(writer, trees_paragraph, AmendmentKind.REPLACE,
                                           "Op het plein komen twaalf nieuwe linden.", "Meer schaduw.", 1, now)
    cowriting.support_amendment(seconder, accepted, now)
    cowriting.comment(seconder, accepted, "Goed voorstel.", now)
    outdated = cowriting.propose_amendment(seconder, trees_paragraph, AmendmentKind.REPLACE,
                                           "Op het plein komen vijftien nieuwe bomen.", "Nog meer bomen.", 1, now)
    open_amendment = cowriting.propose_amendment(seconder, plane_paragraph, AmendmentKind.INSERT_AFTER,
                                                 "Rond de plataan komt een bankje.", "Om te zitten.", 1, now)
    cowriting.decide_amendment(owner, accepted, AmendmentStatus.ACCEPTED, "Linden passen goed.", None, now)
    cowriting.publish_version(owner, document, "Twaalf linden na uw voorstellen.", now)
    db.session.commit()

    _invitation, token = make.invitation(closed, "genodigde@example.nl", procesmanager=closed_pm)
    invitee = accounts.create_user("genodigde@example.nl", "Genodigde Gerda", "correct horse battery staple", now)
    db.session.commit()

    # Goals and targets (cocreatie/measure/): one behind schedule, one met, one level.
    measure.set_goals(owner, consultation, measure.GoalData(
        "Bewoners uit alle wijken denken mee over een groener Stationsplein.", local_day(now + 21 * DAY),
        {kpis.PARTICIPANTS: measure.TargetData(200, local_day(now + 10 * DAY)), kpis.IDEAS: measure.TargetData(5),
         kpis.RESPONDED_IN_TIME: measure.TargetData(90)},
    ), now)
    measure.set_goals(owner, finished, measure.GoalData(
        "Een plan voor fietsparkeren dat reizigers zelf hebben bedacht.", None,
        {kpis.IDEAS: measure.TargetData(1), kpis.PARTICIPANTS: measure.TargetData(50)},
    ), now)
    # Reach: reference figures, the questions the consultation asks, two participants'
    # answers (the author has not answered: the questions are offered to her).
    reach.replace_population(admin, tables.read_population(tables.POPULATION_EXAMPLE.encode(), "wijken.csv").rows, now)
    reach.replace_postcodes(admin, tables.read_postcodes(tables.POSTCODE_EXAMPLE.encode(), "postcodes.csv",
                                                         {"WK099901", "WK099902"}).rows, now)
    reach.choose_questions(owner, consultation, district=True, age_band=True, channel=True,
                           channels=["Brief in de bus", "Huis-aan-huisblad", "Sociale media"], now=now)
    reach.answer_questions(neighbour, consultation, reach.Answers(postcode="1011 AB", age_band="45-64",
                                                                  channel="Brief in de bus"), now)
    reach.answer_questions(critic, consultation, reach.Answers(district_unsaid=True), now)
    db.session.commit()
    return {
        "owner": owner, "admin": admin, "author": author, "pm": pm, "consultation": consultation,
        "finished": finished, "closed": closed, "trees": trees, "benches": benches, "duplicate": duplicate,
        "rude": rude, "reported": reported, "fresh": fresh, "comment": comment, "hidden_comment": hidden_comment,
        "reported_comment": reported_comment, "draft": draft, "hidden_idea": hidden_idea, "token": token,
        "invitee": invitee, "critic": critic, "hidden_comment_action": hidden_comment_action,
        "upcoming": upcoming, "concept": concept, "proposal": proposal,
        "document": document, "accepted_amendment": accepted, "open_amendment": open_amendment,
        "outdated_amendment": outdated, "paragraph_comment": paragraph_comment,
    }
