"""Demo data for "Gemeente Voorbeeld", loaded by `flask load-demo`.

Accounts, consultations, roles and phases go through the services, like a real civil
servant would create them (which also gives every consultation the default house rules).
Ideas, comments and supports from phases that are already over cannot pass the policies
any more, so they are added as model rows with back-dated timestamps; their stored
counters are then set to exactly the number of rows.

Everything that happened to them afterwards — following, replies, reports, hiding with a
rule and a reason, an appeal, a merge, official responses, an outcome and progress
updates — is replayed in time order through the real services, each at its own
back-dated moment (see `_Timeline`). Those policies do not depend on the active phase, so
they pass, and the services keep the counters exact, write the audit trail and the
public moderation log, and notify the people who follow: on the site only, not by
e-mail (see `_without_email`).

Everything is deterministic: one seeded random generator decides authors, times and
supports.
"""

from __future__ import annotations

import random
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select

from cocreatie import db
from cocreatie.accounts import services as account_services
from cocreatie.consultations import services as consultation_services
from cocreatie.consultations.services import ConsultationData, PhaseData
from cocreatie.feedback import services as feedback_services
from cocreatie.feedback.services import MilestoneData, OutcomeData
from cocreatie.models import (
    Comment,
    Consultation,
    EmailFrequency,
    HouseRule,
    Idea,
    IdeaStatus,
    MemberRole,
    ModerationAction,
    Notification,
    Outcome,
    Phase,
    PhaseKind,
    SiteRole,
    Support,
    SupportBudgetUse,
    User,
    Visibility,
)
from cocreatie.models.consultations import PHASE_DEFAULTS
from cocreatie.moderation import services as moderation_services
from cocreatie.notifications import events, follows
from cocreatie.notifications import services as notification_services
from cocreatie.recruitment import services as role_services
from cocreatie.text import render_markdown
from cocreatie.timezones import end_of_local_day, local_day, start_of_local_day

CITIZEN_EMAIL = "inwoner@voorbeeld.nl"
PROCESMANAGER_EMAIL = "procesmanager@voorbeeld.nl"
CIVIL_SERVANT_EMAIL = "ambtenaar@voorbeeld.nl"
ADMIN_EMAIL = "beheerder@voorbeeld.nl"
DEMO_PASSWORD = "voorbeeld-demo-2026"
DEMO_URL = "http://127.0.0.1:5000"

LOGINS_TEXT = f"""\
Demo log-ins for Gemeente Voorbeeld (every account uses the password {DEMO_PASSWORD}):

  citizen (inwoner)           {CITIZEN_EMAIL:<28}  notifications, an idea of her own
  procesmanager               {PROCESMANAGER_EMAIL:<28}  moderation: open reports, a request for review
  civil servant (ambtenaar)   {CIVIL_SERVANT_EMAIL:<28}  official responses, an outcome, progress updates
  administrator (beheerder)   {ADMIN_EMAIL:<28}  audit log

Open {DEMO_URL} in your browser."""

SEED = 2026

# Keys for the four role accounts; every other author key is a citizen's display name.
CITIZEN = "inwoner"
PROCESMANAGER = "procesmanager"
CIVIL_SERVANT = "ambtenaar"
ADMIN = "beheerder"
# In a comment spec: the author of the idea the comment belongs to.
IDEA_AUTHOR = "@idea-author"

ROLE_ACCOUNTS: tuple[tuple[str, str, str, SiteRole], ...] = (
    (CITIZEN, CITIZEN_EMAIL, "Lotte Jansen", SiteRole.CITIZEN),
    (PROCESMANAGER, PROCESMANAGER_EMAIL, "Mirjam Smit (procesmanager)", SiteRole.CITIZEN),
    (CIVIL_SERVANT, CIVIL_SERVANT_EMAIL, "Ahmed Bouali (gemeente)", SiteRole.CIVIL_SERVANT),
    (ADMIN, ADMIN_EMAIL, "Peter van Dijk (beheerder)", SiteRole.ADMIN),
)

EXTRA_CITIZENS: tuple[str, ...] = (
    "Fatima El Amrani",
    "Jan de Vries",
    "Sanne Bakker",
    "Henk Visser",
    "Priya Ramdin",
    "Kees van den Berg",
    "Anouk Mulder",
    "Youssef Benali",
    "Ingrid Smits",
    "Daan Meijer",
    "Esra Demir",
    "Wim Hoekstra",
    "Marieke de Boer",
    "Kevin Pinas",
    "Naima Ouali",
    "Thijs Kok",
    "Annelies Dekker",
    "Rachid Haddou",
    "Bram Willems",
    "Joyce Martina",
    "Gerrit Postma",
    "Lisa van Leeuwen",
    "Stefan Kowalski",
    "Ayşe Kaya",
    "Ruud Schouten",
    "Emma de Graaf",
    "Tim Hendriks",
    "Mehmet Yılmaz",
)


# --- what the demo contains ---------------------------------------------------------

# The default house rules every consultation gets when it is created
# (moderation.services.DEFAULT_HOUSE_RULES), by their number.
RESPECTFUL, ON_TOPIC, NO_ADVERTISING, PRIVACY, LAWFUL = 1, 2, 3, 4, 5


@dataclass(frozen=True)
class ReportSpec:
    """A report (melding) citing a house rule by its number."""

    # A citizen's name, or IDEA_AUTHOR.
    by: str
    rule: int
    note: str = ""


@dataclass(frozen=True)
class Hide:
    """The procesmanager hid the item, naming the rule and a public reason."""

    rule: int
    reason: str
    # The author's request for review, still waiting in the queue.
    appeal: str = ""


@dataclass(frozen=True)
class Dismiss:
    """The procesmanager found no rule broken and closed the reports."""

    reason: str


@dataclass(frozen=True)
class ModerationSpec:
    reports: tuple[ReportSpec, ...]
    # None: the reports are recent and still open in the procesmanager's queue.
    decision: Hide | Dismiss | None = None


def reported(*reports: ReportSpec, decision: Hide | Dismiss | None = None) -> ModerationSpec:
    return ModerationSpec(tuple(reports), decision)


@dataclass(frozen=True)
class CommentSpec:
    body: str
    # An account key, a citizen's name, IDEA_AUTHOR, or None for a random citizen.
    by: str | None = None
    replies: tuple[CommentSpec, ...] = ()
    # Placed inside this phase (when it fits), e.g. a look back after the work is done.
    during: PhaseKind | None = None
    # Removed by its author afterwards; it stays as a placeholder in the thread.
    removed: bool = False
    # Placed on this local day relative to today (when it fits), e.g. a recent reaction.
    day: int | None = None
    moderation: ModerationSpec | None = None


def comment(
    body: str,
    *replies: CommentSpec,
    by: str | None = None,
    during: PhaseKind | None = None,
    removed: bool = False,
    day: int | None = None,
    moderation: ModerationSpec | None = None,
) -> CommentSpec:
    return CommentSpec(body, by, tuple(replies), during, removed, day, moderation)


@dataclass(frozen=True)
class ResponseSpec:
    """An official response by the civil servant, on a local day relative to today."""

    day: int
    status: IdeaStatus
    text: str


def respond(day: int, status: IdeaStatus, text: str) -> ResponseSpec:
    return ResponseSpec(day, status, text)


@dataclass(frozen=True)
class DecisionSpec:
    """What the consultation's outcome decides about an idea, and why."""

    status: IdeaStatus
    rationale: str


@dataclass(frozen=True)
class MilestoneSpec:
    title: str
    day: int  # planned on this local day relative to today
    done: bool = False


@dataclass(frozen=True)
class UpdateSpec:
    """A progress report on an adopted idea, on a local day relative to today."""

    day: int
    progress: int
    text: str
    milestones: tuple[MilestoneSpec, ...] = ()


@dataclass(frozen=True)
class MergeSpec:
    """A duplicate the procesmanager merged into another idea (named by its title)."""

    into: str
    reason: str
    # How long after it was submitted.
    after_hours: int


@dataclass(frozen=True)
class IdeaSpec:
    title: str
    body: str
    by: str | None = None
    # How attractive the idea is to supporters; None gives a modest random appeal.
    appeal: float | None = None
    comments: tuple[CommentSpec, ...] = ()
    # Submitted on this local day relative to today; None places it at random in its phase.
    day: int | None = None
    # Official responses, oldest first: together with the outcome's decision they set
    # the idea's status. Without any, it awaits its response.
    responses: tuple[ResponseSpec, ...] = ()
    decision: DecisionSpec | None = None
    updates: tuple[UpdateSpec, ...] = ()
    moderation: ModerationSpec | None = None
    merged: MergeSpec | None = None


@dataclass(frozen=True)
class PhaseSpec:
    kind: PhaseKind
    title: str
    description: str
    # Local days relative to today; both days are part of the phase.
    first_day: int
    last_day: int


@dataclass(frozen=True)
class OutcomeSpec:
    """The published outcome ("wat we met uw inbreng deden"); it covers every idea
    with a decision, and is published on a local day relative to today."""

    day: int
    title: str
    body: str


@dataclass(frozen=True)
class ConsultationSpec:
    title: str
    question: str
    summary: str
    body: str
    phases: tuple[PhaseSpec, ...]
    support_budget: int | None = None
    published: bool = True
    ideas: tuple[IdeaSpec, ...] = ()
    # How many ideas (in the order above) were submitted in each idea-collecting phase.
    ideas_per_phase: tuple[int, ...] = ()
    # Short reactions that fit any idea here, for ideas without a written thread.
    comment_pool: tuple[str, ...] = ()
    # Ideas (by title) the demo citizen supports; None lets chance decide.
    citizen_supports: tuple[str, ...] | None = None
    # How the civil servant signs the official responses here.
    responder_role: str = ""
    outcome: OutcomeSpec | None = None
    # Account keys of people who follow the consultation on purpose.
    followers: tuple[str, ...] = ()


AUTHOR_THANKS: tuple[str, ...] = (
    "Dank voor uw reactie!",
    "Fijn dat u meedenkt.",
    "Dank je wel voor het meedenken.",
    "Bedankt, zo had ik er nog niet naar gekeken.",
)

