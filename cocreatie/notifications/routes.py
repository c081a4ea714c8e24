from flask import Blueprint, abort, flash, has_request_context, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import OperationalError

from cocreatie import db, fragments, lookups, policies
from cocreatie.clock import utcnow
from cocreatie.extensions import csrf, current_user_key, limiter
from cocreatie.models import Consultation, EmailFrequency, Idea
from cocreatie.notifications import follows, queries, services, texts
from cocreatie.notifications.forms import PreferencesForm, WorkPreferencesForm
from cocreatie.pagination import page_number
from cocreatie.web import attempt, retry_when_busy, safe_next

bp = Blueprint("notifications", __name__)

PER_PAGE = 25


def _back(default: str):
    return redirect(safe_next(request.form.get("next")) or default)


# --- the list -------------------------------------------------------------------------


@bp.route("/account/berichten")
@login_required
def index():
    if not policies.can_view_notifications(current_user):
        abort(403)
    page = queries.notifications_page(current_user.id, page_number(request.args.get("page")), PER_PAGE)
    decisions = texts.load_decisions(page.items)
    rows = []
    for n in page.items:
        endpoint, values = texts.target(n)
        lines = [
            (line.text, url_for(line.target[0], **line.target[1]) if line.target else None)
            for line in texts.details(n, decisions)
        ]
        rows.append((n, texts.describe(n), url_for(endpoint, **values), lines))
    return render_template("notifications/index.html", page=page, rows=rows)


@bp.route("/account/berichten/<int:notification_id>/gelezen", methods=["POST"])
@login_required
def mark_read(notification_id: int):
    notification = queries.get_notification(notification_id)
    if notification is None or not policies.can_read_notification(current_user, notification):
        abort(404)  # someone else's notification is not revealed
    services.mark_read(current_user, notification, utcnow())
    return _back(url_for("notifications.index"))


@bp.route("/account/berichten/alles-gelezen", methods=["POST"])
@login_required
def mark_all_read():
    if not policies.can_view_notifications(current_user):
        abort(403)
    services.mark_all_read(current_user, utcnow())
    flash(_("All notifications are marked as read."), "success")
    return redirect(url_for("notifications.index"))


# --- following ------------------------------------------------------------------------


@bp.route("/account/volgend")
@login_required
def following():
    page = queries.follows_page(current_user.id, page_number(request.args.get("page")), PER_PAGE)
    return render_template("notifications/following.html", page=page)


def _follow_box(target: Idea | Consultation, message: str):
    """For cocreatie.js: the follow box of the idea or consultation page, as it is now."""
    if isinstance(target, Idea):
        follow_url = url_for("notifications.follow_idea", idea_id=target.id)
        page = url_for("ideas.show", idea_id=target.id)
    else:
        follow_url = url_for("notifications.follow_consultation", slug=target.slug)
        page = url_for("consultations.show", slug=target.slug)
    next_page = safe_next(request.form.get("next")) or page
    follow = queries.active_follow(current_user, target) if policies.can_follow(current_user, target) else None
    box = fragments.render("notifications/_follow.html", "follow_box", target, follow, follow_url, next_page)
    return fragments.respond(message, [box], next_page)


def _follow(target: Idea | Consultation, default: str):
    if not policies.can_follow(current_user, target):
        abort(403)
    follows.follow(current_user, target, utcnow())
    message = _("You follow this now. You get a notification when something happens.")
    if fragments.wanted():
        return _follow_box(target, message)
    flash(message, "success")
    return _back(default)


@bp.route("/ideeen/<int:idea_id>/volgen", methods=["POST"])
@retry_when_busy
@login_required
@limiter.limit("60 per minute", key_func=current_user_key)
def follow_idea(idea_id: int):
    idea = lookups.idea_by_id(idea_id)
    if idea is None or not policies.can_view_consultation(current_user, idea.consultation):
        abort(404)
    return _follow(idea, url_for("ideas.show", idea_id=idea.id))


