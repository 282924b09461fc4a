"""Sentiment variants that were tried and not shipped, on the crossval folds.

    python -m feedback.analysis.training.variants [path/to/patient-feedback-dev.csv]

Scores the shipped sentiment recipe beside alternatives on the same outer
GroupKFold(5) by respondent, with the decision offsets tuned by an inner grouped
3-fold CV on each training part, as ``fit_sentiment`` does. It works on the
feature matrices directly (not through ``Analyser``), which is why it takes
seconds; its "shipped" row matches the crossval script's. docs/analysis.md
records the results. Needs the ``train`` extra; the AFINN row also needs
``afinn`` and is skipped without it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click
import numpy as np
from scipy import sparse
from sklearn.model_selection import GroupKFold
from sklearn.svm import LinearSVC
from threadpoolctl import threadpool_limits

from ..features import dense_feature_names
from ..results import SENTIMENT_LABELS
from .data import DEFAULT_DATA_PATH, load_labelled
from .fit import (
    SENTIMENT_C,
    SENTIMENT_FEATURES,
    _features,
    _fit_sentiment_arrays,
    _macro_f1,
    _transform,
    tune_decision_bias,
)

# A scorer fits on (matrix, labels) and returns one margin per class for the test matrix.
Scorer = Callable[[sparse.csr_matrix, np.ndarray, sparse.csr_matrix], np.ndarray]


def shipped(matrix: sparse.csr_matrix, labels: np.ndarray, test: sparse.csr_matrix) -> np.ndarray:
    coef, intercept = _fit_sentiment_arrays(matrix, labels, SENTIMENT_C)
    return test @ coef + intercept


def _binary_svm(matrix: sparse.csr_matrix, target: np.ndarray) -> LinearSVC:
    return LinearSVC(C=SENTIMENT_C, class_weight="balanced", random_state=0).fit(matrix, target)


def nb_svm(dense_columns: int) -> Scorer:
    """NBSVM (Wang and Manning, 2012): each class's SVM sees the sparse columns scaled by
    the naive Bayes log-count ratio |r| of that class against the rest."""

    def score(matrix: sparse.csr_matrix, labels: np.ndarray, test: sparse.csr_matrix) -> np.ndarray:
        sparse_columns = matrix.shape[1] - dense_columns
        present = (matrix[:, :sparse_columns] > 0).astype(float)
        margins = []
        for k in range(len(SENTIMENT_LABELS)):
            p = 1 + np.asarray(present[labels == k].sum(axis=0)).ravel()
            q = 1 + np.asarray(present[labels != k].sum(axis=0)).ravel()
            ratio = np.abs(np.log((p / p.sum()) / (q / q.sum())))
            scale = np.concatenate([ratio, np.ones(dense_columns)])
            classifier = _binary_svm(matrix @ sparse.diags(scale), (labels == k).astype(int))
            margins.append(test @ (classifier.coef_[0] * scale) + classifier.intercept_[0])
        return np.column_stack(margins)

    return score


def two_stage(matrix: sparse.csr_matrix, labels: np.ndarray, test: sparse.csr_matrix) -> np.ndarray:
    """A positive-versus-negative SVM fitted on polar answers only, and a neutral detector."""
    polar = labels != 1
    direction = _binary_svm(matrix[polar], (labels[polar] == 2).astype(int)).decision_function(test)
    neutral = _binary_svm(matrix, (labels == 1).astype(int)).decision_function(test)
    return np.column_stack([-direction, neutral, direction])


def shipped_plus_two_stage(matrix: sparse.csr_matrix, labels: np.ndarray, test: sparse.csr_matrix) -> np.ndarray:
    return shipped(matrix, labels, test) + 0.5 * two_stage(matrix, labels, test)


def crammer_singer(matrix: sparse.csr_matrix, labels: np.ndarray, test: sparse.csr_matrix) -> np.ndarray:
    classifier = LinearSVC(C=SENTIMENT_C, class_weight="balanced", multi_class="crammer_singer",
                           random_state=0, max_iter=5000)
    return classifier.fit(matrix, labels).decision_function(test)


def without_doubtful_labels(matrix: sparse.csr_matrix, labels: np.ndarray, test: sparse.csr_matrix,
                            groups: list[str]) -> np.ndarray:
    """Drop training answers whose held-out margin for another class beats their own
    label's by more than 2 (likely mislabelled), then fit the shipped recipe."""
    held = np.zeros((matrix.shape[0], len(SENTIMENT_LABELS)))
    for train, rest in GroupKFold(3).split(matrix, groups=groups):
        held[rest] = shipped(matrix[train], labels[train], matrix[rest])
    own = held[np.arange(len(labels)), labels]
    best_other = np.max(np.where(np.eye(len(SENTIMENT_LABELS))[labels] == 1, -np.inf, held), axis=1)
    keep = np.where(best_other - own < 2.0)[0]
    return shipped(matrix[keep], labels[keep], test)


