"""Exports of raw responses: one row per response, one column per question, plus the analysis.

Rows are pivoted in SQL (one GROUP BY per page of 1,000 response ids), so a big survey
streams without holding its answers in memory. Every text cell is made inert for spreadsheets.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from sqlalchemy import Select, String, case, cast, func, select, type_coerce
from sqlalchemy.orm import Session

from ..models import (
    Answer, AnswerAnalysis, AnswerTheme, Event, QuestionType, Response, SurveyVersion, Theme,
)
from .filters import ResultsFilter, response_conditions
from .results import SurveyQuestion, survey_questions

PAGE_SIZE = 1000  # ids per query: well inside every database's limit on bound parameters
JOIN = "; "
# A cell starting with one of these can run as a formula in Excel, LibreOffice or Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FIXED_HEADINGS = ["Response", "Date", "Survey version", "Event", "Respondent role", "Channel"]

Row = list[Any]


def neutralise(value: Any) -> Any:
    """Make text inert in a spreadsheet: prefix a would-be formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class ResponseExport:
    """The headings and rows of one survey's responses under some filters."""

    def __init__(self, session: Session, filters: ResultsFilter) -> None:
        self.session = session
        self.filters = filters
        self.questions = survey_questions(session, filters.survey_id)

    def headings(self) -> list[str]:
        headings = list(FIXED_HEADINGS)
        for question in self.questions:
            headings.append(f"{question.key}: {question.prompt}")
            if question.type is QuestionType.FREE_TEXT:
                headings += [f"{question.key}: sentiment", f"{question.key}: themes"]
        return headings

    def rows(self) -> Iterator[Row]:
        """Rows in response order, a page at a time.

        The matching ids are read first (from an index) and each page is asked for by id:
        paging with "id > last ... LIMIT" made SQLite walk the survey's whole index for
        every page.
        """
        ids = list(self.session.scalars(
            select(Response.id).where(*response_conditions(self.filters)).order_by(Response.id)))
        decode = self._decoders()
        theme_columns = [index for index, convert in enumerate(decode) if convert is _THEMES]
        for start in range(0, len(ids), PAGE_SIZE):
            # Core rows straight from the connection: the ORM's per-row work doubled the time.
            page = self.session.connection().execute(self._page_query(ids[start:start + PAGE_SIZE])).all()
            names = self._theme_names([row[7 + index] for row in page for index in theme_columns])
            for row in page:
                yield [*row[1:7]] + [
                    names.get(value, "") if convert is _THEMES and value is not None else convert(value)
                    for convert, value in zip(decode, row[7:])]

    def _theme_names(self, answer_ids: list[int | None]) -> dict[int, str]:
        """Theme names per answer for one page, looked up by answer id (an index look-up on
        both databases; joined into the pivot, PostgreSQL scanned every tag per page)."""
        wanted = [answer_id for answer_id in answer_ids if answer_id is not None]
        if not wanted:
            return {}
        names: dict[int, list[str]] = {}
        for answer_id, name in self.session.execute(
            select(AnswerTheme.answer_id, Theme.name).join(Theme, AnswerTheme.theme_id == Theme.id)
            .where(AnswerTheme.answer_id.in_(wanted), AnswerTheme.removed.is_(False)).order_by(Theme.name)
        ):
            names.setdefault(answer_id, []).append(name)
        return {answer_id: JOIN.join(found) for answer_id, found in names.items()}

    def _decoders(self) -> list[Any]:
        """How to turn each pivoted column into a cell: choice ids become their labels."""
        label_of = {choice_id: {choice.value: choice.label for choice in question.choices}[value]
                    for question in self.questions for choice_id, value in question.choice_values.items()}

        def one(value: Any) -> Any:
            return label_of.get(value) if value is not None else None

        def several(value: Any) -> Any:
            if not value:
                return None
            return JOIN.join(sorted(label_of[int(item)] for item in str(value).split(",")))

        decoders: list[Any] = []
        for question in self.questions:
            if question.type is QuestionType.FREE_TEXT:
                decoders += [_same, _same, _THEMES]
            else:
                decoders.append(several if question.type is QuestionType.MULTIPLE_CHOICE else one)
        return decoders

    def _page_query(self, ids: list[int]) -> Select:
        columns: list[Any] = []
        for question in self.questions:
            columns += _question_columns(question)
        return (
            # Enums as their stored text (type_coerce): no enum objects made and unmade per cell.
            select(Response.id, Response.public_id, Response.submitted_on, SurveyVersion.number, Event.name,
                   type_coerce(Response.respondent_role, String), type_coerce(Response.channel, String), *columns)
            .join(SurveyVersion, Response.survey_version_id == SurveyVersion.id)
            .outerjoin(Event, Response.event_id == Event.id)
            .outerjoin(Answer, Answer.response_id == Response.id)
            .outerjoin(AnswerAnalysis, AnswerAnalysis.answer_id == Answer.id)
            # The list picks the filtered responses; the range (which the list lies in) is
            # what PostgreSQL's planner can estimate.
            .where(Response.id.in_(ids), Response.id.between(ids[0], ids[-1]))
            .group_by(Response.id, Response.public_id, Response.submitted_on, SurveyVersion.number, Event.name,
                      Response.respondent_role, Response.channel)
            .order_by(Response.id)
        )


def _question_columns(question: SurveyQuestion) -> list[Any]:
    """Pivot one question into its column(s). Choices come back as ids (no join to the
    choice table per answer) and are turned into labels in Python."""
    answers_it = (Answer.question_id == question.question_ids[0] if len(question.question_ids) == 1
                  else Answer.question_id.in_(question.question_ids))
    if question.type is QuestionType.MULTIPLE_CHOICE:
        return [func.aggregate_strings(case((answers_it, cast(Answer.choice_id, String))), ",")]
    if question.type is QuestionType.FREE_TEXT:
        return [func.max(case((answers_it, Answer.text))),
                func.max(case((answers_it, type_coerce(AnswerAnalysis.sentiment, String)))),
                func.max(case((answers_it, Answer.id)))]   # its themes are looked up per page
    return [func.max(case((answers_it, Answer.choice_id)))]


def _same(value: Any) -> Any:
    return value


def _THEMES(value: Any) -> Any:  # noqa: N802  (a marker: the column holds an answer id)
    return value


def csv_lines(headings: list[str], rows: Iterable[Row]) -> Iterator[str]:
    """CSV text a few hundred rows at a time, starting with a byte-order mark so Excel
    reads it as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow([neutralise(heading) for heading in headings])
    for number, row in enumerate(rows, start=1):
        writer.writerow(["" if value is None else neutralise(_csv_value(value)) for value in row])
        if number % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _csv_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def write_xlsx(headings: list[str], rows: Iterable[Row], target: IO[bytes], *, sheet_title: str = "Responses") -> int:
    """Write an XLSX workbook in openpyxl's write-only (streaming) mode; return the row count.

    Text is neutralised and stripped of characters XLSX cannot hold, so every text cell
    is a plain string cell (data type "s"), never a formula.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title[:31])
    sheet.append([_xlsx_text(heading) for heading in headings])
    count = 0
    for row in rows:
        sheet.append([_xlsx_text(value) if isinstance(value, str) else value for value in row])
        count += 1
    workbook.save(target)
    return count


def _xlsx_text(value: str) -> str:
    return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