STATIONSPLEIN = ConsultationSpec(
    title="Een groener Stationsplein",
    question="Hoe maken we het Stationsplein groener, koeler en prettiger om te verblijven?",
    summary=(
        "Het Stationsplein wordt opnieuw ingericht. Nu is het plein vooral steen. Samen met "
        "u willen we er een groene plek van maken waar mensen graag even blijven. Deel uw "
        "ideeën en steun de ideeën van anderen."
    ),
    body="""\
## Waarom dit plan?

Het Stationsplein is de eerste plek die veel bezoekers van Voorbeeld zien. Nu is het plein vooral grijs: veel tegels, weinig bomen en bijna geen bankjes. In de zomer wordt het er erg warm. Bij een flinke regenbui loopt het water slecht weg.

De gemeenteraad heeft geld vrijgemaakt om het plein volgend jaar opnieuw in te richten. Dat willen we graag samen met u doen.

## Wat ligt al vast?

- De bussen blijven aan de oostkant van het plein stoppen.
- De fietsenstalling onder het plein blijft. De ingang mag wel verplaatst worden.
- Hulpdiensten en de weekmarkt op zaterdag moeten het plein goed kunnen gebruiken.
- Er is € 1,8 miljoen beschikbaar, inclusief het onderhoud in de eerste vijf jaar.

## Waar kunt u over meedenken?

- Waar komen bomen, planten en gras?
- Hoe kunnen mensen er prettig zitten, spelen of elkaar ontmoeten?
- Hoe houden we het plein koel in de zomer en droog als het regent?
- Welke activiteiten passen bij het plein?

## Hoe werkt het?

Plaats een idee of reageer op de ideeën van anderen. U kunt **vijf ideeën steunen**. Kies dus de ideeën die u het belangrijkst vindt. Zolang deze fase loopt, kunt u uw steun nog verplaatsen.

## Wat gebeurt er met uw inbreng?

Een ontwerpbureau maakt met de ideeën drie schetsontwerpen. Bij elk idee laten we weten wat we ermee doen, en waarom. In de beslisfase kiest u mee welk ontwerp de voorkeur heeft. Daarna neemt de gemeenteraad een besluit.
""",
    support_budget=5,
    phases=(
        PhaseSpec(
            PhaseKind.AGENDA_SETTING,
            "Wat mist u op het plein?",
            "We vroegen wat u nu mist op het Stationsplein en wat u juist wilt houden.",
            -75,
            -36,
        ),
        PhaseSpec(
            PhaseKind.POLICY_PREPARATION,
            "Ideeën voor het nieuwe plein",
            "Deel uw ideeën voor het nieuwe plein, reageer op elkaar en steun de ideeën die u het beste vindt.",
            -35,
            20,
        ),
        PhaseSpec(
            PhaseKind.DECISION,
            "Kies mee uit drie ontwerpen",
            "Het ontwerpbureau maakt drie schetsontwerpen op basis van de ideeën. U kunt erop reageren. Daarna besluit de gemeenteraad.",
            21,
            48,
        ),
        PhaseSpec(
            PhaseKind.IMPLEMENTATION,
            "Aanleg van het plein",
            "De aannemer richt het plein opnieuw in. We houden u op de hoogte van de werkzaamheden.",
            49,
            250,
        ),
    ),
    ideas_per_phase=(10, 27),
    responder_role="projectleider Stationsplein",
    followers=(CITIZEN,),
    citizen_supports=(
        "Een klein stadsbos aan de westkant",
        "Geleidelijnen voor mensen met een visuele beperking",
    ),
    comment_pool=(
        "Goed idee! Dit maakt het plein een stuk prettiger.",
        "Leuk plan. Wie gaat dit straks onderhouden? Dat lijkt me belangrijk om vooraf te regelen.",
        "Denk ook aan mensen met een rollator of rolstoel. Alles moet goed bereikbaar blijven.",
        "Eens. Ik kom elke dag over het plein en zou dit een echte verbetering vinden.",
        "Ik vraag me af of hier genoeg ruimte voor is, met de markt op zaterdag.",
        "Sympathiek idee. Ik ben benieuwd wat het ontwerpbureau ervan maakt.",
        "Ik steun dit, als het maar één geheel wordt met de andere ideeën voor het plein.",
        "Dit heb ik in een andere stad gezien en daar werkt het goed.",
        "Goed dat hieraan gedacht wordt. Het plein kan wel wat aandacht gebruiken.",
    ),
    ideas=(
        # Agenda-setting: what people miss today.
        IdeaSpec(
            "Meer schaduw bij de bushaltes",
            "In de zomer staat u bij de bushaltes vol in de zon. Er staat geen boom en het "
            "bushokje is van glas, dus het wordt daar erg heet. Vooral voor ouderen en "
            "ouders met kleine kinderen is dat zwaar. Zet er bomen neer, of een overkapping "
            "met planten erop.",
            appeal=6,
            responses=(
                respond(
                    -30,
                    IdeaStatus.UNDER_CONSIDERATION,
                    "Dank voor uw idee. Schaduw bij de haltes is een van de punten die het vaakst "
                    "werden genoemd. We nemen het op in de opdracht voor het ontwerpbureau: elk "
                    "schetsontwerp moet laten zien waar wachtende reizigers in de schaduw kunnen "
                    "staan. Of dat met bomen, een groen dak of allebei gebeurt, ziet u in de "
                    "beslisfase.",
                ),
            ),
            comments=(
                comment(
                    "Helemaal mee eens. Vorige zomer werd een mevrouw naast mij bij de bus bijna onwel.",
                    comment(
                        "Wat naar om te horen. Dat laat wel zien hoe nodig dit is.", by=IDEA_AUTHOR
                    ),
                ),
                comment(
                    "Bomen zijn mooi, maar die groeien langzaam. Kan er tot die tijd een schaduwdoek komen?",
                    comment(
                        "Goede vraag. We geven tijdelijke schaduw mee als aandachtspunt aan het "
                        "ontwerpbureau. Bomen blijven wel het uitgangspunt, omdat die ook voor "
                        "verkoeling zorgen.",
                        by=PROCESMANAGER,
                    ),
                ),
            ),
        ),
        IdeaSpec(
            "Het plein is 's avonds te donker",
            "Als ik 's avonds van de trein kom, voelt het plein niet veilig. De lantaarns "
            "staan ver uit elkaar en bij de fietsenstalling is het echt donker. Betere "
            "verlichting zou veel schelen, ook voor mensen die slecht zien.",
            responses=(
                respond(
                    -29,
                    IdeaStatus.UNDER_CONSIDERATION,
                    "Dank u wel. Sociale veiligheid weegt zwaar in het nieuwe ontwerp. We vragen "
                    "het ontwerpbureau om een lichtplan met warm licht langs de looproutes en bij "
                    "de ingang van de fietsenstalling. Daarbij houden we rekening met de mensen "
                    "die aan het plein wonen en met mensen die slecht zien.",
                ),
            ),
            comments=(
                comment(
                    "Dit herken ik. In de winter loop ik liever om via de Stationsweg.",
                    comment(
                        "Ik ook. Let wel op dat het geen felle witte lampen worden. Die zijn "
                        "vervelend voor de mensen die aan het plein wonen.",
                        comment(
                            "Dat kan allebei: warm licht, laag bij de grond, alleen langs de looproutes.",
                            by=IDEA_AUTHOR,
                        ),
                    ),
                ),
                comment(
                    "Het is daar niet alleen donker. De zoon van de familie Jongsma van de "
                    "Parkstraat 23 hangt er elke avond rond met zijn vrienden. Iedereen weet wat "
                    "daar gebeurt.",
                    by="Thijs Kok",
                    day=-1,
                    moderation=reported(
                        ReportSpec(
                            "Fatima El Amrani",
                            PRIVACY,
                            "Hier worden een gezin en hun adres genoemd. Dat hoort hier niet.",
                        ),
                        ReportSpec("Marieke de Boer", RESPECTFUL),
                    ),
                ),
            ),
        ),
        IdeaSpec(
            "Geef het regenwater een plek",
            "Na een flinke bui staat er vaak water bij de ingang van het station. Het water "
            "kan nergens heen, omdat alles bestraat is. Maak een lager stuk met planten waar "
            "het regenwater in kan lopen, een zogenoemde wadi. Dan hebben de planten water en "
            "blijven onze voeten droog.",
            responses=(
                respond(
                    -28,
                    IdeaStatus.UNDER_CONSIDERATION,
                    "Een goed idee, dat ook past bij ons klimaatplan. Het waterschap rekent uit "
                    "hoeveel regenwater het plein bij een zware bui moet kunnen opvangen. Het "
                    "ontwerpbureau gebruikt die berekening om te bepalen waar een wadi of een "
                    "andere vorm van opvang kan komen.",
                ),
            ),
        ),
        IdeaSpec(
            "Bankjes met rugleuning en armleuningen",
            "Er zijn nu bijna geen bankjes op het plein. De betonnen blokken zijn geen echte "
            "zitplek. Voor ouderen is een bank met rugleuning en armleuningen belangrijk: dan "
            "kunt u makkelijk gaan zitten en weer opstaan. Zet ze in de schaduw, met zicht op "
            "de drukte.",
            appeal=5,
            responses=(
                respond(
                    -28,
                    IdeaStatus.UNDER_CONSIDERATION,
                    "Dank voor dit idee. We geven het als eis mee aan het ontwerpbureau: alle "
                    "nieuwe zitplekken krijgen een rugleuning, en een deel ook armleuningen. Waar "
                    "de bankjes precies komen, ziet u in de schetsontwerpen.",
                ),
            ),
            comments=(
                comment(
                    "Dank u! Mijn moeder is 84 en moet nu blijven staan als ze op de bus wacht.",
                ),
            ),
        ),
        IdeaSpec(
            "Minder fietsen kriskras over het plein",
            "Fietsers rijden nu overal over het plein, ook waar mensen lopen. Dat geeft "
            "gevaarlijke situaties, zeker als er net een trein is aangekomen. Maak een "
            "duidelijke fietsroute langs de rand en houd het midden van het plein vrij voor "
            "voetgangers.",
            by="Annelies Dekker",
            responses=(
                respond(
                    -27,
                    IdeaStatus.UNDER_CONSIDERATION,
                    "Dank u wel. Het ontwerpbureau krijgt de opdracht om fietsers en voetgangers "
                    "duidelijker te scheiden. Daarbij kijken we ook naar een betere plek voor de "
                    "ingang van de fietsenstalling, zoals in de reacties werd voorgesteld.",
                ),
            ),
            comments=(
                comment(
                    "Ik snap het punt, maar ik fiets elke dag naar de stalling. Een route langs "
                    "de rand is voor mij flink omrijden.",
                    comment(
                        "Het hoeft geen grote omweg te zijn. Als de ingang van de stalling "
                        "verplaatst wordt, kan uw route zelfs korter worden.",
                        comment(
                            "Dat zou een goede oplossing zijn. Dan ben ik voor.",
                            by="Daan Meijer",
                        ),
                        by=IDEA_AUTHOR,
                    ),
                    by="Daan Meijer",
                ),
            ),
        ),
        IdeaSpec(
            "Een plek waar kinderen kunnen spelen",
            "Ouders met kinderen wachten hier vaak op iemand die met de trein komt. De "
            "kinderen hebben dan niets te doen. Een paar speelelementen, zoals boomstammen om "
            "op te klimmen of een zandbak, maken het plein gezelliger.",
            responses=(
                respond(
                    -26,
                    IdeaStatus.UNDER_CONSIDERATION,
                    "Dank voor uw idee. Spelen gaat goed samen met groen, bijvoorbeeld met "
                    "boomstammen of water. We vragen het ontwerpbureau om in elk schetsontwerp "
                    "een plek om te spelen op te nemen die de weekmarkt niet in de weg zit.",
                ),
            ),
        ),
        IdeaSpec(
            "Behoud de oude plataan bij de kiosk",
            "De grote plataan bij de kiosk staat er al meer dan zestig jaar. Het is de enige "
            "echt grote boom op het plein en hij geeft in de zomer veel schaduw. Laat deze "
            "boom alstublieft staan en ontwerp het nieuwe plein eromheen.",
            appeal=4,
            responses=(
                respond(
                    -33,
                    IdeaStatus.UNDER_CONSIDERATION,
                    "Dank voor uw oproep. We laten een boomdeskundige onderzoeken hoe gezond de "
                    "plataan is en of hij de werkzaamheden goed kan doorstaan. Zodra de uitslag "
                    "er is, leest u die hier.",
                ),
                respond(
                    -21,
                    IdeaStatus.ADOPTED,
                    "De boomdeskundige heeft de plataan onderzocht: de boom is gezond en kan nog "
                    "tientallen jaren mee. De plataan blijft staan. Het ontwerpbureau ontwerpt "
                    "het nieuwe plein om de boom heen, en tijdens de werkzaamheden beschermen we "
                    "de wortels met een hek.",
                ),
            ),
            comments=(
                comment(
                    "Goed nieuws: een boomdeskundige heeft de plataan onderzocht en de boom is "
                    "gezond. Het ontwerpbureau krijgt de opdracht om hem te sparen.",
                    comment("Wat fijn! Dank voor het snelle antwoord.", by=IDEA_AUTHOR),
                    by=PROCESMANAGER,
                ),
            ),
        ),
        IdeaSpec(
            "Een drinkwaterkraan bij de ingang van het station",
            "Een watertappunt bij het station is handig voor reizigers, sporters en kinderen. "
            "Dan hoeft niemand een plastic flesje te kopen. In andere steden zie je dit steeds "
            "vaker.",
            responses=(
                respond(
                    -25,
                    IdeaStatus.UNDER_CONSIDERATION,
                    "Dank voor uw idee. We overleggen met het waterbedrijf over een watertappunt "
                    "bij de ingang van het station. Het waterbedrijf plaatst en onderhoudt zulke "
                    "tappunten vaker. We nemen het mee in de schetsontwerpen.",
                ),
            ),
        ),
        IdeaSpec(
            "Openbaar toilet bij het station",
            "Er is op en rond het plein geen openbaar toilet. Voor ouderen, zwangere vrouwen en "
            "mensen met een darmziekte is dat een groot probleem. Een schoon toilet dat ook "
            "geschikt is voor rolstoelgebruikers zou heel welkom zijn.",
            appeal=3,
            responses=(
                respond(
                    -24,
                    IdeaStatus.UNDER_CONSIDERATION,
                    "U noemt een echt probleem. Een openbaar toilet is duur in beheer. Daarom "
                    "onderzoeken we eerst met NS of het toilet in het stationsgebouw langer open "
                    "kan. Een nieuw toilet op het plein nemen we als mogelijkheid mee in de "
                    "schetsontwerpen.",
                ),
            ),
            comments=(
                comment(
                    "Eens, maar het moet dan wel goed worden schoongehouden. Anders wordt het een vieze plek.",
                    comment(
                        "Dat klopt. Misschien kan de uitbater van de kiosk het toilet beheren, "
                        "tegen een kleine vergoeding?",
                    ),
                ),
            ),
        ),
        IdeaSpec(
            "Laat het plein niet alleen een doorloopplek zijn",
            "Nu loopt iedereen zo snel mogelijk over het plein. Er is geen reden om te "
            "blijven. Ik zou graag een plein zien waar je met plezier een kop koffie drinkt "
            "of een boek leest.\n\nWat mij betreft hoort daarbij:\n\n"
            "- een paar kleine terrassen\n"
            "- genoeg zitplekken waar je niets hoeft te kopen\n"
            "- bomen voor de schaduw",
            responses=(
                respond(
                    -23,
                    IdeaStatus.UNDER_CONSIDERATION,
                    "Dank voor uw idee. Een plein waar mensen graag blijven, is precies wat we "
                    "willen. We vragen het ontwerpbureau om zitplekken waar u niets hoeft te "
                    "kopen, om schaduw en om ruimte voor een paar kleine terrassen. Hoe dat samen "
                    "past, ziet u in de schetsontwerpen.",
                ),
            ),
        ),
        # Policy preparation: ideas for the new square.
        IdeaSpec(
            "Een klein stadsbos aan de westkant",
            "Aan de westkant van het plein ligt een grote vlakte met tegels die bijna "
            "niemand gebruikt. Plant daar een klein stadsbos met verschillende soorten bomen "
            "en struiken. Zo'n tiny forest zorgt voor verkoeling, vangt regenwater op en is "
            "goed voor vogels en insecten. Het is ook een mooi uitzicht als je op de trein "
            "wacht.",
            appeal=9,
            day=-33,
            responses=(
                respond(
                    -5,
                    IdeaStatus.UNDER_CONSIDERATION,
                    "Dank voor dit idee, dat nu de meeste steun heeft. Aan de westkant is ruimte "
                    "voor een klein stadsbos: de weekmarkt staat op zaterdag aan de oostkant. Het "
                    "ontwerpbureau werkt het idee uit in een van de schetsontwerpen, met lage "
                    "struiken langs de paden zodat het ook 's avonds overzichtelijk blijft.",
                ),
            ),
            comments=(
                comment(
                    "Prachtig idee. Wel een vraag: wordt het daar 's avonds niet onoverzichtelijk? "
                    "Ik loop daar na mijn late dienst langs.",
                    comment(
                        "Terecht punt. Je kunt de struiken langs het pad laag houden, zodat je er "
                        "goed overheen kijkt. Dan blijft het overzichtelijk.",
                        comment("Als het zo wordt ontworpen, ben ik overtuigd.", by="Naima Ouali"),
                        by=IDEA_AUTHOR,
                    ),
                    comment(
                        "Het ontwerpbureau let bij elk ontwerp op sociale veiligheid. We geven uw "
                        "opmerking mee.",
                        by=PROCESMANAGER,
                    ),
                    by="Naima Ouali",
                ),
                comment(
                    "Ik heb in Zwolle meegeholpen met het planten van een tiny forest. Bewoners "
                    "kunnen zelf helpen planten. Dat geeft veel betrokkenheid.",
                ),
                comment(
                    "Ik twijfel. Staan op die plek op zaterdag niet de marktkramen? Waar moeten die dan heen?",
                    comment(
                        "Volgens mij staat de markt vooral aan de oostkant. Maar het is goed als "
                        "de gemeente dit uitzoekt.",
                    ),
                ),
                comment(
                    "Dit is mijn favoriet. Meer groen en meer schaduw, daar heeft iedereen iets aan.",
                    comment(
                        "Helemaal mee eens. Ik heb het ook gesteund. Als er een plantdag komt, "
                        "help ik graag mee!",
                        by="Joyce Martina",
                    ),
                    by=CITIZEN,
                ),
            ),
        ),
        IdeaSpec(
            "Waterspeelplaats met fonteintjes",
            "Maak een stuk van het plein waar water uit de grond spuit. Kinderen kunnen er in "
            "de zomer spelen en het koelt de omgeving af. Als de fonteintjes uit staan, is het "
            "gewoon een plek om over te lopen.",
            appeal=6,
            comments=(
                comment(
                    "Leuk voor kinderen, maar kost dit niet heel veel drinkwater?",
                    comment(
                        "Er zijn systemen die het water zuiveren en opnieuw gebruiken. Dan valt "
                        "het verbruik mee.",
                        comment(
                            "Goed om te weten, dan ben ik er minder op tegen. Het onderhoud moet "
                            "wel goed geregeld zijn.",
                            by="Ruud Schouten",
                        ),
                        by=IDEA_AUTHOR,
                    ),
                    by="Ruud Schouten",
                ),
                comment("Mijn kleinkinderen zouden dit geweldig vinden!"),
            ),
        ),
        IdeaSpec(
            "Geveltuintjes langs de winkels",
            "Laat bewoners en ondernemers langs de gevels van de winkels een smalle strook met "
            "planten aanleggen. Dat kost weinig en maakt de randen van het plein meteen "
            "groener. De gemeente kan de tegels eruit halen en de eerste planten geven.",
        ),
        IdeaSpec(
            "Groene daken op de bushokjes en de fietsenstalling",
            "De daken van de bushokjes en van de ingang van de fietsenstalling zijn nu kaal. "
            "Leg er sedumplanten op. Groene daken houden regenwater vast, zijn goed voor "
            "bijen en zien er veel vriendelijker uit.",
            appeal=5,
            comments=(
                comment("In Utrecht hebben veel bushokjes zo'n dak. Het ziet er echt mooi uit."),
            ),
        ),
        IdeaSpec(
            "Een pluktuin met fruitbomen",
            "Plant een paar appel- en perenbomen en wat bessenstruiken. Iedereen mag er fruit "
            "plukken. Zo leren kinderen waar hun eten vandaan komt, en het brengt mensen met "
            "elkaar in gesprek.",
            comments=(
                comment(
                    "Leuk bedacht, maar afgevallen fruit trekt wespen aan. Vlak bij de bushalte "
                    "lijkt me dat geen goed plan.",
                    comment(
                        "Dat is een eerlijk punt. Misschien kan de pluktuin wat verder van de "
                        "haltes, aan de kant van de woningen?",
                        by=IDEA_AUTHOR,
                    ),
                ),
            ),
        ),
        IdeaSpec(
            "Bloemrijk gras in plaats van kort gazon",
            "Als er gras komt, zaai dan een mengsel met veel wilde bloemen. Het hoeft maar twee "
            "keer per jaar gemaaid te worden. Dat is goedkoper en veel beter voor bijen en "
            "vlinders.",
        ),
        IdeaSpec(
            "Zitranden rond de boomvakken",
            "Maak rond de nieuwe bomen een brede houten rand waarop je kunt zitten. Zo zijn er "
            "veel zitplekken in de schaduw, zonder dat het plein vol bankjes staat. De rand "
            "beschermt ook de boomwortels tegen fietsen die ertegenaan worden gezet.",
            appeal=3,
        ),
        IdeaSpec(
            "Vaste plek voor een wekelijkse boerenmarkt",
            "Geef een boerenmarkt met streekproducten een vaste plek op het plein, bijvoorbeeld "
            "op woensdagmiddag. Dan is het plein ook doordeweeks levendig. Reizigers kunnen op "
            "weg naar huis nog verse groenten kopen.",
            comments=(
                comment(
                    "De weekmarkt is al genoeg. Een tweede markt gaat ten koste van de winkels in "
                    "de Stationsstraat.",
                    comment(
                        "Dat denk ik niet. Een boerenmarkt trekt juist mensen naar het plein, en "
                        "daar hebben de winkels ook wat aan.",
                        by="Sanne Bakker",
                    ),
                    by="Gerrit Postma",
                    removed=True,
                ),
                comment("Goed idee! Graag ook met kaas en brood uit de regio."),
            ),
        ),
        IdeaSpec(
            "Een podium voor kleine optredens",
            "Een klein, vast podium op het plein geeft ruimte aan muzikanten, koren en scholen "
            "uit de buurt. Op zomeravonden kan er een optreden zijn. Zo wordt het plein een "
            "plek waar iets te beleven is.",
            day=-14,
            comments=(
                comment(
                    "Ik woon boven de bakkerij aan het plein. Ik ben bang voor geluidsoverlast op "
                    "zomeravonden.",
                    comment(
                        "Dat begrijp ik. Met duidelijke eindtijden, bijvoorbeeld uiterlijk 22.00 "
                        "uur, blijft het volgens mij goed te doen.",
                        comment(
                            "Als het bij af en toe blijft en om tien uur stopt, kan ik ermee leven.",
                            by="Ingrid Smits",
                        ),
                        by=IDEA_AUTHOR,
                    ),
                    by="Ingrid Smits",
                ),
                comment(
                    "Optredens moeten passen binnen de regels van de evenementenvergunning. Daarin "
                    "staan ook eindtijden en geluidsnormen.",
                    by=CIVIL_SERVANT,
                ),
                comment(
                    "Typisch weer iemand die zelf ver van het plein woont. Ga lekker in je eigen "
                    "straat herrie maken, betweter.",
                    by="Ruud Schouten",
                    day=-6,
                    moderation=reported(
                        ReportSpec("Ingrid Smits", RESPECTFUL, "Dit is een persoonlijke aanval op de indiener."),
                        ReportSpec("Kevin Pinas", RESPECTFUL),
                        decision=Hide(
                            RESPECTFUL,
                            "Deze reactie valt de indiener persoonlijk aan in plaats van het idee te "
                            "bespreken. Uw zorg over geluidsoverlast is welkom: u kunt die opnieuw "
                            "plaatsen, zonder persoonlijke opmerkingen.",
                            appeal=(
                                "Ik woon zelf aan het plein en maak me echt zorgen over de herrie. "
                                "Betweter is toch geen scheldwoord? Ik vind het niet eerlijk dat mijn "
                                "hele reactie verborgen is, want de rest ging gewoon over het idee."
                            ),
                        ),
                    ),
                ),
            ),
        ),
        IdeaSpec(
            "Insectenhotels en nestkasten",
            "Hang nestkasten op in de bomen en zet een paar insectenhotels neer. Het kost bijna "
            "niets. Scholen in de buurt kunnen ze misschien zelf maken tijdens de techniekles.",
        ),
        IdeaSpec(
            "Geleidelijnen voor mensen met een visuele beperking",
            "Ik ben slechtziend en het plein is voor mij een doolhof. Bij het nieuwe ontwerp "
            "is het belangrijk dat er duidelijke geleidelijnen in de bestrating komen, van de "
            "bushalte naar de ingang van het station. Zet ook geen bankjes of bloembakken "
            "midden op de looproute.",
            by="Henk Visser",
            appeal=5,
            comments=(
                comment(
                    "Goed dat u dit noemt. Als je goed ziet, sta je hier niet bij stil.",
                    by=CITIZEN,
                ),
                comment(
                    "We nemen de eisen voor toegankelijkheid op in de opdracht voor het "
                    "ontwerpbureau. We vragen ook de Oogvereniging om mee te kijken.",
                    comment("Dank u wel, daar ben ik blij mee.", by=IDEA_AUTHOR),
                    by=PROCESMANAGER,
                ),
            ),
        ),
        IdeaSpec(
            "Pergola met klimplanten bij de terrassen",
            "Een houten pergola met blauweregen of druiven geeft schaduw boven de terrassen. "
            "In de winter vallen de bladeren af en komt de zon er weer door. Het geeft het "
            "plein een vriendelijke sfeer.",
        ),
        IdeaSpec(
            "Geen extra parkeerplaatsen op het plein",
            "Het zou zonde zijn als een deel van het nieuwe plein weer parkeerplaats wordt. Er "
            "is een grote parkeergarage op vijf minuten lopen. Gebruik de ruimte liever voor "
            "groen en om te verblijven.",
            appeal=3,
            day=-25,
            comments=(
                comment(
                    "Ik heb een winkel aan het plein. Veel van mijn klanten zijn ouderen die met "
                    "de auto komen. Zonder parkeerplaatsen in de buurt verlies ik klanten.",
                    comment(
                        "Dat begrijp ik. Misschien kunnen er aan de rand een paar plekken komen "
                        "voor laden en lossen en voor mensen met een gehandicaptenparkeerkaart?",
                        comment(
                            "Daar kan ik mee leven. Een paar invalidenplaatsen dicht bij de "
                            "winkels zou al veel helpen.",
                            by="Kees van den Berg",
                        ),
                        by=IDEA_AUTHOR,
                    ),
                    comment(
                        "De parkeergarage heeft een lift, dus ook voor ouderen is die goed te doen.",
                    ),
                    by="Kees van den Berg",
                    moderation=reported(
                        ReportSpec("Lisa van Leeuwen", NO_ADVERTISING, "Hij maakt reclame voor zijn eigen winkel."),
                        decision=Dismiss(
                            "Deze reactie beschrijft hoe een ondernemer aan het plein het idee "
                            "ervaart. Dat is geen reclame: er wordt geen zaak of aanbieding genoemd."
                        ),
                    ),
                ),
            ),
        ),
        IdeaSpec(
            "Schaaktafels en een tafeltennistafel",
            "Zet een paar vaste tafels neer met een schaakbord erin, en een tafeltennistafel. "
            "Zo kunnen jong en oud samen iets doen. Het plein wordt er levendiger van.",
        ),
        IdeaSpec(
            "Buurtmoestuin voor bewoners van de flats",
            "Maak een kleine moestuin in bakken, die bewoners uit de buurt samen onderhouden. "
            "Veel mensen in de flats rond het station hebben geen tuin. Zo krijgen zij een plek "
            "om te tuinieren en elkaar te leren kennen.",
        ),
        IdeaSpec(
            "Verlichting die vleermuizen spaart",
            "Kies bij nieuwe verlichting voor lampen met warm, amberkleurig licht. Die storen "
            "vleermuizen en insecten veel minder. Met bewegingssensoren kan het licht 's "
            "nachts zachter als er niemand is.",
        ),
        IdeaSpec(
            "Halfverharding in plaats van tegels",
            "Gebruik op de rustige delen van het plein geen tegels maar halfverharding, zoals "
            "grind of schelpen. Regenwater zakt dan gewoon in de grond. Het ziet er natuurlijk "
            "uit en het is koeler dan steen.",
            comments=(
                comment(
                    "Met mijn rollator is grind lastig. Het loopt heel zwaar.",
                    comment(
                        "Terecht punt. Dan alleen op plekken buiten de looproutes, zodat de paden "
                        "goed begaanbaar blijven.",
                        by=IDEA_AUTHOR,
                    ),
                ),
            ),
        ),
        IdeaSpec(
            "Kunstwerk van een kunstenaar uit Voorbeeld",
            "Geef een kunstenaar uit Voorbeeld de opdracht voor een kunstwerk dat iets vertelt "
            "over de geschiedenis van het station. Het mag ook een kunstwerk zijn waar kinderen "
            "op kunnen klimmen. Zo krijgt het plein een eigen gezicht.",
        ),
        IdeaSpec(
            "Afvalbakken die afval scheiden",
            "Er ligt vaak zwerfafval op het plein. Zet meer afvalbakken neer, met aparte vakken "
            "voor plastic, papier en restafval. Bakken die het afval zelf samenpersen hoeven "
            "minder vaak geleegd te worden.",
        ),
        IdeaSpec(
            "Een open goot die regenwater naar de bomen leidt",
            "Laat het regenwater niet in het riool verdwijnen. Een open goot in de bestrating "
            "kan het water naar de boomvakken en plantvakken leiden. Kinderen vinden het leuk "
            "om er bij regen naar te kijken. Zo zie je ook hoe het plein met water omgaat.",
        ),
        IdeaSpec(
            "Oplaadpunten op zonne-energie bij de bankjes",
            "Maak een paar bankjes met een oplaadpunt voor je telefoon, op zonne-energie. "
            "Handig als je telefoon leeg is en je je reisinformatie wilt bekijken.",
            day=-16,
            comments=(
                comment(
                    "Ik vind dit niet nodig. Zulke techniek gaat snel kapot en trekt vandalen aan. "
                    "Besteed het geld liever aan groen.",
                    comment(
                        "Dat begrijp ik. Misschien kan het eerst als proef met één bank?",
                        by=IDEA_AUTHOR,
                    ),
                    by="Gerrit Postma",
                    moderation=reported(
                        ReportSpec(IDEA_AUTHOR, RESPECTFUL, "Deze reactie is erg negatief over mijn idee."),
                    ),
                ),
            ),
        ),
        IdeaSpec(
            "Deelfietsen en deelscooters op één vaste plek",
            "Deelscooters en deelfietsen staan nu overal op het plein. Dat is rommelig en "
            "lastig voor mensen met een rolstoel of kinderwagen. Maak één duidelijke "
            "parkeerplek voor deelvervoer, dicht bij de ingang van het station.",
            appeal=2,
        ),
        IdeaSpec(
            "Plantvakken laten adopteren door bewoners",
            "Laat bewoners, scholen of winkels een plantvak adopteren. Zij zorgen samen met de "
            "gemeente voor het onderhoud. Zo blijft het groen mooi en voelen mensen zich "
            "verantwoordelijk voor hun plein.\n\nDe gemeente kan helpen met:\n\n"
            "- gereedschap en planten\n"
            "- een korte cursus tuinieren\n"
            "- een bordje met de naam van de adoptant",
        ),
        IdeaSpec(
            "Informatiebord over de geschiedenis van het station",
            "Het station bestaat bijna 125 jaar. Een bord met oude foto's en een kort verhaal "
            "over het station is leuk voor inwoners en bezoekers. Misschien wil de historische "
            "vereniging helpen.",
        ),
        IdeaSpec(
            "Houten ligbanken op het gras",
            "Ik zou graag een paar houten ligbanken op het gras zien, zoals in het Vondelpark. "
            "Daar kun je in de pauze of na het werk even liggen en naar de bomen kijken. Zo "
            "wordt het plein een plek om tot rust te komen, en niet alleen een plek om "
            "doorheen te lopen.",
            by=CITIZEN,
            appeal=3,
            day=-20,
            responses=(
                respond(
                    -4,
                    IdeaStatus.UNDER_CONSIDERATION,
                    "Dank voor uw idee. Ligbanken passen goed bij de grasvelden die in de "
                    "schetsontwerpen komen. We vragen het ontwerpbureau om ze in de schaduw van de "
                    "nieuwe bomen te zetten, zoals in de reacties werd voorgesteld.",
                ),
            ),
            comments=(
                comment(
                    "Leuk! Wel graag met wat schaduw, anders lig je in de zomer te bakken.",
                    comment(
                        "Goed punt. Het liefst onder of naast de nieuwe bomen dus.", by=IDEA_AUTHOR
                    ),
                ),
                comment(
                    "Ik vind dit meer iets voor een park dan voor een stationsplein. Maar als er "
                    "ruimte is, waarom niet.",
                ),
            ),
        ),
        IdeaSpec(
            "Tiny forest bij het station",
            "Plant een tiny forest op het Stationsplein: een klein, dicht bos met bomen en "
            "struiken die hier van nature groeien. Het koelt af in de zomer, houdt regenwater "
            "vast en is goed voor vogels en vlinders. Scholen uit de buurt kunnen helpen met "
            "planten.",
            by="Emma de Graaf",
            appeal=6,
            day=-10,
            comments=(
                comment(
                    "Dit lijkt erg op het idee voor een stadsbos aan de westkant. Misschien kunnen "
                    "jullie samen optrekken?",
                    comment(
                        "O, dat idee had ik gemist. Prima als ze worden samengevoegd!",
                        by=IDEA_AUTHOR,
                    ),
                    by="Anouk Mulder",
                ),
            ),
            merged=MergeSpec(
                "Een klein stadsbos aan de westkant",
                "Dit idee gaat over hetzelfde als het idee ‘Een klein stadsbos aan de westkant’. "
                "We hebben de ideeën samengevoegd, zodat alle steun en reacties op één plek "
                "samenkomen. Wie beide ideeën steunde, krijgt één steunbetuiging terug om aan een "
                "ander idee te geven.",
                after_hours=40,
            ),
        ),
        IdeaSpec(
            "Koffie to go bij Het Perron",
            "Wij van koffiebar Het Perron aan de Stationsstraat vinden dat er op het plein meer "
            "goede koffie moet komen! Kom proeven: met de code PLEIN krijgt u deze maand 10% "
            "korting op elke cappuccino. Bestellen kan ook via onze website.",
            by="Bram Willems",
            appeal=0.2,
            day=-2,
            comments=(
                comment("Dit is toch gewoon reclame voor uw eigen zaak?", by="Joyce Martina"),
            ),
            moderation=reported(
                ReportSpec("Annelies Dekker", NO_ADVERTISING, "Reclame voor een koffiebar, met een kortingscode."),
                ReportSpec("Daan Meijer", NO_ADVERTISING),
            ),
        ),
    ),
)

