"""Per-event daily tallies: each event's responses per day, and its answers to agreement
questions per day and question (how many answered, how many agreed).

Comparing projects with service users on the team against the rest reads every event; at
1,000,000 responses, counting their answers on each view took 14 s on PostgreSQL and 89 s on
SQLite. These rows are kept in the same transaction as the rows they count, by a flush hook,
so every path through the ORM (online, paper, kiosk, analysis, tests) keeps them:

- a new response adds one to its event's day; a new answer to an agreement question adds one
  answered, and one agreed if its choice scores AGREE_SCORE or more (concurrent submissions
  add with an upsert, so none is lost);
- any other change to a response or an answer (changed or deleted) recounts, from the rows,
  each (event, day) it was in before and is in after;
- deleting an event or a question deletes its tallies (the foreign keys cascade).

The same hook keeps their sums by month (event_month_tallies.py), which the compare page reads.

SQL that bypasses the ORM (bulk inserts or updates, a restore) is not seen:
`flask --app wsgi rebuild-tallies` counts everything again, and so does the first read when
they were never built (`EventTallyBuilt` missing, as in a database made by create_all).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Integer,
    and_,
    case,
    delete,
    event,
    func,
    insert,
    inspect,
    or_,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.orm.util import identity_key

from ..extensions import db
from .event_month_tallies import (
    EventMonthAnswerTally,
    EventMonthTally,
    adding_upsert,
    fill_months,
    keep_months,
    month_of,
)
from .responses import Answer, Response
from .surveys import Choice, Question
from .types import QuestionType, utcnow

AGREE_SCORE = 4          # "Agree" and "Strongly agree" on the five-point scale
EVENT_TALLY_METHOD = 2   # raise when what is counted changes: the next read rebuilds them all (2: by month too)
RECOUNT_BATCH = 200      # (event, day) pairs named in one recount's SQL


class EventDayTally(db.Model):
    __tablename__ = "event_day_tally"

    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    responses: Mapped[int] = mapped_column(Integer)


class EventAnswerTally(db.Model):
    __tablename__ = "event_answer_tally"

    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id", ondelete="CASCADE"), primary_key=True)
    answered: Mapped[int] = mapped_column(Integer)
    agreed: Mapped[int] = mapped_column(Integer)


class EventTallyBuilt(db.Model):
    """One row once the event tallies have been counted in full (after that, kept up to date)."""
    __tablename__ = "event_tally_built"

    id: Mapped[int] = mapped_column(primary_key=True)
    method: Mapped[int] = mapped_column(Integer, default=EVENT_TALLY_METHOD)
    built_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


def _day_counts(*where: Any) -> Any:
    return (select(Response.event_id, Response.submitted_on, func.count())
            .where(Response.event_id.is_not(None), *where).group_by(Response.event_id, Response.submitted_on))


def _answer_counts(*where: Any) -> Any:
    return (select(Response.event_id, Response.submitted_on, Answer.question_id, func.count(),
                   func.coalesce(func.sum(case((Choice.score >= AGREE_SCORE, 1), else_=0)), 0))
            .select_from(Answer).join(Response, Response.id == Answer.response_id)
            .join(Question, Question.id == Answer.question_id).join(Choice, Choice.id == Answer.choice_id)
            .where(Response.event_id.is_not(None), Question.type == QuestionType.AGREEMENT, *where)
            .group_by(Response.event_id, Response.submitted_on, Answer.question_id))


def _fill(connection: Any, *where: Any) -> None:
    connection.execute(insert(EventDayTally).from_select(["event_id", "day", "responses"], _day_counts(*where)))
    connection.execute(insert(EventAnswerTally).from_select(
        ["event_id", "day", "question_id", "answered", "agreed"], _answer_counts(*where)))


def rebuild(session: Session) -> None:
    """Count every event's tallies again from the responses (the caller commits)."""
    connection = session.connection()
    for table in (EventMonthAnswerTally, EventMonthTally, EventAnswerTally, EventDayTally):
        connection.execute(delete(table))
    _fill(connection)
    fill_months(connection, (EventDayTally, EventAnswerTally))
    connection.execute(delete(EventTallyBuilt))
    connection.execute(insert(EventTallyBuilt).values(id=1, method=EVENT_TALLY_METHOD))


