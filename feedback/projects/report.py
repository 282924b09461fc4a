"""The one-page report of a QI project, for a QI board or a committee paper. No Flask."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..measures.presenting import ChartView, present
from ..measures.series import Granularity, chart_for
from ..models import Event, QIProject, Response
from ..reports.suppression import Rules
from .register import project_events
from .results import Statement, choose_granularity, count_group, group_series, statements

REPORT_CHARTS = 4     # responses and three statements fill an A4 page in two columns


@dataclass(frozen=True)
class ProjectReport:
    project: QIProject
    events: list[tuple[Event, int]]
    responses: int
    statements: list[Statement]
    granularity: Granularity
    charts: list[ChartView]


def project_report(session: Session, project: QIProject, rules: Rules, *, today: date) -> ProjectReport:
    events = project_events(session, project)
    counts = count_group(session, [event.id for event in events])
    granularity = choose_granularity(counts, rules, today=today)
    found = statements(counts, rules)
    series = group_series(counts, rules, today=today, granularity=granularity,
                          keys=[statement.key for statement in found[:REPORT_CHARTS - 1]])
    charts = [present(chart_for(s), chart_id=f"report-{index}", group_minimum=rules.group_minimum)
              for index, s in enumerate(series, start=1)]
    by_event = dict(session.execute(select(Response.event_id, func.count()).where(
        Response.event_id.in_([event.id for event in events])).group_by(Response.event_id)).all())
    return ProjectReport(project, [(event, by_event.get(event.id, 0)) for event in events], counts.total, found,
                         granularity, charts)
