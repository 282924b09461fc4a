"""Anti-automation on the forms that store answers (ASVS 11.1.4): a rate limit per client,
a honeypot field and a minimum time between opening a form and sending it.

The limit is Flask-Limiter's moving window, kept in memory by default or in Redis
(RATELIMIT_STORAGE_URI) when there are several workers or hosts. Its key is a keyed hash
of the client's address, never the address, and the storage forgets it when the window
has passed; nothing here writes an address to the database or a log.

What a refused person sees is their form again, every answer kept, saying what to do:
the honeypot and timing checks never stop someone who sends again, whatever device they
use, and a rate-limited person is told how long to wait (429, Retry-After).
"""
from __future__ import annotations

import hashlib
import hmac
import math
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, request
from flask_babel import gettext
from flask_limiter import Limiter
from itsdangerous import BadSignature, TimestampSigner
from limits import parse_many
from markupsafe import Markup
from werkzeug.middleware.proxy_fix import ProxyFix

EXTENSION = "submission_limiter"
# Hidden from people and screen readers, out of the tab order; bots that fill every box fill it.
HONEYPOT_FIELD = "reference_code"
OPENED_FIELD = "form_opened"
SALT = "feedback.form-opened"


@dataclass(frozen=True)
class Refusal:
    status: int
    notice: str
    retry_after: int | None = None

    @property
    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)} if self.retry_after else {}


def register(app: Flask) -> None:
    app.config.setdefault("RATELIMIT_STRATEGY", "moving-window")
    # The limiter is asked only where answers are stored, never on every request.
    limiter = Limiter(key_func=lambda: client_key(), app=app, auto_check=False)
    app.extensions[EXTENSION] = limiter
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies:
        # Behind a reverse proxy every request comes from the proxy: read the client from
        # the X-Forwarded-For entries the trusted proxies added.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies)  # type: ignore[method-assign]
    app.add_template_global(hidden_guard_fields)


def client_key() -> str:
    """A keyed hash of the client's address: the same client gets the same key, and the key
    cannot be turned back into the address without SECRET_KEY."""
    address = (request.remote_addr or "unknown").encode()
    return hmac.new(current_app.secret_key.encode(), address, hashlib.sha256).hexdigest()[:24]


def hidden_guard_fields(submission_key: str | None, opened: str | None = None) -> Markup:
    """The honeypot and the signed moment the form was shown, for inside a survey form.
    `opened`: the stamp a multi-page form was first shown with, carried from page to page
    (checked, like any sent stamp, when the answers are sent)."""
    stamp = opened or TimestampSigner(current_app.secret_key, salt=SALT).sign(submission_key or "-").decode()
    label = gettext("Leave this box empty")
    return Markup(
        '<div class="feedback-honeypot" aria-hidden="true">'
        '<label for="{name}">{label}</label>'
        '<input type="text" id="{name}" name="{name}" value="" tabindex="-1" autocomplete="off">'
        '</div><input type="hidden" name="{opened}" value="{stamp}">'
    ).format(name=HONEYPOT_FIELD, label=label, opened=OPENED_FIELD, stamp=stamp)


def first_opened(sent: Mapping[str, Any], submission_key: str | None) -> str | None:
    """The stamp of when the form was first shown, from what was sent, to travel with the
    answers shown again (a quick correction must not start the wait for robots again);
    None when the key was replaced since, as the stamp was signed for the old one."""
    return sent.get(OPENED_FIELD) if sent.get("submission_key") == submission_key else None


def check_submission(form_data: Mapping[str, Any], submission_key: str, *, kiosk: str | None = None) -> Refusal | None:
    """Whether answers that are otherwise ready to store must wait, and what to tell the person.

    `kiosk`: the kiosk session the answers came from, which has its own, higher limit
    (a tablet passed from person to person) instead of the address's.
    """
    again = gettext("Your answers have not been sent yet. Check them and select 'Send my answers' again.")
    if form_data.get(HONEYPOT_FIELD):
        return Refusal(400, again)
    minimum = float(current_app.config.get("SUBMISSION_MIN_SECONDS") or 0)
    if minimum > 0:
        opened = _seconds_since_opened(str(form_data.get(OPENED_FIELD, "")), submission_key)
        if opened is None or opened < minimum:
            return Refusal(400, again)
    setting = "KIOSK_SUBMISSION_RATE_LIMIT" if kiosk else "SUBMISSION_RATE_LIMIT"
    wait = seconds_to_wait(setting, ("kiosk", kiosk) if kiosk else ("client", client_key()))
    if wait is None:
        return None
    return Refusal(429, _wait_notice(wait, kiosk=bool(kiosk)), retry_after=wait)


def seconds_to_wait(setting: str, identity: tuple[str, str]) -> int | None:
    """Count one try against the limits in `setting`; None if allowed, else seconds until
    the next try would be."""
    limits = str(current_app.config.get(setting) or "").strip()
    if not limits:
        return None
    limiter: Limiter = current_app.extensions[EXTENSION]
    # The prefix keeps deployments (or test runs) that share one Redis apart.
    key = (str(current_app.config.get("RATELIMIT_KEY_PREFIX") or "feedback"), setting.lower(), *identity)
    for item in parse_many(limits):
        if not limiter.limiter.hit(item, *key):
            reset = limiter.limiter.get_window_stats(item, *key).reset_time
            return max(1, math.ceil(reset - time.time()))
    return None


def _wait_notice(seconds: int, *, kiosk: bool) -> str:
    if seconds < 90:
        when = gettext("in %(number)s seconds", number=seconds)
    else:
        when = gettext("in %(number)s minutes", number=math.ceil(seconds / 60))
    if kiosk:
        return gettext("Many answers have been sent from this tablet in a short time, so yours have not been "
                       "sent yet. Your answers are still here: select 'Send my answers' again %(when)s.", when=when)
    return gettext("Many answers have been sent from this connection in a short time, so yours have not been "
                   "sent yet. Your answers are still here: select 'Send my answers' again %(when)s.", when=when)


def _seconds_since_opened(stamp: str, submission_key: str) -> float | None:
    try:
        value, signed_at = TimestampSigner(current_app.secret_key, salt=SALT).unsign(stamp, return_timestamp=True)
    except BadSignature:
        return None
    if value.decode() != submission_key:
        return None
    return time.time() - signed_at.timestamp()
