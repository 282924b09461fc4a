"""Answers written in a language the analysis was not trained on.

Sentiment and themes come from English phrase lists and English-trained models, so they
would be wrong for Urdu or Polish: those answers get none. What still applies is what
does not depend on the language: redaction (numbers, emails and postcodes look the same in
any language) and the risk check, with draft phrase lists for the built-in languages
(data/safeguarding-other-languages.json) as well as the English list, since people mix
languages. No negation handling here: a denial still flags, which errs towards a person
reading the answer.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .redaction import redact
from .results import Redaction, Safeguarding, SafeguardingReason
from .risk import detect_risk

ANALYSED_LANGUAGE = "en"


@dataclass(frozen=True)
class UnanalysedText:
    """An answer in another language: redacted and risk-checked, not tagged."""
    redacted_text: str
    redactions: tuple[Redaction, ...]
    safeguarding: Safeguarding
    language: str


def _fold(text: str) -> str:
    # Case-folded and NFC, keeping the length so spans stay aligned with the answer.
    folded = unicodedata.normalize("NFC", text)
    lowered = folded.lower()
    return lowered if len(lowered) == len(folded) else folded


def _pattern(phrase: str) -> str:
    phrase = _fold(phrase.strip())
    stem = phrase.endswith("*")
    body = r"[\s\-]+".join(re.escape(word) for word in re.split(r"[\s\-]+", phrase.rstrip("*")))
    # A phrase starts where a word does; a whole word also ends at one. Letters of scripts
    # with combining vowel signs (Bengali) end on a mark, which \w does not cover, so a
    # following mark counts as the same word.
    return r"(?<!\w)" + body + (r"\w*" if stem else r"(?![\w\u0900-\u09ff\u064b-\u065f])")


@lru_cache(maxsize=1)
def _phrase_lists() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    data = json.loads(resources.files(__package__).joinpath("data/safeguarding-other-languages.json")
                      .read_text("utf-8"))
    return {language: [(category, re.compile(_pattern(phrase))) for category, phrases in categories.items()
                       for phrase in phrases]
            for language, categories in data["languages"].items()}


def risk_phrase_languages() -> set[str]:
    return set(_phrase_lists())


def check_risk(text: str, language: str) -> Safeguarding:
    """The English check, plus the language's own phrases where there are any."""
    english = detect_risk(text)
    reasons = list(english.reasons)
    folded = _fold(text)
    for category, pattern in _phrase_lists().get(language, []):
        for match in pattern.finditer(folded):
            if any(reason.start < match.end() and match.start() < reason.end for reason in reasons):
                continue  # one reason per place in the answer
            reasons.append(SafeguardingReason(category, text[match.start():match.end()], match.start(), match.end()))
    return Safeguarding(flagged=bool(reasons), reasons=tuple(reasons), probability=english.probability)


def prepare_unanalysed(text: str, language: str) -> UnanalysedText:
    redacted, redactions = redact(text)
    return UnanalysedText(redacted_text=redacted, redactions=redactions, safeguarding=check_risk(text, language),
                          language=language)
