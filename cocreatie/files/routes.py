"""Managing a consultation's, phase's or outcome's header image and attachments, and
serving them to whoever may see the page they belong to."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user, login_required

from cocreatie import policies
from cocreatie.clock import utcnow
from cocreatie.files import queries, services, storage
from cocreatie.files.forms import AttachmentForm, HeaderImageForm
from cocreatie.files.services import Holder, Upload
from cocreatie.models import StoredFile
from cocreatie.models.files import image_name
from cocreatie.web import act_or_show_errors, attempt, consultation_or_abort

bp = Blueprint("files", __name__)

MANAGE = "/beheer/consultaties/<slug>"
HOLDER_PATHS = (
    ("/bestanden", {"phase_id": None, "outcome_id": None}),
    ("/fasen/<int:phase_id>/bestanden", {"outcome_id": None}),
    ("/uitkomsten/<int:outcome_id>/bestanden", {"phase_id": None}),
)
UPLOADS = frozenset({"files.set_header_image", "files.add_attachment"})
# Served files never run or render as a page: no scripts, no plug-ins, a sandbox, no frames.
FILE_POLICY = "default-src 'none'; sandbox; frame-ancestors 'none'"
MB = 1024 * 1024


def _holder_routes(suffix: str, methods: tuple[str, ...]):
    """One view for the consultation's own files, a phase's and an outcome's."""

    def register(view):
        for path, defaults in HOLDER_PATHS:
            bp.add_url_rule(MANAGE + path + suffix, view_func=view, defaults=defaults, methods=list(methods))
        return view

    return register


def max_upload_bytes() -> int:
    return current_app.config["MAX_UPLOAD_MB"] * MB


@bp.url_value_preprocessor
def _room_for_uploads(endpoint: str | None, _values) -> None:
    """Upload forms may send more than the site's 2 MB: up to twice the upload limit, so
    a file somewhat too large is still read and refused next to its field with the rest
    of the form kept. (Runs before the CSRF check reads the form.)"""
    if endpoint in UPLOADS:
        request.max_content_length = 2 * max_upload_bytes() + MB


# --- what a file belongs to -------------------------------------------------------------


def _holder(slug: str, phase_id: int | None, outcome_id: int | None) -> Holder:
    if outcome_id is not None:
        consultation = consultation_or_abort(slug, policies.can_publish_outcome)
        outcome = queries.outcome_in(consultation, outcome_id)
        if outcome is None:
            abort(404)
        if not policies.can_manage_outcome_files(current_user, outcome):
            abort(403)
        return Holder(consultation, outcome=outcome)
    consultation = consultation_or_abort(slug, policies.can_manage_files)
    if phase_id is None:
        return Holder(consultation)
    phase = next((p for p in consultation.phases if p.id == phase_id), None)
    if phase is None:
        abort(404)
    return Holder(consultation, phase=phase)


def _manage_url(holder: Holder) -> str:
    return url_for(
        "files.manage", slug=holder.consultation.slug,
        phase_id=holder.phase.id if holder.phase else None,
        outcome_id=holder.outcome.id if holder.outcome else None,
    )


def _back_url(holder: Holder) -> str:
    slug = holder.consultation.slug
    if holder.phase is not None:
        return url_for("consultations.edit_phase", slug=slug, phase_id=holder.phase.id)
    if holder.outcome is not None:
        return url_for("feedback.edit_outcome", slug=slug, outcome_id=holder.outcome.id)
    return url_for("consultations.edit", slug=slug)


