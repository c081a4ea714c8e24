"""House rules, reports, the moderation queue, hiding and restoring, merging, appeals
and the public moderation log."""

from flask import Blueprint

from cocreatie.models import Idea

bp = Blueprint("moderation", __name__)

from cocreatie.moderation import queries, routes  # noqa: E402,F401  (registers the routes)

# The idea page and the idea form belong to other packages; what they show of moderation
# (placeholders, "merged into", house rules) reaches their templates as functions, each
# a fixed number of queries.
bp.add_app_template_global(queries.idea_moderation, "idea_moderation")
bp.add_app_template_global(queries.house_rules, "house_rules")
bp.add_app_template_test(lambda item: isinstance(item, Idea), "idea")
