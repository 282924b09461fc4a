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
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

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
from ..models import Involvement, ProjectStage, QIProject
from ..reports.suppression import Rules

TEAM_TITLE = "Active QI projects with service users or carers as team members"
START_TITLE = "Active QI projects with service users or carers on the team from the start"


@dataclass(frozen=True)
class _Timeline:
    """One project's histories, ready for quick "on this day" questions."""
    begins: date
    known_start: bool
    from_start: bool
    stage_days: list[date]
    stages: list[ProjectStage]
    involvement_days: list[date]
    involvements: list[Involvement]

    @classmethod
    def of(cls, project: QIProject) -> _Timeline:
        recorded = [change.changed_on for change in project.stages + project.involvements]
        begins = project.started_on or (min(recorded) if recorded else project.created_at.date())
        return cls(begins, project.started_on is not None, bool(project.involved_from_start),
                   [change.changed_on for change in project.stages], [change.stage for change in project.stages],
                   [change.changed_on for change in project.involvements],
                   [change.involvement for change in project.involvements])

    def active(self, first: date, last: date) -> bool:
        if self.begins > last:
            return False
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


def load_projects(session: Session) -> list[QIProject]:
    return list(session.scalars(select(QIProject).options(selectinload(QIProject.stages),
                                                          selectinload(QIProject.involvements))))


def period_counts(projects: list[QIProject], *, today: date, granularity: Granularity) -> list[PeriodCount]:
    """Counts for each complete period from the first in which a project was active."""
    timelines = [_Timeline.of(project) for project in projects]
    current = period_start(today, granularity)
    if not timelines or min(t.begins for t in timelines) >= current:
        return []
    counts = []
    for start in period_starts(min(t.begins for t in timelines), current - timedelta(days=1), granularity):
        last = next_period(start, granularity) - timedelta(days=1)
        active = [t for t in timelines if t.active(start, last)]
        dated = [t for t in active if t.known_start]
        counts.append(PeriodCount(start, len(active), sum(t.team_members_on(last) for t in active),
                                  len(dated), sum(t.from_start for t in dated)))
    return counts


def choose_granularity(projects: list[QIProject], rules: Rules, *, today: date) -> Granularity:
    """Months, unless there are too few of them to chart and enough weeks with enough projects."""
    months = period_counts(projects, today=today, granularity=Granularity.MONTH)
    if sum(rules.group_is_reportable(count.active) for count in months) >= ENOUGH_POINTS:
        return Granularity.MONTH
    weeks = period_counts(projects, today=today, granularity=Granularity.WEEK)
    enough = sum(rules.group_is_reportable(count.active) for count in weeks)
    return Granularity.WEEK if enough >= ENOUGH_POINTS else Granularity.MONTH


def headline_series(projects: list[QIProject], rules: Rules, *, today: date,
                    granularity: Granularity | None = None, label: str = "") -> list[Series]:
    """The two headline series; `label` names a group of projects (", with team members")."""
    if granularity is None:
        granularity = choose_granularity(projects, rules, today=today)
    counts = period_counts(projects, today=today, granularity=granularity)
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
    projects = load_projects(session)
    chosen = granularity or choose_granularity(projects, rules, today=today)
    series = headline_series(projects, rules, today=today, granularity=chosen)
    return chosen, [present(chart_for(s), chart_id=f"headline-{index}", group_minimum=rules.group_minimum)
                    for index, s in enumerate(series, start=1) if s.periods]


def headline_trend(session: Session, rules: Rules, *, today: date) -> EmailTrend | None:
    """The headline measure, month by month, for a trust-wide email summary."""
    projects = load_projects(session)
    series = headline_series(projects, rules, today=today, granularity=Granularity.MONTH)[0]
    chart = chart_for(series)
    if chart.result is None:
        return None
    reading = read_chart(chart)
    return EmailTrend(series.title, reading.headline, reading.details, chart_png(chart))