def _render(holder: Holder, image_form=None, attachment_form=None, status: int = 200):
    files = queries.holder_files(
        holder.consultation.id, holder.phase.id if holder.phase else None, holder.outcome.id if holder.outcome else None
    )
    # The form not sent starts empty (formdata=None: it never reads this request's body).
    image_form = image_form or HeaderImageForm(prefix="image", formdata=None, obj=files.header)
    attachment_form = attachment_form or AttachmentForm(prefix="attachment", formdata=None)
    image_form.file.flags.required = files.header is None
    if files.header is not None:
        image_form.file.description = " ".join(
            (str(image_form.file.description), _("Choose no file to keep the current image and change only its description."))
        )
    return render_template(
        "files/manage.html", holder=holder, files=files, image_form=image_form, attachment_form=attachment_form,
        manage_url=_manage_url(holder), back_url=_back_url(holder), max_mb=current_app.config["MAX_UPLOAD_MB"],
    ), status


def _upload(field) -> Upload | None:
    sent = field.data
    if sent is None or not getattr(sent, "filename", None):
        return None  # no file chosen
    # One byte more than allowed is enough to know it is too large.
    return Upload(sent.filename, sent.stream.read(max_upload_bytes() + 1))


# --- managing -----------------------------------------------------------------------------


@_holder_routes("", ("GET",))
@login_required
def manage(slug: str, phase_id: int | None, outcome_id: int | None):
    holder = _holder(slug, phase_id, outcome_id)
    too_large = request.args.get("te_groot")  # sent back here by _too_large
    if too_large == "image":
        form = HeaderImageForm(prefix="image", formdata=None)
        form.file.errors = [_too_large_message()]
        return _render(holder, image_form=form)
    if too_large == "attachment":
        form = AttachmentForm(prefix="attachment", formdata=None)
        form.file.errors = [_too_large_message()]
        return _render(holder, attachment_form=form)
    return _render(holder)


@_holder_routes("/afbeelding", ("POST",))
@login_required
def set_header_image(slug: str, phase_id: int | None, outcome_id: int | None):
    holder = _holder(slug, phase_id, outcome_id)
    form = HeaderImageForm(prefix="image")
    if form.validate_on_submit() and act_or_show_errors(form, lambda: services.set_header_image(
        current_user, holder, _upload(form.file), form.alt_text.data or "", form.decorative.data, utcnow(),
        max_upload_bytes(),
    )):
        flash(_("The image has been saved."), "success")
        return redirect(_manage_url(holder))
    return _render(holder, image_form=form, status=422)


@_holder_routes("/bijlagen", ("POST",))
@login_required
def add_attachment(slug: str, phase_id: int | None, outcome_id: int | None):
    holder = _holder(slug, phase_id, outcome_id)
    form = AttachmentForm(prefix="attachment")
    if form.validate_on_submit() and act_or_show_errors(form, lambda: services.add_attachment(
        current_user, holder, _upload(form.file), form.title.data or "", utcnow(), max_upload_bytes(),
    )):
        flash(_("The attachment has been added."), "success")
        return redirect(_manage_url(holder))
    return _render(holder, attachment_form=form, status=422)


@bp.errorhandler(413)
def _too_large(error):
    """A request larger than even the upload forms take cannot be read (the CSRF check
    stops at its size): back to the form, with the message next to its file field."""
    if request.endpoint not in UPLOADS:
        return error
    args = request.view_args or {}
    which = "image" if request.endpoint == "files.set_header_image" else "attachment"
    return redirect(url_for("files.manage", slug=args.get("slug", ""), phase_id=args.get("phase_id"),
                            outcome_id=args.get("outcome_id"), te_groot=which), 303)


def _too_large_message() -> str:
    return _("This file is larger than %(size)s MB. Choose a smaller file, or make it smaller first.",
             size=current_app.config["MAX_UPLOAD_MB"])


def _managed_file(slug: str, file_id: int) -> tuple[StoredFile, Holder]:
    file = queries.file_by_id(file_id)
    if file is None or file.consultation.slug != slug:
        abort(404)
    holder = services.holder_of(file)
    if not services.may_manage(current_user, holder):
        abort(404 if not policies.can_view_file(current_user, file) else 403)
    return file, holder