SCHOOLROUTES = ConsultationSpec(
    title="Verkeersveiligheid rond scholen",
    question="Hoe maken we de routes naar de basisscholen in Voorbeeld veiliger voor kinderen?",
    summary=(
        "Veel ouders maken zich zorgen over de drukte rond de scholen. We hebben uw ideeën "
        "verzameld en laten onderzoeken. Nu kiezen we welke maatregelen als eerste worden "
        "uitgevoerd. Steun de maatregelen die u het belangrijkst vindt."
    ),
    body="""\
## Waarom deze consultatie?

Elke schooldag gaan in Voorbeeld ruim 2.400 kinderen naar een van de zes basisscholen. Veel ouders vinden de routes naar school onveilig. Ze noemen drukke oversteekplekken, auto's die te hard rijden en ouders die dubbel parkeren.

In de eerste twee fasen vroegen we waar u zich onveilig voelt en wat u zou willen veranderen. Daar kwamen veel goede ideeën uit. Onze verkeerskundigen hebben ze allemaal bekeken.

## Wat ligt al vast?

- Er is € 450.000 beschikbaar voor dit jaar en volgend jaar.
- De Provinciale weg is van de provincie. Voor die weg kunnen we maatregelen alleen voorstellen.
- Alle maatregelen moeten passen binnen de landelijke richtlijnen voor verkeersveiligheid.

## Waar kunt u nu over meebeslissen?

Niet alles kan tegelijk. Daarom vragen we: welke maatregelen moeten als eerste worden uitgevoerd? Steun de ideeën die u het belangrijkst vindt. U kunt zoveel ideeën steunen als u wilt. Nieuwe ideeën plaatsen kan in deze fase niet meer, reageren wel.

## Wat gebeurt er met uw inbreng?

We maken een voorstel met de volgorde van de maatregelen. Daarbij kijken we naar het aantal steunbetuigingen, het advies van de verkeerskundigen en de kosten. Het college legt het voorstel voor aan de gemeenteraad. Bij elk idee leest u wat we ermee doen.
""",
    phases=(
        PhaseSpec(
            PhaseKind.AGENDA_SETTING,
            "Waar voelt u zich onveilig?",
            "We verzamelden plekken op de routes naar school waar kinderen gevaar lopen.",
            -120,
            -81,
        ),
        PhaseSpec(
            PhaseKind.POLICY_PREPARATION,
            "Oplossingen bedenken",
            "Samen bedachten we oplossingen voor de plekken die u noemde.",
            -80,
            -31,
        ),
        PhaseSpec(
            PhaseKind.DECISION,
            "Welke maatregelen gaan voor?",
            "Steun de maatregelen die volgens u als eerste moeten worden uitgevoerd. Daarna besluit de gemeenteraad.",
            -30,
            14,
        ),
        PhaseSpec(
            PhaseKind.IMPLEMENTATION,
            "Uitvoering van de maatregelen",
            "We voeren de gekozen maatregelen uit, de meeste in de zomervakantie.",
            15,
            230,
        ),
    ),
    ideas_per_phase=(7, 11),
    responder_role="verkeerskundige",
    comment_pool=(
        "Heel belangrijk. Ik breng elke ochtend mijn kinderen naar school en zie dagelijks gevaarlijke situaties.",
        "Eens. Laten we niet wachten tot er een ongeluk gebeurt.",
        "Goed plan. Het moet wel duidelijk worden uitgelegd aan ouders en buurtbewoners.",
        "Ik herken dit. Vooral rond kwart over acht is het erg druk.",
        "Als opa breng ik mijn kleinzoon twee keer per week naar school. Dit zou echt helpen.",
        "Kunnen we dit eerst een paar maanden proberen? Dan zien we of het werkt.",
        "Steun ik. Als de routes veiliger zijn, gaan meer kinderen zelf lopen of fietsen.",
        "Ik twijfel nog. Wat kost dit, en gaat het niet ten koste van andere maatregelen?",
    ),
    ideas=(
        # Agenda-setting: where it feels unsafe.
        IdeaSpec(
            "Gevaarlijke oversteek op de Kerkweg bij De Regenboog",
            "Bij basisschool De Regenboog steken elke ochtend veel kinderen de Kerkweg over. "
            "Auto's rijden daar vaak harder dan 50 kilometer per uur. Er is geen zebrapad en "
            "geen verkeerslicht. Ik sta elke dag met mijn hart in mijn keel als mijn dochter "
            "oversteekt.",
            appeal=6,
            responses=(
                respond(
                    -77,
                    IdeaStatus.UNDER_CONSIDERATION,
                    "Dank voor uw melding. Onze verkeerskundigen hebben de oversteek op de Kerkweg "
                    "bekeken en een week lang de snelheid gemeten: een op de vier auto's rijdt daar "
                    "harder dan 50 kilometer per uur. Deze plek krijgt voorrang. In de volgende fase "
                    "zoeken we samen naar de beste oplossing.",
                ),
            ),
            comments=(
                comment(
                    "Precies. Vorige maand werd hier een jongen bijna aangereden.",
                    comment(
                        "Dank voor deze signalen. Deze oversteek staat hoog op de lijst voor de "
                        "beslisfase.",
                        by=PROCESMANAGER,
                    ),
                ),
            ),
        ),
        IdeaSpec(
            "Auto's rijden te hard in de Lindelaan",
            "De Lindelaan is een 30 kilometerweg, maar veel auto's rijden veel harder. De weg "
            "is breed en recht, dus het voelt als een doorgaande weg. Kinderen van De Klimop "
            "fietsen hier elke dag naar school.",
            responses=(
                respond(
                    -76,
                    IdeaStatus.UNDER_CONSIDERATION,
                    "Dank u wel. We hebben twee weken lang de snelheid in de Lindelaan gemeten. "
                    "Veel automobilisten rijden daar inderdaad harder dan 30. We nemen de Lindelaan "
                    "mee in de volgende fase, waarin we maatregelen uitwerken.",
                ),
            ),
        ),
        IdeaSpec(
            "Ouders parkeren dubbel bij De Klimop",
            "Rond half negen staan er auto's dubbel geparkeerd voor De Klimop. Kinderen lopen "
            "tussen de geparkeerde auto's door de straat op. Je ziet ze pas op het laatste "
            "moment.",
            responses=(
                respond(
                    -75,
                    IdeaStatus.UNDER_CONSIDERATION,
                    "Dank voor uw melding. Dubbel parkeren bij De Klimop is een bekend probleem, dat "
                    "we ook met de school bespreken. In de volgende fase kwamen er ideeën voor een "
                    "kiss-and-ride-strook, een schoolstraat en vaker controleren. Die bekijken we in "
                    "samenhang.",
                ),
            ),
            comments=(
                comment(
                    "Als ouder begrijp ik dat het soms niet anders kan. Ik moet na het brengen "
                    "meteen door naar mijn werk.",
                    comment(
                        "Dat begrijp ik, maar een paar honderd meter verderop parkeren en het "
                        "laatste stuk lopen is veel veiliger voor alle kinderen.",
                        comment(
                            "Daar heeft u gelijk in. Als er een goede plek is om even te stoppen, "
                            "doe ik dat graag.",
                            by="Esra Demir",
                        ),
                    ),
                    by="Esra Demir",
                ),
                comment(
                    "Het zijn elke ochtend dezelfde ouders met hun dikke SUV. Asociaal volk. Ik zou "
                    "hun kentekens hier het liefst op zetten.",
                    by="Tim Hendriks",
                    day=-3,
                    moderation=reported(
                        ReportSpec(
                            "Esra Demir",
                            RESPECTFUL,
                            "Ik breng zelf mijn kinderen naar De Klimop en voel me hierdoor "
                            "aangevallen.",
                        ),
                        ReportSpec("Wim Hoekstra", PRIVACY, "Kentekens van mensen horen hier niet."),
                    ),
                ),
            ),
        ),
        IdeaSpec(
            "Geen fietspad op de route naar Het Baken",
            "Kinderen die naar Het Baken fietsen, moeten een stuk over de Stationsweg zonder "
            "fietspad. Daar rijden ook bussen. Voor kinderen van acht of negen jaar is dat "
            "echt te gevaarlijk.",
            appeal=3,
            responses=(
                respond(
                    -74,
                    IdeaStatus.UNDER_CONSIDERATION,
                    "Dank u wel. Het stuk Stationsweg zonder fietspad is ook volgens onze "
                    "verkeerskundigen een zwakke plek, omdat daar bussen rijden. We onderzoeken of "
                    "er ruimte is voor een vrijliggend fietspad of voor rode fietsstroken.",
                ),
            ),
        ),
        IdeaSpec(
            "Vrachtverkeer op de Molenstraat in de ochtend",
            "Elke ochtend rijden er vrachtwagens over de Molenstraat naar de bouwmarkt. Dat "
            "gebeurt precies als de kinderen naar school gaan. Chauffeurs zien fietsende "
            "kinderen naast hun wagen vaak niet.",
            responses=(
                respond(
                    -73,
                    IdeaStatus.UNDER_CONSIDERATION,
                    "Dank voor uw melding. We gaan in gesprek met de bouwmarkt en de vervoerders "
                    "over de tijden waarop zij leveren. Ook bekijken we of vrachtverkeer rond de "
                    "scholen aan tijden kan worden gebonden.",
                ),
            ),
        ),
        IdeaSpec(
            "Heg belemmert het zicht op de kruising bij de Beukenlaan",
            "Op de hoek van de Beukenlaan en de Populierenstraat staat een hoge heg. Als je "
            "uit de Populierenstraat komt, zie je fietsers pas als ze al vlak voor je zijn. "
            "Kan de heg lager worden gesnoeid?",
            responses=(
                respond(
                    -79,
                    IdeaStatus.ADOPTED,
                    "Dank voor uw melding. De heg staat op grond van de gemeente en is inderdaad te "
                    "hoog. We hebben de groenploeg gevraagd hem binnen twee weken tot een meter "
                    "hoogte te snoeien.",
                ),
                respond(
                    -72,
                    IdeaStatus.IMPLEMENTED,
                    "De groenploeg heeft de heg gesnoeid tot een meter hoog. Wie uit de "
                    "Populierenstraat komt, ziet fietsers nu op tijd aankomen. We houden de heg "
                    "voortaan op deze hoogte.",
                ),
            ),
            comments=(
                comment(
                    "Klopt. Ik woon op de hoek en zie het bijna elke ochtend net goed gaan.",
                    comment("Fijn dat u het herkent. Hopelijk wordt er snel gesnoeid.", by=IDEA_AUTHOR),
                ),
            ),
        ),
        IdeaSpec(
            "Donkere route door het Julianapark in de winter",
            "Veel kinderen fietsen door het Julianapark naar school. In de winter is het om "
            "acht uur 's ochtends nog donker, en langs het fietspad staan bijna geen "
            "lantaarns. Ouders brengen hun kinderen daarom liever met de auto.",
            responses=(
                respond(
                    -72,
                    IdeaStatus.UNDER_CONSIDERATION,
                    "Dank voor uw melding. We hebben het fietspad door het Julianapark in het donker "
                    "bekeken: tussen de ingang aan de Parkweg en de vijver staat maar één lantaarn. "
                    "In de volgende fase werken we uit hoeveel extra verlichting nodig is, met "
                    "lampen die de dieren in het park zo weinig mogelijk storen.",
                ),
            ),
        ),
        # Policy preparation: solutions.
        IdeaSpec(
            "Schoolstraat: autovrij bij begin en einde van de schooldag",
            "Maak de straat voor de school een half uur autovrij als de school begint en "
            "uitgaat. Dat heet een schoolstraat. Een hek of bord laat zien dat auto's er dan "
            "niet in mogen. Bewoners kunnen een ontheffing krijgen. In België werkt dit al bij "
            "honderden scholen.",
            appeal=9,
            responses=(
                respond(
                    -27,
                    IdeaStatus.UNDER_CONSIDERATION,
                    "Dank voor dit idee, dat veel steun krijgt. Een schoolstraat werkt goed als de "
                    "straten eromheen de auto's kunnen opvangen. De verkeerskundigen hebben dat per "
                    "school bekeken: bij De Klimop en Het Baken kan het, bij De Regenboog niet, "
                    "omdat de Kerkweg een busroute is. In deze beslisfase kunt u de schoolstraat "
                    "steunen. Daarna besluit de gemeenteraad.",
                ),
            ),
            comments=(
                comment(
                    "Ik woon naast De Klimop. Hoe kom ik dan met de auto naar mijn werk als ik om "
                    "kwart over acht weg moet?",
                    comment(
                        "Bewoners van de straat krijgen meestal een ontheffing. U kunt dan "
                        "stapvoets de straat uit rijden.",
                        comment(
                            "Dat stelt me gerust. Dan heb ik er geen bezwaar tegen.",
                            by="Wim Hoekstra",
                        ),
                        by=IDEA_AUTHOR,
                    ),
                    by="Wim Hoekstra",
                ),
                comment(
                    "Ik ben er niet zo zeker van. Verschuift de drukte dan niet gewoon naar de "
                    "straten ernaast?",
                    comment(
                        "Dat risico is er. In de beslisfase kijken we per school of de straten "
                        "eromheen genoeg ruimte hebben. Bij sommige scholen is een schoolstraat "
                        "daardoor misschien niet de beste keuze.",
                        by=PROCESMANAGER,
                    ),
                    comment(
                        "Bij de school van mijn neefje in Gent viel dat mee. Na een paar weken "
                        "kwamen veel meer kinderen lopend of op de fiets.",
                    ),
                ),
                comment(
                    "Eindelijk! Dit vind ik de beste oplossing die ik tot nu toe heb gezien.",
                    by=CITIZEN,
                ),
            ),
        ),
        IdeaSpec(
            "Kiss-and-ride-strook op loopafstand van school",
            "Maak een paar honderd meter van de school een strook waar ouders kort kunnen "
            "stoppen om hun kind uit te laten. Het laatste stuk lopen de kinderen. Zo blijft "
            "het rustig bij de schoolingang.",
            responses=(
                respond(
                    -26,
                    IdeaStatus.UNDER_CONSIDERATION,
                    "Dank u wel. Bij De Klimop is een strook mogelijk op ongeveer 200 meter van de "
                    "school, op de parkeerplaats bij de sporthal. We leggen dit samen met de "
                    "schoolstraat voor aan de gemeenteraad: de twee maatregelen versterken elkaar.",
                ),
            ),
            comments=(
                comment(
                    "Ik denk dat zo'n strook juist meer ouders uitnodigt om met de auto te komen.",
                    comment(
                        "Dat kan, maar die ouders komen nu ook al met de auto. Dan is het beter "
                        "als ze op een veilige plek stoppen.",
                        by=IDEA_AUTHOR,
                    ),
                ),
            ),
        ),
        IdeaSpec(
            "Verkeersbrigadiers ook bij De Klimop",
            "Bij De Regenboog staan 's ochtends verkeersbrigadiers, bij De Klimop niet. "
            "Ouders, opa's en oma's willen best helpen. De gemeente kan zorgen voor de cursus "
            "en de hesjes.",
            appeal=3,
            responses=(
                respond(
                    -25,
                    IdeaStatus.ADOPTED,
                    "Mooi dat zich al vrijwilligers melden! We nemen dit idee over. De gemeente "
                    "betaalt de opleiding bij Veilig Verkeer Nederland en zorgt voor hesjes en "
                    "borden. Samen met De Klimop zoeken we nog een paar vrijwilligers, zodat er elke "
                    "schoolochtend twee brigadiers kunnen staan.",
                ),
            ),
            updates=(
                UpdateSpec(
                    -6,
                    40,
                    "Er hebben zich acht vrijwilligers gemeld: ouders, grootouders en twee "
                    "buurtbewoners. Zij volgen binnenkort de opleiding. Daarna staan er elke "
                    "schoolochtend verkeersbrigadiers bij De Klimop.",
                    (
                        MilestoneSpec("Vrijwilligers gevonden", -9, done=True),
                        MilestoneSpec("Opleiding bij Veilig Verkeer Nederland", 8),
                        MilestoneSpec("Eerste ochtend met verkeersbrigadiers bij De Klimop", 22),
                    ),
                ),
            ),
            comments=(
                comment(
                    "Ik ben met pensioen en wil dit graag een paar ochtenden per week doen.",
                    by="Gerrit Postma",
                ),
            ),
        ),
        IdeaSpec(
            "Verhoogd plateau bij de oversteek op de Kerkweg",
            "Leg op de Kerkweg bij De Regenboog een verhoogd plateau met een zebrapad. Auto's "
            "moeten dan vanzelf afremmen. Dat is veiliger dan alleen een bord, omdat je niet "
            "hoeft te rekenen op goed gedrag.",
            appeal=7,
            responses=(
                respond(
                    -24,
                    IdeaStatus.UNDER_CONSIDERATION,
                    "Dank u wel. Een verhoogd plateau met zebrapad is volgens de verkeerskundigen de "
                    "beste oplossing voor deze oversteek. Omdat de bus over de Kerkweg rijdt, kiezen "
                    "we een plateau met flauwe hellingen, zoals in de Dorpsstraat. Het kost ongeveer "
                    "€ 85.000. U kunt deze maatregel in de beslisfase steunen.",
                ),
            ),
            comments=(
                comment(
                    "Let wel op: de bus rijdt over de Kerkweg. Een hoog plateau is niet prettig "
                    "voor buspassagiers.",
                    comment(
                        "Er zijn plateaus met een flauwe helling die geschikt zijn voor bussen. "
                        "Die liggen bijvoorbeeld ook in de Dorpsstraat.",
                        by=CIVIL_SERVANT,
                    ),
                ),
            ),
        ),
        IdeaSpec(
            "30 kilometerzone in de hele wijk Oost",
            "In Oost liggen drie scholen dicht bij elkaar. Maak van de hele wijk een "
            "30 kilometerzone, niet alleen van een paar straten. Dat is duidelijk voor "
            "iedereen en het maakt alle routes naar school veiliger.",
            responses=(
                respond(
                    -23,
                    IdeaStatus.NOT_ADOPTED,
                    "Dank voor uw idee. We nemen het niet over. Bijna alle straten in Oost zijn al "
                    "een 30 kilometerzone. Alleen op de Oosterweg mag u 50, omdat de bus en de "
                    "hulpdiensten daar vlot moeten kunnen doorrijden. Wel maken we de "
                    "oversteekplekken op de Oosterweg veiliger. Die nemen we mee met het verhoogde "
                    "plateau op de Kerkweg.",
                ),
            ),
            comments=(
                comment(
                    "De Oosterweg is de belangrijkste weg de wijk uit. Daar 30 rijden lijkt me "
                    "niet nodig, als er goede oversteekplekken komen.",
                    comment(
                        "Dat snap ik. Misschien kan de Oosterweg 50 blijven en wordt de rest van "
                        "de wijk 30.",
                        by=IDEA_AUTHOR,
                    ),
                ),
            ),
        ),
        IdeaSpec(
            "Rood fietspad op de Stationsweg naar Het Baken",
            "Leg op de Stationsweg een vrijliggend fietspad aan, of in elk geval duidelijke "
            "rode fietsstroken. Dan hebben kinderen hun eigen plek op de weg.",
            appeal=4,
            responses=(
                respond(
                    -22,
                    IdeaStatus.UNDER_CONSIDERATION,
                    "Dank u wel. Een vrijliggend fietspad past niet overal: bij de bushalte is de "
                    "Stationsweg te smal. Rode fietsstroken kunnen wel over de hele lengte. In de "
                    "beslisfase kunt u deze maatregel steunen.",
                ),
            ),
        ),
        IdeaSpec(
            "Borden die laten zien hoe hard je rijdt",
            "Hang borden op die je eigen snelheid laten zien, met een lachend of boos gezicht. "
            "Zo merken mensen op een vriendelijke manier dat ze te hard rijden. De borden zijn "
            "ook makkelijk te verplaatsen naar andere straten.",
            responses=(
                respond(
                    -21,
                    IdeaStatus.PARTLY_ADOPTED,
                    "Dank voor uw idee. We hebben al twee verplaatsbare borden. Die zetten we vanaf "
                    "volgende maand om de zes weken op een andere route naar school. Extra borden "
                    "kopen we niet: uit metingen blijkt dat het effect na een paar weken afneemt. "
                    "Het geld gaat liever naar maatregelen in de weg zelf.",
                ),
            ),
            comments=(
                comment(
                    "Die borden werken maar kort. Na een paar weken let niemand er meer op.",
                    comment(
                        "Daarom zou ik ze steeds verplaatsen. Dan blijven ze opvallen.",
                        by=IDEA_AUTHOR,
                    ),
                ),
            ),
        ),
        IdeaSpec(
            "Loopbus: samen lopend naar school",
            "Een loopbus is een groepje kinderen dat met een paar ouders naar school loopt, "
            "langs vaste haltes. Het is gezond en gezellig, en er komen minder auto's bij de "
            "school.\n\nDe gemeente kan helpen met:\n\n"
            "- hesjes en bordjes voor de haltes\n"
            "- een kaart met veilige looproutes\n"
            "- het bekendmaken bij ouders",
            responses=(
                respond(
                    -20,
                    IdeaStatus.UNDER_CONSIDERATION,
                    "Een mooi idee. We vragen de scholen of er ouders zijn die een loopbus willen "
                    "starten. Als dat zo is, zorgt de gemeente voor hesjes, bordjes voor de haltes "
                    "en een kaart met veilige looproutes.",
                ),
            ),
        ),
        IdeaSpec(
            "Verkeerslessen op straat voor groep 7 en 8",
            "Kinderen leren de verkeersregels in de klas, maar oefenen te weinig op straat. "
            "Laat groep 7 en 8 onder begeleiding hun route naar de middelbare school fietsen. "
            "Zo zijn ze beter voorbereid als ze straks alleen gaan.",
            responses=(
                respond(
                    -19,
                    IdeaStatus.ADOPTED,
                    "Dank u wel, we nemen dit over. Vanaf het nieuwe schooljaar bieden we alle "
                    "basisscholen een praktijkles aan, samen met Veilig Verkeer Nederland. Groep 8 "
                    "fietst dan onder begeleiding de route naar de middelbare school.",
                ),
            ),
        ),
        IdeaSpec(
            "Vaker controleren op parkeren bij scholen",
            "Er zijn al regels tegen dubbel parkeren en parkeren op de stoep. Alleen wordt er "
            "bijna nooit op gecontroleerd. Laat de handhavers een paar weken vaker bij de "
            "scholen langsgaan, dan verandert het gedrag vanzelf.",
            responses=(
                respond(
                    -18,
                    IdeaStatus.ADOPTED,
                    "We nemen dit over. De handhavers gaan de komende drie maanden bij elke "
                    "basisschool minstens twee keer per week langs als kinderen worden gebracht en "
                    "gehaald. Eerst geven ze waarschuwingen, daarna boetes.",
                ),
            ),
        ),
        IdeaSpec(
            "Geen vrachtwagens tussen 8.00 en 8.45 uur",
            "Sta geen vrachtwagens toe in de straten rond de scholen als de kinderen naar "
            "school gaan. Leveranciers van de winkels kunnen ook iets later komen. In andere "
            "steden gebeurt dit al.",
            responses=(
                respond(
                    -17,
                    IdeaStatus.PARTLY_ADOPTED,
                    "Dank voor uw idee. Een verbod op vrachtverkeer in de hele wijk kan niet, omdat "
                    "de Molenstraat de enige route naar het bedrijventerrein is. Wel hebben we met "
                    "de bouwmarkt en de winkeliers in de Molenstraat afgesproken dat zij op "
                    "schooldagen pas na 9.00 uur laten leveren.",
                ),
            ),
            comments=(
                comment(
                    "Als winkelier krijg ik mijn bestelling om acht uur. Iets later is prima, als "
                    "het maar duidelijk wordt afgesproken met de leveranciers.",
                ),
            ),
        ),
    ),
)

