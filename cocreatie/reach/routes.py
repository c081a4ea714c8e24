import csv
import io

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from cocreatie import policies
from cocreatie.clock import utcnow
from cocreatie.extensions import current_user_key, limiter
from cocreatie.models import Consultation
from cocreatie.models.reach import UNSAID
from cocreatie.reach import kpis as _kpis  # noqa: F401  (registers the reach KPIs with measure)
from cocreatie.reach import queries, services, tables
from cocreatie.reach.forms import ProfileForm, QuestionsForm, UploadForm
from cocreatie.web import act_or_show_errors, attempt, consultation_or_abort, safe_next

bp = Blueprint("reach", __name__)


# --- the administrator: reference figures and postcode areas --------------------------------


def _render_tables(population_form: UploadForm, postcode_form: UploadForm, problems=None, status: int = 200):
    return render_template(
        "reach/tables.html",
        population_form=population_form, postcode_form=postcode_form,
        problems=problems, reference=queries.reference_tables(), age_columns=list(tables.AGE_COLUMNS.items()),
        population_example=tables.POPULATION_EXAMPLE, postcode_example=tables.POSTCODE_EXAMPLE,
        max_kb=tables.MAX_BYTES // 1024,
    ), status


def _admin_or_403() -> None:
    if not policies.can_manage_reference_figures(current_user):
        abort(403)


@bp.route("/beheer/bereik")
@login_required
def reference_tables():
    _admin_or_403()
    return _render_tables(UploadForm(prefix="population"), UploadForm(prefix="postcodes"))


def _upload(form: UploadForm, read, replace, which: str):
    """Read the file; with any problem, show every one and change nothing."""
    upload = form.upload.data
    if not form.validate_on_submit() or not upload or not upload.filename:
        if not form.upload.errors:
            form.upload.errors = [_("Choose a CSV file to upload.")]
        return None
    result = read(upload.stream.read(tables.MAX_BYTES + 1), upload.filename)
    if not result.clean:
        form.upload.errors = [ngettext(
            "The file has %(num)d problem. Nothing was changed: correct the file and upload it again.",
            "The file has %(num)d problems. Nothing was changed: correct the file and upload it again.",
            len(result.problems),
        )]
        return result.problems
    if act_or_show_errors(form, lambda: replace(current_user, result.rows, utcnow())):
        return result.rows
    return None


@bp.route("/beheer/bereik/referentiecijfers", methods=["POST"])
@login_required
@limiter.limit("30 per hour", key_func=current_user_key)
def upload_population():
    _admin_or_403()
    form, other = UploadForm(prefix="population"), UploadForm(prefix="postcodes", formdata=None)
    outcome = _upload(form, tables.read_population, services.replace_population, "population")
    if outcome is None or form.upload.errors:
        return _render_tables(form, other, problems=outcome if form.upload.errors else None, status=422)
    flash(ngettext("The reference figures have been replaced: %(num)d district.",
                   "The reference figures have been replaced: %(num)d districts.", len(outcome)), "success")
    return redirect(url_for("reach.reference_tables"))


@bp.route("/beheer/bereik/postcodes", methods=["POST"])
@login_required
@limiter.limit("30 per hour", key_func=current_user_key)
def upload_postcodes():
    _admin_or_403()
    form, other = UploadForm(prefix="postcodes"), UploadForm(prefix="population", formdata=None)
    known = {d.code for d in queries.districts()}
    outcome = _upload(form, lambda data, name: tables.read_postcodes(data, name, known),
                      services.replace_postcodes, "postcodes")
    if outcome is None or form.upload.errors:
        return _render_tables(other, form, problems=outcome if form.upload.errors else None, status=422)
    flash(ngettext("The postcode table has been replaced: %(num)d postcode area.",
                   "The postcode table has been replaced: %(num)d postcode areas.", len(outcome)), "success")
    return redirect(url_for("reach.reference_tables"))


# --- the owner: which questions a consultation asks -----------------------------------------


@bp.route("/beheer/consultaties/<slug>/profielvragen", methods=["GET", "POST"])
@login_required
def questions(slug: str):
    consultation = consultation_or_abort(slug, policies.can_choose_profile_questions)
    current = queries.questions_of(consultation)
    form = QuestionsForm.for_questions(current)
    if form.validate_on_submit():
        chosen = lambda: services.choose_questions(  # noqa: E731
            current_user, consultation, district=form.district.data, age_band=form.age_band.data,
            channel=form.channel.data, channels=(form.channels.data or "").splitlines(), now=utcnow(),
        )
        if act_or_show_errors(form, chosen):
            flash(_("The profile questions have been saved."), "success")
            return redirect(url_for("reach.questions", slug=slug))
    status = 422 if request.method == "POST" else 200
    return render_template(
        "reach/questions.html", consultation=consultation, form=form,
        has_districts=bool(queries.districts()),
    ), status


