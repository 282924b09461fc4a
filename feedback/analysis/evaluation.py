"""Precision, recall and F1 per class with macro and micro averages (numpy only).

Works for single-label data (sentiment: one label per item) and multi-label data
(themes: a set per item, possibly empty) with the same arithmetic: every
(item, class) decision is a true/false positive/negative.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ClassScores:
    label: str
    precision: float
    recall: float
    f1: float
    support: int  # how many items truly have this label
    true_positives: int
    false_positives: int
    false_negatives: int


@dataclass(frozen=True)
class Report:
    per_class: tuple[ClassScores, ...]
    macro_precision: float
    macro_recall: float
    macro_f1: float
    micro_precision: float
    micro_recall: float
    micro_f1: float
    accuracy: float  # exact match of the whole label set per item
    items: int


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0


def _f1(precision: float, recall: float) -> float:
    return _ratio(2 * precision * recall, precision + recall)


def evaluate_sets(
    truth: Sequence[Iterable[str]], predicted: Sequence[Iterable[str]], labels: Sequence[str] | None = None
) -> Report:
    """Score label sets. ``labels`` fixes which classes are reported (default: all seen)."""
    if len(truth) != len(predicted):
        raise ValueError(f"{len(truth)} true items but {len(predicted)} predictions")
    truth_sets = [set(item) for item in truth]
    predicted_sets = [set(item) for item in predicted]
    if labels is None:
        labels = sorted(set().union(*truth_sets, *predicted_sets)) if truth_sets else []
    per_class = []
    for label in labels:
        tp = sum(1 for t, p in zip(truth_sets, predicted_sets) if label in t and label in p)
        fp = sum(1 for t, p in zip(truth_sets, predicted_sets) if label not in t and label in p)
        fn = sum(1 for t, p in zip(truth_sets, predicted_sets) if label in t and label not in p)
        precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
        per_class.append(ClassScores(label, precision, recall, _f1(precision, recall), tp + fn, tp, fp, fn))
    tp = sum(c.true_positives for c in per_class)
    fp = sum(c.false_positives for c in per_class)
    fn = sum(c.false_negatives for c in per_class)
    micro_precision, micro_recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    count = len(per_class)
    return Report(
        per_class=tuple(per_class),
        macro_precision=_ratio(sum(c.precision for c in per_class), count),
        macro_recall=_ratio(sum(c.recall for c in per_class), count),
        macro_f1=_ratio(sum(c.f1 for c in per_class), count),
        micro_precision=micro_precision,
        micro_recall=micro_recall,
        micro_f1=_f1(micro_precision, micro_recall),
        accuracy=_ratio(sum(1 for t, p in zip(truth_sets, predicted_sets) if t == p), len(truth_sets)),
        items=len(truth_sets),
    )


def evaluate_labels(truth: Sequence[str], predicted: Sequence[str], labels: Sequence[str] | None = None) -> Report:
    """Single-label scoring; micro-F1 then equals accuracy."""
    return evaluate_sets([[t] for t in truth], [[p] for p in predicted], labels)


def format_report(title: str, report: Report) -> str:
    """A fixed-width table for terminals and docs."""
    width = max([len(c.label) for c in report.per_class] + [len("micro average"), 5])
    lines = [title, f"{'class':<{width}}  precision  recall     f1  support"]
    for c in report.per_class:
        lines.append(f"{c.label:<{width}}  {c.precision:9.3f}  {c.recall:6.3f}  {c.f1:5.3f}  {c.support:7d}")
    lines.append(f"{'macro average':<{width}}  {report.macro_precision:9.3f}  {report.macro_recall:6.3f}  {report.macro_f1:5.3f}")
    lines.append(f"{'micro average':<{width}}  {report.micro_precision:9.3f}  {report.micro_recall:6.3f}  {report.micro_f1:5.3f}")
    lines.append(f"exact-match accuracy {report.accuracy:.3f} over {report.items} items")
    return "\n".join(lines)
