from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from cocreatie import db, policies
from cocreatie.badges import badges_for
from cocreatie.clock import utcnow
from cocreatie.converters import parse_int
from cocreatie.cowriting import drafting, queries, services
from cocreatie.cowriting.forms import AmendmentForm, DecisionForm, DocumentForm, VersionForm
from cocreatie.extensions import current_user_key, limiter
from cocreatie.ideas import queries as idea_queries
from cocreatie.ideas.forms import CommentForm
from cocreatie.labels import PHASE_KIND_LABELS
from cocreatie.models import AmendmentKind, AmendmentStatus, Comment, Document, ParagraphKind
from cocreatie.moderation import queries as moderation_queries
from cocreatie.pagination import page_number
from cocreatie.web import act_or_show_errors, attempt, consultation_or_abort, reads_first, retry_when_busy

bp = Blueprint("cowriting", __name__)


def _viewer_id() -> int | None:
    return current_user.id if current_user.is_authenticated else None


def _document_or_abort(document_id: int, allowed: Callable[..., bool] = policies.can_view_document) -> Document:
    """404 for a text whose consultation one may not see, 403 for what one may not do."""
    document = queries.document(document_id)
    if document is None or not policies.can_view_document(current_user, document):
        abort(404)
    if not allowed(current_user, document):
        abort(403)
    return document


def _amendment_or_abort(amendment_id: int, allowed: Callable[..., bool] | None = None):
    amendment = queries.amendment(amendment_id)
    if amendment is None or not policies.can_view_document(current_user, amendment.document):
        abort(404)
    if allowed is not None and not allowed(current_user, amendment):
        abort(403)
    return amendment


@dataclass(frozen=True)
class CommentPlace:
    """Where the shared reaction macros (ideas/_comments.html) post replies and removals
    when the reactions are about a paragraph or an amendment instead of an idea."""

    reply_url: str
    back: str
    can_reply: bool
    delete_endpoint: str = "cowriting.delete_comment"


def _people(threads) -> list:
    people, pending = [], list(threads)
    while pending:
        thread = pending.pop()
        people.append(thread.comment.author)
        pending.extend(thread.replies)
    return people


# --- reading: the text, its versions and what changed ---------------------------------------


def _render_version(document: Document, number: int):
    versions = queries.versions(document.id)
    version = queries.version_of(versions, number)
    if version is None:
        abort(404)
    rows = queries.version_text(version.id)
    return render_template(
        "cowriting/document.html", document=document, consultation=document.consultation, version=version,
        versions=versions, rows=rows, is_current=number == document.version_number, now=utcnow(),
    )


@bp.route("/teksten/<int:document_id>")
def document(document_id: int):
    document = _document_or_abort(document_id)
    return _render_version(document, document.version_number)


@bp.route("/teksten/<int:document_id>/versies/<int:number>")
def version(document_id: int, number: int):
    return _render_version(_document_or_abort(document_id), number)


@bp.route("/teksten/<int:document_id>/versies/<int:number>/wat-er-veranderde")
def changes(document_id: int, number: int):
    document = _document_or_abort(document_id)
    versions = queries.versions(document.id)
    version = queries.version_of(versions, number)
    if version is None:
        abort(404)
    previous = queries.version_of(versions, number - 1)
    rows = queries.version_text(version.id)
    changed = queries.changes_in(version, previous, rows)
    return render_template(
        "cowriting/changes.html", document=document, consultation=document.consultation, version=version,
        previous=previous, changed=changed, diff=drafting.word_diff,
    )


COMPARE_VIEWS = ("side_by_side", "inline")


