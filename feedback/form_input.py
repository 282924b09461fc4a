"""Reading what people send in forms and query strings, for every page and service that
needs it (no Flask here, so the response layer and the organiser forms share it)."""
from __future__ import annotations

import re
import unicodedata

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


# Characters that show nothing on any screen: format characters (Unicode category Cf: zero-
# width space and joiners, word joiner, byte-order mark, soft hyphen, direction marks) and
# the fillers that render as blank (Hangul fillers, braille blank, combining grapheme joiner).
_BLANK_LOOKING = {"\u034f", "\u115f", "\u1160", "\u2800", "\u3164", "\uffa0"}


def _shows_nothing(character: str) -> bool:
    return character.isspace() or character in _BLANK_LOOKING or unicodedata.category(character) == "Cf"


def is_blank(text: str | None) -> bool:
    """Whether text would look empty on screen: nothing, or only spaces and invisible characters."""
    return not text or all(_shows_nothing(character) for character in text)


def strip_blank_edges(text: str) -> str:
    """Text without the spaces and invisible characters at its ends (those inside it stay:
    a zero-width joiner inside an emoji is part of it)."""
    start, end = 0, len(text)
    while start < end and _shows_nothing(text[start]):
        start += 1
    while end > start and _shows_nothing(text[end - 1]):
        end -= 1
    return text[start:end]


# The years a date typed in a form or a sheet may have: a typo such as 1026 or 20266 is
# caught, and every date this service deals with fits.
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100
YEARS_ALLOWED = f"in a year from {EARLIEST_YEAR} to {LATEST_YEAR}"


def event_code_typed(text: str) -> str:
    """The event code in what someone typed in the home page's box: as printed on the poster,
    with spaces or dashes, in full-width letters (NFKC makes them ASCII), or the poster's
    short link pasted whole (the part after /e/)."""
    text = unicodedata.normalize("NFKC", text)
    if "/e/" in text:
        text = text.split("/e/", 1)[1].split("/", 1)[0]
    return "".join(character for character in text if character.isascii() and character.isalnum())[:20]
