"""Answers as people type them, rewritten in plain spelling for the risk check.

"stopped my meds & been thinkin bout endin things" becomes "stopped my meds and been
thinking about ending things", "im gonna kms" becomes "i'm going to kill myself", and a
typo in a word that matters ("sucidal", "overdsoe", "cuting") is put right. Each word
of the rewritten text remembers where it was in the answer, so a phrase found in the
rewrite is reported in the words the person wrote.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .textnorm import normalise

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)*|[.!?;]+|&")

# Text-speak and dropped apostrophes, word for word.
_SPELLINGS = {
    "u": "you", "ur": "your", "r": "are", "ya": "you", "im": "i'm", "ive": "i've", "id": "i'd",
    "dont": "don't", "cant": "can't", "wont": "won't", "didnt": "didn't", "isnt": "isn't",
    "wasnt": "wasn't", "havent": "haven't", "hasnt": "hasn't", "couldnt": "couldn't",
    "wouldnt": "wouldn't", "shouldnt": "shouldn't", "doesnt": "doesn't", "arent": "aren't",
    "werent": "weren't", "aint": "ain't", "hadnt": "hadn't", "thats": "that's", "whats": "what's",
    "theres": "there's", "shes": "she's", "hes": "he's", "theyre": "they're", "youre": "you're",
    "itll": "it'll", "wanna": "want to",
    "wana": "want to", "gonna": "going to", "gunna": "going to", "gotta": "got to", "bout": "about",
    "abt": "about", "cos": "because", "coz": "because", "cuz": "because", "bc": "because",
    "becuz": "because", "cause": "because", "thru": "through", "tho": "though", "rly": "really",
    "ppl": "people", "pls": "please", "plz": "please", "nite": "night", "2nite": "tonight",
    "2day": "today", "2moro": "tomorrow", "wiv": "with", "summat": "something", "nothin": "nothing",
    "nuthin": "nothing", "anymore": "any more", "meself": "myself", "mesel": "myself", "myslef": "myself",
    "kms": "kill myself", "unalive": "kill", "shing": "self harming",
    "b": "be", "4ever": "forever", "oded": "overdosed", "od'd": "overdosed", "ods": "overdoses",
    "bf": "boyfriend", "gf": "girlfriend", "hubby": "husband", "&": "and", "n't": "not",
    "tabs": "tablets", "sleepers": "sleeping tablets", "paracetemol": "paracetamol",
    "alot": "a lot", "wat": "what", "wot": "what", "wen": "when", "ppl's": "people's",
    "nobodys": "nobody's", "everyones": "everyone's", "noone": "no one", "no-one": "no one",
}
# "thinkin", "endin": the dropped g of words that matter.
_ING_WORDS = frozenset(
    "think end kill feel go cut harm hurt burn take do want plan try hang jump stockpil sav collect "
    "cop carry hit punch kick beat threaten scream shout grabb slapp push touch starv self-harm bleed "
    "struggl los mak get look car stay start keep".split()
)
# "2" means "to" and "4" "for" between words ("want 2 die", "clean 4 years") but not before a
# count ("2 weeks").
_COUNTED = frozenset("weeks days hours times years months minutes mins of or and pills tablets kids "
                     "children boxes packets bottles nights".split())
_BETWEEN_WORDS = {"2": "to", "4": "for"}
# "hell kill me", "shed kill me": he'll and she'd without the apostrophe, before a verb.
_BEFORE_VERB = {"hell": "he'll", "shell": "she'll", "hed": "he'd", "shed": "she'd", "well": "we'll",
                "theyll": "they'll", "youll": "you'll"}
# "od" and "sh" are overdose and self-harm after words like these ("took an od", "relapsed
# with sh"), and not otherwise ("staff od listen" is a typo of "do").
_ABBREVIATIONS = {"od": "overdose", "sh": "self harm"}
_BEFORE_ABBREVIATION = frozenset("a an the my another took taken take had have after with of into on to for and about "
                                 "her his their again".split())
_VERBS = frozenset("kill hurt hit beat batter stab be go never come do get say said rather love leave find make "
                   "take throw smash break end murder".split())


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


class Speller:
    """Puts right a typo in a word the phrases depend on: a letter dropped, doubled or two
    swapped, or in a word of 8 letters or more one changed. Everyday words (``known``) are
    never changed, so "putting" stays "putting" though "cutting" is one letter away."""

    def __init__(self, vocabulary: frozenset[str], known: frozenset[str]) -> None:
        self.vocabulary = frozenset(word for word in vocabulary if len(word) >= 5)
        self.known = known | self.vocabulary
        self._index: dict[str, set[str]] = {}
        for word in self.vocabulary:
            for variant in _deletions(word) | {word}:
                self._index.setdefault(variant, set()).add(word)
        self.correct = lru_cache(maxsize=20000)(self._correct)

    def _correct(self, token: str) -> str:
        if len(token) < 5 or token in self.known or not token.isalpha():
            return token
        if token.endswith("s") and token[:-1] in self.known:  # a plural ("nudes") is no typo
            return token
        candidates: set[str] = set()
        for variant in _deletions(token) | {token}:
            candidates |= self._index.get(variant, set())
        matches = sorted(word for word in candidates if _one_edit(token, word))
        return matches[0] if len(matches) == 1 else token


@dataclass(frozen=True)
class Rewritten:
    """The rewritten text, and for each of its words the span it came from in the answer."""
    text: str
    spans: tuple[tuple[int, int, int, int], ...]  # (start, end) in text, (start, end) in the answer

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        inside = [(s, e) for cs, ce, s, e in self.spans if cs < end and start < ce]
        if not inside:
            return start, end
        return inside[0][0], inside[-1][1]


def _one_edit(word: str, target: str) -> bool:
    """A letter dropped, doubled or two swapped; or, in a word of 8 or more, one changed."""
    if word == target or word[:1] != target[:1]:
        return False
    lw, lt = len(word), len(target)
    if lw == lt:
        diffs = [i for i in range(lw) if word[i] != target[i]]
        if len(diffs) == 2 and diffs[1] == diffs[0] + 1 and word[diffs[0]] == target[diffs[1]] \
                and word[diffs[1]] == target[diffs[0]]:
            return True
        return len(diffs) == 1 and lt >= 8
    if abs(lw - lt) != 1:
        return False
    short, long_ = (word, target) if lw < lt else (target, word)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _spelling(token: str, before: str, after: str, speller: Speller | None) -> str:
    if token in _BETWEEN_WORDS:
        between = before.isalpha() and after.isalpha() and after not in _COUNTED
        return _BETWEEN_WORDS[token] if between else token
    if token in _BEFORE_VERB and after in _VERBS and (token != "well" or before in ("", "and", "then", "so")):
        return _BEFORE_VERB[token]
    if token in _SPELLINGS:
        return _SPELLINGS[token]
    if token in _ABBREVIATIONS:
        return _ABBREVIATIONS[token] if before in _BEFORE_ABBREVIATION or after == "again" else token
    if token.endswith("in") and len(token) >= 4:
        stem = token[:-2]
        if stem in _ING_WORDS or stem[:-1] in _ING_WORDS and stem[-1:] == stem[-2:-1]:
            return token + "g"
    if _SUICIDE_TYPO.fullmatch(token) and "i" in token[:5] and token not in ("suicide", "suicidal"):
        return "suicidal" if "al" in token[4:] else "suicide"
    if speller is None:
        return token
    corrected = speller.correct(token)
    return _SPELLINGS.get(corrected, corrected)


_SUICIDE_TYPO = re.compile(r"su[iy]?[cs]{1,2}[iy]?[aeiouy]?d\w*")


@lru_cache(maxsize=4096)
def rewrite(text: str, speller: Speller | None = None) -> Rewritten:
    """Plain spelling, one space between words; sentence ends kept so clauses stay apart."""
    normalised = normalise(text)
    tokens = [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(normalised)]
    pieces: list[str] = []
    spans: list[tuple[int, int, int, int]] = []
    position = 0
    for i, (token, start, end) in enumerate(tokens):
        before = tokens[i - 1][0] if i else ""
        after = tokens[i + 1][0] if i + 1 < len(tokens) else ""
        word = _spelling(token, before, after, speller)
        if pieces:
            position += 1
        pieces.append(word)
        spans.append((position, position + len(word), start, end))
        position += len(word)
    return Rewritten(" ".join(pieces), tuple(spans))
