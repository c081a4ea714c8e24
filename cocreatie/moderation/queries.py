"""Reads for house rules, the moderation queue, the public log and the idea page.

Every list is a page of at most ``per_page`` rows fetched with LIMIT per_page + 1 (so it
knows whether there is a next page without counting), and costs a fixed number of
queries however many reports, ideas or decisions there are.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Generic, TypeVar

from sqlalchemy import and_, desc, func, or_, select
from sqlalchemy.orm import contains_eager, joinedload

from cocreatie import db
from cocreatie.converters import parse_int
from cocreatie.search import matching_ideas
from cocreatie.models import (
    ActionKind,
    Amendment,
    Appeal,
    AppealStatus,
    Comment,
    Consultation,
    Document,
    HouseRule,
    Idea,
    ModerationAction,
    Paragraph,
    Report,
    ReportStatus,
)

T = TypeVar("T")

# What the queue may show, mapped to conditions; nothing else reaches the query.
KINDS = ("all", "ideas", "comments")
NOTES_PER_ITEM = 5


@dataclass
class Slice(Generic[T]):
    """A page of a list that is not counted: it knows only whether more follows."""

    items: list[T]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def _slice(rows: list, number: int, per_page: int) -> Slice:
    return Slice(items=rows[:per_page], number=number, has_next=len(rows) > per_page)


def _offset(number: int, per_page: int) -> int:
    return (number - 1) * per_page


# --- house rules ----------------------------------------------------------------------


def house_rules(consultation: Consultation) -> list[HouseRule]:
    return list(
        db.session.scalars(
            select(HouseRule).where(HouseRule.consultation_id == consultation.id).order_by(HouseRule.position)
        )
    )


def get_house_rule(consultation: Consultation, rule_id: int | None) -> HouseRule | None:
    if rule_id is None:
        return None
    return db.session.scalar(
        select(HouseRule).where(HouseRule.id == rule_id, HouseRule.consultation_id == consultation.id)
    )


# --- single items -----------------------------------------------------------------------


def get_comment(comment_id: int) -> Comment | None:
    return db.session.scalar(
        select(Comment)
        .options(joinedload(Comment.author), joinedload(Comment.idea).joinedload(Idea.consultation))
        .where(Comment.id == comment_id)
    )


def get_action(action_id: int) -> ModerationAction | None:
    return db.session.scalar(
        select(ModerationAction)
        .options(joinedload(ModerationAction.consultation), joinedload(ModerationAction.appeal))
        .where(ModerationAction.id == action_id)
    )


def get_appeal(appeal_id: int) -> Appeal | None:
    return db.session.scalar(
        select(Appeal)
        .options(joinedload(Appeal.action).joinedload(ModerationAction.consultation), joinedload(Appeal.author))
        .where(Appeal.id == appeal_id)
    )


def has_open_report(user_id: int, item: Idea | Comment) -> bool:
    column = Report.idea_id if isinstance(item, Idea) else Report.comment_id
    return db.session.scalar(
        select(Report.id).where(column == item.id, Report.reporter_id == user_id, Report.status == ReportStatus.OPEN)
    ) is not None


def items_by_key(consultation: Consultation, keys: list[str]) -> list[Idea | Comment]:
    """Ideas and comments of this consultation named as "idea-12" / "comment-34";
    anything else, or of another consultation, is left out."""
    idea_ids, comment_ids = set(), set()
    for key in keys[:200]:
        kind, _, number = key.partition("-")
        item_id = parse_int(number)
        if item_id is not None and kind == "idea":
            idea_ids.add(item_id)
        elif item_id is not None and kind == "comment":
            comment_ids.add(item_id)
    items: list[Idea | Comment] = []
    if idea_ids:
        items += db.session.scalars(
            select(Idea).where(Idea.id.in_(idea_ids), Idea.consultation_id == consultation.id).order_by(Idea.id)
        )
    if comment_ids:
        items += db.session.scalars(
            select(Comment)
            .join(Comment.idea)
            .options(contains_eager(Comment.idea))
            .where(Comment.id.in_(comment_ids), Idea.consultation_id == consultation.id)
            .order_by(Comment.id)
        )
        # Reactions on a paragraph or an amendment of a draft text (co-writing).
        document_id = func.coalesce(Paragraph.document_id, Amendment.document_id)
        items += db.session.scalars(
            select(Comment)
            .outerjoin(Paragraph, Paragraph.id == Comment.paragraph_id)
            .outerjoin(Amendment, Amendment.id == Comment.amendment_id)
            .join(Document, Document.id == document_id)
            .where(Comment.id.in_(comment_ids), Comment.idea_id.is_(None), Document.consultation_id == consultation.id)
            .order_by(Comment.id)
        )
    return items


def merge_candidates(idea: Idea, query: str, limit: int = 10) -> list[Idea]:
    """Listed ideas of the same consultation matching the search, most supported first."""
    listed = select(Idea).where(
        Idea.consultation_id == idea.consultation_id,
        Idea.id != idea.id,
        Idea.hidden_at.is_(None),
        Idea.merged_into_id.is_(None),
    )
    statement = matching_ideas(listed, query) if query.strip() else listed
    return list(db.session.scalars(statement.order_by(Idea.support_count.desc(), Idea.id.desc()).limit(limit)))


# --- the queue ------------------------------------------------------------------------


@dataclass
class ReportGroup:
    """The open reports on one item, for the procesmanager (reporters included)."""

    item: Idea | Comment
    count: int
    first_at: datetime
    rules: list[tuple[str, int]] = field(default_factory=list)
    latest: list[Report] = field(default_factory=list)

    @property
    def key(self) -> str:
        return item_key(self.item)


def item_key(item: Idea | Comment) -> str:
    return f"idea-{item.id}" if isinstance(item, Idea) else f"comment-{item.id}"


def _kind_filter(kind: str):
    if kind == "ideas":
        return Report.idea_id.is_not(None)
    if kind == "comments":
        return Report.comment_id.is_not(None)
    return None


def _open_in(consultation_id: int):
    return and_(Report.consultation_id == consultation_id, Report.status == ReportStatus.OPEN)


# The draft text a comment on a paragraph or an amendment belongs to (co-writing), loaded
# with the comment: the queue names it.
_DRAFT_TEXT_OF_COMMENT = (
    joinedload(Comment.paragraph).joinedload(Paragraph.document),
    joinedload(Comment.amendment).joinedload(Amendment.document),
)


def _draft_comments_of(consultation_id: int):
    """Comments on the paragraphs and amendments of this consultation's draft texts."""
    documents = select(Document.id).where(Document.consultation_id == consultation_id)
    return or_(
        Comment.paragraph_id.in_(select(Paragraph.id).where(Paragraph.document_id.in_(documents))),
        Comment.amendment_id.in_(select(Amendment.id).where(Amendment.document_id.in_(documents))),
    )


