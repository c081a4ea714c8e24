"""Content pages: how the platform works, accessibility, privacy and the house rules."""

from flask import Blueprint

bp = Blueprint("pages", __name__)

from cocreatie.pages import routes  # noqa: E402,F401  (registers the routes)
