"""Fast matching of many phrases against short texts.

One big regex alternation of hundreds of phrases is slow in Python's ``re``
(every alternative is tried at every character). Instead each phrase is indexed
by its first word, and only phrases whose first word appears in the text are
tried, anchored at that word.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from .textnorm import phrase_pattern

Payload = TypeVar("Payload")
_TEXT_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_LEADING_RUN = re.compile(r"[a-z0-9]*")


@dataclass(frozen=True)
class PhraseMatch(Generic[Payload]):
    start: int
    end: int
    phrase: str
    payload: Payload


def _first_word_keys(phrase: str) -> tuple[set[str], str | None] | None:
    """Exact keys and a wildcard prefix for a phrase's first word; None for raw regexes."""
    if phrase.startswith("re:"):
        return None
    first = re.split(r"[\s\-]+", phrase.strip().lower())[0]
    run = _LEADING_RUN.match(first).group(0)
    if first.endswith("*"):
        return set(), run
    keys = {run}
    if first.endswith("n't"):
        keys |= {first[:-3] + "nt", first[:-3]}  # "didnt", and "did" for "did not"
    return keys, None


class PhraseError(ValueError):
    """A phrase whose pattern does not compile; `payload` says where it was registered."""

    def __init__(self, message: str, payload: object) -> None:
        super().__init__(message)
        self.payload = payload


class PhraseMatcher(Generic[Payload]):
    """Find every phrase (overlaps allowed) with the payload it was registered with."""

    def __init__(self, entries: Iterable[tuple[str, Payload]]) -> None:
        self._exact: dict[str, list[tuple[re.Pattern[str], str, Payload]]] = defaultdict(list)
        self._prefix: dict[str, list[tuple[re.Pattern[str], str, Payload]]] = defaultdict(list)
        self._raw: list[tuple[re.Pattern[str], str, Payload]] = []
        for phrase, payload in entries:
            if not phrase.strip():
                continue
            try:
                entry = (re.compile(phrase_pattern(phrase)), phrase, payload)
            except re.error as error:
                raise PhraseError(f"phrase {phrase!r} is not a valid pattern ({error})", payload) from None
            keys = _first_word_keys(phrase)
            if keys is None:
                self._raw.append(entry)
                continue
            exact, prefix = keys
            for key in exact:
                self._exact[key].append(entry)
            if prefix is not None:
                self._prefix[prefix].append(entry)
        self._prefix_lengths = sorted({len(prefix) for prefix in self._prefix})
        self._candidate_cache: dict[str, list[tuple[re.Pattern[str], str, Payload]]] = {}

    def _candidates(self, token: str) -> list[tuple[re.Pattern[str], str, Payload]]:
        """Phrases that could start at a word; memoised because words repeat a lot."""
        cached = self._candidate_cache.get(token)
        if cached is None:
            key = _LEADING_RUN.match(token).group(0)
            cached = list(self._exact.get(key, ()))
            for length in self._prefix_lengths:
                if length > len(token):
                    break
                cached.extend(self._prefix.get(token[:length], ()))
            if len(self._candidate_cache) > 100_000:  # bound memory on unusual input
                self._candidate_cache.clear()
            self._candidate_cache[token] = cached
        return cached

    def find(self, normalised: str) -> list[PhraseMatch[Payload]]:
        """Matches in a text already passed through ``textnorm.normalise``.

        Sorted by start, longer first, so the first match per payload is the fullest.
        """
        found: list[PhraseMatch[Payload]] = []
        for word in _TEXT_WORD.finditer(normalised):
            for pattern, phrase, payload in self._candidates(word.group(0)):
                match = pattern.match(normalised, word.start())
                if match:
                    found.append(PhraseMatch(match.start(), match.end(), phrase, payload))
        for pattern, phrase, payload in self._raw:
            found.extend(PhraseMatch(m.start(), m.end(), phrase, payload) for m in pattern.finditer(normalised))
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        return found
