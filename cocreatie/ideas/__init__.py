from flask import Blueprint

bp = Blueprint("ideas", __name__)

from cocreatie.ideas import routes  # noqa: E402,F401  (registers the routes)
