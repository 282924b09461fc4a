"""Per-event monthly tallies: the per-event daily tallies (event_tallies.py) summed by month.

Comparing projects with service users on the team against the rest sums every event's
tallies, and charts them by month. At 1,000,000 responses the daily rows the two sides read
are about 290,000, and summing them took about 0.25 s of CPU on SQLite (most of the page);
the monthly rows are about 33,000 and take a tenth of that. The project report charts by
week when a month would be too few points, so it keeps reading the daily rows.

They are kept by the same flush hook as the daily rows, after them: a month whose days are
only added to is added to; a month holding a day that was recounted is summed again from
the daily rows.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import Date, ForeignKey, Integer, and_, cast, delete, func, insert, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db

RECOUNT_BATCH = 200      # (event, month) pairs named in one recount's SQL


class EventMonthTally(db.Model):
    __tablename__ = "event_month_tally"

    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)   # the month's first day
    responses: Mapped[int] = mapped_column(Integer)


class EventMonthAnswerTally(db.Model):
    __tablename__ = "event_month_answer_tally"

    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id", ondelete="CASCADE"), primary_key=True)
    answered: Mapped[int] = mapped_column(Integer)
    agreed: Mapped[int] = mapped_column(Integer)


def month_of(day: date) -> date:
    return day.replace(day=1)


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _month_sql(dialect_name: str, day: Any) -> Any:
    """The first day of `day`'s month, in SQL (SQLite keeps a date as 'YYYY-MM-DD' text)."""
    if dialect_name == "postgresql":
        return cast(func.date_trunc("month", day), Date)
    return func.date(day, "start of month")


def fill_months(connection: Any, daily_tables: tuple[Any, Any],
                pairs: set[tuple[int, date]] | None = None) -> None:
    """Sum the daily rows (`daily_tables`: the day and answer tallies, passed in because
    event_tallies imports this module) into the monthly ones: all of them (`pairs` None,
    into empty tables), or only the (event, month) pairs given, whose rows are replaced."""
    day_tally, answer_tally = daily_tables
    name = connection.dialect.name
    if pairs is None:
        batches: list[list[tuple[int, date]] | None] = [None]
    else:
        ordered = sorted(pairs)
        batches = [ordered[start:start + RECOUNT_BATCH] for start in range(0, len(ordered), RECOUNT_BATCH)]
    for batch in batches:
        for daily, monthly, extra in ((day_tally, EventMonthTally, []),
                                      (answer_tally, EventMonthAnswerTally, ["question_id"])):
            where = []
            if batch is not None:
                connection.execute(delete(monthly).where(or_(*[
                    and_(monthly.event_id == event_id, monthly.month == month) for event_id, month in batch])))
                where = [or_(*[and_(daily.event_id == event_id, daily.day >= month, daily.day < _next_month(month))
                               for event_id, month in batch])]
            month = _month_sql(name, daily.day)
            keys = [daily.event_id, month] + [getattr(daily, column) for column in extra]
            counted = [column.name for column in monthly.__table__.columns if not column.primary_key]
            connection.execute(insert(monthly).from_select(
                ["event_id", "month", *extra, *counted],
                select(*keys, *[func.sum(getattr(daily, column)) for column in counted]).where(*where)
                .group_by(*keys)))


def keep_months(connection: Any, day_rows: list[dict], answer_rows: list[dict],
                recount_months: set[tuple[int, date]], daily_tables: tuple[Any, Any]) -> None:
    """Add the new rows to their months, then sum each month holding a recounted day again
    from the days (which replaces what was just added there)."""
    months: Counter[tuple[int, date]] = Counter()
    answers: dict[tuple[int, date, int], list[int]] = defaultdict(lambda: [0, 0])
    for row in day_rows:
        months[(row["event_id"], month_of(row["day"]))] += row["responses"]
    for row in answer_rows:
        cell = answers[(row["event_id"], month_of(row["day"]), row["question_id"])]
        cell[0] += row["answered"]
        cell[1] += row["agreed"]
    if months:
        connection.execute(adding_upsert(connection.dialect.name, EventMonthTally), [
            {"event_id": e, "month": m, "responses": n} for (e, m), n in sorted(months.items())])
    if answers:
        connection.execute(adding_upsert(connection.dialect.name, EventMonthAnswerTally), [
            {"event_id": e, "month": m, "question_id": q, "answered": n, "agreed": a}
            for (e, m, q), (n, a) in sorted(answers.items())])
    if recount_months:
        fill_months(connection, daily_tables, recount_months)


@lru_cache(maxsize=8)
def adding_upsert(dialect_name: str, model: type) -> Any:
    """Add to the row, or make it (built once: every submission runs these)."""
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    table = model.__table__
    statement = dialect.insert(table)
    counted = [column.name for column in table.columns if not column.primary_key]
    return statement.on_conflict_do_update(
        index_elements=[column for column in table.primary_key.columns],
        set_={name: table.c[name] + statement.excluded[name] for name in counted})
