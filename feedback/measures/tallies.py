"""Counting a survey's responses per day into `daily_tally`, and keeping it up to date.

The first read of a survey counts its whole history in four grouped queries; after that
only days marked stale (feedback/models/measures.py marks them as data is stored,
analysed or corrected) are recounted. The caller commits; if another worker recounted the
same days first, the commit fails harmlessly and the caller rolls back and reads theirs.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import and_, delete, func, insert, or_, select
from sqlalchemy.orm import Session

from ..models import (
    Answer,
    AnswerAnalysis,
    AnswerTheme,
    Choice,
    Direction,
    Question,
    QuestionType,
    Response,
    SurveyVersion,
)
from ..models.event_tallies import AGREE_SCORE
from ..models.measures import DailyTally, TallyBuilt, TallyStale

TALLY_METHOD = 1              # raise when what is counted changes: every survey is then recounted
YES_SCORE = 1
COUNTED_QUESTIONS = (QuestionType.AGREEMENT, QuestionType.YES_NO, QuestionType.SCALE_0_10)
THEME_DIRECTIONS = (Direction.BARRIER, Direction.ENABLER)
DAYS_PER_QUERY = 400          # stale days are named in the SQL in batches of this many

Tally = dict[tuple[date, str], list[float]]   # (day, counted) -> [count, amount]


def refresh(session: Session, survey_id: int) -> None:
    """Bring the survey's tallies up to date (the caller commits)."""
    built = session.get(TallyBuilt, survey_id)
    if built is None or built.method != TALLY_METHOD:
        _rebuild(session, survey_id, built)
        return
    marks = stale_marks(session, survey_id)
    if marks:
        recount(session, survey_id, marks)


def stale_marks(session: Session, survey_id: int) -> list[tuple[date, int]]:
    """(day, generation) of each day of the survey waiting to be recounted."""
    return [tuple(row) for row in session.execute(
        select(TallyStale.day, TallyStale.generation).where(TallyStale.survey_id == survey_id))]


def recount(session: Session, survey_id: int, marks: list[tuple[date, int]]) -> None:
    days = sorted({day for day, _ in marks})
    for batch in _batches(days):
        session.execute(delete(DailyTally).where(DailyTally.survey_id == survey_id, DailyTally.day.in_(batch)))
        _store(session, survey_id, count_days(session, survey_id, batch))
    # Only the marks seen: a change made while counting keeps its day stale.
    for start in range(0, len(marks), DAYS_PER_QUERY):
        session.execute(delete(TallyStale).where(TallyStale.survey_id == survey_id, or_(*[
            and_(TallyStale.day == day, TallyStale.generation == generation)
            for day, generation in marks[start:start + DAYS_PER_QUERY]])))


def _rebuild(session: Session, survey_id: int, built: TallyBuilt | None) -> None:
    session.execute(delete(TallyStale).where(TallyStale.survey_id == survey_id))
    session.execute(delete(DailyTally).where(DailyTally.survey_id == survey_id))
    _store(session, survey_id, count_days(session, survey_id, None))
    if built is None:
        session.add(TallyBuilt(survey_id=survey_id, method=TALLY_METHOD))
    else:
        built.method = TALLY_METHOD
    session.flush()


def _batches(days: list[date]) -> Iterable[list[date]]:
    for start in range(0, len(days), DAYS_PER_QUERY):
        yield days[start:start + DAYS_PER_QUERY]


def _store(session: Session, survey_id: int, tally: Tally) -> None:
    rows = [{"survey_id": survey_id, "day": day, "counted": counted, "count": int(count), "amount": amount}
            for (day, counted), (count, amount) in tally.items()]
    for start in range(0, len(rows), 5000):
        session.execute(insert(DailyTally), rows[start:start + 5000])


