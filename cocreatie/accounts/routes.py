import hmac

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user, login_required, user_logged_in

from cocreatie.accounts import guessing, services
from cocreatie.accounts.forms import ForgotPasswordForm, LoginForm, RegistrationForm, ResetPasswordForm
from cocreatie.clock import utcnow
from cocreatie.extensions import SUPPORTED_LOCALES, limiter, submitted_email_and_address_key, submitted_email_key
from cocreatie.models import TokenPurpose
from cocreatie.models.users import normalise_email
from cocreatie import db, links
from cocreatie.signin import flow as signin_flow, services as signin_services
from cocreatie.recruitment import pending as pending_invitation
from cocreatie.signin.flow import BLOCKED_MESSAGE
from cocreatie.web import attempt, reads_first, safe_next

bp = Blueprint("accounts", __name__)


# A session remembers a keyed fingerprint of the password hash it was started with; once
# the password changes, every other session (another browser, a stolen cookie) no
# longer matches and is ended on its next request.
_PASSWORD_FINGERPRINT = "_pw"


def _password_fingerprint(user) -> str:
    key = current_app.secret_key.encode() if isinstance(current_app.secret_key, str) else current_app.secret_key
    return hmac.new(key, user.password_hash.encode(), "sha256").hexdigest()[:32]


@user_logged_in.connect
def _remember_password_fingerprint(_app, user, **_extra) -> None:
    # A signal, so every log-in (also from other packages) is covered.
    session[_PASSWORD_FINGERPRINT] = _password_fingerprint(user)


@bp.before_app_request
def _end_sessions_of_an_old_password():
    if current_user.is_authenticated and not hmac.compare_digest(
        session.get(_PASSWORD_FINGERPRINT, ""), _password_fingerprint(current_user)
    ):
        signin_flow.end(utcnow())


@bp.route("/registreren", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("consultations.home"))
    form = RegistrationForm()
    if form.validate_on_submit():
        services.register(
            form.email.data,
            form.display_name.data,
            form.password.data,
            utcnow(),
            locale=str(get_locale()),
            confirm_url=lambda token: links.url("accounts.confirm", token=token),
            login_url=links.url("accounts.login"),
        )
        session["pending_email"] = normalise_email(form.email.data)
        return redirect(url_for("accounts.check_email"))
    if request.method == "GET" and not form.email.data:
        # Invited, then "create an account": the account must have the invited address.
        form.email.data = pending_invitation.invited_address()
    return render_template("accounts/register.html", form=form)


@bp.route("/registreren/controleer-uw-e-mail")
def check_email():
    return render_template("accounts/check_email.html", email=session.get("pending_email"))


@bp.route("/bevestigen/<token>", methods=["GET", "POST"])
def confirm(token: str):
    # GET shows a button; only the POST uses the token, so link scanners in mail
    # programs cannot spend it.
    if request.method == "GET":
        return render_template("accounts/confirm.html", token=token)
    confirmed = attempt(lambda: services.confirm_email(token, utcnow()))
    if confirmed.error is not None:
        return render_template("accounts/confirm_failed.html", message=confirmed.error.message), 400
    # An invitation opened before registering is accepted as they sign in (signin.flow).
    return signin_flow.proceed(confirmed.value, utcnow(), welcome=_("Your e-mail address is confirmed. Welcome!"))


@bp.route("/inloggen", methods=["GET", "POST"])
@limiter.limit("10 per minute;100 per hour", methods=["POST"])
# Guessing at one account from one address is stopped soon; from many, later. Never by
# account alone at the strict rate, or anyone could lock a known account out (F1).
@limiter.limit("10 per 15 minutes", methods=["POST"], key_func=submitted_email_and_address_key)
@limiter.limit("50 per hour", methods=["POST"], key_func=submitted_email_key)
@reads_first
def login():
    form = LoginForm()
    next_url = safe_next(request.args.get("next"))
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        # The password is checked (slow on purpose) before SQLite's write lock is taken:
        # other people's writes do not wait for it.
        db.write_from_here()
        if user is None:
            form.password.errors.append(_("The e-mail address or password is not correct."))
            if guessing.failed_login(form.email.data):
                services.warn_of_password_guessing(
                    form.email.data, request.remote_addr, utcnow(), links.url("accounts.forgot_password")
                )
        elif user.is_blocked:
            form.email.errors.append(str(BLOCKED_MESSAGE))
        elif user.email_confirmed_at is None:
            services.send_confirmation(
                user, utcnow(), lambda token: links.url("accounts.confirm", token=token)
            )
            form.email.errors.append(
                _("Confirm your e-mail address first. We have sent you a new link.")
            )
        else:
            # With two factors on to the code step; then signed in, an invitation opened
            # while signed out accepted, and the language chosen kept (signin.flow).
            return signin_flow.proceed(user, utcnow(), next_url)
    return render_template("accounts/login.html", form=form, next_url=next_url)


@bp.route("/uitloggen", methods=["POST"])
@login_required
def logout():
    signin_flow.end(utcnow())  # the session's record ends: a copy of the cookie no longer works
    flash(_("You are logged out."), "success")
    return redirect(url_for("consultations.home"))


@bp.route("/taal", methods=["POST"])
def set_language():
    locale = request.form.get("locale")
    if locale not in SUPPORTED_LOCALES:
        abort(400)
    session["locale"] = locale
    if current_user.is_authenticated:
        current_user.locale = locale
    return redirect(safe_next(request.form.get("next")) or url_for("consultations.home"))


# --- password reset -------------------------------------------------------------------


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
@limiter.limit("5 per 15 minutes;20 per day", methods=["POST"])
@limiter.limit("3 per hour", methods=["POST"], key_func=submitted_email_key)
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(
            form.email.data, utcnow(), lambda token: links.url("accounts.reset_password", token=token)
        )
        return redirect(url_for("accounts.reset_sent"))
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/wachtwoord-vergeten/verstuurd")
def reset_sent():
    # The same page whether or not the address has an account.
    return render_template("accounts/reset_sent.html")


@bp.route("/wachtwoord-herstellen/<token>", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def reset_password(token: str):
    # Looking does not use the link (mail scanners follow links); saving does.
    account = services.usable_token_owner(token, TokenPurpose.RESET_PASSWORD, utcnow())
    if account is None:
        return render_template("accounts/reset_failed.html"), 400
    form = ResetPasswordForm(account)
    if form.validate_on_submit():
        reset = attempt(
            lambda: services.reset_password(token, form.password.data, utcnow(), links.url("accounts.forgot_password"))
        )
        if reset.error is not None:
            if reset.error.field != "password":
                return render_template("accounts/reset_failed.html"), 400
            form.password.errors.append(reset.error.message)
            return render_template("accounts/reset_password.html", form=form, token=token), 422
        # A new password ends every session; this browser signs in afresh (with the
        # code step for someone with two factors: the link proves only the mailbox).
        signin_services.end_sessions(reset.value, utcnow())
        return signin_flow.proceed(reset.value, utcnow(), welcome=_("Your password has been changed. You are logged in."))
    return render_template("accounts/reset_password.html", form=form, token=token)
