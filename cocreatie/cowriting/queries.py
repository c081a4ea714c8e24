"""Reads for co-writing. Each page costs a fixed number of queries, whatever the size
of the text, the number of comments or of amendments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload

from cocreatie import db
from cocreatie.models import (
    Amendment,
    AmendmentStatus,
    AmendmentSupport,
    Comment,
    Document,
    DocumentVersion,
    Paragraph,
    ParagraphChange,
    VersionParagraph,
)
from cocreatie.pagination import Page


def document(document_id: int) -> Document | None:
    return db.session.scalar(
        select(Document)
        .options(joinedload(Document.consultation), joinedload(Document.phase))
        .where(Document.id == document_id)
    )


def documents_of(consultation_id: int) -> list[Document]:
    return list(
        db.session.scalars(select(Document).where(Document.consultation_id == consultation_id).order_by(Document.id))
    )


def versions(document_id: int) -> list[DocumentVersion]:
    return list(
        db.session.scalars(
            select(DocumentVersion).where(DocumentVersion.document_id == document_id).order_by(DocumentVersion.number)
        )
    )


def version_of(versions_: list[DocumentVersion], number: int) -> DocumentVersion | None:
    return next((v for v in versions_ if v.number == number), None)


def version_text(version_id: int) -> list[VersionParagraph]:
    """Every paragraph of a version in order, with its paragraph (for the counts): one query."""
    return list(
        db.session.scalars(
            select(VersionParagraph)
            .options(joinedload(VersionParagraph.paragraph))
            .where(VersionParagraph.version_id == version_id)
            .order_by(VersionParagraph.position)
        )
    )


def paragraph(document_id: int, key: int) -> Paragraph | None:
    return db.session.scalar(select(Paragraph).where(Paragraph.document_id == document_id, Paragraph.key == key))


def paragraph_in(version_id: int, paragraph_id: int) -> VersionParagraph | None:
    return db.session.get(VersionParagraph, (version_id, paragraph_id))


def amendment(amendment_id: int) -> Amendment | None:
    return db.session.scalar(
        select(Amendment)
        .options(
            joinedload(Amendment.author), joinedload(Amendment.paragraph), joinedload(Amendment.decided_by),
            joinedload(Amendment.document).joinedload(Document.consultation),
            joinedload(Amendment.version),
        )
        .where(Amendment.id == amendment_id)
    )


# Open ones first (most supported first), then the decided ones, newest first.
_PARAGRAPH_ORDER = (
    case((Amendment.status == AmendmentStatus.OPEN, 0), else_=1),
    Amendment.support_count.desc(),
    Amendment.id.desc(),
)
AMENDMENTS_PER_PARAGRAPH = 50


def amendments_on(paragraph_id: int) -> list[Amendment]:
    return list(
        db.session.scalars(
            select(Amendment)
            .options(joinedload(Amendment.author))
            .where(Amendment.paragraph_id == paragraph_id)
            .order_by(*_PARAGRAPH_ORDER)
            .limit(AMENDMENTS_PER_PARAGRAPH)
        )
    )


def supported(user_id: int | None, amendment_ids: list[int]) -> set[int]:
    if user_id is None or not amendment_ids:
        return set()
    return set(
        db.session.scalars(
            select(AmendmentSupport.amendment_id).where(
                AmendmentSupport.user_id == user_id, AmendmentSupport.amendment_id.in_(amendment_ids)
            )
        )
    )


# --- the owner's view ----------------------------------------------------------------------

# Sort keys for the owner's view per paragraph and for the worklist: allow-lists.
PARAGRAPH_SORTS = ("order", "comments", "amendments", "support")
WORKLIST_SORTS = ("oldest", "support", "newest")


@dataclass(frozen=True)
class ParagraphOverview:
    row: VersionParagraph
    comments: int
    open_amendments: int
    support: int  # supports on its open amendments together


def paragraph_overview(version_id: int, document_id: int, sort: str) -> list[ParagraphOverview]:
    """Per paragraph of the current version: comments, open amendments and their supports."""
    support = (
        select(Amendment.paragraph_id, func.sum(Amendment.support_count).label("support"))
        .where(Amendment.document_id == document_id, Amendment.status == AmendmentStatus.OPEN)
        .group_by(Amendment.paragraph_id)
        .subquery()
    )
    total = func.coalesce(support.c.support, 0)
    order = {
        "comments": (Paragraph.comment_count.desc(), VersionParagraph.position),
        "amendments": (Paragraph.open_amendment_count.desc(), VersionParagraph.position),
        "support": (total.desc(), VersionParagraph.position),
    }.get(sort, (VersionParagraph.position,))
    rows = db.session.execute(
        select(VersionParagraph, total)
        .join(Paragraph, Paragraph.id == VersionParagraph.paragraph_id)
        .outerjoin(support, support.c.paragraph_id == Paragraph.id)
        .options(joinedload(VersionParagraph.paragraph))
        .where(VersionParagraph.version_id == version_id, Paragraph.kind == "text")
        .order_by(*order)
    ).all()
    return [ParagraphOverview(r, r.paragraph.comment_count, r.paragraph.open_amendment_count, int(s)) for r, s in rows]


def open_amendments(consultation_id: int, sort: str, page: int, per_page: int) -> Page[Amendment]:
    """The amendments in a consultation waiting for a decision."""
    waiting = (
        Amendment.status == AmendmentStatus.OPEN,
        Amendment.document_id.in_(select(Document.id).where(Document.consultation_id == consultation_id)),
    )
    total = db.session.scalar(select(func.count()).select_from(Amendment).where(*waiting)) or 0
    result: Page[Amendment] = Page(items=[], number=page, per_page=per_page, total=total)
    result.number = min(page, result.pages)
    order = {
        "support": (Amendment.support_count.desc(), Amendment.id),
        "newest": (Amendment.id.desc(),),
    }.get(sort, (Amendment.id,))
    result.items = list(
        db.session.scalars(
            select(Amendment)
            .options(joinedload(Amendment.author), joinedload(Amendment.paragraph), joinedload(Amendment.document))
            .where(*waiting)
            .order_by(*order)
            .limit(per_page)
            .offset(result.offset)
        )
    )
    return result


def working_text(document_id: int) -> list[Paragraph]:
    """The text as the next version would publish it."""
    return list(
        db.session.scalars(
            select(Paragraph)
            .where(Paragraph.document_id == document_id, Paragraph.removed.is_(False))
            .order_by(Paragraph.position, Paragraph.id)
        )
    )


# --- what changed --------------------------------------------------------------------------


@dataclass
class Change:
    row: VersionParagraph
    before: str | None  # the text in the previous version (None: added)
    amendments: list[Amendment]
    comments: list[Comment]


@dataclass
class VersionChanges:
    changes: list[Change]
    removed: list[VersionParagraph]  # in the previous version, gone from this one


def changes_in(version: DocumentVersion, previous: DocumentVersion | None, rows: list[VersionParagraph]) -> VersionChanges:
    """What a version changed, and the amendments and comments that led to each change:
    three queries, whatever the size."""
    before = {r.paragraph_id: r for r in version_text(previous.id)} if previous else {}
    changed = [r for r in rows if r.change != ParagraphChange.SAME]
    changed_ids = [r.paragraph_id for r in changed]
    amendments: dict[int, list[Amendment]] = {}
    comments: dict[int, list[Comment]] = {}
    if changed_ids:
        for a in db.session.scalars(
            select(Amendment)
            .options(joinedload(Amendment.author))
            .where(Amendment.version_id == version.id)
            .order_by(Amendment.id)
        ):
            amendments.setdefault(a.applied_paragraph_id or a.paragraph_id, []).append(a)
        window = [Comment.created_at < version.published_at]
        if previous is not None:
            window.append(Comment.created_at >= previous.published_at)
        for c in db.session.scalars(
            select(Comment)
            .options(joinedload(Comment.author))
            .where(
                Comment.paragraph_id.in_(changed_ids), Comment.deleted_at.is_(None), Comment.hidden_at.is_(None),
                *window,
            )
            .order_by(Comment.id)
        ):
            comments.setdefault(c.paragraph_id, []).append(c)
    present = {r.paragraph_id for r in rows}
    return VersionChanges(
        changes=[
            Change(r, before[r.paragraph_id].text if r.paragraph_id in before else None,
                   amendments.get(r.paragraph_id, []), comments.get(r.paragraph_id, []))
            for r in changed
        ],
        removed=[r for r in before.values() if r.paragraph_id not in present],
    )


def is_outdated(amendment: Amendment, current: str | None) -> bool:
    """An open amendment whose paragraph changed (or went) since it was written."""
    return current is None or current != amendment.base_text


def latest_published_at(document_id: int) -> datetime | None:
    return db.session.scalar(
        select(func.max(DocumentVersion.published_at)).where(DocumentVersion.document_id == document_id)
    )


def open_amendment_counts(consultation_ids: list[int]) -> dict[int, int]:
    """Per consultation that has draft texts: how many amendments await a decision (one
    query, for the staff worklist)."""
    if not consultation_ids:
        return {}
    rows = db.session.execute(
        select(Document.consultation_id, func.count(Amendment.id))
        .outerjoin(Amendment, (Amendment.document_id == Document.id) & (Amendment.status == AmendmentStatus.OPEN))
        .where(Document.consultation_id.in_(consultation_ids))
        .group_by(Document.consultation_id)
    )
    return {consultation_id: n for consultation_id, n in rows}
