"""Configuration: safe development defaults, everything else from the environment."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from cocreatie.converters import parse_int

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"
# The key earlier versions used when none was set. Anyone can read it here, so it signs
# nothing any more; production refuses it like an empty one.
DEV_SECRET_KEY = "dev-only-insecure-key"


class ConfigError(RuntimeError):
    """Raised when the configuration is unsafe to run with."""


def _bool(value: str | None, default: bool) -> bool:
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _whole_number(env, name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None:
        return default
    number = parse_int(raw.strip())
    if number is None:
        raise ConfigError(f"{name} must be a whole number of 0 or more, not {raw!r}.")
    return number


def from_environment(environ: dict[str, str] | None = None) -> dict:
    env = os.environ if environ is None else environ
    production = env.get("COCREATIE_ENV", "development") == "production"
    secure_cookies = _bool(env.get("SESSION_COOKIE_SECURE"), production)
    return {
        "ENV_NAME": "production" if production else "development",
        # Empty: outside production a random key kept in instance/secret_key
        # (settle_secret_key); production refuses to start (check_safe).
        "SECRET_KEY": env.get("SECRET_KEY", ""),
        # Earlier keys, comma-separated, still accepted after a rotation (sessions, links,
        # the staff's encrypted authenticator keys).
        "SECRET_KEY_FALLBACKS": [key.strip() for key in env.get("SECRET_KEY_FALLBACKS", "").split(",") if key.strip()],
        # How many proxies in front of the app may be believed about the visitor's address,
        # scheme and host (X-Forwarded-For, -Proto, -Host; Werkzeug's ProxyFix). 0: none, the
        # connecting address is the visitor's. Set it to the number of proxies that append to
        # X-Forwarded-For (1 behind one TLS proxy): a larger number lets visitors choose
        # their own address, so rate limits and the audit log would believe anything.
        "PROXY_HOPS": _whole_number(env, "PROXY_HOPS", 0),
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
        # A signed-in session ends after this long unused (cocreatie.signin.current).
        "SESSION_IDLE_MINUTES": _whole_number(env, "SESSION_IDLE_MINUTES", 60),
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
        "BABEL_DEFAULT_LOCALE": "nl",
        "BABEL_DEFAULT_TIMEZONE": env.get("COCREATIE_TIMEZONE", "Europe/Amsterdam"),
        "LANGUAGES": ["nl", "en"],
        "RATELIMIT_ENABLED": _bool(env.get("RATELIMIT_ENABLED"), True),
        # memory:// counts per worker process; production: redis://host:port/db, so every
        # worker and machine counts together (decision 0009).
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI", "memory://"),
        # A sliding window: no double burst at the turn of a fixed window, and a refused
        # attempt does not count (so being refused never prolongs a block).
        "RATELIMIT_STRATEGY": "moving-window",
        "RATELIMIT_HEADERS_ENABLED": False,
        # Requests one address may make to the read API (/api/v1) and its reference page.
        "API_RATE_LIMIT": env.get("API_RATE_LIMIT", "300 per minute"),
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
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,  # no form needs more; uploads have their own limit
        # The largest image or attachment one may upload, in MB (cocreatie/files).
        "MAX_UPLOAD_MB": _whole_number(env, "MAX_UPLOAD_MB", 10),
        # Where uploaded files are kept; empty: instance/files (outside the web root).
        "FILE_STORAGE_PATH": env.get("FILE_STORAGE_PATH", ""),
        # Where `flask export` keeps the open-data downloads the web serves; empty:
        # instance/open-data (decision 0020).
        "OPEN_DATA_PATH": env.get("OPEN_DATA_PATH", ""),
        # A download of at most this many ideas is made while the visitor waits when its
        # stored file is out of date; larger ones only by `flask export` (cron). 0: never.
        "OPEN_DATA_ON_REQUEST_IDEAS": _whole_number(env, "OPEN_DATA_ON_REQUEST_IDEAS", 5000),
        "IDEAS_PER_PAGE": int(env.get("IDEAS_PER_PAGE", 20)),
        "COMMENTS_PER_PAGE": int(env.get("COMMENTS_PER_PAGE", 25)),
        # How long a worker may serve a public page it rendered for anonymous visitors
        # (cocreatie.pagecache); any write anonymous visitors can see ends it sooner. 0: off.
        "PAGE_CACHE_SECONDS": int(env.get("PAGE_CACHE_SECONDS", 60)),
        # How long a write waits for SQLite's write lock (SQLite only).
        "SQLITE_BUSY_SECONDS": float(env.get("SQLITE_BUSY_SECONDS", 5)),
    }


def settle_secret_key(config: dict, instance_dir: Path | None = None) -> None:
    """Outside production, with no SECRET_KEY set: a random key, made on the first start
    and kept in instance/secret_key (readable by its owner only), read again on every later
    start and by every worker. Sessions and signed links then survive a restart, and no
    key anyone can read in the source signs them. Production must set SECRET_KEY."""
    if config["SECRET_KEY"] or config["ENV_NAME"] == "production":
        return
    config["SECRET_KEY"] = instance_secret_key(instance_dir or INSTANCE_DIR)


def instance_secret_key(instance_dir: Path) -> str:
    path = instance_dir / "secret_key"
    if not path.exists():
        instance_dir.mkdir(parents=True, exist_ok=True)
        # Written whole to a file of its own, then linked into place: workers starting at
        # the same moment all end up reading the one key that got there first.
        draft = instance_dir / f".secret_key.{os.getpid()}.{secrets.token_hex(4)}"
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_urlsafe(48) + "\n")
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    key = path.read_text().strip()
    if len(key) < 32:
        raise ConfigError(f"{path} holds no usable key: remove it to have a new one made, or set SECRET_KEY.")
    return key


def check_safe(config: dict) -> None:
    if config["ENV_NAME"] == "production" and config["SECRET_KEY"] in {"", DEV_SECRET_KEY}:
        raise ConfigError("Set SECRET_KEY to a long random value before running in production.")
    if config["ENV_NAME"] == "production" and len(config["SECRET_KEY"]) < 32:
        raise ConfigError("SECRET_KEY must be at least 32 characters in production.")
