"""Configuration: safe development defaults, everything else from the environment."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEV_SECRET_KEY = "dev-only-insecure-key"


class ConfigError(RuntimeError):
    """Raised when the configuration is unsafe to run with."""


def _bool(value: str | None, default: bool) -> bool:
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def from_environment(environ: dict[str, str] | None = None) -> dict:
    env = os.environ if environ is None else environ
    production = env.get("COCREATIE_ENV", "development") == "production"
    secure_cookies = _bool(env.get("SESSION_COOKIE_SECURE"), production)
    return {
        "ENV_NAME": "production" if production else "development",
        "SECRET_KEY": env.get("SECRET_KEY", DEV_SECRET_KEY),
        "DATABASE_URL": env.get(
            "DATABASE_URL", f"sqlite:///{PROJECT_ROOT / 'instance' / 'cocreatie.sqlite'}"
        ),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure_cookies,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": secure_cookies,
        "PERMANENT_SESSION_LIFETIME": int(env.get("SESSION_LIFETIME_SECONDS", 8 * 3600)),
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
        "BABEL_DEFAULT_LOCALE": "nl",
        "BABEL_DEFAULT_TIMEZONE": env.get("COCREATIE_TIMEZONE", "Europe/Amsterdam"),
        "LANGUAGES": ["nl", "en"],
        "RATELIMIT_ENABLED": _bool(env.get("RATELIMIT_ENABLED"), True),
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": False,
        "ORGANISATION_NAME": env.get("ORGANISATION_NAME", "Gemeente Voorbeeld"),
        # The header's logo: a file under static/ (img/logo.svg) or a path or URL on this
        # site. Its alt text is ORGANISATION_NAME. Checked at start-up (cocreatie.branding).
        "ORGANISATION_LOGO": env.get("ORGANISATION_LOGO", ""),
        # The primary colour, hex (#154273). Darkened at start-up if it has less than 4.5:1
        # contrast with white; empty keeps the colours of static/css/cocreatie.css.
        "ORGANISATION_COLOUR": env.get("ORGANISATION_COLOUR", ""),
        "MAIL_FROM": env.get("MAIL_FROM", "noreply@cocreatie.invalid"),
        "CONTACT_EMAIL": env.get("CONTACT_EMAIL", "contact@cocreatie.invalid"),  # shown on content and error pages
        "MAIL_OUTBOX": env.get("MAIL_OUTBOX", "" if production else str(PROJECT_ROOT / "instance" / "outbox")),
        "SMTP_HOST": env.get("SMTP_HOST", ""),
        "SMTP_PORT": env.get("SMTP_PORT", "587"),
        "SMTP_USER": env.get("SMTP_USER", ""),
        "SMTP_PASSWORD": env.get("SMTP_PASSWORD", ""),
        "PUBLIC_URL": env.get("PUBLIC_URL", "http://127.0.0.1:5000"),
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,  # no form or upload here needs more
        "IDEAS_PER_PAGE": int(env.get("IDEAS_PER_PAGE", 20)),
        "COMMENTS_PER_PAGE": int(env.get("COMMENTS_PER_PAGE", 25)),
        # How long a worker may serve a public page it rendered for anonymous visitors
        # (cocreatie.pagecache); any write anonymous visitors can see ends it sooner. 0: off.
        "PAGE_CACHE_SECONDS": int(env.get("PAGE_CACHE_SECONDS", 60)),
    }


def check_safe(config: dict) -> None:
    if config["ENV_NAME"] == "production" and config["SECRET_KEY"] in {"", DEV_SECRET_KEY}:
        raise ConfigError("Set SECRET_KEY to a long random value before running in production.")
    if config["ENV_NAME"] == "production" and len(config["SECRET_KEY"]) < 32:
        raise ConfigError("SECRET_KEY must be at least 32 characters in production.")
