"""The risk evaluation counts recall per category and false alarms per kind of negative."""
from __future__ import annotations

from feedback.analysis.results import Safeguarding, SafeguardingReason
from feedback.analysis.training.risk_data import LabelledRisk
from feedback.analysis.training.risk_eval import report, score


def _row(text: str, label: str, kind: str = "risk", topic: str = "") -> LabelledRisk:
    return LabelledRisk(text, label, kind, topic, "t", "test")


def _flags_the_word_knife(text: str) -> Safeguarding:
    if "knife" in text:
        return Safeguarding(True, (SafeguardingReason("harm_to_others", "knife", 0, 5),))
    return Safeguarding(False)


ROWS = [
    _row("i have a knife", "harm_to_others"),
    _row("i will hurt him", "harm_to_others"),
    _row("he hits me with a knife", "domestic_abuse"),
    _row("the knife skills class was fun", "none", "figure", "harm_to_others"),
    _row("lovely day", "none", "ordinary"),
]


def test_scores_per_category_and_kind() -> None:
    scores = score(ROWS, _flags_the_word_knife)
    assert (scores.recall.hits, scores.recall.total) == (2, 3)
    assert scores.recall_by_category["harm_to_others"].value == 0.5
    assert scores.recall_by_category["domestic_abuse"].value == 1.0
    assert scores.fpr_by_kind["figure"].value == 1.0 and scores.fpr_by_kind["ordinary"].value == 0.0
    assert (scores.right_category.hits, scores.right_category.total) == (1, 2)
    assert [row.text for row in scores.misses] == ["i will hurt him"]


def test_the_report_names_each_detector_and_lists_misses_when_asked() -> None:
    text = report({"knife finder": _flags_the_word_knife}, ROWS, show_misses=True)
    assert "knife finder" in text and "0.667 (2/3)" in text
    assert "[harm_to_others] i will hurt him" in text


def test_sealed_without_the_seventh_set_says_so_instead_of_failing(monkeypatch, capsys) -> None:
    from feedback.analysis.training import risk_eval

    monkeypatch.setattr(risk_eval, "load_sealed", lambda: [])
    risk_eval.main(["--sealed"])
    assert "no sealed set yet" in capsys.readouterr().out
