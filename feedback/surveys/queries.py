"""Read-only look-ups for the public pages."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from ..models import Event, Response, Survey, SurveyStatus


def survey_by_slug(session: Session, slug: str) -> Survey | None:
    # The survey and its current version's row, one row: the questions, choices and
    # translations come from the worker's copy (responses/versions.py), which that row's
    # revision says is current. Joining them in here read 46 rows for every page view.
    return session.scalars(
        select(Survey).where(Survey.slug == slug.lower()).options(joinedload(Survey.current_version))
    ).one_or_none()


def event_by_code(session: Session, code: str) -> Event | None:
    # People type codes from posters: ignore case and stray spaces. The event's pages read
    # its surveys: loaded in the same query.
    return session.scalars(select(Event).where(Event.code == code.strip().upper())
                           .options(joinedload(Event.surveys))).unique().one_or_none()


def open_surveys(session: Session, today: date) -> list[Survey]:
    surveys = session.scalars(
        select(Survey).where(Survey.status == SurveyStatus.OPEN, Survey.listed.is_(True)).order_by(Survey.id)
        .options(selectinload(Survey.current_version))
    )
    return [survey for survey in surveys if survey.is_open_on(today)]


def open_events(session: Session) -> list[Event]:
    return list(session.scalars(
        select(Event).where(Event.closed_at.is_(None), Event.listed.is_(True))
        .order_by(Event.is_demo, Event.held_on.desc(), Event.id.desc())
        .options(selectinload(Event.surveys))
    ))


def response_by_public_id(session: Session, public_id: str) -> Response | None:
    # The thank-you page reads the version's "what happens next" text: one query, not two.
    return session.scalar(select(Response).where(Response.public_id == public_id)
                          .options(joinedload(Response.survey_version)))
