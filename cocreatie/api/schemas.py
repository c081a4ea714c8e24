"""What the read API returns, as marshmallow schemas: they shape every response (`dump`)
and apispec turns them into the OpenAPI document's components (decision 0018).

Field names are lowerCamelCase (NL API Design Rules); instants are `date-time` with a
time zone (UTC, "Z"), local days are `date`. Descriptions are translated: the document
and its reference page come in Dutch and English.
"""

from __future__ import annotations

from datetime import UTC

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validate

from cocreatie.models import ActionKind, AmendmentKind, AmendmentStatus, IdeaStatus, ParagraphChange, ParagraphKind, PhaseKind
from cocreatie.models.consultations import ConsultationState


class Instant(fields.DateTime):
    """A moment in time, stored as naive UTC, written with its time zone: 2026-06-15T10:00:00Z."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _described(text, **kwargs) -> dict:
    return {"metadata": {"description": text}, **kwargs}


def _text(description, nullable: bool = False) -> fields.String:
    return fields.String(required=True, allow_none=nullable, **_described(description))


def _int(description, nullable: bool = False, **kwargs) -> fields.Integer:
    return fields.Integer(required=True, allow_none=nullable, strict=True, **_described(description), **kwargs)


def _one_of(values, description, nullable: bool = False) -> fields.String:
    return fields.String(
        required=True, allow_none=nullable, validate=validate.OneOf([str(v) for v in values]), **_described(description)
    )


class Link(Schema):
    href = fields.String(required=True, **_described(_l("An absolute URL.")))


class CollectionLinks(Schema):
    self = fields.Nested(Link, required=True, **_described(_l("This page.")))
    next = fields.Nested(Link, **_described(_l("The next page; absent on the last page.")))
    previous = fields.Nested(Link, **_described(_l("The previous page; absent on the first page.")))


class ResourceLinks(Schema):
    self = fields.Nested(Link, required=True, **_described(_l("This resource in the API.")))
    webPage = fields.Nested(Link, **_described(_l("The page on the website that shows it.")))


class Person(Schema):
    name = _text(_l("The display name shown on the website."))


class Phase(Schema):
    id = _int(_l("Identifier of the phase."))
    kind = _one_of(PhaseKind, _l("Where the phase stands in the policy cycle."))
    title = _text(_l("The phase's own name; may be empty."))
    description = _text(_l("What happens in this phase; may be empty."))
    startsOn = fields.Date(required=True, **_described(_l("The first day of the phase (local time, Europe/Amsterdam).")))
    endsOn = fields.Date(required=True, **_described(_l("The last day of the phase (local time, Europe/Amsterdam).")))
    isActive = fields.Boolean(required=True, **_described(_l("Whether the phase is running today.")))
    allowsIdeas = fields.Boolean(required=True, **_described(_l("Whether new ideas may be posted in this phase.")))
    allowsComments = fields.Boolean(required=True, **_described(_l("Whether reactions may be posted in this phase.")))
    allowsSupports = fields.Boolean(required=True, **_described(_l("Whether ideas may be supported in this phase.")))


class ConsultationLinks(ResourceLinks):
    ideas = fields.Nested(Link, required=True, **_described(_l("The ideas of this consultation.")))
    houseRules = fields.Nested(Link, required=True, **_described(_l("Its house rules.")))
    moderationLog = fields.Nested(Link, required=True, **_described(_l("Its public moderation log.")))
    outcomes = fields.Nested(Link, required=True, **_described(_l("Its published outcomes.")))


class Consultation(Schema):
    slug = _text(_l("Identifier of the consultation, as in the address of its page."))
    title = _text(_l("Title."))
    question = _text(_l("The question the consultation asks."))
    summary = _text(_l("A short summary."))
    body = _text(_l("The full text, in Markdown."))
    bodyHtml = _text(_l("The full text as safe HTML, as the website shows it."))
    state = _one_of(ConsultationState, _l("Whether it has yet to open, is open, or has finished."))
    opensOn = fields.Date(required=True, allow_none=True, **_described(_l("The first day of its first phase.")))
    closesOn = fields.Date(required=True, allow_none=True, **_described(_l("The last day of its last phase.")))
    publishedAt = Instant(required=True, allow_none=True, **_described(_l("When it was published.")))
    supportBudget = _int(_l("How many ideas one person may support; null: no limit."), nullable=True)
    responseDays = _int(_l("Every idea gets an official response within this many days after its phase ends."))
    ideaCount = _int(_l("Number of ideas shown in its lists (not hidden, not merged)."))
    phases = fields.List(fields.Nested(Phase), required=True, **_described(_l("Its phases, in order.")))
    links = fields.Nested(ConsultationLinks, required=True)


class Response(Schema):
    status = _one_of(IdeaStatus, _l("The official status this response gave the idea."))
    previousStatus = _one_of(IdeaStatus, _l("The status the idea had before."))
    body = _text(_l("The response, in Markdown."))
    bodyHtml = _text(_l("The response as safe HTML."))
    responder = _text(_l("Who answered, as the website names them."))
    givenAt = Instant(required=True, **_described(_l("When the response was given.")))
    outcomeId = _int(_l("The outcome this response was part of, if any."), nullable=True)


class HiddenNotice(Schema):
    houseRule = _text(_l("The house rule the content broke, as it read then."))
    reason = _text(_l("The public reason the procesmanager gave."))
    hiddenAt = Instant(required=True, **_described(_l("When it was hidden.")))


class IdeaLinks(ResourceLinks):
    comments = fields.Nested(Link, required=True, **_described(_l("The reactions to this idea.")))
    implementationUpdates = fields.Nested(Link, required=True, **_described(_l("Progress of its implementation.")))
    consultation = fields.Nested(Link, required=True, **_described(_l("Its consultation.")))


class Idea(Schema):
    id = _int(_l("Identifier of the idea."))
    consultation = _text(_l("The slug of its consultation."))
    phaseId = _int(_l("The phase it was posted in."), nullable=True)
    title = _text(_l("Title; null while the idea is hidden."), nullable=True)
    body = _text(_l("The idea in Markdown; null while it is hidden."), nullable=True)
    bodyHtml = _text(_l("The idea as safe HTML; null while it is hidden."), nullable=True)
    author = fields.Nested(Person, required=True, allow_none=True, **_described(_l("Who posted it; null for a deleted account.")))
    createdAt = Instant(required=True, **_described(_l("When it was posted.")))
    editedAt = Instant(required=True, allow_none=True, **_described(_l("When its author last changed it.")))
    changedAt = Instant(required=True, **_described(_l("When anything in it last changed: counts, status, response, moderation.")))
    supportCount = _int(_l("Number of people who support it."))
    commentCount = _int(_l("Number of reactions shown (not removed, not hidden)."))
    status = _one_of(IdeaStatus, _l("Its official status."))
    respondedAt = Instant(required=True, allow_none=True, **_described(_l("When it got its first official response.")))
    responseDueOn = fields.Date(required=True, **_described(_l("The last day on which the official response is due.")))
    response = fields.Nested(Response, required=True, allow_none=True, **_described(_l("The current official response; null until there is one.")))
    hidden = fields.Nested(HiddenNotice, required=True, allow_none=True, **_described(_l("Why the idea is hidden; null when it is not.")))
    mergedIntoId = _int(_l("The idea it was merged into, if it was."), nullable=True)
    links = fields.Nested(IdeaLinks, required=True)


class Comment(Schema):
    id = _int(_l("Identifier of the reaction."))
    ideaId = _int(_l("The idea it reacts to."))
    parentId = _int(_l("The reaction it replies to; null for a reaction to the idea itself."), nullable=True)
    rootId = _int(_l("The first reaction of its thread; null for a reaction to the idea itself."), nullable=True)
    author = fields.Nested(Person, required=True, allow_none=True, **_described(_l("Who wrote it; null for a deleted account.")))
    createdAt = Instant(required=True, **_described(_l("When it was posted.")))
    body = _text(_l("The text; null when it was removed by its author or is hidden."), nullable=True)
    removed = fields.Boolean(required=True, **_described(_l("Whether its author removed it.")))
    changedAt = Instant(required=True, **_described(_l("When it last changed: posted, removed, hidden or shown again.")))
    hidden = fields.Nested(HiddenNotice, required=True, allow_none=True, **_described(_l("Why it is hidden; null when it is not.")))
    links = fields.Nested(ResourceLinks, required=True)


class HouseRule(Schema):
    id = _int(_l("Identifier of the house rule."))
    position = _int(_l("Its number in the list."))
    title = _text(_l("The rule."))
    explanation = _text(_l("What it means; may be empty."))


class ModerationDecision(Schema):
    id = _int(_l("Identifier of the decision."))
    decision = _one_of(ActionKind, _l("What was decided: hide, restore, merge, dismiss the reports, or uphold a hide after review."))
    decidedAt = Instant(required=True, **_described(_l("When it was decided.")))
    ideaId = _int(_l("The idea it concerns (for a reaction: the idea it reacts to)."))
    ideaTitle = _text(_l("The title of that idea; null while the idea is hidden."), nullable=True)
    commentId = _int(_l("The reaction it concerns, if it concerns a reaction."), nullable=True)
    mergedIntoId = _int(_l("For a merge: the idea it was merged into."), nullable=True)
    houseRule = _text(_l("The house rule it refers to, as it read then; may be empty."))
    reason = _text(_l("The public reason; may be empty."))


class DecisionCount(Schema):
    decision = _one_of([s for s in IdeaStatus if s != IdeaStatus.NEW], _l("A decision."))
    count = _int(_l("How many ideas got it."))


class OutcomeLinks(ResourceLinks):
    decisions = fields.Nested(Link, required=True, **_described(_l("The decision per idea.")))
    consultation = fields.Nested(Link, required=True, **_described(_l("Its consultation.")))


class Outcome(Schema):
    id = _int(_l("Identifier of the outcome."))
    consultation = _text(_l("The slug of its consultation."))
    phaseId = _int(_l("The phase it covers; null for the whole consultation."), nullable=True)
    title = _text(_l("Title."))
    body = _text(_l("What was done with the input, in Markdown."))
    bodyHtml = _text(_l("The same as safe HTML."))
    publishedAt = Instant(required=True, **_described(_l("When it was published.")))
    decisionCount = _int(_l("Number of ideas it decides on."))
    links = fields.Nested(OutcomeLinks, required=True)


class OutcomeWithTally(Outcome):
    tally = fields.List(fields.Nested(DecisionCount), required=True, **_described(_l("How many ideas got each decision.")))


class OutcomeDecision(Schema):
    ideaId = _int(_l("The idea decided on."))
    ideaTitle = _text(_l("Its title; null while the idea is hidden."), nullable=True)
    supportCount = _int(_l("Number of people who support the idea."))
    decision = _one_of([s for s in IdeaStatus if s != IdeaStatus.NEW], _l("What was decided."))
    rationale = _text(_l("Why, in Markdown."))
    rationaleHtml = _text(_l("Why, as safe HTML."))


class Milestone(Schema):
    title = _text(_l("What is to be done."))
    plannedOn = fields.Date(required=True, **_described(_l("The day it is planned for.")))
    done = fields.Boolean(required=True, **_described(_l("Whether it is done.")))


class ImplementationUpdate(Schema):
    id = _int(_l("Identifier of the update."))
    ideaId = _int(_l("The idea it reports on."))
    postedAt = Instant(required=True, **_described(_l("When it was posted.")))
    progress = _int(_l("Percentage done, 0 to 100; null when the update does not say."), nullable=True,
                    validate=validate.Range(0, 100))
    body = _text(_l("The update, in Markdown."))
    bodyHtml = _text(_l("The update as safe HTML."))
    author = _text(_l("Who posted it, as the website names them."))
    milestones = fields.List(fields.Nested(Milestone), required=True, **_described(_l("The milestones as they stood then.")))


# --- co-writing: draft texts, their versions and amendments (decision 0017) ----------------


class DocumentLinks(ResourceLinks):
    amendments = fields.Nested(Link, required=True, **_described(_l("The amendments to this text.")))
    currentVersion = fields.Nested(Link, required=True, **_described(_l("The newest version of the text.")))
    consultation = fields.Nested(Link, required=True, **_described(_l("Its consultation.")))


class Document(Schema):
    id = _int(_l("Identifier of the draft text."))
    consultation = _text(_l("The slug of its consultation."))
    phaseId = _int(_l("The phase the text is written for; null when that phase was removed."), nullable=True)
    title = _text(_l("Title."))
    summary = _text(_l("A short summary; may be empty."))
    currentVersion = _int(_l("The number of the newest published version."))
    createdAt = Instant(required=True, **_described(_l("When the text was put up.")))
    links = fields.Nested(DocumentLinks, required=True)


class VersionSummary(Schema):
    number = _int(_l("The number of the version: 1 for the first."))
    summary = _text(_l("What changed and why, in the owner's words; may be empty."))
    publishedAt = Instant(required=True, **_described(_l("When it was published.")))
    links = fields.Nested(ResourceLinks, required=True)


class DocumentWithVersions(Document):
    versions = fields.List(fields.Nested(VersionSummary), required=True, **_described(_l("Its published versions, oldest first.")))


class AmendmentDecision(Schema):
    decidedAt = Instant(required=True, **_described(_l("When it was decided.")))
    reason = _text(_l("The public reason the owner gave."))
    adoptedText = _text(_l("For a partly accepted amendment: the text that was adopted."), nullable=True)
    publishedInVersion = _int(_l("The version that first published the change; null until then."), nullable=True)


class AmendmentLinks(ResourceLinks):
    document = fields.Nested(Link, required=True, **_described(_l("The draft text it amends.")))


class Amendment(Schema):
    id = _int(_l("Identifier of the amendment."))
    documentId = _int(_l("The draft text it amends."))
    paragraphAnchor = _text(_l("The anchor of the paragraph it amends, stable across versions (alinea-<key>)."))
    kind = _one_of(AmendmentKind, _l("Replace the paragraph, delete it, or insert a new one after it."))
    baseVersion = _int(_l("The version the author read."))
    originalText = _text(_l("The paragraph as the author read it."))
    proposedText = _text(_l("The text proposed; empty for a deletion."))
    explanation = _text(_l("Why the author proposes it."))
    author = fields.Nested(Person, required=True, allow_none=True, **_described(_l("Who proposed it; null for a deleted account.")))
    createdAt = Instant(required=True, **_described(_l("When it was proposed.")))
    supportCount = _int(_l("Number of people who support it."))
    commentCount = _int(_l("Number of reactions shown."))
    status = _one_of(AmendmentStatus, _l("Open, or what the owner decided."))
    decision = fields.Nested(AmendmentDecision, required=True, allow_none=True, **_described(_l("The decision; null while it is open.")))
    links = fields.Nested(AmendmentLinks, required=True)


class AmendmentCredit(Schema):
    id = _int(_l("Identifier of the amendment."))
    author = fields.Nested(Person, required=True, allow_none=True, **_described(_l("Who proposed it; null for a deleted account.")))
    status = _one_of(AmendmentStatus, _l("Open, or what the owner decided."))
    reason = _text(_l("The public reason the owner gave."))
    links = fields.Nested(ResourceLinks, required=True)


class CommentCredit(Schema):
    author = fields.Nested(Person, required=True, allow_none=True, **_described(_l("Who wrote it; null for a deleted account.")))
    body = _text(_l("The reaction."))
    createdAt = Instant(required=True, **_described(_l("When it was posted.")))


class VersionParagraph(Schema):
    anchor = _text(_l("The paragraph's anchor, stable across versions (alinea-<key>)."))
    kind = _one_of(ParagraphKind, _l("A heading or a paragraph of text."))
    number = _text(_l("Its number in this version: 2 for a section, 2.3 for a paragraph."))
    text = _text(_l("The text, in Markdown."))
    html = _text(_l("The text as safe HTML."))
    change = _one_of(ParagraphChange, _l("Whether this version kept, changed or added it."))
    changedInVersion = _int(_l("The version that last changed its text."))
    participantCount = _int(_l("How many people's input led to that change."))
    previousText = _text(_l("For a changed paragraph: its text in the version before; null otherwise."), nullable=True)
    amendments = fields.List(fields.Nested(AmendmentCredit), required=True, **_described(_l("For a paragraph this version changed: the amendments that led to it.")))
    comments = fields.List(fields.Nested(CommentCredit), required=True, **_described(_l("For a paragraph this version changed: the reactions that led to it.")))


class RemovedParagraph(Schema):
    anchor = _text(_l("The anchor it had."))
    number = _text(_l("Its number in the version before."))
    text = _text(_l("Its text in the version before."))


class VersionLinks(ResourceLinks):
    document = fields.Nested(Link, required=True, **_described(_l("The draft text.")))


class DocumentVersion(Schema):
    documentId = _int(_l("The draft text."))
    number = _int(_l("The number of the version: 1 for the first."))
    summary = _text(_l("What changed and why, in the owner's words; may be empty."))
    publishedAt = Instant(required=True, **_described(_l("When it was published.")))
    isCurrent = fields.Boolean(required=True, **_described(_l("Whether it is the newest version.")))
    paragraphs = fields.List(fields.Nested(VersionParagraph), required=True, **_described(_l("Every paragraph, in order.")))
    removedParagraphs = fields.List(fields.Nested(RemovedParagraph), required=True, **_described(_l("The paragraphs of the version before that this one removed.")))
    links = fields.Nested(VersionLinks, required=True)


class InvalidParam(Schema):
    name = _text(_l("The query parameter or header."))
    code = _text(_l("What kind of problem: invalid, unknown, tooLarge, required or mismatch."))
    reason = _text(_l("What was wrong, in words."))


class Problem(Schema):
    """RFC 9457 problem details."""

    type = fields.String(required=True, **_described(_l("A URI that names the kind of problem; about:blank for a plain HTTP status.")))
    title = _text(_l("A short summary of the kind of problem."))
    status = _int(_l("The HTTP status code."))
    detail = _text(_l("What went wrong with this request."))
    instance = fields.String(**_described(_l("The request's path.")))
    invalidParams = fields.List(fields.Nested(InvalidParam), **_described(_l("For a bad request: each parameter that was wrong.")))


def collection(name: str, item: type[Schema]) -> type[Schema]:
    """A page of a list: the items under `name`, and links to this page and its neighbours."""
    return Schema.from_dict(
        {
            name: fields.List(fields.Nested(item), required=True),
            "links": fields.Nested(CollectionLinks, required=True),
        },
        name=f"{item.__name__}Page",
    )


def listing(name: str, item: type[Schema]) -> type[Schema]:
    """A short list that needs no pages (a consultation's house rules, outcomes, updates)."""
    return Schema.from_dict(
        {name: fields.List(fields.Nested(item), required=True)}, name=f"{item.__name__}List"
    )


def dump(schema: type[Schema], data) -> dict:
    return schema().dump(data)

