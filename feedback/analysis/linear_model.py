"""A portable linear text model: vocabulary, IDF weights and coefficients in one .npz.

Inference is numpy only, so the running app does not need scikit-learn and the
file can be inspected or re-implemented elsewhere. Files are loaded with
``allow_pickle=False``: nothing in them can execute code.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .features import FeatureConfig, PreparedText, dense_features, prepare, word_char_ngrams


def _decode_lines(array: np.ndarray) -> list[str]:
    return array.tobytes().decode("utf-8").split("\n") if array.size else []


def _encode_lines(lines: Sequence[str]) -> np.ndarray:
    return np.frombuffer("\n".join(lines).encode("utf-8"), dtype=np.uint8)


@dataclass
class LinearTextModel:
    """TF-IDF (sublinear tf, L2 norm) + dense features -> linear scores per class.

    ``kind`` is "softmax" (one label, e.g. sentiment) or "ovr" (independent
    sigmoid per class, e.g. themes, with a per-class ``thresholds`` array).

    For softmax models, probabilities are softmax(score_scale * (scores +
    decision_bias)): ``decision_bias`` shifts the class scores so that the most
    likely class maximises macro-F1 (tuned by inner cross-validation, so the rare
    neutral class is not drowned out), and ``score_scale`` turns margins from a
    linear SVM into calibrated probabilities. The label is the most probable class.
    """

    name: str
    kind: str
    classes: list[str]
    vocabulary: list[str]
    idf: np.ndarray
    coef: np.ndarray  # shape (len(vocabulary) + n_dense, len(classes))
    intercept: np.ndarray
    config: FeatureConfig
    dense_scale: float = 1.0
    thresholds: np.ndarray | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    decision_bias: np.ndarray | None = None
    score_scale: float = 1.0

    def __post_init__(self) -> None:
        self._index = {token: i for i, token in enumerate(self.vocabulary)}
        self._char_cache: dict[str, list[int]] = {}
        vocabulary_size = len(self.vocabulary)
        # float32 halves memory traffic in the gather below; scores need no more precision.
        self._coef_sparse = np.vstack(
            [self.coef[:vocabulary_size], np.zeros((1, self.coef.shape[1]))]
        ).astype(np.float32)
        self._coef_dense = self.coef[vocabulary_size:].astype(np.float32)
        self._idf_padded = np.append(self.idf, 0.0).astype(np.float32)
        self._zero_row = vocabulary_size

    # -- features ---------------------------------------------------------
    def _token_counts(self, words: list[str], word_tokens: list[str]) -> Counter[int]:
        index = self._index
        counts = Counter(index[t] for t in word_tokens if t in index)
        for word in words:
            counts.update(self._char_indices(word))
        return counts

    def _char_indices(self, word: str) -> list[int]:
        """Vocabulary indices of a word's character n-grams, memoised per model."""
        cached = self._char_cache.get(word)
        if cached is None:
            if len(self._char_cache) > 200_000:  # bound memory on unusual input
                self._char_cache.clear()
            index = self._index
            grams = word_char_ngrams(word, self.config)
            cached = [index[g] for g in grams if g in index]
            self._char_cache[word] = cached
        return cached

    def decision_function(
        self, texts: Sequence[str], polarities: Sequence[str],
        prepared: Sequence[PreparedText] | None = None, chunk_size: int = 512,
    ) -> np.ndarray:
        """Linear scores, shape (len(texts), len(classes)), computed in numpy chunks.

        ``prepared`` lets several models share one tokenisation of the same texts.
        """
        if len(texts) != len(polarities):
            raise ValueError("texts and polarities differ in length")
        if prepared is None:
            prepared = [prepare(text, polarity, self.config) for text, polarity in zip(texts, polarities)]
        chunks = [
            self._scores(prepared[start:start + chunk_size]) for start in range(0, len(prepared), chunk_size)
        ]
        return np.vstack(chunks) if chunks else np.zeros((0, len(self.classes)))

    def _scores(self, prepared: Sequence[PreparedText]) -> np.ndarray:
        # Each row starts with a dummy entry pointing at an all-zero coefficient
        # row, so np.add.reduceat never sees an empty row.
        dummy = self._zero_row
        indices: list[int] = []
        counts: list[float] = []
        offsets: list[int] = []
        for item in prepared:
            row = self._token_counts(item.words, item.word_tokens)
            offsets.append(len(indices))
            indices.append(dummy)
            counts.append(1.0)
            indices.extend(row.keys())
            counts.extend(row.values())
        index_array = np.asarray(indices, dtype=np.int64)
        values = (1.0 + np.log(np.asarray(counts))) * self._idf_padded[index_array]
        starts = np.asarray(offsets, dtype=np.int64)
        norms = np.sqrt(np.add.reduceat(values * values, starts))
        norms[norms == 0] = 1.0
        row_of_entry = np.repeat(np.arange(len(prepared)), np.diff(np.append(starts, len(values))))
        values /= norms[row_of_entry]
        sparse_part = np.add.reduceat(self._coef_sparse[index_array] * values[:, None], starts, axis=0)
        dense = np.asarray(
            [dense_features(item.text, item.polarity, self.config) for item in prepared], dtype=np.float32
        ).reshape(len(prepared), -1)
        return sparse_part + (dense * self.dense_scale) @ self._coef_dense + self.intercept

    def predict_proba(
        self, texts: Sequence[str], polarities: Sequence[str], prepared: Sequence[PreparedText] | None = None
    ) -> np.ndarray:
        scores = self.decision_function(texts, polarities, prepared).astype(np.float64)
        return self._probabilities(scores)

    def _probabilities(self, scores: np.ndarray) -> np.ndarray:
        if self.kind == "softmax":
            if self.decision_bias is not None:
                scores = scores + self.decision_bias
            scores = self.score_scale * scores
            scores = scores - scores.max(axis=1, keepdims=True)
            exp = np.exp(scores)
            return exp / exp.sum(axis=1, keepdims=True)
        return 1.0 / (1.0 + np.exp(-scores))

    def classify(
        self, texts: Sequence[str], polarities: Sequence[str], prepared: Sequence[PreparedText] | None = None
    ) -> tuple[list[str], np.ndarray]:
        """Softmax models: the most probable class per text, and the probabilities."""
        if self.kind != "softmax":
            raise ValueError("classify() is for single-label (softmax) models")
        probabilities = self.predict_proba(texts, polarities, prepared)
        return [self.classes[i] for i in np.argmax(probabilities, axis=1)], probabilities

    # -- persistence ----------------------------------------------------
    def save(self, path: Path) -> None:
        header = {
            "name": self.name,
            "kind": self.kind,
            "classes": self.classes,
            "config": self.config.to_dict(),
            "dense_scale": self.dense_scale,
            "metadata": self.metadata,
            "score_scale": self.score_scale,
        }
        arrays = {
            "header": _encode_lines([json.dumps(header, sort_keys=True)]),
            "vocabulary": _encode_lines(self.vocabulary),
            "idf": self.idf.astype(np.float32),
            "coef": self.coef.astype(np.float32),
            "intercept": self.intercept.astype(np.float32),
        }
        if self.thresholds is not None:
            arrays["thresholds"] = self.thresholds.astype(np.float32)
        if self.decision_bias is not None:
            arrays["decision_bias"] = self.decision_bias.astype(np.float32)
        with open(path, "wb") as handle:  # file handle keeps numpy from appending ".npz"
            np.savez_compressed(handle, **arrays)

    @classmethod
    def load(cls, source: Any) -> "LinearTextModel":
        with np.load(source, allow_pickle=False) as data:
            header = json.loads(_decode_lines(data["header"])[0])
            return cls(
                name=header["name"],
                kind=header["kind"],
                classes=list(header["classes"]),
                vocabulary=_decode_lines(data["vocabulary"]),
                idf=data["idf"].astype(np.float64),
                coef=data["coef"].astype(np.float64),
                intercept=data["intercept"].astype(np.float64),
                config=FeatureConfig.from_dict(header["config"]),
                dense_scale=float(header.get("dense_scale", 1.0)),
                thresholds=data["thresholds"].astype(np.float64) if "thresholds" in data else None,
                metadata=header.get("metadata", {}),
                decision_bias=data["decision_bias"].astype(np.float64) if "decision_bias" in data else None,
                score_scale=float(header.get("score_scale", 1.0)),
            )

    @property
    def version(self) -> str:
        return str(self.metadata.get("version", "unversioned"))
