"""Measures over time: the daily tallies charts are read from, and organisers' own measures.

`DailyTally` is a cache of the responses: one row per survey, day and thing counted,
so a chart over three years reads a few thousand rows instead of millions of answers.
Whenever a response, answer, analysis or theme tag is added, changed or removed, its
survey and day are marked stale (`TallyStale`) in the same transaction; the next page that
reads the tallies recounts just those days (feedback/measures/tallies.py).
"""
from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Date, DateTime, Float, ForeignKey, Integer, String, Text, event, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship
from sqlalchemy.orm.util import identity_key

from ..extensions import db
from ..measures.spc import Improvement
from .analysis import AnswerAnalysis, AnswerTheme
from .responses import Answer, Response
from .surveys import Survey, SurveyVersion
from .types import enum_column, utcnow


class DailyTally(db.Model):
    __tablename__ = "daily_tally"

    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    # What is counted: "responses", "channel:online", "role:carer", "written" (analysed
    # written answers), "theme:barrier:<theme id>", and "<question type>:<question key>"
    # for agreement, yes_no and scale_0_10 questions.
    counted: Mapped[str] = mapped_column(String(120), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)          # responses, answers or mentions
    amount: Mapped[float] = mapped_column(Float, default=0)  # agreed, yes, or the sum of 0-10 scores


class TallyStale(db.Model):
    """A day of a survey whose tallies must be recounted. `generation` goes up on every
    change, so a recount only clears the mark if nothing changed while it counted."""
    __tablename__ = "tally_stale"

    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    generation: Mapped[int] = mapped_column(Integer, default=1)


class TallyBuilt(db.Model):
    """The survey's tallies have been counted in full once (after that, stale days only)."""
    __tablename__ = "tally_built"

    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), primary_key=True)
    built_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    method: Mapped[int] = mapped_column(Integer, default=1)  # TALLY_METHOD when built: a new count rebuilds


class OrganiserMeasure(db.Model):
    """A measure an organiser added from one agreement, yes/no or 0-10 question of a survey."""
    __tablename__ = "organiser_measure"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    question_key: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(200))
    improvement: Mapped[Improvement] = mapped_column(enum_column(Improvement), default=Improvement.INCREASE)
    target: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    survey: Mapped[Survey] = relationship()
    change_dates: Mapped[list[MeasureChange]] = relationship(
        back_populates="measure", order_by="MeasureChange.changed_on", cascade="all, delete-orphan")


class MeasureChange(db.Model):
    """A change to how things are done (a new way of running events, say): the chart's
    limits are recalculated from the first period after it."""
    __tablename__ = "measure_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("organiser_measure.id", ondelete="CASCADE"), index=True)
    changed_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    measure: Mapped[OrganiserMeasure] = relationship(back_populates="change_dates")


@event.listens_for(Session, "after_flush")
def _mark_tallies_stale(session: Session, _context: Any) -> None:
    """Mark the (survey, day) of every response whose counted data this flush touched.

    The rows a submission writes are usually all in the session already (the response, its
    answers, their version), so they are looked up there first; the database is asked only
    for the rest.
    """
    changed = [*session.new, *session.dirty, *session.deleted]
    if not changed:
        return
    # New rows join the identity map only after this hook: look in the flush's own rows too.
    flushed = {(type(row), row.__dict__.get("id")): row for row in changed if isinstance(row, (Response, Answer))}
    versions: set[tuple[int, date]] = set()   # (survey version, day) of responses
    response_ids: set[int] = set()
    answer_ids: set[int] = set()
    for row in changed:
        if isinstance(row, Response):
            if row.survey_version_id is not None and row.submitted_on is not None:
                versions.add((row.survey_version_id, row.submitted_on))
        elif isinstance(row, Answer):
            if row.response_id is not None:
                response_ids.add(row.response_id)
        elif isinstance(row, (AnswerAnalysis, AnswerTheme)):
            if row.answer_id is not None:
                answer_ids.add(row.answer_id)
    if not (versions or response_ids or answer_ids):
        return
    for answer_id in list(answer_ids):
        answer_response = _loaded(session, flushed, Answer, answer_id, "response_id")
        if answer_response is not None:
            answer_ids.discard(answer_id)
            response_ids.add(answer_response)
    for response_id in list(response_ids):
        version_id = _loaded(session, flushed, Response, response_id, "survey_version_id")
        day = _loaded(session, flushed, Response, response_id, "submitted_on")
        if version_id is not None and day is not None:
            response_ids.discard(response_id)
            versions.add((version_id, day))
    connection = session.connection()
    days: set[tuple[int, date]] = set()
    if versions:
        survey_of = {version: survey for version in {version for version, _ in versions}
                     if (survey := _loaded(session, flushed, SurveyVersion, version, "survey_id")) is not None}
        missing = {version for version, _ in versions} - set(survey_of)
        if missing:
            survey_of |= dict(connection.execute(select(SurveyVersion.id, SurveyVersion.survey_id).where(
                SurveyVersion.id.in_(missing))).all())
        days |= {(survey_of[version], day) for version, day in versions if version in survey_of}
    if answer_ids:
        response_ids |= set(connection.execute(select(Answer.response_id).where(Answer.id.in_(answer_ids))).scalars())
    if response_ids:
        days |= set(connection.execute(
            select(SurveyVersion.survey_id, Response.submitted_on)
            .join(SurveyVersion, SurveyVersion.id == Response.survey_version_id)
            .where(Response.id.in_(response_ids)).distinct()).all())
    if days:
        mark_stale(connection, days)


def _loaded(session: Session, flushed: dict[tuple[type, Any], Any], model: type, row_id: int, column: str) -> Any:
    """The column's value on the row as this session holds it after the flush, or None when
    the row is not in the session or the value is not loaded (the database then answers)."""
    row = flushed.get((model, row_id)) or session.identity_map.get(identity_key(model, row_id))
    return None if row is None else row.__dict__.get(column)


def mark_stale(connection: Any, days: set[tuple[int, date]]) -> None:
    """Insert, or bump the generation of, each (survey, day)'s stale mark (in order, so two
    transactions take the rows' locks in the same order)."""
    connection.execute(_stale_upsert(connection.dialect.name),
                       [{"survey_id": survey, "day": day} for survey, day in sorted(days)])


@lru_cache(maxsize=4)
def _stale_upsert(dialect_name: str) -> Any:
    # Built once: every submission runs it, and building it cost more than running it.
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    table = TallyStale.__table__
    return dialect.insert(table).values(generation=1).on_conflict_do_update(
        index_elements=[table.c.survey_id, table.c.day], set_={"generation": table.c.generation + 1})