def _load_items(idea_ids: set[int], comment_ids: set[int]) -> tuple[dict[int, Idea], dict[int, Comment]]:
    ideas = {
        i.id: i
        for i in db.session.scalars(select(Idea).options(joinedload(Idea.author)).where(Idea.id.in_(idea_ids)))
    } if idea_ids else {}
    comments = {
        c.id: c
        for c in db.session.scalars(
            select(Comment)
            .options(joinedload(Comment.author), joinedload(Comment.idea), *_DRAFT_TEXT_OF_COMMENT)
            .where(Comment.id.in_(comment_ids))
        )
    } if comment_ids else {}
    return ideas, comments


def report_groups(consultation_id: int, kind: str, number: int, per_page: int) -> Slice[ReportGroup]:
    """Open reports grouped by item, most reported first, then the longest waiting."""
    count = func.count().label("n")
    first = func.min(Report.created_at).label("first_at")
    statement = (
        select(Report.idea_id, Report.comment_id, count, first)
        .where(_open_in(consultation_id))
        .group_by(Report.idea_id, Report.comment_id)
        .order_by(desc("n"), "first_at", Report.idea_id, Report.comment_id)
        .limit(per_page + 1)
        .offset(_offset(number, per_page))
    )
    if (condition := _kind_filter(kind)) is not None:
        statement = statement.where(condition)
    rows = list(db.session.execute(statement))
    page = _slice(rows, number, per_page)
    if not page.items:
        return Slice([], number, False)
    idea_ids = {r.idea_id for r in page.items if r.idea_id is not None}
    comment_ids = {r.comment_id for r in page.items if r.comment_id is not None}
    ideas, comments = _load_items(idea_ids, comment_ids)
    on_page = or_(Report.idea_id.in_(idea_ids), Report.comment_id.in_(comment_ids))

    rules: dict[tuple, list[tuple[str, int]]] = defaultdict(list)
    tally = (
        select(Report.idea_id, Report.comment_id, Report.rule_title, func.count().label("n"))
        .where(_open_in(consultation_id), on_page)
        .group_by(Report.idea_id, Report.comment_id, Report.rule_title)
        .order_by(desc("n"), Report.rule_title)
    )
    for row in db.session.execute(tally):
        rules[(row.idea_id, row.comment_id)].append((row.rule_title, row.n))

    # The newest few reports per item, with their reporters and notes (a window query).
    rank = func.row_number().over(partition_by=(Report.idea_id, Report.comment_id), order_by=Report.id.desc())
    ranked = select(Report.id, rank.label("rank")).where(_open_in(consultation_id), on_page).subquery()
    latest: dict[tuple, list[Report]] = defaultdict(list)
    for r in db.session.scalars(
        select(Report)
        .options(joinedload(Report.reporter))
        .join(ranked, ranked.c.id == Report.id)
        .where(ranked.c.rank <= NOTES_PER_ITEM)
        .order_by(Report.id.desc())
    ):
        latest[(r.idea_id, r.comment_id)].append(r)

    groups = []
    for row in page.items:
        item = ideas.get(row.idea_id) if row.idea_id is not None else comments.get(row.comment_id)
        if item is None:
            continue
        key = (row.idea_id, row.comment_id)
        groups.append(ReportGroup(item, row.n, row.first_at, rules[key], latest[key]))
    return Slice(groups, number, page.has_next)


