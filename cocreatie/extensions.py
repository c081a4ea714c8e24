"""Flask extensions, created unbound; the factory wires them with init_app."""

import hashlib
import hmac

from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import Babel, get_locale, get_translations
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, current_user
from flask_wtf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from cocreatie.models.users import normalise_email

login_manager = LoginManager()
csrf = CSRFProtect()
# Rate limits key on request.remote_addr: the connecting address, or behind PROXY_HOPS
# trusted proxies the visitor's as they saw it (trust_proxies).
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def trust_proxies(app: Flask) -> None:
    """Believe PROXY_HOPS proxies about the visitor's address, scheme and host: Werkzeug's
    ProxyFix takes the address that many steps from the right of X-Forwarded-For, which
    only the trusted proxies can have written. With 0 nothing in those headers is read."""
    hops = app.config["PROXY_HOPS"]
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

SUPPORTED_LOCALES = ("nl", "en")


def session_locale() -> str | None:
    """The language chosen with the switch in this browser, if any."""
    chosen = session.get("locale")
    return chosen if chosen in SUPPORTED_LOCALES else None


def select_locale() -> str:
    if not has_request_context():
        return "nl"  # commands and background work speak the default language
    if g.get("locale_from_request_headers"):  # the read API: no session, Accept-Language
        return request.accept_languages.best_match(SUPPORTED_LOCALES) or "nl"
    chosen = session_locale()
    if chosen:
        return chosen
    if current_user.is_authenticated and current_user.locale in SUPPORTED_LOCALES:
        return current_user.locale
    return "nl"


babel = Babel()


def _request_translations():
    """This request's catalogue, looked up once: Flask-Babel looks it up again on every
    call (its context, the locale's name, a cache), a hundred times a page. Kept beside
    Flask-Babel's own choice of language, so `flask_babel.refresh()` is seen."""
    babel_context = g.get("_flask_babel")
    found = getattr(babel_context, "cocreatie_translations", None)
    locale = getattr(babel_context, "babel_locale", None)
    if found is None or locale is None or found[0] is not locale:
        translations = get_translations()
        babel_context = g.get("_flask_babel")  # made by the lookup if it was not there
        found = (get_locale(), translations)
        if babel_context is not None:
            babel_context.cocreatie_translations = found
    return found[1]


def template_gettext(string: str) -> str:
    """`_()` in templates (Jinja formats the variables and escapes them)."""
    return _request_translations().ugettext(string)


def template_ngettext(singular: str, plural: str, number: int) -> str:
    return _request_translations().ungettext(singular, plural, number)


def current_user_key() -> str:
    """Rate-limit key for signed-in actions: per account, not per address."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"addr:{get_remote_address()}"


def account_digest(email: str) -> str:
    """An account's name in rate-limit storage: keyed with SECRET_KEY, so the storage
    (Redis) and its logs hold no e-mail addresses."""
    key = current_app.secret_key
    key = key.encode() if isinstance(key, str) else key
    return hmac.new(key, normalise_email(email)[:254].encode(), hashlib.sha256).hexdigest()[:32]


def submitted_email_key() -> str:
    """Rate-limit key for attempts against one account (the form's e-mail), from any address."""
    return "account:" + account_digest(request.form.get("email") or "")


def submitted_email_and_address_key() -> str:
    """Rate-limit key for attempts against one account from one address."""
    return f"{submitted_email_key()}:{get_remote_address()}"