# --- procesmanager and owner: the representation ---------------------------------------------


@bp.route("/beheer/consultaties/<slug>/bereik")
@login_required
def representation(slug: str):
    consultation = consultation_or_abort(slug, policies.can_view_representation)
    return render_template(
        "reach/representation.html", consultation=consultation,
        rep=queries.representation(consultation),
        invitations=queries.invitations_by_district(consultation),
        can_invite=policies.can_invite_participants(current_user, consultation),
        questions=queries.questions_of(consultation),
    )


def _shown(figure: queries.Figure) -> str:
    return queries.shown(figure, _("hidden"))


def _percent(value: float | None) -> str:
    return "" if value is None else f"{100 * value:.1f}"


@bp.route("/beheer/consultaties/<slug>/bereik.csv")
@login_required
def representation_csv(slug: str):
    """The representation as a table, masked exactly as the page is."""
    consultation = consultation_or_abort(slug, policies.can_view_representation)
    rep = queries.representation(consultation)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([_("question"), _("group"), _("participants"), _("share of participants (%)"),
                     _("share of residents (%)"), _("ratio"), _("marking")])
    markings = {"under": _("under-represented"), "over": _("over-represented"), None: ""}
    names = {"district": _("district"), "age_band": _("age group"), "channel": _("how heard")}
    for dimension in rep.dimensions:
        for group in dimension.groups:
            writer.writerow([
                names[dimension.key], _csv_safe(group.label), _shown(group.participants), _percent(group.share),
                _percent(group.population_share), "" if group.ratio is None else f"{group.ratio:.2f}",
                markings[group.marking],
            ])
    writer.writerow([_("respondents"), "", _shown(rep.respondents), "", "", "", ""])
    return Response(
        "\ufeff" + out.getvalue(), mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="bereik-{consultation.slug}.csv"'},
    )


def _csv_safe(text: str) -> str:
    """A cell a spreadsheet will not run as a formula (a channel is typed by the owner)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


# --- participants: answering ------------------------------------------------------------------


def _questions_or_404(consultation: Consultation):
    questions = queries.questions_of(consultation)
    if questions is None or not questions.asks_anything:
        abort(404)
    return questions


@bp.route("/consultaties/<slug>/over-u", methods=["GET", "POST"])
@login_required
@limiter.limit("30 per hour", methods=["POST"], key_func=current_user_key)
def profile(slug: str):
    consultation = consultation_or_abort(slug, policies.can_answer_profile_questions)
    questions = _questions_or_404(consultation)
    answer = queries.answer_of(current_user, consultation)
    form = ProfileForm.for_questions(questions)
    back = safe_next(request.values.get("next")) or url_for("consultations.show", slug=slug)
    if answer is None and request.method == "POST" and form.validate_on_submit():
        now = utcnow()
        if request.form.get("action") == "skip":
            act = lambda: services.skip_questions(current_user, consultation, now)  # noqa: E731
            message = _("You will not be asked these questions again for this consultation.")
        else:
            answers = services.Answers(
                postcode=form.postcode.data if "postcode" in form else None,
                district_unsaid=bool(form.district_unsaid.data) if "district_unsaid" in form else False,
                age_band=form.age_band.data if "age_band" in form else None,
                channel=form.channel.data if "channel" in form else None,
            )
            act = lambda: services.answer_questions(current_user, consultation, answers, now)  # noqa: E731
            message = _("Thank you. Your answers help us see whom this consultation reaches.")
        if act_or_show_errors(form, act):
            flash(message, "success")
            return redirect(back)
    elif request.method == "POST" and answer is not None:
        flash(_("You have already answered these questions for this consultation."), "success")
        return redirect(back)
    status = 422 if request.method == "POST" else 200
    return render_template(
        "reach/profile.html", consultation=consultation, form=form, answer=answer, back=back,
        took_part=answer is not None or queries.has_taken_part(current_user, consultation),
        district_names=queries.district_names() if answer is not None else {}, unsaid=UNSAID,
    ), status


@bp.route("/consultaties/<slug>/over-u/wissen", methods=["POST"])
@login_required
def clear(slug: str):
    consultation = consultation_or_abort(slug, policies.can_answer_profile_questions)
    error = attempt(lambda: services.clear_answers(current_user, consultation)).error
    if error is not None:
        flash(error.message, "error")
    else:
        flash(_("Your answers have been removed. We will not ask them again."), "success")
    return redirect(url_for("reach.profile", slug=slug))


bp.add_app_template_global(queries.AGE_BAND_LABELS, "age_band_labels")
