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

from sqlalchemy import Connection, Select, String, bindparam, cast, func, select, type_coerce
from sqlalchemy.orm import Session

from ..analysis.risk_categories import categories_label
from ..models import (
    Answer,
    AnswerAnalysis,
    AnswerTheme,
    Event,
    FlagState,
    QuestionType,
    Response,
    SafeguardingFlag,
    SurveyVersion,
    Theme,
)
from . import xlsx
from .filters import ResultsFilter, response_conditions
from .results import SurveyQuestion, survey_questions

PAGE_SIZE = 1000  # ids per query: well inside every database's limit on bound parameters
RANGE_SLACK = 16  # read the analysis by a range of answer ids when it holds at most this many per wanted answer
JOIN = "; "
NOT_ANALYSED = (None, "")  # a written answer's sentiment and themes before it is analysed
# A cell starting with one of these can run as a formula in Excel, LibreOffice or Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Format: standard, easy_read or large_print; empty for a response from before it was recorded.
FIXED_HEADINGS = ["Response", "Date", "Survey version", "Event", "Respondent role", "Channel", "Format"]
FLAG_HEADING = "Safeguarding flag"
FLAG_STATE_WORDS = {FlagState.OPEN: "Waiting to be handled", FlagState.HANDLED: "Handled",
                    FlagState.UNFLAGGED: "Unflagged (false alarm)"}
XLSX_MAX_ROWS = 1_048_576 - 1  # Excel's last row, less the heading row

Row = list[Any]


