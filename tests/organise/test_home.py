"""The organiser home page: what needs attention, the scheduler warning, first steps."""
from __future__ import annotations

from datetime import date, timedelta

from feedback.mail.heartbeat import record_heartbeat
from feedback.models import OutboxMessage, SurveyStatus
from feedback.models.types import utcnow
from tests.factories import flag, make_event, make_response, make_survey, text_answer
from tests.organise.conftest import sign_in_as
from tests.pages import parse


def home(client):
    response = client.get("/organise/")
    assert response.status_code == 200
    return parse(response.get_data(as_text=True))


def test_a_new_trust_sees_the_scheduler_warning_and_its_first_steps(client, session, organiser):
    sign_in_as(client, organiser)
    page = home(client)
    assert page.h1.get_text(strip=True) == "Organiser workspace"
    warning = page.select_one(".nhsuk-warning-callout")
    assert "No summaries are being sent" in warning.get_text()
    assert "has not run yet" in warning.get_text()
    steps = page.select("ol.nhsuk-list--number li")
    assert len(steps) == 6
    assert "(done)" not in page.select_one("ol").get_text()
    # The first event step links to where it is done.
    assert any(link["href"] == "/organise/events/new" for link in page.select("ol a"))


def test_a_running_scheduler_clears_the_warning_and_a_stale_one_brings_it_back(client, session, organiser):
    sign_in_as(client, organiser)
    record_heartbeat(session, utcnow())
    session.commit()
    page = home(client)
    assert "No summaries are being sent" not in page.get_text()

    record_heartbeat(session, utcnow() - timedelta(minutes=20))
    session.commit()
    warning = home(client).select_one(".nhsuk-warning-callout").get_text(" ", strip=True)
    assert "No summaries are being sent" in warning and "last ran on" in warning


def test_open_flags_closing_surveys_and_failed_emails_are_listed(client, session, organiser):
    record_heartbeat(session, utcnow())
    survey = make_survey(session, title="Carers survey")
    survey.status = SurveyStatus.OPEN
    survey.closes_on = date.today() + timedelta(days=3)
    response = make_response(session, survey=survey, texts={"what_helped": "i want to end it all"})
    raised = flag(session, answer=text_answer(response, "what_helped"))
    session.add(OutboxMessage(to="a@example.org", subject="Summary", body_text="x", failed_at=utcnow(),
                              attempts=5))
    session.commit()
    sign_in_as(client, organiser)
    page = home(client)
    items = [item.get_text(" ", strip=True) for item in page.select("main ul.nhsuk-list--bullet")[0].select("li")]
    assert "1 safeguarding flag not yet handled in Carers survey" in items
    assert any(item.startswith("Carers survey closes on") for item in items)
    assert any(item.startswith("1 email could not be sent") for item in items)
    link = next(link for link in page.select("main a") if "safeguarding flag" in link.get_text())
    assert link["href"] == f"/organise/results/surveys/{survey.id}/flags"

    raised.handled_at = utcnow()
    session.commit()
    assert "safeguarding flag" not in home(client).get_text()


def test_steps_are_marked_done_as_the_trust_does_them(client, session, organiser):
    record_heartbeat(session, utcnow())
    make_event(session)
    session.commit()
    sign_in_as(client, organiser)
    steps = [item.get_text(" ", strip=True) for item in home(client).select("ol.nhsuk-list--number li")]
    assert steps[2] == "Create your first event and choose its surveys (done)"
    assert not steps[3].endswith("(done)")


def test_a_viewer_is_not_sent_to_pages_they_cannot_open(client, session, viewer):
    sign_in_as(client, viewer)
    links = [link["href"] for link in home(client).select("ol a")]
    assert links == ["/organise/summaries/new"]


def test_a_viewer_is_shown_only_the_first_step_they_can_take(client, session, viewer):
    # Events, addresses and accounts are not a viewer's to set up: listing them said
    # "1 of 6 done" with steps that lead to pages a viewer is refused.
    sign_in_as(client, viewer)
    steps = [item.get_text(" ", strip=True) for item in home(client).select("ol.nhsuk-list--number li")]
    assert steps == ["Subscribe to an email summary"]
    assert "0 of 1 done" in home(client).get_text()
