"""Configuration, read in layers: defaults, then instance/config.py, then FEEDBACK_* variables.

A test config passed to create_app() is applied last. Environment variables are parsed as
JSON where they look like JSON (numbers, true/false), so FEEDBACK_SMALL_GROUP_MINIMUM=10
arrives as an int; settings that hold text (keys, passwords, names, addresses) are always
taken as typed, so a password of digits stays a string.
"""
from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from .analysis.taxonomy import BUILT_IN_TAXONOMIES
from .public_address import trusted_hosts

ENV_PREFIX = "FEEDBACK_"
# The limits some settings are checked against; the code that uses them imports them from here.
SECURITY_CHOICES = ("none", "starttls", "tls")  # MAIL_SMTP_SECURITY
# The most characters any written answer may be given, by FREE_TEXT_MAX_CHARS or by a question.
MAX_FREE_TEXT_CHARS = 2000


class Defaults:
    SECRET_KEY: str | None = None
    # Flask-SQLAlchemy reads SQLALCHEMY_DATABASE_URI; FEEDBACK_DATABASE_URL sets it.
    DATABASE_URL: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {"pool_pre_ping": True}
    # Bytes of the SQLite file to read through memory mapping instead of a system call per
    # page: about a sixth off a summary over a million responses. Off by default: the
    # mapped pages (the OS's shared file cache) count in every process's resident size,
    # and an I/O error on a mapped file ends the process instead of raising an error.
    SQLITE_MMAP_SIZE = 0
    # Anxious or slow respondents must not lose a half-filled form to an expired token.
    WTF_CSRF_TIME_LIMIT = 8 * 60 * 60
    # WTForms' own messages stay in English: the forms replace each with one of ours, which
    # Flask-Babel translates (and "not a valid choice" is recognised by its English words).
    WTF_I18N_ENABLED = False
    PERMANENT_SESSION_LIFETIME = 8 * 60 * 60
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    # Strict-Transport-Security on every response. None: on exactly when SESSION_COOKIE_SECURE
    # is (the service is served over HTTPS); true or false to decide it yourself.
    HSTS: bool | None = None
    # A survey page is small; anything bigger than this is not a real answer.
    MAX_CONTENT_LENGTH = 64 * 1024
    MAX_FORM_MEMORY_SIZE = 64 * 1024
    MAX_FORM_PARTS = 200
    # Characters allowed in a written answer whose question sets no limit of its own
    # (the built-in surveys' questions set none).
    FREE_TEXT_MAX_CHARS = 1000
    # Themes for free-text answers; "participation" fits the built-in surveys.
    ANALYSIS_TAXONOMY = "participation"
    # `flask train-themes` needs this many answers with corrected themes before it trains.
    THEME_MODEL_MIN_EXAMPLES = 50
    # Store free text as typed beside the redacted copy. Off: only redacted text is kept.
    KEEP_ORIGINAL_TEXT = False
    SERVICE_NAME = "Have your say"
    # Offer respondents languages whose translation no fluent speaker has reviewed yet
    # (each such page says it is a draft). Off: English and reviewed languages only.
    OFFER_DRAFT_LANGUAGES = True
    TRUST_NAME = "Your NHS trust"
    # Responses are dated, and the app's "today" is, in this time zone (an IANA name).
    TIME_ZONE = "Europe/London"
    # Where respondents can ask for help or report a problem (accessibility statement).
    CONTACT_EMAIL: str | None = None
    # Small-number protection in results and summaries (GP Patient Survey precedent).
    SMALL_GROUP_MINIMUM = 10
    SMALL_COUNT_MAXIMUM = 4
    # The address the public reaches the service on, for QR codes, posters and links in
    # emails. Unset: pages use the address they were asked on; emails use 127.0.0.1:5000.
    BASE_URL: str | None = None
    # With BASE_URL unset, the host names pages may be asked on and links may then use, as a
    # list or "a.example, b.example"; any other Host header gets a 400. Unset: only local
    # addresses are used in links, so a forged Host header cannot reach a poster or email.
    TRUSTED_HOSTS: list[str] | None = None
    # Organisers are signed out after this many idle seconds.
    ORGANISER_IDLE_TIMEOUT = 30 * 60
    # However busy, a signed-in session ends this many hours after signing in (ASVS 3.3.2).
    ORGANISER_SESSION_MAX_HOURS = 12
    # One-time passwords (setup, create-user, an administrator's reset) stop working after this.
    ONE_TIME_PASSWORD_HOURS = 72
    # How long a kiosk session works (a working day), and how long its thank-you page shows
    # before restarting. A session also ends from the workspace or with its organiser.
    KIOSK_TOKEN_HOURS = 10
    KIOSK_RETURN_SECONDS = 20
    # Anti-automation on the forms that store answers (web/submission_guard.py). Limits in
    # Flask-Limiter's notation ("20 per minute", "20/minute;200/hour"); empty turns one off.
    # Per client address (hashed, forgotten after the window): people at one event often
    # share a Wi-Fi address, so the default leaves room for a room full of them.
    SUBMISSION_RATE_LIMIT = "20 per minute; 300 per hour"
    # The kiosk's own limit, per kiosk session: one tablet passed from person to person.
    KIOSK_SUBMISSION_RATE_LIMIT = "60 per minute"
    # Sign-in attempts per client address, whatever the account (wrong passwords also slow
    # the account itself down: organise/throttle.py); empty turns it off.
    SIGN_IN_RATE_LIMIT = "10 per minute; 60 per hour"
    # Seconds between opening a form and sending it that nobody reading it could beat; 0 is off.
    SUBMISSION_MIN_SECONDS = 3
    # Where the limiter counts: memory:// per process, or redis://host:6379/0 shared by
    # every worker and host (Flask-Limiter's own setting).
    RATELIMIT_STORAGE_URI = "memory://"
    # Reverse proxies in front that add X-Forwarded-For; 0 trusts none (the client is the peer).
    TRUSTED_PROXIES = 0
    # Organisers are emailed once a day when a survey has at least SUBMISSION_SURGE_MINIMUM
    # responses in a day and more than SUBMISSION_SURGE_FACTOR times its usual day; 0 is off.
    SUBMISSION_SURGE_FACTOR = 5
    SUBMISSION_SURGE_MINIMUM = 50
    MAIL_FROM = "feedback@localhost"
    # No MAIL_SMTP_HOST: emails are written as .eml files to instance/outbox/ instead.
    MAIL_SMTP_HOST: str | None = None
    MAIL_SMTP_PORT: int | None = None      # default 25, 587 for starttls, 465 for tls
    MAIL_SMTP_SECURITY = "none"            # none, starttls or tls
    MAIL_SMTP_USER = ""
    MAIL_SMTP_PASSWORD = ""
    MAIL_SMTP_TIMEOUT = 30