SPEELPLAATSEN_OUTCOME_TITLE = "Speelplekkenplan Noord: wat we met uw inbreng doen"

SPEELPLAATSEN_OUTCOME = """\
Kinderen, ouders en buren uit Noord hebben in drie fasen veertien ideeën geplaatst, erop gereageerd en ze gesteund. Die ideeën vormden de basis voor het Speelplekkenplan Noord. De gemeenteraad heeft het plan vastgesteld.

## Wat gaan we doen?

Er is € 320.000 beschikbaar. Daarmee doen we het volgende:

- **Merelpark**: de oude speeltuin wordt een natuurspeeltuin, met toestellen waar alle kinderen samen op kunnen spelen.
- **Wijkcentrum**: een voetbalkooi met geluidsarme panelen, en een rekstok en een brug voor jongeren en volwassenen.
- **Zwanenlaan**: extra bankjes, een picknicktafel, een hek rond de peuterspeelplek en een aparte hondenuitlaatplek.
- **Vogelbuurt**: een speelstoep met spelletjes in de bestrating.

## Wat doen we niet?

Een skatebaan achter de sporthal past niet binnen het budget, en de grond is nodig voor de uitbreiding van de school. Ook een overdekte hangplek buiten komt er niet. Hieronder leest u bij elk idee waarom.

## Hoe gaat het verder?

Een kinderjury van twaalf kinderen kiest mee uit de ontwerpen voor de natuurspeeltuin. De aanleg begint daarna en duurt ongeveer vijf maanden. Bij elk idee houden we u op de hoogte van de voortgang.

Dank aan iedereen die heeft meegedacht!
"""

