"""The account page (name, e-mail address, password, the download of one's data) and
deleting one's account. Every page is about the signed-in person only: nothing takes an
account id from the request."""

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from cocreatie import links, policies
from cocreatie.clock import utcnow
from cocreatie.extensions import current_user_key, limiter
from cocreatie.privacy import export, queries, services
from cocreatie.privacy.forms import KEEP, DeleteAccountForm, DisplayNameForm, EmailChangeForm, PasswordChangeForm
from cocreatie.signin import current as signin_current, flow as signin_flow, services as signin_services
from cocreatie.web import act_or_show_errors, attempt

bp = Blueprint("privacy", __name__)

# Each of these asks for the current password: a few tries, then wait (per account).
REAUTHENTICATION_LIMIT = "10 per 15 minutes"


def _allowed(policy) -> None:
    if not policy(current_user):
        abort(403)


def _account_page(name_form=None, email_form=None, password_form=None, status: int = 200):
    return render_template(
        "privacy/account.html",
        name_form=name_form or DisplayNameForm(current_user, formdata=None, data={"display_name": current_user.display_name}),
        email_form=email_form or EmailChangeForm(formdata=None),
        password_form=password_form or PasswordChangeForm(current_user, formdata=None),
    ), status


@bp.route("/account")
@login_required
def account():
    _allowed(policies.can_manage_own_account)
    return _account_page()


@bp.route("/account/naam", methods=["POST"])
@login_required
def change_name():
    _allowed(policies.can_manage_own_account)
    form = DisplayNameForm(current_user)
    if form.validate_on_submit() and act_or_show_errors(
        form, lambda: services.change_display_name(current_user, form.display_name.data)
    ):
        flash(_("Your name has been changed."), "success")
        return redirect(url_for("privacy.account"))
    return _account_page(name_form=form, status=422)


@bp.route("/account/e-mailadres", methods=["POST"])
@login_required
@limiter.limit(REAUTHENTICATION_LIMIT, key_func=current_user_key)
def change_email():
    _allowed(policies.can_manage_own_account)
    form = EmailChangeForm()
    if form.validate_on_submit() and act_or_show_errors(
        form,
        lambda: services.request_email_change(
            current_user, form.email.data, form.password.data, utcnow(),
            confirm_url=lambda token: links.url("privacy.confirm_email", token=token),
        ),
    ):
        # The same message whether or not the address has an account (see the service).
        flash(_("We have sent a link to %(email)s. Your e-mail address changes once you open it.",
                email=form.email.data.strip()), "success")
        return redirect(url_for("privacy.account"))
    return _account_page(email_form=form, status=422)


@bp.route("/account/e-mailadres/bevestigen/<token>", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def confirm_email(token: str):
    # GET shows a button; only the POST uses the link, so link scanners in mail
    # programs cannot spend it. No sign-in needed: the link proves the mailbox, and the
    # change was asked for with the password.
    if request.method == "GET":
        return render_template("privacy/confirm_email.html", token=token)
    confirmed = attempt(lambda: services.confirm_email_change(token, utcnow(), current_app.config["CONTACT_EMAIL"]))
    if confirmed.error is not None:
        return render_template("privacy/confirm_email_failed.html", message=confirmed.error.message), 400
    user = confirmed.value
    if current_user.is_authenticated and current_user.id == user.id:
        flash(_("Your e-mail address has been changed."), "success")
        return redirect(url_for("privacy.account"))
    flash(_("Your e-mail address has been changed. Log in with your new address."), "success")
    return redirect(url_for("accounts.login"))


@bp.route("/account/wachtwoord", methods=["POST"])
@login_required
@limiter.limit(REAUTHENTICATION_LIMIT, key_func=current_user_key)
def change_password():
    _allowed(policies.can_manage_own_account)
    form = PasswordChangeForm(current_user)
    if form.validate_on_submit() and act_or_show_errors(
        form,
        lambda: services.change_password(
            current_user, form.current_password.data, form.new_password.data, utcnow(),
            forgot_url=links.url("accounts.forgot_password"),
        ),
    ):
        # Every other session ends; this browser goes on, in a new session of its own.
        user = current_user._get_current_object()
        signin_services.end_sessions(user, utcnow(), keep=signin_flow.start(user))
        flash(_("Your password has been changed. Other browsers where you were logged in are logged out."), "success")
        return redirect(url_for("privacy.account"))
    return _account_page(password_form=form, status=422)


@bp.route("/account/gegevens", methods=["POST"])
@login_required
@limiter.limit("10 per hour", key_func=current_user_key)
def download():
    _allowed(policies.can_download_own_data)
    now = utcnow()
    services.record_download(current_user, now)
    return Response(
        export.personal_data_zip(current_user, now),
        mimetype="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{export.file_name(now)}"'},
    )


@bp.route("/account/verwijderen", methods=["GET", "POST"])
@login_required
@limiter.limit(REAUTHENTICATION_LIMIT, methods=["POST"], key_func=current_user_key)
def delete():
    _allowed(policies.can_delete_own_account)
    form = DeleteAccountForm()
    problem = services.deletion_problem(current_user)
    if problem is None and form.validate_on_submit():
        user = current_user._get_current_object()
        keep = form.contributions.data == KEEP
        if act_or_show_errors(form, lambda: services.delete_account(user, form.password.data, keep, utcnow())):
            # The account's session records went with it: nothing is left to end.
            signin_current.forget()
            logout_user()
            locale = session.get("locale")
            session.clear()
            if locale:
                session["locale"] = locale
            flash(_("Your account has been deleted. We have sent a last e-mail to say what we removed."), "success")
            return redirect(url_for("consultations.home"))
    if request.method == "GET":
        status = 200
    else:
        status = 409 if problem else 422
    return render_template(
        "privacy/delete.html",
        form=form,
        problem=problem,
        counts=queries.contribution_counts(current_user.id),
    ), status
