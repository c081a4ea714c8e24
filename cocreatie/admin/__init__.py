"""Pages for administrators: the audit log."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

from cocreatie.admin import routes  # noqa: E402,F401  (registers the routes)