SPEELPLAATSEN = ConsultationSpec(
    title="Speelplaatsen in Noord",
    question="Welke speelplekken heeft de wijk Noord nodig, en waar?",
    summary=(
        "In de wijk Noord waren veel speeltoestellen oud of kapot. Samen met kinderen, "
        "ouders en buren kozen we welke speelplekken werden vernieuwd. De nieuwe "
        "speelplekken zijn klaar. Hier leest u wat er met de ideeën is gedaan."
    ),
    body="""\
## Waarom deze consultatie?

In de wijk Noord waren veel speeltoestellen oud of kapot. Samen met kinderen, ouders en buren hebben we bekeken welke speelplekken de wijk nodig heeft, en waar.

## Wat lag vast?

- Er was € 320.000 beschikbaar voor nieuwe speelplekken in Noord.
- Alle speeltoestellen moeten voldoen aan de wettelijke veiligheidseisen.
- Het Merelpark blijft een park: er komen geen gebouwen bij.

## Wat is er met uw ideeën gedaan?

Er kwamen veel ideeën binnen, met reacties en steun. Dit is het resultaat:

- In het Merelpark ligt nu een **natuurspeeltuin** met boomstammen, een heuvel en een waterpomp.
- Er staan **toestellen waar alle kinderen samen op kunnen spelen**, ook kinderen in een rolstoel.
- Naast het wijkcentrum staat een **voetbalkooi** met geluidsarme hekken.
- De Vogelbuurt heeft een **speelstoep** met spelletjes in de bestrating.
- Een skatebaan paste helaas niet binnen het budget. Dat idee bewaren we voor later.

Bij elk idee leest u wat we ermee hebben gedaan. Dank aan iedereen die heeft meegedacht!
""",
    phases=(
        PhaseSpec(
            PhaseKind.AGENDA_SETTING,
            "Wat mist u in Noord?",
            "Kinderen, ouders en buren vertelden wat er mis is met de speelplekken in Noord.",
            -330,
            -291,
        ),
        PhaseSpec(
            PhaseKind.POLICY_PREPARATION,
            "Ideeën voor nieuwe speelplekken",
            "Samen bedachten we hoe de nieuwe speelplekken eruit moeten zien.",
            -290,
            -241,
        ),
        PhaseSpec(
            PhaseKind.DECISION,
            "Keuzes maken",
            "U steunde de ideeën die u het belangrijkst vond. De gemeenteraad stelde daarna het plan vast.",
            -240,
            -211,
        ),
        PhaseSpec(
            PhaseKind.IMPLEMENTATION,
            "Aanleg van de speelplekken",
            "De nieuwe speelplekken zijn aangelegd.",
            -210,
            -61,
        ),
        PhaseSpec(
            PhaseKind.EVALUATION,
            "Terugblik",
            "Hoe bevallen de nieuwe speelplekken? We vroegen het aan kinderen, ouders en buren.",
            -60,
            -15,
        ),
    ),
    ideas_per_phase=(6, 8),
    responder_role="projectleider speelplekken Noord",
    followers=(CITIZEN,),
    outcome=OutcomeSpec(-207, SPEELPLAATSEN_OUTCOME_TITLE, SPEELPLAATSEN_OUTCOME),
    comment_pool=(
        "Mijn kinderen spelen in deze buurt. Fijn dat hier aandacht voor is.",
        "Goed idee. Houd er wel rekening mee dat ook kleine kinderen er veilig moeten kunnen spelen.",
        "Mooi dat de gemeente hier naar luistert.",
        "Ik hoop dat het ook goed onderhouden wordt. De vorige toestellen waren snel kapot.",
        "Als buurman vind ik het prima, zolang het 's avonds rustig blijft.",
        "Eens! Er is in Noord echt te weinig voor kinderen.",
    ),
    ideas=(
        IdeaSpec(
            "Speeltoestellen in het Merelpark zijn kapot",
            "De schommel in het Merelpark is al maanden kapot en de glijbaan heeft scherpe "
            "randen. Er is bijna niets meer om op te spelen. Kinderen gaan daarom naar de "
            "speeltuin in de wijk ernaast, maar die is ver weg.",
            appeal=5,
            responses=(
                respond(
                    -288,
                    IdeaStatus.UNDER_CONSIDERATION,
                    "Dank voor uw melding. We hebben de kapotte schommel meteen weggehaald, omdat "
                    "die niet meer veilig was. Hoe de speelplek in het Merelpark er straks "
                    "uitziet, bedenken we in de volgende fase samen met u.",
                ),
                respond(
                    -67,
                    IdeaStatus.IMPLEMENTED,
                    "Alle oude toestellen in het Merelpark zijn vervangen door de nieuwe "
                    "natuurspeeltuin.",
                ),
            ),
            decision=DecisionSpec(
                IdeaStatus.ADOPTED,
                "Alle oude toestellen in het Merelpark worden vervangen. Er komt een "
                "natuurspeeltuin, zie het idee ‘Natuurspeeltuin in het Merelpark’.",
            ),
            comments=(
                comment(
                    "Alle oude toestellen in het Merelpark zijn vervangen door een natuurspeeltuin. "
                    "Dank voor uw melding!",
                    by=PROCESMANAGER,
                    during=PhaseKind.EVALUATION,
                ),
            ),
        ),
        IdeaSpec(
            "Niets te doen voor tieners",
            "Voor kleine kinderen zijn er speeltuinen, maar voor jongeren van 12 tot 16 jaar "
            "is er niets. Ze hangen daarom rond bij de supermarkt. Dat geeft soms overlast. "
            "Geef ze een eigen plek.",
            responses=(
                respond(
                    -287,
                    IdeaStatus.UNDER_CONSIDERATION,
                    "Dank u wel. Dit horen we vaker. Samen met het jongerenwerk gaan we met "
                    "jongeren uit Noord in gesprek over wat voor plek zij willen. Hun ideeën "
                    "nemen we mee in de volgende fase.",
                ),
            ),
            decision=DecisionSpec(
                IdeaStatus.PARTLY_ADOPTED,
                "Jongeren krijgen een voetbalkooi en sporttoestellen bij het wijkcentrum. Een "
                "overdekte hangplek buiten komt er niet, omdat de buren daar bezwaren tegen "
                "hadden. Samen met het jongerenwerk zoeken we een plek in het wijkcentrum waar "
                "jongeren elkaar kunnen ontmoeten.",
            ),
            comments=(
                comment(
                    "Ik denk niet dat een paar toestellen dit oplossen. Jongeren willen vooral een "
                    "plek om samen te zijn.",
                    comment(
                        "Dat is ook waar. Een overdekte zitplek erbij zou al helpen.",
                        by=IDEA_AUTHOR,
                    ),
                ),
            ),
        ),
        IdeaSpec(
            "Te weinig bankjes bij de speeltuin aan de Zwanenlaan",
            "Bij de speeltuin aan de Zwanenlaan staat maar één bankje. Ouders en grootouders "
            "staan daardoor vaak. Een paar extra bankjes en een picknicktafel zouden heel fijn "
            "zijn.",
            responses=(
                respond(
                    -286,
                    IdeaStatus.UNDER_CONSIDERATION,
                    "Dank voor uw idee. Extra bankjes en een picknicktafel zijn niet duur en "
                    "passen goed bij de speeltuin. We nemen het mee in het plan voor de "
                    "speelplekken.",
                ),
                respond(
                    -148,
                    IdeaStatus.IMPLEMENTED,
                    "De drie nieuwe bankjes en de picknicktafel bij de speeltuin aan de "
                    "Zwanenlaan staan er.",
                ),
            ),
            decision=DecisionSpec(
                IdeaStatus.ADOPTED,
                "Er komen drie bankjes met rugleuning en een picknicktafel bij de speeltuin aan "
                "de Zwanenlaan.",
            ),
        ),
        IdeaSpec(
            "Honden op het speelveld aan de Zwanenlaan",
            "Op het speelveld aan de Zwanenlaan laten veel mensen hun hond uit. Daardoor ligt "
            "er vaak hondenpoep in het gras waar kinderen spelen. Maak duidelijk waar honden "
            "wel en niet mogen komen.",
            responses=(
                respond(
                    -285,
                    IdeaStatus.UNDER_CONSIDERATION,
                    "Dank voor uw melding. Samen met de buurt kijken we waar een "
                    "hondenuitlaatplek kan komen, zodat het speelveld schoon blijft voor de "
                    "kinderen.",
                ),
            ),
            decision=DecisionSpec(
                IdeaStatus.ADOPTED,
                "Er komt een omheinde hondenuitlaatplek naast het speelveld. Op het speelveld "
                "zelf zijn honden dan niet meer welkom. Borden maken duidelijk waar honden wel en "
                "niet mogen komen.",
            ),
            updates=(
                UpdateSpec(
                    -120,
                    30,
                    "De borden bij het speelveld staan er. Voor de omheinde hondenuitlaatplek "
                    "vragen we een vergunning aan, omdat er een hek langs de sloot komt.",
                    (
                        MilestoneSpec("Borden bij het speelveld geplaatst", -126, done=True),
                        MilestoneSpec("Vergunning voor de uitlaatplek", -60),
                        MilestoneSpec("Aanleg van de uitlaatplek", -20),
                    ),
                ),
                UpdateSpec(
                    -18,
                    70,
                    "De vergunning is rond, maar later dan we hoopten. Daardoor schuift de aanleg "
                    "van de uitlaatplek een paar weken op. De aannemer begint binnenkort. Daarna "
                    "kijken we samen met de buurt of het speelveld schoner is geworden.",
                    (
                        MilestoneSpec("Borden bij het speelveld geplaatst", -126, done=True),
                        MilestoneSpec("Vergunning voor de uitlaatplek", -40, done=True),
                        MilestoneSpec("Aanleg van de uitlaatplek", 24),
                        MilestoneSpec("Evaluatie met de buurt", 110),
                    ),
                ),
            ),
            comments=(
                comment(
                    "Als hondenbezitter ruim ik altijd alles op. Jammer dat iedereen zo over één "
                    "kam wordt geschoren.",
                    comment(
                        "Dat begrijp ik, en het ligt zeker niet aan iedereen. Een aparte "
                        "uitlaatplek vlakbij zou voor iedereen fijn zijn.",
                        by=IDEA_AUTHOR,
                    ),
                ),
            ),
        ),
        IdeaSpec(
            "Te weinig schaduw bij de zandbak",
            "De zandbak in het Merelpark ligt de hele dag in de zon. In de zomer is het zand "
            "zo heet dat kinderen er niet in kunnen spelen. Een boom of een schaduwdoek zou "
            "helpen.",
            responses=(
                respond(
                    -284,
                    IdeaStatus.UNDER_CONSIDERATION,
                    "Dank u wel. Een boom bij de zandbak geeft pas over een paar jaar schaduw. We "
                    "bekijken of we tot die tijd een schaduwdoek kunnen ophangen.",
                ),
            ),
            decision=DecisionSpec(
                IdeaStatus.PARTLY_ADOPTED,
                "We planten twee lindebomen bij de zandbak. Een schaduwdoek hangen we niet op: in "
                "het park is dat te kwetsbaar voor vernieling. Tot de bomen groot genoeg zijn, is "
                "er schaduw onder de eiken vlakbij.",
            ),
        ),
        IdeaSpec(
            "Geen speelplek in de Vogelbuurt",
            "In de Vogelbuurt wonen veel jonge gezinnen, maar er is geen enkele speelplek. "
            "Kinderen spelen op straat tussen de auto's. Zelfs een kleine speelplek zou al "
            "veel verschil maken.",
            appeal=3,
            responses=(
                respond(
                    -283,
                    IdeaStatus.UNDER_CONSIDERATION,
                    "Dank voor uw melding. In de Vogelbuurt is weinig ruimte, maar we zoeken naar "
                    "een plek. Heeft u een idee waar dat zou kunnen? Deel het in de volgende "
                    "fase.",
                ),
                respond(
                    -119,
                    IdeaStatus.IMPLEMENTED,
                    "De Vogelbuurt heeft nu een speelstoep in de Merelstraat en de Lijsterstraat.",
                ),
            ),
            decision=DecisionSpec(
                IdeaStatus.ADOPTED,
                "De Vogelbuurt krijgt een speelstoep, zie het idee ‘Speelstoep in de Vogelbuurt’.",
            ),
        ),
        IdeaSpec(
            "Natuurspeeltuin in het Merelpark",
            "Maak van de oude speeltuin in het Merelpark een natuurspeeltuin, met boomstammen, "
            "een heuvel, zand en een waterpomp. Kinderen kunnen daar klimmen, bouwen en "
            "ontdekken. Natuurlijke materialen passen ook goed bij het park.",
            appeal=9,
            responses=(
                respond(
                    -235,
                    IdeaStatus.UNDER_CONSIDERATION,
                    "Dank voor dit idee, dat veel steun krijgt. Een natuurspeeltuin past goed bij "
                    "het Merelpark en kost ongeveer € 140.000. Het wordt een van de keuzes in de "
                    "beslisfase.",
                ),
                respond(
                    -68,
                    IdeaStatus.IMPLEMENTED,
                    "De natuurspeeltuin in het Merelpark is klaar en geopend door de kinderjury. "
                    "Dank aan iedereen die heeft meegedacht!",
                ),
            ),
            decision=DecisionSpec(
                IdeaStatus.ADOPTED,
                "De natuurspeeltuin kreeg de meeste steun en wordt het hart van het plan. Er "
                "komen boomstammen, een heuvel met een glijbaan, een zandplaats en een waterpomp.",
            ),
            updates=(
                UpdateSpec(
                    -190,
                    10,
                    "De kinderjury heeft het ontwerp gekozen en de aannemer is bekend. Het werk "
                    "begint over een paar weken met het weghalen van de oude toestellen.",
                    (
                        MilestoneSpec("Ontwerp gekozen door de kinderjury", -196, done=True),
                        MilestoneSpec("Oude toestellen weghalen", -170),
                        MilestoneSpec("Heuvel, zandplaats en waterpomp aanleggen", -115),
                        MilestoneSpec("Opening door de kinderjury", -75),
                    ),
                ),
                UpdateSpec(
                    -125,
                    60,
                    "De oude toestellen zijn weg en de heuvel ligt er. Nu volgen de boomstammen, de "
                    "waterpomp en de toestellen waar alle kinderen samen op kunnen spelen.",
                    (
                        MilestoneSpec("Ontwerp gekozen door de kinderjury", -196, done=True),
                        MilestoneSpec("Oude toestellen weghalen", -166, done=True),
                        MilestoneSpec("Heuvel, zandplaats en waterpomp aanleggen", -105),
                        MilestoneSpec("Opening door de kinderjury", -70),
                    ),
                ),
                UpdateSpec(
                    -69,
                    100,
                    "De natuurspeeltuin is klaar! De kinderjury heeft hem geopend met een "
                    "speurtocht door het park.",
                    (
                        MilestoneSpec("Ontwerp gekozen door de kinderjury", -196, done=True),
                        MilestoneSpec("Oude toestellen weghalen", -166, done=True),
                        MilestoneSpec("Heuvel, zandplaats en waterpomp aanleggen", -102, done=True),
                        MilestoneSpec("Opening door de kinderjury", -70, done=True),
                    ),
                ),
            ),
            comments=(
                comment(
                    "De natuurspeeltuin is af! Dank aan alle kinderen en ouders die hebben meegedacht.",
                    comment("Mijn kinderen willen er elke dag naartoe. Dank jullie wel!"),
                    by=PROCESMANAGER,
                    during=PhaseKind.EVALUATION,
                ),
                comment(
                    "Mooi geworden, maar na een regenbui is het bij de waterpomp een grote modderpoel.",
                    comment(
                        "Dank voor uw melding. We leggen er in het voorjaar extra drainage aan.",
                        by=CIVIL_SERVANT,
                    ),
                    during=PhaseKind.EVALUATION,
                ),
            ),
        ),
        IdeaSpec(
            "Voetbalkooi bij het wijkcentrum",
            "Zet een voetbalkooi naast het wijkcentrum. Jongeren kunnen daar voetballen en "
            "basketballen. Het wijkcentrum houdt een oogje in het zeil.",
            appeal=5,
            responses=(
                respond(
                    -234,
                    IdeaStatus.UNDER_CONSIDERATION,
                    "Dank u wel. Naast het wijkcentrum is ruimte voor een voetbalkooi. We nemen "
                    "de zorgen van de buren over geluid serieus en kijken naar geluidsarme hekken "
                    "en vaste openingstijden.",
                ),
                respond(
                    -100,
                    IdeaStatus.IMPLEMENTED,
                    "De voetbalkooi naast het wijkcentrum is klaar en open van 9.00 tot 21.00 "
                    "uur. Over een halfjaar bespreken we met de buren hoe het gaat.",
                ),
            ),
            decision=DecisionSpec(
                IdeaStatus.ADOPTED,
                "De voetbalkooi komt naast het wijkcentrum, met geluidsarme panelen. Hij is open "
                "van 9.00 tot 21.00 uur. Na een halfjaar bekijken we samen met de buren hoe het "
                "gaat.",
            ),
            comments=(
                comment(
                    "Ik woon tegenover het wijkcentrum. Ik maak me zorgen over het geluid van "
                    "ballen tegen het hek, ook 's avonds laat.",
                    comment(
                        "Er zijn kooien met geluidsarme hekken. En misschien kan de kooi om "
                        "21.00 uur dicht?",
                        by=IDEA_AUTHOR,
                    ),
                    comment(
                        "De kooi heeft geluidsarme panelen gekregen en is open tot 21.00 uur. Na "
                        "een halfjaar kijken we samen met de buren hoe het gaat.",
                        comment(
                            "Dank voor het meedenken. Tot nu toe valt het geluid mee.",
                            by="Marieke de Boer",
                            during=PhaseKind.EVALUATION,
                        ),
                        by=PROCESMANAGER,
                    ),
                    by="Marieke de Boer",
                ),
            ),
        ),
        IdeaSpec(
            "Speeltoestellen voor kinderen met een beperking",
            "Mijn zoon zit in een rolstoel en kan bijna nergens in de wijk spelen. Zet "
            "toestellen neer waar alle kinderen samen op kunnen, zoals een nestschommel en een "
            "draaimolen die gelijk ligt met de grond. Zorg ook voor een pad zonder drempels "
            "naar de toestellen.",
            by="Priya Ramdin",
            appeal=7,
            responses=(
                respond(
                    -233,
                    IdeaStatus.UNDER_CONSIDERATION,
                    "Dank voor uw idee. Toestellen waar alle kinderen samen op kunnen spelen, "
                    "zijn voor ons een uitgangspunt. We vragen de leverancier om een ontwerp met "
                    "een nestschommel, een draaimolen die gelijk ligt met de grond en paden "
                    "zonder drempels.",
                ),
                respond(
                    -66,
                    IdeaStatus.IMPLEMENTED,
                    "De nestschommel, de draaimolen en de drempelvrije paden in de "
                    "natuurspeeltuin zijn klaar. Een paar ouders hebben alles samen met hun "
                    "kinderen uitgeprobeerd.",
                ),
            ),
            decision=DecisionSpec(
                IdeaStatus.ADOPTED,
                "In de natuurspeeltuin komen een nestschommel, een draaimolen die gelijk ligt met "
                "de grond en paden zonder drempels. Ouders van kinderen met een beperking kijken "
                "mee naar het ontwerp.",
            ),
            comments=(
                comment("Dit maakt voor veel gezinnen een groot verschil. Ik steun het van harte."),
            ),
        ),
        IdeaSpec(
            "Sporttoestellen voor jongeren en volwassenen",
            "Zet een paar sporttoestellen, zoals rekstokken en een brug, bij de voetbalkooi. "
            "Jongeren en volwassenen kunnen daar gratis sporten. Zo krijgen jongeren ook een "
            "eigen plek.",
            responses=(
                respond(
                    -232,
                    IdeaStatus.UNDER_CONSIDERATION,
                    "Dank u wel. Sporttoestellen naast de voetbalkooi geven jongeren en "
                    "volwassenen een eigen plek. We nemen ze mee als keuze in de beslisfase.",
                ),
            ),
            decision=DecisionSpec(
                IdeaStatus.PARTLY_ADOPTED,
                "Er komen een rekstok en een brug naast de voetbalkooi. Meer toestellen passen "
                "niet binnen het budget.",
            ),
        ),
        IdeaSpec(
            "Hek rond de peuterspeelplek",
            "Peuters lopen snel weg. Een laag hek met een poortje rond de peuterspeelplek geeft "
            "ouders rust. Het houdt ook honden buiten.",
            responses=(
                respond(
                    -231,
                    IdeaStatus.UNDER_CONSIDERATION,
                    "Dank voor uw idee. Een laag hek rond de peuterspeelplek is niet duur en "
                    "houdt ook honden buiten. We nemen het mee in het plan.",
                ),
                respond(
                    -150,
                    IdeaStatus.IMPLEMENTED,
                    "Het hek rond de peuterspeelplek aan de Zwanenlaan staat er. Het poortje "
                    "sluit vanzelf.",
                ),
            ),
            decision=DecisionSpec(
                IdeaStatus.ADOPTED,
                "De peuterspeelplek aan de Zwanenlaan krijgt een laag hek met een poortje.",
            ),
        ),
        IdeaSpec(
            "Skatebaan achter de sporthal",
            "Achter de sporthal ligt een leeg stuk asfalt. Dat is een perfecte plek voor een "
            "kleine skatebaan. Skaters moeten nu naar de andere kant van de stad.",
            appeal=4,
            responses=(
                respond(
                    -230,
                    IdeaStatus.UNDER_CONSIDERATION,
                    "Dank u wel. We onderzoeken of een skatebaan achter de sporthal kan. Daarvoor "
                    "moeten we eerst weten of de grond nodig is voor de uitbreiding van de "
                    "school.",
                ),
            ),
            decision=DecisionSpec(
                IdeaStatus.NOT_ADOPTED,
                "Een skatebaan past niet binnen het budget, en de grond achter de sporthal is "
                "nodig voor de uitbreiding van de school. We bewaren het idee voor een volgende "
                "ronde en zoeken samen met de skaters naar een andere plek.",
            ),
            comments=(
                comment(
                    "Helaas paste een skatebaan niet binnen het budget. Ook is de grond achter de "
                    "sporthal nodig voor de uitbreiding van de school. We bewaren het idee wel "
                    "voor later.",
                    comment(
                        "Jammer, maar wel duidelijk uitgelegd. Ik hoop dat het er later alsnog van komt.",
                        by=IDEA_AUTHOR,
                    ),
                    by=PROCESMANAGER,
                    during=PhaseKind.IMPLEMENTATION,
                ),
            ),
        ),
        IdeaSpec(
            "Speelstoep in de Vogelbuurt",
            "Leg in de Vogelbuurt stoeptegels met spelletjes, zoals een hinkelbaan en een "
            "doolhof. Het kost weinig ruimte en geeft kinderen toch een plek om te spelen. Een "
            "boomstam of een paar grote keien om op te klimmen maakt het af.",
            responses=(
                respond(
                    -229,
                    IdeaStatus.UNDER_CONSIDERATION,
                    "Een mooi idee voor de Vogelbuurt, waar weinig ruimte is. Een speelstoep kan "
                    "in de bestaande stoep worden aangelegd. We nemen het mee als keuze in de "
                    "beslisfase.",
                ),
                respond(
                    -120,
                    IdeaStatus.IMPLEMENTED,
                    "De speelstoep in de Merelstraat en de Lijsterstraat is klaar. Veel plezier "
                    "met hinkelen!",
                ),
            ),
            decision=DecisionSpec(
                IdeaStatus.ADOPTED,
                "In de Merelstraat en de Lijsterstraat komen stoeptegels met een hinkelbaan en "
                "een doolhof, en een paar grote keien om op te klimmen.",
            ),
            comments=(
                comment(
                    "Onze kinderen hinkelen nu elke middag voor de deur. Klein idee, groot plezier!",
                    by=CITIZEN,
                    during=PhaseKind.EVALUATION,
                ),
            ),
        ),
        IdeaSpec(
            "Laat kinderen meebeslissen over het ontwerp",
            "Vraag de kinderen zelf wat ze willen. Dan wordt het echt hun speelplek en gaan ze "
            "er ook zuiniger mee om.\n\nBijvoorbeeld met:\n\n"
            "- een tekenwedstrijd op de drie basisscholen\n"
            "- een kinderjury die meekiest uit de ontwerpen\n"
            "- een feestelijke opening door de kinderen zelf",
            responses=(
                respond(
                    -228,
                    IdeaStatus.UNDER_CONSIDERATION,
                    "Dank voor dit idee. We bespreken met de drie basisscholen in Noord hoe "
                    "kinderen kunnen meebeslissen, bijvoorbeeld met een tekenwedstrijd en een "
                    "kinderjury.",
                ),
                respond(
                    -195,
                    IdeaStatus.IMPLEMENTED,
                    "De kinderjury heeft gekozen! Twaalf kinderen kozen het ontwerp met de hoge "
                    "heuvel en de waterpomp. Dank aan alle kinderen die een tekening instuurden.",
                ),
            ),
            decision=DecisionSpec(
                IdeaStatus.ADOPTED,
                "Een kinderjury van twaalf kinderen van de drie basisscholen in Noord kiest mee "
                "uit de ontwerpen voor de natuurspeeltuin. De kinderen openen de speeltuin straks "
                "zelf.",
            ),
        ),
    ),
)

