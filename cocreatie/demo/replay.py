"""The demo's replay: puts what `content` read into the database, through the services.

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
supports. Its draws follow the order of the data files, so changing the content changes
what chance decides after it.
"""

from __future__ import annotations

import random
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import select

from cocreatie import db
from cocreatie.accounts import services as account_services
from cocreatie.consultations import services as consultation_services
from cocreatie.consultations.services import ConsultationData, PhaseData
from cocreatie.demo import reach as reach_demo
from cocreatie.demo.accounts import (
    ADMIN,
    CITIZEN,
    DEMO_URL,
    CIVIL_SERVANT,
    DEMO_PASSWORD,
    PROCESMANAGER,
    PROCESMANAGER_EMAIL,
    ROLE_ACCOUNTS,
    TOTP_SECRETS,
)
from cocreatie.cowriting import queries as cowriting_queries
from cocreatie.cowriting import services as cowriting_services
from cocreatie.demo.content import (
    IDEA_AUTHOR,
    AmendmentDecisionSpec,
    AmendmentSpec,
    DraftCommentSpec,
    DraftSpec,
    CommentSpec,
    ConsultationSpec,
    DemoContent,
    Dismiss,
    GoalSpec,
    Hide,
    IdeaSpec,
    ModerationSpec,
    OutcomeSpec,
)
from cocreatie.demo import pictures
from cocreatie.feedback import services as feedback_services
from cocreatie.files import services as file_services
from cocreatie.feedback.services import MilestoneData, OutcomeData
from cocreatie.measure import services as measure_services
from cocreatie.models import (
    Amendment,
    Comment,
    Document,
    Paragraph,
    Consultation,
    EmailFrequency,
    HouseRule,
    Idea,
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
from cocreatie.progress import Progress
from cocreatie.recruitment import services as role_services
from cocreatie.signin import secret_box, services as signin_services
from cocreatie.text import render_markdown
from cocreatie.timezones import end_of_local_day, local_day, start_of_local_day

SEED = 2026

# How many ideas a citizen supports per consultation (drawn at random, capped by any budget).
SUPPORTS_PER_PERSON: tuple[int, ...] = (0, 1, 2, 2, 3, 3, 4, 5, 5, 6, 8, 10)
# How often a citizen writes, relative to the others (drawn at random for each).
ACTIVITY: tuple[float, ...] = (0.4, 0.7, 1.0, 1.0, 1.5, 2.0, 3.0)


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


def _names_in(threads: Sequence[CommentSpec], citizens: set[str]) -> set[str]:
    """The citizens a thread names as authors."""
    names: set[str] = set()
    for thread in threads:
        if thread.by in citizens:
            names.add(thread.by)
        names |= _names_in(thread.replies, citizens)
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
    preferences = {user.id: (user.email_frequency, user.work_email_frequency) for user in users}
    for user in users:
        user.email_frequency = user.work_email_frequency = EmailFrequency.NEVER
    db.session.flush()  # fan_out reads the preference in SQL
    yield
    for user in users:
        user.email_frequency, user.work_email_frequency = preferences[user.id]


def _create_people(
    names: Sequence[str], now: datetime, rng: random.Random, progress: Progress, share: float
) -> _People:
    by_key: dict[str, User] = {}
    citizens: list[User] = []
    accounts = [
        *ROLE_ACCOUNTS,
        *((name, _email_for(name), name, SiteRole.CITIZEN) for name in names),
    ]
    joined_earliest = now - timedelta(days=420)
    for done, (key, email, display_name, role) in enumerate(accounts, start=1):
        joined = _between(rng, joined_earliest, joined_earliest + timedelta(days=60))
        user = account_services.create_user(
            email, display_name, DEMO_PASSWORD, joined, site_role=role
        )
        user.created_at = joined
        if email in TOTP_SECRETS:  # staff sign in with two factors, keys printed with the log-ins
            signin_services.turn_on_with_secret(
                user, TOTP_SECRETS[email], secret_box.for_app(current_app.config), joined
            )
        by_key[key] = user
        if key in names:
            citizens.append(user)
        progress.reach(share * done / len(accounts))
    activity = {user.id: rng.choice(ACTIVITY) for user in citizens}
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
        owner, consultation, PROCESMANAGER_EMAIL, MemberRole.PROCESMANAGER, min(created, now), notify=False
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
                allows_cowriting=defaults.allows_cowriting,
            ),
            min(created, now),
        )
    if spec.goal is not None:
        _set_goal(spec.goal, consultation, owner, today, min(created, now))
    _add_files(spec, consultation, owner, min(created, now))
    if spec.published:
        published = min(first_start - timedelta(days=7), now)
        consultation_services.publish_consultation(owner, consultation, published)
        for key in spec.followers:
            when = min(published + timedelta(days=rng.uniform(1, 5)), now - timedelta(hours=1))
            timeline.at(when, follows.follow, people.get(key), consultation)
    return consultation