# Settings whose default is text, or may be: never parsed as JSON.
TEXT_SETTINGS = frozenset(
    [name for name, value in vars(Defaults).items() if name.isupper() and isinstance(value, str)]
    + [name for name, hint in Defaults.__annotations__.items()
       if "str" in (part.strip() for part in str(hint).split("|"))]
)


def load_config(app: Flask, test_config: dict[str, Any] | None = None) -> None:
    """Apply every configuration layer in order, then derive what depends on them."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(_from_environment(os.environ))
    if test_config:
        app.config.update(test_config)
    _derive(app)


def _from_environment(environ: dict[str, str] | os._Environ) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, raw in environ.items():
        if not key.startswith(ENV_PREFIX) or key == ENV_PREFIX + "INSTANCE_PATH":
            continue
        name = key[len(ENV_PREFIX):]
        if name in TEXT_SETTINGS:
            values[name] = raw
            continue
        try:
            values[name] = json.loads(raw)
        except ValueError:
            values[name] = raw
    return values


class ConfigError(ValueError):
    """A setting that cannot work, with a message that names it and says what to do."""


def _derive(app: Flask) -> None:
    instance = Path(app.instance_path)
    url = app.config.get("DATABASE_URL") or app.config.get("SQLALCHEMY_DATABASE_URI")
    if not url:
        url = f"sqlite:///{instance / 'feedback.sqlite'}"
    app.config["SQLALCHEMY_DATABASE_URI"] = _normalise_database_url(url)
    app.config["TRUSTED_HOSTS"] = trusted_hosts(app.config.get("TRUSTED_HOSTS"))
    _check(app.config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(instance)


def _check(config: Any) -> None:
    """Settings that would otherwise fail later, deep inside a request or a command."""
    try:
        make_url(config["SQLALCHEMY_DATABASE_URI"]).get_dialect()
    except (ArgumentError, NoSuchModuleError, ValueError):
        raise ConfigError("DATABASE_URL is not a database address this app can use: give a sqlite:/// path "
                          "or postgresql://user@host/name") from None
    security = str(config.get("MAIL_SMTP_SECURITY") or "none").lower()
    if security not in SECURITY_CHOICES:
        raise ConfigError(f"MAIL_SMTP_SECURITY is {security!r}: use {', '.join(SECURITY_CHOICES)}")
    port = config.get("MAIL_SMTP_PORT")
    if port not in (None, "") and not (isinstance(port, int) and 0 < port < 65536):
        raise ConfigError(f"MAIL_SMTP_PORT is {port!r}: use a port number such as 587, or leave it unset")
    limit = config.get("FREE_TEXT_MAX_CHARS")
    if not (isinstance(limit, int) and not isinstance(limit, bool) and 1 <= limit <= MAX_FREE_TEXT_CHARS):
        raise ConfigError(f"FREE_TEXT_MAX_CHARS is {limit!r}: use a whole number of characters from 1 to "
                          f"{MAX_FREE_TEXT_CHARS}, such as 1000")
    taxonomy = str(config.get("ANALYSIS_TAXONOMY") or "")
    if taxonomy not in BUILT_IN_TAXONOMIES and not Path(taxonomy).is_file():
        raise ConfigError(f"ANALYSIS_TAXONOMY is {taxonomy!r}: use {' or '.join(BUILT_IN_TAXONOMIES)}, "
                          "or the path of a taxonomy JSON file")


def _normalise_database_url(url: str) -> str:
    # psycopg 3 is the driver we install; plain postgresql:// would ask for psycopg2.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _instance_secret(instance: Path) -> str:
    """A secret kept in instance/, made on first start, so there is no default secret.

    Several workers share it through the file, so sessions survive a restart and work
    across workers without anyone having to invent a key.
    """
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # Written in full under a private name, then linked into place: a worker starting at
    # the same moment sees the whole key or no file, never an empty one.
    draft = instance / f".secret_key.{os.getpid()}.{secrets.token_hex(4)}"
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    try:
        os.link(draft, path)
    except FileExistsError:  # another worker won the race; use its key
        key = path.read_text().strip()
    finally:
        draft.unlink()
    return key