AFVAL = ConsultationSpec(
    title="Afvalinzameling in de binnenstad",
    question="Hoe zamelen we het afval in de binnenstad schoner en slimmer in?",
    summary=(
        "De afvalinzameling in de binnenstad gaat veranderen. Vuilniszakken op straat trekken "
        "meeuwen en ratten aan. Binnenkort vragen we u mee te denken over containers, "
        "ophaaldagen en het scheiden van afval."
    ),
    body="""\
## Waarom deze consultatie?

In de binnenstad zetten veel bewoners hun vuilniszakken op straat. Meeuwen en ratten trekken de zakken open. Dat geeft rommel en stank.

## Wat ligt al vast?

- Vanaf volgend jaar halen we in de binnenstad geen losse vuilniszakken meer op.
- De kosten van de afvalinzameling mogen niet stijgen.

## Waar kunt u over meedenken?

- Waar komen de containers, en hoe zorgen we dat ze het straatbeeld niet bederven?
- Hoe maken we afval scheiden makkelijker in kleine woningen zonder tuin?
- Wat is nodig voor ondernemers en voor bewoners die slecht ter been zijn?

De consultatie begint binnenkort. Dan kunt u ideeën plaatsen en steunen.
""",
    phases=(
        PhaseSpec(
            PhaseKind.AGENDA_SETTING,
            "Wat gaat er nu mis?",
            "Vertel waar u last van heeft en wat u belangrijk vindt bij de nieuwe inzameling.",
            12,
            45,
        ),
        PhaseSpec(
            PhaseKind.POLICY_PREPARATION,
            "Ideeën voor de nieuwe inzameling",
            "Denk mee over de plekken van containers en hoe afval scheiden makkelijker wordt.",
            46,
            100,
        ),
        PhaseSpec(
            PhaseKind.DECISION,
            "Keuzes maken",
            "Steun de ideeën die u het belangrijkst vindt. Daarna besluit de gemeenteraad.",
            101,
            130,
        ),
    ),
)

