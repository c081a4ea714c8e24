"""Benchmark data: one large published consultation, loaded by `flask seed-bench`.

Everything is inserted with bulk statements (executemany on SQLite, COPY on PostgreSQL),
never ORM objects one by one, and every stored counter (`Idea.support_count`,
`Idea.comment_count`, `Consultation.idea_count`) is computed from exactly the rows that
are inserted. Deterministic: one seeded random generator decides everything.

What the benchmark can rely on:

- the consultation has slug `BENCH_SLUG`, is published, public, and has one phase
  running around the real current time that allows ideas, supports and comments;
- every account's e-mail is `bench_email(n)` (n = 0 … users-1) with password
  `BENCH_PASSWORD`, confirmed;
- the first idea (lowest id, `heavy_idea_id()`) has `HEAVY_COMMENTS` comments (or every
  comment, if fewer are asked for), in threads with replies;
- every `RARE_EVERY`-th idea (the first one included) contains `RARE_WORD`, so a search
  with bounded selectivity exists; so do a few more of the first ideas, so that even a
  small consultation has a full page of matches (`has_rare_word`, `rare_word_ideas`);
- `PROCESMANAGER_EMAIL` is the consultation's procesmanager (password `BENCH_PASSWORD`,
  two-step sign-in with the authenticator key `BENCH_TOTP_SECRET`), for the dashboard;
  the consultation has a goal and targets, and its KPI figures are counted and stored,
  as `flask measure refresh` would have done.
"""

from __future__ import annotations

import enum
import math
import random
from collections.abc import Callable, Iterable, Iterator
from datetime import timedelta
from html import escape
from itertools import islice

from sqlalchemy import Table, delete, func, insert, select, text

from cocreatie import db, pagecache
from cocreatie.accounts.services import hash_password
from cocreatie.clock import utcnow
from cocreatie.cowriting import drafting
from cocreatie.models import (
    Amendment,
    AmendmentKind,
    AmendmentStatus,
    AmendmentSupport,
    Document,
    DocumentVersion,
    Paragraph,
    ParagraphChange,
    ParagraphKind,
    VersionParagraph,
    Comment,
    Consultation,
    ConsultationMember,
    Idea,
    IdeaStatus,
    MemberRole,
    Phase,
    PhaseKind,
    PublicationStatus,
    SiteRole,
    Support,
    User,
    Visibility,
)
from cocreatie.measure import kpis
from cocreatie.measure import services as measure_services
from cocreatie.progress import Progress
from cocreatie.signin import services as signin_services
from cocreatie.signin.secret_box import SecretBox
from cocreatie.text import render_markdown
from cocreatie.timezones import end_of_local_day, local_day, start_of_local_day

BENCH_PASSWORD = "benchmark-password-2026"
BENCH_SLUG = "benchmark"
BENCH_TITLE = "Benchmark"
BENCH_EMAIL_DOMAIN = "benchmark.example"
OWNER_EMAIL = f"bench-owner@{BENCH_EMAIL_DOMAIN}"
PROCESMANAGER_EMAIL = f"procesmanager@{BENCH_EMAIL_DOMAIN}"
# The procesmanager's authenticator key (base32): benchmark data only, never a real account.
BENCH_TOTP_SECRET = "BENCHMARKBENCHMARKBENCHMARK23456"
RARE_WORD = "zonnepanelen"
RARE_EVERY = 1000
RARE_PAGE = 20  # and at least a full page of results at any size
HEAVY_COMMENTS = 1000
BATCH = 10_000
SEED = 2026


def bench_email(number: int) -> str:
    return f"bench-{number:06d}@{BENCH_EMAIL_DOMAIN}"


