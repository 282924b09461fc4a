"""The 'You said, we did' part of an email summary: actions recorded in the period, and
actions done in it, for the summary's scope. Actions are the organisers' own words and
dates, never counts of people, so they are listed whatever the period's responses."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..config import Defaults
from ..models import Action, ActionStatus, Event, Survey
from .records import STATUS_WORDS

SAID_MAX_CHARS = 160
MAX_LISTED = 20  # per list; the workspace has the rest


@dataclass(frozen=True)
class ActionLine:
    id: int
    said: str
    done: str
    status: str


@dataclass(frozen=True)
class PeriodActions:
    new: list[ActionLine]
    done: list[ActionLine]
    more_new: int = 0     # recorded in the period but not listed (beyond MAX_LISTED)
    more_done: int = 0


def _scope(kind: str, scope_id: int | None, session: Session) -> list[Any]:
    if kind == "survey":
        return [Action.surveys.any(Survey.id == scope_id) | Action.events.any(Event.surveys.any(Survey.id == scope_id))]
    if kind == "event":
        event = session.get(Event, scope_id) if scope_id else None
        linked = Action.events.any(Event.id == scope_id)
        return [linked | (Action.project_id == event.project_id) if event and event.project_id else linked]
    if kind == "qi_project":
        return [(Action.project_id == scope_id) | Action.events.any(Event.project_id == scope_id)]
    return []


def _utc(day: date, zone: str) -> datetime:
    """Local midnight at the start of `day`, as the naive UTC the database stores."""
    return datetime.combine(day, time(), ZoneInfo(zone)).astimezone(timezone.utc).replace(tzinfo=None)


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SAID_MAX_CHARS else text[:SAID_MAX_CHARS - 1].rstrip() + "…"


def _lines(session: Session, query: Any) -> tuple[list[ActionLine], int]:
    """The first MAX_LISTED actions, and how many more there are."""
    found = list(session.scalars(query.order_by(Action.id).limit(MAX_LISTED + 1)))
    total = len(found)
    if total > MAX_LISTED:
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    lines = [ActionLine(action.id, _clip(action.said), _clip(action.done), STATUS_WORDS[action.status])
             for action in found[:MAX_LISTED]]
    return lines, total - len(lines)


def period_actions(session: Session, kind: str, scope_id: int | None, start: date, end: date, *,
                   zone: str = Defaults.TIME_ZONE) -> PeriodActions:
    """Actions recorded, and actions done, from `start` up to (not including) `end` (local
    days in `zone`, as summary periods are)."""
    where = _scope(kind, scope_id, session)
    finished = select(Action).where(*where, Action.status == ActionStatus.DONE, Action.done_on >= start,
                                    Action.done_on < end)
    # One recorded and done in the same period is listed once, as done.
    recorded = select(Action).where(*where, Action.created_at >= _utc(start, zone), Action.created_at < _utc(end, zone),
                                    Action.id.not_in(finished.with_only_columns(Action.id)))
    new, more_new = _lines(session, recorded)
    done, more_done = _lines(session, finished)
    return PeriodActions(new, done, more_new, more_done)
