"""Content pages, written once as translatable text.

The organisation's name and contact address come from the configuration, so each
government that runs Cocreatie gets statements in its own name.
"""

from datetime import date

from flask import Blueprint, render_template
from flask_login import current_user

from cocreatie.badges import RoleBadge
from cocreatie.clock import utcnow
from cocreatie.consultations import queries as consultation_queries
from cocreatie.moderation.services import DEFAULT_HOUSE_RULES
from cocreatie.privacy import periods

bp = Blueprint("pages", __name__)

# The day the accessibility statement was last checked against what the tests cover.
# Change it whenever the statement's content changes.
ACCESSIBILITY_STATEMENT_DATE = date(2026, 12, 2)

# How soon someone who reports an accessibility problem or asks about their data hears
# back (working days). The AVG allows a month for a data request; we aim for sooner.
ANSWER_WITHIN_WORKING_DAYS = 5


@bp.route("/over")
def about():
    return render_template("pages/about.html", roles=RoleBadge)  # the badges' legend


@bp.route("/toegankelijkheid")
def accessibility():
    return render_template(
        "pages/accessibility.html",
        statement_date=ACCESSIBILITY_STATEMENT_DATE,
        answer_days=ANSWER_WITHIN_WORKING_DAYS,
    )


@bp.route("/privacy")
def privacy():
    # The periods `flask retention` enforces, from the one place they are set.
    return render_template(
        "pages/privacy.html", answer_days=ANSWER_WITHIN_WORKING_DAYS, retention=periods.statement_numbers()
    )


@bp.route("/huisregels")
def house_rules():
    # The same defaults every new consultation starts with: one source, never a copy.
    # Each open consultation links to its own rules, which its procesmanagers may adapt.
    return render_template(
        "pages/house_rules.html",
        rules=DEFAULT_HOUSE_RULES,
        open_now=consultation_queries.open_now(current_user, utcnow()),
    )