def _set_goal(goal: GoalSpec, consultation: Consultation, owner: User, today: date, when: datetime) -> None:
    def day(offset: int | None) -> date | None:
        return None if offset is None else today + timedelta(days=offset)

    measure_services.set_goals(owner, consultation, measure_services.GoalData(
        text=goal.text,
        achieve_by=day(goal.achieve_by),
        targets={t.kpi: measure_services.TargetData(t.value, day(t.day)) for t in goal.targets},
    ), when)


def _add_files(spec: ConsultationSpec, consultation: Consultation, owner: User, when: datetime) -> None:
    """A drawn header image and the documents as PDFs, through the files' own checks."""
    holder = file_services.Holder(consultation)
    no_limit = 100 * 1024 * 1024
    if spec.header_image_alt:
        picture = file_services.Upload("plein.jpg", pictures.street_scene(consultation.id))
        file_services.set_header_image(owner, holder, picture, spec.header_image_alt, False, when, no_limit)
    for attachment in spec.attachments:
        document = file_services.Upload(f"{attachment.title}.pdf", pictures.text_pdf(attachment.title, attachment.text))
        file_services.add_attachment(owner, holder, document, attachment.title, when, no_limit)


class _DraftLoader:
    """A draft text for co-writing: added, reacted to, amended, supported, decided on and
    published again, each through the co-writing services at its own back-dated moment.
    Their policies ask whether the consultation's running phase allows co-writing, which
    it does now for the consultation that carries the demo's draft."""

    def __init__(self, spec: DraftSpec, consultation: Consultation, people: _People, now: datetime,
                 rng: random.Random, timeline: _Timeline) -> None:
        self.spec, self.consultation, self.people, self.now, self.rng = spec, consultation, people, now, rng
        self.timeline = timeline
        self.today = local_day(now)
        self.owner = people.get(CIVIL_SERVANT)
        self.document: Document | None = None
        self.amendments: dict[int, Amendment] = {}

    def _paragraph(self, key: int) -> Paragraph:
        paragraph = cowriting_queries.paragraph(self.document.id, key)
        assert paragraph is not None, f"{self.spec.title}: no paragraph {key}"
        return paragraph

    def plan(self) -> None:
        spec, rng = self.spec, self.rng
        added = _on_day(rng, self.today, spec.day, first_hour=8, last_hour=9)
        self.timeline.at(added, self._add)
        for comment in spec.comments:
            self.timeline.at(_on_day(rng, self.today, comment.day), self._comment, comment)
        for index, amendment in enumerate(spec.amendments):
            proposed = _on_day(rng, self.today, amendment.day, first_hour=9, last_hour=12)
            self.timeline.at(proposed, self._propose, index, amendment)
            until = (_on_day(rng, self.today, amendment.decision.day, first_hour=9, last_hour=10)
                     if amendment.decision else self.now - timedelta(hours=1))
            for key in amendment.supporters:
                self.timeline.at(_some_time_after(rng, proposed, until), self._support, index, key)
            for comment in amendment.comments:
                moment = min(_on_day(rng, self.today, comment.day, first_hour=12, last_hour=17), until)
                self.timeline.at(max(moment, proposed + timedelta(minutes=5)), self._discuss, index, comment)
            if amendment.decision is not None:
                decided = _on_day(rng, self.today, amendment.decision.day, first_hour=10, last_hour=14)
                self.timeline.at(decided, self._decide, index, amendment.decision)
        if spec.version_day is not None:
            self.timeline.at(_on_day(rng, self.today, spec.version_day, first_hour=15, last_hour=16), self._publish)

    def _add(self, when: datetime) -> None:
        phase = next(p for p in self.consultation.phases if p.kind == self.spec.phase)
        self.document = cowriting_services.add_document(
            self.owner, self.consultation, phase, self.spec.title, self.spec.summary, self.spec.body, when
        )

    def _comment(self, spec: DraftCommentSpec, when: datetime) -> None:
        cowriting_services.comment(self.people.get(spec.by), self._paragraph(spec.paragraph), spec.body, when)

    def _propose(self, index: int, spec: AmendmentSpec, when: datetime) -> None:
        self.amendments[index] = cowriting_services.propose_amendment(
            self.people.get(spec.by), self._paragraph(spec.paragraph), spec.kind, spec.text, spec.explanation,
            self.document.version_number, when,
        )

    def _support(self, index: int, key: str, when: datetime) -> None:
        cowriting_services.support_amendment(self.people.get(key), self.amendments[index], when)

    def _discuss(self, index: int, spec: DraftCommentSpec, when: datetime) -> None:
        cowriting_services.comment(self.people.get(spec.by), self.amendments[index], spec.body, when)

    def _decide(self, index: int, spec: AmendmentDecisionSpec, when: datetime) -> None:
        cowriting_services.decide_amendment(self.owner, self.amendments[index], spec.status, spec.reason, spec.text, when)

    def _publish(self, when: datetime) -> None:
        cowriting_services.publish_version(self.owner, self.document, self.spec.version_summary, when)


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
        content: DemoContent,
        spec: ConsultationSpec,
        consultation: Consultation,
        people: _People,
        now: datetime,
        rng: random.Random,
        timeline: _Timeline,
    ) -> None:
        self.content = content
        self.citizen_names = set(content.citizens)
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
            rule.title: rule
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
        planned: list[tuple[datetime, IdeaSpec, Phase]] = []
        for phase in idea_phases:
            latest = min(phase.ends_at, now - timedelta(hours=6)) - timedelta(hours=1)
            for idea_spec in (idea for idea in spec.ideas if idea.phase == phase.kind):
                if idea_spec.day is None:
                    created = _between(rng, phase.starts_at + timedelta(hours=7), latest)
                else:
                    created = _on_day(rng, self.today, idea_spec.day, first_hour=7, last_hour=22)
                    assert phase.starts_at <= created <= latest, idea_spec.title
                planned.append((created, idea_spec, phase))
        assert len(planned) == len(spec.ideas), f"{spec.title}: an idea's phase has not begun"
        planned.sort(key=lambda item: item[0])
        for created, idea_spec, phase in planned:
            if idea_spec.by:
                author = self.people.get(idea_spec.by)
            else:
                # Whoever is named in the thread is reacting to someone else's idea.
                named = {self.people.get(name).id for name in _names_in(idea_spec.comments, self.citizen_names)}
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
                (CommentSpec(self.rng.choice(self.content.author_thanks), by=IDEA_AUTHOR),)
                if self.rng.random() < 0.3
                else ()
            )
            threads.append(CommentSpec(body, replies=replies))
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

    def _rule(self, title: str) -> HouseRule:
        return self.rules[title]

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


