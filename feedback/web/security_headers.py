"""Security headers on every response, with a fresh nonce for the few inline scripts."""
from __future__ import annotations

import secrets

from flask import Flask, Response, current_app, g, request

HSTS_VALUE = "max-age=31536000"  # a year, the common floor for browsers to keep it

# Pages whose answers, results or accounts must not stay on a shared computer or in any
# cache, even the browser's own: the whole workspace (results, flags, exports, users).
NO_STORE_BLUEPRINTS = frozenset({"organise"})


def csp_nonce() -> str:
    """This response's nonce, made when first asked for: a page rendered before any
    before_request handler ran (a refused body's error page) still gets a real one."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def security_headers(response: Response) -> Response:
    nonce = csp_nonce()
    g.pop("csp_nonce", None)  # one per response, even where g outlives the request (tests)
    response.headers.setdefault(
        "Content-Security-Policy",
        f"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self'; "
        "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    )
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    if hsts_on(current_app.config):
        response.headers.setdefault("Strict-Transport-Security", HSTS_VALUE)
    if request.blueprint in NO_STORE_BLUEPRINTS:
        response.headers["Cache-Control"] = "no-store"
    elif request.endpoint and not request.endpoint.startswith("static"):
        # Answers should not sit in shared caches; survey pages stay in the browser's own
        # so Back can restore what someone typed.
        response.headers.setdefault("Cache-Control", "private, no-cache")
    return response


def hsts_on(config) -> bool:
    """HSTS follows SESSION_COOKIE_SECURE (a deployment served over HTTPS) unless set."""
    setting = config.get("HSTS")
    return bool(config.get("SESSION_COOKIE_SECURE")) if setting is None else bool(setting)


def register(app: Flask) -> None:
    app.after_request(security_headers)
