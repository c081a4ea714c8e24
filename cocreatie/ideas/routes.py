from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from cocreatie import charts, db, fragments, lookups, personal, policies
from cocreatie.badges import badges_for
from cocreatie.clock import utcnow
from cocreatie.converters import parse_int
from cocreatie.extensions import current_user_key, limiter
from cocreatie.feedback import queries as feedback_queries
from cocreatie.ideas import queries, services
from cocreatie.ideas.forms import CommentForm, IdeaForm
from cocreatie.models import Consultation, Follow, Idea
from cocreatie.moderation import queries as moderation_queries
from cocreatie.notifications import queries as notification_queries
from cocreatie.pagination import Page, page_number
from cocreatie.reach import queries as reach_queries
from cocreatie.web import attempt, consultation_or_abort, idea_or_abort, reads_first, retry_when_busy

bp = Blueprint("ideas", __name__)


def _viewer_id() -> int | None:
    return current_user.id if current_user.is_authenticated else None


def _follow_of(idea: Idea) -> Follow | None:
    """The viewer's follow of the idea, for its follow box: no query when the box is not shown."""
    if not policies.can_follow(current_user, idea):
        return None
    return notification_queries.active_follow(current_user, idea)


def _render_form(form: IdeaForm, consultation: Consultation, idea: Idea | None):
    return render_template(
        "ideas/form.html", form=form, consultation=consultation, idea=idea,
        rules=moderation_queries.house_rules(consultation),
    )


@bp.route("/consultaties/<slug>/ideeen/nieuw", methods=["GET", "POST"])
@retry_when_busy
@login_required
@limiter.limit("10 per hour", methods=["POST"], key_func=current_user_key)
def new(slug: str):
    consultation = consultation_or_abort(slug, policies.can_submit_idea)
    form = IdeaForm()
    if form.validate_on_submit():
        idea = services.submit_idea(current_user, consultation, form.title.data, form.body.data, utcnow())
        flash(_("Thank you! Your idea has been published."), "success")
        return redirect(url_for("ideas.show", idea_id=idea.id))
    return _render_form(form, consultation, None)


@bp.route("/ideeen/<int:idea_id>/bewerken", methods=["GET", "POST"])
@login_required
def edit(idea_id: int):
    idea = idea_or_abort(idea_id, policies.can_edit_idea)
    form = IdeaForm(obj=idea)
    if form.validate_on_submit():
        services.edit_idea(current_user, idea, form.title.data, form.body.data, utcnow())
        flash(_("Your changes have been saved."), "success")
        return redirect(url_for("ideas.show", idea_id=idea.id))
    return _render_form(form, idea.consultation, idea)


def _authors(idea: Idea, threads: list[queries.Thread], feedback: feedback_queries.IdeaFeedback) -> list:
    """Everyone the idea page shows as the author of something, for their role badges."""
    people = [idea.author]
    pending = list(threads)
    while pending:
        thread = pending.pop()
        people.append(thread.comment.author)
        pending.extend(thread.replies)
    return people + [r.actor for r in feedback.responses] + [u.author for u in feedback.updates]


def _render_idea(idea: Idea, comment_form: CommentForm | None = None, status: int = 200):
    now = utcnow()
    viewer_id = _viewer_id()
    per_page = current_app.config["COMMENTS_PER_PAGE"]
    if policies.can_view_idea_comments(current_user, idea):
        threads = queries.comment_threads(idea.id, page_number(request.args.get("page")), per_page)
    else:  # hidden with the idea: not even read
        threads = Page(items=[], number=1, per_page=per_page, total=0)
    feedback = feedback_queries.idea_feedback(idea)
    if idea.consultation.support_budget is not None:
        personal.not_for_participants()  # the supports one has left: no hole for that yet
    return (
        render_template(
            "ideas/show.html",
            idea=idea,
            consultation=idea.consultation,
            threads=threads,
            supported=idea.id in queries.supported_by(viewer_id, [idea.id]),
            budget_left=queries.budget_left(viewer_id, idea.consultation),
            supporters=charts.supporters_chart(queries.supporters_over_time(idea, now)),
            moderation=moderation_queries.idea_moderation(idea, threads.items),
            feedback=feedback,
            badges=badges_for(_authors(idea, threads.items, feedback), idea.consultation_id),
            follow=_follow_of(idea),
            ask_profile=reach_queries.should_ask(current_user, idea.consultation),
            comment_form=comment_form or CommentForm(formdata=None),
            reply_form=CommentForm(formdata=None),
            now=now,
        ),
        status,
    )


@bp.route("/ideeen/<int:idea_id>")
def show(idea_id: int):
    return _render_idea(idea_or_abort(idea_id))


def _listing_path() -> str | None:
    """The idea list a support button was on (its `next`), when it is one of ours."""
    target = request.form.get("next")
    if target and target.startswith("/consultaties/") and "//" not in target:
        return target
    return None


def _back_to_idea(idea: Idea):
    """Back to where the person was, without JavaScript too: the idea's card in the list
    (its support form), or the support box on the idea page."""
    listing = _listing_path()
    if listing:
        return redirect(f"{listing.split('#', 1)[0]}#steunkaart-{idea.id}")
    return redirect(url_for("ideas.show", idea_id=idea.id, _anchor=f"steunbox-{idea.id}"))


def _idea_follow_box(idea: Idea) -> str:
    """Supporting and reacting make one follow the idea (unless one stopped): the page's
    follow box changes with them."""
    return fragments.render(
        "notifications/_follow.html", "follow_box",
        idea, _follow_of(idea), url_for("notifications.follow_idea", idea_id=idea.id),
        url_for("ideas.show", idea_id=idea.id),
    )


