"""Small text helpers shared by the rules, safeguarding and model features.

``normalise`` keeps the string length unchanged so that a match found in the
normalised text has the same span in the text the person wrote; evidence and
redaction spans therefore point at the original characters.
"""

from __future__ import annotations

import re

_SAME_LENGTH_MAP = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u02bc": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
    }
)

# Words that reverse or deny what follows. "n't" forms are covered by NEGATION_RE.
NEGATION_WORDS: frozenset[str] = frozenset(
    {
        "not", "no", "never", "nothing", "nobody", "none", "neither", "nor",
        "without", "lack", "lacking", "hardly", "barely", "cannot", "cant",
        "dont", "didnt", "doesnt", "wasnt", "werent", "isnt", "arent", "wont",
        "wouldnt", "couldnt", "shouldnt", "havent", "hasnt", "hadnt", "nowhere",
    }
)
NEGATION_RE = re.compile(
    r"(?:" + "|".join(sorted(NEGATION_WORDS)) + r"|lacked|\w+n't)", re.IGNORECASE
)
# How many words before a phrase a negation may sit and still belong to it
# ("never really heard back", "not been paid").
NEGATION_WINDOW_WORDS = 3
_WORD_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def normalise(text: str) -> str:
    """Lower-case and straighten quotes/dashes without changing the length."""
    normalised = text.translate(_SAME_LENGTH_MAP).lower()
    # str.lower() can lengthen a few exotic characters (e.g. "İ"); fall back per
    # character so spans stay aligned.
    if len(normalised) != len(text):
        normalised = "".join(
            ch if len(ch) == 1 else orig for ch, orig in zip(
                (c.translate(_SAME_LENGTH_MAP).lower() for c in text), text
            )
        )
    return normalised


def words(text: str) -> list[str]:
    """Lower-case word tokens, keeping in-word apostrophes ("didn't")."""
    return _WORD_RE.findall(normalise(text))


def phrase_pattern(phrase: str) -> str:
    """Turn a taxonomy/safeguarding phrase into a regex fragment.

    * a trailing ``*`` on a word matches any ending ("reimburs*"),
    * spaces and hyphens match each other and repeat ("step-free" ~ "step free"),
    * "n't" also matches "nt" and " not" ("didn't" ~ "didnt" ~ "did not"),
    * apostrophes are optional ("don't" ~ "dont").
    A phrase starting with ``re:`` is used as a raw regular expression.
    """
    phrase = normalise(phrase.strip())
    if phrase.startswith("re:"):
        return phrase[3:]
    parts = []
    for word in re.split(r"[\s\-]+", phrase):
        wildcard = word.endswith("*")
        word = word.rstrip("*")
        if word.endswith("n't"):
            fragment = re.escape(word[:-3]) + r"(?:n'?t|\s+not)"
        else:
            fragment = re.escape(word).replace("'", "'?")
        if wildcard:
            fragment += r"[\w']*"
        parts.append(fragment)
    return r"\b" + r"[\s\-]+".join(parts) + r"(?![\w])"


def negation_before(
    normalised_text: str, start: int, allowed_between: re.Pattern[str] | None = None
) -> int | None:
    """Start index of a negation word within a few words before ``start``, else None.

    ``allowed_between`` optionally restricts the words that may sit between the
    negation and the phrase (safeguarding uses it so "not saying I want to die"
    is not read as a denial).
    """
    seen_words = 0
    for match in reversed(list(re.finditer(r"[\w']+", normalised_text[:start]))):
        if re.search(r"[.!?;:]", normalised_text[match.end():start]):
            break  # a sentence boundary ends the scope of the negation
        seen_words += 1
        if NEGATION_RE.fullmatch(match.group(0)):
            between = normalised_text[match.end():start]
            if allowed_between is None or allowed_between.fullmatch(between):
                return match.start()
            return None
        if seen_words >= NEGATION_WINDOW_WORDS:
            break
    return None
