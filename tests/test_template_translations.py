"""Templates translate through the request's catalogue, looked up once per request."""

from flask import render_template_string, session
from flask_babel import refresh


def test_templates_speak_the_request_s_language_and_follow_a_change_of_it(app):
    template = '{{ _("Log out") }} · {{ ngettext("%(num)d supporter", "%(num)d supporters", 2) }}'
    with app.app_context(), app.test_request_context("/"):  # a new request: its own language
        assert render_template_string(template) == "Uitloggen · 2 steunbetuigingen"
        session["locale"] = "en"
        assert render_template_string(template) == "Uitloggen · 2 steunbetuigingen"  # chosen once per request
        refresh()
        assert render_template_string(template) == "Log out · 2 supporters"
    with app.app_context(), app.test_request_context("/"):  # a new request: its own language
        assert render_template_string(template) == "Uitloggen · 2 steunbetuigingen"
