"""Blueprints, error pages, security headers and template globals."""
from __future__ import annotations

import logging
import re
import secrets
from typing import Any

from flask import Flask, Response, g, render_template, request
from flask_babel import gettext, lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy import text
from sqlalchemy.exc import DataError, SQLAlchemyError
from werkzeug.exceptions import BadRequest, HTTPException, SecurityError, UnsupportedMediaType
from werkzeug.routing import IntegerConverter, Map, UnicodeConverter

from .extensions import db

MAX_ROW_ID = 2**31 - 1
ERROR_PAGES = {
    400: (_l("Sorry, there is a problem with what was sent"),
          _l("Something in what you sent did not make sense to us. Go back, check your answers and try again.")),
    403: (_l("You do not have permission to see this page"),
          _l("If you think you should, ask an administrator for access.")),
    404: (_l("Page not found"),
          _l("If you typed the web address, check it is correct. If you scanned a QR code or "
             "followed a link, ask the person who gave it to you for the right link.")),
    405: (_l("Sorry, that did not work"),
          _l("This page cannot be used in that way. Go back to the start page and follow the links.")),
    409: (_l("Sorry, that did not work"), _l("Someone else made a change at the same moment. Go back and try again.")),
    410: (_l("This page is no longer available"), _l("It has been closed by the people who ran it.")),
    413: (_l("What you sent was too big"),
          _l("Go back and make your answers shorter, then try again.")),
    415: (_l("Sorry, we could not read what was sent"),
          _l("Pages on this site send their forms in one way only, and this was sent in another. "
             "Go back to the page, reload it and send the form again.")),
    429: (_l("Too many attempts"), _l("Wait a few minutes and then try again.")),
    500: (_l("Sorry, there is a problem with the service"),
          _l("Try again later. If you saw the thank-you page, your answers were sent and are safe.")),
}


# Inside the organiser workspace (not the kiosk, which the public uses) an error page keeps
# the workspace's header and leads back into it, in words for staff.
WORKSPACE_ADVICE = {
    404: "If you typed the web address, check it is correct. If you followed a link, what it "
         "pointed to may have been deleted.",
}


def _in_workspace() -> bool:
    return request.path.startswith("/organise") and not request.path.startswith("/organise/kiosk")


class _NoAddressOrTime(logging.Filter):
    """`make run` serves with Werkzeug, which logs each request as "ADDRESS - - [TIME] ...".
    A line for /thanks/<id> would tie a respondent's IP address and time of day to their
    response, which the product promises never to keep: both are dropped, the rest stays."""

    _PREFIX = re.compile(r"^\S+ - - \[[^\]]*\] ")

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = self._PREFIX.sub("", record.msg)
        return True


def _scrub_dev_server_log() -> None:
    werkzeug_log = logging.getLogger("werkzeug")
    if not any(isinstance(f, _NoAddressOrTime) for f in werkzeug_log.filters):
        werkzeug_log.addFilter(_NoAddressOrTime())


class RowIdConverter(IntegerConverter):
    """`<int:…>` in routes: ids fit a 32-bit integer column, so a bigger number is simply
    no page (404) rather than an overflow in SQLite or an error in PostgreSQL."""

    def __init__(self, url_map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ROW_ID)
        super().__init__(url_map, *args, **kwargs)


class NoNulConverter(UnicodeConverter):
    """`<name>` in routes: any text but a NUL, which no page's address has and which
    PostgreSQL refuses even to compare, so such an address is simply no page (404)."""

    def __init__(self, url_map: Map, *args: Any, **kwargs: Any) -> None:
        super().__init__(url_map, *args, **kwargs)
        self.regex = self.regex.replace("[^/]", "[^/\\x00]", 1)


def whole_number(text: str | None, *, digits: int = 9) -> int | None:
    """A number sent in a form or query string: ASCII digits only (not "²"), at most `digits`
    of them (nine always fit an id), else None."""
    if text is None or not 0 < len(text) <= digits or not (text.isascii() and text.isdigit()):
        return None
    return int(text)


