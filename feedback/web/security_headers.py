"""Security headers on every response, with a fresh nonce for the few inline scripts."""
from __future__ import annotations

import secrets

from flask import Flask, Response, g, request


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
    if request.endpoint and not request.endpoint.startswith("static"):
        # Answers and results should not sit in shared caches.
        response.headers.setdefault("Cache-Control", "private, no-cache")
    return response


def register(app: Flask) -> None:
    app.after_request(security_headers)
