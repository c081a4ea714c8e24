"""The code step of logging in, the sessions page, and setting up two-step sign-in.

Two hooks for every request live here too: the gate that sends staff without two
factors to set them up (from every page but a few), and noting when a session was last
used (at most every few minutes)."""

from __future__ import annotations

from datetime import datetime, timedelta

import click
import segno
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _, ngettext
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from cocreatie import db, policies
from cocreatie.clock import utcnow
from cocreatie.extensions import limiter
from cocreatie.models import User
from cocreatie.models.users import normalise_email
from cocreatie.signin import current, flow, queries, services
from cocreatie.signin.forms import CodeForm, FirstCodeForm, PasswordForm
from cocreatie.web import attempt

bp = Blueprint("signin", __name__)

# Where staff who have not set up two factors may still go: these pages, logging out,
# the language switch, the content pages and files. Everything else sends them here.
_OPEN_WITHOUT_TWO_FACTORS = {"accounts.logout", "accounts.set_language", "static", "huisstijl", "healthz"}
_OPEN_BLUEPRINTS = {"signin", "pages"}

SETUP_KEY = "_signin_setup"  # when the password was typed again to set up two factors
SETUP_WINDOW = timedelta(minutes=15)
CODES_KEY = "_signin_recovery_codes"  # new recovery codes, on their way to being shown once


def _pending_account_key() -> str:
    pending = session.get(flow.PENDING_KEY)
    return f"code:{pending.get('user') if isinstance(pending, dict) else '-'}"


def _pending_account_and_address_key() -> str:
    return f"{_pending_account_key()}:{request.remote_addr}"


# --- every request ------------------------------------------------------------------------


@bp.before_app_request
def _staff_sign_in_with_two_factors():
    endpoint = request.endpoint or ""
    if not endpoint or endpoint in _OPEN_WITHOUT_TWO_FACTORS or request.blueprint in _OPEN_BLUEPRINTS:
        return None
    if not current_user.is_authenticated or current.two_factor_on():
        return None
    if not policies.requires_two_factor(current_user) or services.has_two_factor(current_user):
        return None
    return redirect(url_for("signin.two_factor"))


@bp.after_app_request
def _note_session_use(response):
    """Last use is written at most every few minutes, in a small transaction of its own
    after the request's (which a reading request rolls back): it says nothing the
    request did, and a busy database only skips it."""
    seen = current.last_seen()
    now = utcnow()
    if seen is not None and now - seen[1] >= current.TOUCH_EVERY:
        try:
            services.touch(seen[0], now)
            db.session.commit()
        except OperationalError:
            db.session.rollback()
    return response


@bp.teardown_app_request
def _forget_session_record(_exc):
    current.forget()


# --- the code step ------------------------------------------------------------------------


@bp.route("/inloggen/code", methods=["GET", "POST"])
@limiter.limit("20 per minute;100 per hour", methods=["POST"])
@limiter.limit("5 per minute", methods=["POST"], key_func=_pending_account_and_address_key)
@limiter.limit("30 per hour", methods=["POST"], key_func=_pending_account_key)
def code():
    now = utcnow()
    user = flow.pending_user(now)
    if user is None:
        flash(_("Log in with your e-mail address and password first. This step has to be done within 10 minutes."), "error")
        return redirect(url_for("accounts.login"))
    form = CodeForm()
    if form.validate_on_submit():
        checked = attempt(lambda: services.verify(user, form.code.data, flow.secret_box(), now))
        if checked.error is None:
            return flow.finish_pending(user, now)
        form.code.errors.append(checked.error.message)
    return render_template("signin/code.html", form=form)


# --- sessions ---------------------------------------------------------------------------


def _active_sessions(now: datetime):
    return queries.active_sessions(current_user, now, current.idle_timeout(), current.lifetime())


