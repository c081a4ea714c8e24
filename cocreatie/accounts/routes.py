from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from cocreatie import db
from cocreatie.accounts import bp, services
from cocreatie.accounts.forms import LoginForm, RegistrationForm
from cocreatie.clock import utcnow
from cocreatie.errors import DomainError
from cocreatie.extensions import SUPPORTED_LOCALES, limiter, submitted_email_key
from cocreatie.web import safe_next


def _restart_session() -> None:
    """A new session (on log-in, log-out, confirmation) that keeps the chosen language."""
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale


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
            confirm_url=lambda token: url_for("accounts.confirm", token=token, _external=True),
            login_url=url_for("accounts.login", _external=True),
        )
        db.session.commit()
        session["pending_email"] = services.normalise_email(form.email.data)
        return redirect(url_for("accounts.check_email"))
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
    try:
        user = services.confirm_email(token, utcnow())
    except DomainError as error:
        db.session.rollback()
        return render_template("accounts/confirm_failed.html", message=error.message), 400
    services.record_login(user, utcnow())
    db.session.commit()
    _restart_session()
    login_user(user)
    flash(_("Your e-mail address is confirmed. Welcome!"), "success")
    return redirect(url_for("consultations.home"))


@bp.route("/inloggen", methods=["GET", "POST"])
@limiter.limit("10 per minute;100 per hour", methods=["POST"])
@limiter.limit("10 per 15 minutes", methods=["POST"], key_func=submitted_email_key)
def login():
    form = LoginForm()
    next_url = safe_next(request.args.get("next"))
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(_("The e-mail address or password is not correct."))
        elif user.email_confirmed_at is None:
            services.send_confirmation(
                user, utcnow(), lambda token: url_for("accounts.confirm", token=token, _external=True)
            )
            db.session.commit()
            form.email.errors.append(
                _("Confirm your e-mail address first. We have sent you a new link.")
            )
        else:
            services.record_login(user, utcnow())
            db.session.commit()
            _restart_session()
            login_user(user)
            flash(_("You are logged in."), "success")
            return redirect(next_url or url_for("consultations.home"))
    return render_template("accounts/login.html", form=form, next_url=next_url)


@bp.route("/uitloggen", methods=["POST"])
@login_required
def logout():
    logout_user()
    _restart_session()
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
        db.session.commit()
    return redirect(safe_next(request.form.get("next")) or url_for("consultations.home"))
