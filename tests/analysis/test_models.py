"""Shipped model files, portable inference and training from labelled examples."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from feedback.analysis import Analyser, load_taxonomy
from feedback.analysis.analyser import load_sentiment_model, load_theme_model
from feedback.analysis.linear_model import LinearTextModel

MODELS = Path(__file__).resolve().parents[2] / "feedback" / "analysis" / "models"


def test_shipped_models_are_small_and_carry_the_data_attribution() -> None:
    sentiment = load_sentiment_model()
    themes = load_theme_model(load_taxonomy("qdc-v7"))
    assert themes is not None
    for model in (sentiment, themes):
        assert "NHS England" in model.metadata["attribution"]
        assert "pxtextmining" in model.metadata["attribution"]
        assert model.version != "unversioned"
    assert sentiment.classes == ["negative", "neutral", "positive"]
    assert set(themes.classes) <= set(load_taxonomy("qdc-v7").theme_names)
    assert sum(path.stat().st_size for path in MODELS.glob("*.npz")) < 5_000_000


def test_participation_has_no_shipped_theme_model() -> None:
    assert load_theme_model(load_taxonomy("participation")) is None


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    model = load_sentiment_model()
    path = tmp_path / "copy.npz"
    model.save(path)
    again = LinearTextModel.load(path)
    texts, polarities = ["Nothing", "Staff were rude"], ["barrier", "neutral"]
    np.testing.assert_allclose(again.predict_proba(texts, polarities), model.predict_proba(texts, polarities), atol=1e-6)


def test_train_from_examples_gives_a_usable_theme_model(tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    from feedback.analysis.training.train import train_from_examples

    payment = ["We were never paid", "Vouchers arrived late", "Expenses took months",
               "Payment was quick", "I was out of pocket for travel", "They paid me on the day"]
    digital = ["The Teams link failed", "Zoom kept crashing", "My wifi dropped out",
               "Could not log in to the meeting", "Camera would not work", "The online call was fine"]
    examples = [(t, ["Payment and recognition"]) for t in payment] + [(t, ["Digital access"]) for t in digital]
    model = train_from_examples(examples * 2, rule_taxonomy="participation", name="organiser-corrections")
    path = tmp_path / "corrections.npz"
    model.save(path)
    analyser = Analyser("participation", theme_model=LinearTextModel.load(path))
    result = analyser.analyse("Still waiting to be paid for the last meeting", "barrier")
    model_tags = [t for t in result.themes if t.source == "model"]
    assert model_tags and model_tags[0].theme == "Payment and recognition"
    assert model_tags[0].evidence == "organiser-corrections"


def test_shipped_sentiment_model_keeps_its_decision_rule_through_a_round_trip(tmp_path: Path) -> None:
    model = load_sentiment_model()
    assert model.decision_bias is not None and model.decision_bias.shape == (3,)
    path = tmp_path / "copy.npz"
    model.save(path)
    again = LinearTextModel.load(path)
    np.testing.assert_allclose(again.decision_bias, model.decision_bias)
    assert again.score_scale == model.score_scale
    texts = ["Lovely staff but a long wait", "Cut the waiting time", "Thank you all"]
    assert again.classify(texts, ["neutral"] * 3)[0] == model.classify(texts, ["neutral"] * 3)[0]


def test_decision_bias_favours_a_class_the_plain_argmax_misses() -> None:
    pytest.importorskip("sklearn")
    from feedback.analysis.training.fit import fit_score_scale, tune_decision_bias

    # The middle class always scores a little below its rivals; a shift fixes that.
    truth = np.array([0, 1, 2] * 20)
    scores = np.zeros((60, 3))
    scores[np.arange(60), truth] = 1.0
    scores[truth == 1, 0] = 1.2
    bias = tune_decision_bias(scores, truth)
    assert bias[1] == 0.0
    assert np.all(np.argmax(scores + bias, axis=1) == truth)
    # Well-separated, correct scores deserve confident probabilities.
    assert fit_score_scale(scores + bias, truth) > 1.0


def test_plain_argmax_is_kept_when_no_shift_helps() -> None:
    pytest.importorskip("sklearn")
    from feedback.analysis.training.fit import tune_decision_bias

    truth = np.array([0, 1, 2] * 10)
    scores = np.eye(3)[truth] * 2.0
    assert np.allclose(tune_decision_bias(scores, truth), 0.0)


def test_sentiment_variants_script_scores_every_variant_on_a_small_labelled_file(tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    from click.testing import CliRunner

    from feedback.analysis.training.variants import main

    examples = {
        "positive": ["The staff were kind and listened", "Lovely welcome, really helpful"],
        "neutral": ["It was fine I suppose", "Some parts good, some not"],
        "negative": ["Nobody called me back", "The room was cold and noisy"],
    }
    data = tmp_path / "labelled.csv"
    with data.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "respondent", "question", "text", "sentiment", "themes"])
        for n in range(60):
            label = list(examples)[n % 3]
            writer.writerow([n, f"person-{n}", "What could we do better?",
                             f"{examples[label][n % 2]} (visit {n})", label, "Staff"])

    result = CliRunner().invoke(main, [str(data)])

    assert result.exit_code == 0, result.output
    table = [line for line in result.output.splitlines() if line.startswith("| ") and "variant" not in line]
    assert table[0].startswith("| shipped recipe | ")
    assert len(table) >= 7  # six recipes and at least the TextBlob lexicon row
    assert all(0.0 <= float(line.split("|")[2]) <= 1.0 for line in table)
