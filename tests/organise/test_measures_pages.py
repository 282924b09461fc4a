"""The measures pages: charts per survey, the one-page report, and organisers' own measures."""
from __future__ import annotations

from datetime import date

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from feedback.models import AuditLog, OrganiserMeasure

from ..helpers import open_form
from ..measures.history import History, months_from, seed_history
from ..pages import parse
from .conftest import sign_in_as

# 14 finished months; March 2025 has 6 responses (fewer than the minimum of 10).
SPECS = [(20, 12, 0, 6), (20, 10, 0, 5), (6, 3, 0, 2)] + [(20, 12, 0, 6)] * 11


@pytest.fixture
def history(session: Session) -> History:
    return seed_history(session, months_from(date(2025, 1, 1), SPECS))


def test_viewer_sees_every_chart_with_words_and_numbers(client: FlaskClient, session: Session, viewer,
                                                        history: History) -> None:
    sign_in_as(client, viewer)
    index = client.get("/organise/measures/")
    assert index.status_code == 200 and "After an event" in index.text
    assert 'href="/organise/measures/"' in index.text   # in the workspace navigation
    page = client.get(f"/organise/measures/surveys/{history.survey.id}")
    assert page.status_code == 200
    html = page.text
    for heading in ("Agreement", "Responses", "Barriers"):
        assert f">{heading}</h2>" in html
    assert "I was treated as an equal." in html and "Jargon (barrier)" in html
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg"') >= 5
    assert "Common cause variation" in html and "How to read these charts" in html
    # March 2025 is a gap: said in the table, and never with its count of 6.
    assert "<th scope=\"row\" class=\"nhsuk-table__header\">March 2025</th>" in html
    assert "too few to show" in html and "6 responses" not in html and "fewer than 10" in html
    assert "Add a measure" not in html   # viewers cannot add measures


def test_report_is_one_printable_page(client: FlaskClient, viewer, history: History) -> None:
    sign_in_as(client, viewer)
    report = client.get(f"/organise/measures/surveys/{history.survey.id}/report")
    assert report.status_code == 200
    assert "measures.css" in report.text and "app-report__grid" in report.text
    assert report.text.count('class="app-chart"') <= 6
    assert "The numbers in this chart" not in report.text   # tables stay on the full page


def test_bad_period_is_refused_plainly(client: FlaskClient, viewer, history: History) -> None:
    sign_in_as(client, viewer)
    assert client.get(f"/organise/measures/surveys/{history.survey.id}?period=year").status_code == 400
    assert client.get("/organise/measures/surveys/999999").status_code == 404
    assert client.get(f"/organise/measures/surveys/{history.survey.id}?period=week").status_code == 200


