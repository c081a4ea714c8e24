import secrets
from datetime import UTC, time, timedelta

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required

from cocreatie import charts, db, lookups, personal, policies
from cocreatie.badges import badges_for
from cocreatie.clock import utcnow
from cocreatie.consultations import queries, services
from cocreatie.converters import parse_int
from cocreatie.consultations.forms import ConsultationForm, DuplicateForm, PhaseForm, SchedulePublicationForm
from cocreatie.cowriting import queries as cowriting_queries
from cocreatie.feedback import queries as feedback_queries
from cocreatie.files import queries as file_queries
from cocreatie.web import act_or_show_errors, attempt, commit_this_read, consultation_or_abort
from cocreatie.ideas import queries as idea_queries
from cocreatie.measure import queries as measure_queries
from cocreatie.notifications import queries as notification_queries
from cocreatie.opendata import queries as opendata_queries
from cocreatie.models import Consultation, Phase, PhaseKind, Visibility
from cocreatie.models.consultations import PHASE_DEFAULTS
from cocreatie.pagination import page_number
from cocreatie.reach import queries as reach_queries
from cocreatie.timezones import LOCAL, end_of_local_day, last_local_day, local_day, local_moment, start_of_local_day
from cocreatie.dates import format_date

bp = Blueprint("consultations", __name__)

def _publish_when_due(consultations: list[Consultation], now) -> None:
    """A planned publication whose moment has come happens at the first view after it,
    so it never waits for `flask publish-scheduled` alone."""
    due = [c for c in consultations if c.is_due_for_publication(now)]
    if not due:
        return
    db.write_from_here()
    if any([services.publish_when_due(c, now) for c in due]):
        commit_this_read()


def _consultation_or_404(slug: str) -> Consultation:
    consultation = lookups.consultation_by_slug(slug)
    if consultation is not None:
        _publish_when_due([consultation], utcnow())
    if consultation is None or not policies.can_view_consultation(current_user, consultation):
        # Not 403: a draft or closed consultation's existence is not revealed.
        abort(404)
    return consultation


def _managed_or_403(slug: str) -> Consultation:
    return consultation_or_abort(slug, policies.can_manage_consultation)


@bp.route("/")
def home():
    now = utcnow()
    _publish_when_due(queries.due_for_publication(now), now)
    return render_template(
        "consultations/home.html",
        open_now=queries.open_now(current_user, now),
        upcoming=queries.upcoming(current_user, now),
        finished=queries.finished(current_user, now, limit=6),
        now=now,
    )


@bp.route("/consultaties/afgerond")
def finished():
    now = utcnow()
    page = page_number(request.args.get("page"))
    per_page = 20
    items = queries.finished(current_user, now, limit=per_page + 1, offset=(page - 1) * per_page)
    return render_template(
        "consultations/finished.html",
        consultations=items[:per_page],
        page=page,
        has_next=len(items) > per_page,
        now=now,
    )


