"""Recording actions: create, edit, close and reopen, each kept in the action's history and
the audit log. The caller commits."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from ..audit import record
from ..models import Action, ActionChange, ActionStatus, Event, QIProject, Survey, Theme, User
from ..models.types import utcnow

STATUS_WORDS = {ActionStatus.PLANNED: "Planned", ActionStatus.IN_PROGRESS: "In progress", ActionStatus.DONE: "Done"}


@dataclass(frozen=True)
class ActionDetails:
    said: str
    done: str
    status: ActionStatus
    status_on: date
    due_on: date | None
    responsible: str
    public_team: str
    theme_ids: Sequence[int] = ()
    survey_ids: Sequence[int] = ()
    event_ids: Sequence[int] = ()
    project_id: int | None = None


def _rows(session: Session, model: type, ids: Iterable[int]) -> list:
    wanted = set(ids)
    return list(session.scalars(select(model).where(model.id.in_(wanted)).order_by(model.id))) if wanted else []


def _day(value: date | None) -> str:
    return value.strftime("%-d %B %Y") if value else "none"


def _snapshot(action: Action) -> dict[str, str]:
    """The action's parts in words, for the history."""
    return {
        "What people said": action.said, "What was done or is planned": action.done,
        "Status": f"{STATUS_WORDS[action.status]} (from {_day(action.status_on)})",
        "Expected by": _day(action.due_on), "Who is responsible": action.responsible,
        "Team shown in public": action.public_team or "none",
        "Themes": ", ".join(theme.name for theme in action.themes) or "none",
        "Surveys": ", ".join(survey.title for survey in action.surveys) or "none",
        "Events": ", ".join(event.name for event in action.events) or "none",
        "QI project": action.project.name if action.project else "none",
    }


def _apply(session: Session, action: Action, details: ActionDetails) -> None:
    action.said = details.said.strip()
    action.done = details.done.strip()
    action.status = details.status
    # Each status keeps its own date, so the history of planned, started and done stays.
    if details.status is ActionStatus.PLANNED:
        action.planned_on = details.status_on
    elif details.status is ActionStatus.IN_PROGRESS:
        action.started_on = details.status_on
    else:
        action.done_on = details.status_on
    action.due_on = None if details.status is ActionStatus.DONE else details.due_on
    action.responsible = details.responsible.strip()
    action.public_team = details.public_team.strip()
    action.themes = _rows(session, Theme, details.theme_ids)
    action.surveys = _rows(session, Survey, details.survey_ids)
    action.events = _rows(session, Event, details.event_ids)
    action.project = session.get(QIProject, details.project_id) if details.project_id else None


def _changed(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return [f"{name}: {before[name]} → {after[name]}" if len(before[name]) + len(after[name]) < 200
            else f"{name} changed" for name in after if before[name] != after[name]]


def create_action(session: Session, details: ActionDetails, *, by: User | None) -> Action:
    action = Action(created_by_id=by.id if by else None)
    _apply(session, action, details)
    session.add(action)
    session.flush()
    action.changes.append(ActionChange(user_id=by.id if by else None, what="Recorded the action"))
    record(session, user=by, action="action.create", target=f"action {action.id}", detail=action.said[:200])
    return action


def update_action(session: Session, action: Action, details: ActionDetails, *, by: User | None) -> list[str]:
    """Change the action; returns what changed, in words (nothing is recorded if nothing did)."""
    before = _snapshot(action)
    _apply(session, action, details)
    changes = _changed(before, _snapshot(action))
    if changes:
        action.changes.append(ActionChange(user_id=by.id if by else None, what="\n".join(changes)))
        record(session, user=by, action="action.edit", target=f"action {action.id}",
               detail="; ".join(change.split(":")[0] for change in changes))
    return changes


def close_action(session: Session, action: Action, *, note: str, by: User | None) -> None:
    """Close: no more changes expected. The note says why if it closes without being done."""
    if action.is_closed:
        return
    action.closed_at = utcnow()
    action.closed_note = note.strip()
    what = "Closed" + (f": {action.closed_note}" if action.closed_note else "")
    action.changes.append(ActionChange(user_id=by.id if by else None, what=what))
    record(session, user=by, action="action.close", target=f"action {action.id}")


def reopen_action(session: Session, action: Action, *, by: User | None) -> None:
    if not action.is_closed:
        return
    action.closed_at = None
    action.closed_note = ""
    action.changes.append(ActionChange(user_id=by.id if by else None, what="Reopened"))
    record(session, user=by, action="action.reopen", target=f"action {action.id}")


def set_quote(session: Session, action: Action, answer_id: int | None, *, by: User | None) -> None:
    if action.quote_answer_id == answer_id:
        return
    action.quote_answer_id = answer_id
    what = "Chose a quote" if answer_id else "Took the quote off"
    action.changes.append(ActionChange(user_id=by.id if by else None, what=what))
    record(session, user=by, action="action.quote", target=f"action {action.id}")


def all_actions(session: Session) -> list[Action]:
    """Open actions first, newest at the top."""
    return list(session.scalars(
        select(Action).order_by(Action.closed_at.is_not(None), Action.id.desc())
        .options(selectinload(Action.themes), selectinload(Action.events), selectinload(Action.surveys))))


def history(session: Session, action: Action) -> list[ActionChange]:
    """Newest first, each with who made it."""
    return list(session.scalars(select(ActionChange).where(ActionChange.action_id == action.id)
                                .order_by(ActionChange.id.desc()).options(selectinload(ActionChange.user))))


def surveys_to_link(session: Session) -> list[Survey]:
    """Every survey an action can answer, in the order they were made."""
    return list(session.scalars(select(Survey).order_by(Survey.id)))


def staff_names(session: Session) -> list[str]:
    """Every account's name and email, which public wording must not contain."""
    names = []
    for name, email in session.execute(select(User.name, User.email)):
        names += [value for value in (name, email) if value]
    return names


def actions_for_themes(session: Session, theme_ids: Iterable[int], *, survey_id: int | None = None,
                       event_id: int | None = None) -> dict[int, list[Action]]:
    """For the results page: the actions that answer each theme, among those linked to the
    survey shown, to an event that uses it, or to no survey or event at all (narrowed to
    one event, those linked to that event or to the survey)."""
    wanted = set(theme_ids)
    if not wanted:
        return {}
    query = select(Action).where(Action.themes.any(Theme.id.in_(wanted))).options(selectinload(Action.themes))
    scope = [~Action.surveys.any() & ~Action.events.any()]
    if survey_id is not None:
        scope.append(Action.surveys.any(Survey.id == survey_id))
    if event_id is not None:
        scope.append(Action.events.any(Event.id == event_id))
    elif survey_id is not None:
        scope.append(Action.events.any(Event.surveys.any(Survey.id == survey_id)))
    found: dict[int, list[Action]] = {}
    for action in session.scalars(query.where(or_(*scope)).order_by(Action.id)):
        for theme in action.themes:
            if theme.id in wanted:
                found.setdefault(theme.id, []).append(action)
    return found


def actions_for_event(session: Session, event: Event) -> list[Action]:
    """The actions an event's public page shows: linked to the event or to its project."""
    linked = Action.events.any(Event.id == event.id)
    where = linked | (Action.project_id == event.project_id) if event.project_id else linked
    return list(session.scalars(select(Action).where(where).order_by(Action.closed_at.is_not(None), Action.id.desc())))
