"""Reads for ideas and comments. Each list costs a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload

from cocreatie import db, search
from cocreatie.models import Comment, Idea, Support, SupportBudgetUse
from cocreatie.pagination import Page
from cocreatie.timezones import local_date, local_day

# Sort keys a visitor may ask for, mapped to columns. Nothing else reaches ORDER BY.
SORTS = ("support", "newest", "discussed", "random")
DEFAULT_SORT = "support"


def _order_by(sort: str, seed: int, columns=Idea):
    """ORDER BY for a sort key, on `columns`: the Idea table or a CTE with the same names."""
    if sort == "newest":
        return (columns.id.desc(),)
    if sort == "discussed":
        return (columns.comment_count.desc(), columns.id.desc())
    if sort == "random":
        # A rotation of a fixed shuffle: the seed picks where it starts, so one visitor's
        # pages stay consistent while another visitor sees a different first page.
        return (case((columns.random_key >= seed, 0), else_=1), columns.random_key, columns.id)
    return (columns.support_count.desc(), columns.id.desc())


@dataclass
class IdeaListing:
    page: Page[Idea]
    supported_ids: set[int]


def list_ideas(
    consultation_id: int,
    *,
    sort: str,
    query: str,
    page: int,
    per_page: int,
    seed: int,
    total_ideas: int,
    viewer_id: int | None,
) -> IdeaListing:
    sort = sort if sort in SORTS else DEFAULT_SORT
    # Listed ideas only (not hidden, not merged): what the partial sort indexes cover and
    # what Consultation.idea_count counts.
    listed = select(Idea.id).where(
        Idea.consultation_id == consultation_id, Idea.hidden_at.is_(None), Idea.merged_into_id.is_(None)
    )
    if search.terms(query):
        # The matches first (FTS5 / the GIN index), then sorted among themselves. On
        # PostgreSQL the CTE is materialised: otherwise the planner may walk the sort index
        # and test every idea against the query, which grows with the number of ideas.
        matches = search.matching_ideas(
            listed.add_columns(Idea.support_count, Idea.comment_count, Idea.random_key), query
        ).cte("matches")
        if not db.is_sqlite():
            matches = matches.prefix_with("MATERIALIZED")
        total = db.session.scalar(select(func.count()).select_from(matches)) or 0
        ranked = select(matches.c.id).order_by(*_order_by(sort, seed, matches.c))
    else:
        total = total_ideas  # the stored count: no COUNT(*) over every idea
        ranked = listed.order_by(*_order_by(sort, seed))
    listing = Page(items=[], number=page, per_page=per_page, total=total)
    listing.number = min(page, listing.pages)
    order = _order_by(sort, seed)
    # Deferred join: the OFFSET walks only the covering sort index (ids), and whole rows
    # are read for the one page, so page 500 costs about what page 1 does.
    page_ids = ranked.limit(per_page).offset(listing.offset).subquery()
    listing.items = list(
        db.session.scalars(
            select(Idea)
            .join(page_ids, Idea.id == page_ids.c.id)
            .options(joinedload(Idea.author))
            .order_by(*order)
        )
    )
    return IdeaListing(listing, supported_by(viewer_id, [i.id for i in listing.items]))


def supported_by(user_id: int | None, idea_ids: list[int]) -> set[int]:
    if user_id is None or not idea_ids:
        return set()
    return set(
        db.session.scalars(
            select(Support.idea_id).where(Support.user_id == user_id, Support.idea_id.in_(idea_ids))
        )
    )


def budget_left(user_id: int | None, consultation) -> int | None:
    if user_id is None or consultation.support_budget is None:
        return None
    used = db.session.scalar(
        select(SupportBudgetUse.used).where(
            SupportBudgetUse.user_id == user_id,
            SupportBudgetUse.consultation_id == consultation.id,
        )
    )
    return consultation.support_budget - (used or 0)


@dataclass
class Thread:
    comment: Comment
    replies: list[Thread]


def comment_threads(idea_id: int, page: int, per_page: int, *, on=Comment.idea_id) -> Page[Thread]:
    """Top-level comments, oldest first, each with every reply beneath it: two queries.

    `on` names what the comments are about: an idea (the default), or for co-writing a
    paragraph (`Comment.paragraph_id`) or an amendment (`Comment.amendment_id`)."""
    roots_filter = (on == idea_id, Comment.root_id.is_(None))
    total = db.session.scalar(select(func.count()).where(*roots_filter)) or 0
    result: Page[Thread] = Page(items=[], number=page, per_page=per_page, total=total)
    result.number = min(page, result.pages)
    roots = list(
        db.session.scalars(
            select(Comment)
            .options(joinedload(Comment.author))
            .where(*roots_filter)
            .order_by(Comment.id)
            .limit(per_page)
            .offset(result.offset)
        )
    )
    if not roots:
        return result
    replies = db.session.scalars(
        select(Comment)
        .options(joinedload(Comment.author))
        .where(on == idea_id, Comment.root_id.in_([c.id for c in roots]))
        .order_by(Comment.id)
    )
    threads = {c.id: Thread(c, []) for c in roots}
    for reply in replies:
        node = Thread(reply, [])
        parent = threads.get(reply.parent_id)
        if parent is not None:
            parent.replies.append(node)
        threads[reply.id] = node
    result.items = [threads[c.id] for c in roots]
    return result


def get_comment(comment_id: int) -> Comment | None:
    return db.session.get(Comment, comment_id)


# --- supporters over time ---------------------------------------------------------------


@dataclass(frozen=True)
class SupportersOverTime:
    """The current supporters of an idea by the local day they gave their support, and the
    days the count covers (`charts.supporters_chart` draws it)."""

    daily: list[tuple[date, int]]  # (day, new supporters), in order; days without any left out
    start: date  # the day the idea was posted, or its oldest support's if that is older
    end: date  # today, or the newest support's day if that is later


def supporters_over_time(idea: Idea, now: datetime) -> SupportersOverTime:
    """Current supporters by the local day they gave their support, from the day the idea
    was posted until today.

    One aggregate query over the idea's supports, found through the unique index on
    (idea_id, user_id), so it costs what the idea has, not what the site has. A withdrawn
    support is a deleted row: it does not show, not even on the day it was given. An idea
    nobody supports (the stored count says so) costs no query at all.
    """
    daily: list[tuple[date, int]] = []
    if idea.support_count:
        # Supports moved here by a merge keep their own dates, which can be older than the
        # idea; none is older than its consultation.
        day = local_date(Support.created_at, since=idea.consultation.created_at, until=now)
        daily = [
            (d, n)
            for d, n in db.session.execute(
                select(day, func.count()).where(Support.idea_id == idea.id).group_by(day).order_by(day)
            )
        ]
    start = min([local_day(idea.created_at)] + [d for d, _ in daily[:1]])
    end = max([local_day(now), start] + [d for d, _ in daily[-1:]])
    return SupportersOverTime(daily, start, end)