@bp.route("/consultaties/<slug>")
def show(slug: str):
    consultation = _consultation_or_404(slug)
    now = utcnow()
    sort = request.args.get("sort", idea_queries.DEFAULT_SORT)
    if sort not in idea_queries.SORTS:
        sort = idea_queries.DEFAULT_SORT
    query = (request.args.get("q") or "").strip()[:200]
    seed = parse_int(request.args.get("seed"), maximum=2**31 - 1)  # random keys are below 2**31
    if seed is None:
        seed = secrets.randbelow(2**31)
    viewer_id = current_user.id if current_user.is_authenticated else None
    listing = idea_queries.list_ideas(
        consultation.id,
        sort=sort,
        query=query,
        page=page_number(request.args.get("page")),
        per_page=current_app.config["IDEAS_PER_PAGE"],
        seed=seed,
        total_ideas=consultation.idea_count,
        viewer_id=viewer_id,
    )
    if consultation.idea_count > measure_queries.LIVE_UP_TO_IDEAS:
        counted = measure_queries.stored_participation(consultation, now)  # too costly to count per view
    else:
        counted = queries.participation(consultation, now)
    badges = badges_for([idea.author for idea in listing.page.items], consultation.id)
    follow = None
    if policies.can_follow(current_user, consultation):  # otherwise the page has no follow box
        follow = notification_queries.active_follow(current_user, consultation)
    if consultation.support_budget is not None:
        personal.not_for_participants()  # the supports one has left: no hole for that yet
    return render_template(
        "consultations/show.html",
        consultation=consultation,
        active_phase=consultation.active_phase(now),
        state=consultation.state(now),
        listing=listing,
        sort=sort,
        sorts=idea_queries.SORTS,
        query=query,
        seed=seed,
        budget_left=idea_queries.budget_left(viewer_id, consultation),
        participation=None if counted is None else charts.participation_chart(counted),
        outcomes=feedback_queries.published_outcomes(consultation),
        files=file_queries.consultation_files(consultation),
        # Draft texts only where a phase allows co-writing: no query elsewhere.
        documents=cowriting_queries.documents_of(consultation.id)
        if any(p.allows_cowriting for p in consultation.phases) else [],
        follow=follow,
        ask_profile=reach_queries.should_ask(current_user, consultation),
        badges=badges,
        # When its open-data download was made (no query; only where it is public).
        open_data=opendata_queries.offer([consultation]) if policies.can_view_consultation(None, consultation) else None,
        now=now,
    )


# --- managing -------------------------------------------------------------------------


def _consultation_data(form: ConsultationForm) -> services.ConsultationData:
    return services.ConsultationData(
        title=form.title.data,
        question=form.question.data,
        summary=form.summary.data,
        body=form.body.data or "",
        visibility=Visibility(form.visibility.data),
        support_budget=form.support_budget.data,
    )


@bp.route("/beheer")
@login_required
def manage():
    if not policies.can_create_consultation(current_user):
        abort(403)
    return render_template(
        "consultations/manage.html", consultations=queries.managed_by(current_user), now=utcnow()
    )


@bp.route("/beheer/consultaties/nieuw", methods=["GET", "POST"])
@login_required
def create():
    if not policies.can_create_consultation(current_user):
        abort(403)
    form = ConsultationForm()
    if form.validate_on_submit():
        consultation = services.create_consultation(current_user, _consultation_data(form), utcnow())
        flash(_("The consultation has been created as a draft. Now add its phases."), "success")
        return redirect(url_for("consultations.phases", slug=consultation.slug))
    return render_template("consultations/edit.html", form=form, consultation=None)


@bp.route("/beheer/consultaties/<slug>/bewerken", methods=["GET", "POST"])
@login_required
def edit(slug: str):
    consultation = _managed_or_403(slug)
    form = ConsultationForm(obj=consultation)
    if request.method == "GET":
        form.visibility.data = consultation.visibility.value
    if form.validate_on_submit():
        if _closes_to_participants(consultation, form) and not request.form.get("confirmed"):
            return _confirm_invite_only(consultation, form)
        services.update_consultation(current_user, consultation, _consultation_data(form), utcnow())
        flash(_("Your changes have been saved."), "success")
        return redirect(url_for("consultations.phases", slug=consultation.slug))
    return render_template("consultations/edit.html", form=form, consultation=consultation,
                           files=file_queries.holder_files(consultation.id, None, None))


def _closes_to_participants(consultation: Consultation, form: ConsultationForm) -> bool:
    """A live (published) public consultation about to become invite-only."""
    return (
        consultation.is_published and consultation.is_public
        and form.visibility.data == Visibility.INVITE_ONLY.value
    )


def _crumbs(consultation: Consultation, label: str) -> list:
    return [
        (_("Manage"), url_for("consultations.manage")),
        (consultation.title, url_for("consultations.phases", slug=consultation.slug)),
        (label, None),
    ]


