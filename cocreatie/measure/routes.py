import click
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from cocreatie import charts, db, lookups, policies
from cocreatie.clock import utcnow
from cocreatie.feedback import queries as feedback_queries
from cocreatie.measure import kpis, queries, services
from cocreatie.measure.forms import CountNowForm, goal_form_class
from cocreatie.models import Consultation, ConsultationState
from cocreatie.moderation import queries as moderation_queries
from cocreatie.reach import queries as reach_queries
from cocreatie.timezones import local_day
from cocreatie.extensions import current_user_key, limiter
from cocreatie.web import act_or_show_errors, consultation_or_abort, reads_first

bp = Blueprint("measure", __name__, cli_group="measure")


def _lines(consultation: Consultation, now):
    counted = queries.figures(consultation, now)
    goal = queries.goal(consultation)
    lines = queries.kpi_lines(consultation, counted, goal, queries.targets(consultation), local_day(now))
    return counted, goal, lines


# --- the dashboard ----------------------------------------------------------------------


@bp.route("/beheer/consultaties/<slug>/dashboard")
@login_required
def dashboard(slug: str):
    consultation = consultation_or_abort(slug, policies.can_view_dashboard)
    now = utcnow()
    counted, goal, lines = _lines(consultation, now)
    kpi_charts = {
        line.kpi.key: charts.kpi_chart(line.reading.series, line.target.target if line.target else None)
        for line in lines
        if line.reading.series
    }
    queue = moderation_queries.queue_counts(consultation.id)
    return render_template(
        "measure/dashboard.html",
        consultation=consultation,
        counted=counted,
        goal=goal,
        lines=lines,
        kpi_charts=kpi_charts,
        behind=[line for line in lines if line.assessment and line.assessment.behind],
        queue=queue,
        responses=counted.responses,
        stale=counted.is_stale(now),
        count_form=CountNowForm() if not counted.live else None,
        today=local_day(now),
        closed=consultation.state(now) == ConsultationState.FINISHED,
        now=now,
        # Reach and representativeness (cocreatie/reach/), masked, for its owners and procesmanagers.
        reach=reach_queries.representation(consultation)
        if policies.can_view_representation(current_user, consultation) else None,
        reach_invitations=reach_queries.invitations_by_district(consultation),
        can_invite=policies.can_invite_participants(current_user, consultation),
    )


@bp.route("/beheer/consultaties/<slug>/dashboard/tellen", methods=["POST"])
@reads_first
@login_required
@limiter.limit("10 per hour", key_func=current_user_key)  # seconds of counting each, at the largest size
def count_now(slug: str):
    consultation = consultation_or_abort(slug, policies.can_view_dashboard)
    if CountNowForm().validate_on_submit():
        now = utcnow()
        counted = queries.count_figures(consultation, now)  # the long part: reads only
        db.write_from_here()  # on SQLite, other writers wait only for the writes below
        services.store_figures(consultation, now, counted)
        flash(_("The figures have been counted again."), "success")
    return redirect(url_for("measure.dashboard", slug=slug))


@bp.route("/beheer/consultaties/<slug>/doelen", methods=["GET", "POST"])
@login_required
def goals(slug: str):
    consultation = consultation_or_abort(slug, policies.can_set_consultation_goals)
    form_class = goal_form_class()
    form = form_class()
    if request.method == "GET":
        goal = queries.goal(consultation)
        if goal is not None:
            form.text.data = goal.text
            form.achieve_by.data = goal.achieve_by
        for key, target in queries.targets(consultation).items():
            if hasattr(form, f"target_{key}"):
                getattr(form, f"target_{key}").data = round(target.target)
                getattr(form, f"due_{key}").data = target.due_on
    if form.validate_on_submit():
        data = services.GoalData(
            text=form.text.data or "",
            achieve_by=form.achieve_by.data,
            targets={
                kpi.key: services.TargetData(getattr(form, f"target_{kpi.key}").data, getattr(form, f"due_{kpi.key}").data)
                for kpi in kpis.all_kpis()
                if getattr(form, f"target_{kpi.key}").data is not None
            },
        )
        if act_or_show_errors(form, lambda: services.set_goals(current_user, consultation, data, utcnow())):
            flash(_("The goal and targets have been saved."), "success")
            return redirect(url_for("measure.dashboard", slug=slug))
    status = 422 if request.method == "POST" else 200
    return render_template(
        "measure/goals.html", consultation=consultation, form=form, kpi_list=kpis.all_kpis()
    ), status


# --- the accountability page ------------------------------------------------------------


def _accountable_or_404(slug: str) -> Consultation:
    consultation = lookups.consultation_by_slug(slug)
    if consultation is None or not policies.can_view_accountability(current_user, consultation):
        abort(404)  # not before it has closed: there is nothing to account for yet
    return consultation


def _accountability(slug: str, template: str):
    consultation = _accountable_or_404(slug)
    now = utcnow()
    counted, goal, lines = _lines(consultation, now)
    return render_template(
        template,
        consultation=consultation,
        counted=counted,
        goal=goal,
        lines=lines,
        outcomes=feedback_queries.published_outcomes(consultation),
        responses=counted.responses,
        now=now,
        reach=reach_queries.representation(consultation),  # masked: every group under 10 as "< 10"
    )


@bp.route("/consultaties/<slug>/verantwoording")
def accountability(slug: str):
    return _accountability(slug, "measure/accountability.html")


@bp.route("/consultaties/<slug>/verantwoording/rapport")
def report(slug: str):
    return _accountability(slug, "measure/report.html")


# --- for the operator ---------------------------------------------------------------------


@bp.cli.command("refresh")
def refresh_command():
    """Count and store the KPIs of every open consultation, and once more of those that
    closed since (run every 10 minutes). Safe to run again at any time."""
    counted = 0

    def done(consultation: Consultation) -> None:
        nonlocal counted
        db.session.commit()  # each consultation's figures on their own
        counted += 1
        click.echo(f"Counted {consultation.slug}.")

    services.refresh(utcnow(), progress=done)
    db.session.commit()
    click.echo(f"Counted {counted} consultation(s).")
