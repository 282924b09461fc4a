"""Pages that take a file (a survey's translation sheet, the QI project register) read a
bigger body than a form's 64 KB, on those pages only, and say so on the page when a file
is bigger still.

Such a view is csrf.exempt and its ConfirmForm checks the token: CSRFProtect would read the
body before the view could raise the limit, and refuse every sheet over 64 KB."""
from __future__ import annotations

from flask import current_app, request
from werkzeug.exceptions import RequestEntityTooLarge

# A form whose CSRF token has expired (or whose session was renewed): nothing was read, and
# a browser never fills a file box in again, so the file must be chosen again.
NOT_IMPORTED_TIMED_OUT = ("The page had been open too long, so the file was not imported. "
                          "Choose the file again and select Import")
# Beside the file: the multipart headers, the CSRF token and the file's name.
_ENVELOPE_BYTES = 64 * 1024


def megabytes(size: int) -> str:
    return f"{size // (1024 * 1024)} MB"


def allow_upload_of(max_file_bytes: int) -> None:
    """Let this request's body hold a file of up to `max_file_bytes`, before anything reads it."""
    floor = current_app.config["MAX_CONTENT_LENGTH"] or 0
    request.max_content_length = request.max_form_memory_size = max(floor, max_file_bytes + _ENVELOPE_BYTES)


def body_too_big() -> bool:
    """Whether the body is over the limit: then it is not read at all, and the page says so
    (a 413, in words about the file) instead of the general 'too big' error page."""
    try:
        request.files  # noqa: B018  (reading it parses the body, or refuses it)
    except RequestEntityTooLarge:
        return True
    return False
