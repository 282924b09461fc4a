"""Results and measures side by side: events whose project had service users or carers on
the team against those whose project did not, or chosen projects, or chosen events. No Flask.

Each group is a set of events; its results are counted as a project's are (results.py),
with the same small-number rules: a group with fewer responses than the group minimum shows
nothing but that, and each share needs enough answers and no small count on either side.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..measures.presenting import ChartView, present
from ..measures.series import Granularity, chart_for
from ..models import Event, Involvement, InvolvementChange, QIProject
from ..reports.suppression import Rules
from .results import GroupCounts, Statement, count_group, group_series, statements

MAX_GROUPS = 6
WITH_TEAM = "Service users or carers on the team"
WITHOUT_TEAM = "Consulted only, or not involved"


@dataclass(frozen=True)
class Group:
    label: str
    event_ids: list[int]


@dataclass(frozen=True)
class Column:
    label: str
    events: int
    responses: int
    shown: bool                      # enough responses to show anything
    statements: dict[str, Statement]
    charts: list[ChartView]


@dataclass(frozen=True)
class Comparison:
    columns: list[Column]
    rows: list[tuple[str, str]]      # (statement key, prompt), most answered first
    left_out: int                    # events in no group (involvement not known, or no project)


def involvement_groups(session: Session) -> tuple[list[Group], int]:
    """Events by their project's involvement on the event's day (as Event.involvement says),
    from plain rows: loading every event and project as objects took longer than the counts."""
    history: dict[int, tuple[list[date], list[Involvement]]] = {}
    for project_id, day, involvement in session.execute(
            select(InvolvementChange.project_id, InvolvementChange.changed_on, InvolvementChange.involvement)
            .order_by(InvolvementChange.changed_on, InvolvementChange.id)):
        days, involvements = history.setdefault(project_id, ([], []))
        days.append(day)
        involvements.append(involvement)
    team, other, left_out = [], [], 0
    for event_id, project_id, held_on, created_at in session.execute(
            select(Event.id, Event.project_id, Event.held_on, Event.created_at).where(Event.is_demo.is_(False))
            .order_by(Event.id)):
        days, involvements = history.get(project_id, ([], []))
        index = bisect_right(days, held_on or created_at.date())
        involvement = involvements[index - 1] if index else Involvement.UNKNOWN
        if involvement is Involvement.BIG_I:
            team.append(event_id)
        elif involvement in (Involvement.LITTLE_I, Involvement.NOT_INVOLVED):
            other.append(event_id)
        else:
            left_out += 1
    return [Group(WITH_TEAM, team), Group(WITHOUT_TEAM, other)], left_out


def project_groups(session: Session, project_ids: list[int]) -> list[Group]:
    projects = session.scalars(select(QIProject).where(QIProject.id.in_(project_ids)).order_by(QIProject.name))
    members: dict[int, list[int]] = {}
    for event_id, project_id in session.execute(select(Event.id, Event.project_id).where(
            Event.project_id.in_(project_ids))):
        members.setdefault(project_id, []).append(event_id)
    return [Group(project.name, members.get(project.id, [])) for project in projects]


def event_groups(session: Session, event_ids: list[int]) -> list[Group]:
    events = session.scalars(select(Event).where(Event.id.in_(event_ids)).order_by(Event.held_on, Event.id))
    return [Group(f"{event.name} ({event.held_on:%-d %b %Y})" if event.held_on else event.name, [event.id])
            for event in events]


def compare(session: Session, groups: list[Group], rules: Rules, *, today: date, left_out: int = 0) -> Comparison:
    # By month: the charts are monthly and the rest are totals.
    counted = [(group, count_group(session, group.event_ids, by_month=True)) for group in groups[:MAX_GROUPS]]
    everything = _merged([counts for _, counts in counted])
    rows = [(statement.key, statement.prompt) for statement in statements(everything, rules)]
    chart_keys = [key for key, _ in rows[:1]]
    columns = []
    for index, (group, counts) in enumerate(counted, start=1):
        shown = rules.group_is_reportable(counts.total)
        found = {statement.key: statement for statement in statements(counts, rules)}
        series = group_series(counts, rules, today=today, granularity=Granularity.MONTH,
                              keys=[key for key in chart_keys if key in counts.prompts], label=f": {group.label}") \
            if shown else []
        charts = [present(chart_for(s), chart_id=f"compare-{index}-{number}", group_minimum=rules.group_minimum)
                  for number, s in enumerate(series, start=1)]
        columns.append(Column(group.label, len(group.event_ids), counts.total, shown, found, charts))
    return Comparison(columns, rows, left_out)


def _merged(all_counts: list[GroupCounts]) -> GroupCounts:
    merged = GroupCounts()
    for counts in all_counts:
        for day, number in counts.responses.items():
            merged.responses[day] = merged.responses.get(day, 0) + number
        for key, (answered, agreed) in counts.agreement.items():
            cell = merged.agreement[key]
            cell[0] += answered
            cell[1] += agreed
        merged.prompts.update(counts.prompts)
    return merged


def projects_to_choose(session: Session) -> list[QIProject]:
    return list(session.scalars(select(QIProject).order_by(QIProject.name)))


def events_to_choose(session: Session) -> list[Event]:
    return list(session.scalars(select(Event).where(Event.is_demo.is_(False))
                                .order_by(Event.held_on.desc(), Event.id.desc())))
