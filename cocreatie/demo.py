"""Demo data for "Gemeente Voorbeeld", loaded by `flask load-demo`.

Accounts, consultations and phases go through the services, like a real civil servant
would create them. Ideas, comments and supports from phases that are already over cannot
pass the policies any more, so they are added as model rows with back-dated timestamps;
their stored counters are then set to exactly the number of rows. Everything is
deterministic: one seeded random generator decides authors, times and supports.
"""

from __future__ import annotations

import random
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from cocreatie import db
from cocreatie.accounts import services as account_services
from cocreatie.consultations import services as consultation_services
from cocreatie.consultations.services import ConsultationData, PhaseData
from cocreatie.models import (
    Comment,
    Consultation,
    Idea,
    IdeaStatus,
    MemberRole,
    Phase,
    PhaseKind,
    SiteRole,
    Support,
    SupportBudgetUse,
    User,
    Visibility,
)
from cocreatie.models.consultations import PHASE_DEFAULTS
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

  citizen (inwoner)           {CITIZEN_EMAIL}
  procesmanager               {PROCESMANAGER_EMAIL}
  civil servant (ambtenaar)   {CIVIL_SERVANT_EMAIL}
  administrator (beheerder)   {ADMIN_EMAIL}

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


def comment(
    body: str,
    *replies: CommentSpec,
    by: str | None = None,
    during: PhaseKind | None = None,
    removed: bool = False,
) -> CommentSpec:
    return CommentSpec(body, by, tuple(replies), during, removed)


@dataclass(frozen=True)
class IdeaSpec:
    title: str
    body: str
    by: str | None = None
    # How attractive the idea is to supporters; None gives a modest random appeal.
    appeal: float | None = None
    status: IdeaStatus = IdeaStatus.NEW
    comments: tuple[CommentSpec, ...] = ()


