"""The read API (/api/v1) and its reference page (/api).

Every operation is a GET declared with `@operation`, which registers its route and what
the OpenAPI document says about it (parameters, answers), reads and checks its query
parameters (400 problem otherwise), and answers 304 to a client whose ETag is current
before any other query. An API request is always anonymous: the session cookie is not
read and nothing is written to it (`SessionsOutsideTheApi`), and every permission is
asked of the same policies as the pages, for a visitor (`VISITOR`).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import format_datetime as http_date
from email.utils import parsedate_to_datetime

from flask import Blueprint, Response, abort, current_app, g, render_template, request, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import AnonymousUserMixin

from cocreatie import pagecache, policies
from cocreatie.api import parameters as p
from cocreatie.api import problems, queries, schemas
from cocreatie.api import reference as reference_content
from cocreatie.api.document import API_VERSION, PREFIX, Operation, id_param, slug_param
from cocreatie.api.document import document as openapi_document
from cocreatie.api.paging import CursorPage, fingerprint
from cocreatie.clock import utcnow
from cocreatie.cowriting import queries as cowriting_queries
from cocreatie.errorpages import answer_errors_with
from cocreatie.extensions import limiter
from cocreatie.feedback import queries as feedback_queries
from cocreatie.models import Amendment, Comment, Consultation, Document, Idea, ModerationAction, Outcome
from cocreatie.moderation import queries as moderation_queries
from cocreatie.timezones import last_local_day, local_day

bp = Blueprint("api", __name__)
VISITOR = None  # what the policies are asked for: nobody signed in
OPERATIONS: list[Operation] = []


def is_api_request() -> bool:
    return request.path.startswith(PREFIX + "/")


# --- wiring: no session, problems for errors, headers on every answer ----------------------


class SessionsOutsideTheApi(SecureCookieSessionInterface):
    """The API never runs through the signed-in session: for its requests the cookie is
    not read (an empty session stands in) and nothing is saved or sent back."""

    def open_session(self, app, request):
        if request.path.startswith(PREFIX + "/"):
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app, session, response):
        if is_api_request():
            return None
        return super().save_session(app, session, response)


@bp.record_once
def _wire(state) -> None:
    app = state.app
    app.session_interface = SessionsOutsideTheApi()
    answer_errors_with(app, lambda status, error: problems.for_error(status, error) if is_api_request() else None)


@bp.before_app_request
def _anonymous_in_the_api():
    """Registered before the other features' request hooks (see create_app), so that none
    of them loads a signed-in person for an API request."""
    if is_api_request():
        g._login_user = AnonymousUserMixin()
        g.locale_from_request_headers = True  # Accept-Language: nl (default) or en


@bp.after_app_request
def _api_headers(response: Response) -> Response:
    if not is_api_request():
        return response
    response.headers["API-Version"] = API_VERSION
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = "API-Version, ETag, Last-Modified, Link"
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Accept, Accept-Language, If-None-Match, If-Modified-Since"
        response.headers["Access-Control-Max-Age"] = "86400"
    response.vary.add("Accept-Language")
    response.headers["Cache-Control"] = "public, no-cache" if response.status_code in (200, 304) else "no-store"
    return response


# One budget per address for the whole API and its reference page, not one per operation.
limiter.shared_limit(lambda: current_app.config["API_RATE_LIMIT"], scope="api")(bp)


# --- conditional requests ----------------------------------------------------------------------


FIRST_SEEN = "cocreatie.api.versions_first_seen"
_FIRST_SEEN_LOCK = threading.Lock()


def _version_and_time() -> tuple[int, datetime | None]:
    """The content version, and the moment this worker first saw it, if that moment lies
    in an earlier second than now (else None: no Last-Modified yet).

    The content version has no time of its own, so each worker notes when it first read
    each version, just after reading it, so not before it was committed. HTTP dates have
    whole seconds: a Last-Modified is only given once its second has passed, so a change
    in that same second can never hide behind it (for If-Modified-Since)."""
    before = utcnow()
    version = pagecache.current_version()
    seen = current_app.extensions.setdefault(FIRST_SEEN, {})
    with _FIRST_SEEN_LOCK:
        first = seen.setdefault(version, utcnow())
        for old in sorted(seen)[:-16]:  # only the newest versions matter
            del seen[old]
    if first.replace(microsecond=0) >= before.replace(microsecond=0):
        return version, None
    return version, first


def _etag(version: int) -> str:
    """Changes whenever anything public changed (the content version), when the local day
    changes (phases open and close by the day), and differs per address and language."""
    key = current_app.secret_key
    key = key.encode() if isinstance(key, str) else key
    seen = f"{version}|{local_day(utcnow())}|{request.full_path}|{get_locale()}|{API_VERSION}"
    return 'W/"' + hmac.new(key, seen.encode(), hashlib.sha256).hexdigest()[:32] + '"'


def _tags(header: str) -> list[str]:
    """The entity tags of If-None-Match, compared weakly (RFC 9110 13.1.2): W/ dropped.
    Anything that is not a tag simply matches nothing."""
    return [t.strip().removeprefix("W/") for t in header.split(",") if t.strip()]


def _not_modified(etag: str, changed_at: datetime | None) -> bool:
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        return etag.removeprefix("W/") in _tags(if_none_match)
    since = request.headers.get("If-Modified-Since")
    if since is None or changed_at is None:
        return False
    try:
        moment = parsedate_to_datetime(since)
    except (TypeError, ValueError, IndexError):
        return False  # not an HTTP date: ignored (RFC 9110 13.1.3)
    if moment is None or moment.tzinfo is None:
        return False
    return _last_modified(changed_at) <= moment.replace(tzinfo=None) - moment.utcoffset()


def _last_modified(changed_at: datetime) -> datetime:
    """HTTP dates have whole seconds: the second in which the last change was made."""
    return changed_at.replace(microsecond=0)


def _json(data: dict, status: int = 200) -> Response:
    return Response(json.dumps(data, ensure_ascii=False, separators=(",", ":")), status=status, mimetype="application/json")


def operation(rule: str, *, tag, summary, description, response: type, params: tuple[p.Param, ...] = (),
              path_params: dict | None = None, paged: bool = False) -> Callable:
    """Declare a GET operation: its route, and what the OpenAPI document says about it."""

    def register(view: Callable) -> Callable:
        declared = Operation(rule, f"api.{view.__name__}", tag, summary, description, response, params,
                             path_params or {}, paged)
        OPERATIONS.append(declared)

        @functools.wraps(view)
        def answer(**kwargs):
            try:
                arguments = p.read(params)
            except p.BadParameters as error:
                return problems.problem(400, _bad_request_detail(error.problems), error.problems)
            version, changed_at = _version_and_time()
            etag = _etag(version)
            if request.headers.get("If-None-Match", "").strip() != "*" and _not_modified(etag, changed_at):
                return Response(status=304, headers={"ETag": etag})
            try:
                data, links = view(arguments, **kwargs)
            except p.BadParameters as error:
                return problems.problem(400, _bad_request_detail(error.problems), error.problems)
            if request.headers.get("If-None-Match", "").strip() == "*":
                return Response(status=304, headers={"ETag": etag})  # a current representation exists
            result = _json(schemas.dump(response, data))
            result.headers["ETag"] = etag
            if changed_at is not None:
                result.headers["Last-Modified"] = http_date(_last_modified(changed_at).replace(tzinfo=UTC), usegmt=True)
            if links:
                result.headers["Link"] = ", ".join(f'<{href}>; rel="{rel}"' for rel, href in links.items())
            return result

        bp.add_url_rule(rule, view.__name__, answer, methods=["GET"])
        return answer

    return register


def _bad_request_detail(found: list[dict]) -> str:
    names = ", ".join(dict.fromkeys(problem["name"] for problem in found))
    return _("Check these parameters: %(names)s.", names=names)


# --- representations -------------------------------------------------------------------------------


def _href(endpoint: str, **values) -> dict:
    return {"href": url_for(endpoint, _external=True, **values)}


def _person(user) -> dict | None:
    return {"name": user.display_name} if user is not None else None


def _hidden(action: ModerationAction | None, item) -> dict | None:
    if not item.is_hidden or policies.can_view_hidden_content(VISITOR, item):
        return None
    return {
        "houseRule": action.rule_title if action else "",
        "reason": action.reason if action else "",
        "hiddenAt": item.hidden_at,
    }


def _responder(response) -> str:
    if response.actor is None:
        return current_app.config["ORGANISATION_NAME"]
    if response.responder_role:
        return f"{response.actor.display_name}, {response.responder_role}"
    return response.actor.display_name


def _phase(phase, now: datetime) -> dict:
    return {
        "id": phase.id, "kind": str(phase.kind), "title": phase.title, "description": phase.description,
        "startsOn": local_day(phase.starts_at), "endsOn": last_local_day(phase.ends_at),
        "isActive": phase.is_active(now), "allowsIdeas": phase.allows_ideas,
        "allowsComments": phase.allows_comments, "allowsSupports": phase.allows_supports,
    }


def _consultation(c: Consultation, now: datetime) -> dict:
    return {
        "slug": c.slug, "title": c.title, "question": c.question, "summary": c.summary,
        "body": c.body, "bodyHtml": c.body_html, "state": str(c.state(now)),
        "opensOn": local_day(c.opens_at) if c.opens_at else None,
        "closesOn": last_local_day(c.closes_at) if c.closes_at else None,
        "publishedAt": c.published_at, "supportBudget": c.support_budget, "responseDays": c.response_days,
        "ideaCount": c.idea_count, "phases": [_phase(phase, now) for phase in c.phases],
        "links": {
            "self": _href("api.consultation", slug=c.slug),
            "webPage": _href("consultations.show", slug=c.slug),
            "ideas": _href("api.ideas", consultation=c.slug),
            "houseRules": _href("api.house_rules", slug=c.slug),
            "moderationLog": _href("api.moderation_log", slug=c.slug),
            "outcomes": _href("api.outcomes", slug=c.slug),
        },
    }


def _idea(idea: Idea, response, hide: ModerationAction | None) -> dict:
    hidden = _hidden(hide, idea)
    return {
        "id": idea.id, "consultation": idea.consultation.slug, "phaseId": idea.phase_id,
        "title": None if hidden else idea.title,
        "body": None if hidden else idea.body,
        "bodyHtml": None if hidden else idea.body_html,
        "author": _person(idea.author), "createdAt": idea.created_at, "editedAt": idea.updated_at,
        "changedAt": idea.changed_at or idea.created_at,
        "supportCount": idea.support_count, "commentCount": idea.comment_count, "status": str(idea.status),
        "respondedAt": idea.responded_at, "responseDueOn": last_local_day(idea.response_due_at),
        "response": None if response is None else {
            "status": str(response.to_status), "previousStatus": str(response.from_status),
            "body": response.body, "bodyHtml": response.body_html, "responder": _responder(response),
            "givenAt": response.created_at, "outcomeId": response.outcome_id,
        },
        "hidden": hidden,
        "mergedIntoId": idea.merged_into_id,
        "links": {
            "self": _href("api.idea", ideaId=idea.id),
            "webPage": _href("ideas.show", idea_id=idea.id),
            "comments": _href("api.comments", idea=idea.id),
            "implementationUpdates": _href("api.implementation_updates", ideaId=idea.id),
            "consultation": _href("api.consultation", slug=idea.consultation.slug),
        },
    }


def _comment(comment: Comment, hide: ModerationAction | None) -> dict:
    hidden = _hidden(hide, comment)
    return {
        "id": comment.id, "ideaId": comment.idea_id, "parentId": comment.parent_id, "rootId": comment.root_id,
        "author": _person(comment.author), "createdAt": comment.created_at,
        "body": None if hidden or comment.is_deleted else comment.body,
        "removed": comment.is_deleted, "hidden": hidden, "changedAt": comment.changed_at or comment.created_at,
        "links": {
            "self": _href("api.comment", commentId=comment.id),
            "webPage": _href("ideas.show", idea_id=comment.idea_id, _anchor=f"reactie-{comment.id}"),
        },
    }


def _idea_title(idea: Idea) -> str | None:
    """As the public pages name an idea elsewhere: its title, unless it is hidden."""
    if idea.is_hidden and not policies.can_view_hidden_content(VISITOR, idea):
        return None
    return idea.title


def _decision(action: ModerationAction) -> dict:
    idea = action.comment.idea if action.comment_id is not None else action.idea
    return {
        "id": action.id, "decision": str(action.kind), "decidedAt": action.created_at,
        # A reaction on a draft text (co-writing) has no idea.
        "ideaId": idea.id if idea else None, "ideaTitle": _idea_title(idea) if idea else None,
        "commentId": action.comment_id,
        "mergedIntoId": action.target_idea_id, "houseRule": action.rule_title, "reason": action.reason,
    }


def _outcome(outcome: Outcome) -> dict:
    slug = outcome.consultation.slug
    return {
        "id": outcome.id, "consultation": slug, "phaseId": outcome.phase_id, "title": outcome.title,
        "body": outcome.body, "bodyHtml": outcome.body_html, "publishedAt": outcome.published_at,
        "decisionCount": outcome.decision_count,
        "links": {
            "self": _href("api.outcome", outcomeId=outcome.id),
            "webPage": _href("feedback.outcome", slug=slug, outcome_id=outcome.id),
            "decisions": _href("api.outcome_decisions", outcomeId=outcome.id),
            "consultation": _href("api.consultation", slug=slug),
        },
    }


def _update(update) -> dict:
    return {
        "id": update.id, "ideaId": update.idea_id, "postedAt": update.created_at, "progress": update.progress,
        "body": update.body, "bodyHtml": update.body_html,
        "author": update.author.display_name if update.author else current_app.config["ORGANISATION_NAME"],
        "milestones": [{"title": m.title, "plannedOn": m.planned_on, "done": m.done} for m in update.milestones],
    }


def _document(d: Document) -> dict:
    return {
        "id": d.id, "consultation": d.consultation.slug, "phaseId": d.phase_id, "title": d.title,
        "summary": d.summary, "currentVersion": d.version_number, "createdAt": d.created_at,
        "links": {
            "self": _href("api.document", documentId=d.id),
            "webPage": _href("cowriting.document", document_id=d.id),
            "amendments": _href("api.amendments", document=d.id),
            "currentVersion": _href("api.document_version", documentId=d.id, number=d.version_number),
            "consultation": _href("api.consultation", slug=d.consultation.slug),
        },
    }


def _amendment(a: Amendment) -> dict:
    return {
        "id": a.id, "documentId": a.document_id, "paragraphAnchor": a.paragraph.anchor, "kind": str(a.kind),
        "baseVersion": a.base_version, "originalText": a.base_text, "proposedText": a.proposed_text,
        "explanation": a.explanation, "author": _person(a.author), "createdAt": a.created_at,
        "supportCount": a.support_count, "commentCount": a.comment_count, "status": str(a.status),
        "decision": None if a.is_open else {
            "decidedAt": a.decided_at, "reason": a.decision_reason, "adoptedText": a.adopted_text,
            "publishedInVersion": a.version.number if a.version is not None else None,
        },
        "links": {
            "self": _href("api.amendment", amendmentId=a.id),
            "webPage": _href("cowriting.amendment", amendment_id=a.id),
            "document": _href("api.document", documentId=a.document_id),
        },
    }


def _page_links(found: CursorPage, endpoint: str, **path) -> tuple[dict, dict]:
    """The links of a page (for the body and the Link header)."""
    arguments = {k: v for k, v in request.args.items()}
    body = {"self": {"href": url_for(endpoint, _external=True, **path, **arguments)}}
    header = {}
    for rel, cursor in (("next", found.next_cursor), ("previous", found.previous_cursor)):
        if cursor is not None:
            href = url_for(endpoint, _external=True, **path, **{**arguments, "cursor": cursor})
            body[rel] = {"href": href}
            header["prev" if rel == "previous" else rel] = href
    return body, header


def _bound_to(**path) -> str:
    return fingerprint(request.path, {k: v for k, v in request.args.items()} | {f"path:{k}": str(v) for k, v in path.items()})


# --- lookups (404 for what a visitor may not see) -------------------------------------------------------


def _consultation_or_404(slug: str) -> Consultation:
    consultation = queries.public_consultation(slug)
    if consultation is None or not policies.can_view_consultation(VISITOR, consultation):
        abort(404)
    return consultation


def _idea_or_404(idea_id: int) -> Idea:
    idea = queries.idea(idea_id)
    if idea is None or not policies.can_view_idea(VISITOR, idea):
        abort(404)
    return idea


def _document_or_404(document_id: int) -> Document:
    document = cowriting_queries.document(document_id)
    if document is None or not policies.can_view_document(VISITOR, document):
        abort(404)
    return document

def _consultation_filter(slug: str | None) -> Consultation | None:
    if slug is None:
        return None
    consultation = queries.public_consultation(slug)
    if consultation is None or not policies.can_view_consultation(VISITOR, consultation):
        raise p.BadParameters([{"name": "consultation", "code": "unknown",
                                "reason": _("There is no public consultation with this slug.")}])
    return consultation


# --- operations -------------------------------------------------------------------------------------------

CONSULTATIONS, IDEAS, COMMENTS, MODERATION, OUTCOMES = (
    _l("Consultations"), _l("Ideas"), _l("Reactions"), _l("Moderation"), _l("Outcomes"),
)
SLUG = {"slug": slug_param(_l("The slug of the consultation, as in the address of its page."))}
IDEA_ID = {"ideaId": id_param(_l("Identifier of the idea."))}


@operation(f"{PREFIX}/consultations", tag=CONSULTATIONS, summary=_l("List consultations"),
           description=_l("Published, public consultations, newest first, with their phases."),
           response=schemas.collection("consultations", schemas.Consultation), params=(p.STATE, *p.PAGED), paged=True)
def consultations(args):
    now = utcnow()
    found = queries.consultations(args["state"], now, args["pageSize"], args["cursor"], _bound_to())
    body, header = _page_links(found, "api.consultations")
    shown = [c for c in found.items if policies.can_view_consultation(VISITOR, c)]
    return {"consultations": [_consultation(c, now) for c in shown], "links": body}, header


@operation(f"{PREFIX}/consultations/<slug>", tag=CONSULTATIONS, summary=_l("Get a consultation"),
           description=_l("One consultation with its phases."), response=schemas.Consultation, path_params=SLUG)
def consultation(args, slug: str):
    return _consultation(_consultation_or_404(slug), utcnow()), None


@operation(f"{PREFIX}/consultations/<slug>/house-rules", tag=MODERATION, summary=_l("List the house rules"),
           description=_l("The house rules of a consultation, in their order."),
           response=schemas.listing("houseRules", schemas.HouseRule),
           path_params=SLUG)
def house_rules(args, slug: str):
    consultation = _consultation_or_404(slug)
    if not policies.can_view_house_rules(VISITOR, consultation):
        abort(404)
    rules = moderation_queries.house_rules(consultation)
    return {"houseRules": [
        {"id": r.id, "position": r.position, "title": r.title, "explanation": r.explanation} for r in rules
    ]}, None


@operation(f"{PREFIX}/consultations/<slug>/moderation-log", tag=MODERATION, summary=_l("Read the moderation log"),
           description=_l("Every moderation decision in a consultation, newest first: what was decided, under "
                          "which house rule and why. Reporters are never part of it."),
           response=schemas.collection("decisions", schemas.ModerationDecision), params=p.PAGED, path_params=SLUG,
           paged=True)
def moderation_log(args, slug: str):
    consultation = _consultation_or_404(slug)
    if not policies.can_view_moderation_log(VISITOR, consultation):
        abort(404)
    found = queries.moderation_log(consultation, args["pageSize"], args["cursor"], _bound_to(slug=slug))
    body, header = _page_links(found, "api.moderation_log", slug=slug)
    return {"decisions": [_decision(a) for a in found.items], "links": body}, header


@operation(f"{PREFIX}/consultations/<slug>/outcomes", tag=OUTCOMES, summary=_l("List outcomes"),
           description=_l("The published outcomes of a consultation, newest first: what was done with the input."),
           response=schemas.listing("outcomes", schemas.Outcome),
           path_params=SLUG)
def outcomes(args, slug: str):
    consultation = _consultation_or_404(slug)
    shown = [o for o in queries.published_outcomes(consultation) if policies.can_view_outcome(VISITOR, o)]
    return {"outcomes": [_outcome(o) for o in shown]}, None


@operation(f"{PREFIX}/outcomes/<int:outcomeId>", tag=OUTCOMES, summary=_l("Get an outcome"),
           description=_l("A published outcome, with how many ideas got each decision."),
           response=schemas.OutcomeWithTally, path_params={"outcomeId": id_param(_l("Identifier of the outcome."))})
def outcome(args, outcomeId: int):  # noqa: N803 (the path parameter's public name)
    found = queries.outcome(outcomeId)
    if found is None or not policies.can_view_outcome(VISITOR, found):
        abort(404)
    tally = feedback_queries.decision_tally(found)
    return _outcome(found) | {"tally": [{"decision": str(d), "count": n} for d, n in tally]}, None


@operation(f"{PREFIX}/outcomes/<int:outcomeId>/decisions", tag=OUTCOMES, summary=_l("List the decisions of an outcome"),
           description=_l("What the outcome decided about each idea, and why, by idea."),
           response=schemas.collection("decisions", schemas.OutcomeDecision), params=p.PAGED,
           path_params={"outcomeId": id_param(_l("Identifier of the outcome."))}, paged=True)
def outcome_decisions(args, outcomeId: int):  # noqa: N803
    found = queries.outcome(outcomeId)
    if found is None or not policies.can_view_outcome(VISITOR, found):
        abort(404)
    page = queries.decisions(found, args["pageSize"], args["cursor"], _bound_to(outcomeId=outcomeId))
    body, header = _page_links(page, "api.outcome_decisions", outcomeId=outcomeId)
    return {"decisions": [
        {"ideaId": d.idea_id, "ideaTitle": _idea_title(d.idea), "supportCount": d.idea.support_count,
         "decision": str(d.decision), "rationale": d.rationale, "rationaleHtml": d.rationale_html}
        for d in page.items
    ], "links": body}, header


@operation(f"{PREFIX}/ideas", tag=IDEAS, summary=_l("List ideas"),
           description=_l("Ideas as the consultation pages list them (not hidden, not merged), with their "
                          "counts, official status and current response. With changedSince, hidden and "
                          "merged ideas that changed come too, as their pages show them, so that a copy "
                          "kept up to date learns of them."),
           response=schemas.collection("ideas", schemas.Idea),
           params=(p.CONSULTATION, p.STATUS, p.PHASE, p.CHANGED_SINCE, p.IDEA_SORT, *p.PAGED), paged=True)
def ideas(args):
    consultation = _consultation_filter(args["consultation"])
    if args["sort"] in p.COUNTED_SORTS and consultation is None:
        raise p.BadParameters([{"name": "sort", "code": "invalid",
                                "reason": _("This order needs a consultation: add consultation=<slug>.")}])
    if args["phase"] is not None and not queries.public_phase_exists(args["phase"]):
        raise p.BadParameters([{"name": "phase", "code": "unknown",
                                "reason": _("There is no phase with this identifier in a public consultation.")}])
    found = queries.ideas(
        consultation=consultation, status=args["status"], phase=args["phase"],
        changed_since=args["changedSince"], sort=args["sort"],
        size=args["pageSize"], cursor=args["cursor"], bound_to=_bound_to(),
    )
    shown = [i for i in found.items if policies.can_view_idea(VISITOR, i)]
    responses = queries.current_responses([i.id for i in shown if i.responded_at is not None])
    hides = queries.hides_in_force(idea_ids=[i.id for i in shown if i.is_hidden])  # only with changedSince
    body, header = _page_links(found, "api.ideas")
    return {"ideas": [_idea(i, responses.get(i.id), hides.get(("idea", i.id))) for i in shown], "links": body}, header


@operation(f"{PREFIX}/ideas/<int:ideaId>", tag=IDEAS, summary=_l("Get an idea"),
           description=_l("One idea. A hidden idea shows as its page does: without its text, with the house "
                          "rule and the reason."),
           response=schemas.Idea, path_params=IDEA_ID)
def idea(args, ideaId: int):  # noqa: N803
    found = _idea_or_404(ideaId)
    response = feedback_queries.idea_feedback(found).current
    hides = queries.hides_in_force(idea_ids=[found.id]) if found.is_hidden else {}
    return _idea(found, response, hides.get(("idea", found.id))), None


@operation(f"{PREFIX}/ideas/<int:ideaId>/implementation-updates", tag=OUTCOMES,
           summary=_l("List the progress updates of an idea"),
           description=_l("How the implementation of an adopted idea progresses, newest first."),
           response=schemas.listing("implementationUpdates", schemas.ImplementationUpdate),
           path_params=IDEA_ID)
def implementation_updates(args, ideaId: int):  # noqa: N803
    found = _idea_or_404(ideaId)
    return {"implementationUpdates": [_update(u) for u in feedback_queries.idea_feedback(found).updates]}, None


@operation(f"{PREFIX}/comments", tag=COMMENTS, summary=_l("List reactions"),
           description=_l("Reactions, oldest first. Each names the reaction it replies to (parentId) and the "
                          "first of its thread (rootId). Removed and hidden reactions show as on the idea page; "
                          "the reactions to a hidden idea are hidden with it."),
           response=schemas.collection("comments", schemas.Comment),
           params=(p.IDEA, p.CONSULTATION, p.CHANGED_SINCE, *p.PAGED), paged=True)
def comments(args):
    consultation = _consultation_filter(args["consultation"])
    if args["idea"] is not None:
        idea = queries.idea(args["idea"])
        if idea is None or not policies.can_view_idea(VISITOR, idea):
            raise p.BadParameters([{"name": "idea", "code": "unknown",
                                    "reason": _("There is no public idea with this identifier.")}])
    found = queries.comments(idea_id=args["idea"], consultation=consultation, changed_since=args["changedSince"],
                             size=args["pageSize"],
                             cursor=args["cursor"], bound_to=_bound_to())
    shown = [c for c in found.items if policies.can_view_idea_comments(VISITOR, c.idea)]
    hides = queries.hides_in_force(comment_ids=[c.id for c in shown if c.is_hidden])
    body, header = _page_links(found, "api.comments")
    return {"comments": [_comment(c, hides.get(("comment", c.id))) for c in shown], "links": body}, header


@operation(f"{PREFIX}/comments/<int:commentId>", tag=COMMENTS, summary=_l("Get a reaction"),
           description=_l("One reaction."), response=schemas.Comment,
           path_params={"commentId": id_param(_l("Identifier of the reaction."))})
def comment(args, commentId: int):  # noqa: N803
    found = queries.comment(commentId)
    if found is None or not policies.can_view_idea_comments(VISITOR, found.idea):
        abort(404)
    hides = queries.hides_in_force(comment_ids=[found.id]) if found.is_hidden else {}
    return _comment(found, hides.get(("comment", found.id))), None


DOCUMENTS = _l("Co-writing")
DOCUMENT_ID = {"documentId": id_param(_l("Identifier of the draft text."))}
AMENDMENT_ID = {"amendmentId": id_param(_l("Identifier of the amendment."))}


@operation(f"{PREFIX}/documents", tag=DOCUMENTS, summary=_l("List draft texts"),
           description=_l("The draft texts that participants write along on, oldest first."),
           response=schemas.collection("documents", schemas.Document), params=(p.CONSULTATION, *p.PAGED), paged=True)
def documents(args):
    consultation = _consultation_filter(args["consultation"])
    found = queries.documents(consultation, args["pageSize"], args["cursor"], _bound_to())
    body, header = _page_links(found, "api.documents")
    shown = [d for d in found.items if policies.can_view_document(VISITOR, d)]
    return {"documents": [_document(d) for d in shown], "links": body}, header


@operation(f"{PREFIX}/documents/<int:documentId>", tag=DOCUMENTS, summary=_l("Get a draft text"),
           description=_l("One draft text, with its published versions."),
           response=schemas.DocumentWithVersions, path_params=DOCUMENT_ID)
def document(args, documentId: int):  # noqa: N803
    found = _document_or_404(documentId)
    versions = cowriting_queries.versions(found.id)
    return _document(found) | {"versions": [
        {"number": v.number, "summary": v.summary, "publishedAt": v.published_at, "links": {
            "self": _href("api.document_version", documentId=found.id, number=v.number),
            "webPage": _href("cowriting.version", document_id=found.id, number=v.number),
        }} for v in versions
    ]}, None


@operation(f"{PREFIX}/documents/<int:documentId>/versions/<int:number>", tag=DOCUMENTS,
           summary=_l("Get a version of a draft text"),
           description=_l("Every paragraph of one version, with its anchor and number; for each paragraph this "
                          "version changed, its text before and the amendments and reactions that led to the change."),
           response=schemas.DocumentVersion,
           path_params={**DOCUMENT_ID, "number": id_param(_l("The number of the version."))})
def document_version(args, documentId: int, number: int):  # noqa: N803
    found = _document_or_404(documentId)
    versions = cowriting_queries.versions(found.id)
    version = cowriting_queries.version_of(versions, number)
    if version is None:
        abort(404)
    previous = cowriting_queries.version_of(versions, number - 1)
    rows = cowriting_queries.version_text(version.id)
    changed = cowriting_queries.changes_in(version, previous, rows)
    by_paragraph = {c.row.paragraph_id: c for c in changed.changes}

    def paragraph(row) -> dict:
        change = by_paragraph.get(row.paragraph_id)
        return {
            "anchor": row.paragraph.anchor, "kind": str(row.paragraph.kind), "number": row.number,
            "text": row.text, "html": row.html, "change": str(row.change), "changedInVersion": row.changed_in,
            "participantCount": row.participant_count,
            "previousText": change.before if change is not None else None,
            "amendments": [
                {"id": a.id, "author": _person(a.author), "status": str(a.status), "reason": a.decision_reason,
                 "links": {"self": _href("api.amendment", amendmentId=a.id),
                           "webPage": _href("cowriting.amendment", amendment_id=a.id)}}
                for a in (change.amendments if change else [])
            ],
            "comments": [
                {"author": _person(c.author), "body": c.body, "createdAt": c.created_at}
                for c in (change.comments if change else [])
            ],
        }

    return {
        "documentId": found.id, "number": version.number, "summary": version.summary,
        "publishedAt": version.published_at, "isCurrent": version.number == found.version_number,
        "paragraphs": [paragraph(r) for r in rows],
        "removedParagraphs": [{"anchor": r.paragraph.anchor, "number": r.number, "text": r.text} for r in changed.removed],
        "links": {
            "self": _href("api.document_version", documentId=found.id, number=version.number),
            "webPage": _href("cowriting.version", document_id=found.id, number=version.number),
            "document": _href("api.document", documentId=found.id),
        },
    }, None


@operation(f"{PREFIX}/amendments", tag=DOCUMENTS, summary=_l("List amendments"),
           description=_l("Proposed changes to draft texts, oldest first, with their decisions."),
           response=schemas.collection("amendments", schemas.Amendment),
           params=(p.DOCUMENT, p.AMENDMENT_STATUS, *p.PAGED), paged=True)
def amendments(args):
    document = None
    if args["document"] is not None:
        document = cowriting_queries.document(args["document"])
        if document is None or not policies.can_view_document(VISITOR, document):
            raise p.BadParameters([{"name": "document", "code": "unknown",
                                    "reason": _("There is no public draft text with this identifier.")}])
    found = queries.amendments(document=document, status=args["status"], size=args["pageSize"],
                               cursor=args["cursor"], bound_to=_bound_to())
    shown = [a for a in found.items if policies.can_view_document(VISITOR, a.document)]
    body, header = _page_links(found, "api.amendments")
    return {"amendments": [_amendment(a) for a in shown], "links": body}, header


@operation(f"{PREFIX}/amendments/<int:amendmentId>", tag=DOCUMENTS, summary=_l("Get an amendment"),
           description=_l("One amendment: the text it was written against, the text proposed, why, its support, "
                          "and the decision with its public reason."),
           response=schemas.Amendment, path_params=AMENDMENT_ID)
def amendment(args, amendmentId: int):  # noqa: N803
    found = cowriting_queries.amendment(amendmentId)
    if found is None or not policies.can_view_document(VISITOR, found.document):
        abort(404)
    return _amendment(found), None

# --- the document and its reference page -------------------------------------------------------------------


@bp.get(f"{PREFIX}/openapi.json")
def openapi():
    response = _json(openapi_document(OPERATIONS))
    response.headers["Content-Type"] = "application/json"
    return response


@bp.get("/api")
def reference():
    spec = openapi_document(OPERATIONS)
    example = url_for("api.ideas", _external=True, pageSize=2)
    return render_template(
        "api/reference.html", info=spec["info"], server=spec["servers"][0]["url"], version=API_VERSION,
        sections=reference_content.sections(spec), schemas=reference_content.schemas(spec),
        document_url=url_for("api.openapi", _external=True), example=example,
        page_size=p.DEFAULT_PAGE_SIZE, max_page_size=p.MAX_PAGE_SIZE,
    )
