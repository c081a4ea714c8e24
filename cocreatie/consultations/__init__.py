from flask import Blueprint

bp = Blueprint("consultations", __name__)

from cocreatie.consultations import routes  # noqa: E402,F401  (registers the routes)