def _support_changed(idea: Idea, supported: bool, message: str):
    """Back to the page the button was on; or, for cocreatie.js, that page's changed
    parts: the idea page's support box, or the idea card and the budget line of the list."""
    if not fragments.wanted():
        flash(message, "success")
        return _back_to_idea(idea)
    db.session.refresh(idea, ["support_count"])  # as it is now, other people's supports included
    consultation = idea.consultation
    budget_left = queries.budget_left(current_user.id, consultation)
    listing = _listing_path()
    if listing:
        changed = [fragments.render("macros/ui.html", "idea_card_support", idea, supported, listing)]
        if budget_left is not None:
            changed.append(fragments.render("ideas/_support.html", "support_budget", consultation, budget_left))
    else:
        changed = [fragments.render("ideas/_support.html", "support_box", idea, supported, budget_left)]
        if supported:
            changed.append(_idea_follow_box(idea))
    if budget_left is not None:
        message += " " + _(
            "You have %(left)d of %(total)d supports left in this consultation.",
            left=budget_left, total=consultation.support_budget,
        )
    return fragments.respond(message, changed, listing or url_for("ideas.show", idea_id=idea.id))


@bp.route("/ideeen/<int:idea_id>/steunen", methods=["POST"])
@retry_when_busy
@reads_first
@login_required
@limiter.limit("120 per minute", key_func=current_user_key)
def support(idea_id: int):
    user = current_user._get_current_object()  # asked for often below: once through the proxy
    idea = idea_or_abort(idea_id, policies.can_support_idea, load=lookups.idea_to_act_on)
    db.write_from_here()
    error = attempt(lambda: services.support_idea(user, idea, utcnow())).error
    if error is not None:
        if fragments.wanted():
            return fragments.refuse(error.message, error.status_code)
        flash(error.message, "error")
        return _back_to_idea(idea)
    return _support_changed(idea, True, _("You support this idea."))


@bp.route("/ideeen/<int:idea_id>/steun-intrekken", methods=["POST"])
@retry_when_busy
@reads_first
@login_required
@limiter.limit("120 per minute", key_func=current_user_key)
def withdraw(idea_id: int):
    user = current_user._get_current_object()
    idea = idea_or_abort(idea_id, policies.can_support_idea, load=lookups.idea_to_act_on)
    db.write_from_here()
    services.withdraw_support(user, idea)
    return _support_changed(idea, False, _("You no longer support this idea."))


@bp.route("/ideeen/<int:idea_id>/reacties", methods=["POST"])
@retry_when_busy
@login_required
@limiter.limit("30 per 10 minutes", key_func=current_user_key)
def comment(idea_id: int):
    idea = idea_or_abort(idea_id, policies.can_comment_on_idea)
    form = CommentForm()
    parent = None
    if form.parent_id.data:
        parent_id = parse_int(form.parent_id.data)
        parent = queries.get_comment(parent_id) if parent_id is not None else None
        if parent is None or parent.idea_id != idea.id:
            abort(404)
    if not form.validate_on_submit():
        if fragments.wanted():
            return fragments.refuse(" ".join(str(e) for errors in form.errors.values() for e in errors), 422)
        return _render_idea(idea, comment_form=form, status=422)
    placed = attempt(lambda: services.post_comment(current_user, idea, form.body.data, utcnow(), parent=parent))
    if (error := placed.error) is not None:
        if fragments.wanted():
            return fragments.refuse(error.message, 409)
        form.body.errors.append(error.message)
        return _render_idea(idea, comment_form=form, status=409)
    created = placed.value
    if fragments.wanted():
        return _comment_placed(idea, created)
    flash(_("Your comment has been posted."), "success")
    return redirect(url_for("ideas.show", idea_id=idea.id, page=request.args.get("page"), _anchor=f"reactie-{created.id}"))


def _comment_placed(idea: Idea, comment):
    """For cocreatie.js: the new reaction, to put at the end of its thread (or of the
    list), and the new count. Rendered as a one-item list, so it can start a list of
    replies where there was none."""
    db.session.refresh(idea, ["comment_count"])
    thread = queries.Thread(comment, [])
    depth = 1 if comment.parent_id else 0
    new_comment = fragments.render(
        "ideas/_comments.html", "comment_list",
        [thread], idea, CommentForm(formdata=None), page_number(request.args.get("page")), {}, depth,
        badges_for([comment.author], idea.consultation_id),
    )
    return fragments.respond(
        _("Your comment has been posted."),
        [fragments.render("ideas/_comments.html", "comment_count", idea), _idea_follow_box(idea)],
        url_for("ideas.show", idea_id=idea.id, page=request.args.get("page"), _anchor=f"reactie-{comment.id}"),
        comment={"id": comment.id, "parent": comment.parent_id, "html": new_comment},
    )


@bp.route("/reacties/<int:comment_id>/verwijderen", methods=["POST"])
@login_required
def delete_comment(comment_id: int):
    comment = queries.get_comment(comment_id)
    if comment is None:
        abort(404)
    idea = idea_or_abort(comment.idea_id)
    if not policies.can_delete_comment(current_user, comment):
        abort(403)
    services.delete_comment(current_user, comment, utcnow())
    flash(_("Your comment has been removed."), "success")
    return redirect(url_for("ideas.show", idea_id=idea.id, _anchor=f"reactie-{comment.id}"))