def count_days(session: Session, survey_id: int, days: list[date] | None) -> Tally:
    """Everything counted for the survey on `days` (every day when None), grouped in SQL."""
    versions = select(SurveyVersion.id).where(SurveyVersion.survey_id == survey_id)
    where: list[Any] = [Response.survey_version_id.in_(versions)]
    if days is not None:
        where.append(Response.submitted_on.in_(days))
    tally: Tally = defaultdict(lambda: [0, 0.0])

    def add(day: date, counted: str, count: int, amount: float = 0.0) -> None:
        cell = tally[(day, counted)]
        cell[0] += count
        cell[1] += amount

    for day, channel, role, count in session.execute(
            select(Response.submitted_on, Response.channel, Response.respondent_role, func.count())
            .where(*where).group_by(Response.submitted_on, Response.channel, Response.respondent_role)):
        add(day, "responses", count)
        add(day, f"channel:{channel.value}", count)
        add(day, f"role:{role.value}", count)
    _count_choices(session, survey_id, where, add)
    for day, count in session.execute(
            select(Response.submitted_on, func.count())
            .select_from(AnswerAnalysis).join(Answer, Answer.id == AnswerAnalysis.answer_id)
            .join(Response, Response.id == Answer.response_id).where(*where).group_by(Response.submitted_on)):
        add(day, "written", count)
    for day, direction, theme_id, count in session.execute(
            select(Response.submitted_on, AnswerAnalysis.direction, AnswerTheme.theme_id, func.count())
            .select_from(AnswerTheme).join(AnswerAnalysis, AnswerAnalysis.answer_id == AnswerTheme.answer_id)
            .join(Answer, Answer.id == AnswerTheme.answer_id).join(Response, Response.id == Answer.response_id)
            .where(AnswerTheme.removed.is_(False), AnswerAnalysis.direction.in_(THEME_DIRECTIONS), *where)
            .group_by(Response.submitted_on, AnswerAnalysis.direction, AnswerTheme.theme_id)):
        add(day, f"theme:{Direction(direction).value}:{theme_id}", count)
    return tally


def _count_choices(session: Session, survey_id: int, where: list[Any], add: Any) -> None:
    """Answers to agreement, yes/no and 0-10 questions, by the question's key: how many
    answered, and how many agreed (said yes; or the sum of the scores)."""
    questions = dict(session.execute(
        select(Question.id, Question.key).join(SurveyVersion, SurveyVersion.id == Question.version_id)
        .where(SurveyVersion.survey_id == survey_id, Question.type.in_(COUNTED_QUESTIONS))).all())
    if not questions:
        return
    types = dict(session.execute(select(Question.id, Question.type).where(Question.id.in_(list(questions)))).all())
    scores = dict(session.execute(select(Choice.id, Choice.score).where(Choice.question_id.in_(list(questions)))).all())
    for day, question_id, choice_id, count in session.execute(
            select(Response.submitted_on, Answer.question_id, Answer.choice_id, func.count())
            .join(Response, Response.id == Answer.response_id)
            .where(Answer.question_id.in_(list(questions)), Answer.choice_id.is_not(None), *where)
            .group_by(Response.submitted_on, Answer.question_id, Answer.choice_id)):
        score = scores.get(choice_id)
        if score is None:
            continue
        kind = types[question_id]
        amount = (count if score >= AGREE_SCORE else 0) if kind is QuestionType.AGREEMENT \
            else (count if score == YES_SCORE else 0) if kind is QuestionType.YES_NO else count * score
        add(day, f"{kind.value}:{questions[question_id]}", count, amount)


def read(session: Session, survey_id: int, prefixes: tuple[str, ...] = ()) -> list[tuple[date, str, int, float]]:
    """The survey's tallies: (day, counted, count, amount), optionally only some kinds."""
    query = select(DailyTally.day, DailyTally.counted, DailyTally.count, DailyTally.amount).where(
        DailyTally.survey_id == survey_id)
    if prefixes:
        query = query.where(or_(*[DailyTally.counted.startswith(prefix) for prefix in prefixes]))
    return [tuple(row) for row in session.execute(query)]


def read_fresh(session: Session, survey_id: int) -> list[tuple[date, str, int, float]]:
    """Like `read`, but with stale days counted afresh in memory: nothing is written."""
    stale = {day for day, _ in stale_marks(session, survey_id)}
    rows = [row for row in read(session, survey_id) if row[0] not in stale]
    for batch in _batches(sorted(stale)):
        rows += [(day, counted, int(count), amount)
                 for (day, counted), (count, amount) in count_days(session, survey_id, batch).items()]
    return rows
