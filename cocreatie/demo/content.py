"""What the demo contains, read from the TOML files in data/ (see data/README.md).

The files are checked as they are read: a misspelt key, a person nobody knows, an idea
in a phase that collects none or a merge into a title that does not exist stops the demo
with a `DemoDataError` naming the file and the key, before anything is written. Nothing
is counted by hand: how many ideas each phase collected follows from each idea's `phase`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

from cocreatie.demo.accounts import ADMIN, CITIZEN, CIVIL_SERVANT, PROCESMANAGER
from cocreatie.measure import kpis
from cocreatie.models import AmendmentKind, AmendmentStatus, IdeaStatus, PhaseKind
from cocreatie.models.consultations import PHASE_DEFAULTS
from cocreatie.moderation.services import DEFAULT_HOUSE_RULES

DATA_DIR = Path(__file__).resolve().parent / "data"
# In the order they are created, which decides their ids (and what the random generator
# draws for each).
CONSULTATION_FILES: tuple[str, ...] = ("stationsplein", "schoolroutes", "speelplaatsen", "afval", "zwembad")

# In a comment or a report: the author of the idea it is about.
IDEA_AUTHOR = "@idea-author"
ROLE_KEYS = (CITIZEN, PROCESMANAGER, CIVIL_SERVANT, ADMIN)
HOUSE_RULE_TITLES = tuple(title for title, _ in DEFAULT_HOUSE_RULES)


# --- the specs ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportSpec:
    """A report (melding) citing a house rule by its title."""

    by: str  # a person, or IDEA_AUTHOR
    rule: str
    note: str = ""


@dataclass(frozen=True)
class Hide:
    """The procesmanager hid the item, naming the rule and a public reason."""

    rule: str
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


@dataclass(frozen=True)
class CommentSpec:
    body: str
    # A person, IDEA_AUTHOR, or None for a random citizen.
    by: str | None = None
    replies: tuple[CommentSpec, ...] = ()
    # Placed inside this phase (when it fits), e.g. a look back after the work is done.
    during: PhaseKind | None = None
    # Removed by its author afterwards; it stays as a placeholder in the thread.
    removed: bool = False
    # Placed on this local day relative to today (when it fits), e.g. a recent reaction.
    day: int | None = None
    moderation: ModerationSpec | None = None


@dataclass(frozen=True)
class ResponseSpec:
    """An official response by the civil servant, on a local day relative to today."""

    day: int
    status: IdeaStatus
    text: str


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
    # The idea-collecting phase it was submitted in.
    phase: PhaseKind
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
class TargetSpec:
    kpi: str  # a key of cocreatie.measure.kpis
    value: int
    day: int | None = None  # reached by this local day (relative to today)


@dataclass(frozen=True)
class GoalSpec:
    """What the consultation should achieve, and its KPI targets (cocreatie/measure/)."""

    text: str
    achieve_by: int | None = None  # a local day relative to today
    targets: tuple[TargetSpec, ...] = ()


@dataclass(frozen=True)
class AttachmentSpec:
    """A document on the consultation page, made into a one-page PDF when loaded."""

    title: str
    text: str


@dataclass(frozen=True)
class DraftCommentSpec:
    """A reaction on a paragraph of the draft text (its key: 1, 2, … in the text's order)."""

    paragraph: int
    by: str
    day: int
    body: str


@dataclass(frozen=True)
class AmendmentDecisionSpec:
    status: AmendmentStatus
    day: int
    reason: str
    text: str | None = None  # the text adopted, when partly accepted


@dataclass(frozen=True)
class AmendmentSpec:
    paragraph: int
    kind: AmendmentKind
    by: str
    day: int
    explanation: str
    text: str = ""
    supporters: tuple[str, ...] = ()
    comments: tuple[DraftCommentSpec, ...] = ()  # the discussion (paragraph: unused)
    decision: AmendmentDecisionSpec | None = None


@dataclass(frozen=True)
class DraftSpec:
    """A draft text for co-writing (cocreatie/cowriting), added on `day` for `phase`,
    with reactions, amendments and, optionally, a second version on `version_day`."""

    phase: PhaseKind
    title: str
    summary: str
    body: str
    day: int
    comments: tuple[DraftCommentSpec, ...] = ()
    amendments: tuple[AmendmentSpec, ...] = ()
    version_day: int | None = None
    version_summary: str = ""


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
    # Short reactions that fit any idea here, for ideas without a written thread.
    comment_pool: tuple[str, ...] = ()
    # Ideas (by title) the demo citizen supports; None lets chance decide.
    citizen_supports: tuple[str, ...] | None = None
    # How the civil servant signs the official responses here.
    responder_role: str = ""
    outcome: OutcomeSpec | None = None
    # People who follow the consultation on purpose.
    followers: tuple[str, ...] = ()
    goal: GoalSpec | None = None
    # A drawn header image (made when loaded) with this description; empty: none.
    header_image_alt: str = ""
    attachments: tuple[AttachmentSpec, ...] = ()
    draft: DraftSpec | None = None


@dataclass(frozen=True)
class DemoContent:
    # The citizens besides the role accounts: random authors and supporters.
    citizens: tuple[str, ...]
    # What an idea's author may answer a reaction with, on ideas without a written thread.
    author_thanks: tuple[str, ...]
    consultations: dict[str, ConsultationSpec]  # by file name, in CONSULTATION_FILES order


# --- reading the files -------------------------------------------------------------------


class DemoDataError(ValueError):
    """A data file that does not describe a demo; the message names the file and key."""


def read_content(directory: Path = DATA_DIR) -> DemoContent:
    """Read and check people.toml and every file in CONSULTATION_FILES."""
    people = _Table.read(directory / "people.toml")
    citizens = people.texts("citizens", default=_MISSING)
    author_thanks = people.texts("author_thanks", default=_MISSING)
    people.finish()
    if len(set(citizens)) != len(citizens) or any(name.startswith("@") for name in citizens):
        raise people.error("citizens", "each name once, and none starting with @")
    consultations = {
        name: _ConsultationReader(_Table.read(directory / f"{name}.toml"), set(citizens)).read()
        for name in CONSULTATION_FILES
    }
    return DemoContent(citizens, author_thanks, consultations)


_MISSING: Any = object()
E = TypeVar("E", bound=Enum)


class _Table:
    """One TOML table being read: it knows where it is, for the error messages, and
    refuses keys that nobody reads (a misspelt key would otherwise be ignored)."""

    def __init__(self, data: dict[str, Any], file: str, path: str = "") -> None:
        self._data = data
        self._file = file
        self._path = path
        self._read: set[str] = set()

    @classmethod
    def read(cls, path: Path) -> _Table:
        try:
            with path.open("rb") as file:
                return cls(tomllib.load(file), path.name)
        except OSError as error:
            raise DemoDataError(f"{path}: cannot be read ({error.strerror})") from None
        except tomllib.TOMLDecodeError as error:
            raise DemoDataError(f"{path.name}: not valid TOML: {error}") from None

    def error(self, key: str, message: str) -> DemoDataError:
        return DemoDataError(f"{self._file}, {self._sub(key)}: {message}")

    def _value(self, key: str, kinds: tuple[type, ...], what: str, default: Any) -> Any:
        self._read.add(key)
        if key not in self._data:
            if default is _MISSING:
                raise self.error(key, f"missing ({what})")
            return default
        value = self._data[key]
        # TOML's true and false are ints to Python; a number is never meant as one.
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            raise self.error(key, f"should be {what}, not {value!r}")
        return value

    def text(self, key: str, default: str = _MISSING) -> str:
        value = self._value(key, (str,), "a text", default)
        if value is not default and not value.strip():
            raise self.error(key, "is empty")
        return value

    def integer(self, key: str, default: int | None = _MISSING) -> int:
        return self._value(key, (int,), "a whole number", default)

    def number(self, key: str, default: float | None = _MISSING) -> float:
        return self._value(key, (int, float), "a number", default)

    def flag(self, key: str, default: bool) -> bool:
        return self._value(key, (bool,), "true or false", default)

    def choice(self, key: str, enum: type[E], default: E | None = _MISSING) -> E:
        values = [member.value for member in enum]
        value = self._value(key, (str,), f"one of {values}", default)
        if value is default:
            return value
        if value not in values:
            raise self.error(key, f"{value!r} is not one of {values}")
        return enum(value)

    def texts(self, key: str, default: tuple[str, ...] | None = ()) -> tuple[str, ...]:
        values = self._value(key, (list,), "a list of texts", default)
        if values is default:
            return values
        if not values and default is _MISSING:
            raise self.error(key, "is empty")
        for index, value in enumerate(values):
            if not isinstance(value, str) or not value.strip():
                raise self.error(f"{key}[{index}]", f"should be a text, not {value!r}")
        return tuple(values)

    def table(self, key: str) -> _Table | None:
        value = self._value(key, (dict,), "a table", None)
        return None if value is None else _Table(value, self._file, self._sub(key))

    def tables(self, key: str) -> list[_Table]:
        values = self._value(key, (list,), "a list of tables", [])
        for index, value in enumerate(values):
            if not isinstance(value, dict):
                raise self.error(f"{key}[{index}]", f"should be a table, not {value!r}")
        return [_Table(value, self._file, self._sub(f"{key}[{index}]", value)) for index, value in enumerate(values)]

    def _sub(self, key: str, value: dict[str, Any] | None = None) -> str:
        # An idea or a phase is easier to find by its title than by counting.
        if value is not None and isinstance(value.get("title"), str):
            key = f"{key} ({value['title']!r})"
        return ".".join(part for part in (self._path, key) if part)

    def finish(self) -> None:
        unknown = sorted(set(self._data) - self._read)
        if unknown:
            raise self.error(unknown[0], f"unknown key (known here: {', '.join(sorted(self._read))})")


class _ConsultationReader:
    """Reads one consultation file into a ConsultationSpec, checking what the replay
    relies on: people exist, ideas fall in phases that collect them, titles referred to
    exist, the outcome has decisions to publish."""

    def __init__(self, table: _Table, citizens: set[str]) -> None:
        self.table = table
        self.people = citizens | set(ROLE_KEYS)
        self.phases: dict[PhaseKind, PhaseSpec] = {}

    def read(self) -> ConsultationSpec:
        table = self.table
        title, question = table.text("title"), table.text("question")
        summary, body = table.text("summary"), table.text("body")
        phases = tuple(self._phase(phase) for phase in table.tables("phases"))
        if not phases:
            raise table.error("phases", "a consultation needs at least one phase")
        spec = ConsultationSpec(
            title=title,
            question=question,
            summary=summary,
            body=body,
            phases=phases,
            support_budget=self._positive(table, "support_budget", default=None),
            published=table.flag("published", default=True),
            ideas=tuple(self._idea(idea) for idea in table.tables("ideas")),
            comment_pool=table.texts("comment_pool"),
            citizen_supports=table.texts("citizen_supports", default=None),
            responder_role=table.text("responder_role", default=""),
            outcome=self._outcome(table.table("outcome")),
            followers=table.texts("followers"),
            goal=self._goal(table.table("goal")),
            header_image_alt=table.text("header_image_alt", default=""),
            attachments=tuple(self._attachment(a) for a in table.tables("attachments")),
            draft=self._draft(table.table("draft")),
        )
        table.finish()
        self._check_references(spec)
        return spec

    def _check_references(self, spec: ConsultationSpec) -> None:
        """What refers to an idea by its title finds one; an outcome has decisions."""
        table, ideas = self.table, spec.ideas
        titles = [idea.title for idea in ideas]
        for index, idea in enumerate(ideas):
            where = f"ideas[{index}] ({idea.title!r})"
            if idea.title in titles[:index]:
                raise table.error(f"{where}.title", "an earlier idea has this title too")
            if idea.merged is not None and (idea.merged.into not in titles or idea.merged.into == idea.title):
                raise table.error(f"{where}.merged.into", f"no other idea here is titled {idea.merged.into!r}")
            if idea.decision is not None and spec.outcome is None:
                raise table.error(f"{where}.decision", "a decision is published by an [outcome]; add one")
        if spec.outcome is not None and not any(idea.decision for idea in ideas):
            raise table.error("outcome", "an outcome needs ideas with a [ideas.decision]")
        for index, supported in enumerate(spec.citizen_supports or ()):
            if not any(idea.title == supported and idea.by != CITIZEN for idea in ideas):
                raise table.error(f"citizen_supports[{index}]", f"no idea by someone else is titled {supported!r}")
        for index, key in enumerate(spec.followers):
            self._check_person(table, f"followers[{index}]", key)

    # --- the parts ---------------------------------------------------------------------

    @staticmethod
    def _attachment(table: _Table) -> AttachmentSpec:
        spec = AttachmentSpec(table.text("title"), table.text("text"))
        table.finish()
        return spec

    def _phase(self, table: _Table) -> PhaseSpec:
        kind = table.choice("kind", PhaseKind)
        if kind in self.phases:
            raise table.error("kind", f"a consultation has one {kind.value!r} phase")
        phase = PhaseSpec(
            kind, table.text("title"), table.text("description"), table.integer("first_day"), table.integer("last_day")
        )
        if phase.last_day < phase.first_day:
            raise table.error("last_day", "comes before first_day")
        previous = list(self.phases.values())[-1] if self.phases else None
        if previous is not None and phase.first_day <= previous.last_day:
            raise table.error("first_day", f"the phase starts before the {previous.kind.value!r} phase ends")
        table.finish()
        self.phases[kind] = phase
        return phase

    def _idea(self, table: _Table) -> IdeaSpec:
        phase = self.phases.get(table.choice("phase", PhaseKind))
        if phase is None or not PHASE_DEFAULTS[phase.kind].allows_ideas or phase.first_day > 0:
            raise table.error("phase", "name one of this consultation's phases that collects ideas and has begun")
        by = table.text("by", default=None)
        if by is not None:
            self._check_person(table, "by", by)
        day = table.integer("day", default=None)
        if day is not None and not phase.first_day <= day <= min(phase.last_day, -1):
            raise table.error("day", f"should lie in its phase ({phase.first_day} … {phase.last_day}) and before today")
        responses = tuple(self._response(response, day) for response in table.tables("responses"))
        for index in range(1, len(responses)):
            if responses[index].day < responses[index - 1].day:
                raise table.error(f"responses[{index}].day", "responses come oldest first")
        decision_table = table.table("decision")
        decision = None
        if decision_table is not None:
            decision = DecisionSpec(self._status(decision_table), decision_table.text("rationale"))
            decision_table.finish()
        merged_table = table.table("merged")
        merged = None
        if merged_table is not None:
            merged = MergeSpec(
                merged_table.text("into"), merged_table.text("reason"), self._positive(merged_table, "after_hours")
            )
            merged_table.finish()
        spec = IdeaSpec(
            title=table.text("title"),
            body=table.text("body"),
            phase=phase.kind,
            by=by,
            appeal=table.number("appeal", default=None),
            comments=tuple(self._comment(comment) for comment in table.tables("comments")),
            day=day,
            responses=responses,
            decision=decision,
            updates=tuple(self._update(update) for update in table.tables("updates")),
            moderation=self._moderation(table, on_idea=True),
            merged=merged,
        )
        table.finish()
        return spec

    def _comment(self, table: _Table) -> CommentSpec:
        by = table.text("by", default=None)
        if by is not None and by != IDEA_AUTHOR:
            self._check_person(table, "by", by)
        during = table.choice("during", PhaseKind, default=None)
        if during is not None and during not in self.phases:
            raise table.error("during", f"this consultation has no {during.value!r} phase")
        day = table.integer("day", default=None)
        if day is not None and day > 0:
            raise table.error("day", "a reaction lies in the past (0 is today)")
        if day is not None and during is not None:
            raise table.error("day", "give either a day or a phase (during), not both")
        spec = CommentSpec(
            body=table.text("body"),
            by=by,
            replies=tuple(self._comment(reply) for reply in table.tables("replies")),
            during=during,
            removed=table.flag("removed", default=False),
            day=day,
            moderation=self._moderation(table, on_idea=False),
        )
        table.finish()
        return spec

    def _moderation(self, table: _Table, *, on_idea: bool) -> ModerationSpec | None:
        """The reports on an idea or comment (`reports = [...]`), and the procesmanager's
        `[hide]` or `[dismiss]`: without either, the reports are still open."""
        reports = []
        for report in table.tables("reports"):
            by = report.text("by")
            if by == IDEA_AUTHOR and on_idea:
                raise report.error("by", "nobody reports their own idea")
            if by != IDEA_AUTHOR:
                self._check_person(report, "by", by)
            reports.append(ReportSpec(by, self._rule(report), report.text("note", default="")))
            report.finish()
        hide, dismiss = table.table("hide"), table.table("dismiss")
        if (hide or dismiss) and not reports:
            raise table.error("hide" if hide else "dismiss", "a decision needs `reports` to decide about")
        if hide and dismiss:
            raise table.error("dismiss", "the reports were either upheld (hide) or dismissed, not both")
        decision: Hide | Dismiss | None = None
        if hide is not None:
            decision = Hide(self._rule(hide), hide.text("reason"), hide.text("appeal", default=""))
            hide.finish()
        if dismiss is not None:
            decision = Dismiss(dismiss.text("reason"))
            dismiss.finish()
        return ModerationSpec(tuple(reports), decision) if reports else None

    def _response(self, table: _Table, submitted: int | None) -> ResponseSpec:
        day = table.integer("day")
        if day >= 0 or (submitted is not None and day < submitted):
            raise table.error("day", "a response comes after the idea and before today")
        spec = ResponseSpec(day, self._status(table), table.text("text"))
        table.finish()
        return spec

    def _update(self, table: _Table) -> UpdateSpec:
        day = table.integer("day")
        if day >= 0:
            raise table.error("day", "a progress update lies before today")
        progress = table.integer("progress")
        if not 0 <= progress <= 100:
            raise table.error("progress", "is a percentage, 0 … 100")
        milestones = []
        for milestone in table.tables("milestones"):
            milestones.append(
                MilestoneSpec(milestone.text("title"), milestone.integer("day"), milestone.flag("done", default=False))
            )
            milestone.finish()
        spec = UpdateSpec(day, progress, table.text("text"), tuple(milestones))
        table.finish()
        return spec

    def _goal(self, table: _Table | None) -> GoalSpec | None:
        if table is None:
            return None
        targets = []
        for target in table.tables("targets"):
            key = target.text("kpi")
            if kpis.get(key) is None:
                raise target.error("kpi", f"{key!r} is not one of {[k.key for k in kpis.all_kpis()]}")
            value = target.integer("value")
            if value < 0:
                raise target.error("value", "a target is 0 or more")
            targets.append(TargetSpec(key, value, target.integer("day", default=None)))
            target.finish()
        spec = GoalSpec(table.text("text"), table.integer("achieve_by", default=None), tuple(targets))
        table.finish()
        return spec

    def _outcome(self, table: _Table | None) -> OutcomeSpec | None:
        if table is None:
            return None
        day = table.integer("day")
        if day >= 0:
            raise table.error("day", "the outcome is published before today")
        spec = OutcomeSpec(day, table.text("title"), table.text("body"))
        table.finish()
        return spec

    # --- values ------------------------------------------------------------------------

    def _draft_comment(self, table: _Table, paragraph: int | None = None) -> DraftCommentSpec:
        spec = DraftCommentSpec(
            paragraph if paragraph is not None else self._positive(table, "paragraph"),
            table.text("by"), table.integer("day"), table.text("body"),
        )
        self._check_person(table, "by", spec.by)
        if spec.day > -1:
            raise table.error("day", "reactions on the draft text lie in the past (-1 or earlier)")
        table.finish()
        return spec

    def _amendment(self, table: _Table) -> AmendmentSpec:
        decision_table = table.table("decision")
        decision = None
        if decision_table is not None:
            decision = AmendmentDecisionSpec(
                decision_table.choice("status", AmendmentStatus), decision_table.integer("day"),
                decision_table.text("reason"), decision_table.text("text", default=None),
            )
            decision_table.finish()
        spec = AmendmentSpec(
            paragraph=self._positive(table, "paragraph"),
            kind=table.choice("kind", AmendmentKind),
            by=table.text("by"),
            day=table.integer("day"),
            explanation=table.text("explanation"),
            text=table.text("text", default=""),
            supporters=table.texts("supporters"),
            comments=tuple(self._draft_comment(c, paragraph=0) for c in table.tables("comments")),
            decision=decision,
        )
        for key in (spec.by, *spec.supporters):
            self._check_person(table, "by", key)
        table.finish()
        return spec

    def _draft(self, table: _Table | None) -> DraftSpec | None:
        if table is None:
            return None
        phase = table.choice("phase", PhaseKind)
        if phase not in self.phases or not PHASE_DEFAULTS[phase].allows_cowriting:
            raise table.error("phase", "name one of this consultation's phases that allows co-writing")
        spec = DraftSpec(
            phase=phase,
            title=table.text("title"),
            summary=table.text("summary", default=""),
            body=table.text("body"),
            day=table.integer("day"),
            comments=tuple(self._draft_comment(c) for c in table.tables("comments")),
            amendments=tuple(self._amendment(a) for a in table.tables("amendments")),
            version_day=table.integer("version_day", default=None),
            version_summary=table.text("version_summary", default=""),
        )
        table.finish()
        return spec

    def _check_person(self, table: _Table, key: str, person: str) -> None:
        if person not in self.people:
            raise table.error(
                key, f"{person!r} is nobody: name a citizen from people.toml or one of {', '.join(ROLE_KEYS)}"
            )

    @staticmethod
    def _status(table: _Table) -> IdeaStatus:
        status = table.choice("status", IdeaStatus)
        if status == IdeaStatus.NEW:
            raise table.error("status", "an idea is new until it has an answer")
        return status

    @staticmethod
    def _rule(table: _Table) -> str:
        rule = table.text("rule")
        if rule not in HOUSE_RULE_TITLES:
            raise table.error("rule", f"{rule!r} is not a house rule; the rules are {', '.join(HOUSE_RULE_TITLES)}")
        return rule

    @staticmethod
    def _positive(table: _Table, key: str, default: int | None = _MISSING) -> int:
        value = table.integer(key, default)
        if value is not None and value < 1:
            raise table.error(key, "should be 1 or more")
        return value
