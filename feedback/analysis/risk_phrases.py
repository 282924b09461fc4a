"""The first, explainable layer of the risk check: phrases, and the guards that stop them.

Patterns (``data/risk-phrases.json``) are matched against the answer in plain spelling
(``risk_text.rewrite``), so "thinkin bout endin things" is found by the pattern for "thinking
about ending things". A match flags the answer unless one of these guards holds:

* **denial**: a negation just before it in the same clause, with only words such as "had
  any thoughts of" between ("I've never had thoughts of harming myself", "not that I'm
  suicidal"); "I'm not saying I want to die" is no denial. A negation inside a match that
  the pattern does not spell out ("staff never hurt me") is one too. So is a question
  answered no ("they asked if I had thoughts of ending my life and I said no").
* **figure**: a figure of speech or joke around it ("overdosed on the biscuits", "my feet
  are killing me", "to die for").
* **staff_topic**: staff or a service talking about the topic ("the suicide prevention
  training", "the talk on ligature risks", "I work with young people who self harm").
* **past_resolved**: the answer tells a past experience as over: a past marker ("used
  to", "years ago", "when I was a teenager"), a resolution ("I'm in a good place now", "I
  left him", "clean for five years") and no sign that it is current ("again", "still",
  "last week", "started", "lately"). "I was hit on the ward last week" is current.
* **no_signal**: stopping medication flags only with a sign of risk in the same answer
  (voices, paranoia, dark thoughts, "what's the point"), as stopping with a doctor's help
  is not a risk. A carer at breaking point needs both the carer's context and a signal.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from .needed_text import needed_strings
from .risk_text import Rewritten, Speller, rewrite

_CLAUSE_BREAK = re.compile(r"[.!?;]+|\b(?:but|however|although|though|except|whereas)\b")
_FIRST_PERSON = frozenset({"i", "i'm", "i've", "i'd", "i'll", "me", "my", "myself", "mine"})
# Words that may sit between "training" and the topic: "the talk on how to spot signs of abuse".
_TOPIC_GAP = frozenset("on about around re regarding for of the a an and or with to how people who patients someone "
                       "young service users clients those have had taken been risk risks topics topic like such as subjects issues into at "
                       "managing manage reducing reduce spot spotting signs respond responding deal dealing talking "
                       "talk support supporting help helping is was what after following affected by experiencing experienced "
                       # other topics named alongside: "the talk on domestic abuse", "exploitation and cuckooing"
                       "domestic sexual exploitation abuse violence self harm suicide overdose child children financial "
                       "coercive control neglect restraint restrictive practice mental health "
                       # drugs and exploitation named with a service: "naloxone for opioid overdoses"
                       "opioid opioids heroin naloxone drug drugs alcohol county lines cuckooing grooming gangs knife crime "
                       "trafficking modern slavery online safety "
                       # "how we support staff who get assaulted", "how staff feel after being..."
                       "staff get gets getting feel up are financially".split())
_WORD = re.compile(r"[a-z0-9']+")
_PERSON_OBJECT = frozenset({"me", "him", "her", "us", "them"})
# "no one from the team has ever been [rough with me]": the negated subject sits further back
# than the denial window, but "ever" just before the match ties it to the match.
_NEGATED_SUBJECT_EVER = re.compile(r"\b(?:nobody|no one|no body|none of (?:them|the \w+|us))(?: [\w']+){0,8} "
                                   r"(?:has |have |had )?ever(?: been| done| once)?\s*$")
DENIAL_WINDOW = 7
STAFF_WINDOW = 8


@dataclass(frozen=True)
class PhraseHit:
    """A pattern that matched: where in the answer, the person's words, and the guard
    that stopped it flagging (None when it flags)."""
    category: str
    phrase: str
    start: int
    end: int
    guard: str | None = None


def _compile(pattern: str, macros: dict[str, str]) -> re.Pattern[str]:
    expanded = re.sub(r"\{([A-Z]+)\}", lambda m: macros[m.group(1)], pattern)
    return re.compile(r"(?<![\w'])(?:" + expanded + r")(?![\w'])")


@dataclass(frozen=True)
class PhraseLayer:
    version: str
    patterns: tuple[tuple[str, re.Pattern[str], frozenset[str]], ...]  # category, pattern, negations it spells
    medication_signals: re.Pattern[str]
    carer_context: re.Pattern[str]
    carer_signals: tuple[re.Pattern[str], ...]
    near_misses: tuple[re.Pattern[str], ...]
    staff_after: re.Pattern[str]
    staff_before: re.Pattern[str]
    past: re.Pattern[str]
    resolved: re.Pattern[str]
    current: re.Pattern[str]
    denial_gap: frozenset[str]
    negations: re.Pattern[str]
    question_denied: re.Pattern[str]
    care_context: re.Pattern[str]
    speller: Speller
    # For each pattern, then each near miss: strings one of which any match holds (or None),
    # so a pattern is run only over an answer that holds one (needed_text.py).
    needed: tuple[frozenset[str] | None, ...] = field(init=False, repr=False, compare=False)
    every_needed: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        needed = tuple(needed_strings(pattern) for pattern in (
            *(pattern for _, pattern, _ in self.patterns), *self.near_misses))
        object.__setattr__(self, "needed", needed)
        object.__setattr__(self, "every_needed", tuple(sorted(frozenset().union(*filter(None, needed)))))

    def _present(self, text: str) -> frozenset[str]:
        """Which of the strings the patterns need are in the text: each looked for once."""
        return frozenset(string for string in self.every_needed if string in text)

    @classmethod
    def from_dict(cls, data: dict) -> "PhraseLayer":
        macros = data["macros"]
        negation_words = set(re.findall(r"[a-z']+", data["negations"]))

        def spelled(pattern: str) -> frozenset[str]:
            return frozenset(word for word in negation_words if re.search(r"\b" + re.escape(word) + r"\b", pattern))
        patterns = tuple((category, _compile(p, macros), spelled(p))
                         for category, listed in data["categories"].items() for p in listed)
        carer = data["carer_breaking_point"]
        loose = lambda p: re.compile(p)  # noqa: E731  (markers are searched anywhere)
        return cls(
            version=str(data["version"]), patterns=patterns,
            medication_signals=loose(data["stopping_medication_signals"]),
            carer_context=loose(carer["context"]), carer_signals=tuple(_compile(p, macros) for p in carer["signals"]),
            near_misses=tuple(_compile(p, macros) for p in data["near_misses"]),
            staff_after=re.compile(r"\s*(?:(?:and|or) (?:\w+ ){0,2})?" + data["staff_after"] + r"(?![\w'])"),
            staff_before=re.compile(r"(?<![\w'])" + data["staff_before"] + r"(?![\w'])"),
            past=loose(data["past_markers"]), resolved=loose(data["resolved_markers"]),
            current=loose(data["current_markers"]),
            denial_gap=frozenset(_WORD.findall(data["denial_gap"].replace("(?:", " ").replace("|", " "))),
            negations=re.compile(r"(?:" + data["negations"] + r")"), question_denied=loose(data["question_denied"]),
            care_context=loose(data["violence_care_context"]), speller=Speller(_vocabulary(data), known_words()),
        )

    # -- guards ---------------------------------------------------------------
    def _clause_before(self, text: str, start: int) -> str:
        before = text[:start]
        breaks = list(_CLAUSE_BREAK.finditer(before))
        return before[breaks[-1].end():] if breaks else before

    def _denied(self, text: str, start: int, end: int, spelled: frozenset[str]) -> bool:
        inside = _WORD.findall(text[start:end])
        if any(self.negations.fullmatch(word) and word not in spelled for word in inside):
            return True
        clause = self._clause_before(text, start)
        if _NEGATED_SUBJECT_EVER.search(clause):
            return True
        words = _WORD.findall(clause)[-DENIAL_WINDOW:]
        for i in range(len(words) - 1, -1, -1):
            if self.negations.fullmatch(words[i]):
                return all(word in self.denial_gap for word in words[i + 1:])
            if i + 1 < len(words) and words[i] == "no" and words[i + 1] == "longer":
                return True
        return False

    def _staff_topic(self, text: str, start: int, end: int) -> bool:
        # A topic word after names a topic ("restraint training"); after a person ("they pinned
        # me and the nurse said...") it starts the next clause.
        last = _WORD.findall(text[start:end])[-1:]
        if not _PERSON_OBJECT.intersection(last) and self.staff_after.match(text, end):
            return True
        clause = self._clause_before(text, start)
        words = clause.split()[-STAFF_WINDOW:]
        window = " ".join(words)
        found = list(self.staff_before.finditer(window))
        if not found:
            return False
        between = window[found[-1].end():].split()
        # One word off the list may sit there ("the talk about scams and financial abuse"), but
        # never the person themself ("after the training I cut myself").
        unlisted = [word for word in between if word not in _TOPIC_GAP]
        return len(between) <= 4 and len(unlisted) <= 1 and not _FIRST_PERSON.intersection(between)

    def _figure(self, spans: list[tuple[int, int]], start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in spans)

    def past_resolved(self, text: str) -> bool:
        return bool(self.past.search(text) and self.resolved.search(text) and not self.current.search(text))

    def context(self, text: str) -> list[str]:
        """Which of the guards' signs are in an answer (in plain spelling), whether or not a
        pattern matched: the model reads them as words, so a figure of speech, a past told as
        over or a carer's context counts even where no phrase would have flagged."""
        found = {"nearmiss": any(pattern.search(text) for pattern in self.near_misses),
                 "past": bool(self.past.search(text)), "resolved": bool(self.resolved.search(text)),
                 "current": bool(self.current.search(text)), "carer": bool(self.carer_context.search(text)),
                 "askeddenied": bool(self.question_denied.search(text))}
        return [name for name, present in found.items() if present]

    # -- matching -------------------------------------------------------------
    def find(self, answer: str) -> list[PhraseHit]:
        """Every match in the answer, each with the guard that stops it (or None)."""
        rewritten = rewrite(answer, self.speller)
        text = rewritten.text
        present = self._present(text)
        needed = iter(self.needed)
        patterns = [(item, next(needed)) for item in self.patterns]
        figure_spans = [(m.start(), m.end()) for pattern, strings in zip(self.near_misses, needed)
                        if _may_match(strings, present) for m in pattern.finditer(text)]
        resolved = self.past_resolved(text)
        question_denied = bool(self.question_denied.search(text))
        medication_signal = bool(self.medication_signals.search(text))
        # Violence with no one named is abuse in care where staff or a ward are mentioned.
        violence = "abuse_in_care" if self.care_context.search(text) else "domestic_abuse"
        hits: list[PhraseHit] = []
        for (category, pattern, spelled), strings in patterns:
            if not _may_match(strings, present):
                continue
            for match in pattern.finditer(text):
                start, end = match.span()
                guard = None
                if self._figure(figure_spans, start, end):
                    guard = "figure"
                elif self._staff_topic(text, start, end):
                    guard = "staff_topic"
                elif self._denied(text, start, end, spelled) or question_denied:
                    guard = "denial"
                elif resolved:
                    guard = "past_resolved"
                elif category == "stopping_medication" and not medication_signal:
                    guard = "no_signal"
                named = violence if category == "violence" else category
                hits.append(self._hit(answer, rewritten, named, start, end, guard))
        if self.carer_context.search(text):
            for pattern in self.carer_signals:
                for match in pattern.finditer(text):
                    start, end = match.span()
                    guard = "figure" if self._figure(figure_spans, start, end) else "past_resolved" if resolved else None
                    hits.append(self._hit(answer, rewritten, "carer_breaking_point", start, end, guard))
        hits.sort(key=lambda hit: (hit.start, -(hit.end - hit.start)))
        return hits

    @staticmethod
    def _hit(answer: str, rewritten: Rewritten, category: str, start: int, end: int, guard: str | None) -> PhraseHit:
        original_start, original_end = rewritten.original_span(start, end)
        return PhraseHit(category, answer[original_start:original_end], original_start, original_end, guard)


def _may_match(strings: frozenset[str] | None, present: frozenset[str]) -> bool:
    return strings is None or not strings.isdisjoint(present)


def _vocabulary(data: dict) -> frozenset[str]:
    """The words the patterns spell out, for the speller to put typos right towards."""
    sources = [json.dumps(data["categories"]), json.dumps(data["macros"]), json.dumps(data["near_misses"]),
               json.dumps(data["carer_breaking_point"])] + [data[key] for key in (
                   "staff_after", "staff_before", "past_markers", "resolved_markers", "current_markers",
                   "denial_gap", "stopping_medication_signals")]
    found = {word.replace("'", "") for source in sources for word in re.findall(r"[a-z']{4,}", source)}
    return frozenset(found | set(data["spelling_vocabulary"]))


@lru_cache(maxsize=1)
def known_words() -> frozenset[str]:
    text = resources.files(__package__).joinpath("data/risk-known-words.txt").read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def default_layer() -> PhraseLayer:
    text = resources.files(__package__).joinpath("data/risk-phrases.json").read_text("utf-8")
    return PhraseLayer.from_dict(json.loads(text))
