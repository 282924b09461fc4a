"""One chart over time for an email summary: the PNG and the same words as on the page.

Read-only, so composing a summary never writes: the stored tallies are used, and any day
marked stale is counted afresh in memory. A survey whose measures have never been counted
(nobody has opened its measures page yet) gets no chart rather than a slow full count.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from ..models.measures import TallyBuilt
from ..reports.suppression import Rules
from . import tallies
from .builtin import survey_measures
from .png import chart_png
from .series import chart_for
from .summary import read_chart


@dataclass(frozen=True)
class EmailTrend:
    title: str
    headline: str
    details: list[str]
    png: bytes

    @property
    def alt(self) -> str:
        return f"Chart over time of {self.title}. {self.headline}"


def survey_trend(session: Session, survey_id: int, rules: Rules, *, today: date) -> EmailTrend | None:
    """The survey's first organiser measure, else its first agreement question, month by month."""
    built = session.get(TallyBuilt, survey_id)
    if built is None or built.method != tallies.TALLY_METHOD:
        return None
    found = survey_measures(session, survey_id, rules, today=today, rows=tallies.read_fresh(session, survey_id))
    chosen = [series for _, series in found.organisers] + found.agreement
    if not chosen:
        return None
    chart = chart_for(chosen[0])
    if chart.result is None:
        return None
    reading = read_chart(chart)
    return EmailTrend(chosen[0].title, reading.headline, reading.details, chart_png(chart))
