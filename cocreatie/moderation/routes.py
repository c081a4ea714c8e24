from collections.abc import Callable

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from wtforms import SelectChoice

from cocreatie import lookups, policies
from cocreatie.badges import badges_for
from cocreatie.clock import utcnow
from cocreatie.extensions import current_user_key, limiter
from cocreatie.models import (
    Appeal,
    Comment,
    Consultation,
    HouseRule,
    Idea,
    ModerationAction,
)
from cocreatie.moderation import queries, services
from cocreatie.moderation.forms import (
    AppealDecisionForm,
    AppealForm,
    BulkForm,
    HideForm,
    HouseRuleForm,
    MergeForm,
    ReportForm,
    RestoreForm,
    rule_choices,
)
from cocreatie.pagination import page_number
from cocreatie.web import act_or_show_errors, attempt, consultation_or_abort, idea_or_abort, safe_next

bp = Blueprint("moderation", __name__)

Item = Idea | Comment
VIEWS = ("reports", "appeals", "ideas", "comments")


# --- fetching -------------------------------------------------------------------------


def _comment(comment_id: int, allowed: Callable[..., bool]) -> Comment:
    comment = queries.get_comment(comment_id)
    if comment is None or not policies.can_view_consultation(current_user, comment.consultation):
        abort(404)
    if not allowed(current_user, comment):
        abort(403)
    return comment


def _rule(consultation: Consultation, rule_id: int) -> HouseRule:
    rule = queries.get_house_rule(consultation, rule_id)
    if rule is None:
        abort(404)
    return rule


def _status() -> int:
    return 422 if request.method == "POST" else 200


def _item_page(item: Item) -> str:
    if isinstance(item, Idea):
        return url_for("ideas.show", idea_id=item.id)
    if item.idea_id is None:  # on a draft text (co-writing): its page finds the place
        return url_for("cowriting.comment_link", comment_id=item.id)
    return url_for("ideas.show", idea_id=item.idea_id, _anchor=f"reactie-{item.id}")


def _consultation_of(item: Item) -> Consultation:
    return item.consultation


# --- public: house rules and the moderation log -----------------------------------------


@bp.route("/consultaties/<slug>/huisregels")
def house_rules(slug: str):
    consultation = consultation_or_abort(slug, policies.can_view_house_rules)
    return render_template(
        "moderation/house_rules.html", consultation=consultation, rules=queries.house_rules(consultation)
    )


@bp.route("/consultaties/<slug>/moderatielog")
def log(slug: str):
    consultation = consultation_or_abort(slug, policies.can_view_moderation_log)
    number = page_number(request.args.get("page"))
    entries = queries.public_log(consultation.id, number, current_app.config["IDEAS_PER_PAGE"])
    return render_template("moderation/log.html", consultation=consultation, entries=entries)


# --- reporting ------------------------------------------------------------------------------


def _report(item: Item):
    consultation = _consultation_of(item)
    rules = queries.house_rules(consultation)
    form = ReportForm()
    form.rule.choices = rule_choices(rules, explained=True)
    already = queries.has_open_report(current_user.id, item)
    if already and request.method == "POST":
        flash(_("You have already reported this. Thank you: a procesmanager will look at it."), "success")
        return redirect(_item_page(item))
    if form.validate_on_submit():
        rule = next(r for r in rules if r.id == form.rule.data)
        reported = attempt(lambda: services.report(current_user, item, rule, form.note.data or "", utcnow()))
        if reported.error is not None:
            form.rule.errors.append(reported.error.message)
        else:
            if reported.value:
                flash(_("Thank you for your report. A procesmanager will look at it."), "success")
            else:  # a report sent at the same moment from another tab
                flash(_("You have already reported this. Thank you: a procesmanager will look at it."), "success")
            return redirect(_item_page(item))
    return render_template(
        "moderation/report.html", form=form, item=item, consultation=consultation, rules=rules, already=already
    ), _status()


@bp.route("/ideeen/<int:idea_id>/melden", methods=["GET", "POST"])
@login_required
@limiter.limit("20 per hour", methods=["POST"], key_func=current_user_key)
def report_idea(idea_id: int):
    return _report(idea_or_abort(idea_id, policies.can_report))


@bp.route("/reacties/<int:comment_id>/melden", methods=["GET", "POST"])
@login_required
@limiter.limit("20 per hour", methods=["POST"], key_func=current_user_key)
def report_comment(comment_id: int):
    return _report(_comment(comment_id, policies.can_report))


# --- appeals ------------------------------------------------------------------------------


def _action(action_id: int, allowed: Callable[..., bool]) -> ModerationAction:
    action = queries.get_action(action_id)
    if action is None or not policies.can_view_consultation(current_user, action.consultation):
        abort(404)
    if not allowed(current_user, action):
        abort(403)
    return action


