"""Commands that run the text analysis over CSV files, registered on the Flask CLI by the app.

    flask --app wsgi analyse answers.csv --text-column text -o analysed.csv
    flask --app wsgi evaluate-analysis labelled.csv --text-column text \
        --sentiment-column sentiment --themes-column themes

They need no Flask application context: they only read and write CSV files.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import click
from flask import current_app, has_app_context

from ..analysis import polarity_for_question
from ..analysis.custom_models import custom_theme_model_path
from ..analysis.evaluation import evaluate_labels, evaluate_sets, format_report
from ..analysis.prompts import coerce_polarity
from ..analysis.results import PromptPolarity
from ..analysis.taxonomy import BUILT_IN_TAXONOMIES, TaxonomyError
from .tagger import Tagger

THEME_SEPARATOR = "|"
ADDED_COLUMNS = ("sentiment", "sentiment_score", "themes", "safeguarding")

_input_file = click.Path(exists=True, dir_okay=False, readable=True, path_type=Path)
_taxonomy_option = click.option(
    "--taxonomy", default="participation", show_default=True,
    help=f"Built-in taxonomy ({', '.join(BUILT_IN_TAXONOMIES)}) or a path to a taxonomy JSON file.",
)


def _read_rows(path: Path, required_columns: list[str]) -> tuple[list[str], list[dict[str, str]]]:
    """Read a CSV into dicts, turning every way it can be wrong into a clear click error."""
    reader = None
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            # strict: a quote left open must stop the run, not swallow every row after it.
            reader = csv.DictReader(handle, strict=True)
            columns = list(reader.fieldnames or [])
            rows = list(reader)
    except UnicodeDecodeError as error:
        raise click.ClickException(
            f"{path} is not UTF-8 text (byte {error.start} cannot be decoded). Save it as CSV UTF-8 and retry."
        ) from None
    except csv.Error as error:
        line = f" at line {reader.line_num}" if reader is not None and reader.line_num else ""
        hint = (" A quote (\") was opened and never closed: check that row." if "end of data" in str(error)
                else " A cell is longer than any survey answer: shorten or split it." if "field limit" in str(error)
                else "")
        raise click.ClickException(f"{path} is not a readable CSV file{line}: {error}.{hint}") from None
    if not columns:
        raise click.ClickException(f"{path} is empty: it needs a header row and at least one answer.")
    if not rows:
        raise click.ClickException(f"{path} has a header row but no answers under it.")
    repeated = sorted({column for column in columns if columns.count(column) > 1})
    if repeated:
        raise click.ClickException(
            f"{path} has more than one column called {', '.join(repr(c) for c in repeated)}: "
            "rename them so that each is different, or the later one would hide the earlier.")
    missing = [column for column in required_columns if column not in columns]
    if missing:
        separator = next((s for s in ";\t" if any(s in column for column in columns)), None)
        hint = f" (the file seems to use {separator!r} between cells: save it as comma-separated CSV)" if separator else ""
        raise click.UsageError(
            f"{path} has no column {', '.join(repr(c) for c in missing)}; its columns are: {', '.join(columns)}{hint}"
        )
    overfull = [number for number, row in enumerate(rows, start=2) if None in row]
    if overfull:
        click.echo(f"Warning: {len(overfull)} row(s) have more cells than the header (first: line {overfull[0]}); "
                   "the extra cells are left out.", err=True)
    return columns, rows


def _polarities(rows: list[dict[str, str]], question_column: str | None, polarity_column: str | None) -> list[PromptPolarity]:
    polarities = []
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        if polarity_column:
            try:
                polarities.append(coerce_polarity(row.get(polarity_column)))
            except ValueError as error:
                raise click.ClickException(f"row {number}: {error}") from None
        elif question_column:
            polarities.append(polarity_for_question(row.get(question_column)))
        else:
            polarities.append(PromptPolarity.NEUTRAL)
    return polarities


def _tagger(taxonomy: str) -> Tagger:
    """The analysis the app runs: with the theme model `train-themes` learnt from organisers'
    corrections when there is one for this taxonomy, so the figures describe the app."""
    try:
        return Tagger(taxonomy, theme_model_path=_trained_theme_model(taxonomy))
    except TaxonomyError as error:
        raise click.BadParameter(str(error), param_hint="--taxonomy") from None


def _trained_theme_model(taxonomy: str) -> Path | None:
    if not has_app_context() or taxonomy not in BUILT_IN_TAXONOMIES:
        return None
    path = custom_theme_model_path(Path(current_app.instance_path) / "models", taxonomy)
    if not path.is_file():
        return None
    click.echo(f"Using the theme model trained from corrections: {path}", err=True)
    return path


@click.command("analyse")
@click.argument("input_csv", type=_input_file)
@click.option("--text-column", default="text", show_default=True, help="Column holding the answer text.")
@click.option("--question-column", default=None, help="Column holding the question; its wording sets the polarity.")
@click.option("--polarity-column", default=None, help="Column holding enabler/barrier/neutral (overrides --question-column).")
@_taxonomy_option
@click.option("-o", "--output", "output_csv", required=True, type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Where to write the input rows with sentiment, sentiment_score and themes added.")
@click.option("--redact", is_flag=True,
              help="Write the text column with NHS numbers, phone numbers, emails, postcodes and NI numbers removed.")
def analyse_command(input_csv: Path, text_column: str, question_column: str | None, polarity_column: str | None,
                    taxonomy: str, output_csv: Path, redact: bool) -> None:
    """Analyse every answer in INPUT_CSV: sentiment, score and themes (|-separated)."""
    required = [text_column] + [c for c in (question_column, polarity_column) if c]
    if not output_csv.parent.is_dir():  # before the work, not after it
        raise click.BadParameter(f"folder {output_csv.parent} does not exist", param_hint="--output")
    columns, rows = _read_rows(input_csv, required)
    tagger = _tagger(taxonomy)
    polarities = _polarities(rows, question_column, polarity_column)
    results = tagger.analyse_many([(row.get(text_column) or "", polarity.value)
                                     for row, polarity in zip(rows, polarities)])
    replaced = [c for c in ADDED_COLUMNS if c in columns]
    if replaced:
        click.echo(f"Note: the input's {', '.join(replaced)} column(s) are replaced by the analysis.", err=True)
    out_columns = columns + [c for c in ADDED_COLUMNS if c not in columns]
    # Written beside the output and moved into place at the end: a full disk or a crash
    # never leaves half a file, nor touches the input when it is also the output.
    partial = output_csv.with_name(f".{output_csv.name}.{os.getpid()}.partial")
    try:
        with open(partial, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=out_columns, extrasaction="ignore")
            writer.writeheader()
            for row, result in zip(rows, results):
                writer.writerow({
                    **row,
                    **({text_column: result.redacted_text} if redact else {}),
                    "sentiment": result.sentiment,
                    "sentiment_score": f"{result.sentiment_score:.4f}",
                    "themes": THEME_SEPARATOR.join(result.theme_names),
                    "safeguarding": "; ".join(reason.in_words() for reason in result.safeguarding.reasons),
                })
        os.replace(partial, output_csv)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise click.ClickException(f"cannot write {output_csv}: {error.strerror}; nothing was written") from None
    flagged = sum(1 for r in results if r.safeguarding.flagged)
    click.echo(f"Analysed {len(results)} answers with taxonomy {tagger.taxonomy.name}; wrote {output_csv}.")
    if flagged:
        click.echo(f"{flagged} answer(s) may disclose risk: the safeguarding column says which and why. "
                   "Review them promptly.")


@click.command("evaluate-analysis")
@click.argument("labelled_csv", type=_input_file)
@click.option("--text-column", default="text", show_default=True)
@click.option("--sentiment-column", default=None, help="Column with positive/neutral/negative labels.")
@click.option("--themes-column", default=None, help="Column with |-separated theme labels.")
@click.option("--question-column", default=None, help="Column holding the question; its wording sets the polarity.")
@click.option("--polarity-column", default=None, help="Column holding enabler/barrier/neutral.")
@_taxonomy_option
def evaluate_command(labelled_csv: Path, text_column: str, sentiment_column: str | None, themes_column: str | None,
                     question_column: str | None, polarity_column: str | None, taxonomy: str) -> None:
    """Compare the analysis with labels: per-class precision, recall, F1, macro and micro averages.

    Rows with an empty label cell are left out of that label's scores.
    """
    if not sentiment_column and not themes_column:
        raise click.UsageError("give --sentiment-column, --themes-column or both")
    required = [text_column] + [c for c in (sentiment_column, themes_column, question_column, polarity_column) if c]
    _, rows = _read_rows(labelled_csv, required)
    tagger = _tagger(taxonomy)
    polarities = _polarities(rows, question_column, polarity_column)
    results = tagger.analyse_many([(row.get(text_column) or "", polarity.value)
                                     for row, polarity in zip(rows, polarities)])
    if sentiment_column:
        pairs = [(_sentiment_label(row.get(sentiment_column), number, sentiment_column), result.sentiment)
                 for number, (row, result) in enumerate(zip(rows, results), start=2)
                 if (row.get(sentiment_column) or "").strip()]
        if not pairs:
            raise click.ClickException(f"no row has a value in {sentiment_column!r}")
        report = evaluate_labels([t for t, _ in pairs], [p for _, p in pairs])
        click.echo(format_report(f"Sentiment ({len(pairs)} answers)", report) + "\n")
    if themes_column:
        # Labels are matched to the taxonomy's names whatever their case; a label that is
        # not a theme at all still counts (it can never be found), and is named.
        names = {name.lower(): name for name in tagger.taxonomy.theme_names}
        truth, predicted, unknown = [], [], set()
        for row, result in zip(rows, results):
            cell = (row.get(themes_column) or "").strip()
            if cell:
                labels = {" ".join(t.split()) for t in cell.split(THEME_SEPARATOR) if t.strip()}
                unknown |= {label for label in labels if label.lower() not in names}
                truth.append({names.get(label.lower(), label) for label in labels})
                predicted.append(set(result.theme_names))
        if not truth:
            raise click.ClickException(f"no row has a value in {themes_column!r}")
        if unknown:
            click.echo(f"Warning: {len(unknown)} theme label(s) are not themes of {tagger.taxonomy.name} and "
                       f"count as missed: {', '.join(sorted(unknown)[:10])}", err=True)
        # Every theme either side: a theme tagged but never labelled is a false positive too.
        report = evaluate_sets(truth, predicted)
        click.echo(format_report(f"Themes, taxonomy {tagger.taxonomy.name} ({len(truth)} answers)", report))


# "Mixed" is neutral here, as in the labelled data this was built on.
_SENTIMENT_WORDS = {"positive": "positive", "negative": "negative", "neutral": "neutral", "mixed": "neutral"}


def _sentiment_label(cell: str | None, number: int, column: str) -> str:
    label = (cell or "").strip().lower()
    if label not in _SENTIMENT_WORDS:
        raise click.ClickException(
            f"row {number}: {column!r} is {cell!r}; sentiment labels must be positive, neutral (or mixed) "
            "or negative, or left empty to leave the row out")
    return _SENTIMENT_WORDS[label]


COMMANDS: list[click.Command] = [analyse_command, evaluate_command]
