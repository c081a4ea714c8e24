"""Content pages, written once as translatable text.

The organisation's name and contact address come from the configuration, so each
government that runs Cocreatie gets statements in its own name.
"""

from datetime import date

from flask import Blueprint, render_template
from flask_babel import get_locale, lazy_gettext as _l
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


# The default house rules in the reader's language. New consultations store them in Dutch
# (DEFAULT_HOUSE_RULES, the one source); these are their translations, in the same order,
# whose Dutch is exactly that source (tests/pages check it), so this page reads the same
# as a new consultation's rules in Dutch and in English.
TRANSLATED_HOUSE_RULES = [
    (_l("Be respectful"), _l("Criticise ideas, not people. No insults, threats or discrimination.")),
    (_l("Stay on topic"),
     _l("Respond to the question of this consultation and to each other. For other matters, contact the municipality directly.")),
    (_l("No advertising or spam"),
     _l("No advertisements, no repeated messages and no links that have nothing to do with the subject.")),
    (_l("Respect privacy"),
     _l("Do not mention names, addresses or other details of others, and share nothing by which someone can be recognised.")),
    (_l("Keep it within the law"),
     _l("No calls to violence or other criminal content. Do you see something that is wrong? Use the Report button.")),
]


@bp.route("/huisregels")
def house_rules():
    # The same defaults every new consultation starts with (in Dutch, DEFAULT_HOUSE_RULES).
    # Each open consultation links to its own rules, which its procesmanagers may adapt.
    dutch = str(get_locale()) == "nl"
    return render_template(
        "pages/house_rules.html",
        rules=DEFAULT_HOUSE_RULES if dutch else [(str(t), str(e)) for t, e in TRANSLATED_HOUSE_RULES],
        open_now=consultation_queries.open_now(current_user, utcnow()),
    )