@bp.route("/consultaties/<slug>/volgen", methods=["POST"])
@retry_when_busy
@login_required
@limiter.limit("60 per minute", key_func=current_user_key)
def follow_consultation(slug: str):
    consultation = lookups.consultation_by_slug(slug)
    if consultation is None or not policies.can_view_consultation(current_user, consultation):
        abort(404)
    return _follow(consultation, url_for("consultations.show", slug=consultation.slug))


@bp.route("/account/volgend/<int:follow_id>/stoppen", methods=["POST"])
@login_required
@limiter.limit("60 per minute", key_func=current_user_key)
def stop_following(follow_id: int):
    follow = queries.get_follow(follow_id)
    if follow is None or not policies.can_stop_following(current_user, follow):
        abort(404)
    follows.stop_following(current_user, follow, utcnow())
    message = _("You no longer follow this.")
    if fragments.wanted():
        return _follow_box(follow.idea or follow.consultation, message)
    flash(message, "success")
    return _back(url_for("notifications.following"))


# --- e-mail ---------------------------------------------------------------------------


@bp.route("/account/e-mailinstellingen", methods=["GET", "POST"])
@login_required
def preferences():
    if not policies.can_change_notification_preferences(current_user):
        abort(403)
    data = {"email_frequency": current_user.email_frequency.value,
            "work_email_frequency": current_user.work_email_frequency.value}
    # Staff also choose how they hear of new reports and requests for review.
    form = (WorkPreferencesForm if policies.can_view_worklist(current_user) else PreferencesForm)(data=data)
    if form.validate_on_submit():
        services.set_email_frequency(current_user, EmailFrequency(form.email_frequency.data))
        if isinstance(form, WorkPreferencesForm):
            services.set_work_email_frequency(current_user, EmailFrequency(form.work_email_frequency.data))
        flash(_("Your e-mail settings are saved."), "success")
        return redirect(url_for("notifications.preferences"))
    return render_template("notifications/preferences.html", form=form)


@bp.route("/e-mail/afmelden/<token>")
def unsubscribe(token: str):
    # Only shows a button: link scanners in mail programs follow links, and must not
    # unsubscribe anyone by doing so.
    return render_template("notifications/unsubscribe.html", token=token)


# Exempt from CSRF on purpose, and only this endpoint. RFC 8058 one-click unsubscribe
# means the mail program itself POSTs here, without a session or a form token. What
# authorises the request is the token in the URL: signed with the secret key, bound to
# this purpose by its salt, to one person and their current address, and expiring. A
# forged cross-site POST would need that token, which only the mailbox owner has; and the
# only thing it can do is lower that person's e-mail to "never".
# Not rate-limited either: large mail providers POST for many people from few addresses,
# and a signature check is cheap.
@bp.route("/e-mail/afmelden/<token>", methods=["POST"])
@csrf.exempt
def unsubscribe_confirmed(token: str):
    error = attempt(lambda: services.unsubscribe_by_token(token)).error
    if error is not None:
        return render_template("notifications/unsubscribe_failed.html", message=error.message), 400
    return redirect(url_for("notifications.unsubscribed"))


@bp.route("/e-mail/afgemeld")
def unsubscribed():
    return render_template("notifications/unsubscribed.html")


def _unread_notification_count() -> int:
    """For the header: one COUNT on an index, none for visitors (nor outside a request)."""
    if not has_request_context() or not current_user.is_authenticated:
        return 0
    try:
        return queries.unread_count(current_user.id)
    except OperationalError:
        # The header must not break the page that explains a busy or unavailable
        # database and shows the person what they typed.
        db.session.rollback()
        return 0


# Every page's header shows the signed-in person's unread count. Pages are rendered with
# render_template, which asks this; fragments (fragments.render) are not, and have no
# header. Counted here, once per page, rather than by the template.
@bp.app_context_processor
def _header_counts() -> dict:
    return {"unread_notifications": _unread_notification_count()}


bp.add_app_template_global(queries.UNREAD_CAP, "unread_cap")
