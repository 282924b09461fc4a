"""Answers analysed per second on one core, beside TextBlob ``.sentiment`` alone.

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 .venv/bin/python bench/bench_analysis.py \
        [../shared/data/patient-feedback-dev.csv] [--repeat 3]

Texts come from the labelled development CSV. Each measurement is repeated and
the best run is reported (the least disturbed by other processes).
"""

from __future__ import annotations

import os

# Must be set before numpy loads: one BLAS thread, as on a single web worker.
for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import csv  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

import click  # noqa: E402
from textblob import TextBlob  # noqa: E402

from feedback.analysis import Analyser, AnswerInput, polarity_for_question  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "patient-feedback-dev.csv"


def _best_rate(run: Callable[[], object], count: int, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return count / best


@click.command()
@click.argument("data_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=DEFAULT_DATA)
@click.option("--repeat", default=3, show_default=True, help="Runs per measurement; the best is kept.")
def main(data_path: Path, repeat: int) -> None:
    with open(data_path, encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["text"].strip()]
    items = [AnswerInput(row["text"], polarity_for_question(row["question"])) for row in rows]
    texts = [item.text for item in items]
    click.echo(f"{len(texts)} answers from {data_path.name}, best of {repeat} runs, one thread")

    textblob_rate = _best_rate(lambda: [TextBlob(text).sentiment for text in texts], len(texts), repeat)
    click.echo(f"TextBlob .sentiment alone:                     {textblob_rate:8.0f} answers/s")
    for taxonomy in ("participation", "qdc-v7"):
        analyser = Analyser(taxonomy)
        analyser.analyse_many(items[:50])  # load models outside the timing
        rate = _best_rate(lambda: analyser.analyse_many(items), len(items), repeat)
        click.echo(
            f"analyse_many, taxonomy {taxonomy:<14} {rate:8.0f} answers/s "
            f"({rate / textblob_rate:.2f} x TextBlob)"
        )
    analyser = Analyser("participation")
    single_rate = _best_rate(lambda: [analyser.analyse(i.text, i.polarity) for i in items], len(items), repeat)
    click.echo(f"analyse one at a time, participation:          {single_rate:8.0f} answers/s")


if __name__ == "__main__":
    main()
