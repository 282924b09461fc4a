"""Fit the portable linear models with scikit-learn.

scikit-learn is only imported here: the fitted weights are copied into a
``LinearTextModel`` whose inference is numpy only.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.svm import LinearSVC

from ..features import FeatureConfig, dense_features, feature_tokens
from ..linear_model import LinearTextModel
from ..results import SENTIMENT_LABELS

logger = logging.getLogger(__name__)

SENTIMENT_C = 0.3
SENTIMENT_DENSE_SCALE = 1.0
SENTIMENT_FEATURES = FeatureConfig(mixed_features=True, negated_char_ngrams=True)
THEME_C = 8.0
THEME_RULE_FEATURE_SCALE = 0.3
THEME_MIN_EXAMPLES = 5
THEME_MAX_FEATURES = 25000


def _features(
    texts: Sequence[str], polarities: Sequence[str], config: FeatureConfig, min_df: int,
    max_features: int | None, dense_scale: float,
) -> tuple[TfidfVectorizer, sparse.csr_matrix]:
    vectoriser = TfidfVectorizer(
        analyzer=lambda doc: feature_tokens(doc[0], doc[1], config),
        min_df=min_df, max_features=max_features, sublinear_tf=True, norm="l2",
    )
    tfidf = vectoriser.fit_transform(list(zip(texts, polarities)))
    dense = np.array([dense_features(t, p, config) for t, p in zip(texts, polarities)]) * dense_scale
    return vectoriser, sparse.hstack([tfidf, sparse.csr_matrix(dense)]).tocsr()


def _vocabulary(vectoriser: TfidfVectorizer) -> tuple[list[str], np.ndarray]:
    vocabulary = [""] * len(vectoriser.vocabulary_)
    for token, index in vectoriser.vocabulary_.items():
        vocabulary[index] = token
    return vocabulary, vectoriser.idf_


def _fit_sentiment_arrays(matrix: sparse.csr_matrix, labels: np.ndarray, c: float) -> tuple[np.ndarray, np.ndarray]:
    """One-vs-rest linear SVM, classes balanced; columns in SENTIMENT_LABELS order."""
    # liblinear shuffles with numpy's global RNG unless given a seed; fixed for byte-identical rebuilds.
    classifier = LinearSVC(C=c, class_weight="balanced", random_state=0)
    classifier.fit(matrix, labels)
    order = [list(classifier.classes_).index(k) for k in range(len(SENTIMENT_LABELS))]
    return classifier.coef_[order].T.copy(), classifier.intercept_[order].copy()


def _macro_f1(truth: np.ndarray, predicted: np.ndarray, classes: int) -> float:
    scores = []
    for k in range(classes):
        tp = float(np.sum((predicted == k) & (truth == k)))
        denominator = float(np.sum(predicted == k) + np.sum(truth == k))
        scores.append(2 * tp / denominator if denominator else 0.0)
    return float(np.mean(scores))


def tune_decision_bias(scores: np.ndarray, truth: np.ndarray, reference: int = 1) -> np.ndarray:
    """Per-class offsets to add to scores that maximise macro-F1 on held-out scores.

    The reference class (neutral) stays at 0; the others move on a grid of
    -1.5..1.5. Ties go to the smallest total offset, so a flat optimum keeps the
    plain argmax.
    """
    grid = np.round(np.arange(-1.5, 1.51, 0.1), 2)
    others = [k for k in range(scores.shape[1]) if k != reference]
    best_key: tuple[float, float] | None = None
    best = np.zeros(scores.shape[1])
    for first in grid:
        for second in grid:
            bias = np.zeros(scores.shape[1])
            bias[others[0]], bias[others[1]] = first, second
            f1 = round(_macro_f1(truth, np.argmax(scores + bias, axis=1), scores.shape[1]), 4)
            key = (f1, -float(np.abs(bias).sum()))
            if best_key is None or key > best_key:
                best_key, best = key, bias
    return best


def fit_score_scale(scores: np.ndarray, truth: np.ndarray) -> float:
    """Temperature that makes softmax(scale * margin) a calibrated probability (min log-loss)."""
    best_scale, best_loss = 1.0, float("inf")
    for scale in np.arange(0.25, 8.01, 0.25):
        scaled = scale * scores
        scaled = scaled - scaled.max(axis=1, keepdims=True)
        log_probabilities = scaled - np.log(np.exp(scaled).sum(axis=1, keepdims=True))
        loss = -float(np.mean(log_probabilities[np.arange(len(truth)), truth]))
        if loss < best_loss:
            best_scale, best_loss = float(scale), loss
    return best_scale


def fit_sentiment(
    texts: Sequence[str], polarities: Sequence[str], labels: Sequence[str],
    groups: Sequence[str] | None = None, config: FeatureConfig | None = None, c: float = SENTIMENT_C,
    metadata: dict | None = None, tune_folds: int = 3,
) -> LinearTextModel:
    """Linear SVM over negative/neutral/positive with a macro-F1 decision rule.

    An inner grouped CV on the training answers gives held-out margins, from which
    the per-class decision offsets and the probability temperature are chosen;
    the final weights are then fitted on all the training answers.
    """
    config = config or SENTIMENT_FEATURES
    truth = np.array([SENTIMENT_LABELS.index(label) for label in labels])
    # TF-IDF statistics use no labels, so the inner folds can share one vocabulary.
    vectoriser, matrix = _features(texts, polarities, config, 2, None, SENTIMENT_DENSE_SCALE)
    groups = list(groups) if groups is not None else [str(i) for i in range(len(texts))]
    held_out = np.zeros((len(texts), len(SENTIMENT_LABELS)))
    for train_index, test_index in GroupKFold(n_splits=min(tune_folds, len(set(groups)))).split(
        matrix, groups=groups
    ):
        coef, intercept = _fit_sentiment_arrays(matrix[train_index], truth[train_index], c)
        held_out[test_index] = matrix[test_index] @ coef + intercept
    bias = tune_decision_bias(held_out, truth)
    scale = fit_score_scale(held_out + bias, truth)
    coef, intercept = _fit_sentiment_arrays(matrix, truth, c)
    vocabulary, idf = _vocabulary(vectoriser)
    logger.info("sentiment: decision bias %s, score scale %s", bias.tolist(), scale)
    return LinearTextModel(
        name="sentiment-svm", kind="softmax", classes=list(SENTIMENT_LABELS),
        vocabulary=vocabulary, idf=idf, coef=coef, intercept=intercept, config=config,
        dense_scale=SENTIMENT_DENSE_SCALE, metadata=dict(metadata or {}),
        decision_bias=bias, score_scale=scale,
    )


def _best_threshold(probabilities: np.ndarray, truth: np.ndarray) -> float:
    """Threshold maximising F1 for one class (ties go to the higher threshold)."""
    best_threshold, best_f1 = 0.5, -1.0
    for threshold in np.arange(0.05, 0.951, 0.025):
        predicted = probabilities >= threshold
        tp = float(np.sum(predicted & truth))
        denominator = float(predicted.sum() + truth.sum())
        f1 = 2 * tp / denominator if denominator else 0.0
        if f1 >= best_f1:
            best_threshold, best_f1 = float(threshold), f1
    return best_threshold


def _fit_theme_arrays(matrix: sparse.csr_matrix, targets: np.ndarray, c: float) -> tuple[np.ndarray, np.ndarray]:
    coefs, intercepts = [], []
    for column in range(targets.shape[1]):
        classifier = LogisticRegression(C=c, solver="liblinear", class_weight="balanced")
        classifier.fit(matrix, targets[:, column])
        coefs.append(classifier.coef_[0])
        intercepts.append(classifier.intercept_[0])
    return np.array(coefs).T, np.array(intercepts)


def fit_themes(
    texts: Sequence[str], polarities: Sequence[str], themes: Sequence[Sequence[str]],
    groups: Sequence[str] | None = None, name: str = "themes-ovr-logreg",
    config: FeatureConfig | None = None, c: float = THEME_C, metadata: dict | None = None,
    tune_folds: int = 3, rule_taxonomy: str = "",
) -> LinearTextModel:
    """One-vs-rest logistic regression per theme, thresholds tuned by grouped inner CV.

    Themes with fewer than THEME_MIN_EXAMPLES examples are left to the rules.
    """
    # No VADER here: lexicon polarity says little about topic, and skipping it
    # saves a second VADER pass per answer at inference.
    config = config or FeatureConfig(
        use_vader=False, rule_taxonomy=rule_taxonomy, rule_feature_scale=THEME_RULE_FEATURE_SCALE
    )
    counts: dict[str, int] = {}
    for labels in themes:
        for label in set(labels):
            counts[label] = counts.get(label, 0) + 1
    classes = sorted(label for label, count in counts.items() if count >= THEME_MIN_EXAMPLES)
    if not classes:
        raise ValueError(f"no theme has {THEME_MIN_EXAMPLES} or more examples to learn from")
    targets = np.array([[label in set(labels) for label in classes] for labels in themes], dtype=int)
    groups = list(groups) if groups is not None else [str(i) for i in range(len(texts))]
    out_of_fold = np.zeros(targets.shape)
    folds = min(tune_folds, len(set(groups)))
    for train_index, test_index in GroupKFold(n_splits=folds).split(texts, groups=groups):
        sub_texts = [texts[i] for i in train_index]
        sub_polarities = [polarities[i] for i in train_index]
        vectoriser, matrix = _features(sub_texts, sub_polarities, config, 2, THEME_MAX_FEATURES, 1.0)
        coef, intercept = _fit_theme_arrays(matrix, _with_both_values(targets[train_index]), c)
        held = [texts[i] for i in test_index], [polarities[i] for i in test_index]
        test_matrix = _transform(vectoriser, held[0], held[1], config)
        out_of_fold[test_index] = 1 / (1 + np.exp(-(test_matrix @ coef + intercept)))
    thresholds = np.array([_best_threshold(out_of_fold[:, k], targets[:, k] == 1) for k in range(len(classes))])
    vectoriser, matrix = _features(texts, polarities, config, 2, THEME_MAX_FEATURES, 1.0)
    coef, intercept = _fit_theme_arrays(matrix, targets, c)
    vocabulary, idf = _vocabulary(vectoriser)
    logger.info("fitted %s themes on %s answers", len(classes), len(texts))
    return LinearTextModel(
        name=name, kind="ovr", classes=classes, vocabulary=vocabulary, idf=idf, coef=coef,
        intercept=intercept, config=config, thresholds=thresholds, metadata=dict(metadata or {}),
    )


def _with_both_values(targets: np.ndarray) -> np.ndarray:
    """A fold may lack every example of a rare theme; a fake positive-free column breaks
    LogisticRegression, so such columns get one positive on the first row (negligible)."""
    targets = targets.copy()
    for column in range(targets.shape[1]):
        if targets[:, column].min() == targets[:, column].max():
            targets[0, column] = 1 - targets[0, column]
    return targets


def _transform(vectoriser: TfidfVectorizer, texts: Sequence[str], polarities: Sequence[str],
               config: FeatureConfig) -> sparse.csr_matrix:
    tfidf = vectoriser.transform(list(zip(texts, polarities)))
    dense = np.array([dense_features(t, p, config) for t, p in zip(texts, polarities)])
    return sparse.hstack([tfidf, sparse.csr_matrix(dense)]).tocsr()
