"""XmR (statistical process control) charts, computed as NHSRplotthedots 0.2.2 computes them.

The NHS "Making Data Count" rules, following the R package by the NHS-R Community (MIT
licence): per group (a new group starts at each rebase date), the centre line is the mean
of the first `fix_after_n_points` points (all when unset), the moving ranges between them
are screened for outliers (each range >= 3.267 x their mean is dropped), and the process
limits sit at mean +/- 2.66 x mean moving range. Each point is then classified by the
special-cause rules in `spc_rules`, and the series gets a variation icon (from its last
point) and an assurance icon (from the target and the last group's limits).

Pure Python: no Flask, no database; `../shared/spc/cases.json` holds the reference cases.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from enum import Enum
from fractions import Fraction

from .spc_rules import classify_group

LIMIT = 2.66                    # 3 sigma, from the XmR constant 3 / d2 (1.128)
NEAR_LIMIT = 2 * (LIMIT / 3)    # the "2 sigma" lines, in this order of operations as in R
SCREEN_FACTOR = 3.267           # moving ranges at or above this times their mean are outliers
SHORT_GROUP = 13                # the package's warning threshold (its message says "n < 12")
MINIMUM_FIX_AFTER = 12          # the package refuses to fix limits on fewer points


class Improvement(str, Enum):
    INCREASE = "increase"
    DECREASE = "decrease"
    NEUTRAL = "neutral"


@dataclass(frozen=True)
class SpcPoint:
    date: date
    value: float
    group: int                   # 0 for the first group, +1 at each rebase
    mean: float
    lpl: float | None            # None where the limits cannot be computed (R's NaN)
    upl: float | None
    nlpl: float | None
    nupl: float | None
    special_cause_type: str      # "Above UCL", ..., "Common Cause"
    point_type: str              # common_cause, special_cause_improvement, ...


@dataclass(frozen=True)
class SpcResult:
    points: list[SpcPoint]        # in date order
    improvement: Improvement
    target: float | None
    variation: str               # the icon for the last point
    assurance: str | None        # consistent_pass, consistent_fail, inconsistent, or None
    short_group_warning: bool    # some group has fewer than SHORT_GROUP points

    @property
    def rebase_dates(self) -> list[date]:
        """The dates where a new group (recalculated limits) starts."""
        return [point.date for before, point in zip(self.points, self.points[1:]) if point.group != before.group]


class SpcInputError(ValueError):
    """The series cannot be charted; the message says why in plain words."""


def xmr(dates: list[date], values: list[float], *, improvement: Improvement | str = Improvement.INCREASE,
        target: float | None = None, rebase_dates: list[date] = (), fix_after_n_points: int | None = None,
        screen_outliers: bool = True) -> SpcResult:
    """Classify a series; `dates` may be in any order but must not repeat."""
    improvement = Improvement(improvement)
    _check(dates, values, target, fix_after_n_points)
    order = sorted(range(len(dates)), key=dates.__getitem__)
    dates = [dates[i] for i in order]
    values = [float(values[i]) for i in order]
    rebase = set(rebase_dates)
    starts = [0] + [i for i in range(1, len(dates)) if dates[i] in rebase] + [len(dates)]
    points: list[SpcPoint] = []
    for group, (start, stop) in enumerate(zip(starts, starts[1:])):
        points.extend(_group_points(dates[start:stop], values[start:stop], group, improvement,
                                    fix_after_n_points, screen_outliers))
    sizes = [stop - start for start, stop in zip(starts, starts[1:])]
    return SpcResult(points=points, improvement=improvement, target=target,
                     variation=variation_icon(points[-1].point_type, improvement),
                     assurance=assurance_icon(points[-1], improvement, target),
                     short_group_warning=min(sizes) < SHORT_GROUP)


def _check(dates: list[date], values: list[float], target: float | None, fix_after_n_points: int | None) -> None:
    if len(dates) != len(values):
        raise SpcInputError("there must be one value for each date")
    if not dates:
        raise SpcInputError("there are no points to chart")
    if len(set(dates)) != len(dates):
        raise SpcInputError("each date may appear only once")
    if any(not math.isfinite(float(value)) for value in values):
        raise SpcInputError("every value must be a finite number")
    if target is not None and not math.isfinite(target):
        raise SpcInputError("the target must be a finite number")
    if fix_after_n_points is not None and fix_after_n_points < MINIMUM_FIX_AFTER:
        raise SpcInputError(f"limits can be fixed after {MINIMUM_FIX_AFTER} points or more, not {fix_after_n_points}")


def _group_points(dates: list[date], values: list[float], group: int, improvement: Improvement,
                  fix_after_n_points: int | None, screen_outliers: bool) -> list[SpcPoint]:
    fixed = values[:fix_after_n_points] if fix_after_n_points else values
    mean = _mean(fixed)
    ranges = [abs(b - a) for a, b in zip(fixed, fixed[1:])]
    average_range = _mean(ranges)
    if screen_outliers and average_range is not None:
        cutoff = SCREEN_FACTOR * average_range
        average_range = _mean([r for r in ranges if r < cutoff])
    if average_range is None:
        lpl = upl = nlpl = nupl = None
    else:
        lpl, upl = mean - LIMIT * average_range, mean + LIMIT * average_range
        nlpl, nupl = mean - NEAR_LIMIT * average_range, mean + NEAR_LIMIT * average_range
    labels = classify_group(values, mean=mean, lpl=lpl, upl=upl, nlpl=nlpl, nupl=nupl)
    return [SpcPoint(date=d, value=v, group=group, mean=mean, lpl=lpl, upl=upl, nlpl=nlpl, nupl=nupl,
                     special_cause_type=label, point_type=point_type(label, improvement))
            for d, v, label in zip(dates, values, labels)]


def _mean(numbers: list[float]) -> float | None:
    """The mean rounded once from its exact value, as R's long-double mean gives it; None
    for no numbers (R's NaN)."""
    if not numbers:
        return None
    return float(sum(map(Fraction, numbers)) / len(numbers))


HIGH_CAUSES = {"Above UCL", "7 Point Trend (Increasing)", "2 in 3 Above CL", "7 Points Above CL"}
COMMON_CAUSE = "Common Cause"


def point_type(special_cause_type: str, improvement: Improvement) -> str:
    if special_cause_type == COMMON_CAUSE:
        return "common_cause"
    high = special_cause_type in HIGH_CAUSES
    if improvement is Improvement.NEUTRAL:
        return "special_cause_neutral_high" if high else "special_cause_neutral_low"
    good = high == (improvement is Improvement.INCREASE)
    return "special_cause_improvement" if good else "special_cause_concern"


def variation_icon(last_point_type: str, improvement: Improvement) -> str:
    increase = improvement is Improvement.INCREASE
    return {
        "special_cause_improvement": "improvement_high" if increase else "improvement_low",
        "special_cause_concern": "concern_low" if increase else "concern_high",
        "special_cause_neutral_high": "neutral_high",
        "special_cause_neutral_low": "neutral_low",
    }.get(last_point_type, "common_cause")


def assurance_icon(last: SpcPoint, improvement: Improvement, target: float | None) -> str | None:
    """Whether the process, as the last group's limits describe it, meets the target."""
    if target is None or improvement is Improvement.NEUTRAL:
        return None
    if last.lpl is None or last.upl is None:
        return "inconsistent"
    if improvement is Improvement.INCREASE:
        below, above = "consistent_fail", "consistent_pass"
    else:
        below, above = "consistent_pass", "consistent_fail"
    if target > last.upl:
        return below
    if target < last.lpl:
        return above
    return "inconsistent"
