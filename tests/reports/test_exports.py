"""Spreadsheet safety of exported cells, and paging through many responses."""
from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from feedback.reports import exports
from feedback.reports.exports import ResponseExport, neutralise, write_xlsx
from feedback.reports.filters import ResultsFilter
from tests.reports.factories import make_response, make_survey


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


def test_rows_come_a_page_at_a_time_in_response_order(session, monkeypatch):
    monkeypatch.setattr(exports, "PAGE_SIZE", 2)
    survey = make_survey(session)
    made = [make_response(session, survey=survey, choices={"listened_to": "agree"}) for _ in range(5)]
    rows = list(ResponseExport(session, ResultsFilter(survey.id)).rows())
    assert [row[0] for row in rows] == [response.public_id for response in made]