@dataclass
class QueueCounts:
    reported_items: int
    open_appeals: int


def queue_counts(consultation_id: int) -> QueueCounts:
    """For the tab labels; counts only what is open, through the queue indexes."""
    items = select(Report.idea_id, Report.comment_id).where(_open_in(consultation_id)).distinct().subquery()
    reported = db.session.scalar(select(func.count()).select_from(items)) or 0
    appeals = db.session.scalar(
        select(func.count())
        .select_from(Appeal)
        .where(Appeal.consultation_id == consultation_id, Appeal.status == AppealStatus.OPEN)
    ) or 0
    return QueueCounts(reported, appeals)


def open_appeals(consultation_id: int, number: int, per_page: int) -> Slice[Appeal]:
    """Requests for review, oldest first, each with its decision and item."""
    rows = list(
        db.session.scalars(
            select(Appeal)
            .options(
                joinedload(Appeal.author),
                joinedload(Appeal.action).joinedload(ModerationAction.idea),
                joinedload(Appeal.action).joinedload(ModerationAction.comment).joinedload(Comment.idea),
            )
            .where(Appeal.consultation_id == consultation_id, Appeal.status == AppealStatus.OPEN)
            .order_by(Appeal.id)
            .limit(per_page + 1)
            .offset(_offset(number, per_page))
        )
    )
    return _slice(rows, number, per_page)


@dataclass
class Contributions:
    page: Slice
    open_reports: dict[str, int]


def contributions(consultation_id: int, kind: str, reported_only: bool, number: int, per_page: int) -> Contributions:
    """The newest ideas or comments, hidden and merged ones too, with their open reports."""
    if kind == "comments":
        statement = (
            select(Comment)
            .outerjoin(Comment.idea)
            .options(contains_eager(Comment.idea), joinedload(Comment.author), *_DRAFT_TEXT_OF_COMMENT)
            .where(or_(Idea.consultation_id == consultation_id, _draft_comments_of(consultation_id)))
            .order_by(Comment.id.desc())
        )
        if reported_only:
            statement = statement.where(
                Comment.id.in_(select(Report.comment_id).where(_open_in(consultation_id), Report.comment_id.is_not(None)))
            )
    else:
        statement = (
            select(Idea)
            .options(joinedload(Idea.author))
            .where(Idea.consultation_id == consultation_id)
            .order_by(Idea.id.desc())
        )
        if reported_only:
            statement = statement.where(
                Idea.id.in_(select(Report.idea_id).where(_open_in(consultation_id), Report.idea_id.is_not(None)))
            )
    rows = list(db.session.scalars(statement.limit(per_page + 1).offset(_offset(number, per_page))))
    page = _slice(rows, number, per_page)
    counts: dict[str, int] = {}
    if page.items:
        ids = [item.id for item in page.items]
        column = Report.comment_id if kind == "comments" else Report.idea_id
        prefix = "comment" if kind == "comments" else "idea"
        for item_id, n in db.session.execute(
            select(column, func.count()).where(_open_in(consultation_id), column.in_(ids)).group_by(column)
        ):
            counts[f"{prefix}-{item_id}"] = n
    return Contributions(page, counts)


# --- the public log ---------------------------------------------------------------------


def public_log(consultation_id: int, number: int, per_page: int) -> Slice[ModerationAction]:
    """Every decision, newest first. Holds no reporter: reports are not part of it."""
    rows = list(
        db.session.scalars(
            select(ModerationAction)
            .options(
                joinedload(ModerationAction.idea),
                joinedload(ModerationAction.target_idea),
                joinedload(ModerationAction.comment).joinedload(Comment.idea),
            )
            .where(ModerationAction.consultation_id == consultation_id)
            .order_by(ModerationAction.created_at.desc(), ModerationAction.id.desc())
            .limit(per_page + 1)
            .offset(_offset(number, per_page))
        )
    )
    return _slice(rows, number, per_page)


# --- the idea page ------------------------------------------------------------------------


@dataclass
class IdeaModeration:
    """What the idea page shows of moderation."""

    hide: ModerationAction | None = None  # the hide in force on the idea
    comment_hides: dict[int, ModerationAction] = field(default_factory=dict)
    merged_into: Idea | None = None
    merged_from: list[Idea] = field(default_factory=list)


