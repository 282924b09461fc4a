"""Precision/recall/F1 arithmetic checked against a hand-worked example."""

from __future__ import annotations

import pytest

from feedback.analysis.evaluation import evaluate_labels, evaluate_sets, format_report


def test_single_label_example_worked_by_hand() -> None:
    truth = ["positive", "positive", "negative", "neutral", "negative"]
    predicted = ["positive", "negative", "negative", "neutral", "positive"]
    report = evaluate_labels(truth, predicted, ["negative", "neutral", "positive"])
    by_label = {c.label: c for c in report.per_class}
    # negative: tp 1 (item 3), fp 1 (item 2), fn 1 (item 5) -> P = R = F1 = 1/2
    assert (by_label["negative"].precision, by_label["negative"].recall, by_label["negative"].f1) == (0.5, 0.5, 0.5)
    # neutral: perfect
    assert by_label["neutral"].f1 == 1.0
    # positive: tp 1, fp 1, fn 1 -> 1/2
    assert by_label["positive"].f1 == 0.5
    assert report.macro_f1 == pytest.approx((0.5 + 1.0 + 0.5) / 3)
    # micro over all decisions: tp 3, fp 2, fn 2 -> 3/5 == accuracy for single labels
    assert report.micro_f1 == pytest.approx(0.6)
    assert report.accuracy == pytest.approx(0.6)


def test_multi_label_example_worked_by_hand() -> None:
    truth = [{"a", "b"}, {"a"}, set()]
    predicted = [{"a"}, {"a", "c"}, {"b"}]
    report = evaluate_sets(truth, predicted)
    by_label = {c.label: c for c in report.per_class}
    assert (by_label["a"].true_positives, by_label["a"].false_positives, by_label["a"].false_negatives) == (2, 0, 0)
    assert (by_label["b"].true_positives, by_label["b"].false_positives, by_label["b"].false_negatives) == (0, 1, 1)
    assert by_label["c"].precision == 0.0 and by_label["c"].recall == 0.0 and by_label["c"].support == 0
    # micro: tp 2, fp 2, fn 1 -> P 1/2, R 2/3, F1 4/7
    assert report.micro_precision == pytest.approx(0.5)
    assert report.micro_recall == pytest.approx(2 / 3)
    assert report.micro_f1 == pytest.approx(4 / 7)
    assert report.macro_f1 == pytest.approx((1.0 + 0.0 + 0.0) / 3)
    assert report.accuracy == 0.0


def test_mismatched_lengths_are_an_error() -> None:
    with pytest.raises(ValueError):
        evaluate_labels(["positive"], [])


def test_report_formats_every_class_and_both_averages() -> None:
    text = format_report("Sentiment", evaluate_labels(["positive", "negative"], ["positive", "positive"]))
    assert "negative" in text and "macro average" in text and "micro average" in text
