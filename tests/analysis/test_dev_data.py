"""Smoke test on the real labelled data when it sits beside the clone (../shared); skipped otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from feedback.analysis import AnswerInput, analyse_many, evaluate_labels

DEV_CSV = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "patient-feedback-dev.csv"


@pytest.mark.skipif(not DEV_CSV.is_file(), reason="labelled dev data not present beside the clone")
def test_dev_data_loads_and_analyses() -> None:
    from feedback.analysis.training.data import load_labelled

    answers = [a for a in load_labelled(DEV_CSV) if a.sentiment][:300]
    assert {a.polarity for a in answers} <= {"enabler", "barrier", "neutral"}
    results = analyse_many([AnswerInput(a.text, a.polarity) for a in answers], taxonomy="qdc-v7")
    # In-sample, so only a floor that catches a broken model file, not a measurement.
    report = evaluate_labels([a.sentiment for a in answers], [r.sentiment for r in results])
    assert report.accuracy > 0.7
