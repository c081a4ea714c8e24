from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from cocreatie import db, policies
from cocreatie.clock import utcnow
from cocreatie.consultations import queries as consultation_queries
from cocreatie.errors import DomainError
from cocreatie.extensions import current_user_key, limiter
from cocreatie.ideas import bp, queries, services
from cocreatie.ideas.forms import CommentForm, IdeaForm
from cocreatie.models import Idea
from cocreatie.pagination import page_number


def _idea_or_404(idea_id: int) -> Idea:
    idea = queries.get_idea(idea_id)
    if idea is None or not policies.can_view_consultation(current_user, idea.consultation):
        abort(404)
    return idea


def _viewer_id() -> int | None:
    return current_user.id if current_user.is_authenticated else None


@bp.route("/consultaties/<slug>/ideeen/nieuw", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per hour", methods=["POST"], key_func=current_user_key)
def new(slug: str):
    consultation = consultation_queries.get_by_slug(slug)
    if consultation is None or not policies.can_view_consultation(current_user, consultation):
        abort(404)
    if not policies.can_submit_idea(current_user, consultation):
        abort(403)
    form = IdeaForm()
    if form.validate_on_submit():
        idea = services.submit_idea(current_user, consultation, form.title.data, form.body.data, utcnow())
        db.session.commit()
        flash(_("Thank you! Your idea has been published."), "success")
        return redirect(url_for("ideas.show", idea_id=idea.id))
    return render_template("ideas/form.html", form=form, consultation=consultation, idea=None)


@bp.route("/ideeen/<int:idea_id>/bewerken", methods=["GET", "POST"])
@login_required
def edit(idea_id: int):
    idea = _idea_or_404(idea_id)
    if not policies.can_edit_idea(current_user, idea):
        abort(403)
    form = IdeaForm(obj=idea)
    if form.validate_on_submit():
        services.edit_idea(current_user, idea, form.title.data, form.body.data, utcnow())
        db.session.commit()
        flash(_("Your changes have been saved."), "success")
        return redirect(url_for("ideas.show", idea_id=idea.id))
    return render_template("ideas/form.html", form=form, consultation=idea.consultation, idea=idea)


def _render_idea(idea: Idea, comment_form: CommentForm | None = None, status: int = 200):
    now = utcnow()
    viewer_id = _viewer_id()
    threads = queries.comment_threads(
        idea.id, page_number(request.args.get("page")), current_app.config["COMMENTS_PER_PAGE"]
    )
    return (
        render_template(
            "ideas/show.html",
            idea=idea,
            consultation=idea.consultation,
            threads=threads,
            supported=idea.id in queries.supported_by(viewer_id, [idea.id]),
            budget_left=queries.budget_left(viewer_id, idea.consultation),
            comment_form=comment_form or CommentForm(formdata=None),
            reply_form=CommentForm(formdata=None),
            now=now,
        ),
        status,
    )


@bp.route("/ideeen/<int:idea_id>")
def show(idea_id: int):
    return _render_idea(_idea_or_404(idea_id))


def _back_to_idea(idea: Idea):
    target = request.form.get("next")
    if target and target.startswith("/consultaties/") and "//" not in target:
        return redirect(target)
    return redirect(url_for("ideas.show", idea_id=idea.id))


@bp.route("/ideeen/<int:idea_id>/steunen", methods=["POST"])
@login_required
@limiter.limit("120 per minute", key_func=current_user_key)
def support(idea_id: int):
    idea = _idea_or_404(idea_id)
    if not policies.can_support_idea(current_user, idea):
        abort(403)
    try:
        services.support_idea(current_user, idea, utcnow())
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return _back_to_idea(idea)
    db.session.commit()
    flash(_("You support this idea."), "success")
    return _back_to_idea(idea)


@bp.route("/ideeen/<int:idea_id>/steun-intrekken", methods=["POST"])
@login_required
@limiter.limit("120 per minute", key_func=current_user_key)
def withdraw(idea_id: int):
    idea = _idea_or_404(idea_id)
    if not policies.can_support_idea(current_user, idea):
        abort(403)
    services.withdraw_support(current_user, idea)
    db.session.commit()
    flash(_("You no longer support this idea."), "success")
    return _back_to_idea(idea)


@bp.route("/ideeen/<int:idea_id>/reacties", methods=["POST"])
@login_required
@limiter.limit("30 per 10 minutes", key_func=current_user_key)
def comment(idea_id: int):
    idea = _idea_or_404(idea_id)
    if not policies.can_comment_on_idea(current_user, idea):
        abort(403)
    form = CommentForm()
    parent = None
    if form.parent_id.data:
        parent = queries.get_comment(int(form.parent_id.data)) if form.parent_id.data.isdigit() else None
        if parent is None or parent.idea_id != idea.id:
            abort(404)
    if not form.validate_on_submit():
        return _render_idea(idea, comment_form=form, status=422)
    try:
        created = services.post_comment(current_user, idea, form.body.data, utcnow(), parent=parent)
    except DomainError as error:
        db.session.rollback()
        form.body.errors.append(error.message)
        return _render_idea(idea, comment_form=form, status=409)
    db.session.commit()
    flash(_("Your reaction has been placed."), "success")
    return redirect(url_for("ideas.show", idea_id=idea.id, page=request.args.get("page"), _anchor=f"reactie-{created.id}"))


@bp.route("/reacties/<int:comment_id>/verwijderen", methods=["POST"])
@login_required
def delete_comment(comment_id: int):
    comment = queries.get_comment(comment_id)
    if comment is None:
        abort(404)
    idea = _idea_or_404(comment.idea_id)
    if not policies.can_delete_comment(current_user, comment):
        abort(403)
    services.delete_comment(current_user, comment, utcnow())
    db.session.commit()
    flash(_("Your reaction has been removed."), "success")
    return redirect(url_for("ideas.show", idea_id=idea.id, _anchor=f"reactie-{comment.id}"))
