"""What a chart shows, in words: the same reading the icons and colours give, for everyone.

"Special cause improvement: 7 months above the average since May 2024."
"""
from __future__ import annotations

from dataclasses import dataclass

from .series import Chart, Granularity, format_value, period_label
from .spc import SHORT_GROUP, Improvement, SpcPoint

POINT_WORDS = {
    "common_cause": "Common cause variation",
    "special_cause_improvement": "Special cause improvement",
    "special_cause_concern": "Special cause concern",
    "special_cause_neutral_high": "Special cause variation, higher",
    "special_cause_neutral_low": "Special cause variation, lower",
}
VARIATION_WORDS = {
    "common_cause": "Common cause variation: no sign of change",
    "improvement_high": "Special cause improvement: higher is better and it is higher",
    "improvement_low": "Special cause improvement: lower is better and it is lower",
    "concern_high": "Special cause concern: lower is better and it is higher",
    "concern_low": "Special cause concern: higher is better and it is lower",
    "neutral_high": "Special cause variation: higher than usual",
    "neutral_low": "Special cause variation: lower than usual",
}
ASSURANCE_WORDS = {
    "consistent_pass": "Target consistently met",
    "consistent_fail": "Target consistently missed",
    "inconsistent": "Target sometimes met, sometimes missed",
    None: "No target set",
}


@dataclass(frozen=True)
class Reading:
    headline: str          # the one-sentence summary
    details: list[str]     # target, reliability and hidden periods, one sentence each


def read_chart(chart: Chart) -> Reading:
    series, result = chart.series, chart.result
    plural = "weeks" if series.granularity is Granularity.WEEK else "months"
    if result is None:
        return Reading("Too few to show: every period has fewer responses than can be shown safely.", [])
    last = result.points[-1]
    headline = _headline(chart, last, plural)
    details = []
    if series.target is not None and result.assurance is not None:
        target = format_value(series.target, series.unit)
        details.append({
            "consistent_pass": f"The target of {target} is met consistently: it is outside the process limits on the good side.",
            "consistent_fail": f"The target of {target} will not be met without a change: it is outside the process limits.",
            "inconsistent": f"The target of {target} will be met some {plural} and missed in others: it is within the process limits.",
        }[result.assurance])
    if result.short_group_warning:
        details.append(f"Some limits rest on fewer than {SHORT_GROUP} {plural}, so read them with care.")
    if chart.hidden_count:
        periods = plural if chart.hidden_count != 1 else plural[:-1]
        why = "too few responses to show" if series.hidden_base is None else series.hidden_words
        details.append(f"{chart.hidden_count} {periods} had {why}, and are gaps in the chart.")
    return Reading(headline, details)


def _headline(chart: Chart, last: SpcPoint, plural: str) -> str:
    series = chart.series
    words = POINT_WORDS[last.point_type]
    when = period_label(last.date, series.granularity)
    group = [p for p in chart.shown if p.group == last.group]
    label = last.special_cause_type
    if label == "Common Cause":
        return (f"{words}: no sign of change. {when} was {format_value(last.value, series.unit)}, "
                f"around an average of {format_value(last.mean, series.unit)}.")
    if label.startswith("7 Points"):
        run = _trailing(group, lambda p: (p.value > p.mean) == (last.value > last.mean) and p.value != p.mean)
        side = "above" if last.value > last.mean else "below"
        return f"{words}: {len(run)} {plural} {side} the average since {_since(run[0], series.granularity)}."
    if label.startswith("7 Point Trend"):
        run = _trailing(group, lambda p: p.special_cause_type.startswith("7 Point Trend"))
        way = "rising" if "Increasing" in label else "falling"
        return f"{words}: {len(run)} {plural} in a row {way} since {_since(run[0], series.granularity)}."
    if label in ("Above UCL", "Below LCL"):
        limit = "upper" if label == "Above UCL" else "lower"
        return f"{words}: {when} ({format_value(last.value, series.unit)}) is beyond the {limit} process limit."
    side = "upper" if "Above" in label else "lower"
    return f"{words}: 2 of the last 3 {plural} are close to the {side} process limit."


def _trailing(points: list[SpcPoint], keep) -> list[SpcPoint]:
    run: list[SpcPoint] = []
    for point in reversed(points):
        if not keep(point):
            break
        run.insert(0, point)
    return run


def _since(point: SpcPoint, granularity: Granularity) -> str:
    return f"the week of {point.date.day} {point.date:%B %Y}" if granularity is Granularity.WEEK \
        else f"{point.date:%B %Y}"


def direction_words(improvement: Improvement) -> str:
    return {Improvement.INCREASE: "Higher is better", Improvement.DECREASE: "Lower is better",
            Improvement.NEUTRAL: "Neither higher nor lower is better"}[improvement]
