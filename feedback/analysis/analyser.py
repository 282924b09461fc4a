"""The entry points: analyse one answer or many.

Order of work for each answer: redact personal data first and analyse only the
redacted text (that is what gets stored, so the analysis can be recomputed from
it); check safeguarding on the original text; then sentiment and themes.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from .features import PreparedText, prepare
from .linear_model import LinearTextModel
from .prompts import coerce_polarity
from .redaction import redact
from .results import Analysis, PromptPolarity, ThemeTag
from .risk import default_detector
from .rules import rule_themes
from .taxonomy import Taxonomy, load_taxonomy

logger = logging.getLogger(__name__)

DEFAULT_TAXONOMY = "participation"
# Shipped theme models, by taxonomy name. Taxonomies without one use rules only.
_SHIPPED_THEME_MODELS = {"qdc-v7": "models/themes-qdc-v7.npz"}
_SENTIMENT_MODEL = "models/sentiment.npz"
# When no theme clears its tuned threshold, the single most likely theme is still
# given if its probability reaches this floor (nearly every labelled answer has a theme).
FALLBACK_THEME_FLOOR = 0.3


@dataclass(frozen=True)
class AnswerInput:
    """One answer for ``analyse_many``."""

    text: str
    polarity: PromptPolarity | str = PromptPolarity.NEUTRAL


@lru_cache(maxsize=4)
def _load_packaged_model(relative_path: str) -> LinearTextModel:
    with resources.files(__package__).joinpath(relative_path).open("rb") as handle:
        return LinearTextModel.load(handle)


def load_sentiment_model() -> LinearTextModel:
    return _load_packaged_model(_SENTIMENT_MODEL)


def load_theme_model(taxonomy: Taxonomy) -> LinearTextModel | None:
    """The shipped model for a built-in taxonomy, if one was trained for it."""
    relative_path = _SHIPPED_THEME_MODELS.get(taxonomy.name)
    return _load_packaged_model(relative_path) if relative_path else None


class Analyser:
    """Holds the loaded models and taxonomy; reuse one instance for many answers."""

    def __init__(
        self,
        taxonomy: Taxonomy | str | Path = DEFAULT_TAXONOMY,
        theme_model: LinearTextModel | None = None,
        sentiment_model: LinearTextModel | None = None,
        use_rules: bool = True,
        use_theme_model: bool = True,
    ) -> None:
        """``theme_model`` defaults to the shipped model for the taxonomy, if any.

        When a theme model is used, rules only tag themes the model does not
        know: the model already sees rule hits as features, and adding every rule
        hit on top lowered precision in cross-validation (see docs/analysis.md).
        """
        self.taxonomy = taxonomy if isinstance(taxonomy, Taxonomy) else load_taxonomy(taxonomy)
        self.sentiment_model = sentiment_model or load_sentiment_model()
        self.theme_model = None
        if use_theme_model:
            self.theme_model = theme_model if theme_model is not None else load_theme_model(self.taxonomy)
        self.use_rules = use_rules
        self._model_covers = frozenset(self.theme_model.classes if self.theme_model else ())
        known = set(self.taxonomy.theme_names)
        if self.theme_model is not None:
            unknown = [c for c in self.theme_model.classes if c not in known]
            if unknown:
                logger.warning("theme model %s predicts themes not in taxonomy %s: %s",
                               self.theme_model.name, self.taxonomy.name, unknown)

    @property
    def versions(self) -> dict[str, str]:
        versions = {
            "sentiment_model": f"{self.sentiment_model.name}@{self.sentiment_model.version}",
            "taxonomy": f"{self.taxonomy.name}@{self.taxonomy.version}",
        }
        if self.theme_model is not None:
            versions["theme_model"] = f"{self.theme_model.name}@{self.theme_model.version}"
        versions["risk_detector"] = default_detector().version
        return versions

    def analyse(self, text: str, polarity: PromptPolarity | str = PromptPolarity.NEUTRAL) -> Analysis:
        return self.analyse_many([AnswerInput(text, polarity)])[0]

    def analyse_many(self, items: Iterable[AnswerInput | tuple[str, str] | str]) -> list[Analysis]:
        """Analyse many answers; model inference runs as one numpy pass per model."""
        answers = [_as_input(item) for item in items]
        if not answers:
            return []
        polarities = [coerce_polarity(a.polarity) for a in answers]
        redacted = [redact(a.text or "") for a in answers]
        texts = [text for text, _ in redacted]
        polarity_values = [str(p) for p in polarities]
        prepared = [prepare(t, p, self.sentiment_model.config) for t, p in zip(texts, polarity_values)]
        sentiment_labels, sentiment_probabilities = self.sentiment_model.classify(texts, polarity_values, prepared)
        shared = (
            self.theme_model is not None
            and self.theme_model.config.token_settings() == self.sentiment_model.config.token_settings()
        )
        model_themes = self._model_themes(texts, polarity_values, prepared if shared else None)
        # The risk check reads what the person wrote, before redaction.
        risks = default_detector().check_many([answer.text or "" for answer in answers])
        versions = self.versions
        results = []
        for index in range(len(answers)):
            negative, neutral, positive = sentiment_probabilities[index]
            label = sentiment_labels[index]
            if not texts[index].strip():  # an empty answer says nothing either way
                label, negative, positive = "neutral", 0.0, 0.0
            themes = list(model_themes[index])
            if self.use_rules:
                themes.extend(
                    tag for tag in rule_themes(texts[index], self.taxonomy) if tag.theme not in self._model_covers
                )
            results.append(
                Analysis(
                    sentiment=label,
                    sentiment_score=round(float(positive - negative), 4),
                    themes=tuple(themes),
                    redactions=redacted[index][1],
                    redacted_text=texts[index],
                    safeguarding=risks[index],
                    prompt_polarity=polarities[index],
                    versions=dict(versions),
                )
            )
        return results

    def _model_themes(
        self, texts: Sequence[str], polarities: Sequence[str], prepared: Sequence[PreparedText] | None
    ) -> list[list[ThemeTag]]:
        model = self.theme_model
        if model is None:
            return [[] for _ in texts]
        probabilities = model.predict_proba(texts, polarities, prepared)
        thresholds = model.thresholds if model.thresholds is not None else np.full(len(model.classes), 0.5)
        known = set(self.taxonomy.theme_names)
        tags: list[list[ThemeTag]] = []
        for text, row in zip(texts, probabilities):
            if not text.strip():
                tags.append([])
                continue
            chosen = [k for k in np.argsort(-row) if row[k] >= thresholds[k]]
            if not chosen and text.strip() and row.max() >= FALLBACK_THEME_FLOOR:
                chosen = [int(np.argmax(row))]
            tags.append([
                ThemeTag(model.classes[k], "model", model.name, round(float(row[k]), 4))
                for k in chosen if model.classes[k] in known
            ])
        return tags


def _as_input(item: AnswerInput | tuple[str, str] | str) -> AnswerInput:
    if isinstance(item, AnswerInput):
        return item
    if isinstance(item, str):
        return AnswerInput(item)
    text, polarity = item
    return AnswerInput(text, polarity)


@lru_cache(maxsize=8)
def _default_analyser(taxonomy_name: str) -> Analyser:
    return Analyser(taxonomy_name)


def _analyser_for(taxonomy: Taxonomy | str) -> Analyser:
    if isinstance(taxonomy, Taxonomy):
        return Analyser(taxonomy)
    return _default_analyser(taxonomy)


def analyse(
    text: str, polarity: PromptPolarity | str = PromptPolarity.NEUTRAL,
    taxonomy: Taxonomy | str = DEFAULT_TAXONOMY,
) -> Analysis:
    """Analyse one answer given the question's polarity and a taxonomy (name or object)."""
    return _analyser_for(taxonomy).analyse(text, polarity)


def analyse_many(
    items: Iterable[AnswerInput | tuple[str, str] | str], taxonomy: Taxonomy | str = DEFAULT_TAXONOMY
) -> list[Analysis]:
    """Analyse many answers: items are AnswerInput, (text, polarity) pairs or bare text."""
    return _analyser_for(taxonomy).analyse_many(items)
