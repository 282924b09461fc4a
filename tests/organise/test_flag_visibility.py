"""Who sees flags: organisers get the flag column in exports and every flag count; a viewer
sees no flag count below the small-group minimum, on the results page or the home page."""
from __future__ import annotations

import csv
import io
from datetime import datetime

from openpyxl import load_workbook

from feedback.reports.exports import FLAG_HEADING, ResponseExport
from feedback.reports.filters import ResultsFilter
from tests.factories import flag, make_response, results_survey, text_answer
from tests.organise.conftest import sign_in_as
from tests.pages import parse


def flagged_survey(session, *, flags: int, carers: int = 10):
    survey = results_survey(session, carers=carers)
    raised = []
    for number in range(flags):
        response = make_response(session, survey=survey, texts={"what_helped": f"Worrying answer {number}"})
        item = flag(session, answer=text_answer(response, "what_helped"))
        item.categories = "self_harm"
        raised.append(item)
    session.commit()
    return survey, raised


def test_the_export_shows_each_flag_and_its_state_for_organisers(client, session, organiser):
    survey, (waiting, unflagged) = flagged_survey(session, flags=2)
    unflagged.unflagged_at, unflagged.unflagged_reason = datetime(2026, 3, 2), "staff training"
    session.commit()
    sign_in_as(client, organiser)
    text = client.get(f"/organise/results/surveys/{survey.id}/export.csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    by_text = {row["what_helped: What helped?"]: row[FLAG_HEADING] for row in rows}
    assert by_text["Worrying answer 0"] == "Waiting to be handled: Self-harm"
    assert by_text["Worrying answer 1"] == "Unflagged (false alarm): Self-harm"
    assert sum(1 for value in by_text.values() if value == "") == len(rows) - 2

    workbook = load_workbook(io.BytesIO(client.get(f"/organise/results/surveys/{survey.id}/export.xlsx").data))
    sheet = workbook.active
    headings = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    assert headings[-1] == FLAG_HEADING
    assert "Waiting to be handled: Self-harm" in [row[-1] for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_an_export_for_a_role_that_may_not_see_flags_has_no_flag_column(session):
    survey, _ = flagged_survey(session, flags=1)
    export = ResponseExport(session, ResultsFilter(survey.id), with_flags=False)
    assert FLAG_HEADING not in export.headings()
    assert all("Self-harm" not in str(value) for row in export.rows() for value in row)


def test_viewers_see_no_flag_count_below_the_minimum_and_organisers_always_do(client, session, viewer, organiser):
    survey, _ = flagged_survey(session, flags=3)
    results = f"/organise/results/surveys/{survey.id}"
    sign_in_as(client, viewer)
    callout = parse(client.get(results).get_data(as_text=True)).select_one(".nhsuk-warning-callout")
    heading = callout.h2.get_text(" ", strip=True)
    assert heading.endswith("Safeguarding: answers to check") and "3" not in callout.get_text()
    home = parse(client.get("/organise/").get_data(as_text=True)).select_one("main").get_text(" ", strip=True)
    assert "Safeguarding flags are waiting for an organiser" in home and "3 safeguarding" not in home

    sign_in_as(client, organiser)
    assert "Safeguarding: 3 answers to check" in parse(client.get(results).get_data(as_text=True)).get_text(" ")
    assert "3 safeguarding flags" in parse(client.get("/organise/").get_data(as_text=True)).get_text(" ")


def test_viewers_see_the_count_from_the_minimum_up(client, session, viewer):
    survey, _ = flagged_survey(session, flags=10)
    sign_in_as(client, viewer)
    page = parse(client.get(f"/organise/results/surveys/{survey.id}").get_data(as_text=True))
    assert "Safeguarding: 10 answers to check" in page.select_one(".nhsuk-warning-callout").get_text(" ", strip=True)
