from flask_wtf import FlaskForm


class ConfirmForm(FlaskForm):
    """A confirmation page's button: nothing but the CSRF token."""
