"""Reading what people send in forms and query strings, for every page and service that
needs it (no Flask here, so the response layer and the organiser forms share it)."""
from __future__ import annotations

import re

# Control characters (other than tab and newlines) have no place in an answer, and
# PostgreSQL refuses NUL outright.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def whole_number(text: str | None, *, digits: int = 9) -> int | None:
    """A number sent in a form or query string: ASCII digits only (not "²"), at most `digits`
    of them (nine always fit an id), else None."""
    if text is None or not 0 < len(text) <= digits or not (text.isascii() and text.isdigit()):
        return None
    return int(text)


def without_control_characters(text: str) -> str:
    return _CONTROL_CHARACTERS.sub("", text)