def neutralise(value: Any) -> Any:
    """Make text inert in a spreadsheet: prefix a would-be formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class ResponseExport:
    """The headings and rows of one survey's responses under some filters."""

    def __init__(self, session: Session, filters: ResultsFilter, *, with_flags: bool = False) -> None:
        """`with_flags` adds a last column with each response's safeguarding flags and
        their state: only for the roles that may see flags."""
        self.session = session
        self.filters = filters
        self.with_flags = with_flags
        self.questions = survey_questions(session, filters.survey_id)

    def headings(self) -> list[str]:
        headings = list(FIXED_HEADINGS)
        for question in self.questions:
            headings.append(f"{question.key}: {question.prompt}")
            if question.type is QuestionType.FREE_TEXT:
                headings += [f"{question.key}: sentiment", f"{question.key}: themes"]
        if self.with_flags:
            headings.append(FLAG_HEADING)
        return headings

    def count(self) -> int:
        """How many responses the export holds."""
        return self.session.scalar(select(func.count(Response.id)).where(*response_conditions(self.filters))) or 0

    def rows(self) -> Iterator[Row]:
        """Rows by day and then in no telling order, a page at a time.

        The matching ids are read first (from an index) and each page is asked for by id:
        paging with "id > last ... LIMIT" made SQLite walk the survey's whole index for
        every page.
        """
        # By day, then by the random export id: submission order (the id) would let someone
        # who knows when a person answered pick out their row.
        ids = list(self.session.scalars(
            select(Response.id).where(*response_conditions(self.filters))
            .order_by(Response.submitted_on, Response.export_id)))
        layout = _Layout(self.questions)
        versions = dict(self.session.execute(
            select(SurveyVersion.id, SurveyVersion.number).where(SurveyVersion.survey_id == self.filters.survey_id)).all())
        events = dict(self.session.execute(select(Event.id, Event.name)).all())
        # Core rows straight from the connection: the ORM's per-row work doubled the time.
        connection = self.session.connection()
        # Built once (with expanding parameters for the list), so each page is a cached
        # statement: built per page with the ids inline, compiling took a tenth of the time.
        exact_range = self._page_query("range")
        # A page that is not a run of consecutive ids is asked for by its list of ids: rows go
        # by day and then by random export id, so a page is a scattering of its days' ids and
        # the filters over its id range would also match the responses of other pages.
        scattered = self._page_query("list")
        analysis = _Analysis(connection)
        flags = self._flags() if self.with_flags else None
        for start in range(0, len(ids), PAGE_SIZE):
            page_ids = ids[start:start + PAGE_SIZE]
            # A page is mostly one day's responses, so its ids lie close together.
            bounds = {"first": min(page_ids), "last": max(page_ids)}
            if bounds["last"] - bounds["first"] + 1 == len(page_ids):
                # No other response lies between the first and the last: the range alone
                # picks the page, with no list of ids to send (the usual case for a
                # survey's whole export, when no other survey had answers in between).
                page = connection.execute(exact_range, bounds).all()
            else:
                page = connection.execute(scattered, {"ids": page_ids, **bounds}).all()
            place = {response_id: position for position, response_id in enumerate(page_ids)}
            page.sort(key=lambda record: place[record[0]])
            analyses = analysis.of([record[position + 1] for record in page for position, _ in layout.texts
                                    if record[position + 1] is not None])
            for record in page:
                # record: id, export id, date, version id, event id, role, channel, format, the
                # chosen choice ids ("12,40,41"), then each free-text answer's text and id.
                row = [record[1], record[2], versions[record[3]], events.get(record[4]), record[5], record[6],
                       record[7], *layout.blank]
                if record[8]:
                    layout.place_choices(row, record[8])
                for position, column in layout.texts:
                    answer_id = record[position + 1]
                    if answer_id is not None:
                        row[column] = record[position]
                        row[column + 1], row[column + 2] = analyses.get(answer_id, NOT_ANALYSED)
                if flags is not None:
                    row.append(flags.get(record[0], ""))
                yield row

    def _flags(self) -> dict[int, str]:
        """Response id -> its flags in words ("Waiting to be handled: Self-harm"). Flags are
        few, so the survey's are read at once rather than per page."""
        question_ids = [qid for question in self.questions for qid in question.question_ids]
        found: dict[int, list[str]] = {}
        for response_id, flag in self.session.execute(
                select(Answer.response_id, SafeguardingFlag).join(Answer, Answer.id == SafeguardingFlag.answer_id)
                .where(Answer.question_id.in_(question_ids)).order_by(SafeguardingFlag.id)):
            found.setdefault(response_id, []).append(
                f"{FLAG_STATE_WORDS[flag.state]}: {categories_label(flag.category_keys)}")
        return {response_id: JOIN.join(texts) for response_id, texts in found.items()}

    def _page_conditions(self, pick: str) -> list[Any]:
        """Which responses a page holds, within its id range: all of them ("range", when the
        page's ids are consecutive) or its list of ids ("list")."""
        if pick == "range":
            return []
        return [Response.id.in_(bindparam("ids", expanding=True))]

    def _page_query(self, pick: str) -> Select:
        # Every chosen choice in one column: a choice's id says which question it answers,
        # and one aggregate instead of one per question took a sixth off the query. Each
        # free-text answer is its own pair of columns, with FILTER (SQLite 3.30+,
        # PostgreSQL): the aggregate then skips other questions' answers rather than being
        # fed a NULL for each, as it would be over CASE.
        columns: list[Any] = [func.aggregate_strings(cast(Answer.choice_id, String), ",")]
        for question in self.questions:
            if question.type is QuestionType.FREE_TEXT:
                answers_it = (Answer.question_id == question.question_ids[0] if len(question.question_ids) == 1
                              else Answer.question_id.in_(question.question_ids))
                columns += [func.max(Answer.text).filter(answers_it), func.max(Answer.id).filter(answers_it)]
        # The version and event come as ids, turned into number and name in Python: joining
        # their tables (and grouping by their columns) was a quarter of the query's time.
        return (
            # Enums as their stored text (type_coerce): no enum objects made and unmade per cell.
            select(Response.id, Response.export_id, Response.submitted_on, Response.survey_version_id,
                   Response.event_id, type_coerce(Response.respondent_role, String),
                   type_coerce(Response.channel, String), type_coerce(Response.format, String), *columns)
            .outerjoin(Answer, Answer.response_id == Response.id)
            # The list picks the filtered responses; the range (which the list lies in) is
            # what PostgreSQL's planner can estimate.
            .where(*self._page_conditions(pick),
                   Response.id.between(bindparam("first"), bindparam("last")))
            .group_by(Response.id)
            .order_by(Response.id)
        )