def register_web(app: Flask) -> None:
    # Before any route is added.
    app.url_map.converters.update(int=RowIdConverter, default=NoNulConverter, string=NoNulConverter)
    from .organise import bp as organise_bp
    from .surveys import bp as surveys_bp
    app.register_blueprint(surveys_bp)
    app.register_blueprint(organise_bp)
    from .mail.views import bp as mail_bp
    app.register_blueprint(mail_bp)
    app.add_url_rule("/healthz", "healthz", _healthz)
    _scrub_dev_server_log()
    app.add_url_rule("/readyz", "readyz", _readyz)

    # First of all, before CSRFProtect or a form reads the body.
    app.before_request_funcs.setdefault(None, []).insert(0, _form_bodies_only)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(DataError, _data_error)
    app.after_request(_security_headers)
    app.context_processor(lambda: {
        "service_name": app.config["SERVICE_NAME"],
        "trust_name": app.config["TRUST_NAME"],
        "contact_email": app.config.get("CONTACT_EMAIL"),
        "csp_nonce": _csp_nonce(),
    })


def _healthz() -> Response:
    """For load balancers and benchmarks: proves a worker answers, without touching the database."""
    return Response("ok", mimetype="text/plain")


def _readyz() -> Response:
    """For load balancers that should stop sending people to a worker that has lost the
    database: one trivial query."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return Response("database unavailable", status=503, mimetype="text/plain")
    return Response("ok", mimetype="text/plain")


def _http_error(error: HTTPException) -> tuple[str, int, list[tuple[str, str]]] | HTTPException:
    if isinstance(error, SecurityError):  # a Host not in TRUSTED_HOSTS: no link can be built for it
        return "Bad request: this service does not answer on that address.", 400, [
            ("Content-Type", "text/plain; charset=utf-8")]
    code = error.code or 500
    if code not in ERROR_PAGES:
        return error
    title, advice = ERROR_PAGES[code]
    workspace = _in_workspace()
    if workspace:
        advice = WORKSPACE_ADVICE.get(code, advice)
    # Keep what the error says about itself, such as a 405's Allow header.
    headers = [(name, value) for name, value in error.get_headers() if name.lower() != "content-type"]
    return render_template("errors/error.html", title=title, advice=advice, code=code,
                           workspace=workspace), code, headers


def _data_error(error: DataError) -> tuple[str, int, list[tuple[str, str]]]:
    """Values the database cannot hold (a NUL in a query string on PostgreSQL, say) are bad
    input, not a fault: nothing was saved, so say what to do instead of showing a 500."""
    db.session.rollback()
    return _http_error(BadRequest())


# Every form here posts application/x-www-form-urlencoded. Flask-WTF would also read a
# JSON body or uploaded files into the fields, where a number, a list or a file in place
# of text fails deep inside validation; such bodies are refused before anything reads them.
_FORM_BODY = "application/x-www-form-urlencoded"
# RFC 8058 one-click unsubscribes may come as multipart/form-data; that view reads no body.
_ANY_BODY_ENDPOINTS = frozenset({"mail.unsubscribe_now"})


def _form_bodies_only() -> None:
    if request.method in {"GET", "HEAD", "OPTIONS"} or request.endpoint in _ANY_BODY_ENDPOINTS:
        return
    if request.mimetype and request.mimetype != _FORM_BODY:
        raise UnsupportedMediaType()


def _csrf_error(error: CSRFError) -> tuple[str, int]:
    return render_template(
        "errors/error.html",
        title=gettext("This page has timed out"),
        advice=gettext("For your security, forms stop working after a while. Go back, reload the page and try again."),
        code=400, workspace=_in_workspace(),
    ), 400


def _csp_nonce() -> str:
    """This response's nonce, made when first asked for: a page rendered before any
    before_request handler ran (a refused body's error page) still gets a real one."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def _security_headers(response: Response) -> Response:
    nonce = _csp_nonce()
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
