"""Roles per consultation (owners, procesmanagers) and recruiting participants by invitation."""

from flask import Blueprint

bp = Blueprint("recruitment", __name__)

from cocreatie.recruitment import routes  # noqa: E402,F401  (registers the routes)
from cocreatie.recruitment.forms import MEMBER_ROLE_LABELS  # noqa: E402

bp.add_app_template_global(MEMBER_ROLE_LABELS, "member_role_labels")
