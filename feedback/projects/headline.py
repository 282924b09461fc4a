"""The trust's headline measure: of the QI projects active in each period, the share with
service users or carers as team members, and the share that had them from the start.

A project is active in a period if it had started by the period's last day and was not
already closed on its first day. Its involvement is the one in effect on the period's last
day. "From the start" counts only projects whose start date is known; a project without
one (made from older events' text) starts, for being active, on its first recorded change.

Small numbers: a period with fewer active projects than the group minimum is "too few to
show". Project counts say nothing about any person, so the count of projects with service
users on the team is shown however small: a low share is the finding the trust needs.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..measures.builtin import ENOUGH_POINTS
from ..measures.email import EmailTrend
from ..measures.png import chart_png
from ..measures.presenting import ChartView, present
from ..measures.series import (
    Granularity,
    PeriodValue,
    Series,
    Unit,
    chart_for,
    next_period,
    period_start,
    period_starts,
)
from ..measures.summary import read_chart
from ..models import Involvement, InvolvementChange, ProjectStage, ProjectStageChange, QIProject
from ..reports.suppression import Rules

TEAM_TITLE = "Active QI projects with service users or carers as team members"
START_TITLE = "Active QI projects with service users or carers on the team from the start"


@dataclass
class Timeline:
    """One project's histories (oldest first), ready for quick "on this day" questions."""
    started_on: date | None
    created_on: date
    stage_days: list[date] = field(default_factory=list)
    stages: list[ProjectStage] = field(default_factory=list)
    involvement_days: list[date] = field(default_factory=list)
    involvements: list[Involvement] = field(default_factory=list)

    @property
    def begins(self) -> date:
        """The start date; without one, the first recorded change (or when it was added)."""
        if self.started_on:
            return self.started_on
        recorded = self.stage_days[:1] + self.involvement_days[:1]
        return min(recorded) if recorded else self.created_on

    @property
    def from_start(self) -> bool:
        return self.started_on is not None and self.team_members_on(self.started_on)

    def open_on(self, first: date) -> bool:
        """Not closed on `first` (the first day of a period)."""
        index = bisect_right(self.stage_days, first)
        return index == 0 or self.stages[index - 1] is not ProjectStage.CLOSED

    def team_members_on(self, day: date) -> bool:
        index = bisect_right(self.involvement_days, day)
        return index > 0 and self.involvements[index - 1] is Involvement.BIG_I


@dataclass(frozen=True)
class PeriodCount:
    start: date
    active: int
    team: int
    dated: int          # active projects whose start date is known
    from_start: int


def load_timelines(session: Session) -> list[Timeline]:
    """Every project's histories in three plain queries (no ORM objects: 2,000 projects'
    histories load in a few milliseconds this way)."""
    timelines = {project_id: Timeline(started_on, created_at.date()) for project_id, started_on, created_at in
                 session.execute(select(QIProject.id, QIProject.started_on, QIProject.created_at))}
    for project_id, day, stage in session.execute(
            select(ProjectStageChange.project_id, ProjectStageChange.changed_on, ProjectStageChange.stage)
            .order_by(ProjectStageChange.changed_on, ProjectStageChange.id)):
        timelines[project_id].stage_days.append(day)
        timelines[project_id].stages.append(stage)
    for project_id, day, involvement in session.execute(
            select(InvolvementChange.project_id, InvolvementChange.changed_on, InvolvementChange.involvement)
            .order_by(InvolvementChange.changed_on, InvolvementChange.id)):
        timelines[project_id].involvement_days.append(day)
        timelines[project_id].involvements.append(involvement)
    return list(timelines.values())


def period_counts(timelines: list[Timeline], *, today: date, granularity: Granularity) -> list[PeriodCount]:
    """Counts for each complete period from the first in which a project was active."""
    current = period_start(today, granularity)
    if not timelines or min(t.begins for t in timelines) >= current:
        return []
    counts = []
    begins = {id(t): t.begins for t in timelines}
    for start in period_starts(min(begins.values()), current - timedelta(days=1), granularity):
        last = next_period(start, granularity) - timedelta(days=1)
        active = [t for t in timelines if begins[id(t)] <= last and t.open_on(start)]
        dated = [t for t in active if t.started_on is not None]
        counts.append(PeriodCount(start, len(active), sum(t.team_members_on(last) for t in active),
                                  len(dated), sum(t.from_start for t in dated)))
    return counts


def chosen_counts(timelines: list[Timeline], rules: Rules, *, today: date,
                  granularity: Granularity | None = None) -> tuple[Granularity, list[PeriodCount]]:
    """Months, unless there are too few of them to chart and enough weeks with enough projects."""
    if granularity is not None:
        return granularity, period_counts(timelines, today=today, granularity=granularity)
    months = period_counts(timelines, today=today, granularity=Granularity.MONTH)
    if sum(rules.group_is_reportable(count.active) for count in months) >= ENOUGH_POINTS:
        return Granularity.MONTH, months
    weeks = period_counts(timelines, today=today, granularity=Granularity.WEEK)
    if sum(rules.group_is_reportable(count.active) for count in weeks) >= ENOUGH_POINTS:
        return Granularity.WEEK, weeks
    return Granularity.MONTH, months


def headline_series(timelines: list[Timeline], rules: Rules, *, today: date,
                    granularity: Granularity | None = None, label: str = "") -> list[Series]:
    """The two headline series; `label` names a group of projects."""
    granularity, counts = chosen_counts(timelines, rules, today=today, granularity=granularity)
    team, start = [], []
    for count in counts:
        shown = rules.group_is_reportable(count.active)
        team.append(PeriodValue(count.start, 100 * count.team / count.active if shown else None,
                                count.active if shown else None))
        dated = rules.group_is_reportable(count.dated)
        start.append(PeriodValue(count.start, 100 * count.from_start / count.dated if dated else None,
                                 count.dated if dated else None))
    hidden_base = f"fewer than {rules.group_minimum} projects"
    return [Series(TEAM_TITLE + label, Unit.PERCENT, granularity, team, base_label="active projects",
                   hidden_base=hidden_base),
            Series(START_TITLE + label, Unit.PERCENT, granularity, start, base_label="active projects with a start date",
                   hidden_base=hidden_base)]


def headline_charts(session: Session, rules: Rules, *, today: date,
                    granularity: Granularity | None = None) -> tuple[Granularity, list[ChartView]]:
    """The headline charts as the Measures pages show them."""
    series = headline_series(load_timelines(session), rules, today=today, granularity=granularity)
    return series[0].granularity, [present(chart_for(s), chart_id=f"headline-{index}", group_minimum=rules.group_minimum)
                    for index, s in enumerate(series, start=1) if s.periods]


def headline_trend(session: Session, rules: Rules, *, today: date) -> EmailTrend | None:
    """The headline measure, month by month, for a trust-wide email summary."""
    series = headline_series(load_timelines(session), rules, today=today, granularity=Granularity.MONTH)[0]
    chart = chart_for(series)
    if chart.result is None:
        return None
    reading = read_chart(chart)
    return EmailTrend(series.title, reading.headline, reading.details, chart_png(chart))