class _Layout:
    """Where each answer goes in an exported row: after the fixed columns, one column
    per closed question (its label; a multiple-choice question's labels joined in name
    order) and three per free-text question (text, sentiment, themes)."""

    def __init__(self, questions: list[SurveyQuestion]) -> None:
        self.place: dict[str, tuple[int, str, bool]] = {}  # choice id, as text -> (column, label, multiple?)
        self.texts: list[tuple[int, int]] = []  # (position of the text in a page record, column)
        column, position = len(FIXED_HEADINGS), len(FIXED_HEADINGS) + 2  # a record has the id and the choices too
        for question in questions:
            if question.type is QuestionType.FREE_TEXT:
                self.texts.append((position, column))
                column, position = column + 3, position + 2
                continue
            label_of = {choice.value: choice.label for choice in question.choices}
            multiple = question.type is QuestionType.MULTIPLE_CHOICE
            for choice_id, value in question.choice_values.items():
                self.place[str(choice_id)] = (column, label_of[value], multiple)
            column += 1
        self.blank = [None] * (column - len(FIXED_HEADINGS))

    def place_choices(self, row: Row, chosen: str) -> None:
        """Put the labels of the chosen choices ("12,40,41") in their columns."""
        several: dict[int, list[str]] = {}
        for choice_id in chosen.split(","):
            placed = self.place.get(choice_id)
            if placed is None:  # not a choice of this survey's questions: nothing to show
                continue
            column, label, multiple = placed
            if multiple:
                several.setdefault(column, []).append(label)
            else:
                row[column] = label
        for column, labels in several.items():
            row[column] = JOIN.join(sorted(labels))


class _Analysis:
    """The sentiment and themes ("A; B" in name order) of a page of free-text answers.

    Read by answer id rather than joined into the pivot (which then joined every answer,
    chosen or written, to the analysis table: a fifth of the pivot's time on SQLite). One
    row per analysed answer, its theme ids gathered into one string by the database (every
    tag is stored with its answer's analysis, by the analyser or by a correction); each
    such string is turned into names once: most answers share a few sets.
    """

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.names = self._theme_names()
        self.texts: dict[str, str] = {}
        # The themes by a subquery per answer, which both databases answer from the index
        # on tags' answer ids; joined and grouped instead, PostgreSQL read every tag per page.
        themes = (select(func.aggregate_strings(cast(AnswerTheme.theme_id, String), ","))
                  .where(AnswerTheme.answer_id == AnswerAnalysis.answer_id, AnswerTheme.removed.is_(False))
                  .correlate(AnswerAnalysis).scalar_subquery())
        query = select(AnswerAnalysis.answer_id, type_coerce(AnswerAnalysis.sentiment, String), themes)
        self.listed = query.where(AnswerAnalysis.answer_id.in_(bindparam("answer_ids", expanding=True)))
        self.ranged = query.where(AnswerAnalysis.answer_id.between(bindparam("first"), bindparam("last")))

    def _theme_names(self) -> dict[int, str]:
        return dict(self.connection.execute(select(Theme.id, Theme.name)).all())

    def of(self, answer_ids: list[int]) -> dict[int, tuple[str, str]]:
        """Sentiment and themes by answer id, for the answers that have been analysed."""
        if not answer_ids:
            return {}
        first, last = min(answer_ids), max(answer_ids)
        # A range of answer ids needs no list of parameters (building that list took half
        # the time), but it reads every answer in between, so it is used only when those
        # are not many more than the ones wanted (as when the export is not filtered).
        if last - first + 1 <= RANGE_SLACK * len(answer_ids):
            rows = self.connection.execute(self.ranged, {"first": first, "last": last}).all()
        else:
            rows = self.connection.execute(self.listed, {"answer_ids": answer_ids}).all()
        text = self._text  # (all() above: iterating the result instead fetched a row at a time)
        return {answer_id: (sentiment, text(theme_ids) if theme_ids else "")
                for answer_id, sentiment, theme_ids in rows}

    def _text(self, theme_ids: str) -> str:
        text = self.texts.get(theme_ids)
        if text is None:
            ids = {int(theme_id) for theme_id in theme_ids.split(",")}
            if not self.names.keys() >= ids:  # a theme added since the export began
                self.names = self._theme_names()
            text = self.texts[theme_ids] = JOIN.join(sorted(self.names[theme_id] for theme_id in ids))
        return text


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
    """Write an XLSX workbook to `target`; return the row count. See xlsx_chunks."""
    return xlsx.write_xlsx(headings, rows, target, sheet_title=sheet_title, prepare=neutralise)


def xlsx_chunks(headings: list[str], rows: Iterable[Row], *, sheet_title: str = "Responses") -> Iterator[bytes]:
    """An XLSX workbook, a chunk of bytes at a time as the rows are read.

    Every text cell is an inline string (never a formula), stripped of characters XML cannot
    hold and then neutralised, so it also stays inert if someone re-types or pastes it.
    """
    return xlsx.xlsx_chunks(headings, rows, sheet_title=sheet_title, prepare=neutralise)
