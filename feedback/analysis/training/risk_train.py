"""Train the risk model on the training split of data/risk and choose its threshold.

    .venv/bin/python -m feedback.analysis.training.risk_train            # writes models/risk.npz
    .venv/bin/python -m feedback.analysis.training.risk_train --compare  # the variants tried

Features: TF-IDF of word 1-2-grams and character 2-4-grams of ``risk.model_input`` (the
answer in plain spelling plus a marker for each phrase guard that held). Two linear models
share them, stored as one "ovr" LinearTextModel: column "risk" is a class-balanced binary
logistic regression (risk against none), and the category columns a multinomial logistic
regression fitted on the risk answers only, used to name the likeliest category.

The threshold on P(risk) is chosen on out-of-fold probabilities from a 5-fold
cross-validation grouped by template, so a fold never sees the template it is scored on:
the lowest threshold (the most recall) at which the model alone flags at most
MODEL_FPR_BUDGET of the written hard negatives and REAL_FEEDBACK_BUDGET of the real feedback
out of fold. The phrase layer flags few negatives itself.
"""
from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold
from sklearn.svm import LinearSVC

from ..features import FeatureConfig, dense_features, feature_tokens
from ..linear_model import LinearTextModel
from ..risk import MODEL_FILE, RISK, model_input
from ..risk_categories import CATEGORY_KEYS
from ..risk_phrases import default_layer
from ..risk_text import rewrite
from .risk_data import REAL_FEEDBACK_KIND, LabelledRisk, load_real_feedback, load_split

# A negated word's character n-grams are its own ("not suicidal" does not share "suicidal"'s).
FEATURES = FeatureConfig(word_ngrams=2, char_ngram_min=2, char_ngram_max=4, polarity_cross=False, use_vader=False,
                         negated_char_ngrams=True)
C = 8.0
MIN_DF = 2
# The model may flag this share of each kind of negative out of fold: the hard negatives
# written here, and real NHS feedback (which is most of what a trust receives).
MODEL_FPR_BUDGET = 0.05
REAL_FEEDBACK_BUDGET = 0.01
FOLDS = 5


def _vectoriser(config: FeatureConfig) -> TfidfVectorizer:
    return TfidfVectorizer(analyzer=lambda text: feature_tokens(text, "neutral", config), min_df=MIN_DF,
                           sublinear_tf=True, norm="l2")


def _matrix(vectoriser: TfidfVectorizer, texts: Sequence[str], config: FeatureConfig, fit: bool) -> sparse.csr_matrix:
    tfidf = vectoriser.fit_transform(texts) if fit else vectoriser.transform(texts)
    dense = np.array([dense_features(text, "neutral", config) for text in texts])
    return sparse.hstack([tfidf, sparse.csr_matrix(dense)]).tocsr()


def _binary(matrix: sparse.csr_matrix, is_risk: np.ndarray, c: float, kind: str):
    if kind == "svm":
        return LinearSVC(C=c, class_weight="balanced", random_state=0).fit(matrix, is_risk)
    return LogisticRegression(C=c, class_weight="balanced", max_iter=3000).fit(matrix, is_risk)


def _score(classifier, matrix: sparse.csr_matrix) -> np.ndarray:
    if hasattr(classifier, "predict_proba"):
        return classifier.predict_proba(matrix)[:, 1]
    return 1.0 / (1.0 + np.exp(-classifier.decision_function(matrix)))


def out_of_fold(rows: Sequence[LabelledRisk], inputs: Sequence[str], c: float = C, kind: str = "logistic",
                config: FeatureConfig = FEATURES) -> np.ndarray:
    is_risk = np.array([row.is_risk for row in rows], dtype=int)
    probabilities = np.zeros(len(rows))
    for train, test in GroupKFold(n_splits=FOLDS).split(inputs, is_risk, [row.template for row in rows]):
        vectoriser = _vectoriser(config)
        classifier = _binary(_matrix(vectoriser, [inputs[i] for i in train], config, fit=True), is_risk[train], c, kind)
        probabilities[test] = _score(classifier, _matrix(vectoriser, [inputs[i] for i in test], config, fit=False))
    return probabilities


def choose_threshold(probabilities: np.ndarray, is_risk: np.ndarray, is_real: np.ndarray) -> float:
    """The lowest threshold at which the model keeps within both budgets."""
    written = ~is_risk & ~is_real
    for threshold in np.round(np.arange(0.05, 1.0, 0.01), 2):
        flagged = probabilities >= threshold
        if flagged[written].mean() <= MODEL_FPR_BUDGET and (not is_real.any() or
                                                            flagged[is_real].mean() <= REAL_FEEDBACK_BUDGET):
            return float(threshold)
    return 0.99


def training_rows(real_feedback: Path | None = None) -> list[LabelledRisk]:
    """The written training answers, and real feedback that the phrases do not flag."""
    layer = default_layer()
    real = [row for row in load_real_feedback("train", real_feedback) if not any(hit.guard is None for hit in layer.find(row.text))]
    return load_split("train") + real


