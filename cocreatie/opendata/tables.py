"""What the open-data download holds: one table per resource, each field described (for
`datapackage.json`), each row read in batches so that a consultation with 100,000 ideas
exports in bounded memory.

Only what an anonymous visitor sees: public, published consultations (the policy
`can_view_consultation` for nobody signed in); hidden ideas and comments as the pages
show them, without their text (the moderation log says why); reactions under a hidden
idea not at all; no e-mail address, no supports of a named person. Authors appear with
the display name the pages show, and with a pseudonym that is the same throughout one
download and differs in the next one (so a download links a person's contributions, but
two downloads cannot be joined on it)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import aliased

from cocreatie import db, policies
from cocreatie.models import (
    Amendment,
    Comment,
    Document,
    DocumentVersion,
    Paragraph,
    VersionParagraph,
    Consultation,
    HouseRule,
    Idea,
    IdeaStatusChange,
    ImplementationUpdate,
    ModerationAction,
    Outcome,
    OutcomeDecision,
    Phase,
    User,
)
from cocreatie.models.consultations import PublicationStatus
from cocreatie.reach import queries as reach

BATCH = 1000


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # a Frictionless Table Schema type: integer, number, string, boolean, datetime, date
    description: str


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    fields: tuple[Field, ...]
    rows: Callable[[Scope], Iterator[Sequence]]

    @property
    def path(self) -> str:
        return f"{self.name}.csv"


class Scope:
    """The consultations one download covers, and its pseudonyms."""

    def __init__(self, consultation_ids: Sequence[int]) -> None:
        self.consultation_ids = list(consultation_ids)
        self._key = secrets.token_bytes(32)
        self._known: dict[int, str] = {}  # one entry per author: bounded by the accounts

    def pseudonym(self, user_id: int | None) -> str:
        if user_id is None:
            return ""
        known = self._known.get(user_id)
        if known is None:
            digest = hmac.new(self._key, str(user_id).encode(), hashlib.sha256).hexdigest()
            known = self._known[user_id] = f"p-{digest[:12]}"
        return known


def public_consultations(slug: str | None = None) -> list[Consultation]:
    """The consultations an anonymous visitor may see, oldest first; one if `slug`."""
    query = select(Consultation).where(Consultation.status == PublicationStatus.PUBLISHED)
    if slug is not None:
        query = query.where(Consultation.slug == slug)
    found = db.session.scalars(query.order_by(Consultation.id)).all()
    return [c for c in found if policies.can_view_consultation(None, c)]


def instant(value: datetime | None) -> str:
    """An instant with its time zone (stored as naive UTC)."""
    if value is None:
        return ""
    return value.isoformat(timespec="seconds") + "Z"


def day(value: date | None) -> str:
    return value.isoformat() if value else ""


def _stream(query: Select) -> Iterator:
    yield from db.session.execute(query.execution_options(yield_per=BATCH))


_author = aliased(User)


def _consultations(scope: Scope) -> Iterator[Sequence]:
    query = select(Consultation).where(Consultation.id.in_(scope.consultation_ids)).order_by(Consultation.id)
    for c in db.session.scalars(query):
        yield (c.id, c.slug, c.title, c.question, c.summary, c.body, str(c.visibility),
               instant(c.opens_at), instant(c.closes_at), instant(c.published_at), c.response_days, c.idea_count)


def _phases(scope: Scope) -> Iterator[Sequence]:
    query = (select(Phase).where(Phase.consultation_id.in_(scope.consultation_ids))
             .order_by(Phase.consultation_id, Phase.starts_at, Phase.id))
    for p in db.session.scalars(query):
        yield (p.id, p.consultation_id, str(p.kind), p.title, p.description, instant(p.starts_at),
               instant(p.ends_at), p.allows_ideas, p.allows_comments, p.allows_supports)


def _ideas(scope: Scope) -> Iterator[Sequence]:
    query = (
        select(Idea.id, Idea.consultation_id, Idea.phase_id, Idea.author_id, _author.display_name, Idea.title,
               Idea.body, Idea.status, Idea.support_count, Idea.comment_count, Idea.created_at, Idea.updated_at,
               Idea.responded_at, Idea.responded_in_time, Idea.hidden_at, Idea.merged_into_id)
        .outerjoin(_author, _author.id == Idea.author_id)
        .where(Idea.consultation_id.in_(scope.consultation_ids))
        .order_by(Idea.id)
    )
    for (id_, consultation_id, phase_id, author_id, name, title, body, status, supports, comments, created,
         updated, responded, in_time, hidden_at, merged_into) in _stream(query):
        hidden = hidden_at is not None
        yield (id_, consultation_id, phase_id or "", scope.pseudonym(author_id), name or "",
               "" if hidden else title, "" if hidden else body, str(status), supports, comments,
               instant(created), instant(updated), instant(responded),
               "" if in_time is None else in_time, hidden, merged_into or "")


def _comments(scope: Scope) -> Iterator[Sequence]:
    # Reactions under a hidden idea are hidden with it (policies.can_view_idea_comments).
    query = (
        select(Comment.id, Comment.idea_id, Comment.parent_id, Comment.author_id, _author.display_name,
               Comment.body, Comment.created_at, Comment.deleted_at, Comment.hidden_at)
        .join(Idea, Idea.id == Comment.idea_id)
        .outerjoin(_author, _author.id == Comment.author_id)
        .where(Idea.consultation_id.in_(scope.consultation_ids), Idea.hidden_at.is_(None))
        .order_by(Comment.id)
    )
    for id_, idea_id, parent_id, author_id, name, body, created, deleted_at, hidden_at in _stream(query):
        gone = deleted_at is not None or hidden_at is not None
        yield (id_, idea_id, parent_id or "", "" if deleted_at else scope.pseudonym(author_id),
               "" if deleted_at else (name or ""), "" if gone else body, instant(created),
               deleted_at is not None, hidden_at is not None)


def _responses(scope: Scope) -> Iterator[Sequence]:
    query = (
        select(IdeaStatusChange.id, IdeaStatusChange.idea_id, IdeaStatusChange.from_status,
               IdeaStatusChange.to_status, IdeaStatusChange.body, IdeaStatusChange.responder_role,
               IdeaStatusChange.outcome_id, IdeaStatusChange.created_at)
        .join(Idea, Idea.id == IdeaStatusChange.idea_id)
        .where(Idea.consultation_id.in_(scope.consultation_ids), Idea.hidden_at.is_(None))
        .order_by(IdeaStatusChange.id)
    )
    for id_, idea_id, before, after, body, role, outcome_id, created in _stream(query):
        yield (id_, idea_id, str(before), str(after), body, role, outcome_id or "", instant(created))


def _outcomes(scope: Scope) -> Iterator[Sequence]:
    query = (select(Outcome)
             .where(Outcome.consultation_id.in_(scope.consultation_ids),
                    Outcome.status == PublicationStatus.PUBLISHED)
             .order_by(Outcome.id))
    for o in db.session.scalars(query):
        yield (o.id, o.consultation_id, o.phase_id or "", o.title, o.body, instant(o.published_at),
               o.decision_count)


def _decisions(scope: Scope) -> Iterator[Sequence]:
    query = (
        select(OutcomeDecision.id, OutcomeDecision.outcome_id, OutcomeDecision.idea_id,
               OutcomeDecision.decision, OutcomeDecision.rationale)
        .join(Outcome, Outcome.id == OutcomeDecision.outcome_id)
        .where(Outcome.consultation_id.in_(scope.consultation_ids),
               Outcome.status == PublicationStatus.PUBLISHED)
        .order_by(OutcomeDecision.id)
    )
    for id_, outcome_id, idea_id, decision, rationale in _stream(query):
        yield id_, outcome_id, idea_id, str(decision), rationale


def _updates(scope: Scope) -> Iterator[Sequence]:
    query = (
        select(ImplementationUpdate.id, ImplementationUpdate.idea_id, ImplementationUpdate.body,
               ImplementationUpdate.progress, ImplementationUpdate.created_at)
        .join(Idea, Idea.id == ImplementationUpdate.idea_id)
        .where(Idea.consultation_id.in_(scope.consultation_ids), Idea.hidden_at.is_(None))
        .order_by(ImplementationUpdate.id)
    )
    for id_, idea_id, body, progress, created in _stream(query):
        yield id_, idea_id, body, "" if progress is None else progress, instant(created)


def _house_rules(scope: Scope) -> Iterator[Sequence]:
    query = (select(HouseRule).where(HouseRule.consultation_id.in_(scope.consultation_ids))
             .order_by(HouseRule.consultation_id, HouseRule.position))
    for r in db.session.scalars(query):
        yield r.id, r.consultation_id, r.position, r.title, r.explanation


def _moderation_log(scope: Scope) -> Iterator[Sequence]:
    # The public moderation log: what was done and why, never who reported it.
    query = (
        select(ModerationAction.id, ModerationAction.consultation_id, ModerationAction.kind,
               ModerationAction.idea_id, ModerationAction.comment_id, ModerationAction.target_idea_id,
               ModerationAction.rule_title, ModerationAction.reason, ModerationAction.created_at,
               ModerationAction.lifted_at)
        .where(ModerationAction.consultation_id.in_(scope.consultation_ids))
        .order_by(ModerationAction.id)
    )
    for id_, consultation_id, kind, idea_id, comment_id, target, rule, reason, created, lifted in _stream(query):
        yield (id_, consultation_id, str(kind), idea_id or "", comment_id or "", target or "", rule, reason,
               instant(created), instant(lifted))


# --- co-writing: draft texts, their versions, amendments and the comments on them --------


def _documents(scope: Scope) -> Iterator[Sequence]:
    query = select(Document).where(Document.consultation_id.in_(scope.consultation_ids)).order_by(Document.id)
    for d in db.session.scalars(query):
        yield d.id, d.consultation_id, d.phase_id or "", d.title, d.summary, d.version_number, instant(d.created_at)


def _documents_of(scope: Scope):
    return select(Document.id).where(Document.consultation_id.in_(scope.consultation_ids))


def _document_versions(scope: Scope) -> Iterator[Sequence]:
    query = (select(DocumentVersion.id, DocumentVersion.document_id, DocumentVersion.number,
                    DocumentVersion.summary, DocumentVersion.published_at)
             .where(DocumentVersion.document_id.in_(_documents_of(scope)))
             .order_by(DocumentVersion.id))
    for id_, document_id, number, summary, published in _stream(query):
        yield id_, document_id, number, summary, instant(published)


def _document_text(scope: Scope) -> Iterator[Sequence]:
    query = (
        select(VersionParagraph.version_id, Paragraph.key, VersionParagraph.position, VersionParagraph.number,
               Paragraph.kind, VersionParagraph.text, VersionParagraph.change, VersionParagraph.changed_in,
               VersionParagraph.participant_count)
        .join(Paragraph, Paragraph.id == VersionParagraph.paragraph_id)
        .where(Paragraph.document_id.in_(_documents_of(scope)))
        .order_by(VersionParagraph.version_id, VersionParagraph.position)
    )
    for version_id, key, position, number, kind, text, change, changed_in, participants in _stream(query):
        yield version_id, key, position, number, str(kind), text, str(change), changed_in, participants


def _amendments(scope: Scope) -> Iterator[Sequence]:
    query = (
        select(Amendment.id, Amendment.document_id, Paragraph.key, Amendment.author_id, _author.display_name,
               Amendment.kind, Amendment.base_version, Amendment.base_text, Amendment.proposed_text,
               Amendment.explanation, Amendment.status, Amendment.support_count, Amendment.comment_count,
               Amendment.created_at, Amendment.decided_at, Amendment.decision_reason, Amendment.adopted_text,
               DocumentVersion.number)
        .join(Paragraph, Paragraph.id == Amendment.paragraph_id)
        .outerjoin(DocumentVersion, DocumentVersion.id == Amendment.version_id)
        .outerjoin(_author, _author.id == Amendment.author_id)
        .where(Amendment.document_id.in_(_documents_of(scope)))
        .order_by(Amendment.id)
    )
    for (id_, document_id, key, author_id, name, kind, base_version, base_text, proposed, explanation, status,
         supports, comments, created, decided, reason, adopted, version) in _stream(query):
        yield (id_, document_id, key, scope.pseudonym(author_id), name or "", str(kind), base_version, base_text,
               proposed, explanation, str(status), supports, comments, instant(created), instant(decided), reason,
               adopted or "", version or "")


def _draft_comments(scope: Scope) -> Iterator[Sequence]:
    on_paragraph = aliased(Paragraph)
    query = (
        select(Comment.id, func.coalesce(on_paragraph.document_id, Amendment.document_id), on_paragraph.key,
               Comment.amendment_id, Comment.parent_id, Comment.author_id, _author.display_name, Comment.body,
               Comment.created_at, Comment.deleted_at, Comment.hidden_at)
        .outerjoin(on_paragraph, on_paragraph.id == Comment.paragraph_id)
        .outerjoin(Amendment, Amendment.id == Comment.amendment_id)
        .outerjoin(_author, _author.id == Comment.author_id)
        .where(func.coalesce(on_paragraph.document_id, Amendment.document_id).in_(_documents_of(scope)))
        .order_by(Comment.id)
    )
    for id_, document_id, key, amendment_id, parent_id, author_id, name, body, created, deleted_at, hidden_at in _stream(query):
        gone = deleted_at is not None or hidden_at is not None
        yield (id_, document_id, key or "", amendment_id or "", parent_id or "",
               "" if deleted_at else scope.pseudonym(author_id), "" if deleted_at else (name or ""),
               "" if gone else body, instant(created), deleted_at is not None, hidden_at is not None)


# --- group figures: who took part, per district, age group and channel -----------------


def group_figures_public(consultation: Consultation) -> bool:
    """The group figures are public where the accountability page shows them: once the
    consultation has closed (policies.can_view_accountability for a visitor)."""
    return policies.can_view_accountability(None, consultation)


HIDDEN = "hidden"  # a group hidden so that a smaller one cannot be worked out


def _percent(value: float | None) -> float | str:
    return "" if value is None else round(100 * value, 1)


def _group_figures(scope: Scope) -> Iterator[Sequence]:
    """reach.queries.representation, masked at the source exactly as on the accountability
    page: a group under 10 as "< 10", and the groups hidden with it to keep it from being
    worked out from a total. Labels in the site's language, whoever downloads."""
    query = select(Consultation).where(Consultation.id.in_(scope.consultation_ids)).order_by(Consultation.id)
    for consultation in db.session.scalars(query).all():
        if not group_figures_public(consultation):
            continue
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
            rep = reach.representation(consultation)
        if not rep.dimensions:  # no questions asked: the page shows no section either
            continue
        for dimension in rep.dimensions:
            for g in dimension.groups:
                yield (consultation.id, dimension.key, g.key, g.label, g.is_group, reach.shown(g.participants, HIDDEN),
                       _percent(g.share), _percent(g.population_share) if g.is_group else "",
                       "" if g.ratio is None else round(g.ratio, 2), g.marking or "")
        yield consultation.id, "respondents", "", "", False, reach.shown(rep.respondents, HIDDEN), "", "", "", ""