ZWEMBAD = ConsultationSpec(
    title="De toekomst van zwembad De Wielewaal",
    question="Wat voor zwembad heeft Voorbeeld in de toekomst nodig?",
    summary=(
        "Zwembad De Wielewaal is bijna vijftig jaar oud en moet worden opgeknapt of "
        "vervangen. Voordat de gemeenteraad kiest, willen we weten wat u belangrijk vindt."
    ),
    body="""\
## Waarom deze consultatie?

Zwembad De Wielewaal is in 1978 geopend. Het gebouw is oud en kost veel energie. De gemeenteraad moet kiezen: opknappen of een nieuw zwembad bouwen.

*Dit is een concept. De tekst wordt nog aangevuld.*
""",
    published=False,
    phases=(
        PhaseSpec(
            PhaseKind.AGENDA_SETTING,
            "Wat vindt u belangrijk aan het zwembad?",
            "Vertel hoe u het zwembad gebruikt en wat u mist.",
            60,
            100,
        ),
        PhaseSpec(
            PhaseKind.POLICY_PREPARATION,
            "Ideeën voor het zwembad van de toekomst",
            "Denk mee over wat er in een opgeknapt of nieuw zwembad moet komen.",
            101,
            150,
        ),
    ),
)

CONSULTATIONS: tuple[ConsultationSpec, ...] = (
    STATIONSPLEIN,
    SCHOOLROUTES,
    SPEELPLAATSEN,
    AFVAL,
    ZWEMBAD,
)

# How many ideas a citizen supports per consultation (drawn at random, capped by any budget).
SUPPORTS_PER_PERSON: tuple[int, ...] = (0, 1, 2, 2, 3, 3, 4, 5, 5, 6, 8, 10)


# --- loading --------------------------------------------------------------------------


class _Progress:
    """Reports whole steps to the CLI's bar so that together they add up to 100."""

    def __init__(self, report: Callable[[int], None]) -> None:
        self._report = report
        self._done = 0

    def reach(self, percent: float) -> None:
        target = min(int(percent), 100)
        if target > self._done:
            self._report(target - self._done)
            self._done = target


@dataclass
class _People:
    by_key: dict[str, User]
    citizens: list[User]  # the extra citizens: random authors and supporters
    activity: dict[int, float]  # how often each extra citizen writes, by user id

    def get(self, key: str) -> User:
        return self.by_key[key]

    @property
    def supporters(self) -> list[User]:
        return [*self.citizens, self.by_key[CITIZEN]]


@dataclass
class _PlannedComment:
    spec: CommentSpec
    author: User
    created_at: datetime
    parent: _PlannedComment | None
    order: int
    row: Comment | None = field(default=None, repr=False)

    @property
    def root(self) -> _PlannedComment:
        node = self
        while node.parent is not None:
            node = node.parent
        return node


def _names_in(threads: Sequence[CommentSpec]) -> set[str]:
    """The citizens a thread names as authors."""
    names: set[str] = set()
    for thread in threads:
        if thread.by in EXTRA_CITIZENS:
            names.add(thread.by)
        names |= _names_in(thread.replies)
    return names


