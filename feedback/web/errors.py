"""Error pages: what went wrong and what to do, in plain words, never a traceback."""
from __future__ import annotations

from flask import Flask, render_template, request
from flask.globals import request_ctx
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError
from werkzeug.exceptions import BadRequest, HTTPException, SecurityError, default_exceptions

from ..extensions import db

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
    # Not the respondents' advice about the thank-you page, which staff never see here.
    500: "Try again in a few minutes. What you saved before is safe. Go back and check whether your "
         "last change was saved before you make it again. If this keeps happening, tell your administrator.",
}


def _in_workspace() -> bool:
    return request.path.startswith("/organise") and not request.path.startswith("/organise/kiosk")


def _http_error(error: HTTPException) -> tuple[str, int, list[tuple[str, str]]] | HTTPException:
    # A Host not in TRUSTED_HOSTS, or one werkzeug cannot route ("a..b"): no link can be built for it.
    if isinstance(error, SecurityError) or request_ctx.url_adapter is None:
        return "Bad request: this service does not answer on that address.", 400, [
            ("Content-Type", "text/plain; charset=utf-8")]
    code = error.code or 500
    if code not in ERROR_PAGES:
        return error
    title, advice = ERROR_PAGES[code]
    workspace = _in_workspace()
    if workspace:
        advice = WORKSPACE_ADVICE.get(code, advice)
    # What the view said went wrong (abort(400, "Choose from the lists shown.")) beats the
    # general advice; the template escapes it.
    advice = _own_description(error) or advice
    # Keep what the error says about itself, such as a 405's Allow header.
    headers = [(name, value) for name, value in error.get_headers() if name.lower() != "content-type"]
    return render_template("errors/error.html", title=title, advice=advice, code=code,
                           workspace=workspace), code, headers


def _own_description(error: HTTPException) -> str | None:
    """The description the raising code gave, if any: not werkzeug's stock English for
    the status (which BadRequest() or abort(404) carry), which says nothing useful."""
    described = error.description
    stock = default_exceptions.get(error.code or 500)
    if not isinstance(described, str) or not described.strip() or (
            stock is not None and described == stock.description):
        return None
    return described


def _data_error(error: DataError) -> tuple[str, int, list[tuple[str, str]]]:
    """Values the database cannot hold (a NUL in a query string on PostgreSQL, say) are bad
    input, not a fault: nothing was saved, so say what to do instead of showing a 500."""
    db.session.rollback()
    return _http_error(BadRequest())


def _csrf_error(error: CSRFError) -> tuple[str, int]:
    return render_template(
        "errors/error.html",
        title=gettext("This page has timed out"),
        advice=gettext("For your security, forms stop working after a while. Go back, reload the page and try again."),
        code=400, workspace=_in_workspace(),
    ), 400


def register(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(DataError, _data_error)
