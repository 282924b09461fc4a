"""Where everything on an XmR chart goes, worked out once for the SVG and the PNG.

The chart is 360 x 220 units: drawn at 320 px wide, its smallest text is still 11 px, and
it scales up to fill a page column. What the colours say, the shapes say too (a square for
improvement, a triangle for concern, a diamond for neither, a circle for common cause), and
the words beside the chart say it again.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from .series import Chart, Unit, format_value, period_label

WIDTH, HEIGHT = 360, 220
LEFT, RIGHT, TOP, BOTTOM = 46, 12, 14, 40
FONT = 12.5
MAX_X_LABELS = 5

COLOURS = {
    "common_cause": "#4c6272",                # NHS dark grey
    "special_cause_improvement": "#005eb8",   # NHS blue
    "special_cause_concern": "#b35200",       # dark orange: 5:1 on white
    "special_cause_neutral_high": "#6b2c91",  # purple
    "special_cause_neutral_low": "#6b2c91",
}
SHAPES = {
    "common_cause": "circle",
    "special_cause_improvement": "square",
    "special_cause_concern": "triangle",
    "special_cause_neutral_high": "diamond",
    "special_cause_neutral_low": "diamond",
}
INK, GRID, MEAN, LIMIT, TARGET, HIDDEN = "#212b32", "#d8dde0", "#212b32", "#4c6272", "#007f3b", "#f0f4f5"


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    colour: str
    width: float = 1.0
    dash: tuple[int, ...] = ()
    role: str = ""             # mean, limit, target, grid, change, data, axis


@dataclass(frozen=True)
class Band:                    # a period with too few responses to show
    x: float
    width: float
    label: str


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    shape: str
    colour: str
    label: str                 # for the SVG <title>: period, value and what it shows


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    anchor: str = "start"      # start, middle, end
    colour: str = INK


@dataclass(frozen=True)
class Layout:
    bands: list[Band]
    lines: list[Line]
    markers: list[Marker]
    texts: list[Text]


def layout(chart: Chart) -> Layout:
    series = chart.series
    count = max(len(series.periods), 1)
    step = (WIDTH - LEFT - RIGHT) / count
    x_of = [LEFT + step * (index + 0.5) for index in range(count)]
    low, high, ticks = _scale(chart)
    bottom, top = HEIGHT - BOTTOM, TOP

    def y_of(value: float) -> float:
        value = min(max(value, low), high)
        return bottom - (value - low) / (high - low) * (bottom - top)

    lines: list[Line] = []
    texts: list[Text] = []
    for tick in ticks:
        y = y_of(tick)
        lines.append(Line(LEFT, y, WIDTH - RIGHT, y, GRID, 1, role="grid"))
        texts.append(Text(LEFT - 5, y + FONT / 3, format_value(tick, series.unit).replace(" per 100", ""), "end"))
    lines.append(Line(LEFT, bottom, WIDTH - RIGHT, bottom, INK, 1, role="axis"))
    bands = [Band(x - step / 2, step, f"{period_label(p.start, series.granularity)}: {series.hidden_words}")
             for x, p, point in zip(x_of, series.periods, chart.points) if point is None]
    for index in _x_label_indexes(count):
        # The first and last labels line up with the plot's edges so neither is cut off.
        x, anchor = ((x_of[index] - step / 2, "start") if index == 0 and count > 1
                     else (x_of[index] + step / 2, "end") if index == count - 1 and count > 1
                     else (x_of[index], "middle"))
        texts.append(Text(x, bottom + FONT + 6,
                          period_label(series.periods[index].start, series.granularity, short=True), anchor))
    indexed = [(x, point) for x, point in zip(x_of, chart.points) if point is not None]
    for group in sorted({point.group for _, point in indexed}):
        members = [(x, point) for x, point in indexed if point.group == group]
        first_x, last_x, point = members[0][0] - step * 0.4, members[-1][0] + step * 0.4, members[0][1]
        lines.append(Line(first_x, y_of(point.mean), last_x, y_of(point.mean), MEAN, 1.5, role="mean"))
        for limit in (point.lpl, point.upl):
            if limit is not None:
                lines.append(Line(first_x, y_of(limit), last_x, y_of(limit), LIMIT, 1.2, (5, 3), role="limit"))
        if group:
            x = members[0][0] - step / 2
            lines.append(Line(x, top, x, bottom, INK, 1, (2, 2), role="change"))
            texts.append(Text(x + 3, top + FONT - 2, "change"))
    if series.target is not None:
        y = y_of(series.target)
        lines.append(Line(LEFT, y, WIDTH - RIGHT, y, TARGET, 1.5, (1, 3), role="target"))
        texts.append(Text(WIDTH - RIGHT, y - 4, "target", "end", TARGET))
    # The line joins neighbouring periods only: a hidden period leaves a gap.
    for (x1, a), (x2, b) in zip(zip(x_of, chart.points), zip(x_of[1:], chart.points[1:])):
        if a is not None and b is not None:
            lines.append(Line(x1, y_of(a.value), x2, y_of(b.value), LIMIT, 1.2, role="data"))
    markers = [Marker(x, y_of(point.value), SHAPES[point.point_type], COLOURS[point.point_type],
                      f"{period_label(point.date, series.granularity)}: {format_value(point.value, series.unit)}")
               for x, point in indexed]
    return Layout(bands, lines, markers, texts)


def _scale(chart: Chart) -> tuple[float, float, list[float]]:
    """The value range drawn and its tick values: every value, limit and the target fit,
    a percentage stays within 0-100, and a count or rate starts at 0."""
    numbers = [p.value for p in chart.shown] + [limit for p in chart.shown for limit in (p.lpl, p.upl) if limit is not None]
    if chart.series.target is not None:
        numbers.append(chart.series.target)
    unit = chart.series.unit
    if not numbers:
        return (0.0, 100.0, [0, 50, 100]) if unit is Unit.PERCENT else (0.0, 10.0, [0, 5, 10])
    low, high = min(numbers), max(numbers)
    if unit is not Unit.SCORE:
        low = max(0.0, low) if unit is Unit.PERCENT else 0.0
    if unit is Unit.PERCENT:
        high = min(100.0, high)
    if unit is Unit.SCORE:
        low, high = max(0.0, low), min(10.0, high)
    if high - low < 1e-9:
        low, high = low - 1, high + 1
    margin = (high - low) * 0.05   # so points on the extremes are not drawn on the axis
    low, high = low - margin, high + margin
    if unit is not Unit.SCORE:
        low = max(0.0, low)
    tick = _nice_step((high - low) / 4)
    low, high = math.floor(low / tick) * tick, math.ceil(high / tick) * tick
    if unit is Unit.PERCENT:
        low, high = max(0.0, low), min(100.0, high)
    ticks = [low + i * tick for i in range(int(round((high - low) / tick)) + 1)]
    return low, high, ticks


def _nice_step(rough: float) -> float:
    magnitude = 10 ** math.floor(math.log10(rough))
    for multiple in (1, 2, 2.5, 5, 10):
        if rough <= multiple * magnitude:
            return multiple * magnitude
    return 10 * magnitude


def _x_label_indexes(count: int) -> list[int]:
    if count <= MAX_X_LABELS:
        return list(range(count))
    gap = math.ceil((count - 1) / (MAX_X_LABELS - 1))
    indexes = list(range(0, count, gap))
    indexes[-1] = count - 1   # always label the latest period
    return indexes