def _prepare(rows: Sequence[LabelledRisk]) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    layer = default_layer()
    inputs, phrase_flags = [], []
    for row in rows:
        hits = layer.find(row.text)
        inputs.append(model_input(layer, row.text, hits))
        phrase_flags.append(any(hit.guard is None for hit in hits))
    return (inputs, np.array(phrase_flags), np.array([row.is_risk for row in rows]),
            np.array([row.kind == REAL_FEEDBACK_KIND for row in rows]))


def train(rows: Sequence[LabelledRisk]) -> LinearTextModel:
    inputs, _, is_risk, is_real = _prepare(rows)
    threshold = choose_threshold(out_of_fold(rows, inputs), is_risk, is_real)
    vectoriser = _vectoriser(FEATURES)
    matrix = _matrix(vectoriser, inputs, FEATURES, fit=True)
    binary = _binary(matrix, is_risk.astype(int), C, "logistic")
    risk_rows = np.flatnonzero(is_risk)
    categories = LogisticRegression(C=C, max_iter=3000).fit(
        matrix[risk_rows], [CATEGORY_KEYS.index(rows[i].label) for i in risk_rows])
    order = [list(categories.classes_).index(k) for k in range(len(CATEGORY_KEYS))]
    vocabulary = [""] * len(vectoriser.vocabulary_)
    for token, index in vectoriser.vocabulary_.items():
        vocabulary[index] = token
    return LinearTextModel(
        name="risk-logistic", kind="ovr", classes=[RISK, *CATEGORY_KEYS], vocabulary=vocabulary,
        idf=vectoriser.idf_, coef=np.hstack([binary.coef_.T, categories.coef_[order].T]),
        intercept=np.concatenate([binary.intercept_, categories.intercept_[order]]), config=FEATURES,
        metadata={"version": f"2-{date.today().isoformat()}", "threshold": threshold, "c": C, "min_df": MIN_DF,
                  "trained_on": f"data/risk/generated.csv train split and half the NHS feedback in "
                                f"../shared/data, {len(rows)} answers",
                  "phrases": default_layer().version},
    )


def compare(rows: Sequence[LabelledRisk]) -> None:
    """Out of fold, for each variant tried: AUC, the threshold within the budget, and the
    recall and false-positive rate of the model alone and with the phrases."""
    inputs, phrase_flags, is_risk, is_real = _prepare(rows)
    written = ~is_risk & ~is_real
    plain = [rewrite(row.text, default_layer().speller).text for row in rows]
    chars_3_5 = FeatureConfig(word_ngrams=2, char_ngram_min=3, char_ngram_max=5, polarity_cross=False, use_vader=False,
                              negated_char_ngrams=True)
    shared_chars = FeatureConfig(word_ngrams=2, char_ngram_min=2, char_ngram_max=4, polarity_cross=False, use_vader=False)
    words_only = FeatureConfig(word_ngrams=3, char_ngram_min=9, char_ngram_max=9, polarity_cross=False, use_vader=False,
                               negated_char_ngrams=True)
    variants = {
        "logistic C=8, words 1-2 + chars 2-4, negated apart (shipped)": dict(),
        "logistic C=2": dict(c=2.0), "logistic C=32": dict(c=32.0),
        "chars 3-5": dict(config=chars_3_5), "words 1-3, no chars": dict(config=words_only),
        "linear SVM C=0.5": dict(c=0.5, kind="svm"), "no guard markers": dict(texts=plain),
        "no context markers (qqctx*)": dict(texts=[" ".join(w for w in text.split() if not w.startswith("qqctx"))
                                                   for text in inputs]),
        "negated words share char n-grams": dict(config=shared_chars),
    }
    print(f"{is_risk.sum()} risk, {written.sum()} written negatives, {is_real.sum()} real feedback")
    print(f"phrases alone: recall {phrase_flags[is_risk].mean():.3f}, FPR {phrase_flags[written].mean():.3f}")
    for name, options in variants.items():
        texts = options.pop("texts", inputs)
        probabilities = out_of_fold(rows, texts, **options)
        threshold = choose_threshold(probabilities, is_risk, is_real)
        model = probabilities >= threshold
        both = model | phrase_flags
        written_auc = roc_auc_score(is_risk[~is_real], probabilities[~is_real])
        print(f"{name}: AUC {written_auc:.3f} (written answers), threshold {threshold:.2f}; model alone recall "
              f"{model[is_risk].mean():.3f} FPR {model[written].mean():.3f} real {model[is_real].mean():.3f}; "
              f"with phrases recall {both[is_risk].mean():.3f} FPR {both[written].mean():.3f}", flush=True)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compare", action="store_true", help="print the variants tried instead of training")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / MODEL_FILE)
    parser.add_argument("--real-feedback", type=Path, help="patient-feedback-dev.csv if not in ../shared/data")
    args = parser.parse_args(argv)
    rows = training_rows(args.real_feedback)
    if args.compare:
        compare(rows)
        return
    model = train(rows)
    model.save(args.out)
    print(f"wrote {args.out}: {len(model.vocabulary)} features, threshold {model.metadata['threshold']}")


if __name__ == "__main__":
    main()