def _email_for(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    first, *rest = ascii_name.split()
    return f"{first}.{''.join(rest)}@voorbeeld.nl"


def _between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    seconds = max((end - start).total_seconds(), 0.0)
    return start + timedelta(seconds=int(rng.uniform(0, seconds)))


def _some_time_after(rng: random.Random, after: datetime, limit: datetime) -> datetime:
    """A moment after `after` and before `limit`: usually within a few days."""
    room = (limit - after).total_seconds()
    if room <= 0:
        return after
    delay = min(rng.uniform(0.05, 0.6) * room, rng.uniform(15 * 60, 4 * 86400))
    return after + timedelta(seconds=int(delay))


def _on_day(rng: random.Random, today: date, day: int, first_hour: int = 9, last_hour: int = 17) -> datetime:
    """A moment between these local hours (office hours by default) on a local day
    relative to today."""
    start = start_of_local_day(today + timedelta(days=day))
    return start + timedelta(seconds=int(rng.uniform(first_hour * 3600, last_hour * 3600)))


def _awake(rng: random.Random, moment: datetime) -> datetime:
    """The same moment, or the next morning if it is at night (local time)."""
    day = local_day(moment)
    if moment < start_of_local_day(day) + timedelta(hours=7):
        morning = day
    elif moment >= start_of_local_day(day) + timedelta(hours=23):
        morning = day + timedelta(days=1)
    else:
        return moment
    return _on_day(rng, morning, 0, first_hour=7, last_hour=9)


class _Timeline:
    """What happened once the ideas, comments and supports were in place: following,
    replies, reports, moderation decisions, official responses, outcomes and progress.

    Each step calls the real service with its own back-dated moment, so the audit trail,
    the public moderation log and everyone's notifications read as if it had happened
    then. The steps run in time order across all consultations, which keeps the ids of
    what they write (notifications above all: newest first is highest id first) in time
    order as well.
    """

    def __init__(self) -> None:
        self._steps: list[tuple[datetime, int, Callable[..., object], tuple, dict]] = []

    def at(self, when: datetime, step: Callable[..., object], *args, **kwargs) -> None:
        """Call ``step(*args, when, **kwargs)`` at that moment."""
        self._steps.append((when, len(self._steps), step, args, kwargs))

    def run(self, now: datetime, progress: Callable[[float], None]) -> None:
        steps = sorted(self._steps, key=lambda s: (s[0], s[1]))
        for done, (when, _, step, args, kwargs) in enumerate(steps, start=1):
            assert when < now, (step, when)
            step(*args, when, **kwargs)
            progress(done / len(steps))


@contextmanager
def _without_email(users: Sequence[User]) -> Iterator[None]:
    """Notify on the site only: e-mailing hundreds of notifications now, about things
    that happened weeks ago, would flood the outbox. While the history is replayed every
    demo account wants no e-mail (so the notifications record that none was sent), and
    afterwards its preference is what it was."""
    preferences = {user.id: user.email_frequency for user in users}
    for user in users:
        user.email_frequency = EmailFrequency.NEVER
    db.session.flush()  # fan_out reads the preference in SQL
    yield
    for user in users:
        user.email_frequency = preferences[user.id]


def _create_people(now: datetime, rng: random.Random, progress: _Progress, share: float) -> _People:
    by_key: dict[str, User] = {}
    citizens: list[User] = []
    accounts = [
        *ROLE_ACCOUNTS,
        *((name, _email_for(name), name, SiteRole.CITIZEN) for name in EXTRA_CITIZENS),
    ]
    joined_earliest = now - timedelta(days=420)
    for done, (key, email, display_name, role) in enumerate(accounts, start=1):
        joined = _between(rng, joined_earliest, joined_earliest + timedelta(days=60))
        user = account_services.create_user(
            email, display_name, DEMO_PASSWORD, joined, site_role=role
        )
        user.created_at = joined
        by_key[key] = user
        if key in EXTRA_CITIZENS:
            citizens.append(user)
        progress.reach(share * done / len(accounts))
    activity = {user.id: rng.choice((0.4, 0.7, 1.0, 1.0, 1.5, 2.0, 3.0)) for user in citizens}
    return _People(by_key, citizens, activity)


def _create_consultation(
    spec: ConsultationSpec, people: _People, now: datetime, rng: random.Random, timeline: _Timeline
) -> Consultation:
    today = local_day(now)
    owner = people.get(CIVIL_SERVANT)
    first_start = start_of_local_day(today + timedelta(days=min(p.first_day for p in spec.phases)))
    created = first_start - timedelta(days=21)
    # Creating it gives it the default house rules (see moderation.services).
    consultation = consultation_services.create_consultation(
        owner,
        ConsultationData(
            title=spec.title,
            question=spec.question,
            summary=spec.summary,
            body=spec.body,
            visibility=Visibility.PUBLIC,
            support_budget=spec.support_budget,
        ),
        min(created, now),
    )
    role_services.assign_consultation_role(
        owner, consultation, PROCESMANAGER_EMAIL, MemberRole.PROCESMANAGER, min(created, now)
    )
    for phase in spec.phases:
        defaults = PHASE_DEFAULTS[phase.kind]
        consultation_services.add_phase(
            owner,
            consultation,
            PhaseData(
                kind=phase.kind,
                title=phase.title,
                description=phase.description,
                starts_at=start_of_local_day(today + timedelta(days=phase.first_day)),
                ends_at=end_of_local_day(today + timedelta(days=phase.last_day)),
                allows_ideas=defaults.allows_ideas,
                allows_comments=defaults.allows_comments,
                allows_supports=defaults.allows_supports,
            ),
        )
    if spec.published:
        published = min(first_start - timedelta(days=7), now)
        consultation_services.publish_consultation(owner, consultation, published)
        for key in spec.followers:
            when = min(published + timedelta(days=rng.uniform(1, 5)), now - timedelta(hours=1))
            timeline.at(when, follows.follow, people.get(key), consultation)
    return consultation


def _random_citizen(rng: random.Random, people: _People, avoid: set[int]) -> User:
    candidates = [u for u in people.citizens if u.id not in avoid]
    return rng.choices(candidates, weights=[people.activity[u.id] for u in candidates])[0]


def _weighted_sample(
    rng: random.Random, items: list[Idea], weights: list[float], k: int
) -> list[Idea]:
    """Up to k distinct items, each drawn with probability proportional to its weight."""
    pool = list(zip(items, weights, strict=True))
    chosen: list[Idea] = []
    while pool and len(chosen) < k:
        index = rng.choices(range(len(pool)), weights=[w for _, w in pool])[0]
        chosen.append(pool.pop(index)[0])
    return chosen


class _ConsultationLoader:
    """Adds the ideas, comments and supports of one consultation, with exact counters,
    and plans on the timeline what happened to them afterwards."""

    def __init__(
        self,
        spec: ConsultationSpec,
        consultation: Consultation,
        people: _People,
        now: datetime,
        rng: random.Random,
        timeline: _Timeline,
    ) -> None:
        self.spec = spec
        self.consultation = consultation
        self.people = people
        self.now = now
        self.today = local_day(now)
        self.rng = rng
        self.timeline = timeline
        self.owner = people.get(CIVIL_SERVANT)
        self.procesmanager = people.get(PROCESMANAGER)
        self.ideas: list[Idea] = []
        self.appeal: dict[int, float] = {}
        self.spec_of: dict[int, IdeaSpec] = {}
        # When each duplicate was merged: nobody supports or reacts to it afterwards.
        self.merged_at: dict[int, datetime] = {}
        self.rules = {
            rule.position: rule
            for rule in db.session.scalars(
                select(HouseRule).where(HouseRule.consultation_id == consultation.id)
            )
        }
        self.hides: dict[tuple[str, int], ModerationAction] = {}
        self.outcome: Outcome | None = None

    def _window_end(self, allowed: Callable[[Phase], bool], margin: timedelta) -> datetime:
        started = [p for p in self.consultation.phases if allowed(p) and p.starts_at < self.now]
        return min(max(p.ends_at for p in started), self.now - margin)

    def _open_until(self, idea: Idea, limit: datetime, margin: timedelta) -> datetime:
        merged = self.merged_at.get(idea.id)
        return limit if merged is None else min(limit, merged - margin)

    def _idea_titled(self, title: str) -> Idea:
        return next(idea for idea in self.ideas if idea.title == title)

    def _person(self, key: str, idea: Idea) -> User:
        if key == IDEA_AUTHOR:
            assert idea.author_id is not None
            author = db.session.get(User, idea.author_id)
            assert author is not None
            return author
        return self.people.get(key)

    def add_ideas(self) -> None:
        spec, now, rng = self.spec, self.now, self.rng
        idea_phases = [p for p in self.consultation.phases if p.allows_ideas and p.starts_at < now]
        assert len(idea_phases) == len(spec.ideas_per_phase), spec.title
        assert sum(spec.ideas_per_phase) == len(spec.ideas), spec.title
        planned: list[tuple[datetime, IdeaSpec, Phase]] = []
        specs = iter(spec.ideas)
        for phase, count in zip(idea_phases, spec.ideas_per_phase, strict=True):
            latest = min(phase.ends_at, now - timedelta(hours=6)) - timedelta(hours=1)
            for _ in range(count):
                idea_spec = next(specs)
                if idea_spec.day is None:
                    created = _between(rng, phase.starts_at + timedelta(hours=7), latest)
                else:
                    created = _on_day(rng, self.today, idea_spec.day, first_hour=7, last_hour=22)
                    assert phase.starts_at <= created <= latest, idea_spec.title
                planned.append((created, idea_spec, phase))
        planned.sort(key=lambda item: item[0])
        for created, idea_spec, phase in planned:
            if idea_spec.by:
                author = self.people.get(idea_spec.by)
            else:
                # Whoever is named in the thread is reacting to someone else's idea.
                named = {self.people.get(name).id for name in _names_in(idea_spec.comments)}
                author = _random_citizen(rng, self.people, avoid=named)
            idea = Idea(
                consultation_id=self.consultation.id,
                phase_id=phase.id,
                author_id=author.id,
                title=idea_spec.title,
                body=idea_spec.body,
                body_html=render_markdown(idea_spec.body),
                random_key=rng.randrange(2**31),
                created_at=created,
            )
            db.session.add(idea)
            self.ideas.append(idea)
            self.timeline.at(created, follows.follow_automatically, author, idea)
        db.session.flush()
        for idea, (_, idea_spec, _) in zip(self.ideas, planned, strict=True):
            self.spec_of[idea.id] = idea_spec
            self.appeal[idea.id] = idea_spec.appeal or rng.uniform(0.3, 1.5)
            if idea_spec.merged is not None:
                merged = _awake(rng, idea.created_at + timedelta(hours=idea_spec.merged.after_hours))
                assert merged < now - timedelta(hours=1), idea_spec.title
                self.merged_at[idea.id] = merged
        self.consultation.idea_count = len(self.ideas)

    def _phase_of_kind(self, kind: PhaseKind) -> Phase:
        return next(p for p in self.consultation.phases if p.kind == kind)

    def _generic_threads(self) -> tuple[CommentSpec, ...]:
        count = self.rng.choice((0, 0, 1, 1, 1, 2, 3))
        bodies = self.rng.sample(self.spec.comment_pool, k=min(count, len(self.spec.comment_pool)))
        threads = []
        for body in bodies:
            replies = (
                (comment(self.rng.choice(AUTHOR_THANKS), by=IDEA_AUTHOR),)
                if self.rng.random() < 0.3
                else ()
            )
            threads.append(comment(body, *replies))
        return tuple(threads)

    def add_comments(self) -> None:
        window_end = self._window_end(lambda p: p.allows_comments, margin=timedelta(minutes=20))
        for idea in self.ideas:
            limit = self._open_until(idea, window_end, margin=timedelta(minutes=10))
            threads = self.spec_of[idea.id].comments or self._generic_threads()
            planned: list[_PlannedComment] = []
            previous_top = idea.created_at
            for thread in threads:
                top = self._plan(thread, idea, None, previous_top, limit, planned)
                previous_top = top.created_at
            # Oldest first; a reply never predates its parent, and ties keep tree order.
            planned.sort(key=lambda p: (p.created_at, p.order))
            for item in planned:
                parent_row = item.parent.row if item.parent else None
                root_row = item.root.row if item.parent else None
                row = Comment(
                    idea_id=idea.id,
                    author_id=item.author.id,
                    parent_id=parent_row.id if parent_row else None,
                    root_id=root_row.id if root_row else None,
                    body=item.spec.body,
                    created_at=item.created_at,
                )
                db.session.add(row)
                db.session.flush()
                item.row = row
                # What posting it through ideas.services would have done.
                self.timeline.at(item.created_at, follows.follow_automatically, item.author, idea)
                if parent_row is not None:
                    self.timeline.at(item.created_at, events.comment_replied, row, parent_row)
            for item in planned:
                if item.spec.removed and item.row is not None:
                    item.row.remove(self.now)
                if item.spec.moderation is not None and item.row is not None:
                    self._moderate(item.row, item.spec.moderation, idea)
            idea.comment_count = sum(1 for item in planned if not item.spec.removed)

    def _plan(
        self,
        spec: CommentSpec,
        idea: Idea,
        parent: _PlannedComment | None,
        after: datetime,
        limit: datetime,
        planned: list[_PlannedComment],
    ) -> _PlannedComment:
        rng = self.rng
        if spec.by == IDEA_AUTHOR:
            author = self._person(IDEA_AUTHOR, idea)
        elif spec.by:
            author = self.people.get(spec.by)
        else:
            avoid = (
                {idea.author_id or 0} if parent is None else {parent.author.id, idea.author_id or 0}
            )
            author = _random_citizen(rng, self.people, avoid=avoid)
        if spec.during is not None or spec.day is not None:
            if spec.day is not None:
                day_start = start_of_local_day(self.today + timedelta(days=spec.day))
                start = max(after, day_start + timedelta(hours=7))
                end = min(day_start + timedelta(hours=22), limit)
            else:
                phase = self._phase_of_kind(spec.during)
                start = max(after, phase.starts_at)
                end = min(phase.ends_at, limit)
            created = (
                _between(rng, start, end) if start < end else _some_time_after(rng, after, limit)
            )
        else:
            created = _some_time_after(rng, after, limit)
        item = _PlannedComment(spec, author, created, parent, order=len(planned))
        planned.append(item)
        for reply in spec.replies:
            self._plan(reply, idea, item, created, limit, planned)
        return item

    def add_supports(self) -> None:
        rng, spec = self.rng, self.spec
        if not self.ideas:
            return
        window_end = self._window_end(lambda p: p.allows_supports, margin=timedelta(minutes=5))
        citizen = self.people.get(CITIZEN)
        given: Counter[int] = Counter()
        used: Counter[int] = Counter()
        for person in self.people.supporters:
            eligible = [idea for idea in self.ideas if idea.author_id != person.id]
            if person is citizen and spec.citizen_supports is not None:
                chosen = [idea for idea in eligible if idea.title in spec.citizen_supports]
                assert len(chosen) == len(spec.citizen_supports), spec.title
            else:
                wanted = rng.choice(SUPPORTS_PER_PERSON)
                if spec.support_budget is not None:
                    wanted = min(wanted, spec.support_budget)
                weights = [self.appeal[idea.id] for idea in eligible]
                chosen = _weighted_sample(rng, eligible, weights, wanted)
            for idea in chosen:
                limit = self._open_until(idea, window_end, margin=timedelta(minutes=5))
                created = _between(rng, idea.created_at + timedelta(minutes=10), limit)
                db.session.add(Support(idea_id=idea.id, user_id=person.id, created_at=created))
                self.timeline.at(created, follows.follow_automatically, person, idea)
                given[idea.id] += 1
            used[person.id] = len(chosen)
        if spec.support_budget is not None:
            for user_id, count in used.items():
                assert count <= spec.support_budget
                if count:
                    db.session.add(
                        SupportBudgetUse(
                            user_id=user_id, consultation_id=self.consultation.id, used=count
                        )
                    )
        for idea in self.ideas:
            idea.support_count = given[idea.id]

    # --- what happened afterwards, on the timeline -----------------------------------

    def _rule(self, number: int) -> HouseRule:
        return self.rules[number]

    def _moderate(self, item: Idea | Comment, spec: ModerationSpec, idea: Idea) -> None:
        """Plan the reports on an item and the procesmanager's decision about them."""
        rng, now = self.rng, self.now
        if spec.decision is None:
            # Recent, so still waiting in the queue.
            start = max(item.created_at + timedelta(hours=1), now - timedelta(days=2))
            end = now - timedelta(minutes=30)
            assert start < end, "give a reported item a `day` well before today"
            times = sorted(_between(rng, start, end) for _ in spec.reports)
        else:
            times = []
            moment = item.created_at
            for _ in spec.reports:
                moment += timedelta(hours=rng.uniform(1, 8))
                times.append(moment)
            assert moment < now - timedelta(hours=3), "give a moderated item a `day` well before today"
        for when, report in zip(times, spec.reports, strict=True):
            reporter = self._person(report.by, idea)
            assert reporter.id != item.author_id, "nobody reports what they wrote themselves"
            self.timeline.at(when, self._report, reporter, item, self._rule(report.rule), report.note)
        decision = spec.decision
        if decision is None:
            return
        decided = _awake(rng, times[-1] + timedelta(hours=rng.uniform(2, 10)))
        if isinstance(decision, Dismiss):
            self.timeline.at(
                decided, moderation_services.dismiss_reports, self.procesmanager, item, decision.reason
            )
            return
        self.timeline.at(decided, self._hide, item, decision)
        if decision.appeal:
            appealed = _awake(rng, decided + timedelta(hours=rng.uniform(6, 30)))
            self.timeline.at(appealed, self._appeal, item, decision.appeal)

    @staticmethod
    def _report(reporter: User, item: Idea | Comment, rule: HouseRule, note: str, when: datetime) -> None:
        assert moderation_services.report(reporter, item, rule, note, when)

    def _hide(self, item: Idea | Comment, decision: Hide, when: datetime) -> None:
        action = moderation_services.hide(
            self.procesmanager, item, self._rule(decision.rule), decision.reason, when
        )
        self.hides[type(item).__name__, item.id] = action

    def _appeal(self, item: Idea | Comment, text: str, when: datetime) -> None:
        author = db.session.get(User, item.author_id)
        moderation_services.appeal_decision(author, self.hides[type(item).__name__, item.id], text, when)

    def plan_moderation(self) -> None:
        for idea in self.ideas:
            idea_spec = self.spec_of[idea.id]
            if idea_spec.moderation is not None:
                self._moderate(idea, idea_spec.moderation, idea)
            if idea_spec.merged is not None:
                target = self._idea_titled(idea_spec.merged.into)
                assert target.created_at < idea.created_at, "a duplicate comes after the original"
                self.timeline.at(
                    self.merged_at[idea.id],
                    moderation_services.merge,
                    self.procesmanager,
                    idea,
                    target,
                    idea_spec.merged.reason,
                )

    def plan_feedback(self) -> None:
        """Official responses, progress updates and the outcome, by the civil servant."""
        rng, today = self.rng, self.today
        for idea in self.ideas:
            idea_spec = self.spec_of[idea.id]
            for response in idea_spec.responses:
                when = _on_day(rng, today, response.day)
                assert idea.created_at < when < self.now, idea.title
                self.timeline.at(
                    when,
                    feedback_services.respond_to_idea,
                    self.owner,
                    idea,
                    response.status,
                    response.text,
                    responder_role=self.spec.responder_role,
                )
            for update in idea_spec.updates:
                milestones = [
                    MilestoneData(m.title, today + timedelta(days=m.day), m.done) for m in update.milestones
                ]
                self.timeline.at(
                    _on_day(rng, today, update.day),
                    feedback_services.post_implementation_update,
                    self.owner,
                    idea,
                    update.text,
                    update.progress,
                    milestones,
                )
        outcome = self.spec.outcome
        if outcome is not None:
            decided = [idea for idea in self.ideas if self.spec_of[idea.id].decision is not None]
            assert decided, self.spec.title
            self.timeline.at(_on_day(rng, today, outcome.day - 2), self._prepare_outcome, outcome, decided)
            self.timeline.at(_on_day(rng, today, outcome.day), self._publish_outcome)

    def _prepare_outcome(self, spec: OutcomeSpec, ideas: list[Idea], when: datetime) -> None:
        self.outcome = feedback_services.create_outcome(
            self.owner, self.consultation, OutcomeData(spec.title, spec.body, phase=None), when
        )
        for idea in ideas:
            decision = self.spec_of[idea.id].decision
            assert decision is not None
            feedback_services.add_decision(
                self.owner, self.outcome, idea, decision.status, decision.rationale, when
            )

    def _publish_outcome(self, when: datetime) -> None:
        assert self.outcome is not None
        feedback_services.publish_outcome(self.owner, self.outcome, when)


def _read_older_notifications(user: User, now: datetime, rng: random.Random) -> None:
    """Someone who uses the site has read what is older; the last two weeks stay new."""
    older = db.session.scalars(
        select(Notification)
        .where(Notification.user_id == user.id, Notification.created_at < now - timedelta(days=14))
        .order_by(Notification.id)
    )
    for notification in older:
        read = notification.created_at + timedelta(hours=rng.uniform(1, 48))
        notification_services.mark_read(user, notification, min(read, now))


def load(now: datetime, progress: Callable[[int], None]) -> None:
    """Fill an empty database with the demo; the caller commits."""
    rng = random.Random(SEED)
    bar = _Progress(progress)
    timeline = _Timeline()
    people = _create_people(now, rng, bar, share=30)
    per_consultation = 35 / len(CONSULTATIONS)
    for index, spec in enumerate(CONSULTATIONS):
        start = 30 + index * per_consultation
        consultation = _create_consultation(spec, people, now, rng, timeline)
        if spec.ideas:
            loader = _ConsultationLoader(spec, consultation, people, now, rng, timeline)
            loader.add_ideas()
            bar.reach(start + per_consultation * 0.4)
            loader.add_comments()
            bar.reach(start + per_consultation * 0.8)
            loader.add_supports()
            loader.plan_moderation()
            loader.plan_feedback()
        bar.reach(start + per_consultation)
    # The counters set above are written before the services change them with UPDATEs.
    db.session.flush()
    with _without_email(list(people.by_key.values())):
        timeline.run(now, lambda share: bar.reach(65 + 33 * share))
    _read_older_notifications(people.get(CITIZEN), now, rng)
    db.session.flush()
    bar.reach(100)
