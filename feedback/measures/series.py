"""A measure's values per period, and its XmR chart over the periods that may be shown.

A period with too few responses behind it has no value (`value is None`): it is left out of
the calculation, as a missing month is, and charts draw it as a gap, never as a point.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from .spc import Improvement, SpcPoint, SpcResult, xmr

# ISO, the UK spreadsheet form, and as people type a day elsewhere in the app ("1 12 2026",
# "1 December 2026", "1 Dec 2026"); month names in English, as the workspace is.
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d %m %Y", "%d %B %Y", "%d %b %Y")


def parse_date(text: str) -> date | None:
    typed = " ".join(text.split())  # one space between the parts, however many were typed
    for form in DATE_FORMATS:
        try:
            return datetime.strptime(typed, form).date()
        except ValueError:
            continue
    return None


class Unit(StrEnum):
    PERCENT = "percent"      # 0-100
    COUNT = "count"
    PER_100 = "per_100"      # mentions per 100 written answers
    SCORE = "score"          # mean of a 0-10 scale


class Granularity(StrEnum):
    MONTH = "month"
    WEEK = "week"


@dataclass(frozen=True)
class PeriodValue:
    start: date
    value: float | None          # None: too few to show
    base: int | None = None      # responses or answers behind the value; None when not shown


@dataclass(frozen=True)
class Series:
    title: str
    unit: Unit
    granularity: Granularity
    periods: list[PeriodValue]   # consecutive periods, oldest first
    improvement: Improvement = Improvement.INCREASE
    target: float | None = None
    change_dates: list[date] = field(default_factory=list)
    base_label: str = "responses"
    hidden_words: str = "too few to show"   # what the table says for a period with no value
    hidden_base: str | None = None          # and in its "based on" column (None: "fewer than N")


@dataclass(frozen=True)
class Chart:
    series: Series
    points: list[SpcPoint | None]   # one per period; None where nothing may be shown
    result: SpcResult | None        # None when no period may be shown

    @property
    def shown(self) -> list[SpcPoint]:
        return [point for point in self.points if point is not None]

    @property
    def hidden_count(self) -> int:
        return sum(point is None for point in self.points)


def chart_for(series: Series) -> Chart:
    shown = [p for p in series.periods if p.value is not None]
    if not shown:
        return Chart(series, [None] * len(series.periods), None)
    result = xmr([p.start for p in shown], [p.value for p in shown], improvement=series.improvement,
                 target=series.target, rebase_dates=rebase_starts(series.change_dates, [p.start for p in shown]))
    by_date = {point.date: point for point in result.points}
    return Chart(series, [by_date.get(p.start) if p.value is not None else None for p in series.periods], result)


def rebase_starts(change_dates: list[date], starts: list[date]) -> list[date]:
    """Limits are recalculated from the first shown period that starts on or after a change."""
    chosen = []
    for change in change_dates:
        later = [start for start in starts if start >= change]
        if later:
            chosen.append(later[0])
    return chosen


def period_start(day: date, granularity: Granularity) -> date:
    if granularity is Granularity.WEEK:
        return day - timedelta(days=day.weekday())   # weeks start on Monday
    return day.replace(day=1)


def next_period(start: date, granularity: Granularity) -> date:
    if granularity is Granularity.WEEK:
        return start + timedelta(days=7)
    return date(start.year + start.month // 12, start.month % 12 + 1, 1)


def period_starts(first: date, last: date, granularity: Granularity) -> list[date]:
    """Every period from the one holding `first` to the one holding `last`."""
    starts, current = [], period_start(first, granularity)
    while current <= last:
        starts.append(current)
        current = next_period(current, granularity)
    return starts


def period_label(start: date, granularity: Granularity, *, short: bool = False) -> str:
    if granularity is Granularity.WEEK:
        return f"{start.day} {start:%b}" if short else f"week of {start.day} {start:%B %Y}"
    return f"{start:%b %y}" if short else f"{start:%B %Y}"


def format_value(value: float | None, unit: Unit, *, precise: bool = False) -> str:
    """A value as people read it; `precise` gives a decimal place for means and limits."""
    if value is None:
        return ""
    if unit is Unit.PERCENT:
        return f"{value:.1f}%" if precise else f"{value:.0f}%"
    if unit is Unit.COUNT:
        return f"{value:,.0f}" if value == int(value) and not precise else f"{value:,.1f}"
    if unit is Unit.PER_100:
        return f"{value:.1f} per 100"
    return f"{value:.1f}"