def _confirm_invite_only(consultation: Consultation, form: ConsultationForm):
    """Ask before closing a live consultation; everything typed travels along, unsaved."""
    losing = queries.people_who_would_lose_access(consultation)
    heading = _("Make this consultation invite-only?")
    warning = None
    if losing:
        warning = ngettext(
            "%(num)d person who took part (an idea, a comment or a support) has not been invited and loses "
            "access: they can no longer see the consultation or what they wrote in it.",
            "%(num)d people who took part (an idea, a comment or a support) have not been invited and lose "
            "access: they can no longer see the consultation or what they wrote in it.",
            losing,
        )
    return render_template(
        "confirm.html",
        heading=heading,
        crumbs=_crumbs(consultation, heading),
        lead=_("“%(title)s” is published and everyone can see it now.", title=consultation.title),
        warning=warning,
        consequences=[
            _("Only people you invite, and the owners and procesmanagers, can see the consultation and take part."),
            _("Visitors and search engines no longer find it; links to it give “page not found”."),
            _("Your other changes to the texts and settings are saved at the same time."),
        ],
        action=url_for("consultations.edit", slug=consultation.slug),
        hidden=[(f.name, "" if f.data is None else f.data) for f in form if f.type != "CSRFTokenField"],
        button=_("Yes, make it invite-only"),
        cancel=url_for("consultations.edit", slug=consultation.slug),
        danger=True,
    )


@bp.route("/beheer/consultaties/<slug>/publiceren", methods=["GET", "POST"])
@login_required
def publish(slug: str):
    """GET: what publishing will do (and a form to schedule it); POST: publish now."""
    consultation = _managed_or_403(slug)
    if consultation.is_published:  # a second click on the button
        flash(_("This consultation has already been published."), "success")
        return redirect(url_for("consultations.show", slug=slug))
    if not policies.can_publish_consultation(current_user, consultation):
        flash(_("Add at least one phase before you publish."), "error")
        return redirect(url_for("consultations.phases", slug=slug))
    if request.method == "GET":
        return _confirm_publication(consultation)
    services.publish_consultation(current_user, consultation, utcnow())
    flash(_("The consultation is published."), "success")
    return redirect(url_for("consultations.show", slug=slug))


def _publication_consequences(consultation: Consultation, now) -> list[str]:
    consequences = []
    if consultation.is_public:
        consequences.append(_("Everyone can see the consultation, and it is listed on the home page."))
    else:
        consequences.append(_("Only people you invite can see it and take part. You can send invitations once it "
                              "is published."))
    active = consultation.active_phase(now)
    if active is not None:
        consequences.append(_("The phase “%(phase)s” is running now: people can take part straight away.",
                              phase=services.phase_name(active)))
    elif consultation.opens_at is not None and consultation.opens_at > now:
        consequences.append(_("People can take part from %(date)s, when the first phase starts.",
                              date=format_date(consultation.opens_at, "long")))
    else:
        consequences.append(_("All its phases are over: people can read it, but not take part."))
    consequences.append(_("Once someone has taken part, it can no longer go back to draft."))
    return consequences


def _confirm_publication(consultation: Consultation, schedule: SchedulePublicationForm | None = None,
                         status: int = 200):
    heading = _("Publish “%(title)s”?", title=consultation.title)
    if schedule is None:
        schedule = SchedulePublicationForm()
        if consultation.publish_at is not None:
            planned = consultation.publish_at.replace(tzinfo=UTC).astimezone(LOCAL)
            schedule.publish_on.data, schedule.publish_time.data = planned.date(), planned.time()
        else:
            schedule.publish_on.data = local_day(utcnow()) + timedelta(days=1)
            schedule.publish_time.data = time(9, 0)
    return render_template(
        "consultations/publish.html",
        consultation=consultation,
        heading=heading,
        crumbs=_crumbs(consultation, _("Publish")),
        consequences=_publication_consequences(consultation, utcnow()),
        action=url_for("consultations.publish", slug=consultation.slug),
        button=_("Publish now"),
        cancel=url_for("consultations.phases", slug=consultation.slug),
        schedule=schedule,
    ), status


