"""Spreadsheet safety of exported cells, and paging through many responses."""
from __future__ import annotations

import io
import secrets
import threading
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from feedback.models import RespondentRole, ResponseFormat, Sentiment
from feedback.reports import exports, xlsx
from feedback.reports.exports import ResponseExport, neutralise, write_xlsx
from feedback.reports.filters import ResultsFilter
from tests.factories import add_version, analyse, make_response, make_survey, make_theme, text_answer


def read_back(headings, rows, **options):
    target = io.BytesIO()
    count = write_xlsx(headings, rows, target, **options)
    return count, load_workbook(io.BytesIO(target.getvalue()))


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_would_be_formulas_are_prefixed(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["plain", " =1", "", 5, None])
def test_other_values_are_left_alone(value):
    assert neutralise(value) == value


def test_xlsx_cells_are_strings_even_with_control_characters():
    target = io.BytesIO()
    write_xlsx(["heading"], [["\x01=1+1"], ["fine"]], target)
    sheet = load_workbook(io.BytesIO(target.getvalue())).active
    assert [(cell.value, cell.data_type) for (cell,) in sheet.iter_rows(min_row=2)] == [("'=1+1", "s"), ("fine", "s")]


def in_export_order(responses) -> list[str]:
    return [response.export_id for response in sorted(responses, key=lambda r: (r.submitted_on, r.export_id))]


