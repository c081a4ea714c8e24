"""Official responses, response deadlines, outcomes and implementation updates."""

from flask import Blueprint

bp = Blueprint("feedback", __name__)

from cocreatie.feedback import queries, routes  # noqa: F401  (registers the routes)

# The idea and consultation pages show what the government said. Their handlers belong
# to other packages, so these reads reach the templates as functions: each costs a fixed
# number of queries (none for an idea that awaits its first response).
bp.add_app_template_global(queries.idea_feedback, "idea_feedback")
bp.add_app_template_global(queries.published_outcomes, "published_outcomes")