def load(content: DemoContent, now: datetime, progress: Callable[[int], None]) -> None:
    """Fill an empty database with the demo; the caller commits."""
    rng = random.Random(SEED)
    bar = Progress(progress)
    timeline = _Timeline()
    people = _create_people(content.citizens, now, rng, bar, share=30)
    per_consultation = 35 / len(content.consultations)
    for index, spec in enumerate(content.consultations.values()):
        start = 30 + index * per_consultation
        consultation = _create_consultation(spec, people, now, rng, timeline)
        if spec.ideas:
            loader = _ConsultationLoader(content, spec, consultation, people, now, rng, timeline)
            loader.add_ideas()
            bar.reach(start + per_consultation * 0.4)
            loader.add_comments()
            bar.reach(start + per_consultation * 0.8)
            loader.add_supports()
            loader.plan_moderation()
            loader.plan_feedback()
        if spec.draft is not None:
            _DraftLoader(spec.draft, consultation, people, now, rng, timeline).plan()
        bar.reach(start + per_consultation)
    # The counters set above are written before the services change them with UPDATEs.
    db.session.flush()
    with _without_email(list(people.by_key.values())):
        timeline.run(now, lambda share: bar.reach(65 + 33 * share))
    _read_older_notifications(people.get(CITIZEN), now, rng)
    # Reach: reference figures, profile questions and answers (with a chance of its own).
    reach_demo.load(
        people.get(ADMIN), people.get(PROCESMANAGER), now,
        invitation_link=lambda slug, token: f"{DEMO_URL}/consultaties/{slug}/uitnodiging/{token}", organisation="Gemeente Voorbeeld",
    )
    db.session.flush()
    bar.reach(100)
