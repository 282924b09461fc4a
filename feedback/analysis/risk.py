"""The risk check: does an answer disclose risk, which kind, and why we think so.

Two layers, so that a disclosure in words no list foresaw is still found:

1. phrases (``risk_phrases``): explainable, with guards for denials, figures of speech,
   staff talking about a topic and past experiences told as over;
2. a linear model over word and character n-grams of the answer in plain spelling
   (``models/risk.npz``, trained by ``training/risk_train.py`` on ``data/risk/``), which also
   sees which guards held. It flags when its probability that the answer discloses risk
   reaches the threshold stored with it (see training/risk_train.py for how it is chosen).

An answer is flagged when either layer flags it. Each reason says which layer and why: the
person's words for a phrase, the probability for the model.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .linear_model import LinearTextModel
from .results import Safeguarding, SafeguardingReason
from .risk_phrases import PhraseHit, PhraseLayer, default_layer
from .risk_text import rewrite

MODEL_FILE = "models/risk.npz"
RISK = "risk"  # the model's first class: risk against none; the others name the category


def model_input(layer: PhraseLayer, text: str, hits: list[PhraseHit] | None = None) -> str:
    """What the model reads: the answer in plain spelling, then a marker word for each guard
    that held ("qqdenial"), so it can learn how far a denial or a past tense outweighs risk words,
    and one for each guard's sign present anywhere ("qqctxnearmiss", "qqctxpast"), which the
    model needs most where no pattern matched ("my daughter will kill me for saying this")."""
    if hits is None:
        hits = layer.find(text)
    plain = rewrite(text, layer.speller).text
    markers = sorted({"qq" + hit.guard.replace("_", "") for hit in hits if hit.guard})
    return " ".join([plain, *markers, *("qqctx" + name for name in layer.context(plain))])


@dataclass(frozen=True)
class RiskDetector:
    layer: PhraseLayer
    model: LinearTextModel | None
    threshold: float

    @property
    def version(self) -> str:
        model = self.model.version if self.model else "none"
        return f"phrases@{self.layer.version}+model@{model}"

    def check(self, text: str) -> Safeguarding:
        return self.check_many([text])[0]

    def check_many(self, texts: list[str]) -> list[Safeguarding]:
        """Each answer's result; the model scores them all in one numpy pass."""
        found = [self.layer.find(text) for text in texts]
        scores: list[tuple[float, str] | None] = [None] * len(texts)
        if self.model is not None and texts:
            rows = self.model.predict_proba([model_input(self.layer, text, hits) for text, hits in zip(texts, found)],
                                            ["neutral"] * len(texts))
            scores = [(float(row[0]), self.model.classes[1 + int(row[1:].argmax())]) for row in rows]
        return [self._result(hits, score) for hits, score in zip(found, scores)]

    def _result(self, hits: list[PhraseHit], score: tuple[float, str] | None) -> Safeguarding:
        reasons: list[SafeguardingReason] = []
        named: set[str] = set()
        for hit in hits:
            if hit.guard is None and hit.category not in named:
                named.add(hit.category)
                reasons.append(SafeguardingReason(hit.category, hit.phrase, hit.start, hit.end))
        if score is None:
            return Safeguarding(flagged=bool(reasons), reasons=tuple(reasons))
        probability, category = score
        if probability >= self.threshold and category not in named:
            # P(risk) is the model's; the category is only its best guess at the kind.
            reasons.append(SafeguardingReason(category, "", 0, 0, source="model", probability=round(probability, 2)))
        return Safeguarding(flagged=bool(reasons), reasons=tuple(reasons), probability=round(probability, 4))


def load_risk_model() -> LinearTextModel | None:
    path = resources.files(__package__).joinpath(MODEL_FILE)
    if not path.is_file():
        return None
    with path.open("rb") as handle:
        return LinearTextModel.load(handle)


@lru_cache(maxsize=1)
def default_detector() -> RiskDetector:
    model = load_risk_model()
    threshold = float(model.metadata.get("threshold", 0.5)) if model else 1.0
    return RiskDetector(default_layer(), model, threshold)


def detect_risk(text: str) -> Safeguarding:
    """Whether an English answer suggests risk, with each reason."""
    return default_detector().check(text)


def detect_risk_many(texts: list[str]) -> list[Safeguarding]:
    return default_detector().check_many(texts)
