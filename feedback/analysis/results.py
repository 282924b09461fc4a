"""Result types returned by the analysis entry points.

They are frozen dataclasses of plain values so callers (the web app, the CLI, a
database layer) can store or serialise them without importing anything heavy.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any, Literal


class PromptPolarity(StrEnum):
    """What the question invited: things that helped, things that hindered, or either."""

    ENABLER = "enabler"
    BARRIER = "barrier"
    NEUTRAL = "neutral"


SentimentLabel = Literal["positive", "neutral", "negative"]
SENTIMENT_LABELS: tuple[str, ...] = ("negative", "neutral", "positive")


@dataclass(frozen=True)
class ThemeTag:
    """One theme given to an answer, with the reason it was given.

    For a rule, ``evidence`` is the phrase found in the text (including a negation
    such as "never heard back") and ``confidence`` is None. For a model,
    ``evidence`` is the model name and ``confidence`` its probability.
    """

    theme: str
    source: Literal["rule", "model"]
    evidence: str
    confidence: float | None = None


@dataclass(frozen=True)
class Redaction:
    """A piece of personal data removed before storage: its kind and where it was.

    ``start``/``end`` index the original text; the original characters are not kept.
    """

    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class SafeguardingReason:
    """Why an answer was flagged: the risk category and how it was found.

    ``source`` "phrase": ``phrase`` is the person's words that matched, at ``start``/``end``
    in the answer. ``source`` "model": the risk model gave the answer ``probability`` of
    disclosing risk (at least its threshold) and this as the likeliest category; ``phrase``
    is empty.
    """

    category: str
    phrase: str
    start: int
    end: int
    source: Literal["phrase", "model"] = "phrase"
    probability: float | None = None

    def in_words(self) -> str:
        """The reason as stored on a flag: "self_harm: “cutting again”" or
        "self_harm: risk model, probability 0.87"."""
        if self.source == "model":
            return f"{self.category}: risk model, probability {self.probability:.2f}"
        return f"{self.category}: \u201c{self.phrase}\u201d"


@dataclass(frozen=True)
class Safeguarding:
    flagged: bool
    reasons: tuple[SafeguardingReason, ...] = ()
    # The risk model's probability that the answer discloses risk, when a model was asked.
    probability: float | None = None


@dataclass(frozen=True)
class Analysis:
    """Everything the library says about one answer."""

    sentiment: SentimentLabel
    sentiment_score: float
    themes: tuple[ThemeTag, ...]
    redactions: tuple[Redaction, ...]
    redacted_text: str
    safeguarding: Safeguarding
    prompt_polarity: PromptPolarity
    versions: dict[str, str] = field(default_factory=dict)

    @property
    def theme_names(self) -> list[str]:
        """Distinct theme names in the order they were first tagged."""
        return list(dict.fromkeys(tag.theme for tag in self.themes))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary (enums become their string values)."""
        data = asdict(self)
        data["prompt_polarity"] = str(self.prompt_polarity)
        # asdict keeps tuples; JSON-ready means lists.
        for key in ("themes", "redactions"):
            data[key] = list(data[key])
        data["safeguarding"]["reasons"] = list(data["safeguarding"]["reasons"])
        return data
