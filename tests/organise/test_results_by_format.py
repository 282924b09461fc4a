"""Results combine every format (standard, Easy Read, large print), and can be narrowed to
one, on the page and in the exports, under the same small-number rules as other filters."""
from __future__ import annotations

import csv
import io
from datetime import date

from feedback.models import RespondentRole, ResponseFormat
from tests.factories import make_response, results_survey
from tests.organise.conftest import sign_in_as
from tests.pages import parse


def fill(session):
    survey = results_survey(session, carers=0)
    for answered_in, count in ((ResponseFormat.STANDARD, 10), (ResponseFormat.EASY_READ, 12)):
        for _ in range(count):
            make_response(session, survey=survey, role=RespondentRole.CARER, on=date(2026, 1, 6),
                          choices={"listened_to": "agree"}, answered_in=answered_in)
    session.commit()
    return survey


def test_results_combine_formats_and_filter_by_one(client, session, organiser):
    survey = fill(session)
    sign_in_as(client, organiser)
    base = f"/organise/results/surveys/{survey.id}"
    everything = parse(client.get(base).get_data(as_text=True))
    assert "22 responses" in everything.get_text(" ")
    assert [option["value"] for option in everything.select("select#answered_in option")] == [
        "", "standard", "easy_read", "large_print"]
    easy = parse(client.get(base + "?answered_in=easy_read").get_data(as_text=True))
    assert "12 responses" in easy.get_text(" ")
    assert easy.select_one('select#answered_in option[value="easy_read"]').has_attr("selected")
    export_link = easy.select_one('a[href*="export.csv"]')["href"]
    assert "answered_in=easy_read" in export_link
    assert "10 responses" in parse(client.get(base + "?answered_in=standard").get_data(as_text=True)).get_text(" ")
    refused = client.get(base + "?answered_in=braille")
    assert refused.status_code == 400
    assert parse(refused.get_data(as_text=True)).select_one(".nhsuk-error-summary a[href='#answered_in']").get_text(
        strip=True) == "Select a format from the list"


def test_a_format_that_would_single_out_a_few_unrecorded_responses_is_refused(client, session, organiser):
    survey = fill(session)
    for _ in range(3):  # from before formats were recorded
        make_response(session, survey=survey, role=RespondentRole.CARER, on=date(2026, 1, 6))
    session.commit()
    sign_in_as(client, organiser)
    base = f"/organise/results/surveys/{survey.id}"
    standard = parse(client.get(base + "?answered_in=standard").get_data(as_text=True))
    assert "Results not shown for these filters" in standard.get_text(" ")
    assert not standard.select(".results-chart"), "no answers are shown"
    easy = parse(client.get(base + "?answered_in=easy_read").get_data(as_text=True))
    assert "12 responses" in easy.get_text(" ") and easy.select(".results-chart")


def test_the_export_has_a_format_column_and_keeps_the_filter(client, session, organiser):
    survey = fill(session)
    sign_in_as(client, organiser)
    response = client.get(f"/organise/results/surveys/{survey.id}/export.csv?answered_in=easy_read")
    headings, *rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == 12
    assert {dict(zip(headings, row))["Format"] for row in rows} == {"easy_read"}
