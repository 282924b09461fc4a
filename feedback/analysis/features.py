"""Turn an answer plus its prompt polarity into model features.

The same code runs at training time (fed to scikit-learn as a callable
analyser) and at inference time (in pure Python + numpy), so the shipped model
never depends on scikit-learn's tokeniser staying the same.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

from .textnorm import NEGATION_WORDS, normalise

_TOKEN_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)*|[.!?;:,()]")
_CLAUSE_END = frozenset(".!?;:,()")
# Words that make up "nothing"-style answers. Their meaning flips with the
# question: "Nothing" to "what could we improve?" is praise, to "what helped?"
# it is a complaint.
_NOTHING_WORDS = frozenset(
    "nothing none no nope nil na n a not really at all else anything everything think of can "
    "cant can't i that comes to mind to add improve improved be could it was is all fine ok "
    "okay good great as are you do did much more the same keep up "
    # fillers: "Honestly nothing", "Nothing so far", "Nothing in particular springs to mind"
    "honestly sadly unfortunately absolutely literally just whatsoever so far yet in particular specific springs".split()
)
_NOTHING_CORE = frozenset({"nothing", "none", "no", "nope", "nil", "na", "n"})
_NEGATION_SCOPE = 3
# VADER's time grows faster than the text: 10,000 characters take 0.06 s, 30,000 take 0.8 s.
# Survey answers stop at 2,000 (and the training answers at 1,830), so only a pasted essay
# in a CSV for `analyse` is cut, and only for the lexicon score.
LEXICON_TEXT_LIMIT = 5000
# Mixed comments ("lovely staff but a long wait") are labelled neutral; scoring
# each clause separately lets the model see praise and complaint side by side.
_CLAUSE_SPLIT = re.compile(r"[.!?;]+|\b(?:but|however|although|though|except|apart from|other than)\b", re.I)
_CONTRAST = re.compile(r"\b(?:but|however|although|though|except|apart from|other than|only (?:gripe|complaint|issue|thing))\b", re.I)


@dataclass(frozen=True)
class FeatureConfig:
    """Which features a model uses; stored in the model file with the weights."""

    word_ngrams: int = 2
    char_ngram_min: int = 3
    char_ngram_max: int = 5
    polarity_cross: bool = True
    use_textblob: bool = False
    use_vader: bool = True
    mixed_features: bool = False
    # Theme models may also see which taxonomy rules fired, as "rule:<theme>" tokens,
    # so the model learns how far to trust each rule.
    rule_taxonomy: str = ""
    rule_feature_scale: float = 0.3
    # A negated word's character n-grams are kept apart from the plain word's, so "not
    # very helpful" does not borrow the praise of "helpful" (the sentiment model).
    negated_char_ngrams: bool = False

    def token_settings(self) -> tuple[int, int, int, bool]:
        """The settings that decide sparse tokens; models equal here can share them."""
        return (self.word_ngrams, self.char_ngram_min, self.char_ngram_max, self.polarity_cross)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "FeatureConfig":
        return cls(**{key: data[key] for key in cls.__dataclass_fields__ if key in data})


def negation_marked_words(text: str) -> list[str]:
    """Words with apostrophes dropped and a NOT_ prefix inside a negation's scope."""
    marked: list[str] = []
    scope = 0
    for token in _TOKEN_RE.findall(normalise(text)):
        if token in _CLAUSE_END:
            scope = 0
            continue
        word = token.replace("'", "")
        if word in NEGATION_WORDS or word.endswith("nt") and token.endswith("n't"):
            marked.append(word)
            scope = _NEGATION_SCOPE
        elif scope:
            marked.append("NOT_" + word)
            scope -= 1
        else:
            marked.append(word)
    return marked


def nothing_answer(text: str) -> bool:
    """True for short "Nothing", "None really", "No, nothing to add" style answers."""
    tokens = [t.replace("'", "") for t in _TOKEN_RE.findall(normalise(text)) if t not in _CLAUSE_END]
    return 0 < len(tokens) <= 8 and any(t in _NOTHING_CORE for t in tokens) and all(
        t in _NOTHING_WORDS for t in tokens
    )


def word_level_tokens(words: list[str], text: str, polarity: str, config: FeatureConfig) -> list[str]:
    """Tokens other than character n-grams: words, word n-grams, prompt crosses, shape."""
    tokens = ["q:" + polarity]
    tokens.extend("w:" + word for word in words)
    for n in range(2, config.word_ngrams + 1):
        tokens.extend("w:" + " ".join(words[i:i + n]) for i in range(len(words) - n + 1))
    if config.polarity_cross and polarity != "neutral":
        tokens.extend(f"{polarity}:{word}" for word in words)
    if nothing_answer(text):
        tokens.append("nothing_answer:" + polarity)
    length = len(words)
    tokens.append("len:" + ("1" if length <= 1 else "2-3" if length <= 3 else "4-10" if length <= 10 else "11+"))
    return tokens


