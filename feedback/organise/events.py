"""Events: short public codes, details, closing, and how many responses each has. No Flask."""
from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ..audit import record
from ..models import Event, QIProject, QuestionLayout, Response, Survey, SurveyStatus, User
from ..models.types import utcnow

# No 0/O, 1/I/L or 5/S: codes are read off posters and typed on phones.
CODE_ALPHABET = "2346789ABCDEFGHJKMNPQRTUVWXYZ"
CODE_LENGTH = 6


class CodeSpaceExhausted(RuntimeError):
    """Raised if many random codes in a row are taken: a sign of a bug, not bad luck."""


def new_code(session: Session, *, choose: Callable[[str], str] = secrets.choice, attempts: int = 20) -> str:
    """A random unused event code. 29^6 (about 600 million) codes make a collision rare;
    on one, try again. The unique constraint still guards against a race."""
    for _ in range(attempts):
        code = "".join(choose(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if session.scalar(select(Event.id).where(Event.code == code)) is None:
            return code
    raise CodeSpaceExhausted(f"no free event code after {attempts} attempts")


@dataclass(frozen=True)
class EventDetails:
    name: str
    held_on: date
    place: str
    project_id: int | None
    survey_ids: list[int]
    easy_read: bool = False
    listed: bool = True
    question_layout: QuestionLayout = QuestionLayout.SURVEY


def _surveys(session: Session, ids: Iterable[int]) -> list[Survey]:
    wanted = set(ids)
    return list(session.scalars(select(Survey).where(Survey.id.in_(wanted)).order_by(Survey.id))) if wanted else []


def _apply(session: Session, event: Event, details: EventDetails) -> None:
    event.name = details.name.strip()
    event.held_on = details.held_on
    event.place = details.place.strip()
    event.project = session.get(QIProject, details.project_id) if details.project_id else None
    event.surveys = _surveys(session, details.survey_ids)
    event.easy_read = details.easy_read
    event.listed = details.listed
    event.question_layout = details.question_layout


def create_event(session: Session, details: EventDetails, *, by: User) -> Event:
    event = Event(code=new_code(session), notes="")
    _apply(session, event, details)
    session.add(event)
    session.flush()
    record(session, user=by, action="event.create", target=f"event {event.code}", detail=event.name)
    return event


def update_event(session: Session, event: Event, details: EventDetails, *, by: User) -> None:
    _apply(session, event, details)
    record(session, user=by, action="event.edit", target=f"event {event.code}", detail=event.name)


def set_closed(session: Session, event: Event, closed: bool, *, by: User) -> None:
    """A closed event's link shows a polite 'closed' page; reopening brings it back."""
    if closed == (event.closed_at is not None):
        return
    event.closed_at = utcnow() if closed else None
    record(session, user=by, action="event.close" if closed else "event.reopen", target=f"event {event.code}")


def response_counts(session: Session, event_ids: Iterable[int] | None = None) -> dict[int, int]:
    """Responses per event, counted in the database (rows are never loaded)."""
    query = select(Response.event_id, func.count()).where(Response.event_id.is_not(None)).group_by(Response.event_id)
    if event_ids is not None:
        query = query.where(Response.event_id.in_(list(event_ids)))
    return {event_id: count for event_id, count in session.execute(query)}


def all_events(session: Session) -> list[Event]:
    """Open events first, the most recent at the top."""
    return list(session.scalars(
        select(Event).order_by(Event.closed_at.is_not(None), Event.held_on.desc(), Event.id.desc())
        .options(selectinload(Event.surveys))
    ))


def surveys_to_offer(session: Session, event: Event | None = None) -> list[Survey]:
    """Open surveys, plus any the event already uses (so editing never drops one silently)."""
    offered = list(session.scalars(select(Survey).where(Survey.status == SurveyStatus.OPEN).order_by(Survey.id)))
    for survey in (event.surveys if event else []):
        if survey not in offered:
            offered.append(survey)
    return offered
