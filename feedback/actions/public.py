"""What the public 'You said, we did' pages show: the organiser's words, the status and its
dates, a team name only if one was chosen, and a quote only if it still passes the quote
rules. Never who is responsible, never a count of anything."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case, exists, select
from sqlalchemy.orm import Session, selectinload

from ..models import Action, ActionStatus, Event, QIProject
from ..models.actions import action_event
from ..reports.suppression import Rules
from .quotes import quotable

# The order of the sections on the page: what was done first.
SECTION_ORDER = (ActionStatus.DONE, ActionStatus.IN_PROGRESS, ActionStatus.PLANNED)
# Enough to read on a phone; a page of every action would be megabytes for a big trust.
PER_SECTION = 15


@dataclass(frozen=True)
class PublicAction:
    id: int
    said: str
    done: str
    status: ActionStatus
    status_on: date | None
    due_on: date | None
    team: str
    quote: str | None
    closed: bool
    closed_note: str
    themes: list[str]


def _public(action: Action, quotes: dict[int, str]) -> PublicAction:
    return PublicAction(
        id=action.id, said=action.said, done=action.done, status=action.status, status_on=action.status_on,
        due_on=action.due_on, team=action.public_team,
        quote=quotes.get(action.quote_answer_id) if action.quote_answer_id else None,
        closed=action.is_closed, closed_note=action.closed_note, themes=[theme.name for theme in action.themes])


@dataclass(frozen=True)
class Section:
    items: list[PublicAction]
    more: bool   # there are older ones, on the next page


def _status_date() -> Any:
    return case((Action.status == ActionStatus.DONE, Action.done_on),
                (Action.status == ActionStatus.IN_PROGRESS, Action.started_on), else_=Action.planned_on)


def public_actions(session: Session, rules: Rules, *, event: Event | None = None, project: QIProject | None = None,
                   status: ActionStatus | None = None, page: int = 1,
                   per_section: int = PER_SECTION) -> dict[ActionStatus, Section]:
    """Actions by status (done, in progress, planned), each newest first, `per_section` of
    each (a page shows only the newest; the rest are a link away, page by page, one status
    at a time). For one event, those linked to it or to its QI project; for a project,
    those linked to it or to one of its events."""
    scope: list[Any] = []
    if event is not None:
        linked = Action.events.any(Event.id == event.id)
        scope.append(linked | (Action.project_id == event.project_id) if event.project_id else linked)
    if project is not None:
        scope.append((Action.project_id == project.id) | Action.events.any(Event.project_id == project.id))
    found: dict[ActionStatus, list[Action]] = {}
    for shown in (status,) if status else SECTION_ORDER:
        found[shown] = list(session.scalars(
            select(Action).where(Action.status == shown, *scope).options(selectinload(Action.themes))
            .order_by(_status_date().desc().nulls_last(), Action.id.desc())
            .offset((page - 1) * per_section).limit(per_section + 1)))
    # The quotes' rules are checked for all of the page's actions at once.
    quotes = quotable(session, [action.quote_answer_id for actions in found.values() for action in actions
                                if action.quote_answer_id], rules)
    return {shown: Section([_public(action, quotes) for action in actions[:per_section]], len(actions) > per_section)
            for shown, actions in found.items()}


def projects_with_actions(session: Session) -> list[QIProject]:
    """QI projects that have at least one action, directly or through an event, by name."""
    through_event = select(Event.project_id).where(exists().where(action_event.c.event_id == Event.id))
    direct = select(Action.project_id).where(Action.project_id.is_not(None))
    return list(session.scalars(select(QIProject).where(QIProject.id.in_(direct.union(through_event)))
                                .order_by(QIProject.name)))


def events_with_actions(session: Session) -> list[Event]:
    """Events that have at least one action, the most recent first (for the trust's page)."""
    return list(session.scalars(select(Event).where(exists().where(action_event.c.event_id == Event.id))
                                .order_by(Event.held_on.desc(), Event.id.desc())))
