"""Commands over stored answers: `reanalyse` them, and `train-themes` from organisers' corrections."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import click
from flask import current_app

from ..analysis.evaluation import ClassScores
from ..clock import trust_today
from ..extensions import db
from ..setup_data import load_taxonomies
from .app_tagger import app_tagger
from .tagger import reanalyse
from .training import DEFAULT_MIN_EXAMPLES, MIN_POSITIVES, TrainingError, TrainingReport, train_theme_model


@click.command("reanalyse")
@click.option("--batch-size", default=500, show_default=True, type=click.IntRange(1, 10_000))
def reanalyse_command(batch_size: int) -> None:
    """Recompute sentiment and themes of stored answers after a model or taxonomy change.

    Corrections made by people are kept, and safeguarding flags are only ever added.
    """
    load_taxonomies(db.session)
    tagger = app_tagger(current_app.config, current_app.instance_path)  # with a model from `train-themes`
    count = reanalyse(db.session, tagger, batch_size=batch_size, today=trust_today())
    db.session.commit()
    click.echo(f"Re-analysed {count} answer(s); corrections made by people were kept.")


@click.command("train-themes")
@click.option("--taxonomy", default=None,
              help="Taxonomy to learn (default: the ANALYSIS_TAXONOMY setting, normally participation).")
@click.option("--min-examples", type=click.IntRange(1), default=None,
              help=f"Corrected answers needed before training (default: THEME_MODEL_MIN_EXAMPLES, {DEFAULT_MIN_EXAMPLES}).")
def train_themes_command(taxonomy: str | None, min_examples: int | None) -> None:
    """Train a theme model from the answers whose themes organisers corrected.

    The model is saved in instance/models/ and used beside the keyword rules for new
    answers; run `flask --app wsgi reanalyse` to apply it to stored ones.
    """
    config = current_app.config
    try:
        report = train_theme_model(
            db.session, taxonomy=taxonomy or config["ANALYSIS_TAXONOMY"],
            models_dir=Path(current_app.instance_path) / "models",
            min_examples=min_examples or int(config.get("THEME_MODEL_MIN_EXAMPLES", DEFAULT_MIN_EXAMPLES)),
            now=datetime.now(timezone.utc).replace(tzinfo=None),
        )
    except TrainingError as error:
        raise click.ClickException(str(error)) from None
    click.echo(describe(report))


def describe(report: TrainingReport) -> str:
    lines = [f"Learnt {len(report.learnt)} theme(s) of the {report.taxonomy} taxonomy from "
             f"{report.examples} answers corrected by organisers.", f"Saved {report.path}", ""]
    if report.folds:
        lines += [f"Cross-validated over {report.folds} folds (answers from one response kept together): "
                  "precision (P), recall (R) and F1 of the rules plus the model, then of the rules alone.",
                  "These are corrected answers, mostly ones the rules got wrong, so the rules look worse "
                  "here than on all answers."]
    width = max(len(result.theme) for result in report.themes)
    for result in report.themes:
        how = "learnt" if result.learnt else f"rules only (fewer than {MIN_POSITIVES} examples each way)"
        answers = "answer " if result.positives == 1 else "answers"
        line = f"  {result.theme:<{width}}  {result.positives:>4} {answers}  {how}"
        if result.learnt and result.combined and result.rules_alone:
            line += f"  {_scores(result.combined)}  rules alone {_scores(result.rules_alone)}"
        lines.append(line)
    if not report.folds:
        lines.append("(Too few responses to cross-validate the model.)")
    lines += ["", "New answers use the model from now on. To apply it to stored answers run:",
              "  flask --app wsgi reanalyse", "(corrections made by people are kept)."]
    return "\n".join(lines)


def _scores(scores: ClassScores) -> str:
    return f"P {scores.precision:.2f} R {scores.recall:.2f} F1 {scores.f1:.2f}"