def ensure_built(session: Session) -> bool:
    """Build the tallies if they never were (or were counted another way); True if it did."""
    if session.scalar(select(EventTallyBuilt.method).where(EventTallyBuilt.id == 1)) == EVENT_TALLY_METHOD:
        return False
    rebuild(session)
    return True


def recount(connection: Any, pairs: set[tuple[int, date]]) -> None:
    """Count the (event, day) pairs again from the rows as they are now in this transaction."""
    ordered = sorted(pairs)
    for start in range(0, len(ordered), RECOUNT_BATCH):
        batch = ordered[start:start + RECOUNT_BATCH]
        for table in (EventAnswerTally, EventDayTally):
            connection.execute(delete(table).where(or_(*[and_(table.event_id == event_id, table.day == day)
                                                         for event_id, day in batch])))
        _fill(connection, or_(*[and_(Response.event_id == event_id, Response.submitted_on == day)
                                for event_id, day in batch]))


_BEFORE = "event_tallies.before"   # session.info key: (event, day) pairs of rows about to change


@event.listens_for(Session, "before_flush")
def _note_pairs_before(session: Session, _context: Any, _instances: Any) -> None:
    """Where the responses and answers about to change or go were counted (read now: after
    the flush a deleted row can no longer be asked)."""
    response_ids, answer_ids = _changed_rows(session)
    session.info[_BEFORE] = _pairs_in_database(session, response_ids, answer_ids) \
        if response_ids or answer_ids else set()


@event.listens_for(Session, "after_flush")
def _keep_tallies(session: Session, _context: Any) -> None:
    recount_pairs: set[tuple[int, date]] = session.info.pop(_BEFORE, set())
    response_ids, answer_ids = _changed_rows(session, deleted=False)
    if response_ids or answer_ids:
        recount_pairs |= _pairs_in_database(session, response_ids, answer_ids)
    days: Counter[tuple[int, date]] = Counter()
    new_answers = []
    for row in session.new:
        if isinstance(row, Response) and row.event_id is not None and row.submitted_on is not None:
            days[(row.event_id, row.submitted_on)] += 1
        elif isinstance(row, Answer) and row.choice_id is not None:
            new_answers.append(row)
    agreement = _agreement_answers(session, new_answers) if new_answers else []
    add_counts(session.connection(), days, agreement, recount_pairs)


def agreed(score: int | None) -> int:
    """1 if an agreement answer with this choice's score counts as agreeing, else 0."""
    return int(score is not None and score >= AGREE_SCORE)


def add_counts(connection: Any, days: Counter[tuple[int, date]], agreement: Iterable[tuple[int, date, int, int]],
               recount_pairs: set[tuple[int, date]] = frozenset()) -> None:
    """Add new responses per (event, day) and new agreement answers, each (event, day,
    question, agreed), then count the `recount_pairs` again, and keep the months.
    The flush hook calls this, and so does a submission written without the ORM
    (responses/inserting.py), which must keep them the same way."""
    answers: dict[tuple[int, date, int], list[int]] = defaultdict(lambda: [0, 0])
    for event_id, day, question_id, agrees in agreement:
        cell = answers[(event_id, day, question_id)]
        cell[0] += 1
        cell[1] += agrees
    # A pair being recounted counts its new rows too.
    day_rows = [{"event_id": e, "day": d, "responses": n} for (e, d), n in sorted(days.items())
                if (e, d) not in recount_pairs]
    answer_rows = [{"event_id": e, "day": d, "question_id": q, "answered": n, "agreed": a}
                   for (e, d, q), (n, a) in sorted(answers.items()) if (e, d) not in recount_pairs]
    if day_rows:
        connection.execute(adding_upsert(connection.dialect.name, EventDayTally), day_rows)
    if answer_rows:
        connection.execute(adding_upsert(connection.dialect.name, EventAnswerTally), answer_rows)
    if recount_pairs:
        recount(connection, recount_pairs)
    keep_months(connection, day_rows, answer_rows, {(e, month_of(d)) for e, d in recount_pairs},
                (EventDayTally, EventAnswerTally))


