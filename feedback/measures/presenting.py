"""Everything a page or an email shows for one chart: the SVG, the icons with their words,
the summary sentences and the table of the same numbers. Templates only lay it out."""
from __future__ import annotations

from dataclasses import dataclass

from .layout import COLOURS
from .series import Chart, format_value, period_label
from .summary import ASSURANCE_WORDS, POINT_WORDS, VARIATION_WORDS, direction_words, read_chart
from .svg import chart_svg

TOO_FEW = "too few to show"
ICON_COLOURS = {
    "improvement": COLOURS["special_cause_improvement"], "concern": COLOURS["special_cause_concern"],
    "neutral": COLOURS["special_cause_neutral_high"], "common": COLOURS["common_cause"],
    "consistent_pass": COLOURS["special_cause_improvement"], "consistent_fail": COLOURS["special_cause_concern"],
    "inconsistent": COLOURS["common_cause"],
}


@dataclass(frozen=True)
class Row:
    period: str
    value: str            # "62%", or "too few to show"
    base: str             # "34 responses", or "fewer than 10"
    mean: str
    lower: str
    upper: str
    reading: str          # "Special cause improvement (7 Points Above CL)", or ""


@dataclass(frozen=True)
class Icon:
    code: str             # improvement_high, consistent_pass, ...
    words: str
    svg: str              # decorative (aria-hidden): the words say the same


@dataclass(frozen=True)
class ChartView:
    chart_id: str
    title: str
    svg: str
    headline: str
    details: list[str]
    direction: str
    variation: Icon | None
    assurance: Icon | None
    rows: list[Row]


def present(chart: Chart, *, chart_id: str, group_minimum: int) -> ChartView:
    series, result = chart.series, chart.result
    reading = read_chart(chart)
    rows = []
    for period, point in zip(series.periods, chart.points):
        label = period_label(period.start, series.granularity)
        if point is None:
            base = f"fewer than {group_minimum}" if series.hidden_base is None else series.hidden_base
            rows.append(Row(label, series.hidden_words, base, "", "", "", ""))
            continue
        words = POINT_WORDS[point.point_type]
        rows.append(Row(label, format_value(point.value, series.unit),
                        f"{period.base:,} {series.base_label}" if period.base is not None else "",
                        format_value(point.mean, series.unit, precise=True),
                        format_value(point.lpl, series.unit, precise=True),
                        format_value(point.upl, series.unit, precise=True),
                        words if point.point_type == "common_cause" else f"{words} ({point.special_cause_type})"))
    variation = assurance = None
    if result is not None:
        variation = Icon(result.variation, VARIATION_WORDS[result.variation], variation_icon_svg(result.variation))
        if result.assurance is not None:
            assurance = Icon(result.assurance, ASSURANCE_WORDS[result.assurance], assurance_icon_svg(result.assurance))
    return ChartView(chart_id, series.title, chart_svg(chart, chart_id=chart_id), reading.headline, reading.details,
                     direction_words(series.improvement), variation, assurance, rows)


def variation_icon_svg(code: str) -> str:
    kind, _, level = code.partition("_")
    if code == "common_cause":
        return _icon(ICON_COLOURS["common"], "", wave=True)
    return _icon(ICON_COLOURS[kind], "H" if level == "high" else "L")


def assurance_icon_svg(code: str) -> str:
    letter = {"consistent_pass": "P", "consistent_fail": "F", "inconsistent": "?"}[code]
    return _icon(ICON_COLOURS[code], letter)


def _icon(colour: str, letter: str, *, wave: bool = False) -> str:
    inner = ('<path d="M9 21 q4 -8 8 0 t8 0 t6 -2" fill="none" stroke="#fff" stroke-width="3"/>' if wave else
             f'<text x="20" y="27" text-anchor="middle" font-size="20" font-weight="bold" fill="#fff" '
             f'font-family="Arial, sans-serif">{letter}</text>')
    return (f'<svg class="app-chart__icon" viewBox="0 0 40 40" width="40" height="40" aria-hidden="true" '
            f'focusable="false"><circle cx="20" cy="20" r="19" fill="{colour}"/>{inner}</svg>')