@bp.route("/beheer/consultaties/<slug>/publiceren/plannen", methods=["POST"])
@login_required
def schedule_publication(slug: str):
    consultation = _managed_or_403(slug)
    if not policies.can_publish_consultation(current_user, consultation):
        return redirect(url_for("consultations.publish", slug=slug))  # it says why
    form = SchedulePublicationForm()
    if form.validate_on_submit() and act_or_show_errors(form, lambda: services.schedule_publication(
        current_user, consultation, local_moment(form.publish_on.data, form.publish_time.data), utcnow()
    )):
        flash(_("The consultation will be published on %(date)s at %(time)s. Until then it is a draft.",
                date=format_date(form.publish_on.data, "long"), time=form.publish_time.data.strftime("%H:%M")),
              "success")
        return redirect(url_for("consultations.phases", slug=slug))
    return _confirm_publication(consultation, form, status=422)


@bp.route("/beheer/consultaties/<slug>/publiceren/plannen/annuleren", methods=["POST"])
@login_required
def cancel_scheduled_publication(slug: str):
    consultation = _managed_or_403(slug)
    if consultation.publish_at is not None and not consultation.is_published:
        services.cancel_scheduled_publication(current_user, consultation, utcnow())
        flash(_("The planned publication has been cancelled. The consultation stays a draft."), "success")
    return redirect(url_for("consultations.phases", slug=slug))


@bp.route("/beheer/consultaties/<slug>/terug-naar-concept", methods=["GET", "POST"])
@login_required
def back_to_draft(slug: str):
    """GET: what going back to draft does, or why it cannot; POST: do it."""
    consultation = consultation_or_abort(slug, policies.can_unpublish_consultation)
    taken = queries.taking_part(consultation)
    back = url_for("consultations.phases", slug=slug)
    if taken.anyone:
        if request.method == "POST":
            flash(services.why_not_back_to_draft(taken), "error")
            return redirect(back)
        return render_template("consultations/cannot.html", consultation=consultation,
                               heading=_("This consultation cannot go back to draft"),
                               crumbs=_crumbs(consultation, _("Back to draft")),
                               reason=services.why_not_back_to_draft(taken), back=back)
    if request.method == "GET":
        heading = _("Put “%(title)s” back to draft?", title=consultation.title)
        return render_template(
            "confirm.html", heading=heading, crumbs=_crumbs(consultation, _("Back to draft")),
            consequences=[
                _("Nobody has taken part yet, so nothing anyone wrote is lost."),
                _("Only the owners and administrators can see the consultation; visitors get “page not found”."),
                _("You can change it and publish it again, now or at a planned moment."),
            ],
            action=url_for("consultations.back_to_draft", slug=slug), button=_("Yes, back to draft"),
            cancel=back, danger=True,
        )
    error = attempt(lambda: services.back_to_draft(current_user, consultation, utcnow())).error
    if error is not None:
        flash(error.message, "error")
    else:
        flash(_("The consultation is a draft again."), "success")
    return redirect(back)


@bp.route("/beheer/consultaties/<slug>/verwijderen", methods=["GET", "POST"])
@login_required
def delete(slug: str):
    """GET: what deleting the draft removes; POST: delete it. Only drafts."""
    consultation = _managed_or_403(slug)
    if not policies.can_delete_consultation(current_user, consultation):
        flash(_("Only a draft can be deleted. Put the consultation back to draft first, if nobody has taken part."),
              "error")
        return redirect(url_for("consultations.phases", slug=slug))
    if request.method == "GET":
        heading = _("Delete the draft “%(title)s”?", title=consultation.title)
        consequences = [
            _("The texts, the phases, the house rules and the roles of this draft are deleted for good. This cannot "
              "be undone."),
        ]
        if consultation.publish_at is not None:
            consequences.append(_("Its planned publication is cancelled."))
        consequences.append(_("The audit log keeps a record that you deleted it, with its title."))
        return render_template(
            "confirm.html", heading=heading, crumbs=_crumbs(consultation, _("Delete")), consequences=consequences,
            action=url_for("consultations.delete", slug=slug), button=_("Yes, delete the draft"),
            cancel=url_for("consultations.phases", slug=slug), danger=True,
        )
    title = consultation.title
    services.delete_draft(current_user, consultation, utcnow())
    flash(_("The draft “%(title)s” has been deleted.", title=title), "success")
    return redirect(url_for("consultations.manage"))


