"""Recall and false-positive rate of risk detectors on the held-out answers.

    .venv/bin/python -m feedback.analysis.training.risk_eval [--split test|train] [--misses] [--real-feedback CSV]
    .venv/bin/python -m feedback.analysis.training.risk_eval --sealed   # the sealed seventh set alone

Recall is given per risk category (the share of answers of that category that are
flagged at all, whatever category the flag names, since any flag brings a person to the
answer); the false-positive rate per kind of hard negative and per topic a negative is
about. Each figure is shown for the generated test templates and the hand-written
answers apart, then together. With the real NHS feedback of ../shared/data beside the clone
(or named with --real-feedback), it also says how many of its held-out half each flags.
"""
from __future__ import annotations

import argparse
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..results import Safeguarding
from .risk_data import HANDWRITTEN_7, LabelledRisk, load_real_feedback, load_sealed, load_split

Detector = Callable[[str], Safeguarding]


@dataclass(frozen=True)
class Rate:
    hits: int
    total: int

    @property
    def value(self) -> float:
        return self.hits / self.total if self.total else 0.0

    def __str__(self) -> str:
        return f"{self.value:.3f} ({self.hits}/{self.total})" if self.total else "-"


@dataclass(frozen=True)
class Scores:
    recall: Rate
    false_positive_rate: Rate
    recall_by_category: dict[str, Rate]
    fpr_by_kind: dict[str, Rate]
    fpr_by_topic: dict[str, Rate]
    right_category: Rate  # of the flagged risk answers, those whose flag names the true category
    misses: tuple[LabelledRisk, ...]
    false_alarms: tuple[LabelledRisk, ...]


def score(rows: Sequence[LabelledRisk], detector: Detector) -> Scores:
    flagged_by: dict[str, list[bool]] = defaultdict(list)
    kind: dict[str, list[bool]] = defaultdict(list)
    topic: dict[str, list[bool]] = defaultdict(list)
    right: list[bool] = []
    misses, false_alarms = [], []
    for row in rows:
        result = detector(row.text)
        if row.is_risk:
            flagged_by[row.label].append(result.flagged)
            if result.flagged:
                right.append(row.label in {reason.category for reason in result.reasons})
            else:
                misses.append(row)
        else:
            kind[row.kind].append(result.flagged)
            topic[row.topic or "(none)"].append(result.flagged)
            if result.flagged:
                false_alarms.append(row)

    def rates(groups: dict[str, list[bool]]) -> dict[str, Rate]:
        return {key: Rate(sum(values), len(values)) for key, values in sorted(groups.items())}

    all_risk = [v for values in flagged_by.values() for v in values]
    all_negative = [v for values in kind.values() for v in values]
    return Scores(Rate(sum(all_risk), len(all_risk)), Rate(sum(all_negative), len(all_negative)),
                  rates(flagged_by), rates(kind), rates(topic), Rate(sum(right), len(right)),
                  tuple(misses), tuple(false_alarms))


def _table(title: str, columns: dict[str, dict[str, Rate]]) -> list[str]:
    keys = list(dict.fromkeys(key for rates in columns.values() for key in rates))
    width = max([len(title)] + [len(key) for key in keys])
    lines = [f"{title:<{width}}  " + "  ".join(f"{name:<22}" for name in columns)]
    lines += [f"{key:<{width}}  " + "  ".join(f"{str(rates.get(key, '-')):<22}" for rates in columns.values())
              for key in keys]
    return lines


def report(detectors: dict[str, Detector], rows: Sequence[LabelledRisk], show_misses: bool = False) -> str:
    parts = {"generated test templates": [r for r in rows if not r.template.startswith("hand")],
             "hand-written": [r for r in rows if r.template == "hand"],
             "hand-written, second set": [r for r in rows if r.template == "hand2"],
             "hand-written, third set": [r for r in rows if r.template == "hand3"],
             "hand-written, fourth set": [r for r in rows if r.template == "hand4"],
             "hand-written, fifth set": [r for r in rows if r.template == "hand5"],
             "hand-written, sixth set": [r for r in rows if r.template == "hand6"],
             "hand-written, seventh set (sealed)": [r for r in rows if r.template == "hand7"]}
    parts = {part: part_rows for part, part_rows in parts.items() if part_rows}
    if len(parts) > 1:
        parts["all held-out"] = list(rows)
    lines: list[str] = []
    for part, part_rows in parts.items():
        scores = {name: score(part_rows, detector) for name, detector in detectors.items()}
        lines += ["", f"== {part}: {len(part_rows)} answers"]
        lines += _table("overall", {name: {"recall": s.recall, "false-positive rate": s.false_positive_rate,
                                           "right category": s.right_category} for name, s in scores.items()})
        lines += [""] + _table("recall by category", {n: s.recall_by_category for n, s in scores.items()})
        lines += [""] + _table("FPR by kind", {n: s.fpr_by_kind for n, s in scores.items()})
        lines += [""] + _table("FPR by topic", {n: s.fpr_by_topic for n, s in scores.items()})
        if show_misses and part == list(parts)[-1]:
            for name, s in scores.items():
                lines += ["", f"-- {name}: missed"] + [f"  [{r.label}] {r.text}" for r in s.misses]
                lines += [f"-- {name}: false alarms"] + [f"  [{r.kind}/{r.topic}] {r.text}" for r in s.false_alarms]
    return "\n".join(lines)


def real_feedback_report(detectors: dict[str, Detector], rows: Sequence[LabelledRisk], show: bool) -> str:
    """Real NHS feedback is not labelled for risk: how many answers each detector flags, and
    (with --misses) which, for a person to judge."""
    lines = ["", f"== real NHS feedback (test half, not labelled for risk): {len(rows)} answers"]
    for name, detector in detectors.items():
        flagged = [row for row in rows if detector(row.text).flagged]
        lines.append(f"{name}: flags {Rate(len(flagged), len(rows))}")
        if show:
            lines += [f"  {row.text[:160]}" for row in flagged]
    return "\n".join(lines)


def detectors() -> dict[str, Detector]:
    from ..safeguarding import check_safeguarding

    found: dict[str, Detector] = {"old phrase list": check_safeguarding}
    try:
        from ..risk import detect_risk
    except ImportError:  # before the layered detector exists
        return found
    found["layered detector"] = detect_risk
    return found


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="test", choices=("test", "train"))
    parser.add_argument("--misses", action="store_true", help="list every miss and false alarm")
    parser.add_argument("--real-feedback", type=Path, help="patient-feedback-dev.csv if not in ../shared/data")
    parser.add_argument("--sealed", action="store_true", help="only the sealed seventh hand-written set")
    args = parser.parse_args(argv)
    found = detectors()
    if args.sealed:
        sealed = load_sealed()
        print(report(found, sealed, args.misses) if sealed else f"no sealed set yet: add {HANDWRITTEN_7}")
        return
    print(report(found, load_split(args.split), args.misses))
    real = load_real_feedback(args.split, args.real_feedback)
    if real:
        print(real_feedback_report(found, real, args.misses))


if __name__ == "__main__":
    main()