@bp.route("/account/sessies")
@login_required
def sessions():
    if not policies.can_manage_own_sessions(current_user):
        abort(403)
    this = current.record()
    return render_template(
        "signin/sessions.html", sessions=_active_sessions(utcnow()), this_id=this.id if this else None,
        idle_minutes=int(current.idle_timeout().total_seconds() // 60),
        lifetime_hours=int(current.lifetime().total_seconds() // 3600),
    )


@bp.route("/account/sessies/<int:session_id>/beeindigen", methods=["POST"])
@login_required
def end_session(session_id: int):
    if not policies.can_manage_own_sessions(current_user):
        abort(403)
    this = current.record()
    if this is not None and this.id == session_id:
        abort(400)  # this browser's own session ends by logging out
    ended = attempt(lambda: services.end_own_session(current_user, session_id, utcnow()))
    if ended.error is not None:
        flash(ended.error.message, "error")
    else:
        flash(_("That session has been ended: whoever used it has to log in again."), "success")
    return redirect(url_for("signin.sessions"))


@bp.route("/account/sessies/andere-beeindigen", methods=["POST"])
@login_required
def end_other_sessions():
    if not policies.can_manage_own_sessions(current_user):
        abort(403)
    count = services.end_sessions(current_user, utcnow(), keep=current.record())
    flash(
        ngettext("%(num)d other session has been ended.", "%(num)d other sessions have been ended.", count)
        if count else _("There were no other sessions to end."),
        "success",
    )
    return redirect(url_for("signin.sessions"))


# --- two-step sign-in -------------------------------------------------------------------


@bp.route("/account/tweestapsverificatie")
@login_required
def two_factor():
    if not policies.can_manage_own_sessions(current_user):
        abort(403)
    on = services.has_two_factor(current_user)
    return render_template(
        "signin/two_factor.html",
        on=on,
        required=policies.requires_two_factor(current_user),
        codes_left=services.recovery_codes_left(current_user) if on else 0,
    )


@bp.route("/account/tweestapsverificatie/instellen", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per hour", methods=["POST"], key_func=lambda: f"reauth:{current_user.id}")
def setup():
    """First the password again, so that a session left open is not enough."""
    if not policies.can_manage_own_sessions(current_user):
        abort(403)
    if services.has_two_factor(current_user):
        return redirect(url_for("signin.two_factor"))
    form = PasswordForm()
    if form.validate_on_submit():
        if not current_user.has_password(form.password.data):
            form.password.errors.append(_("This password is not correct."))
        else:
            now = utcnow()
            services.begin_setup(current_user, flow.secret_box(), now)
            session[SETUP_KEY] = now.timestamp()
            return redirect(url_for("signin.link_app"))
    return render_template("signin/setup.html", form=form)


# Wide enough to scan from a screen, narrow enough to fit a 320-pixel screen inside a list.
QR_CODE_MAX_PIXELS = 200


def _qr_code(secret: str) -> str:
    uri = services.provisioning_uri(secret, current_user.email, current_app.config["ORGANISATION_NAME"])
    code = segno.make(uri, error="m")
    # Whole pixels per module keep the squares sharp; a longer address makes more modules.
    width, _height = code.symbol_size(scale=1, border=2)
    return code.svg_data_uri(scale=max(2, QR_CODE_MAX_PIXELS // width), border=2)


@bp.route("/account/tweestapsverificatie/koppelen", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per minute;30 per hour", methods=["POST"], key_func=lambda: f"link:{current_user.id}")
def link_app():
    """Scan the QR code (or type the key), then prove it with the first code."""
    if not policies.can_manage_own_sessions(current_user):
        abort(403)
    now = utcnow()
    since = session.get(SETUP_KEY)
    secret = services.pending_secret(current_user, flow.secret_box())
    if not isinstance(since, (int, float)) or now.timestamp() - since > SETUP_WINDOW.total_seconds() or secret is None:
        flash(_("Type your password again to set up two-step sign-in."), "error")
        return redirect(url_for("signin.setup"))
    form = FirstCodeForm()
    if form.validate_on_submit():
        confirmed = attempt(lambda: services.confirm_setup(current_user, form.code.data, flow.secret_box(), now))
        if confirmed.error is None:
            # Every other session was opened with the password alone: they end here.
            services.end_sessions(current_user, now, keep=current.record())
            session.pop(SETUP_KEY, None)
            session[CODES_KEY] = confirmed.value
            flash(_("Two-step sign-in is on. From now on you log in with your password and a code."), "success")
            return redirect(url_for("signin.recovery_codes"))
        form.code.errors.append(confirmed.error.message)
    grouped = " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
    return render_template("signin/link_app.html", form=form, qr_code=_qr_code(secret), secret=grouped)


@bp.route("/account/tweestapsverificatie/herstelcodes")
@login_required
def recovery_codes():
    """New recovery codes, shown once: they leave the session as this page is shown."""
    codes = session.pop(CODES_KEY, None)
    if not isinstance(codes, list):
        return redirect(url_for("signin.two_factor"))
    return render_template("signin/recovery_codes.html", codes=codes)


@bp.route("/account/tweestapsverificatie/nieuwe-herstelcodes", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per minute;30 per hour", methods=["POST"], key_func=lambda: f"renew:{current_user.id}")
def renew_recovery_codes():
    if not policies.can_manage_own_sessions(current_user):
        abort(403)
    if not services.has_two_factor(current_user):
        return redirect(url_for("signin.two_factor"))
    form = CodeForm()
    if form.validate_on_submit():
        renewed = attempt(lambda: services.new_recovery_codes(current_user, form.code.data, flow.secret_box(), utcnow()))
        if renewed.error is None:
            session[CODES_KEY] = renewed.value
            flash(_("You have new recovery codes. The old ones no longer work."), "success")
            return redirect(url_for("signin.recovery_codes"))
        form.code.errors.append(renewed.error.message)
    return render_template("signin/renew_recovery_codes.html", form=form)


@bp.route("/account/tweestapsverificatie/uitzetten", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per minute;30 per hour", methods=["POST"], key_func=lambda: f"off:{current_user.id}")
def turn_off():
    if not services.has_two_factor(current_user):
        return redirect(url_for("signin.two_factor"))
    if not policies.can_turn_off_two_factor(current_user):
        abort(403)
    form = CodeForm()
    if form.validate_on_submit():
        turned_off = attempt(lambda: services.turn_off(current_user, form.code.data, flow.secret_box(), utcnow()))
        if turned_off.error is None:
            flash(_("Two-step sign-in is off. You log in with your password alone."), "success")
            return redirect(url_for("signin.two_factor"))
        form.code.errors.append(turned_off.error.message)
    return render_template("signin/turn_off.html", form=form)


# --- for administrators -----------------------------------------------------------------


@bp.cli.command("reset-two-factor")
@click.argument("email")
def reset_two_factor_command(email: str):
    """Turn two-step sign-in off for someone who lost their phone and recovery codes
    (check who they are first); ends their sessions. Staff set it up again at log-in."""
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        raise click.ClickException(f"No account has the address {email}.")
    if not services.reset_two_factor(user, utcnow()):
        raise click.ClickException(f"Two-step sign-in is not on for {email}.")
    db.session.commit()
    click.echo(f"Two-step sign-in is off for {email}, and every session of theirs has ended.")