@bp.route("/teksten/<int:document_id>/vergelijken")
def compare(document_id: int):
    document = _document_or_abort(document_id)
    versions = queries.versions(document.id)
    latest = document.version_number
    old_number = parse_int(request.args.get("van"), minimum=1) or max(latest - 1, 1)
    new_number = parse_int(request.args.get("met"), minimum=1) or latest
    view = request.args.get("weergave") if request.args.get("weergave") in COMPARE_VIEWS else "side_by_side"
    old, new = queries.version_of(versions, old_number), queries.version_of(versions, new_number)
    if old is None or new is None:
        abort(404)
    old_rows, new_rows = queries.version_text(old.id), queries.version_text(new.id)
    old_by_id = {r.paragraph_id: r for r in old_rows}
    new_ids = {r.paragraph_id for r in new_rows}
    # In the newer version's order, with the paragraphs it no longer has where they stood.
    pairs = []
    for r in new_rows:
        pairs.append((old_by_id.get(r.paragraph_id), r))
    for r in old_rows:
        if r.paragraph_id not in new_ids:
            pairs.append((r, None))
    pairs.sort(key=lambda pair: (pair[1] or pair[0]).position + (0.5 if pair[1] is None else 0))
    return render_template(
        "cowriting/compare.html", document=document, consultation=document.consultation, versions=versions,
        old=old, new=new, pairs=pairs, view=view, diff=drafting.word_diff,
    )


# --- paragraphs: comments and proposing amendments -------------------------------------------


def _paragraph_or_abort(document: Document, key: int):
    paragraph = queries.paragraph(document.id, key)
    if paragraph is None or paragraph.kind != ParagraphKind.TEXT:
        abort(404)
    return paragraph


def _render_paragraph(document: Document, paragraph, comment_form: CommentForm | None = None, status: int = 200):
    current = queries.paragraph_in(_current_version_id(document), paragraph.id)
    per_page = current_app.config["COMMENTS_PER_PAGE"]
    page = page_number(request.args.get("page"))
    threads = idea_queries.comment_threads(paragraph.id, page, per_page, on=Comment.paragraph_id)
    amendments = queries.amendments_on(paragraph.id)
    place = CommentPlace(
        reply_url=url_for("cowriting.comment_paragraph", document_id=document.id, key=paragraph.key, page=threads.number),
        back=url_for("cowriting.paragraph", document_id=document.id, key=paragraph.key),
        can_reply=policies.can_comment_on_paragraph(current_user, document),
    )
    return render_template(
        "cowriting/paragraph.html", document=document, consultation=document.consultation, paragraph=paragraph,
        current=current, threads=threads, amendments=amendments, place=place,
        supported=queries.supported(_viewer_id(), [a.id for a in amendments]),
        hides=moderation_queries.comment_hides(threads.items),
        badges=badges_for(_people(threads.items) + [a.author for a in amendments], document.consultation_id),
        comment_form=comment_form or CommentForm(formdata=None), reply_form=CommentForm(formdata=None),
        diff=drafting.word_diff,
    ), status


def _current_version_id(document: Document) -> int:
    versions = queries.versions(document.id)
    return queries.version_of(versions, document.version_number).id


@bp.route("/teksten/<int:document_id>/alineas/<int:key>")
def paragraph(document_id: int, key: int):
    document = _document_or_abort(document_id)
    return _render_paragraph(document, _paragraph_or_abort(document, key))


def _parent_comment(form: CommentForm, matches: Callable[[Comment], bool]) -> Comment | None:
    if not form.parent_id.data:
        return None
    parent_id = parse_int(form.parent_id.data)
    parent = idea_queries.get_comment(parent_id) if parent_id is not None else None
    if parent is None or not matches(parent):
        abort(404)
    return parent


@bp.route("/teksten/<int:document_id>/alineas/<int:key>/reacties", methods=["POST"])
@retry_when_busy
@login_required
@limiter.limit("30 per 10 minutes", key_func=current_user_key)
def comment_paragraph(document_id: int, key: int):
    document = _document_or_abort(document_id, policies.can_comment_on_paragraph)
    paragraph = _paragraph_or_abort(document, key)
    form = CommentForm()
    parent = _parent_comment(form, lambda c: c.paragraph_id == paragraph.id)
    if not form.validate_on_submit():
        return _render_paragraph(document, paragraph, comment_form=form, status=422)
    placed = attempt(lambda: services.comment(current_user, paragraph, form.body.data, utcnow(), parent=parent))
    if placed.error is not None:
        form.body.errors.append(placed.error.message)
        return _render_paragraph(document, paragraph, comment_form=form, status=409)
    flash(_("Your comment has been posted."), "success")
    return redirect(url_for("cowriting.paragraph", document_id=document.id, key=paragraph.key,
                            page=request.args.get("page"), _anchor=f"reactie-{placed.value.id}"))