def _hidden_comment_ids(threads) -> list[int]:
    found, stack = [], list(threads)
    while stack:
        thread = stack.pop()
        if thread.comment.is_hidden:
            found.append(thread.comment.id)
        stack.extend(thread.replies)
    return found


def idea_moderation(idea: Idea, threads=()) -> IdeaModeration:
    """Hides in force on the idea and on the hidden comments shown, and the merges into
    or out of this idea: one query, and none for an idea without any of those."""
    conditions = []
    if idea.merged_count:
        conditions.append(and_(ModerationAction.kind == ActionKind.MERGE, ModerationAction.target_idea_id == idea.id))
    in_force = and_(ModerationAction.kind == ActionKind.HIDE, ModerationAction.lifted_at.is_(None))
    if idea.is_hidden:
        conditions.append(and_(in_force, ModerationAction.idea_id == idea.id))
    if hidden := _hidden_comment_ids(threads):
        conditions.append(and_(in_force, ModerationAction.comment_id.in_(hidden)))
    if idea.is_merged:
        conditions.append(and_(ModerationAction.kind == ActionKind.MERGE, ModerationAction.idea_id == idea.id))
    result = IdeaModeration()
    if not conditions:
        return result
    for action in db.session.scalars(
        select(ModerationAction)
        .options(
            joinedload(ModerationAction.appeal),
            joinedload(ModerationAction.idea),
            joinedload(ModerationAction.target_idea),
        )
        .where(or_(*conditions))
        .order_by(ModerationAction.id)
    ):
        if action.kind == ActionKind.MERGE and action.target_idea_id == idea.id:
            result.merged_from.append(action.idea)
        elif action.kind == ActionKind.MERGE:
            result.merged_into = action.target_idea
        elif action.comment_id is not None:
            result.comment_hides[action.comment_id] = action
        else:
            result.hide = action
    return result


# --- the staff worklist ("Mijn werk") ------------------------------------------------------


def queue_counts_by_consultation(consultation_ids: list[int]) -> dict[int, QueueCounts]:
    """`queue_counts` for several consultations in two queries, however many there are."""
    counts = {cid: QueueCounts(0, 0) for cid in consultation_ids}
    if not consultation_ids:
        return counts
    items = (
        select(Report.consultation_id, Report.idea_id, Report.comment_id)
        .where(Report.consultation_id.in_(consultation_ids), Report.status == ReportStatus.OPEN)
        .distinct()
        .subquery()
    )
    for consultation_id, n in db.session.execute(
        select(items.c.consultation_id, func.count()).group_by(items.c.consultation_id)
    ):
        counts[consultation_id].reported_items = n
    for consultation_id, n in db.session.execute(
        select(Appeal.consultation_id, func.count())
        .where(Appeal.consultation_id.in_(consultation_ids), Appeal.status == AppealStatus.OPEN)
        .group_by(Appeal.consultation_id)
    ):
        counts[consultation_id].open_appeals = n
    return counts


# How many of an item's open reports the hide form shows, newest first.
REPORTS_ON_HIDE_FORM = 20


def open_reports_on(item: Idea | Comment, limit: int = REPORTS_ON_HIDE_FORM) -> list[Report]:
    """The item's open reports with their reporters and notes, for the hide form."""
    column = Report.idea_id if isinstance(item, Idea) else Report.comment_id
    return list(
        db.session.scalars(
            select(Report)
            .options(joinedload(Report.reporter))
            .where(column == item.id, Report.status == ReportStatus.OPEN)
            .order_by(Report.id.desc())
            .limit(limit)
        )
    )

def citing_rule(rule: HouseRule) -> tuple[int, int]:
    """(moderation decisions, open reports) that cite this rule: what removing it touches."""
    decisions = select(func.count()).select_from(ModerationAction).where(ModerationAction.rule_id == rule.id)
    reports = select(func.count()).select_from(Report).where(
        Report.rule_id == rule.id, Report.status == ReportStatus.OPEN
    )
    row = db.session.execute(select(decisions.scalar_subquery(), reports.scalar_subquery())).one()
    return row[0], row[1]


def comment_hides(threads=()) -> dict[int, ModerationAction]:
    """The hides in force on the hidden comments among these threads (reactions on a
    paragraph or an amendment of a draft text): one query, none when nothing is hidden."""
    hidden = _hidden_comment_ids(threads)
    if not hidden:
        return {}
    return {
        action.comment_id: action
        for action in db.session.scalars(
            select(ModerationAction)
            .options(joinedload(ModerationAction.appeal))
            .where(
                ModerationAction.kind == ActionKind.HIDE, ModerationAction.lifted_at.is_(None),
                ModerationAction.comment_id.in_(hidden),
            )
        )
    }