@bp.route(MANAGE + "/bestanden/<int:file_id>/verwijderen", methods=["GET", "POST"])
@login_required
def delete(slug: str, file_id: int):
    file, holder = _managed_file(slug, file_id)
    if request.method == "POST":
        services.delete_file(current_user, file, utcnow())
        flash(_("The image has been removed.") if file.is_image else _("The attachment has been removed."), "success")
        return redirect(_manage_url(holder))
    if file.is_image:
        heading = _("Remove the image?")
        consequences = [_("The image disappears from the page and is deleted from the server. You cannot undo this.")]
    else:
        heading = _("Remove this attachment?")
        consequences = [_("“%(title)s” (%(kind)s, %(size)s) disappears from the page and is deleted from the server. "
                          "You cannot undo this.", title=file.title, kind=file.extension.upper(), size=file_size(file.size))]
    manage_url = _manage_url(holder)
    return render_template(
        "confirm.html", heading=heading, consequences=consequences, danger=True,
        action=url_for("files.delete", slug=slug, file_id=file.id), button=_("Yes, remove it"), cancel=manage_url,
        crumbs=[(_("Manage"), url_for("consultations.manage")),
                (holder.consultation.title, url_for("consultations.phases", slug=slug)),
                (_("Image and attachments"), manage_url), (heading, None)],
    )


@bp.route(MANAGE + "/bestanden/<int:file_id>/verplaatsen", methods=["POST"])
@login_required
def move(slug: str, file_id: int):
    file, holder = _managed_file(slug, file_id)
    error = attempt(lambda: services.move_attachment(current_user, file, request.form.get("direction") == "up",
                                                     utcnow())).error
    if error is not None:
        flash(error.message, "error")
    return redirect(_manage_url(holder) + "#attachments-title")


# --- serving ------------------------------------------------------------------------------


def _visible(file_id: int) -> StoredFile:
    file = queries.file_by_id(file_id)
    if file is None or not policies.can_view_file(current_user, file):
        abort(404)  # a draft's files do not reveal that it exists
    return file


def _send(file: StoredFile, name: str, *, inline: bool, download_name: str, size: int | None):
    try:
        stream = storage.current().open(name)
    except (FileNotFoundError, ValueError):
        abort(404)
    response = send_file(
        stream, mimetype=file.content_type, as_attachment=not inline, download_name=download_name,
        etag=name, conditional=True, max_age=None,
    )
    if size is not None and response.status_code == 200:
        response.content_length = size
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = FILE_POLICY
    # Browsers may keep what anyone may see; a file behind a log-in or an invitation, never.
    public = policies.can_view_file(None, file)
    response.headers["Cache-Control"] = "private, max-age=3600" if public else "private, no-store"
    return response


@bp.route("/bestanden/<int:file_id>")
def download(file_id: int):
    file = _visible(file_id)
    if file.is_image:
        abort(404)
    return _send(file, file.storage_key, inline=False, download_name=f"{file.title}.{file.extension}",
                 size=file.size)


@bp.route("/afbeeldingen/<int:file_id>/<int:width>")
def image(file_id: int, width: int):
    file = _visible(file_id)
    if not file.is_image or width not in file.image_widths:
        abort(404)
    return _send(file, image_name(file.storage_key, width, file.extension), inline=True,
                 download_name=f"afbeelding-{file.id}-{width}.{file.extension}", size=None)


# --- for templates ------------------------------------------------------------------------


@bp.app_template_filter("file_size")
def file_size(size: int) -> str:
    """"2,3 MB", "840 kB": as the government's own sites list downloads."""
    if size >= MB:
        return _("%(size)s MB", size=format_decimal(round(size / MB, 1), format="#,##0.#"))
    return _("%(size)s kB", size=format_decimal(max(1, round(size / 1024)), format="#,##0"))


@bp.app_template_global()
def image_srcset(file: StoredFile) -> str:
    return ", ".join(f"{url_for('files.image', file_id=file.id, width=w)} {w}w" for w in file.image_widths)
