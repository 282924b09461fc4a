"""Remove personal identifiers from free text before it is stored.

Covered: NHS numbers (only when the modulus-11 check digit is valid, so an order
number or a mistyped number is left alone), UK phone numbers, email addresses,
UK postcodes and National Insurance numbers. Each is replaced by a readable
placeholder and recorded as (kind, start, end) in the original text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .results import Redaction

PLACEHOLDERS: dict[str, str] = {
    "email": "[email address removed]",
    "nhs_number": "[NHS number removed]",
    "ni_number": "[National Insurance number removed]",
    "phone": "[phone number removed]",
    "postcode": "[postcode removed]",
}

_EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b", re.IGNORECASE)
# Ten digits written together or as 3-3-4 with spaces, dashes or dots (one or two).
_NHS_RE = re.compile(r"(?<![\w+])(\d{3})[ .\-\u00a0]{0,2}(\d{3})[ .\-\u00a0]{0,2}(\d{4})(?![\w])")
# A candidate phone number: +44 or a leading 0, then digits with the separators
# people use. The digits are checked afterwards (length and leading 01/02/03/07).
_PHONE_RE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(0|0)\d(?:[ \-\u00a0.]?\)?[ \-\u00a0.]?\d){8,10}(?![\w])"
)
# Letters never used in particular positions of a postcode (Royal Mail rules);
# excluding them keeps phrases like "at10 5pm" from looking like a postcode.
_POSTCODE_RE = re.compile(
    r"\b(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?|GIR)\s*\d[ABD-HJLNP-UW-Z]{2}\b", re.IGNORECASE
)
# HMRC's prefix rules, then six digits as 2-2-2 or 3-3 with spaces or dashes, then the
# suffix letter. People often leave the suffix off; without it only capitals count, so
# that "at 12 34 56" in a sentence is left alone.
_NI_PREFIX = r"\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
_NI_DIGITS = r"[ \-]?(?:\d{2}[ \-]?\d{2}[ \-]?\d{2}|\d{3}[ \-]?\d{3})"
_NI_RE = re.compile(_NI_PREFIX + _NI_DIGITS + r"[ \-]?[A-D]\b", re.IGNORECASE)
_NI_WITHOUT_SUFFIX_RE = re.compile(_NI_PREFIX + _NI_DIGITS + r"\b")


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
        ("nhs_number", _NHS_RE, lambda m: nhs_number_is_valid("".join(m.groups()))),
        ("phone", _PHONE_RE, lambda m: _phone_is_plausible(m.group(0))),
        ("ni_number", _NI_RE, lambda m: True),
        ("ni_number", _NI_WITHOUT_SUFFIX_RE, lambda m: True),
        ("postcode", _POSTCODE_RE, lambda m: True),
    ]
    for kind, pattern, accept in finders:
        for match in pattern.finditer(text):
            start, end = match.span()
            overlaps = any(start < other.end and other.start < end for other in found)
            if not overlaps and accept(match):
                found.append(Redaction(kind=kind, start=start, end=end))
    return sorted(found, key=lambda r: r.start)


def redact(text: str) -> tuple[str, tuple[Redaction, ...]]:
    """Return the text with identifiers replaced, and what was removed where."""
    redactions = _find_spans(text)
    pieces: list[str] = []
    position = 0
    for redaction in redactions:
        pieces.append(text[position:redaction.start])
        pieces.append(PLACEHOLDERS[redaction.kind])
        position = redaction.end
    pieces.append(text[position:])
    return "".join(pieces), tuple(redactions)
