from itertools import groupby
from operator import attrgetter

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from cocreatie import policies
from cocreatie.badges import badges_for
from cocreatie.clock import utcnow
from cocreatie.feedback import queries, services
from cocreatie.files import queries as file_queries
from cocreatie.feedback.forms import (
    DecisionForm,
    ImplementationUpdateForm,
    OutcomeForm,
    ResponseDaysForm,
    ResponseForm,
    status_choices,
)
from cocreatie.labels import PHASE_KIND_LABELS
from cocreatie.models import Consultation, IdeaStatus, Outcome
from cocreatie.models.ideas import STATUS_MOVES
from cocreatie.converters import parse_int
from cocreatie.pagination import page_number
from cocreatie.web import act_or_show_errors, attempt, consultation_or_abort, idea_or_abort

bp = Blueprint("feedback", __name__)

# --- fetching -----------------------------------------------------------------------


def _outcome(consultation: Consultation, outcome_id: int) -> Outcome:
    outcome = queries.get_outcome(consultation, outcome_id)
    if outcome is None:
        abort(404)
    return outcome


def _per_page() -> int:
    return current_app.config["IDEAS_PER_PAGE"]


# --- response deadline and the overdue list ------------------------------------------


def _render_overdue(consultation: Consultation, days_form: ResponseDaysForm | None = None, status: int = 200):
    now = utcnow()
    overview = queries.response_overview(consultation, now)
    overdue = queries.overdue_ideas(
        consultation, now, page_number(request.args.get("page")), _per_page(), total=overview.overdue
    )
    if days_form is None and policies.can_manage_consultation(current_user, consultation):
        days_form = ResponseDaysForm(formdata=None, obj=consultation)
    return render_template(
        "feedback/overdue.html", consultation=consultation, overview=overview, overdue=overdue,
        days_form=days_form, now=now,
    ), status


@bp.route("/beheer/consultaties/<slug>/termijnbewaking")
@login_required
def overdue(slug: str):
    return _render_overdue(consultation_or_abort(slug, policies.can_view_overdue))


@bp.route("/beheer/consultaties/<slug>/termijnbewaking/reactietermijn", methods=["POST"])
@login_required
def response_days(slug: str):
    consultation = consultation_or_abort(slug, policies.can_manage_consultation)
    form = ResponseDaysForm()
    if form.validate_on_submit() and act_or_show_errors(
        form, lambda: services.set_response_days(current_user, consultation, form.response_days.data, utcnow())
    ):
        flash(_("The response time has been saved."), "success")
        return redirect(url_for("feedback.overdue", slug=slug))
    return _render_overdue(consultation, days_form=form, status=422)


# --- official responses ------------------------------------------------------------


@bp.route("/ideeen/<int:idea_id>/reageren", methods=["GET", "POST"])
@login_required
def respond(idea_id: int):
    idea = idea_or_abort(idea_id, policies.can_respond_to_idea)
    form = ResponseForm()
    form.status.choices = status_choices(STATUS_MOVES[idea.status])
    if request.method == "GET" and idea.status != IdeaStatus.NEW:
        form.status.data = idea.status.value
    if form.validate_on_submit() and act_or_show_errors(
        form,
        lambda: services.respond_to_idea(
            current_user, idea, IdeaStatus(form.status.data), form.body.data, utcnow(),
            responder_role=form.responder_role.data or "",
        ),
    ):
        flash(_("Your response has been published with the idea."), "success")
        return redirect(url_for("ideas.show", idea_id=idea.id, _anchor="officiele-reactie"))
    status = 422 if request.method == "POST" else 200
    return render_template(
        "feedback/respond.html", form=form, idea=idea, consultation=idea.consultation,
        badges=badges_for([idea.author], idea.consultation_id),
    ), status


# --- outcomes: preparing and publishing ------------------------------------------------


def _outcome_form(consultation: Consultation, outcome: Outcome | None = None) -> OutcomeForm:
    form = OutcomeForm(obj=outcome) if outcome else OutcomeForm()
    form.phase.choices = [SelectChoice("", _("The whole consultation"))] + [
        SelectChoice(str(phase.id), phase.title or PHASE_KIND_LABELS[phase.kind]) for phase in consultation.phases
    ]
    if request.method == "GET" and outcome is not None:
        form.phase.data = str(outcome.phase_id or "")
    return form


def _outcome_data(consultation: Consultation, form: OutcomeForm) -> services.OutcomeData:
    phase = next((p for p in consultation.phases if str(p.id) == form.phase.data), None)
    return services.OutcomeData(title=form.title.data, body=form.body.data, phase=phase)


def _already_published(outcome: Outcome):
    flash(_("This outcome has been published and can no longer be changed."), "error")
    return redirect(url_for("feedback.outcome", slug=outcome.consultation.slug, outcome_id=outcome.id))


@bp.route("/beheer/consultaties/<slug>/uitkomsten")
@login_required
def outcomes(slug: str):
    consultation = consultation_or_abort(slug, policies.can_publish_outcome)
    return render_template(
        "feedback/outcomes.html", consultation=consultation,
        outcomes=queries.consultation_outcomes(consultation, drafts=True),
    )