def test_organiser_adds_changes_and_removes_a_measure(client: FlaskClient, session: Session, organiser,
                                                      history: History) -> None:
    sign_in_as(client, organiser)
    url = f"/organise/measures/surveys/{history.survey.id}/new"
    form = client.get(url)
    assert form.status_code == 200 and "Would you take part again? (share who say yes)" in form.text
    token = open_form(client, url)["csrf_token"]
    refused = client.post(url, data={"csrf_token": token, "question": "again", "title": "Would take part again", "improvement": "increase",
                                     "target": "lots", "changes": "1/9/2025\nlast spring"})
    assert refused.status_code == 400
    assert "Enter the target as a number, like 80" in refused.text
    assert "Would take part again" in refused.text   # what was typed is kept
    refused = client.post(url, data={"csrf_token": token, "question": "again", "title": "Would take part again", "improvement": "increase",
                                     "target": "80", "changes": "1/9/2025\nlast spring"})
    assert "Line 2 of the change dates is not a date" in refused.text
    refused = client.post(url, data={"csrf_token": token, "question": "again", "title": "Would take part again",
                                     "improvement": "increase", "target": "80", "changes": "1/9/2025\n1/9/1999"})
    assert "Line 2 of the change dates must be in a year from 2000 to 2100" in refused.text
    saved = client.post(url, data={"csrf_token": token, "question": "again", "title": "Would take part again", "improvement": "increase",
                                   "target": "80%", "changes": "1/9/2025"})
    assert saved.status_code == 303
    measure = session.scalars(select(OrganiserMeasure)).one()
    assert (measure.target, [c.changed_on for c in measure.change_dates]) == (80, [date(2025, 9, 1)])
    page = client.get(saved.headers["Location"])
    assert "Your measures" in page.text and "Would take part again" in page.text
    assert "target" in page.text and ">change</text>" in page.text
    assert "The target of 80%" in page.text
    edit = client.post(f"/organise/measures/{measure.id}/edit", data={"csrf_token": token,
        "question": "score", "title": "Recommend score", "improvement": "increase", "target": "11", "changes": ""})
    assert edit.status_code == 400 and "Enter a target from 0 to 10" in edit.text
    edit = client.post(f"/organise/measures/{measure.id}/edit", data={"csrf_token": token,
        "question": "score", "title": "Recommend score", "improvement": "neutral", "target": "", "changes": ""})
    assert edit.status_code == 303
    assert "Recommend score" in client.get(f"/organise/measures/surveys/{history.survey.id}").text
    removed = client.post(f"/organise/measures/{measure.id}/delete", data={"csrf_token": token})
    assert removed.status_code == 303 and session.scalars(select(OrganiserMeasure)).all() == []
    actions = [entry.action for entry in session.scalars(select(AuditLog).order_by(AuditLog.id))]
    assert [a for a in actions if a.startswith("measure.")] == ["measure.create", "measure.update", "measure.delete"]


def test_viewers_cannot_change_measures(client: FlaskClient, viewer, history: History) -> None:
    sign_in_as(client, viewer)
    token = open_form(client, "/organise/measures/")["csrf_token"]
    assert client.post(f"/organise/measures/surveys/{history.survey.id}/new",
                       data={"csrf_token": token}).status_code == 403
    assert client.get(f"/organise/measures/surveys/{history.survey.id}/new").status_code == 403


def test_a_measure_saved_before_any_finished_period_can_be_found_and_changed(client: FlaskClient, session: Session,
                                                                             organiser, builtin) -> None:
    # A new survey has nothing to chart yet; the measure just saved must still be on the page
    # its save leads to, at the place the address points to, with a way to change it.
    survey = builtin["after-an-event"]
    sign_in_as(client, organiser)
    url = f"/organise/measures/surveys/{survey.id}/new"
    token = open_form(client, url)["csrf_token"]
    saved = client.post(url, data={"csrf_token": token, "question": "listened_to", "title": "Listened to",
                                   "improvement": "increase", "target": "", "changes": ""})
    assert saved.status_code == 303, saved.text
    measure = session.scalars(select(OrganiserMeasure)).one()
    assert saved.headers["Location"].endswith(f"#measure-{measure.id}")
    page = parse(client.get(saved.headers["Location"]).text)
    found = page.select_one(f"#measure-{measure.id}")
    assert found is not None and "Listened to" in found.get_text()
    assert "Nothing to chart yet: there are no responses in a finished" in found.get_text()
    assert found.select_one(f'a[href="/organise/measures/{measure.id}/edit"]')
    assert "You have not added a measure yet" not in page.get_text()



def test_change_dates_can_be_typed_as_people_write_days(client: FlaskClient, session: Session, organiser,
                                                        builtin) -> None:
    # The rest of the app asks for days like "1 12 2026"; the measure form took only 1/12/2026.
    sign_in_as(client, organiser)
    url = f"/organise/measures/surveys/{builtin['after-an-event'].id}/new"
    typed = ["1/12/2025", "2025-12-02", "3 12 2025", "4 December 2025", "5 Dec 2025", " 6  december   2025 "]
    saved = client.post(url, data={"csrf_token": open_form(client, url)["csrf_token"], "question": "listened_to",
                                   "title": "Listened to", "improvement": "increase", "target": "",
                                   "changes": "\n".join(typed)})
    assert saved.status_code == 303
    measure = session.scalars(select(OrganiserMeasure)).one()
    assert [change.changed_on for change in measure.change_dates] == [date(2025, 12, day) for day in range(1, 7)]