def has_rare_word(number: int) -> bool:
    """Whether the idea with this number (0, 1, …) mentions RARE_WORD: every RARE_EVERY-th
    idea, and among the first RARE_EVERY ideas every (RARE_EVERY / RARE_PAGE)-th, so that
    a small consultation also fills a page of results and pages compare like for like."""
    return number % RARE_EVERY == 0 or (number < RARE_EVERY and number % (RARE_EVERY // RARE_PAGE) == 0)


def rare_word_ideas(ideas: int) -> int:
    return sum(1 for n in range(min(ideas, RARE_EVERY)) if has_rare_word(n)) + max(0, (ideas - 1) // RARE_EVERY)


def default_users(ideas: int, supports: int) -> int:
    """Enough people that each idea's supporters can all be different."""
    return max(1000, supports // max(ideas, 1) * 3)


# --- words ----------------------------------------------------------------------------

FIRST_NAMES = (
    "Anna Bram Daan Emma Fatima Gerrit Henk Ingrid Jan Joyce Kees Kevin Lisa Lotte Mehmet "
    "Naima Noah Priya Rachid Ruud Sanne Sem Stefan Thijs Tim Wim Yara Youssef Zoë Esra Finn "
    "Julia Luuk Maud Milan Nora Olaf Pien Quinten Roos Sophie Tess Vera Willem Amir Bas Carla"
).split()
LAST_NAMES = (
    "de Vries|Jansen|Bakker|Visser|Smit|Meijer|de Boer|Mulder|de Groot|Bos|Vos|Peters|"
    "Hendriks|van Leeuwen|Dekker|Brouwer|de Wit|Dijkstra|Smits|de Graaf|van der Meer|"
    "El Amrani|Benali|Demir|Kaya|Yılmaz|Ramdin|Pinas|Martina|Kowalski|Hoekstra|Postma|"
    "Willems|Kok|Schouten|van Dijk|Ouali|Haddou|Verbeek|Koster|Prins|Huisman|Kuipers"
).split("|")

OPENERS = (
    "Meer", "Betere", "Veiligere", "Bredere", "Nieuwe", "Extra", "Groene", "Duurzame",
    "Goedkopere", "Rustige", "Overdekte", "Slimme", "Schone", "Stille", "Gratis", "Minder",
)
THINGS = (
    "bomen", "fietspaden", "bankjes", "speeltuinen", "lantaarns", "parkeerplaatsen",
    "fietsenstallingen", "wandelpaden", "zebrapaden", "bushaltes", "afvalbakken",
    "watertappunten", "moestuinen", "sportvelden", "trottoirs", "bloembakken",
    "laadpalen", "hondenveldjes", "picknicktafels", "verkeersdrempels", "ontmoetingsplekken",
    "geveltuinen", "waterpleinen", "buurthuizen", "skatebanen", "toiletten", "kunstwerken",
    "bibliotheken", "markten", "jeugdhonken", "insectenhotels", "regentonnen", "deelauto's",
    "deelfietsen", "fietsstraten", "voetpaden", "speelplekken", "schoolpleinen",
)
PREPOSITIONS = ("in", "op", "bij", "rond", "langs", "naast", "achter", "voor")
PLACES = (
    "het Stationsplein", "de Markt", "het Wilhelminapark", "de Dorpsstraat", "de Kerkstraat",
    "de Havenkade", "het Julianaplein", "de Molenweg", "de Schoolstraat", "de Beatrixlaan",
    "het Raadhuisplein", "de Noordsingel", "de Zuidwal", "de Oosterweg", "de Westdijk",
    "het Emmaplein", "de Lindelaan", "de Eikenlaan", "de Brink", "het Kanaal",
    "de Nieuwbouwwijk", "het Centrum", "de Vogelwijk", "de Bloemenbuurt", "de Rivierenwijk",
    "de Schilderswijk", "het Bedrijventerrein", "de Haven", "het Sportpark", "de Begraafplaats",
    "de Bibliotheek", "het Zwembad", "de Basisschool", "het Gezondheidscentrum", "de Sporthal",
)
REASONS = (
    "Nu is het er {adj} en dat merken {who} elke dag.",
    "{Who} hebben er last van dat het er zo {adj} is.",
    "Vooral {when} is het er {adj}.",
    "Ik woon hier al {years} jaar en het wordt steeds {adj_cmp}.",
    "Sinds de verbouwing is het er {adj} geworden.",
    "Buren vertellen me dat het er {when} {adj} is.",
)
PROPOSALS = (
    "Mijn voorstel is om {things} te plaatsen {prep} {place}.",
    "Kan de gemeente {things} aanleggen {prep} {place}?",
    "Laten we samen met {who} kijken naar {things} {prep} {place}.",
    "Met {things} wordt het er {adj_good} voor {who}.",
    "Zet {things} neer {prep} {place}, dan wordt het {adj_good}.",
    "Een proef met {things} {prep} {place} kost weinig en levert veel op.",
)
CLOSERS = (
    "Dat is goed voor {who}.",
    "Zo wordt de buurt {adj_good}.",
    "Ik help graag mee om dit te organiseren.",
    "Wie denkt er mee?",
    "Het budget hiervoor kan uit het wijkfonds komen.",
    "Andere gemeenten hebben hier goede ervaringen mee.",
    "Graag hoor ik wat de gemeente ervan vindt.",
    "Dit past bij de plannen voor een groene en veilige wijk.",
)
ADJECTIVES = (
    "druk", "donker", "onveilig", "rommelig", "saai", "heet", "vies", "lawaaierig", "glad",
    "smal", "leeg", "grijs", "stenig", "onoverzichtelijk", "winderig", "verlaten",
)
ADJECTIVES_COMPARATIVE = (
    "drukker", "donkerder", "onveiliger", "rommeliger", "voller", "grijzer", "stiller",
    "gevaarlijker", "warmer", "lastiger",
)
ADJECTIVES_GOOD = (
    "groener", "veiliger", "gezelliger", "schoner", "rustiger", "mooier", "toegankelijker",
    "koeler", "prettiger", "levendiger",
)
WHO = (
    "kinderen", "ouderen", "fietsers", "wandelaars", "bewoners", "ondernemers", "scholieren",
    "hondenbezitters", "mensen met een rolstoel", "jongeren", "gezinnen", "bezoekers",
    "mantelzorgers", "sporters",
)
WHEN = (
    "'s avonds", "in de zomer", "in het weekend", "tijdens de spits", "na schooltijd",
    "op marktdagen", "in de winter", "'s ochtends vroeg",
)
RARE_SENTENCE = f"Leg ook {RARE_WORD} op de daken {{prep}} {{place}}."

COMMENT_SENTENCES = (
    "Goed idee, ik steun dit.",
    "Eens, vooral voor {who} is dit belangrijk.",
    "Ik twijfel: wie betaalt het onderhoud?",
    "Is er al gekeken naar {things} {prep} {place}?",
    "Bij ons in de straat werkt dit prima.",
    "Dit kan ook {prep} {place}, daar is meer ruimte.",
    "Het is er inderdaad {adj}, zeker {when}.",
    "Misschien eerst een proef van een half jaar?",
    "Ik ben het er niet mee eens, het wordt dan nog {adj_cmp}.",
    "Mooi plan. Denk ook aan {who}.",
    "Wat vinden de buren ervan?",
    "Helemaal mee eens!",
)


def _fill(template: str, rng: random.Random) -> str:
    # Only the slots a template uses are drawn, so generating text stays cheap.
    values = {}
    if "{things}" in template:
        values["things"] = rng.choice(THINGS)
    if "{prep}" in template:
        values["prep"] = rng.choice(PREPOSITIONS)
    if "{place}" in template:
        values["place"] = rng.choice(PLACES)
    if "{adj}" in template:
        values["adj"] = rng.choice(ADJECTIVES)
    if "{adj_cmp}" in template:
        values["adj_cmp"] = rng.choice(ADJECTIVES_COMPARATIVE)
    if "{adj_good}" in template:
        values["adj_good"] = rng.choice(ADJECTIVES_GOOD)
    if "{who}" in template or "{Who}" in template:
        who = rng.choice(WHO)
        values["who"] = who
        values["Who"] = who[0].upper() + who[1:]
    if "{when}" in template:
        values["when"] = rng.choice(WHEN)
    if "{years}" in template:
        values["years"] = rng.randint(2, 40)
    return template.format(**values)


def idea_text(rng: random.Random, rare: bool) -> tuple[str, str, str]:
    """A title, a Markdown body of one or two paragraphs, and its HTML."""
    thing = rng.choice(THINGS)
    title = f"{rng.choice(OPENERS)} {thing} {rng.choice(PREPOSITIONS)} {rng.choice(PLACES)}"
    first = [_fill(rng.choice(REASONS), rng), _fill(rng.choice(PROPOSALS), rng)]
    if rare:
        first.append(_fill(RARE_SENTENCE, rng))
    paragraphs = [" ".join(first)]
    if rng.random() < 0.6:
        paragraphs.append(" ".join(_fill(rng.choice(CLOSERS), rng) for _ in range(rng.randint(1, 3))))
    body = "\n\n".join(paragraphs)
    # Plain sentences render as escaped paragraphs, exactly what Markdown would give.
    body_html = "\n".join(f"<p>{escape(p, quote=False)}</p>" for p in paragraphs) + "\n"
    return title[:150], body, body_html


def comment_text(rng: random.Random) -> str:
    return " ".join(_fill(rng.choice(COMMENT_SENTENCES), rng) for _ in range(rng.randint(1, 3)))


# --- writing --------------------------------------------------------------------------


def _batches(rows: Iterable, size: int = BATCH) -> Iterator[list]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


class _Writer:
    """Bulk inserts: executemany in batches, or COPY on PostgreSQL."""

    def __init__(self) -> None:
        self.postgresql = not db.is_sqlite()

    def write(self, table: Table, columns: tuple[str, ...], rows: Iterable[tuple]) -> int:
        written = 0
        if self.postgresql:
            # COPY skips SQLAlchemy, so Python-side defaults of the other columns (added
            # to the models later, say) are filled in here, as an INSERT would.
            extra = [
                c for c in table.columns
                if c.name not in columns and c.default is not None and c.server_default is None
                and (c.default.is_scalar or c.default.is_callable)
            ]
            names = [*columns, *(c.name for c in extra)]
            cursor = db.session.connection().connection.driver_connection.cursor()
            with cursor.copy(f"COPY {table.name} ({', '.join(names)}) FROM STDIN") as copy:
                for row in rows:
                    if extra:
                        row = (*row, *(_default_value(c) for c in extra))
                    copy.write_row(row)
                    written += 1
            return written
        statement = insert(table)
        for batch in _batches(rows):
            db.session.execute(statement, [dict(zip(columns, row)) for row in batch])
            written += len(batch)
        return written


def _default_value(column):
    value = column.default.arg(None) if column.default.is_callable else column.default.arg
    return value.value if isinstance(value, enum.Enum) else value


def _next_id(model) -> int:
    return (db.session.scalar(select(func.max(model.id))) or 0) + 1


def _sync_sequences() -> None:
    """After rows with explicit ids, PostgreSQL's sequences must move past them."""
    if db.is_sqlite():
        return
    for table in ("users", "ideas", "comments", "document_paragraphs", "amendments", "amendment_supports"):
        db.session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
            )
        )


def _remove_previous() -> None:
    """Delete an earlier benchmark consultation and the benchmark accounts."""
    previous = db.session.scalar(select(Consultation.id).where(Consultation.slug == BENCH_SLUG))
    bench_users = select(User.id).where(
        User.email.like(f"bench-%@{BENCH_EMAIL_DOMAIN}") | (User.email == PROCESMANAGER_EMAIL)
    )
    has_users = db.session.scalar(bench_users.limit(1)) is not None
    if previous is None and not has_users:
        return
    # comments.parent_id has no index of its own; without one, every deleted comment
    # makes the database scan all comments for children. A temporary index avoids that.
    db.session.execute(text("CREATE INDEX IF NOT EXISTS ix_seeding_comments_parent ON comments (parent_id)"))
    if previous is not None:
        documents = select(Document.id).where(Document.consultation_id == previous)
        paragraphs = select(Paragraph.id).where(Paragraph.document_id.in_(documents))
        amendments = select(Amendment.id).where(Amendment.document_id.in_(documents))
        db.session.execute(delete(Comment).where(Comment.paragraph_id.in_(paragraphs)))
        db.session.execute(delete(Comment).where(Comment.amendment_id.in_(amendments)))
        db.session.execute(delete(AmendmentSupport).where(AmendmentSupport.amendment_id.in_(amendments)))
        db.session.execute(delete(Amendment).where(Amendment.document_id.in_(documents)))
        db.session.execute(delete(VersionParagraph).where(VersionParagraph.paragraph_id.in_(paragraphs)))
        db.session.execute(delete(DocumentVersion).where(DocumentVersion.document_id.in_(documents)))
        db.session.execute(delete(Paragraph).where(Paragraph.document_id.in_(documents)))
        db.session.execute(delete(Document).where(Document.consultation_id == previous))
        ideas = select(Idea.id).where(Idea.consultation_id == previous)
        db.session.execute(delete(Comment).where(Comment.idea_id.in_(ideas)))
        db.session.execute(delete(Support).where(Support.idea_id.in_(ideas)))
        db.session.execute(delete(Idea).where(Idea.consultation_id == previous))
        db.session.execute(delete(Consultation).where(Consultation.id == previous))
    if has_users:
        db.session.execute(delete(User).where(User.id.in_(bench_users)))
    db.session.execute(text("DROP INDEX ix_seeding_comments_parent"))
    db.session.expunge_all()


def _skewed_counts(
    rng: random.Random, total: int, slots: int, cap: int, weights: list[float]
) -> list[int]:
    """Split `total` over `slots` in proportion to `weights`, none above `cap`."""
    if total > slots * cap:
        raise ValueError(f"cannot place {total} items in {slots} slots of at most {cap}")
    counts = [0] * slots
    if total == 0:
        return counts
    cumulative = []
    running = 0.0
    for weight in weights:
        running += weight
        cumulative.append(running)
    for index in rng.choices(range(slots), cum_weights=cumulative, k=total):
        counts[index] += 1
    overflow = 0
    for index, count in enumerate(counts):
        if count > cap:
            overflow += count - cap
            counts[index] = cap
    # What did not fit goes to random slots that still have room.
    open_slots = [i for i, c in enumerate(counts) if c < cap]
    while overflow:
        position = rng.randrange(len(open_slots))
        index = open_slots[position]
        room = cap - counts[index]
        take = min(room, overflow, max(1, overflow // max(len(open_slots), 1)))
        counts[index] += take
        overflow -= take
        if counts[index] == cap:
            open_slots[position] = open_slots[-1]
            open_slots.pop()
    return counts


def _pareto_weights(rng: random.Random, n: int, alpha: float, share: float = 1.0) -> list[float]:
    """Heavy-tailed popularity; a `share` of the slots gets any weight at all."""
    return [rng.paretovariate(alpha) if rng.random() < share else 0.0 for _ in range(n)]


def _comment_plan(rng: random.Random, ideas: int, comments: int) -> list[int]:
    counts = [0] * ideas
    heavy = min(HEAVY_COMMENTS, comments)
    counts[0] = heavy
    rest = comments - heavy
    if rest and ideas > 1:
        weights = _pareto_weights(rng, ideas - 1, alpha=1.4, share=0.4)
        if not any(weights):
            weights[0] = 1.0
        # Nobody else outgrows the one idea the benchmark reads.
        cap = max(heavy - 1, math.ceil(rest / (ideas - 1)) + 1)
        spread = _skewed_counts(rng, rest, ideas - 1, cap, [w or 1e-9 for w in weights])
        counts[1:] = spread
    elif rest:
        counts[0] += rest
    return counts


# --- the benchmark consultation -------------------------------------------------------


def heavy_idea_id(consultation_id: int) -> int | None:
    """The idea the "page with 1,000 comments" benchmark reads."""
    return db.session.scalar(
        select(Idea.id)
        .where(Idea.consultation_id == consultation_id)
        .order_by(Idea.comment_count.desc(), Idea.id)
        .limit(1)
    )


def seed_bench(
    *,
    ideas: int,
    supports: int,
    comments: int,
    users: int | None = None,
    progress: Callable[[int], None] = lambda _n: None,
    seed: int = SEED,
    secret_box: SecretBox | None = None,
) -> Consultation:
    """Create (or replace) the benchmark consultation and its people. The caller commits."""
    if ideas < 1:
        raise ValueError("at least one idea")
    users = users or default_users(ideas, supports)
    # Nobody supports their own idea (the policies forbid it), so at most users - 1 each.
    if users < 2 or supports > ideas * (users - 1):
        raise ValueError(f"{supports} supports need more than {users} people for {ideas} ideas")
    rng = random.Random(seed)
    bar = Progress(progress)
    writer = _Writer()
    now = utcnow()
    sqlite = db.is_sqlite()
    if sqlite:
        # A large page cache keeps the one big transaction out of the WAL until commit.
        db.session.execute(text("PRAGMA cache_size = -262144"))
    else:
        # Wait for the commit to reach the WAL: until it has, VACUUM may not set hint
        # bits, so it cannot mark pages all-visible (no index-only scans) on a server
        # running with synchronous_commit = off.
        db.session.execute(text("SET LOCAL synchronous_commit = on"))

    _remove_previous()
    pagecache.mark_changed(db.session.connection())  # COPY below bypasses SQLAlchemy
    bar.reach(2)

    # People: one password hash for all of them.
    password_hash = hash_password(BENCH_PASSWORD)
    first_user = _next_id(User)
    owner_id = first_user + users
    joined = now - timedelta(days=400)
    citizen, civil_servant = SiteRole.CITIZEN.value, SiteRole.CIVIL_SERVANT.value
    if sqlite:
        citizen, civil_servant = SiteRole.CITIZEN, SiteRole.CIVIL_SERVANT
    user_rows = (
        (
            first_user + n,
            bench_email(n),
            f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            password_hash,
            citizen,
            "nl",
            joined + timedelta(minutes=n),
            joined + timedelta(minutes=n, seconds=90),
        )
        for n in range(users)
    )
    user_columns = ("id", "email", "display_name", "password_hash", "site_role", "locale",
                    "created_at", "email_confirmed_at")
    writer.write(User.__table__, user_columns, user_rows)
    writer.write(
        User.__table__,
        user_columns,
        [(owner_id, OWNER_EMAIL, "Benchmark (gemeente)", password_hash, civil_servant, "nl", joined, joined)],
    )
    bar.reach(5)

    # The consultation: published, with one phase around now that allows everything.
    today = local_day(now)
    starts = start_of_local_day(today - timedelta(days=30))
    ends = end_of_local_day(today + timedelta(days=60))
    body = (
        "Deze consultatie is gemaakt voor metingen aan de snelheid van het platform. "
        "Alle ideeën, reacties en steunbetuigingen zijn gegenereerd.\n\n"
        "## Waar gaat het over?\n\nOver de openbare ruimte in alle wijken."
    )
    consultation = Consultation(
        slug=BENCH_SLUG,
        title=BENCH_TITLE,
        question="Hoe maken we de openbare ruimte beter?",
        summary="Een grote consultatie met gegenereerde ideeën, voor het meten van de snelheid.",
        body=body,
        body_html=render_markdown(body),
        visibility=Visibility.PUBLIC,
        status=PublicationStatus.PUBLISHED,
        support_budget=None,
        idea_count=ideas,
        opens_at=starts,
        closes_at=ends,
        created_at=starts - timedelta(days=14),
        published_at=starts - timedelta(days=7),
        created_by_id=owner_id,
    )
    phase = Phase(
        kind=PhaseKind.POLICY_PREPARATION,
        title="Ideeën en reacties",
        description="Deel ideeën, steun ze en praat mee.",
        starts_at=starts,
        ends_at=ends,
        allows_ideas=True,
        allows_comments=True,
        allows_supports=True,
        allows_cowriting=True,
    )
    consultation.phases.append(phase)
    db.session.add(consultation)
    db.session.flush()
    db.session.add(
        ConsultationMember(
            consultation_id=consultation.id, user_id=owner_id, role=MemberRole.OWNER, created_at=starts
        )
    )
    db.session.flush()

    # What each idea gets, decided before any idea is written so its counters are exact.
    support_counts = _skewed_counts(rng, supports, ideas, users - 1, _pareto_weights(rng, ideas, alpha=1.3))
    comment_counts = _comment_plan(rng, ideas, comments)
    bar.reach(8)

    first_idea = _next_id(Idea)
    authors = [rng.randrange(users) for _ in range(ideas)]  # as person numbers
    span = max((now - starts).total_seconds() - 3600, 60.0)
    idea_created = [starts + timedelta(seconds=span * n / ideas) for n in range(ideas)]
    statuses = [IdeaStatus.NEW] * 20 + [
        IdeaStatus.UNDER_CONSIDERATION, IdeaStatus.UNDER_CONSIDERATION, IdeaStatus.ADOPTED,
        IdeaStatus.PARTLY_ADOPTED, IdeaStatus.NOT_ADOPTED, IdeaStatus.IMPLEMENTED,
    ]
    if not sqlite:
        statuses = [s.value for s in statuses]

    def idea_rows():
        for n in range(ideas):
            title, body_md, body_html = idea_text(rng, rare=has_rare_word(n))
            yield (
                first_idea + n,
                consultation.id,
                phase.id,
                first_user + authors[n],
                title,
                body_md,
                body_html,
                rng.choice(statuses),
                support_counts[n],
                comment_counts[n],
                rng.randrange(2**31),
                idea_created[n],
            )
            if n % 5000 == 4999:
                bar.reach(8 + 30 * n / ideas)

    writer.write(
        Idea.__table__,
        ("id", "consultation_id", "phase_id", "author_id", "title", "body", "body_html", "status",
         "support_count", "comment_count", "random_key", "created_at"),
        idea_rows(),
    )
    bar.reach(38)

    # Supports: distinct people per idea, never its author, in (idea, person) order.
    offsets = [timedelta(minutes=m) for m in range(0, 2880, 7)]

    def support_rows():
        done = 0
        for n, count in enumerate(support_counts):
            if not count:
                continue
            idea_id = first_idea + n
            created = idea_created[n]
            chosen = rng.sample(range(users), count + 1)  # count < users: room for one extra
            if authors[n] in chosen:
                chosen.remove(authors[n])
            for person in sorted(chosen[:count]):
                yield (idea_id, first_user + person, min(created + offsets[person % len(offsets)], now))
            done += count
            if n % 2000 == 1999:
                bar.reach(38 + 37 * done / max(supports, 1))

    writer.write(Support.__table__, ("idea_id", "user_id", "created_at"), support_rows())
    bar.reach(75)

    # Comments: threads of a top-level comment and replies beneath it.
    texts = [comment_text(rng) for _ in range(2000)]
    first_comment = _next_id(Comment)

    def comment_rows():
        next_id = first_comment
        for n, count in enumerate(comment_counts):
            if not count:
                continue
            idea_id = first_idea + n
            created = idea_created[n]
            step = max((now - created).total_seconds() / (count + 1), 1.0)
            threads: list[list[int]] = []  # per thread: its comment ids, the root first
            for k in range(count):
                when = created + timedelta(seconds=step * (k + 1))
                if not threads or rng.random() < 0.4:
                    threads.append([next_id])
                    parent = root = None
                else:
                    thread = threads[-1 - min(int(rng.expovariate(0.5)), len(threads) - 1)]
                    root = thread[0]
                    parent = thread[0] if rng.random() < 0.6 else rng.choice(thread)
                    thread.append(next_id)
                yield (next_id, idea_id, first_user + rng.randrange(users), parent, root,
                       texts[rng.randrange(len(texts))], when)
                next_id += 1
            if n % 2000 == 1999:
                bar.reach(75 + 17 * (next_id - first_comment) / max(comments, 1))

    writer.write(
        Comment.__table__,
        ("id", "idea_id", "author_id", "parent_id", "root_id", "body", "created_at"),
        comment_rows(),
    )
    bar.reach(92)

    _seed_draft(writer, rng, consultation, phase, first_user, users, now, paragraphs=DRAFT_PARAGRAPHS,
                comments=DRAFT_COMMENTS, amendments=DRAFT_AMENDMENTS)
    bar.reach(96)

    _sync_sequences()
    db.session.execute(text("ANALYZE"))
    db.session.expire(consultation)
    bar.reach(93)

    # The procesmanager, the goal and targets, and the KPI figures as the periodic
    # refresh stores them (the dashboard reads those at this size).
    procesmanager = User(
        email=PROCESMANAGER_EMAIL, display_name="Benchmark (procesmanager)", password_hash=password_hash,
        site_role=SiteRole.CITIZEN, locale="nl", created_at=joined, email_confirmed_at=joined,
    )
    db.session.add(procesmanager)
    db.session.flush()
    if secret_box is not None:
        signin_services.turn_on_with_secret(procesmanager, BENCH_TOTP_SECRET, secret_box, now)
    db.session.add(ConsultationMember(
        consultation_id=consultation.id, user_id=procesmanager.id, role=MemberRole.PROCESMANAGER, created_at=starts
    ))
    owner = db.session.get(User, owner_id)
    measure_services.set_goals(owner, consultation, measure_services.GoalData(
        "Zoveel mogelijk bewoners denken mee over de openbare ruimte.", local_day(ends - timedelta(seconds=1)),
        {kpis.PARTICIPANTS: measure_services.TargetData(users), kpis.IDEAS: measure_services.TargetData(ideas * 2),
         kpis.SUPPORTS: measure_services.TargetData(supports * 2), kpis.RESPONDED_IN_TIME: measure_services.TargetData(90)},
    ), now)
    measure_services.store_figures(consultation, now)
    bar.reach(100)
    return consultation


# The benchmark's draft text (co-writing): its paragraphs, the comments on them and the
# amendments, with the supports and open counts each page shows.
DRAFT_PARAGRAPHS = 200
DRAFT_COMMENTS = 2000
DRAFT_AMENDMENTS = 500
DRAFT_TITLE = "Benchmark: ontwerptekst"


def _value(member, sqlite: bool):
    return member if sqlite else member.value


def _seed_draft(writer, rng, consultation, phase, first_user: int, users: int, now, *, paragraphs: int,
                comments: int, amendments: int) -> None:
    """A draft text of `paragraphs` blocks (every tenth a heading), published as version
    1, with `comments` comments on its paragraphs and `amendments` amendments (four in
    five open), every counter exact."""
    sqlite = db.is_sqlite()
    created = now - timedelta(days=20)
    document = Document(
        consultation_id=consultation.id, phase_id=phase.id, title=DRAFT_TITLE,
        summary="Een lange gegenereerde tekst, voor het meten van de snelheid.", version_number=1,
        last_key=paragraphs, created_at=created,
    )
    db.session.add(document)
    db.session.flush()
    version = DocumentVersion(document_id=document.id, number=1, summary="Eerste versie.", published_at=created)
    db.session.add(version)
    db.session.flush()
    kinds = [ParagraphKind.HEADING if n % 10 == 0 else ParagraphKind.TEXT for n in range(paragraphs)]
    texts = [
        f"Hoofdstuk {n // 10 + 1}" if kind == ParagraphKind.HEADING else comment_text(rng) + " " + comment_text(rng)
        for n, kind in enumerate(kinds)
    ]
    first = _next_id(Paragraph)
    text_ids = [first + n for n, kind in enumerate(kinds) if kind == ParagraphKind.TEXT]
    comment_on = [rng.choice(text_ids) for _ in range(comments)]
    amended = [rng.choice(text_ids) for _ in range(amendments)]
    statuses = [AmendmentStatus.OPEN] * 4 + [AmendmentStatus.REJECTED]
    status_of = [rng.choice(statuses) for _ in range(amendments)]
    comment_counts = {pid: comment_on.count(pid) for pid in text_ids}
    open_counts = {pid: 0 for pid in text_ids}
    for pid, status in zip(amended, status_of, strict=True):
        if status == AmendmentStatus.OPEN:
            open_counts[pid] += 1
    writer.write(
        Paragraph.__table__,
        ("id", "document_id", "key", "kind", "position", "text", "removed", "comment_count", "open_amendment_count"),
        [(first + n, document.id, n + 1, _value(kind, sqlite), n + 1, texts[n], False,
          comment_counts.get(first + n, 0), open_counts.get(first + n, 0)) for n, kind in enumerate(kinds)],
    )
    labels = drafting.numbers(kinds)
    writer.write(
        VersionParagraph.__table__,
        ("version_id", "paragraph_id", "position", "number", "text", "html", "change", "changed_in",
         "participant_count"),
        [(version.id, first + n, n + 1, labels[n], texts[n], drafting.render(kind, texts[n]),
          _value(ParagraphChange.SAME, sqlite), 1, 0) for n, kind in enumerate(kinds)],
    )
    first_comment = _next_id(Comment)
    step = (now - created).total_seconds() / (comments + 1)
    writer.write(
        Comment.__table__,
        ("id", "paragraph_id", "author_id", "body", "created_at"),
        [(first_comment + n, pid, first_user + rng.randrange(users), comment_text(rng),
          created + timedelta(seconds=step * (n + 1))) for n, pid in enumerate(comment_on)],
    )
    base = dict(zip((first + n for n in range(paragraphs)), texts, strict=True))
    first_amendment = _next_id(Amendment)
    supporters = [rng.sample(range(users), min(users - 1, int(rng.expovariate(0.15)))) for _ in range(amendments)]
    authors = [rng.randrange(users) for _ in range(amendments)]
    supporters = [[p for p in chosen if p != author] for chosen, author in zip(supporters, authors, strict=True)]
    writer.write(
        Amendment.__table__,
        ("id", "document_id", "paragraph_id", "author_id", "kind", "base_version", "base_text", "proposed_text",
         "explanation", "status", "support_count", "comment_count", "created_at", "decided_at", "decision_reason"),
        [(first_amendment + n, document.id, pid, first_user + authors[n], _value(AmendmentKind.REPLACE, sqlite), 1,
          base[pid], base[pid] + " " + comment_text(rng), comment_text(rng), _value(status_of[n], sqlite),
          len(supporters[n]), 0, created + timedelta(seconds=step * (n + 1)),
          None if status_of[n] == AmendmentStatus.OPEN else now - timedelta(hours=1),
          "" if status_of[n] == AmendmentStatus.OPEN else "Past niet in het plan.")
         for n, pid in enumerate(amended)],
    )
    writer.write(
        AmendmentSupport.__table__,
        ("amendment_id", "user_id", "created_at"),
        [(first_amendment + n, first_user + person, now - timedelta(hours=2))
         for n, chosen in enumerate(supporters) for person in sorted(chosen)],
    )


def after_commit() -> None:
    """Housekeeping that cannot run inside the seeding transaction.

    PostgreSQL: VACUUM ANALYZE, so the visibility map is set (index-only scans) and the
    planner has statistics. SQLite: fold the write-ahead log back into the database.
    """
    engine = db.session.get_bind()
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.exec_driver_sql("PRAGMA optimize")
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        # Two commands: a database-wide VACUUM ANALYZE was seen to leave the freshly
        # loaded tables without all-visible pages.
        connection.exec_driver_sql("VACUUM")
        connection.exec_driver_sql("ANALYZE")