@bp.route("/beheer/consultaties/<slug>/uitkomsten/nieuw", methods=["GET", "POST"])
@login_required
def new_outcome(slug: str):
    consultation = consultation_or_abort(slug, policies.can_publish_outcome)
    form = _outcome_form(consultation)
    if form.validate_on_submit():
        outcome = services.create_outcome(current_user, consultation, _outcome_data(consultation, form), utcnow())
        flash(_("The outcome has been saved as a draft. Now add a decision for each idea it covers."), "success")
        return redirect(url_for("feedback.prepare_outcome", slug=slug, outcome_id=outcome.id))
    status = 422 if request.method == "POST" else 200
    return render_template("feedback/outcome_form.html", form=form, consultation=consultation, outcome=None), status


@bp.route("/beheer/consultaties/<slug>/uitkomsten/<int:outcome_id>")
@login_required
def prepare_outcome(slug: str, outcome_id: int):
    consultation = consultation_or_abort(slug, policies.can_publish_outcome)
    outcome = _outcome(consultation, outcome_id)
    if outcome.is_published:
        return redirect(url_for("feedback.outcome", slug=slug, outcome_id=outcome.id))
    return render_template(
        "feedback/prepare_outcome.html",
        consultation=consultation,
        outcome=outcome,
        decisions=queries.outcome_decisions(outcome, page_number(request.args.get("page")), _per_page()),
    )


@bp.route("/beheer/consultaties/<slug>/uitkomsten/<int:outcome_id>/ideeen")
@login_required
def choose_ideas(slug: str, outcome_id: int):
    """The ideas this draft does not decide on yet, to pick the next one from."""
    consultation = consultation_or_abort(slug, policies.can_publish_outcome)
    outcome = _outcome(consultation, outcome_id)
    if outcome.is_published:
        return _already_published(outcome)
    chosen = _idea_filter(consultation)
    return render_template(
        "feedback/choose_ideas.html",
        consultation=consultation,
        outcome=outcome,
        chosen=chosen,
        statuses=list(IdeaStatus),
        phase_names={p.id: p.title or PHASE_KIND_LABELS[p.kind] for p in consultation.phases},
        candidates=queries.undecided_ideas(outcome, page_number(request.args.get("page")), _per_page(), chosen),
    )


def _idea_filter(consultation: Consultation) -> queries.IdeaFilter:
    """The picker's filter from the query string, through allow-lists: a known status, a
    phase of this consultation, and at most 200 characters of words."""
    status = request.args.get("status", "")
    phase_id = parse_int(request.args.get("phase"), minimum=1)
    return queries.IdeaFilter(
        words=(request.args.get("q") or "").strip()[:200],
        status=IdeaStatus(status) if status in {s.value for s in IdeaStatus} else None,
        phase_id=phase_id if phase_id in {p.id for p in consultation.phases} else None,
    )


@bp.route("/beheer/consultaties/<slug>/uitkomsten/<int:outcome_id>/bewerken", methods=["GET", "POST"])
@login_required
def edit_outcome(slug: str, outcome_id: int):
    consultation = consultation_or_abort(slug, policies.can_publish_outcome)
    outcome = _outcome(consultation, outcome_id)
    if outcome.is_published:
        return _already_published(outcome)
    form = _outcome_form(consultation, outcome)
    if form.validate_on_submit() and act_or_show_errors(
        form,
        lambda: services.edit_outcome(current_user, outcome, _outcome_data(consultation, form), utcnow()),
    ):
        flash(_("Your changes have been saved."), "success")
        return redirect(url_for("feedback.prepare_outcome", slug=slug, outcome_id=outcome.id))
    status = 422 if request.method == "POST" else 200
    return render_template("feedback/outcome_form.html", form=form, consultation=consultation, outcome=outcome,
                           files=file_queries.outcome_files(outcome)), status


@bp.route("/beheer/consultaties/<slug>/uitkomsten/<int:outcome_id>/verwijderen", methods=["POST"])
@login_required
def delete_outcome(slug: str, outcome_id: int):
    consultation = consultation_or_abort(slug, policies.can_publish_outcome)
    outcome = _outcome(consultation, outcome_id)
    services.delete_outcome(current_user, outcome, utcnow())
    flash(_("The draft outcome has been deleted."), "success")
    return redirect(url_for("feedback.outcomes", slug=slug))


