"""Write use-cases for co-writing: documents, comments on paragraphs and amendments,
amendments and their supports, decisions and versions.

Counters (a paragraph's comments and open amendments, an amendment's supports and
comments) change with UPDATE … SET n = n ± 1 in the same transaction as the row they
count. Supports are unique per (amendment, person) by constraint. Services flush, never
commit.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import delete, insert, select, update

from cocreatie import audit, db, policies, signals
from cocreatie.cowriting import drafting
from cocreatie.errors import Conflict, DomainError, NotAllowed
from cocreatie.models import (
    Amendment,
    AmendmentKind,
    AmendmentStatus,
    AmendmentSupport,
    Comment,
    Consultation,
    Document,
    DocumentVersion,
    Paragraph,
    ParagraphChange,
    ParagraphKind,
    Phase,
    User,
    VersionParagraph,
)


class ParagraphChanged(DomainError):
    """The paragraph changed (a new version) while the person was writing."""

    status_code = 409

    def __init__(self, message: str, current_text: str, version: int):
        super().__init__(message, field="proposed_text")
        self.current_text = current_text
        self.version = version


# --- documents and versions -------------------------------------------------------------


def add_document(
    user: User, consultation: Consultation, phase: Phase | None, title: str, summary: str, body: str, now: datetime
) -> Document:
    """Put a draft text up for co-writing in a phase that allows it; published as version 1."""
    if not policies.can_add_document(user, consultation):
        raise NotAllowed(_("Only the owners of this consultation can add a draft text."))
    if phase is None or phase.consultation_id != consultation.id or not phase.allows_cowriting:
        raise DomainError(_("Choose a phase that allows co-writing."), field="phase")
    blocks = drafting.split_markdown(body)
    if not any(kind == ParagraphKind.TEXT for kind, _text in blocks):
        raise DomainError(_("The text needs at least one paragraph."), field="body")
    document = Document(
        consultation_id=consultation.id, phase_id=phase.id, title=title.strip(), summary=(summary or "").strip(),
        created_by_id=user.id, created_at=now, last_key=len(blocks), version_number=0,
    )
    db.session.add(document)
    db.session.flush()
    db.session.add_all(
        Paragraph(document_id=document.id, key=n, kind=kind, position=n, text=text)
        for n, (kind, text) in enumerate(blocks, start=1)
    )
    db.session.flush()
    version = _publish(document, user, _("First version."), now)
    audit.record(user, "cowriting.add_document", f"document {document.id}", now,
                 consultation_id=consultation.id, after={"title": document.title, "paragraphs": len(blocks)})
    signals.document_version_published.send(version, credited=set(), actor=user, now=now)
    return document


def publish_version(user: User, document: Document, summary: str, now: datetime) -> DocumentVersion:
    """Publish the working text as the next version, saying what changed and why."""
    if not policies.can_publish_document_version(user, document):
        raise NotAllowed(_("Only the owners of this consultation can publish a new version."))
    if not (summary or "").strip():
        raise DomainError(_("Say what changed and why."), field="summary")
    version = _publish(document, user, summary.strip(), now)
    credited = _credit(document, version)
    audit.record(user, "cowriting.publish_version", f"document {document.id}", now,
                 consultation_id=document.consultation_id, after={"version": version.number})
    signals.document_version_published.send(version, credited=credited, actor=user, now=now)
    return version


def _publish(document: Document, user: User, summary: str, now: datetime) -> DocumentVersion:
    previous = None
    before: dict[int, tuple[str, int, int]] = {}  # paragraph → (text, changed_in, participants)
    if document.version_number:
        previous = db.session.scalar(
            select(DocumentVersion).where(
                DocumentVersion.document_id == document.id, DocumentVersion.number == document.version_number
            )
        )
        before = {
            row.paragraph_id: (row.text, row.changed_in, row.participant_count)
            for row in db.session.execute(
                select(VersionParagraph.paragraph_id, VersionParagraph.text, VersionParagraph.changed_in,
                       VersionParagraph.participant_count)
                .where(VersionParagraph.version_id == previous.id)
                .order_by(VersionParagraph.position)
            )
        }
    paragraphs = list(
        db.session.scalars(
            select(Paragraph)
            .where(Paragraph.document_id == document.id, Paragraph.removed.is_(False))
            .order_by(Paragraph.position, Paragraph.id)
        )
    )
    if previous is not None and [p.id for p in paragraphs] == list(before) and all(
        before[p.id][0] == p.text for p in paragraphs
    ):
        raise DomainError(
            _("Nothing has changed since version %(n)d: decide on amendments first.", n=previous.number),
            field="summary",
        )
    # Taken with a conditional UPDATE: two owners publishing at once cannot both make
    # the same number (the unique constraint on (document, number) backs this up).
    number = document.version_number + 1
    moved = db.session.execute(
        update(Document)
        .where(Document.id == document.id, Document.version_number == document.version_number)
        .values(version_number=number)
    ).rowcount
    if moved != 1:
        raise Conflict(_("Someone has just published a new version. Reload the page and try again."))
    db.session.refresh(document, ["version_number"])
    version = DocumentVersion(document_id=document.id, number=number, summary=summary, published_at=now,
                              published_by_id=user.id)
    db.session.add(version)
    db.session.flush()
    labels = drafting.numbers([p.kind for p in paragraphs])
    rows = []
    for position, (paragraph, label) in enumerate(zip(paragraphs, labels, strict=True), start=1):
        changed_in, participants = number, 0
        if previous is None or paragraph.id not in before:
            change = ParagraphChange.ADDED if previous is not None else ParagraphChange.SAME
        elif before[paragraph.id][0] == paragraph.text:
            change = ParagraphChange.SAME
            _text, changed_in, participants = before[paragraph.id]
        else:
            change = ParagraphChange.CHANGED
        rows.append({
            "version_id": version.id, "paragraph_id": paragraph.id, "position": position, "number": label,
            "text": paragraph.text, "html": drafting.render(paragraph.kind, paragraph.text), "change": change.value,
            "changed_in": changed_in, "participant_count": participants,
        })
    db.session.execute(insert(VersionParagraph), rows)
    return version


def _credit(document: Document, version: DocumentVersion) -> set[int]:
    """Link the decided amendments to the version that carries them, and count per
    changed paragraph the people whose input led to it: authors of adopted amendments
    and of comments on the paragraph (or on those amendments) since the last version."""
    previous_at = db.session.scalar(
        select(DocumentVersion.published_at).where(
            DocumentVersion.document_id == document.id, DocumentVersion.number == version.number - 1
        )
    )
    changed = set(
        db.session.scalars(
            select(VersionParagraph.paragraph_id).where(
                VersionParagraph.version_id == version.id, VersionParagraph.change != ParagraphChange.SAME
            )
        )
    )
    adopted = db.session.execute(
        update(Amendment)
        .where(
            Amendment.document_id == document.id,
            Amendment.status.in_([AmendmentStatus.ACCEPTED, AmendmentStatus.PARTLY_ACCEPTED]),
            Amendment.version_id.is_(None),
        )
        .values(version_id=version.id)
        .returning(Amendment.id, Amendment.applied_paragraph_id, Amendment.paragraph_id, Amendment.author_id)
    ).all()
    people: dict[int, set[int]] = defaultdict(set)
    amendment_to_paragraph = {}
    for row in adopted:
        target = row.applied_paragraph_id or row.paragraph_id
        amendment_to_paragraph[row.id] = target
        if row.author_id is not None:
            people[target].add(row.author_id)
    visible = (Comment.deleted_at.is_(None), Comment.hidden_at.is_(None), Comment.author_id.is_not(None))
    since = (Comment.created_at >= previous_at,) if previous_at is not None else ()
    if changed:
        for paragraph_id, author_id in db.session.execute(
            select(Comment.paragraph_id, Comment.author_id).where(Comment.paragraph_id.in_(changed), *visible, *since)
        ):
            people[paragraph_id].add(author_id)
    if amendment_to_paragraph:
        for amendment_id, author_id in db.session.execute(
            select(Comment.amendment_id, Comment.author_id).where(
                Comment.amendment_id.in_(list(amendment_to_paragraph)), *visible
            )
        ):
            people[amendment_to_paragraph[amendment_id]].add(author_id)
    for paragraph_id in changed:
        if people.get(paragraph_id):
            db.session.execute(
                update(VersionParagraph)
                .where(VersionParagraph.version_id == version.id, VersionParagraph.paragraph_id == paragraph_id)
                .values(participant_count=len(people[paragraph_id]))
            )
    return {user_id for paragraph_id in changed for user_id in people.get(paragraph_id, ())}


# --- comments ------------------------------------------------------------------------------


def comment(
    user: User, subject: Paragraph | Amendment, body: str, now: datetime, parent: Comment | None = None
) -> Comment:
    """Comment on a paragraph or an amendment, or reply to a comment there. The comment is
    an ordinary reaction: threaded, reportable and moderated like those on ideas."""
    on_paragraph = isinstance(subject, Paragraph)
    document = subject.document
    allowed = (
        policies.can_comment_on_paragraph(user, document)
        if on_paragraph
        else policies.can_comment_on_amendment(user, subject)
    )
    if not allowed:
        raise NotAllowed(_("You cannot comment on this text right now."))
    if on_paragraph and subject.kind != ParagraphKind.TEXT:
        raise DomainError(_("You can comment on paragraphs, not to headings."))
    if parent is not None:
        same_subject = parent.paragraph_id == subject.id if on_paragraph else parent.amendment_id == subject.id
        if not same_subject or parent.is_deleted or parent.is_hidden:
            raise DomainError(_("You can no longer reply to this comment."))
    created = Comment(
        paragraph_id=subject.id if on_paragraph else None,
        amendment_id=None if on_paragraph else subject.id,
        author=user,
        parent_id=parent.id if parent else None,
        root_id=(parent.root_id or parent.id) if parent else None,
        body=body.strip(),
        created_at=now,
    )
    db.session.add(created)
    db.session.flush()
    db.session.execute(created.counter_update(+1))
    signals.comment_posted.send(created, idea=None, parent=parent, now=now)
    return created


def remove_comment(user: User, comment: Comment, now: datetime) -> None:
    """The author takes their comment back: a placeholder keeps the thread readable."""
    if not policies.can_delete_comment(user, comment):
        raise NotAllowed()
    comment.remove(now)
    db.session.flush()
    db.session.refresh(comment, ["hidden_at"])
    if not comment.is_hidden:  # a hidden comment no longer counts (moderation)
        db.session.execute(comment.counter_update(-1))


# --- amendments ----------------------------------------------------------------------------


def current_text(paragraph: Paragraph, version_number: int) -> str | None:
    """The paragraph as version `version_number` published it (None if not in it)."""
    return db.session.scalar(
        select(VersionParagraph.text)
        .join(DocumentVersion, DocumentVersion.id == VersionParagraph.version_id)
        .where(
            DocumentVersion.document_id == paragraph.document_id,
            DocumentVersion.number == version_number,
            VersionParagraph.paragraph_id == paragraph.id,
        )
    )


def propose_amendment(
    user: User,
    paragraph: Paragraph,
    kind: AmendmentKind,
    proposed_text: str,
    explanation: str,
    seen_version: int,
    now: datetime,
) -> Amendment:
    """Propose replacing, deleting or adding a paragraph after this one, with a reason.

    `seen_version` is the version the person read while writing: if the paragraph has
    changed since, nothing is saved and ParagraphChanged carries the new text, so the
    page can show it beside what they wrote."""
    document = paragraph.document
    if not policies.can_propose_amendment(user, document):
        raise NotAllowed(_("You cannot propose changes to this text right now."))
    if paragraph.kind != ParagraphKind.TEXT:
        raise DomainError(_("You can propose changes to paragraphs, not to headings."))
    text = current_text(paragraph, document.version_number)
    if text is None:
        raise DomainError(_("This paragraph is no longer part of the text."))
    seen = current_text(paragraph, seen_version) if seen_version != document.version_number else text
    if seen is None or drafting.normalised(seen) != drafting.normalised(text):
        raise ParagraphChanged(
            _("This paragraph was changed in version %(n)d while you were writing. Your text is kept: "
              "compare it with the new text and send it again.", n=document.version_number),
            current_text=text, version=document.version_number,
        )
    proposed = (proposed_text or "").strip() if kind != AmendmentKind.DELETE else ""
    if kind != AmendmentKind.DELETE and not proposed:
        raise DomainError(_("Write the text you propose."), field="proposed_text")
    if kind == AmendmentKind.REPLACE and drafting.normalised(proposed) == drafting.normalised(text):
        raise DomainError(_("Your text is the same as the current text. Change something, or explain your point in a comment."),
                          field="proposed_text")
    if not (explanation or "").strip():
        raise DomainError(_("Explain why you propose this change."), field="explanation")
    amendment = Amendment(
        document_id=document.id, paragraph_id=paragraph.id, author_id=user.id, kind=kind,
        base_version=document.version_number, base_text=text, proposed_text=proposed,
        explanation=explanation.strip(), created_at=now,
    )
    db.session.add(amendment)
    db.session.execute(
        update(Paragraph)
        .where(Paragraph.id == paragraph.id)
        .values(open_amendment_count=Paragraph.open_amendment_count + 1)
    )
    db.session.flush()
    return amendment


def _lock_open(amendment: Amendment) -> bool:
    """Take the amendment's row lock and check it is still open: a support waiting for a
    decision finds it decided and is refused. (SQLite serialises writing requests.)"""
    still_open = select(Amendment.id).where(Amendment.id == amendment.id, Amendment.status == AmendmentStatus.OPEN)
    return db.session.execute(still_open.with_for_update()).first() is not None


def support_amendment(user: User, amendment: Amendment, now: datetime) -> bool:
    """Support; True if it was new. Supporting twice changes nothing (unique constraint)."""
    if not policies.can_support_amendment(user, amendment) or not _lock_open(amendment):
        raise NotAllowed(_("You cannot support this amendment right now."))
    inserted = db.insert_or_ignore(
        AmendmentSupport.__table__, {"amendment_id": amendment.id, "user_id": user.id, "created_at": now}
    )
    if inserted:
        db.session.execute(
            update(Amendment).where(Amendment.id == amendment.id).values(support_count=Amendment.support_count + 1)
        )
    return inserted


def withdraw_support(user: User, amendment: Amendment) -> bool:
    if not policies.can_support_amendment(user, amendment) or not _lock_open(amendment):
        raise NotAllowed(_("You cannot change your support for this amendment right now."))
    deleted = db.session.execute(
        delete(AmendmentSupport).where(AmendmentSupport.amendment_id == amendment.id, AmendmentSupport.user_id == user.id)
    ).rowcount
    if deleted:
        db.session.execute(
            update(Amendment).where(Amendment.id == amendment.id).values(support_count=Amendment.support_count - 1)
        )
    return bool(deleted)


# --- decisions -----------------------------------------------------------------------------


def _new_key(document: Document) -> int:
    return db.session.execute(
        update(Document).where(Document.id == document.id).values(last_key=Document.last_key + 1)
        .returning(Document.last_key)
    ).scalar_one()


def _insert_after(paragraph: Paragraph, text: str) -> Paragraph:
    db.session.execute(
        update(Paragraph)
        .where(Paragraph.document_id == paragraph.document_id, Paragraph.position > paragraph.position)
        .values(position=Paragraph.position + 1)
    )
    created = Paragraph(
        document_id=paragraph.document_id, key=_new_key(paragraph.document), kind=ParagraphKind.TEXT,
        position=paragraph.position + 1, text=text,
    )
    db.session.add(created)
    db.session.flush()
    return created


def decide_amendment(
    user: User, amendment: Amendment, status: AmendmentStatus, reason: str, adopted_text: str | None, now: datetime
) -> None:
    """Accept, partly accept (with the text as the owner edited it) or reject, always with
    a public reason. An adopted amendment changes the working text at once; the public
    sees it in the next version. The author and the supporters are told."""
    if not policies.can_decide_amendment(user, amendment):
        raise NotAllowed(_("This amendment has already been decided, or you may not decide on it."))
    if status not in (AmendmentStatus.ACCEPTED, AmendmentStatus.PARTLY_ACCEPTED, AmendmentStatus.REJECTED):
        raise DomainError(_("Choose a decision."), field="status")
    if not (reason or "").strip():
        raise DomainError(_("Give the reason for your decision: the author and the supporters will read it."),
                          field="reason")
    adopted = (adopted_text or "").strip()
    if status == AmendmentStatus.PARTLY_ACCEPTED and not adopted:
        raise DomainError(_("Write the text you adopt."), field="adopted_text")
    locked = db.session.execute(
        select(Amendment.id).where(Amendment.id == amendment.id, Amendment.status == AmendmentStatus.OPEN).with_for_update()
    ).first()
    if locked is None:
        raise Conflict(_("This amendment has just been decided by someone else."))
    paragraph = db.session.execute(
        select(Paragraph).where(Paragraph.id == amendment.paragraph_id).with_for_update()
    ).scalar_one()
    db.session.refresh(paragraph)
    applied = paragraph
    if status == AmendmentStatus.ACCEPTED:
        if amendment.kind != AmendmentKind.INSERT_AFTER and (
            paragraph.removed or drafting.normalised(paragraph.text) != drafting.normalised(amendment.base_text)
        ):
            raise DomainError(
                _("The paragraph has changed since this amendment was written. Partly accept it to adopt an edited text."),
                field="status",
            )
        if amendment.kind == AmendmentKind.REPLACE:
            paragraph.text = amendment.proposed_text
        elif amendment.kind == AmendmentKind.DELETE:
            paragraph.removed = True
        else:
            applied = _insert_after(paragraph, amendment.proposed_text)
    elif status == AmendmentStatus.PARTLY_ACCEPTED:
        if amendment.kind == AmendmentKind.INSERT_AFTER:
            applied = _insert_after(paragraph, adopted)
        else:
            paragraph.text = adopted
            paragraph.removed = False
    amendment.decide(status, reason.strip(), user, now, adopted if status == AmendmentStatus.PARTLY_ACCEPTED else None)
    if status != AmendmentStatus.REJECTED:
        amendment.applied_paragraph_id = applied.id
    db.session.execute(
        update(Paragraph)
        .where(Paragraph.id == paragraph.id)
        .values(open_amendment_count=Paragraph.open_amendment_count - 1)
    )
    db.session.flush()
    audit.record(user, "cowriting.decide_amendment", f"amendment {amendment.id}", now,
                 consultation_id=amendment.document.consultation_id,
                 before={"status": AmendmentStatus.OPEN.value},
                 after={"status": status.value, "reason": amendment.decision_reason})
    signals.amendment_decided.send(amendment, actor=user, now=now)