def _render_proposal(document: Document, paragraph, form: AmendmentForm, changed=None, status: int = 200):
    current = queries.paragraph_in(_current_version_id(document), paragraph.id)
    return render_template(
        "cowriting/propose.html", document=document, consultation=document.consultation, paragraph=paragraph,
        current=current, form=form, changed=changed,
    ), status


@bp.route("/teksten/<int:document_id>/alineas/<int:key>/wijzigingsvoorstel", methods=["GET", "POST"])
@retry_when_busy
@login_required
@limiter.limit("20 per hour", methods=["POST"], key_func=current_user_key)
def propose(document_id: int, key: int):
    document = _document_or_abort(document_id, policies.can_propose_amendment)
    paragraph = _paragraph_or_abort(document, key)
    form = AmendmentForm()
    if request.method == "GET":
        current = queries.paragraph_in(_current_version_id(document), paragraph.id)
        if current is None:
            abort(404)
        form.proposed_text.data = current.text
        form.base_version.data = str(document.version_number)
    if form.validate_on_submit():
        seen = parse_int(form.base_version.data, minimum=1) or document.version_number
        done = attempt(lambda: services.propose_amendment(
            current_user, paragraph, AmendmentKind(form.kind.data), form.proposed_text.data or "",
            form.explanation.data, seen, utcnow(),
        ))
        if done.error is None:
            flash(_("Thank you! Your amendment has been published. Others can now support it."), "success")
            return redirect(url_for("cowriting.amendment", amendment_id=done.value.id))
        error = done.error
        changed = None
        if isinstance(error, services.ParagraphChanged):
            changed = error.current_text
            form.base_version.data = str(error.version)  # sending it again means: I have seen it
        getattr(form, error.field or "proposed_text").errors.append(error.message)
        return _render_proposal(document, paragraph, form, changed=changed, status=409)
    return _render_proposal(document, paragraph, form, status=422 if request.method == "POST" else 200)


# --- amendments: the diff, support, discussion, decision --------------------------------------


def _render_amendment(amendment, comment_form: CommentForm | None = None, decision_form: DecisionForm | None = None,
                      status: int = 200):
    document = amendment.document
    versions = queries.versions(document.id)
    current_version = queries.version_of(versions, document.version_number)
    current = queries.paragraph_in(current_version.id, amendment.paragraph_id)
    current_text = current.text if current is not None else None
    per_page = current_app.config["COMMENTS_PER_PAGE"]
    threads = idea_queries.comment_threads(
        amendment.id, page_number(request.args.get("page")), per_page, on=Comment.amendment_id
    )
    place = CommentPlace(
        reply_url=url_for("cowriting.comment_amendment", amendment_id=amendment.id, page=threads.number),
        back=url_for("cowriting.amendment", amendment_id=amendment.id),
        can_reply=policies.can_comment_on_amendment(current_user, amendment),
    )
    if decision_form is None:
        decision_form = DecisionForm(formdata=None)
        decision_form.adopted_text.data = amendment.proposed_text or amendment.base_text
    return render_template(
        "cowriting/amendment.html", amendment=amendment, document=document, consultation=document.consultation,
        current_text=current_text, outdated=amendment.is_open and queries.is_outdated(amendment, current_text),
        supported=amendment.id in queries.supported(_viewer_id(), [amendment.id]),
        threads=threads, place=place, comment_form=comment_form or CommentForm(formdata=None),
        hides=moderation_queries.comment_hides(threads.items),
        reply_form=CommentForm(formdata=None), decision_form=decision_form,
        badges=badges_for(_people(threads.items) + [amendment.author], document.consultation_id),
        diff=drafting.word_diff,
    ), status


@bp.route("/wijzigingsvoorstellen/<int:amendment_id>")
def amendment(amendment_id: int):
    return _render_amendment(_amendment_or_abort(amendment_id))


def _support_changed(amendment, message: str):
    flash(message, "success")
    return redirect(url_for("cowriting.amendment", amendment_id=amendment.id))