def test_rows_come_a_page_at_a_time_by_day_then_in_no_telling_order(session, monkeypatch):
    monkeypatch.setattr(exports, "PAGE_SIZE", 2)
    survey = make_survey(session)
    made = [make_response(session, survey=survey, on=date(2026, 3, 1 + number // 10), choices={"listened_to": "agree"})
            for number in range(25)]
    rows = list(ResponseExport(session, ResultsFilter(survey.id)).rows())
    assert [row[0] for row in rows] == in_export_order(made)
    assert [row[1] for row in rows] == sorted(row[1] for row in rows), "days in order"
    # Submission order would let someone who knows when a person answered find their row
    # (the chance that 25 random ids fall in that order by luck is about 1 in 10^9).
    assert [row[0] for row in rows] != [response.export_id for response in made]


def test_the_export_id_is_in_no_public_address(session):
    survey = make_survey(session)
    response = make_response(session, survey=survey, choices={"listened_to": "agree"})
    (row,) = ResponseExport(session, ResultsFilter(survey.id)).rows()
    assert row[0] == response.export_id and len(row[0]) == 16
    assert row[0] not in response.public_id, "the thank-you address is /thanks/<public_id>"


def test_pages_hold_only_the_wanted_responses_when_others_lie_between(session, monkeypatch):
    # Pages of consecutive ids are read by range alone, others by list or filters: the
    # other survey's responses and the filtered-out role must never leak into either.
    monkeypatch.setattr(exports, "PAGE_SIZE", 2)
    survey, other = make_survey(session), make_survey(session, slug="other-survey", title="Other")
    wanted = []
    for number in range(7):
        if number in (2, 5):
            make_response(session, survey=other, choices={"listened_to": "disagree"})
        wanted.append(make_response(session, survey=survey, choices={"listened_to": "agree"}))
    make_response(session, survey=survey, role=RespondentRole.STAFF)
    rows = list(ResponseExport(session, ResultsFilter(survey.id, role=RespondentRole.CARER)).rows())
    assert [row[0] for row in rows] == in_export_order(wanted)
    column = ResponseExport(session, ResultsFilter(survey.id)).headings().index("listened_to: People listened to me.")
    assert {row[column] for row in rows} == {"Agree"}


def test_xlsx_keeps_numbers_dates_and_awkward_text_as_they_were():
    awkward = '<b>"Tom" & Jerry\'s</b>'
    count, workbook = read_back(["Text", "Number", "Date", "When", "Empty"], [
        [awkward, 7, date(2026, 1, 5), datetime(2026, 1, 5, 13, 30), None],
        ["  spaced out  ", 2.5, None, None, ""],
        ["caf\u00e9 \U0001f600 \ud800\ufffe", True, None, None, None],
        ["line one\r\nline two\rthree\tend", None, None, None, None],
    ])
    sheet = workbook.active
    assert count == 4 and sheet.title == "Responses"
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert rows[0][:4] == [awkward, 7, datetime(2026, 1, 5), datetime(2026, 1, 5, 13, 30)]
    assert rows[0][4] is None
    assert rows[1][:2] == ["  spaced out  ", 2.5] and rows[1][4] is None
    assert rows[2][:2] == ["caf\u00e9 \U0001f600 ", True]
    assert rows[3][0] == "line one\r\nline two\rthree\tend"
    assert sheet["C2"].number_format == "yyyy-mm-dd"
    assert sheet["B2"].data_type == "n" and sheet["A2"].data_type == "s"


def test_xlsx_header_is_bold_and_neutralised():
    _, workbook = read_back(["Response", "=cmd"], [["a", "b"]])
    header = next(workbook.active.iter_rows())
    assert [cell.value for cell in header] == ["Response", "'=cmd"]
    assert all(cell.font.b for cell in header)
    assert not any(cell.font.b for cell in workbook.active[2])


def test_xlsx_text_is_never_a_formula_cell():
    target = io.BytesIO()
    write_xlsx(["h"], [["=1+1"], ["@x"]], target)
    with zipfile.ZipFile(io.BytesIO(target.getvalue())) as package:
        sheet = package.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and 't="inlineStr"' in sheet


def test_xlsx_sheet_names_are_made_acceptable_to_excel():
    _, workbook = read_back(["h"], [], sheet_title="Results: [spring/summer] & more than thirty-one characters")
    assert workbook.active.title == "Results   spring summer  & more"
    assert workbook.active.max_row == 1


def test_xlsx_is_produced_in_chunks_as_rows_are_read(monkeypatch):
    monkeypatch.setattr(xlsx, "CHUNK_SIZE", 1024)
    monkeypatch.setattr(xlsx, "ROWS_PER_WRITE", 10)
    read = []

    def rows():
        for number in range(2000):
            read.append(number)
            yield [f"row {number} " + "x" * 40, number]

    chunks = xlsx.xlsx_chunks(["Text", "Number"], rows())
    first = next(chunks)
    assert len(read) < 2000, "the first bytes come before every row is read"
    data = first + b"".join(chunks)
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.max_row == 2001 and sheet["B2001"].value == 1999


@pytest.mark.parametrize("slack", [16, 0], ids=["themes by range", "themes by list"])
def test_themes_are_the_same_however_they_are_read(session, monkeypatch, slack):
    monkeypatch.setattr(exports, "RANGE_SLACK", slack)
    survey = make_survey(session)
    travel, noise = make_theme(session, name="Travel"), make_theme(session, name="Noise")
    tagged = make_response(session, survey=survey, texts={"what_helped": "The bus fare"})
    analyse(session, answer=text_answer(tagged, "what_helped"), themes=[travel, noise])
    untagged = make_response(session, survey=survey, texts={"what_helped": "Nothing much"})
    analyse(session, answer=text_answer(untagged, "what_helped"))
    closed_only = make_response(session, survey=survey, choices={"listened_to": "agree"})
    export = ResponseExport(session, ResultsFilter(survey.id))
    column = export.headings().index("what_helped: themes")
    assert {row[0]: row[column] for row in export.rows()} == {
        tagged.export_id: "Noise; Travel", untagged.export_id: "", closed_only.export_id: None}


def test_xlsx_cells_after_empty_ones_stay_in_their_columns():
    # Cells carry no reference unless one or more empty cells come before them.
    count, workbook = read_back(["A", "B", "C", "D", "E"], [
        [None, "second", "", None, 5],
        ["first", None, date(2026, 3, 1), "", "fifth"],
        [None, None, None, None, None],
        ["a", "b", "c", "d", "e"],
    ])
    sheet = workbook.active
    assert count == 4
    assert [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2, max_col=5)] == [
        [None, "second", None, None, 5],
        ["first", None, datetime(2026, 3, 1), None, "fifth"],
        [None, None, None, None, None],
        ["a", "b", "c", "d", "e"],
    ]
    assert sheet["E2"].value == 5 and sheet["A5"].value == "a" and sheet.max_row == 5


def test_answers_to_every_version_land_in_their_question_columns(session):
    survey = make_survey(session)
    old = make_response(session, survey=survey, on=date(2026, 2, 1),
                        choices={"listened_to": "agree", "support": ["travel", "payment"]},
                        texts={"what_helped": "The bus fare"})
    add_version(session, survey=survey, questions=[
        {"key": "support", "type": "multiple_choice", "prompt": "What support did you get?",
         "choices": [["easy_read", "Easy Read"], ["travel", "Travel"], ["payment", "Payment"]]},
        {"key": "listened_to", "type": "agreement", "prompt": "People listened to me."},
        {"key": "what_helped", "type": "free_text", "polarity": "enabler", "prompt": "What helped?"},
    ])
    new = make_response(session, survey=survey, choices={"listened_to": "disagree", "support": ["easy_read"]},
                        texts={"what_helped": "Clear papers"})
    analyse(session, answer=text_answer(new, "what_helped"), sentiment=Sentiment.POSITIVE)
    export = ResponseExport(session, ResultsFilter(survey.id))
    rows = [dict(zip(export.headings(), row)) for row in export.rows()]
    assert [row["Response"] for row in rows] == [old.export_id, new.export_id]
    assert [row["Survey version"] for row in rows] == [1, 2]
    assert [row["listened_to: People listened to me."] for row in rows] == ["Agree", "Disagree"]
    assert [row["support: What support did you get?"] for row in rows] == ["Payment; Travel", "Easy Read"]
    assert [row["what_helped: What helped?"] for row in rows] == ["The bus fare", "Clear papers"]
    assert [row["what_helped: sentiment"] for row in rows] == [None, "positive"]


def test_an_xlsx_download_cut_off_ends_its_compressing_thread():
    def rows():  # text that does not compress, so chunks are ready long before the end
        for number in range(50_000):
            yield [secrets.token_hex(16), number]

    chunks = xlsx.xlsx_chunks(["Text", "Number"], rows())
    next(chunks)
    assert any(thread.name == "xlsx-compressor" for thread in threading.enumerate())
    chunks.close()
    assert not any(thread.name == "xlsx-compressor" for thread in threading.enumerate())


def test_a_failure_while_reading_rows_or_compressing_reaches_the_caller(monkeypatch):
    def failing_rows():
        yield ["fine", 1]
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError, match="the database went away"):
        b"".join(xlsx.xlsx_chunks(["Text", "Number"], failing_rows()))

    def full_disk(self, data):
        raise OSError("no space left")

    monkeypatch.setattr(xlsx._Sink, "write", full_disk)
    with pytest.raises(OSError, match="no space left"):
        b"".join(xlsx.xlsx_chunks(["Text"], ([f"row {number}"] for number in range(10_000))))
    assert not any(thread.name == "xlsx-compressor" for thread in threading.enumerate())


def test_each_row_says_which_format_was_answered_and_the_answers_stay_in_their_columns(session):
    survey = make_survey(session)
    made = {answered_in: make_response(session, survey=survey, answered_in=answered_in,
                                       choices={"listened_to": "agree"}, texts={"what_helped": "Pictures"})
            for answered_in in (ResponseFormat.EASY_READ, ResponseFormat.LARGE_PRINT, None)}
    export = ResponseExport(session, ResultsFilter(survey.id))
    headings = export.headings()
    assert headings[headings.index("Channel") + 1] == "Format"
    rows = {row["Response"]: row for row in (dict(zip(headings, row)) for row in export.rows())}
    assert {rows[response.export_id]["Format"] for response in made.values()} == {"easy_read", "large_print", None}
    assert {row["listened_to: People listened to me."] for row in rows.values()} == {"Agree"}
    assert {row["what_helped: What helped?"] for row in rows.values()} == {"Pictures"}
    only_easy = ResponseExport(session, ResultsFilter(survey.id, format=ResponseFormat.EASY_READ))
    assert [row[0] for row in only_easy.rows()] == [made[ResponseFormat.EASY_READ].export_id]
