"""Remove personal identifiers from free text before it is stored.

Covered: NHS numbers (only when the modulus-11 check digit is valid, so an order
number or a mistyped number is left alone), UK phone numbers, email addresses,
UK postcodes, National Insurance numbers, and names written after a title ("Dr Jones",
"Mrs Anne Smith"). Each is replaced by a readable placeholder and recorded as (kind,
start, end) in the original text. Other names are not found: telling "Rose" the person
from "rose" the verb needs more than a pattern.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from .results import Redaction

PLACEHOLDERS: dict[str, str] = {
    "email": "[email address removed]",
    "name": "[name removed]",
    "nhs_number": "[NHS number removed]",
    "ni_number": "[National Insurance number removed]",
    "phone": "[phone number removed]",
    "postcode": "[postcode removed]",
}

_EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b", re.IGNORECASE)
# Ten digits, together or in groups (3-3-4 mostly, but people write 5-5 or 3-4-3) split
# by one or two spaces, dashes, dots or slashes, and straight after a word ("nhs9434765919").
# The check digit keeps other numbers out.
_NHS_RE = re.compile(r"(?<![\d+])\d(?:[ ./\-]{0,2}\d){9}(?!\d)")
# A candidate phone number: +44 or a leading 0, then digits with the separators
# people use. The digits are checked afterwards (length and leading 01/02/03/07).
_PHONE_RE = re.compile(
    r"(?<![\d+])(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(0|0)\d(?:[ \-\u00a0.]?\)?[ \-\u00a0.]?\d){8,10}(?![\w])"
)
# Letters never used in particular positions of a postcode (Royal Mail rules);
# excluding them keeps phrases like "at10 5pm" from looking like a postcode.
_POSTCODE_RE = re.compile(
    r"\b(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?|GIR)(?:\s*|-)\d[ABD-HJLNP-UW-Z]{2}\b", re.IGNORECASE
)
# HMRC's prefix rules, then six digits as 2-2-2 or 3-3 with spaces or dashes, then the
# suffix letter. People often leave the suffix off; without it only capitals count, so
# that "at 12 34 56" in a sentence is left alone.
_NI_PREFIX = r"\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
_NI_DIGITS = r"[ \-]?(?:\d{2}[ \-]?\d{2}[ \-]?\d{2}|\d{3}[ \-]?\d{3})"
_NI_RE = re.compile(_NI_PREFIX + _NI_DIGITS + r"[ \-]?[A-D]\b", re.IGNORECASE)
_NI_WITHOUT_SUFFIX_RE = re.compile(_NI_PREFIX + _NI_DIGITS + r"\b")


# A title as people write it before a name, capitalised, then one or two capitalised
# words: the title is what tells a name ("Dr Jones") from a word ("jones for a coffee").
_TITLED_NAME_RE = re.compile(
    r"\b(?:Dr|Doctor|Mr|Mrs|Ms|Miss|Mx|Prof|Professor)\.?[ ]+[A-Z][a-z'\u2019-]+(?:[ ]+[A-Z][a-z'\u2019-]+)?\b")


def nhs_number_is_valid(digits: str) -> bool:
    """Modulus-11 check used by NHS numbers (weights 10..2 on the first nine digits)."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _phone_is_plausible(candidate: str) -> bool:
    digits = re.sub(r"\D", "", candidate)
    international = re.match(r"\s*(\+|00)\s?44", candidate)
    if candidate.lstrip().startswith("+") and not international:
        return False
    if international:
        digits = digits[4:] if international.group(1) == "00" else digits[2:]  # drop 0044 or 44
        if not digits.startswith("0"):  # "+44 (0)20 ..." already carries the 0
            digits = "0" + digits
    return digits[:2] in {"01", "02", "03", "07"} and len(digits) in (10, 11)


def _find_spans(text: str) -> list[Redaction]:
    found: list[Redaction] = []
    finders: list[tuple[str, re.Pattern[str], Callable[[re.Match[str]], bool]]] = [
        ("email", _EMAIL_RE, lambda m: True),
        ("nhs_number", _NHS_RE, lambda m: nhs_number_is_valid(re.sub(r"\D", "", m.group(0)))),
        ("phone", _PHONE_RE, lambda m: _phone_is_plausible(m.group(0))),
        ("ni_number", _NI_RE, lambda m: True),
        ("ni_number", _NI_WITHOUT_SUFFIX_RE, lambda m: True),
        ("postcode", _POSTCODE_RE, lambda m: True),
        ("name", _TITLED_NAME_RE, lambda m: True),
    ]
    for kind, pattern, accept in finders:
        for match in pattern.finditer(text):
            start, end = match.span()
            overlaps = any(start < other.end and other.start < end for other in found)
            if not overlaps and accept(match):
                found.append(Redaction(kind=kind, start=start, end=end))
    return sorted(found, key=lambda r: r.start)


# Characters that hide an identifier from the patterns without changing what a reader
# sees: invisible ones inside a number or address are skipped, and full-width forms,
# other scripts' digits, Unicode dashes and spaces, tabs and line breaks are read as their
# plain counterparts. Matching runs on that plain copy; spans map back to the original.
_INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")
_LINE_SPACE = {"\t": " ", "\n": " ", "\r": " "}


@lru_cache(maxsize=4096)
def _plain(character: str) -> str:
    if character.isascii():
        return _LINE_SPACE.get(character, character)
    category = unicodedata.category(character)
    if category == "Nd":
        return str(unicodedata.decimal(character))
    if category == "Pd" or character == "\u2212":
        return "-"
    if category == "Zs":
        return " "
    compatible = unicodedata.normalize("NFKC", character)
    return compatible if len(compatible) == 1 and compatible.isascii() else character


def _plain_copy(text: str) -> tuple[str, list[int]]:
    """The text as the patterns should read it, and each character's index in `text`."""
    if text.isascii() and "\n" not in text and "\t" not in text and "\r" not in text:
        return text, []  # most answers: nothing to change
    kept = [(index, _plain(character)) for index, character in enumerate(text) if character not in _INVISIBLE]
    return "".join(character for _, character in kept), [index for index, _ in kept]


def redact(text: str) -> tuple[str, tuple[Redaction, ...]]:
    """Return the text with identifiers replaced, and what was removed where."""
    plain, origin = _plain_copy(text)
    redactions = _find_spans(plain)
    if origin:
        redactions = [Redaction(kind=r.kind, start=origin[r.start], end=origin[r.end - 1] + 1) for r in redactions]
    pieces: list[str] = []
    position = 0
    for redaction in redactions:
        pieces.append(text[position:redaction.start])
        pieces.append(PLACEHOLDERS[redaction.kind])
        position = redaction.end
    pieces.append(text[position:])
    return "".join(pieces), tuple(redactions)