@bp.route("/wijzigingsvoorstellen/<int:amendment_id>/steunen", methods=["POST"])
@retry_when_busy
@reads_first
@login_required
@limiter.limit("120 per minute", key_func=current_user_key)
def support(amendment_id: int):
    user = current_user._get_current_object()
    amendment = _amendment_or_abort(amendment_id, policies.can_support_amendment)
    db.write_from_here()
    error = attempt(lambda: services.support_amendment(user, amendment, utcnow())).error
    if error is not None:
        flash(error.message, "error")
        return redirect(url_for("cowriting.amendment", amendment_id=amendment.id))
    return _support_changed(amendment, _("You support this amendment."))


@bp.route("/wijzigingsvoorstellen/<int:amendment_id>/steun-intrekken", methods=["POST"])
@retry_when_busy
@reads_first
@login_required
@limiter.limit("120 per minute", key_func=current_user_key)
def withdraw(amendment_id: int):
    user = current_user._get_current_object()
    amendment = _amendment_or_abort(amendment_id, policies.can_support_amendment)
    db.write_from_here()
    error = attempt(lambda: services.withdraw_support(user, amendment)).error
    if error is not None:
        flash(error.message, "error")
        return redirect(url_for("cowriting.amendment", amendment_id=amendment.id))
    return _support_changed(amendment, _("You no longer support this amendment."))


@bp.route("/wijzigingsvoorstellen/<int:amendment_id>/reacties", methods=["POST"])
@retry_when_busy
@login_required
@limiter.limit("30 per 10 minutes", key_func=current_user_key)
def comment_amendment(amendment_id: int):
    amendment = _amendment_or_abort(amendment_id, policies.can_comment_on_amendment)
    form = CommentForm()
    parent = _parent_comment(form, lambda c: c.amendment_id == amendment.id)
    if not form.validate_on_submit():
        return _render_amendment(amendment, comment_form=form, status=422)
    placed = attempt(lambda: services.comment(current_user, amendment, form.body.data, utcnow(), parent=parent))
    if placed.error is not None:
        form.body.errors.append(placed.error.message)
        return _render_amendment(amendment, comment_form=form, status=409)
    flash(_("Your comment has been posted."), "success")
    return redirect(url_for("cowriting.amendment", amendment_id=amendment.id, page=request.args.get("page"),
                            _anchor=f"reactie-{placed.value.id}"))


@bp.route("/wijzigingsvoorstellen/<int:amendment_id>/besluit", methods=["POST"])
@retry_when_busy
@login_required
def decide(amendment_id: int):
    amendment = _amendment_or_abort(amendment_id, policies.can_decide_amendment)
    form = DecisionForm()
    if form.validate_on_submit() and act_or_show_errors(form, lambda: services.decide_amendment(
        current_user, amendment, AmendmentStatus(form.status.data), form.reason.data, form.adopted_text.data,
        utcnow(),
    )):
        flash(_("Your decision has been published. The author and the supporters have been told."), "success")
        return redirect(url_for("cowriting.amendment", amendment_id=amendment.id))
    return _render_amendment(amendment, decision_form=form, status=422)


# --- comments: where one is, and taking one back ----------------------------------------------


@bp.route("/tekstreacties/<int:comment_id>")
def comment_link(comment_id: int):
    """The page a comment on a draft text is on (for notifications and moderation)."""
    comment = idea_queries.get_comment(comment_id)
    if comment is None or comment.idea_id is not None:
        abort(404)
    if comment.paragraph_id is not None:
        paragraph = comment.paragraph
        _document_or_abort(paragraph.document_id)
        return redirect(url_for("cowriting.paragraph", document_id=paragraph.document_id, key=paragraph.key,
                                _anchor=f"reactie-{comment.id}"))
    _amendment_or_abort(comment.amendment_id)
    return redirect(url_for("cowriting.amendment", amendment_id=comment.amendment_id, _anchor=f"reactie-{comment.id}"))