def _f(name: str, type_: str, description: str) -> Field:
    return Field(name, type_, description)


_ID = _f("id", "integer", "Identifier, the number in the page's address.")
_CONSULTATION = _f("consultationId", "integer", "The consultation (consultations.csv).")
_IDEA = _f("ideaId", "integer", "The idea (ideas.csv).")
_PSEUDONYM = _f("authorPseudonym", "string",
                "The same for every contribution of one person in this download; differs in the next download.")
_NAME = _f("authorName", "string", "The name shown on the website; empty for a deleted account.")

TABLES: tuple[Table, ...] = (
    Table("consultations", "Consultations", (
        _ID, _f("slug", "string", "The consultation's address: /consultaties/<slug>."),
        _f("title", "string", "Title."), _f("question", "string", "The question the government asks."),
        _f("summary", "string", "Summary."), _f("body", "string", "Background (Markdown)."),
        _f("visibility", "string", "public or invite_only (invite-only consultations are never exported)."),
        _f("opensAt", "datetime", "When the first phase starts."), _f("closesAt", "datetime", "When the last phase ends."),
        _f("publishedAt", "datetime", "When it was published."),
        _f("responseDays", "integer", "Days within which every idea gets an official response."),
        _f("ideaCount", "integer", "Number of ideas shared."),
    ), _consultations),
    Table("phases", "Phases of the policy cycle", (
        _ID, _CONSULTATION,
        _f("kind", "string", "agenda_setting, policy_preparation, decision, implementation or evaluation."),
        _f("title", "string", "Title."), _f("description", "string", "Description."),
        _f("startsAt", "datetime", "Start."), _f("endsAt", "datetime", "End (exclusive)."),
        _f("allowsIdeas", "boolean", "Ideas can be shared."), _f("allowsComments", "boolean", "Comments can be posted."),
        _f("allowsSupports", "boolean", "Ideas can be supported."),
    ), _phases),
    Table("ideas", "Ideas", (
        _ID, _CONSULTATION, _f("phaseId", "integer", "The phase it was shared in."), _PSEUDONYM, _NAME,
        _f("title", "string", "Title; empty when the idea was hidden (moderation-log.csv says why)."),
        _f("body", "string", "Text (Markdown); empty when hidden."),
        _f("status", "string", "Official status: new, under_consideration, adopted, partly_adopted, not_adopted, implemented."),
        _f("supportCount", "integer", "Number of supporters."), _f("commentCount", "integer", "Number of comments."),
        _f("createdAt", "datetime", "Shared at."), _f("updatedAt", "datetime", "Last edited by its author."),
        _f("respondedAt", "datetime", "First official response."),
        _f("respondedInTime", "boolean", "The first response came within the consultation's response days."),
        _f("hidden", "boolean", "Hidden by the procesmanager under a house rule."),
        _f("mergedIntoId", "integer", "Merged into this idea, as a duplicate."),
    ), _ideas),
    Table("comments", "Comments", (
        _ID, _IDEA, _f("parentId", "integer", "The comment it replies to."), _PSEUDONYM, _NAME,
        _f("body", "string", "Text; empty when deleted by its author or hidden."), _f("createdAt", "datetime", "Posted at."),
        _f("deleted", "boolean", "Deleted by its author."), _f("hidden", "boolean", "Hidden under a house rule."),
    ), _comments),
    Table("official-responses", "Official responses", (
        _ID, _IDEA, _f("fromStatus", "string", "Status before."), _f("toStatus", "string", "Status given."),
        _f("body", "string", "The response (Markdown)."), _f("responderRole", "string", "Who answered, as a role."),
        _f("outcomeId", "integer", "The outcome it was part of."), _f("createdAt", "datetime", "Given at."),
    ), _responses),
    Table("outcomes", "Outcomes", (
        _ID, _CONSULTATION, _f("phaseId", "integer", "The phase it concludes."), _f("title", "string", "Title."),
        _f("body", "string", "What was decided (Markdown)."), _f("publishedAt", "datetime", "Published at."),
        _f("decisionCount", "integer", "Ideas decided on."),
    ), _outcomes),
    Table("outcome-decisions", "Decisions per idea in an outcome", (
        _ID, _f("outcomeId", "integer", "The outcome (outcomes.csv)."), _IDEA,
        _f("decision", "string", "Status decided."), _f("rationale", "string", "Why (Markdown)."),
    ), _decisions),
    Table("implementation-updates", "Progress of ideas being carried out", (
        _ID, _IDEA, _f("body", "string", "The update (Markdown)."), _f("progress", "integer", "Percent done."),
        _f("createdAt", "datetime", "Posted at."),
    ), _updates),
    Table("house-rules", "House rules", (
        _ID, _CONSULTATION, _f("position", "integer", "Rule number."), _f("title", "string", "The rule."),
        _f("explanation", "string", "Explanation."),
    ), _house_rules),
    Table("moderation-log", "Moderation log", (
        _ID, _CONSULTATION, _f("kind", "string", "hide, restore, merge or another moderation step."),
        _IDEA, _f("commentId", "integer", "The comment."), _f("targetIdeaId", "integer", "Merged into this idea."),
        _f("rule", "string", "The house rule it was done under."), _f("reason", "string", "The public reason."),
        _f("createdAt", "datetime", "Done at."), _f("liftedAt", "datetime", "Undone at (restored)."),
    ), _moderation_log),
    Table("documents", "Draft texts put up for co-writing", (
        _ID, _CONSULTATION, _f("phaseId", "integer", "The phase the text was added for."), _f("title", "string", "Title."),
        _f("summary", "string", "Summary."), _f("versionNumber", "integer", "The newest published version."),
        _f("createdAt", "datetime", "Added at."),
    ), _documents),
    Table("document-versions", "Published versions of the draft texts", (
        _ID, _f("documentId", "integer", "The draft text (documents.csv)."), _f("number", "integer", "Version number."),
        _f("summary", "string", "What changed and why."), _f("publishedAt", "datetime", "Published at."),
    ), _document_versions),
    Table("document-paragraphs", "The text of every version, paragraph by paragraph", (
        _f("versionId", "integer", "The version (document-versions.csv)."),
        _f("paragraphKey", "integer", "Stable across versions: the anchor #alinea-<key>."),
        _f("position", "integer", "Place in this version."), _f("number", "string", "Number shown, e.g. 2.3."),
        _f("kind", "string", "heading or text."), _f("text", "string", "Text (Markdown)."),
        _f("change", "string", "same, changed or added, compared with the version before."),
        _f("changedIn", "integer", "The version number that last changed this paragraph's text."),
        _f("participantCount", "integer", "People whose input (amendments, comments) led to that last change."),
    ), _document_text),
    Table("amendments", "Amendments to draft texts and the decisions on them", (
        _ID, _f("documentId", "integer", "The draft text (documents.csv)."),
        _f("paragraphKey", "integer", "The paragraph it is about."), _PSEUDONYM, _NAME,
        _f("kind", "string", "replace, delete or insert_after."),
        _f("baseVersion", "integer", "The version it was written against."),
        _f("baseText", "string", "The paragraph as it read then."), _f("proposedText", "string", "The proposed text."),
        _f("explanation", "string", "Why it was proposed."),
        _f("status", "string", "open, accepted, partly_accepted or rejected."),
        _f("supportCount", "integer", "Number of supporters."), _f("commentCount", "integer", "Number of comments."),
        _f("createdAt", "datetime", "Proposed at."), _f("decidedAt", "datetime", "Decided at."),
        _f("decisionReason", "string", "The public reason for the decision."),
        _f("adoptedText", "string", "The text adopted, when partly accepted."),
        _f("versionNumber", "integer", "The version that published the change."),
    ), _amendments),
    Table("draft-comments", "Comments on paragraphs of draft texts and on amendments", (
        _ID, _f("documentId", "integer", "The draft text (documents.csv)."),
        _f("paragraphKey", "integer", "The paragraph, for a comment on a paragraph."),
        _f("amendmentId", "integer", "The amendment, for a comment on an amendment."),
        _f("parentId", "integer", "The comment it replies to."), _PSEUDONYM, _NAME,
        _f("body", "string", "Text; empty when deleted by its author or hidden."), _f("createdAt", "datetime", "Posted at."),
        _f("deleted", "boolean", "Deleted by its author."), _f("hidden", "boolean", "Hidden under a house rule."),
    ), _draft_comments),
    Table("group-figures", "Who took part: participants per district, age group and channel", (
        _CONSULTATION,
        _f("question", "string", "district, age_band or channel; respondents for the number of people who answered "
           "or skipped the questions. Only for consultations that have closed, as on their accountability page."),
        _f("group", "string", "The group: a district code (CBS), an age group (0-14, 15-24, 25-44, 45-64, 65+) or "
           "a channel; unsaid (would rather not say), outside (no district) or not-answered (skipped)."),
        _f("label", "string", "The group as the website names it."),
        _f("isGroup", "boolean", "false for unsaid, outside and not-answered: they have no share."),
        _f("participants", "string", f"The number of participants; \"{reach.MASKED}\" for a group of fewer than "
           f"{reach.MINIMUM}, never exactly; \"{HIDDEN}\" when it is hidden so that such a group cannot be worked "
           "out from a total."),
        _f("shareOfParticipants", "number", "Percent of the participants who named a group; empty when hidden."),
        _f("shareOfResidents", "number", "Percent of the residents (CBS reference figures)."),
        _f("ratio", "number", f"shareOfParticipants / shareOfResidents: below {reach.UNDER} under-represented, "
           f"above {reach.OVER} over-represented; empty when hidden."),
        _f("marking", "string", "under or over (represented), where that follows from what is shown; else empty."),
    ), _group_figures),
)


def count_rows(scope: Scope) -> int:
    """How many rows the download will hold, roughly (for a progress bar): ideas and comments."""
    from sqlalchemy import func

    ideas = db.session.scalar(select(func.count(Idea.id)).where(Idea.consultation_id.in_(scope.consultation_ids)))
    comments = db.session.scalar(
        select(func.count(Comment.id)).join(Idea, and_(Idea.id == Comment.idea_id))
        .where(Idea.consultation_id.in_(scope.consultation_ids)))
    return (ideas or 0) + (comments or 0)
