"""Grouped cross-validation of the shipped recipe, beside simple baselines.

    python -m feedback.analysis.training.crossval [path/to/patient-feedback-dev.csv]

Folds are GroupKFold(5) by respondent, so one person's answers never sit on
both sides. Every fold refits the whole recipe (vocabulary, weights and theme
thresholds, which are tuned by an inner grouped CV on the training part only)
and predicts through the same ``Analyser`` code the app uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import click
import numpy as np
from sklearn.model_selection import GroupKFold
from threadpoolctl import threadpool_limits

from ..analyser import Analyser, AnswerInput
from ..evaluation import evaluate_labels, evaluate_sets, format_report
from ..taxonomy import load_taxonomy
from .data import DEFAULT_DATA_PATH, LabelledAnswer, load_labelled
from .train import train_qdc_themes, train_sentiment

FOLDS = 5


@dataclass
class Predictions:
    sentiment: dict[str, list[str]]  # method -> label per answer
    themes: dict[str, list[set[str]]]  # method -> theme set per answer


def _textblob_label(text: str) -> str:
    from textblob import TextBlob

    polarity = TextBlob(text).sentiment.polarity
    return "positive" if polarity > 0 else "negative" if polarity < 0 else "neutral"


def _vader_label(text: str) -> str | None:
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError:
        return None
    compound = SentimentIntensityAnalyzer().polarity_scores(text)["compound"]
    # VADER authors' recommended cut-offs.
    return "positive" if compound >= 0.05 else "negative" if compound <= -0.05 else "neutral"


def cross_validate(answers: Sequence[LabelledAnswer], folds: int = FOLDS) -> Predictions:
    taxonomy = load_taxonomy("qdc-v7")
    count = len(answers)
    ours_sentiment: list[str] = [""] * count
    model_themes: list[set[str]] = [set() for _ in range(count)]
    combined_themes: list[set[str]] = [set() for _ in range(count)]
    splitter = GroupKFold(n_splits=folds)
    for fold, (train_index, test_index) in enumerate(
        splitter.split(np.zeros(count), groups=[a.respondent for a in answers]), start=1
    ):
        click.echo(f"fold {fold}/{folds}: training on {len(train_index)} answers", err=True)
        train = [answers[i] for i in train_index]
        sentiment_model = train_sentiment(train, {"version": f"cv-fold-{fold}"})
        theme_model = train_qdc_themes(train, {"version": f"cv-fold-{fold}"})
        inputs = [AnswerInput(answers[i].text, answers[i].polarity) for i in test_index]
        for use_rules, target in ((False, model_themes), (True, combined_themes)):
            analyser = Analyser(taxonomy, theme_model=theme_model, sentiment_model=sentiment_model,
                                use_rules=use_rules)
            for i, result in zip(test_index, analyser.analyse_many(inputs)):
                target[i] = set(result.theme_names)
                ours_sentiment[i] = result.sentiment
    vader = [_vader_label(a.text) for a in answers]
    sentiment = {
        "ours (linear SVM, macro-F1 decision rule)": ours_sentiment,
        "TextBlob polarity alone": [_textblob_label(a.text) for a in answers],
        "always positive": ["positive"] * count,
    }
    if all(label is not None for label in vader):
        sentiment["VADER compound alone"] = [str(label) for label in vader]
    rules_only = Analyser(taxonomy, use_theme_model=False, use_rules=True)
    rule_themes = [set(r.theme_names) for r in rules_only.analyse_many([a.text for a in answers])]
    themes = {
        "ours (model, no rule tags)": model_themes,
        "ours (model + rules for themes the model lacks; shipped)": combined_themes,
        "rules alone": rule_themes,
    }
    return Predictions(sentiment, themes)


@click.command()
@click.argument("data_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=DEFAULT_DATA_PATH)
@click.option("--details/--no-details", default=False, help="Also print per-class tables.")
def main(data_path: Path, details: bool) -> None:
    """Print the sentiment and QDC theme comparison tables (markdown)."""
    threadpool_limits(limits=1)
    answers = load_labelled(data_path)
    sentiment_answers = [a for a in answers if a.sentiment]
    theme_answers = [a for a in answers if a.themes]
    # One CV over the answers that have both labels keeps the folds identical for
    # sentiment and themes; answers with only one label are few (see docs).
    both = [a for a in sentiment_answers if a.themes]
    predictions = cross_validate(both)
    truth_sentiment = [a.sentiment for a in both]
    truth_themes = [set(a.themes) for a in both]
    click.echo(f"\n{len(both)} answers with sentiment and themes "
               f"({len(sentiment_answers)} with sentiment, {len(theme_answers)} with themes), "
               f"GroupKFold({FOLDS}) by respondent\n")
    click.echo("| sentiment method | macro-F1 | accuracy |\n|---|---|---|")
    for method, labels in predictions.sentiment.items():
        report = evaluate_labels(truth_sentiment, labels, ["negative", "neutral", "positive"])
        click.echo(f"| {method} | {report.macro_f1:.3f} | {report.accuracy:.3f} |")
    click.echo("\n| QDC theme method | micro-F1 | macro-F1 | micro precision | micro recall |\n|---|---|---|---|---|")
    for method, sets in predictions.themes.items():
        report = evaluate_sets(truth_themes, sets)
        click.echo(f"| {method} | {report.micro_f1:.3f} | {report.macro_f1:.3f} | "
                   f"{report.micro_precision:.3f} | {report.micro_recall:.3f} |")
    if details:
        ours = predictions.sentiment["ours (linear SVM, macro-F1 decision rule)"]
        click.echo("\n" + format_report("sentiment (ours)", evaluate_labels(truth_sentiment, ours)))
        click.echo("\n" + format_report("QDC themes (model + rules)",
                                        evaluate_sets(truth_themes, predictions.themes["ours (model + rules for themes the model lacks; shipped)"])))


if __name__ == "__main__":
    main()