@dataclass(frozen=True)
class PhaseSpec:
    kind: PhaseKind
    title: str
    description: str
    # Local days relative to today; both days are part of the phase.
    first_day: int
    last_day: int


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
    ideas_per_phase=(10, 25),
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
            status=IdeaStatus.UNDER_CONSIDERATION,
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
            ),
        ),
        IdeaSpec(
            "Geef het regenwater een plek",
            "Na een flinke bui staat er vaak water bij de ingang van het station. Het water "
            "kan nergens heen, omdat alles bestraat is. Maak een lager stuk met planten waar "
            "het regenwater in kan lopen, een zogenoemde wadi. Dan hebben de planten water en "
            "blijven onze voeten droog.",
            status=IdeaStatus.UNDER_CONSIDERATION,
        ),
        IdeaSpec(
            "Bankjes met rugleuning en armleuningen",
            "Er zijn nu bijna geen bankjes op het plein. De betonnen blokken zijn geen echte "
            "zitplek. Voor ouderen is een bank met rugleuning en armleuningen belangrijk: dan "
            "kunt u makkelijk gaan zitten en weer opstaan. Zet ze in de schaduw, met zicht op "
            "de drukte.",
            appeal=5,
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
        ),
        IdeaSpec(
            "Behoud de oude plataan bij de kiosk",
            "De grote plataan bij de kiosk staat er al meer dan zestig jaar. Het is de enige "
            "echt grote boom op het plein en hij geeft in de zomer veel schaduw. Laat deze "
            "boom alstublieft staan en ontwerp het nieuwe plein eromheen.",
            appeal=4,
            status=IdeaStatus.ADOPTED,
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
        ),
        IdeaSpec(
            "Openbaar toilet bij het station",
            "Er is op en rond het plein geen openbaar toilet. Voor ouderen, zwangere vrouwen en "
            "mensen met een darmziekte is dat een groot probleem. Een schoon toilet dat ook "
            "geschikt is voor rolstoelgebruikers zou heel welkom zijn.",
            appeal=3,
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
            comments=(
                comment(
                    "Ik vind dit niet nodig. Zulke techniek gaat snel kapot en trekt vandalen aan. "
                    "Besteed het geld liever aan groen.",
                    comment(
                        "Dat begrijp ik. Misschien kan het eerst als proef met één bank?",
                        by=IDEA_AUTHOR,
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
            status=IdeaStatus.UNDER_CONSIDERATION,
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
            status=IdeaStatus.UNDER_CONSIDERATION,
        ),
        IdeaSpec(
            "Ouders parkeren dubbel bij De Klimop",
            "Rond half negen staan er auto's dubbel geparkeerd voor De Klimop. Kinderen lopen "
            "tussen de geparkeerde auto's door de straat op. Je ziet ze pas op het laatste "
            "moment.",
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
            ),
        ),
        IdeaSpec(
            "Geen fietspad op de route naar Het Baken",
            "Kinderen die naar Het Baken fietsen, moeten een stuk over de Stationsweg zonder "
            "fietspad. Daar rijden ook bussen. Voor kinderen van acht of negen jaar is dat "
            "echt te gevaarlijk.",
            appeal=3,
            status=IdeaStatus.UNDER_CONSIDERATION,
        ),
        IdeaSpec(
            "Vrachtverkeer op de Molenstraat in de ochtend",
            "Elke ochtend rijden er vrachtwagens over de Molenstraat naar de bouwmarkt. Dat "
            "gebeurt precies als de kinderen naar school gaan. Chauffeurs zien fietsende "
            "kinderen naast hun wagen vaak niet.",
        ),
        IdeaSpec(
            "Heg belemmert het zicht op de kruising bij de Beukenlaan",
            "Op de hoek van de Beukenlaan en de Populierenstraat staat een hoge heg. Als je "
            "uit de Populierenstraat komt, zie je fietsers pas als ze al vlak voor je zijn. "
            "Kan de heg lager worden gesnoeid?",
            status=IdeaStatus.IMPLEMENTED,
            comments=(
                comment(
                    "Dank voor de melding. De heg staat op grond van de gemeente. Onze groenploeg "
                    "heeft hem inmiddels gesnoeid tot een meter hoog.",
                    comment("Dat ging snel, dank u wel!", by=IDEA_AUTHOR),
                    by=CIVIL_SERVANT,
                ),
            ),
        ),
        IdeaSpec(
            "Donkere route door het Julianapark in de winter",
            "Veel kinderen fietsen door het Julianapark naar school. In de winter is het om "
            "acht uur 's ochtends nog donker, en langs het fietspad staan bijna geen "
            "lantaarns. Ouders brengen hun kinderen daarom liever met de auto.",
            status=IdeaStatus.UNDER_CONSIDERATION,
        ),
        # Policy preparation: solutions.
        IdeaSpec(
            "Schoolstraat: autovrij bij begin en einde van de schooldag",
            "Maak de straat voor de school een half uur autovrij als de school begint en "
            "uitgaat. Dat heet een schoolstraat. Een hek of bord laat zien dat auto's er dan "
            "niet in mogen. Bewoners kunnen een ontheffing krijgen. In België werkt dit al bij "
            "honderden scholen.",
            appeal=9,
            status=IdeaStatus.UNDER_CONSIDERATION,
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
            status=IdeaStatus.UNDER_CONSIDERATION,
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
        ),
        IdeaSpec(
            "Borden die laten zien hoe hard je rijdt",
            "Hang borden op die je eigen snelheid laten zien, met een lachend of boos gezicht. "
            "Zo merken mensen op een vriendelijke manier dat ze te hard rijden. De borden zijn "
            "ook makkelijk te verplaatsen naar andere straten.",
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
        ),
        IdeaSpec(
            "Verkeerslessen op straat voor groep 7 en 8",
            "Kinderen leren de verkeersregels in de klas, maar oefenen te weinig op straat. "
            "Laat groep 7 en 8 onder begeleiding hun route naar de middelbare school fietsen. "
            "Zo zijn ze beter voorbereid als ze straks alleen gaan.",
        ),
        IdeaSpec(
            "Vaker controleren op parkeren bij scholen",
            "Er zijn al regels tegen dubbel parkeren en parkeren op de stoep. Alleen wordt er "
            "bijna nooit op gecontroleerd. Laat de handhavers een paar weken vaker bij de "
            "scholen langsgaan, dan verandert het gedrag vanzelf.",
        ),
        IdeaSpec(
            "Geen vrachtwagens tussen 8.00 en 8.45 uur",
            "Sta geen vrachtwagens toe in de straten rond de scholen als de kinderen naar "
            "school gaan. Leveranciers van de winkels kunnen ook iets later komen. In andere "
            "steden gebeurt dit al.",
            comments=(
                comment(
                    "Als winkelier krijg ik mijn bestelling om acht uur. Iets later is prima, als "
                    "het maar duidelijk wordt afgesproken met de leveranciers.",
                ),
            ),
        ),
    ),
)

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
            status=IdeaStatus.IMPLEMENTED,
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
            status=IdeaStatus.PARTLY_ADOPTED,
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
            status=IdeaStatus.IMPLEMENTED,
        ),
        IdeaSpec(
            "Honden op het speelveld aan de Zwanenlaan",
            "Op het speelveld aan de Zwanenlaan laten veel mensen hun hond uit. Daardoor ligt "
            "er vaak hondenpoep in het gras waar kinderen spelen. Maak duidelijk waar honden "
            "wel en niet mogen komen.",
            status=IdeaStatus.ADOPTED,
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
            status=IdeaStatus.PARTLY_ADOPTED,
        ),
        IdeaSpec(
            "Geen speelplek in de Vogelbuurt",
            "In de Vogelbuurt wonen veel jonge gezinnen, maar er is geen enkele speelplek. "
            "Kinderen spelen op straat tussen de auto's. Zelfs een kleine speelplek zou al "
            "veel verschil maken.",
            appeal=3,
            status=IdeaStatus.IMPLEMENTED,
        ),
        IdeaSpec(
            "Natuurspeeltuin in het Merelpark",
            "Maak van de oude speeltuin in het Merelpark een natuurspeeltuin, met boomstammen, "
            "een heuvel, zand en een waterpomp. Kinderen kunnen daar klimmen, bouwen en "
            "ontdekken. Natuurlijke materialen passen ook goed bij het park.",
            appeal=9,
            status=IdeaStatus.IMPLEMENTED,
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
            status=IdeaStatus.IMPLEMENTED,
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
            status=IdeaStatus.IMPLEMENTED,
            comments=(
                comment("Dit maakt voor veel gezinnen een groot verschil. Ik steun het van harte."),
            ),
        ),
        IdeaSpec(
            "Sporttoestellen voor jongeren en volwassenen",
            "Zet een paar sporttoestellen, zoals rekstokken en een brug, bij de voetbalkooi. "
            "Jongeren en volwassenen kunnen daar gratis sporten. Zo krijgen jongeren ook een "
            "eigen plek.",
            status=IdeaStatus.PARTLY_ADOPTED,
        ),
        IdeaSpec(
            "Hek rond de peuterspeelplek",
            "Peuters lopen snel weg. Een laag hek met een poortje rond de peuterspeelplek geeft "
            "ouders rust. Het houdt ook honden buiten.",
            status=IdeaStatus.IMPLEMENTED,
        ),
        IdeaSpec(
            "Skatebaan achter de sporthal",
            "Achter de sporthal ligt een leeg stuk asfalt. Dat is een perfecte plek voor een "
            "kleine skatebaan. Skaters moeten nu naar de andere kant van de stad.",
            appeal=4,
            status=IdeaStatus.NOT_ADOPTED,
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
            status=IdeaStatus.IMPLEMENTED,
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
            status=IdeaStatus.ADOPTED,
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


def _create_consultation(spec: ConsultationSpec, people: _People, now: datetime) -> Consultation:
    today = local_day(now)
    owner = people.get(CIVIL_SERVANT)
    first_start = start_of_local_day(today + timedelta(days=min(p.first_day for p in spec.phases)))
    created = first_start - timedelta(days=21)
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
    account_services.assign_consultation_role(
        people.get(PROCESMANAGER), consultation.id, MemberRole.PROCESMANAGER, min(created, now)
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
        consultation_services.publish_consultation(
            owner, consultation, min(first_start - timedelta(days=7), now)
        )
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
    """Adds the ideas, comments and supports of one consultation, with exact counters."""

    def __init__(
        self,
        spec: ConsultationSpec,
        consultation: Consultation,
        people: _People,
        now: datetime,
        rng: random.Random,
    ) -> None:
        self.spec = spec
        self.consultation = consultation
        self.people = people
        self.now = now
        self.rng = rng
        self.ideas: list[Idea] = []
        self.appeal: dict[int, float] = {}
        self.spec_of: dict[int, IdeaSpec] = {}

    def _window_end(self, allowed: Callable[[Phase], bool], margin: timedelta) -> datetime:
        started = [p for p in self.consultation.phases if allowed(p) and p.starts_at < self.now]
        return min(max(p.ends_at for p in started), self.now - margin)

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
                created = _between(rng, phase.starts_at + timedelta(hours=7), latest)
                planned.append((created, next(specs), phase))
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
                status=idea_spec.status,
                random_key=rng.randrange(2**31),
                created_at=created,
            )
            db.session.add(idea)
            self.ideas.append(idea)
        db.session.flush()
        for idea, (_, idea_spec, _) in zip(self.ideas, planned, strict=True):
            self.spec_of[idea.id] = idea_spec
            self.appeal[idea.id] = idea_spec.appeal or rng.uniform(0.3, 1.5)
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
        limit = self._window_end(lambda p: p.allows_comments, margin=timedelta(minutes=20))
        for idea in self.ideas:
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
            for item in planned:
                if item.spec.removed and item.row is not None:
                    item.row.remove(self.now)
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
            assert idea.author_id is not None
            author = db.session.get(User, idea.author_id)
            assert author is not None
        elif spec.by:
            author = self.people.get(spec.by)
        else:
            avoid = (
                {idea.author_id or 0} if parent is None else {parent.author.id, idea.author_id or 0}
            )
            author = _random_citizen(rng, self.people, avoid=avoid)
        if spec.during is not None:
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
        limit = self._window_end(lambda p: p.allows_supports, margin=timedelta(minutes=5))
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
                db.session.add(
                    Support(
                        idea_id=idea.id,
                        user_id=person.id,
                        created_at=_between(rng, idea.created_at + timedelta(minutes=10), limit),
                    )
                )
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


def load(now: datetime, progress: Callable[[int], None]) -> None:
    """Fill an empty database with the demo; the caller commits."""
    rng = random.Random(SEED)
    bar = _Progress(progress)
    people = _create_people(now, rng, bar, share=40)
    per_consultation = 58 / len(CONSULTATIONS)
    for index, spec in enumerate(CONSULTATIONS):
        start = 40 + index * per_consultation
        consultation = _create_consultation(spec, people, now)
        if spec.ideas:
            loader = _ConsultationLoader(spec, consultation, people, now, rng)
            loader.add_ideas()
            bar.reach(start + per_consultation * 0.4)
            loader.add_comments()
            bar.reach(start + per_consultation * 0.8)
            loader.add_supports()
        bar.reach(start + per_consultation)
    db.session.flush()
    bar.reach(100)