def _suggested_first_day(consultation: Consultation):
    """The same weekday a year on (52 weeks), or tomorrow if that has passed too."""
    tomorrow = local_day(utcnow()) + timedelta(days=1)
    if not consultation.phases:
        return tomorrow
    return max(local_day(consultation.phases[0].starts_at) + timedelta(weeks=52), tomorrow)


@bp.route("/beheer/consultaties/<slug>/kopieren", methods=["GET", "POST"])
@login_required
def duplicate(slug: str):
    """Start the next consultation from this one: a draft with its texts, phases, house
    rules and roles, none of its contributions."""
    consultation = consultation_or_abort(slug, policies.can_duplicate_consultation)
    form = DuplicateForm()
    if request.method == "GET":
        form.first_day.data = _suggested_first_day(consultation)
    if form.validate_on_submit():
        copied = attempt(lambda: services.duplicate_consultation(current_user, consultation, form.first_day.data,
                                                                 utcnow()))
        if copied.error is None:
            flash(_("This is a copy of “%(title)s”, as a draft. Check its texts and dates before you publish it.",
                    title=consultation.title), "success")
            return redirect(url_for("consultations.phases", slug=copied.value.slug))
        form.first_day.errors.append(copied.error.message)
    return render_template("consultations/duplicate.html", consultation=consultation, form=form,
                           crumbs=_crumbs(consultation, _("Copy"))), 422 if request.method == "POST" else 200


@bp.route("/beheer/consultaties/<slug>/fasen")
@login_required
def phases(slug: str):
    consultation = _managed_or_403(slug)
    return render_template(
        "consultations/phases.html",
        consultation=consultation,
        now=utcnow(),
    )


def _phase_data(form: PhaseForm) -> services.PhaseData:
    return services.PhaseData(
        kind=PhaseKind(form.kind.data),
        title=form.title.data or "",
        description=form.description.data or "",
        starts_at=start_of_local_day(form.starts_on.data),
        ends_at=end_of_local_day(form.ends_on.data),
        allows_ideas=form.allows_ideas.data,
        allows_comments=form.allows_comments.data,
        allows_supports=form.allows_supports.data,
        allows_cowriting=form.allows_cowriting.data,
    )


@bp.route("/beheer/consultaties/<slug>/fasen/nieuw", methods=["GET", "POST"])
@login_required
def add_phase(slug: str):
    consultation = _managed_or_403(slug)
    form = PhaseForm()
    if request.method == "GET":
        kind = request.args.get("kind", PhaseKind.AGENDA_SETTING.value)
        kind = PhaseKind(kind) if kind in PhaseKind._value2member_map_ else PhaseKind.AGENDA_SETTING
        defaults = PHASE_DEFAULTS[kind]
        form.kind.data = kind.value
        form.allows_ideas.data = defaults.allows_ideas
        form.allows_comments.data = defaults.allows_comments
        form.allows_supports.data = defaults.allows_supports
        form.allows_cowriting.data = defaults.allows_cowriting
        if consultation.closes_at:
            form.starts_on.data = local_day(consultation.closes_at)
    if form.validate_on_submit() and act_or_show_errors(
        form, lambda: services.add_phase(current_user, consultation, _phase_data(form), utcnow())
    ):
        flash(_("The phase has been added."), "success")
        return redirect(url_for("consultations.phases", slug=slug))
    return render_template("consultations/phase_form.html", form=form, consultation=consultation, phase=None)


