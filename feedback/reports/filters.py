"""Which responses a report covers: one survey (all its versions), narrowed by filters."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session

from ..models import Question, QuestionType, RespondentRole, Response, ResponseFormat, SurveyVersion


@dataclass(frozen=True)
class ResultsFilter:
    survey_id: int
    event_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    role: RespondentRole | None = None
    language: str | None = None   # the language answered in ("en", "ur", ...); None: all combined
    format: ResponseFormat | None = None  # standard, Easy Read or large print; None: all combined

    @property
    def is_narrowed(self) -> bool:
        return any(value is not None
                   for value in (self.event_id, self.date_from, self.date_to, self.role, self.language, self.format))


def version_ids(survey_id: int) -> Select[tuple[int]]:
    return select(SurveyVersion.id).where(SurveyVersion.survey_id == survey_id)


def question_ids(survey_id: int) -> Select[tuple[int]]:
    """Every question of every version: answers are found through these, which the
    (question_id, choice_id) index on answer serves directly."""
    return select(Question.id).join(SurveyVersion, Question.version_id == SurveyVersion.id).where(
        SurveyVersion.survey_id == survey_id)


def free_text_question_ids(session: Session, survey_id: int) -> list[int]:
    """The survey's free-text questions, as a list of ids rather than a subquery: only
    these answers carry analysis, and a literal list lets PostgreSQL estimate (and use the
    question index for) just those rows instead of every answer of the survey."""
    return list(session.scalars(question_ids(survey_id).where(Question.type == QuestionType.FREE_TEXT)))


def response_conditions(filters: ResultsFilter) -> list[ColumnElement[bool]]:
    """WHERE conditions on Response for the filters (the caller joins Response)."""
    conditions: list[ColumnElement[bool]] = [Response.survey_version_id.in_(version_ids(filters.survey_id))]
    if filters.event_id is not None:
        conditions.append(Response.event_id == filters.event_id)
    if filters.date_from is not None:
        conditions.append(Response.submitted_on >= filters.date_from)
    if filters.date_to is not None:
        conditions.append(Response.submitted_on <= filters.date_to)
    if filters.role is not None:
        conditions.append(Response.respondent_role == filters.role)
    if filters.language is not None:
        conditions.append(Response.language == filters.language)
    if filters.format is not None:
        conditions.append(Response.format == filters.format)
    return conditions
