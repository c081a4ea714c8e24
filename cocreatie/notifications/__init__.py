"""Following, notifications (on the site and by e-mail) and e-mail preferences."""

from flask import Blueprint
from flask_login import current_user
from sqlalchemy.exc import OperationalError

from cocreatie import db

bp = Blueprint("notifications", __name__)

from cocreatie.notifications import queries, routes, site  # noqa: E402,F401  (registers the routes)

# Links in e-mail are built from PUBLIC_URL, also outside a request (commands).
bp.record_once(lambda state: site.configure(state.app))


def unread_notification_count() -> int:
    """For the header: one COUNT on an index, none for visitors."""
    if not current_user.is_authenticated:
        return 0
    try:
        return queries.unread_count(current_user.id)
    except OperationalError:
        # The header must not break the page that explains a busy or unavailable
        # database and shows the person what they typed.
        db.session.rollback()
        return 0


def follow_of(target):
    """The viewer's follow of an idea or consultation, or None (one query for members)."""
    return queries.active_follow(current_user, target)


# The header and the idea and consultation pages belong to other packages; what they
# show of following reaches their templates as functions.
bp.add_app_template_global(unread_notification_count, "unread_notification_count")
bp.add_app_template_global(follow_of, "follow_of")
bp.add_app_template_global(queries.UNREAD_CAP, "unread_cap")
