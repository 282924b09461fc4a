"""Read the labelled development CSV (see ../shared/data/README.md for its source)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from ..prompts import polarity_for_question

DATA_ATTRIBUTION = (
    "Trained on NHS Friends and Family Test comments labelled with sentiment and QDC themes: "
    "The-Strategy-Unit/pxtextmining datasets/v6framework_230831.csv and "
    "The-Strategy-Unit/experiencesdashboard inst/app/www/FFT-QDC_Framework_MVP_version_20230925.xlsx, "
    "MIT licence, Copyright (c) 2021 NHS England."
)
DEFAULT_DATA_PATH = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "patient-feedback-dev.csv"


@dataclass(frozen=True)
class LabelledAnswer:
    text: str
    polarity: str
    respondent: str
    sentiment: str  # "" when unlabelled
    themes: tuple[str, ...]


def load_labelled(path: Path) -> list[LabelledAnswer]:
    """Rows with non-empty text, in file order (training must be deterministic)."""
    answers: list[LabelledAnswer] = []
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            text = (row.get("text") or "").strip()
            if not text:
                continue
            answers.append(
                LabelledAnswer(
                    text=text,
                    polarity=str(polarity_for_question(row.get("question"))),
                    respondent=row.get("respondent") or row.get("id") or str(len(answers)),
                    sentiment=(row.get("sentiment") or "").strip(),
                    themes=tuple(t.strip() for t in (row.get("themes") or "").split("|") if t.strip()),
                )
            )
    return answers
