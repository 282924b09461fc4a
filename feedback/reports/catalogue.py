"""What there are results for: surveys and events with their number of responses."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from ..models import Event, Response, Survey, SurveyVersion, event_survey
from .filters import version_ids


@dataclass(frozen=True)
class Entry:
    id: int
    name: str
    responses: int


def surveys_with_counts(session: Session) -> list[Entry]:
    counts = (select(SurveyVersion.survey_id, func.count(Response.id).label("responses"))
              .join(Response, Response.survey_version_id == SurveyVersion.id)
              .group_by(SurveyVersion.survey_id).subquery())
    rows = session.execute(
        select(Survey.id, SurveyVersion.title, func.coalesce(counts.c.responses, 0))
        .outerjoin(SurveyVersion, Survey.current_version_id == SurveyVersion.id)
        .outerjoin(counts, counts.c.survey_id == Survey.id)
        .order_by(SurveyVersion.title)
    )
    return [Entry(survey_id, title or "Untitled survey", responses) for survey_id, title, responses in rows]


def events_with_counts(session: Session) -> list[Entry]:
    counts = (select(Response.event_id, func.count().label("responses")).where(Response.event_id.is_not(None))
              .group_by(Response.event_id).subquery())
    rows = session.execute(
        select(Event.id, Event.name, func.coalesce(counts.c.responses, 0))
        .outerjoin(counts, counts.c.event_id == Event.id)
        .order_by(Event.held_on.desc(), Event.id.desc())
    )
    return [Entry(event_id, name, responses) for event_id, name, responses in rows]


def events_for_survey(session: Session, survey_id: int) -> list[Entry]:
    """Events linked to the survey or with responses to it: the choices for the event filter.

    Asked per event (EXISTS, through the response event index) because events are few
    and a survey's responses may be many.
    """
    answered = exists().where(Response.event_id == Event.id,
                              Response.survey_version_id.in_(version_ids(survey_id)))
    linked = select(event_survey.c.event_id).where(event_survey.c.survey_id == survey_id)
    rows = session.execute(select(Event.id, Event.name).where(or_(answered, Event.id.in_(linked)))
                           .order_by(Event.name))
    return [Entry(event_id, name, 0) for event_id, name in rows]


def surveys_for_event(session: Session, event_id: int) -> list[Entry]:
    """Surveys answered at the event, with how many responses each got there."""
    rows = session.execute(
        select(SurveyVersion.survey_id, func.count(Response.id))
        .join(Response, Response.survey_version_id == SurveyVersion.id)
        .where(Response.event_id == event_id).group_by(SurveyVersion.survey_id)
    ).all()
    titles = {entry.id: entry.name for entry in surveys_with_counts(session)} if rows else {}
    return [Entry(survey_id, titles.get(survey_id, "Untitled survey"), count) for survey_id, count in rows]