@lru_cache(maxsize=65536)
def char_ngrams(word: str, low: int, high: int) -> tuple[str, ...]:
    """Character n-grams of one word padded with spaces; cached because words repeat a lot."""
    padded = f" {word.removeprefix('NOT_')} "
    if not 0 < low <= high:
        return ()
    return tuple(
        "c:" + padded[i:i + n] for n in range(low, min(high, len(padded)) + 1) for i in range(len(padded) - n + 1)
    )


@lru_cache(maxsize=65536)
def _negated_char_ngrams(word: str, low: int, high: int) -> tuple[str, ...]:
    return tuple("n" + gram for gram in char_ngrams(word, low, high))


def word_char_ngrams(word: str, config: FeatureConfig) -> tuple[str, ...]:
    """A word's character n-gram tokens under the model's settings."""
    if config.negated_char_ngrams and word.startswith("NOT_"):
        return _negated_char_ngrams(word, config.char_ngram_min, config.char_ngram_max)
    return char_ngrams(word, config.char_ngram_min, config.char_ngram_max)


@dataclass(frozen=True)
class PreparedText:
    """Tokenised answer, computed once and shared by models with equal token settings."""

    text: str
    polarity: str
    words: list[str]
    word_tokens: list[str]


def prepare(text: str, polarity: str, config: FeatureConfig) -> PreparedText:
    words = negation_marked_words(text)
    return PreparedText(text, polarity, words, word_level_tokens(words, text, polarity, config))


def feature_tokens(text: str, polarity: str, config: FeatureConfig) -> list[str]:
    """All sparse (TF-IDF) tokens of an answer; training uses this directly."""
    words = negation_marked_words(text)
    tokens = word_level_tokens(words, text, polarity, config)
    for word in words:
        tokens.extend(word_char_ngrams(word, config))
    return tokens


def _rule_taxonomy(name: str) -> Any:
    from .taxonomy import load_taxonomy  # imported late: only theme models need it

    return load_taxonomy(name)


@lru_cache(maxsize=1)
def _vader() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def dense_feature_names(config: FeatureConfig) -> list[str]:
    names = ["prompt_enabler", "prompt_barrier", "nothing_enabler", "nothing_barrier", "nothing_neutral"]
    for lexicon in (["vader"] if config.use_vader else []) + (["textblob"] if config.use_textblob else []):
        names += [f"{lexicon}", f"{lexicon}_x_barrier", f"{lexicon}_x_enabler"]
    if config.use_vader and config.mixed_features:
        names += ["clause_max", "clause_min", "clause_mixed", "contrast"]
    if config.rule_taxonomy:
        names += ["rule:" + name for name in _rule_taxonomy(config.rule_taxonomy).theme_names]
    return names


def dense_features(text: str, polarity: str, config: FeatureConfig) -> list[float]:
    """Small dense features: prompt one-hots, "nothing" crossed with prompt, lexicon scores."""
    is_barrier = float(polarity == "barrier")
    is_enabler = float(polarity == "enabler")
    nothing = nothing_answer(text)
    values = [
        is_enabler,
        is_barrier,
        float(nothing and polarity == "enabler"),
        float(nothing and polarity == "barrier"),
        float(nothing and polarity == "neutral"),
    ]
    scores: list[float] = []
    lexicon_text = text[:LEXICON_TEXT_LIMIT]
    if config.use_vader:
        vader_compound = _vader().polarity_scores(lexicon_text)["compound"]
        scores.append(vader_compound)
    if config.use_textblob:
        from textblob import TextBlob

        scores.append(float(TextBlob(text).sentiment.polarity))
    for score in scores:
        values += [score, score * is_barrier, score * is_enabler]
    if config.use_vader and config.mixed_features:
        clauses = [clause for clause in _CLAUSE_SPLIT.split(lexicon_text) if clause and clause.strip()]
        # One clause (most answers): reuse the whole-answer score rather than pay
        # for a second VADER pass, which would cost about a fifth of throughput.
        clause_scores = (
            [_vader().polarity_scores(clause)["compound"] for clause in clauses] if len(clauses) > 1
            else [vader_compound]
        )
        high, low = max(clause_scores), min(clause_scores)
        values += [high, low, float(high > 0.3 and low < -0.3), float(bool(_CONTRAST.search(text)))]
    if config.rule_taxonomy:
        # Which taxonomy phrases matched, as dense 0/scale features: strong, explainable
        # hints that help rare themes the model has few examples of.
        taxonomy = _rule_taxonomy(config.rule_taxonomy)
        hits = {match.payload for match in taxonomy.matcher.find(normalise(text))}
        values += [config.rule_feature_scale if name in hits else 0.0 for name in taxonomy.theme_names]
    return values