def _lexicon_columns(texts: list[str], polarities: list[str]) -> dict[str, np.ndarray]:
    """Other lexicons' scores, alone and crossed with the prompt polarity."""
    from textblob import TextBlob

    scores = {"TextBlob polarity and subjectivity": np.array(
        [[TextBlob(t).sentiment.polarity, TextBlob(t).sentiment.subjectivity] for t in texts])}
    try:
        from afinn import Afinn
    except ImportError:
        click.echo("afinn is not installed: AFINN row skipped", err=True)
    else:
        afinn = Afinn()
        scores["AFINN score (tanh(sum/4) and per word)"] = np.array(
            [[np.tanh(afinn.score(t) / 4), afinn.score(t) / max(1, len(t.split()))] for t in texts])
    prompt = np.array([[p == "enabler", p == "barrier", p == "neutral"] for p in polarities], float)
    return {name: np.hstack([s] + [s * prompt[:, [k]] for k in range(3)]) for name, s in scores.items()}


class OuterFolds:
    """The crossval script's outer folds over the answers with both labels, with each
    fold's feature matrices built once, so a variant is scored in seconds."""

    def __init__(self, data_path: Path) -> None:
        answers = [a for a in load_labelled(data_path) if a.sentiment and a.themes]
        self.texts, self.polarities = [a.text for a in answers], [a.polarity for a in answers]
        self.groups = [a.respondent for a in answers]
        self.truth = np.array([SENTIMENT_LABELS.index(a.sentiment) for a in answers])
        self.splits = list(GroupKFold(5).split(self.texts, groups=self.groups))
        self.folds = []
        for train, test in self.splits:
            vectoriser, matrix = _features([self.texts[i] for i in train], [self.polarities[i] for i in train],
                                           SENTIMENT_FEATURES, 2, None, 1.0)
            self.folds.append((matrix, _transform(vectoriser, [self.texts[i] for i in test],
                                                  [self.polarities[i] for i in test], SENTIMENT_FEATURES)))

    def prompt_columns(self) -> np.ndarray:
        """One-hot prompt polarity (enabler, barrier, neutral), to cross extra features with."""
        return np.array([[p == "enabler", p == "barrier", p == "neutral"] for p in self.polarities], float)

    def score(self, name: str, scorer: Callable[..., np.ndarray], extra: np.ndarray | None = None,
              needs_groups: bool = False) -> None:
        """Print one markdown row: the variant's macro-F1, accuracy and per-class F1, with
        the decision offsets tuned by an inner grouped 3-fold CV on each training part."""
        truth = self.truth
        predicted = np.zeros(len(self.texts), dtype=int)
        for (train, test), (matrix, test_matrix) in zip(self.splits, self.folds):
            if extra is not None:
                matrix = sparse.hstack([matrix, sparse.csr_matrix(extra[train])]).tocsr()
                test_matrix = sparse.hstack([test_matrix, sparse.csr_matrix(extra[test])]).tocsr()
            labels, train_groups = truth[train], [self.groups[i] for i in train]

            def fitted(m, y, t, g):
                return scorer(m, y, t, g) if needs_groups else scorer(m, y, t)

            held = np.zeros((len(train), len(SENTIMENT_LABELS)))
            for inner, rest in GroupKFold(3).split(matrix, groups=train_groups):
                held[rest] = fitted(matrix[inner], labels[inner], matrix[rest], [train_groups[i] for i in inner])
            bias = tune_decision_bias(held, labels)
            predicted[test] = np.argmax(fitted(matrix, labels, test_matrix, train_groups) + bias, axis=1)
        print_row(name, truth, predicted)


def print_row(name: str, truth: np.ndarray, predicted: np.ndarray) -> None:
    per_class = [2 * np.sum((predicted == k) & (truth == k)) / (np.sum(predicted == k) + np.sum(truth == k))
                 for k in range(len(SENTIMENT_LABELS))]
    click.echo(f"| {name} | {_macro_f1(truth, predicted, 3):.3f} | {np.mean(predicted == truth):.3f} | "
               + " / ".join(f"{f:.3f}" for f in per_class) + " |")


TABLE_HEAD = "| variant | macro-F1 | accuracy | F1 negative / neutral / positive |\n|---|---|---|---|"


@click.command()
@click.argument("data_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=DEFAULT_DATA_PATH)
def main(data_path: Path) -> None:
    """Print macro-F1, accuracy and per-class F1 for each variant (markdown)."""
    threadpool_limits(limits=1)
    folds = OuterFolds(data_path)
    click.echo(f"{len(folds.texts)} answers, GroupKFold(5) by respondent\n")
    click.echo(TABLE_HEAD)
    folds.score("shipped recipe", shipped)
    folds.score("NBSVM: sparse columns scaled by each class's naive Bayes log-count ratio",
                nb_svm(len(dense_feature_names(SENTIMENT_FEATURES))))
    folds.score("two-stage: positive-vs-negative SVM on polar answers + neutral detector", two_stage)
    folds.score("shipped margins + 0.5 x two-stage margins", shipped_plus_two_stage)
    folds.score("Crammer-Singer multi-class SVM", crammer_singer)
    folds.score("shipped, trained without answers whose label the held-out margins doubt", without_doubtful_labels,
                needs_groups=True)
    for name, columns in _lexicon_columns(folds.texts, folds.polarities).items():
        folds.score(f"shipped + {name}, crossed with the prompt", shipped, extra=columns)


if __name__ == "__main__":
    main()
