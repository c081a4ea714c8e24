"""Flask extensions, created unbound; the factory wires them with init_app."""

from flask import has_request_context, request, session
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, current_user
from flask_wtf import CSRFProtect

login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])

SUPPORTED_LOCALES = ("nl", "en")


def session_locale() -> str | None:
    """The language chosen with the switch in this browser, if any."""
    chosen = session.get("locale")
    return chosen if chosen in SUPPORTED_LOCALES else None


def select_locale() -> str:
    if not has_request_context():
        return "nl"  # commands and background work speak the default language
    chosen = session_locale()
    if chosen:
        return chosen
    if current_user.is_authenticated and current_user.locale in SUPPORTED_LOCALES:
        return current_user.locale
    return "nl"


babel = Babel()


def current_user_key() -> str:
    """Rate-limit key for signed-in actions: per account, not per address."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"addr:{get_remote_address()}"


def submitted_email_key() -> str:
    """Rate-limit key for log-in attempts against one account, from any address."""
    return "login:" + (request.form.get("email") or "").strip().lower()[:254]
