"""Rebuild the shipped model files from the labelled development CSV.

    python -m feedback.analysis.training.train [path/to/patient-feedback-dev.csv]

Deterministic: the same CSV gives byte-identical weights (no random state is
used, rows are read in file order, and no timestamp is stored).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from pathlib import Path

import click
from threadpoolctl import threadpool_limits

from ..linear_model import LinearTextModel
from .data import DATA_ATTRIBUTION, DEFAULT_DATA_PATH, LabelledAnswer, load_labelled
from .fit import fit_sentiment, fit_themes

logger = logging.getLogger(__name__)

MODELS_DIR = Path(__file__).resolve().parents[1] / "models"
TRAINING_RECIPE_VERSION = "3"


def _metadata(data_path: Path, rows: int, extra: dict | None = None) -> dict:
    digest = hashlib.sha256(data_path.read_bytes()).hexdigest()
    return {
        "version": f"{TRAINING_RECIPE_VERSION}-{digest[:10]}",
        "training_data": data_path.name,
        "training_data_sha256": digest,
        "training_rows": rows,
        "attribution": DATA_ATTRIBUTION,
        "licence_of_training_data": "MIT, Copyright (c) 2021 NHS England",
        **(extra or {}),
    }


def train_sentiment(answers: Sequence[LabelledAnswer], metadata: dict) -> LinearTextModel:
    labelled = [a for a in answers if a.sentiment in {"positive", "neutral", "negative"}]
    return fit_sentiment(
        [a.text for a in labelled], [a.polarity for a in labelled], [a.sentiment for a in labelled],
        groups=[a.respondent for a in labelled], metadata=metadata,
    )


def train_qdc_themes(answers: Sequence[LabelledAnswer], metadata: dict) -> LinearTextModel:
    labelled = [a for a in answers if a.themes]
    return fit_themes(
        [a.text for a in labelled], [a.polarity for a in labelled], [a.themes for a in labelled],
        groups=[a.respondent for a in labelled], name="qdc-v7-ovr-logreg", metadata=metadata,
        rule_taxonomy="qdc-v7",
    )


def train_from_examples(
    examples: Sequence[tuple[str, Sequence[str]]], polarities: Sequence[str] | None = None,
    name: str = "themes-from-examples", groups: Sequence[str] | None = None,
    rule_taxonomy: str = "",
) -> LinearTextModel:
    """Train a theme model from (text, themes) pairs, e.g. organisers' corrected tags.

    ``rule_taxonomy`` (a built-in taxonomy name) lets the model use that taxonomy's
    phrase hits as features. Pass the result as ``Analyser(taxonomy, theme_model=...)``;
    save it with ``.save(path)``.
    """
    texts = [text for text, _ in examples]
    return fit_themes(
        texts, list(polarities) if polarities is not None else ["neutral"] * len(texts),
        [tuple(themes) for _, themes in examples], groups=groups, name=name, rule_taxonomy=rule_taxonomy,
        metadata={"version": TRAINING_RECIPE_VERSION, "training_rows": len(texts)},
    )


@click.command()
@click.argument("data_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                default=DEFAULT_DATA_PATH)
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path), default=MODELS_DIR)
def main(data_path: Path, out_dir: Path) -> None:
    """Fit and write sentiment.npz and themes-qdc-v7.npz."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    # BLAS threads fight each other on small sparse problems; one is fastest here.
    threadpool_limits(limits=1)
    answers = load_labelled(data_path)
    out_dir.mkdir(parents=True, exist_ok=True)
    sentiment = train_sentiment(answers, _metadata(data_path, len(answers)))
    sentiment.save(out_dir / "sentiment.npz")
    themes = train_qdc_themes(answers, _metadata(data_path, len(answers), {"taxonomy": "qdc-v7@7.0"}))
    themes.save(out_dir / "themes-qdc-v7.npz")
    for path in (out_dir / "sentiment.npz", out_dir / "themes-qdc-v7.npz"):
        click.echo(f"wrote {path} ({path.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
