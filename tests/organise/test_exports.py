"""Exports of raw responses: one column per question, analysis alongside, formulas made
inert, the results filters respected, organisers only, every download logged."""
from __future__ import annotations

import csv
import io
from datetime import date

from openpyxl import load_workbook
from sqlalchemy import select

from feedback.models import AuditLog, Direction, RespondentRole, Sentiment
from feedback.organise import views_exports
from tests.factories import analyse, make_event, make_response, make_survey, make_theme, text_answer
from tests.organise.conftest import sign_in_as
from tests.pages import parse

ATTACK = '=HYPERLINK("http://x","y")'


def fill(session):
    survey = make_survey(session)
    event = make_event(session, name="Spring event")
    travel = make_theme(session, name="Travel")
    first = make_response(session, survey=survey, role=RespondentRole.CARER, on=date(2026, 1, 5), event=event,
                          choices={"listened_to": "agree", "support": ["travel", "payment"]},
                          texts={"what_helped": ATTACK})
    analyse(session, answer=text_answer(first, "what_helped"), sentiment=Sentiment.POSITIVE,
            direction=Direction.ENABLER, themes=[travel])
    make_response(session, survey=survey, role=RespondentRole.STAFF, on=date(2026, 2, 5),
                  choices={"listened_to": "disagree"}, texts={"what_made_it_harder": "-1 star, @everyone"})
    session.commit()
    return survey, first


def test_csv_has_a_column_per_question_and_inert_formulas(client, session, organiser):
    survey, first = fill(session)
    sign_in_as(client, organiser)
    response = client.get(f"/organise/results/surveys/{survey.id}/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    headings, carer, staff = rows
    record = dict(zip(headings, carer))
    assert record["Response"] == first.export_id and record["Date"] == "2026-01-05"
    assert record["Event"] == "Spring event" and record["Respondent role"] == "carer"
    assert record["listened_to: People listened to me."] == "Agree"
    assert sorted(record["support: What support did you get?"].split("; ")) == ["Payment", "Travel"]
    assert record["what_helped: What helped?"] == "'" + ATTACK
    assert record["what_helped: sentiment"] == "positive" and record["what_helped: themes"] == "Travel"
    assert dict(zip(headings, staff))["what_made_it_harder: What made it harder?"] == "'-1 star, @everyone"
    assert session.scalar(select(AuditLog.action).where(AuditLog.user_id == organiser.id)) == "export.csv"


def test_xlsx_opens_with_the_attack_as_text_not_a_formula(client, session, organiser):
    survey, _ = fill(session)
    sign_in_as(client, organiser)
    response = client.get(f"/organise/results/surveys/{survey.id}/export.xlsx")
    assert response.status_code == 200 and response.is_streamed, "sent as it is written, not built whole first"
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response.headers["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows())
    headings = [cell.value for cell in rows[0]]
    cell = rows[1][headings.index("what_helped: What helped?")]
    assert cell.data_type == "s", "a formula cell would have data type 'f'"
    assert cell.value == "'" + ATTACK
    assert not any(c.data_type == "f" for row in rows for c in row)
    assert len(rows) == 3
    assert session.scalar(select(AuditLog.detail).where(AuditLog.action == "export.xlsx")) == "no filters"


def test_exports_respect_the_filters(client, session, organiser):
    survey, first = fill(session)
    sign_in_as(client, organiser)
    response = client.get(f"/organise/results/surveys/{survey.id}/export.csv?role=carer")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert [row[0] for row in rows[1:]] == [first.export_id]
    response = client.get(f"/organise/results/surveys/{survey.id}/export.xlsx?from-day=1&from-month=2&from-year=2026")
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet.max_row == 2
    detail = session.scalar(select(AuditLog.detail).where(AuditLog.action == "export.xlsx"))
    assert "from-month=2" in detail
    bad = client.get(f"/organise/results/surveys/{survey.id}/export.csv?role=wizard")
    assert bad.status_code == 302 and "role=wizard" in bad.headers["Location"]


def test_viewers_cannot_export(client, session, viewer):
    survey, _ = fill(session)
    sign_in_as(client, viewer)
    for kind in ("csv", "xlsx"):
        assert client.get(f"/organise/results/surveys/{survey.id}/export.{kind}").status_code == 403
    assert not session.scalar(select(AuditLog.id).where(AuditLog.action.like("export.%")))


def test_unknown_formats_and_surveys_are_not_found(client, session, organiser):
    survey, _ = fill(session)
    sign_in_as(client, organiser)
    assert client.get(f"/organise/results/surveys/{survey.id}/export.pdf").status_code == 404
    assert client.get("/organise/results/surveys/999/export.csv").status_code == 404


def test_an_xlsx_too_big_for_excel_is_refused_with_a_way_forward(client, session, organiser, monkeypatch):
    monkeypatch.setattr(views_exports, "XLSX_MAX_ROWS", 1)
    survey, _ = fill(session)
    sign_in_as(client, organiser)
    response = client.get(f"/organise/results/surveys/{survey.id}/export.xlsx?role=staff")
    assert response.status_code == 200, "one response fits"
    response = client.get(f"/organise/results/surveys/{survey.id}/export.xlsx")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/organise/results/surveys/{survey.id}")
    page = parse(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "These 2 responses are more than one spreadsheet can hold (1 rows)" in page.get_text(" ", strip=True)
    assert "Download them as CSV" in page.get_text()
    assert client.get(f"/organise/results/surveys/{survey.id}/export.csv").status_code == 200
    logged = session.scalars(select(AuditLog.detail).where(AuditLog.action == "export.xlsx")).all()
    assert logged == ["role=staff"], "only the export that was sent is recorded"