@bp.route("/tekstreacties/<int:comment_id>/verwijderen", methods=["POST"])
@login_required
def delete_comment(comment_id: int):
    comment = idea_queries.get_comment(comment_id)
    if comment is None or comment.idea_id is not None:
        abort(404)
    document = _document_or_abort((comment.paragraph or comment.amendment).document_id)
    if not policies.can_delete_comment(current_user, comment):
        abort(403)
    services.remove_comment(current_user, comment, utcnow())
    flash(_("Your comment has been removed."), "success")
    if comment.paragraph_id is not None:
        return redirect(url_for("cowriting.paragraph", document_id=document.id, key=comment.paragraph.key,
                                _anchor=f"reactie-{comment.id}"))
    return redirect(url_for("cowriting.amendment", amendment_id=comment.amendment_id, _anchor=f"reactie-{comment.id}"))


# --- the owner: adding a text, the view per paragraph, the worklist, new versions -------------


@bp.route("/beheer/consultaties/<slug>/teksten/nieuw", methods=["GET", "POST"])
@login_required
def add_document(slug: str):
    consultation = consultation_or_abort(slug, policies.can_add_document)
    form = DocumentForm()
    phases = [p for p in consultation.phases if p.allows_cowriting]
    form.phase.choices = [SelectChoice(p.id, p.title or str(PHASE_KIND_LABELS[p.kind])) for p in phases]
    if form.validate_on_submit():
        phase = next((p for p in phases if p.id == form.phase.data), None)
        done = attempt(lambda: services.add_document(
            current_user, consultation, phase, form.title.data, form.summary.data or "", form.body.data, utcnow()
        ))
        if done.error is None:
            flash(_("The draft text has been published as version 1."), "success")
            return redirect(url_for("cowriting.document", document_id=done.value.id))
        getattr(form, done.error.field or "body").errors.append(done.error.message)
    return render_template(
        "cowriting/add_document.html", form=form, consultation=consultation, phases=phases,
    ), 422 if request.method == "POST" else 200


@bp.route("/beheer/teksten/<int:document_id>")
@login_required
def manage(document_id: int):
    document = _document_or_abort(document_id, lambda user, d: policies.can_manage_documents(user, d.consultation))
    sort = request.args.get("sorteer") if request.args.get("sorteer") in queries.PARAGRAPH_SORTS else "order"
    overview = queries.paragraph_overview(_current_version_id(document), document.id, sort)
    return render_template(
        "cowriting/manage.html", document=document, consultation=document.consultation, overview=overview,
        sort=sort, sorts=queries.PARAGRAPH_SORTS,
    )


@bp.route("/beheer/consultaties/<slug>/wijzigingsvoorstellen")
@login_required
def worklist(slug: str):
    consultation = consultation_or_abort(slug, policies.can_manage_documents)
    sort = request.args.get("sorteer") if request.args.get("sorteer") in queries.WORKLIST_SORTS else "oldest"
    listing = queries.open_amendments(
        consultation.id, sort, page_number(request.args.get("page")), current_app.config.get("IDEAS_PER_PAGE", 20)
    )
    return render_template(
        "cowriting/worklist.html", consultation=consultation, listing=listing, sort=sort,
        sorts=queries.WORKLIST_SORTS, documents=queries.documents_of(consultation.id),
    )


@bp.route("/beheer/teksten/<int:document_id>/nieuwe-versie", methods=["GET", "POST"])
@retry_when_busy
@login_required
def publish(document_id: int):
    document = _document_or_abort(document_id, policies.can_publish_document_version)
    form = VersionForm()
    if form.validate_on_submit() and act_or_show_errors(
        form, lambda: services.publish_version(current_user, document, form.summary.data, utcnow())
    ):
        flash(_("Version %(n)d has been published.", n=document.version_number), "success")
        return redirect(url_for("cowriting.changes", document_id=document.id, number=document.version_number))
    current = {r.paragraph_id: r for r in queries.version_text(_current_version_id(document))}
    working = queries.working_text(document.id)
    pending = [(current.get(p.id), p) for p in working if p.id not in current or current[p.id].text != p.text]
    working_ids = {p.id for p in working}
    removed = [r for r in current.values() if r.paragraph_id not in working_ids]
    return render_template(
        "cowriting/publish.html", document=document, consultation=document.consultation, form=form,
        pending=pending, removed=removed, diff=drafting.word_diff,
    ), 422 if request.method == "POST" else 200