def _changed_rows(session: Session, *, deleted: bool = True) -> tuple[set[int], set[int]]:
    """Ids of stored responses and answers whose counted columns this flush changes (and,
    with `deleted`, of those it deletes). New rows are not here: they are added, not recounted."""
    response_ids, answer_ids = set(), set()
    gone = list(session.deleted) if deleted else []
    for row in gone:
        if isinstance(row, Response):
            response_ids.add(row.id)
        elif isinstance(row, Answer):
            answer_ids.add(row.id)
    for row in session.dirty:
        # A response's answers list counts too: an answer taken out of it is deleted as an orphan.
        if isinstance(row, Response) and _changed(row, ("event_id", "submitted_on", "answers")):
            response_ids.add(row.id)
        elif isinstance(row, Answer) and _changed(row, ("response_id", "question_id", "choice_id")):
            answer_ids.add(row.id)
    response_ids.discard(None)
    answer_ids.discard(None)
    return response_ids, answer_ids


def _changed(row: Any, columns: tuple[str, ...]) -> bool:
    state = inspect(row)
    return any(state.attrs[column].history.has_changes() for column in columns)


def _pairs_in_database(session: Session, response_ids: set[int], answer_ids: set[int]) -> set[tuple[int, date]]:
    connection = session.connection()
    pairs: set[tuple[int, date]] = set()
    if answer_ids:
        response_ids = response_ids | set(connection.execute(
            select(Answer.response_id).where(Answer.id.in_(answer_ids))).scalars())
    if response_ids:
        pairs |= {tuple(row) for row in connection.execute(
            select(Response.event_id, Response.submitted_on).where(
                Response.id.in_(response_ids), Response.event_id.is_not(None)))}
    return pairs


def _agreement_answers(session: Session, answers: list[Answer]) -> list[tuple[int, date, int, int]]:
    """(event, day, question, 1 if agreed else 0) of each new answer to an agreement question
    on a response with an event. What the session holds already is not asked again: a
    submission's response, questions and choices usually are."""
    where_of: dict[int, tuple[int | None, date | None]] = {}
    kind_of: dict[int, Any] = {}
    score_of: dict[int, int | None] = {}
    # New rows join the identity map only after this hook: look in the flush's own rows too.
    new_responses = {row.id: row for row in session.new if isinstance(row, Response)}
    for answer in answers:
        response = answer.__dict__.get("response") or new_responses.get(answer.response_id) \
            or _held(session, Response, answer.response_id)
        if response is not None and "event_id" in response.__dict__ and "submitted_on" in response.__dict__:
            where_of[answer.response_id] = (response.event_id, response.submitted_on)
        question = _held(session, Question, answer.question_id)
        if question is not None and "type" in question.__dict__:
            kind_of[answer.question_id] = question.type
        choice = _held(session, Choice, answer.choice_id)
        if choice is not None and "score" in choice.__dict__:
            score_of[answer.choice_id] = choice.score
    connection = session.connection()
    missing = {a.response_id for a in answers} - set(where_of)
    if missing:
        where_of |= {row[0]: (row[1], row[2]) for row in connection.execute(
            select(Response.id, Response.event_id, Response.submitted_on).where(Response.id.in_(missing)))}
    missing = {a.question_id for a in answers} - set(kind_of)
    if missing:
        kind_of |= dict(connection.execute(select(Question.id, Question.type).where(Question.id.in_(missing))).all())
    missing = {a.choice_id for a in answers} - set(score_of)
    if missing:
        score_of |= dict(connection.execute(select(Choice.id, Choice.score).where(Choice.id.in_(missing))).all())
    found = []
    for answer in answers:
        event_id, day = where_of.get(answer.response_id, (None, None))
        if event_id is None or day is None or kind_of.get(answer.question_id) is not QuestionType.AGREEMENT \
                or answer.choice_id not in score_of:
            continue
        found.append((event_id, day, answer.question_id, agreed(score_of[answer.choice_id])))
    return found


def _held(session: Session, model: type, row_id: int | None) -> Any:
    return None if row_id is None else session.identity_map.get(identity_key(model, row_id))