@bp.route("/beheer/consultaties/<slug>/uitkomsten/<int:outcome_id>/besluiten/<int:idea_id>", methods=["GET", "POST"])
@login_required
def decision(slug: str, outcome_id: int, idea_id: int):
    consultation = consultation_or_abort(slug, policies.can_publish_outcome)
    outcome = _outcome(consultation, outcome_id)
    idea = queries.get_idea_in(consultation, idea_id)
    if idea is None:
        abort(404)
    if outcome.is_published:
        return _already_published(outcome)
    existing = queries.get_decision(outcome, idea.id)
    form = DecisionForm(obj=existing)
    if request.method == "GET" and existing is not None:
        form.decision.data = existing.decision.value

    def save():
        chosen = IdeaStatus(form.decision.data)
        if existing is None:
            services.add_decision(current_user, outcome, idea, chosen, form.rationale.data, utcnow())
        else:
            services.change_decision(current_user, existing, chosen, form.rationale.data, utcnow())

    if form.validate_on_submit() and act_or_show_errors(form, save):
        flash(_("The decision has been saved."), "success")
        return redirect(url_for("feedback.prepare_outcome", slug=slug, outcome_id=outcome.id))
    status = 422 if request.method == "POST" else 200
    return render_template(
        "feedback/decision_form.html", form=form, consultation=consultation, outcome=outcome, idea=idea,
        existing=existing, badges=badges_for([idea.author], consultation.id),
    ), status


@bp.route(
    "/beheer/consultaties/<slug>/uitkomsten/<int:outcome_id>/besluiten/<int:idea_id>/verwijderen", methods=["POST"]
)
@login_required
def remove_decision(slug: str, outcome_id: int, idea_id: int):
    consultation = consultation_or_abort(slug, policies.can_publish_outcome)
    outcome = _outcome(consultation, outcome_id)
    existing = queries.get_decision(outcome, idea_id)
    if existing is None:
        abort(404)
    services.remove_decision(current_user, existing, utcnow())
    flash(_("The decision has been removed from the outcome."), "success")
    return redirect(url_for("feedback.prepare_outcome", slug=slug, outcome_id=outcome.id))


@bp.route("/beheer/consultaties/<slug>/uitkomsten/<int:outcome_id>/publiceren", methods=["GET", "POST"])
@login_required
def publish_outcome(slug: str, outcome_id: int):
    """Publishing cannot be undone: GET says what it will do and asks, POST does it.
    (One rule for both: two rules on one path answer a POST with an impossible id 405.)"""
    if request.method == "POST":
        return _publish_outcome(slug, outcome_id)
    consultation = consultation_or_abort(slug, policies.can_publish_outcome)
    outcome = _outcome(consultation, outcome_id)
    if outcome.is_published:
        return _already_published(outcome)
    return render_template(
        "feedback/publish_outcome.html", consultation=consultation, outcome=outcome,
        tally=queries.decision_tally(outcome),
    )


def _publish_outcome(slug: str, outcome_id: int):
    consultation = consultation_or_abort(slug, policies.can_publish_outcome)
    outcome = _outcome(consultation, outcome_id)
    error = attempt(lambda: services.publish_outcome(current_user, outcome, utcnow())).error
    if error is not None:
        flash(error.message, "error")
        return redirect(url_for("feedback.prepare_outcome", slug=slug, outcome_id=outcome_id))
    flash(_("The outcome is published. Every idea it covers now shows its decision."), "success")
    return redirect(url_for("feedback.outcome", slug=slug, outcome_id=outcome.id))


# --- outcomes: the public page -------------------------------------------------------


@bp.route("/consultaties/<slug>/uitkomsten/<int:outcome_id>")
def outcome(slug: str, outcome_id: int):
    consultation = consultation_or_abort(slug, policies.can_view_consultation)
    outcome = _outcome(consultation, outcome_id)
    if not policies.can_view_outcome(current_user, outcome):
        abort(404)  # a draft's existence is not revealed
    number = page_number(request.args.get("page"))
    idea_id = parse_int(request.args.get("idee"), minimum=1)
    if idea_id is not None and "page" not in request.args:
        # From a notification about one idea: the page that lists its decision.
        number = queries.decision_page(outcome, idea_id, _per_page())
    decisions = queries.outcome_decisions(outcome, number, _per_page())
    return render_template(
        "feedback/outcome.html",
        consultation=consultation,
        outcome=outcome,
        tally=queries.decision_tally(outcome),
        decisions=decisions,
        files=file_queries.outcome_files(outcome),
        badges=badges_for([outcome.published_by], consultation.id),
        # The page lists decisions in status order; a heading per status.
        groups=[(status, list(rows)) for status, rows in groupby(decisions.items, key=attrgetter("decision"))],
    )


# --- implementation updates ----------------------------------------------------------


@bp.route("/ideeen/<int:idea_id>/voortgang", methods=["GET", "POST"])
@login_required
def new_update(idea_id: int):
    idea = idea_or_abort(idea_id, policies.can_post_implementation_update)
    form = ImplementationUpdateForm()
    if request.method == "GET":
        latest = queries.latest_update(idea)
        if latest is not None:
            # The plan as it stood: the owner ticks off what is done and adjusts the dates.
            form.progress.data = latest.progress
            form.fill_milestones(latest.milestones)
    if form.validate_on_submit() and act_or_show_errors(
        form,
        lambda: services.post_implementation_update(
            current_user, idea, form.body.data, form.progress.data, form.milestones(), utcnow()
        ),
    ):
        flash(_("Your progress update has been published with the idea."), "success")
        return redirect(url_for("ideas.show", idea_id=idea.id, _anchor="uitvoering"))
    status = 422 if request.method == "POST" else 200
    return render_template("feedback/update_form.html", form=form, idea=idea, consultation=idea.consultation), status