@bp.route("/moderatie/besluiten/<int:action_id>/herbeoordeling", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per hour", methods=["POST"], key_func=current_user_key)
def appeal(action_id: int):
    action = _action(action_id, policies.can_appeal)
    form = AppealForm()
    if form.validate_on_submit() and act_or_show_errors(
        form, lambda: services.appeal_decision(current_user, action, form.body.data, utcnow())
    ):
        flash(_("Your request for review has been sent. You will hear the decision."), "success")
        return redirect(_item_page(action.subject))
    return render_template("moderation/appeal.html", form=form, action=action, item=action.subject,
                           consultation=action.consultation), _status()


def _appeal(appeal_id: int) -> Appeal:
    found = queries.get_appeal(appeal_id)
    if found is None or not (
        policies.can_view_consultation(current_user, found.action.consultation)
        or policies.can_moderate_consultation(current_user, found.action.consultation)
    ):
        abort(404)
    if not policies.can_moderate_consultation(current_user, found.action.consultation):
        abort(403)
    return found


@bp.route("/beheer/herbeoordelingen/<int:appeal_id>", methods=["GET", "POST"])
@login_required
def decide_appeal(appeal_id: int):
    found = _appeal(appeal_id)
    consultation = found.action.consultation
    if not policies.can_decide_appeal(current_user, found):
        flash(_("This request for review has already been decided."), "success")
        return redirect(url_for("moderation.queue", slug=consultation.slug, view="appeals"))
    form = AppealDecisionForm()
    if form.validate_on_submit() and act_or_show_errors(
        form,
        lambda: services.decide_appeal(
            current_user, found, form.decision.data == "restore", form.reason.data, utcnow()
        ),
    ):
        flash(_("Your decision has been published and the author has been told."), "success")
        return redirect(url_for("moderation.queue", slug=consultation.slug, view="appeals"))
    return render_template("moderation/decide_appeal.html", form=form, appeal=found, action=found.action,
                           item=found.action.subject, consultation=consultation,
                           badges=badges_for([found.action.subject.author, found.author], consultation.id)), _status()


# --- hiding, restoring, merging -----------------------------------------------------------


def _back(form, item: Item):
    return redirect(safe_next(form.next.data) or _item_page(item))


def _hide(item: Item):
    consultation = _consultation_of(item)
    rules = queries.house_rules(consultation)
    form = HideForm()
    form.rule.choices = rule_choices(rules)
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next")) or ""
    if form.validate_on_submit() and act_or_show_errors(
        form,
        lambda: services.hide(
            current_user, item, next((r for r in rules if r.id == form.rule.data), None), form.reason.data, utcnow()
        ),
    ):
        flash(_("It has been hidden. The author has been told why."), "success")
        return _back(form, item)
    reports = queries.open_reports_on(item)
    if request.method == "GET" and reports and form.rule.data is None:
        # The rule most reporters cited, as a starting point.
        cited = [r.rule_id for r in reports if r.rule_id in {rule.id for rule in rules}]
        if cited:
            form.rule.data = max(set(cited), key=cited.count)
    return render_template("moderation/hide.html", form=form, item=item, consultation=consultation,
                           rules=rules, reports=reports,
                           badges=badges_for([item.author, *(r.reporter for r in reports)], consultation.id)), _status()


@bp.route("/beheer/ideeen/<int:idea_id>/verbergen", methods=["GET", "POST"])
@login_required
def hide_idea(idea_id: int):
    return _hide(idea_or_abort(idea_id, policies.can_hide_content))


@bp.route("/beheer/reacties/<int:comment_id>/verbergen", methods=["GET", "POST"])
@login_required
def hide_comment(comment_id: int):
    return _hide(_comment(comment_id, policies.can_hide_content))


def _restore(item: Item):
    form = RestoreForm()
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next")) or ""
    if form.validate_on_submit() and act_or_show_errors(
        form, lambda: services.restore(current_user, item, form.reason.data, utcnow())
    ):
        flash(_("It is shown again. The author has been told."), "success")
        return _back(form, item)
    consultation = _consultation_of(item)
    return render_template("moderation/restore.html", form=form, item=item, consultation=consultation,
                           badges=badges_for([item.author], consultation.id)), _status()


@bp.route("/beheer/ideeen/<int:idea_id>/terugzetten", methods=["GET", "POST"])
@login_required
def restore_idea(idea_id: int):
    return _restore(idea_or_abort(idea_id, policies.can_restore_content))


@bp.route("/beheer/reacties/<int:comment_id>/terugzetten", methods=["GET", "POST"])
@login_required
def restore_comment(comment_id: int):
    return _restore(_comment(comment_id, policies.can_restore_content))


@bp.route("/beheer/ideeen/<int:idea_id>/samenvoegen", methods=["GET", "POST"])
@login_required
def merge(idea_id: int):
    source = idea_or_abort(idea_id, policies.can_merge_idea)
    form = MergeForm()
    search = (request.args.get("q") if request.method == "GET" else form.q.data) or source.title
    search = search.strip()[:200]
    form.q.data = search
    candidates = queries.merge_candidates(source, search)
    form.target.choices = [SelectChoice(idea.id, idea.title) for idea in candidates]
    chosen = form.target.data if isinstance(form.target.data, int) else None
    if chosen is not None and chosen not in {idea.id for idea in candidates}:
        # Chosen before the search changed: keep it on offer rather than lose it.
        kept = lookups.idea_by_id(chosen)
        if kept is not None and kept.consultation_id == source.consultation_id:
            candidates.append(kept)
            form.target.choices.append(SelectChoice(kept.id, kept.title))
    if form.validate_on_submit():
        target = next(idea for idea in candidates if idea.id == form.target.data)
        if act_or_show_errors(form, lambda: services.merge(current_user, source, target, form.reason.data, utcnow())):
            flash(_("The ideas have been merged. Both authors have been told."), "success")
            return redirect(url_for("ideas.show", idea_id=target.id))
    return render_template("moderation/merge.html", form=form, idea=source, consultation=source.consultation,
                           candidates=candidates, search=search,
                           badges=badges_for([source.author], source.consultation_id)), _status()


# --- house rules (procesmanagers) -----------------------------------------------------------


def _render_rules_editor(consultation: Consultation, form: HouseRuleForm, status: int = 200):
    return render_template(
        "moderation/edit_house_rules.html", consultation=consultation,
        rules=queries.house_rules(consultation), form=form,
    ), status


@bp.route("/beheer/consultaties/<slug>/huisregels", methods=["GET", "POST"])
@login_required
def edit_house_rules(slug: str):
    consultation = consultation_or_abort(slug, policies.can_edit_house_rules)
    form = HouseRuleForm()
    if form.validate_on_submit() and act_or_show_errors(
        form,
        lambda: services.add_house_rule(
            current_user, consultation, form.title.data, form.explanation.data or "", utcnow()
        ),
    ):
        flash(_("The house rule has been added."), "success")
        return redirect(url_for("moderation.edit_house_rules", slug=slug))
    return _render_rules_editor(consultation, form, _status())


@bp.route("/beheer/consultaties/<slug>/huisregels/<int:rule_id>", methods=["GET", "POST"])
@login_required
def edit_house_rule(slug: str, rule_id: int):
    consultation = consultation_or_abort(slug, policies.can_edit_house_rules)
    rule = _rule(consultation, rule_id)
    form = HouseRuleForm(obj=rule)
    if form.validate_on_submit() and act_or_show_errors(
        form, lambda: services.edit_house_rule(current_user, rule, form.title.data, form.explanation.data or "", utcnow())
    ):
        flash(_("The house rule has been saved."), "success")
        return redirect(url_for("moderation.edit_house_rules", slug=slug))
    return render_template("moderation/house_rule_form.html", consultation=consultation, rule=rule,
                           form=form), _status()


@bp.route("/beheer/consultaties/<slug>/huisregels/<int:rule_id>/verwijderen", methods=["GET", "POST"])
@login_required
def remove_house_rule(slug: str, rule_id: int):
    """GET: what removing the rule changes; POST: remove it."""
    consultation = consultation_or_abort(slug, policies.can_edit_house_rules)
    rule = _rule(consultation, rule_id)
    if request.method == "GET":
        return _confirm_rule_removal(consultation, rule)
    services.remove_house_rule(current_user, rule, utcnow())
    flash(_("The house rule has been removed. Decisions that cited it keep its title."), "success")
    return redirect(url_for("moderation.edit_house_rules", slug=slug))


def _confirm_rule_removal(consultation: Consultation, rule: HouseRule):
    decisions, reports = queries.citing_rule(rule)
    consequences = [
        _("Participants no longer see it where they write, and it can no longer be cited when hiding or reporting."),
        _("The rules below it move up one number."),
    ]
    if decisions:
        consequences.append(ngettext(
            "The %(num)d moderation decision that cited it keeps the rule's title in the public log.",
            "The %(num)d moderation decisions that cited it keep the rule's title in the public log.", decisions))
    if reports:
        consequences.append(ngettext(
            "The %(num)d open report that cites it stays open, with the rule's title as it read.",
            "The %(num)d open reports that cite it stay open, with the rule's title as it read.", reports))
    heading = _("Remove house rule %(n)d?", n=rule.position)
    return render_template(
        "confirm.html",
        heading=heading,
        crumbs=[(consultation.title, url_for("moderation.edit_house_rules", slug=consultation.slug)), (heading, None)],
        lead=_("“%(title)s”", title=rule.title),
        consequences=consequences,
        action=url_for("moderation.remove_house_rule", slug=consultation.slug, rule_id=rule.id),
        button=_("Yes, remove the rule"),
        cancel=url_for("moderation.edit_house_rules", slug=consultation.slug),
        danger=True,
    )


@bp.route("/beheer/consultaties/<slug>/huisregels/<int:rule_id>/verplaatsen", methods=["POST"])
@login_required
def move_house_rule(slug: str, rule_id: int):
    consultation = consultation_or_abort(slug, policies.can_edit_house_rules)
    offset = -1 if request.form.get("direction") == "up" else 1
    services.move_house_rule(current_user, _rule(consultation, rule_id), offset, utcnow())
    return redirect(url_for("moderation.edit_house_rules", slug=slug, _anchor=f"regel-{rule_id}"))


# --- the queue ------------------------------------------------------------------------------


def _queue_args() -> dict:
    """The queue's view and filters, from an allow-list."""
    view = request.values.get("view", "reports")
    kind = request.values.get("kind", "all")
    return {
        "view": view if view in VIEWS else "reports",
        "kind": kind if kind in queries.KINDS else "all",
        "reported": request.values.get("reported") == "1",
        "page": page_number(request.values.get("page")),
    }


def _queue_people(view: str, listing) -> list:
    """The authors (and reporters) the queue shows, for their role badges."""
    if view == "reports":
        return [person for entry in listing.items for person in (entry.item.author, *(r.reporter for r in entry.latest))]
    if view == "appeals":
        return [appeal.action.subject.author for appeal in listing.items]
    return [item.author for item in listing.page.items]


def _render_queue(consultation: Consultation, form: BulkForm | None = None, status: int = 200):
    args = _queue_args()
    per_page = current_app.config["IDEAS_PER_PAGE"]
    view = args["view"]
    rules = queries.house_rules(consultation)
    if form is None:
        form = BulkForm(formdata=None)
    form.rule.choices = rule_choices(rules)
    listing = None
    if view == "reports":
        listing = queries.report_groups(consultation.id, args["kind"], args["page"], per_page)
    elif view == "appeals":
        listing = queries.open_appeals(consultation.id, args["page"], per_page)
    else:
        listing = queries.contributions(consultation.id, view, args["reported"], args["page"], per_page)
    return render_template(
        "moderation/queue.html", consultation=consultation, args=args, listing=listing, form=form,
        rules=rules, counts=queries.queue_counts(consultation.id), selected=set(form.items.data or []),
        badges=badges_for(_queue_people(view, listing), consultation.id),
    ), status


@bp.route("/beheer/consultaties/<slug>/moderatie")
@login_required
def queue(slug: str):
    return _render_queue(consultation_or_abort(slug, policies.can_moderate_consultation))


@bp.route("/beheer/consultaties/<slug>/moderatie", methods=["POST"])
@login_required
def bulk(slug: str):
    consultation = consultation_or_abort(slug, policies.can_moderate_consultation)
    form = BulkForm()
    form.rule.choices = rule_choices(queries.house_rules(consultation))
    form.action.data = request.form.get("action")
    if not form.validate_on_submit():
        return _render_queue(consultation, form, 422)
    items = queries.items_by_key(consultation, form.items.data)
    now = utcnow()
    done = []
    if form.action.data == "hide":
        rule = queries.get_house_rule(consultation, form.rule.data)
        act = lambda: done.append(services.hide_many(current_user, items, rule, form.reason.data, now))
    else:
        act = lambda: done.append(services.dismiss_many(current_user, items, form.reason.data or "", now))
    if not act_or_show_errors(form, act):
        return _render_queue(consultation, form, 409)
    if form.action.data == "hide":
        flash(ngettext("%(num)d item hidden.", "%(num)d items hidden.", done[0]), "success")
    else:
        flash(ngettext("Reports on %(num)d item dismissed.", "Reports on %(num)d items dismissed.", done[0]), "success")
    args = _queue_args()
    return redirect(url_for(
        "moderation.queue", slug=slug, view=args["view"], kind=args["kind"],
        reported="1" if args["reported"] else None, page=args["page"] if args["page"] > 1 else None,
    ))


# Templates tell ideas from reactions (`item is idea`): the moderation pages, and the
# follow box of the idea and consultation pages.
bp.add_app_template_test(lambda item: isinstance(item, Idea), "idea")