def _phase_or_404(consultation: Consultation, phase_id: int) -> Phase:
    phase = next((p for p in consultation.phases if p.id == phase_id), None)
    if phase is None:
        abort(404)
    return phase


@bp.route("/beheer/consultaties/<slug>/fasen/<int:phase_id>", methods=["GET", "POST"])
@login_required
def edit_phase(slug: str, phase_id: int):
    consultation = _managed_or_403(slug)
    phase = _phase_or_404(consultation, phase_id)
    form = PhaseForm(obj=phase)
    if request.method == "GET":
        form.kind.data = phase.kind.value
        form.starts_on.data = local_day(phase.starts_at)
        form.ends_on.data = last_local_day(phase.ends_at)
    if form.validate_on_submit() and act_or_show_errors(
        form, lambda: services.update_phase(current_user, phase, _phase_data(form), utcnow())
    ):
        flash(_("The phase has been saved."), "success")
        return redirect(url_for("consultations.phases", slug=slug))
    return render_template("consultations/phase_form.html", form=form, consultation=consultation, phase=phase,
                           files=file_queries.holder_files(consultation.id, phase.id, None))


@bp.route("/beheer/consultaties/<slug>/fasen/<int:phase_id>/verwijderen", methods=["GET", "POST"])
@login_required
def delete_phase(slug: str, phase_id: int):
    """GET: what removing the phase does to the consultation and its ideas; POST: remove it."""
    consultation = _managed_or_403(slug)
    phase = _phase_or_404(consultation, phase_id)
    if consultation.is_published and len(consultation.phases) == 1:
        flash(_("A published consultation needs at least one phase. Add another phase first, or change this one."),
              "error")
        return redirect(url_for("consultations.phases", slug=slug))
    if request.method == "GET":
        return _confirm_phase_removal(consultation, phase)
    services.delete_phase(current_user, phase, utcnow())
    flash(_("The phase has been removed."), "success")
    return redirect(url_for("consultations.phases", slug=slug))


def _confirm_phase_removal(consultation: Consultation, phase: Phase):
    now = utcnow()
    name = services.phase_name(phase)
    ideas = queries.ideas_in_phase(phase)
    consequences = [
        _("The phase “%(phase)s” (%(first)s – %(last)s) disappears from the timeline.", phase=name,
          first=format_date(phase.starts_at), last=format_date(last_local_day(phase.ends_at))),
    ]
    if ideas:
        consequences.append(ngettext(
            "The %(num)d idea submitted in it stays in the consultation, with its supports and comments, but no "
            "longer belongs to a phase: its response deadline is then counted from the day it was submitted.",
            "The %(num)d ideas submitted in it stay in the consultation, with their supports and comments, but no "
            "longer belong to a phase: their response deadline is then counted from the day each was submitted.",
            ideas,
        ))
    if len(consultation.phases) == 1 and consultation.publish_at is not None:
        consequences.append(_("The planned publication is cancelled: a consultation without phases cannot be "
                              "published."))
    warning = None
    if consultation.is_published and phase.is_active(now):
        if any(p.starts_at >= phase.ends_at for p in consultation.phases):
            warning = _("This phase is running now. Once it is removed, nobody can submit ideas, support or comment "
                        "until the next phase starts.")
        else:
            warning = _("This phase is running now. Once it is removed, nobody can submit ideas, support or comment "
                        "any more.")
    heading = _("Remove the phase “%(phase)s”?", phase=name)
    return render_template(
        "confirm.html",
        heading=heading,
        crumbs=_crumbs(consultation, heading),
        warning=warning,
        consequences=consequences,
        action=url_for("consultations.delete_phase", slug=consultation.slug, phase_id=phase.id),
        button=_("Yes, remove the phase"),
        cancel=url_for("consultations.phases", slug=consultation.slug),
        danger=True,
    )
