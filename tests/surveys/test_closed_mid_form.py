"""A survey, event or kiosk that stops taking answers while someone is typing: nothing
is stored, the page says so plainly, and what they wrote is shown back to copy."""
from __future__ import annotations

from datetime import date

from sqlalchemy import delete, func, select

from feedback.models import Event, Response, Survey, SurveyStatus, event_survey
from feedback.models.types import utcnow
from tests.factories import make_event
from tests.helpers import kiosk_url, open_form, reshown
from tests.pages import check_page

SURVEY = "/s/after-an-event"
TYPED = {"role": "carer", "what_helped": "The chair asked me first.\nThen everyone listened.",
         "what_made_it_harder": "Too hot"}


def _stored(session) -> int:
    return session.scalar(select(func.count()).select_from(Response))


def _refused_with_words_back(client, session, url: str, data: dict, heading: str) -> None:
    """Sending after the survey, event or kiosk stopped: a 410, the words shown back, nothing stored."""
    response = client.post(url, data=data)
    assert response.status_code == 410
    _shown_back(response, heading)
    assert _stored(session) == 0


def _shown_back(response, heading: str) -> None:
    page = check_page(response.get_data(as_text=True))
    assert page.h1.get_text(strip=True) == heading
    text = page.select_one("main").get_text()
    assert "Your answers were not sent" in text
    typed = [p.get_text() for p in page.select(".feedback-typed")]
    assert typed == ["The chair asked me first.\nThen everyone listened.", "Too hot"]


def test_a_survey_closed_while_someone_was_answering_shows_their_words_back(client, session, builtin):
    data = open_form(client, SURVEY) | TYPED
    session.scalar(select(Survey).where(Survey.slug == "after-an-event")).status = SurveyStatus.CLOSED
    session.commit()
    _refused_with_words_back(client, session, SURVEY, data, "This survey is closed")
    plain_visit = check_page(client.get(SURVEY).get_data(as_text=True))
    assert "not taking answers" in plain_visit.get_text() and not plain_visit.select(".feedback-typed")


def test_an_event_closed_while_someone_was_answering_shows_their_words_back(client, session, builtin):
    url = "/e/DEMO/after-an-event"
    data = open_form(client, url) | TYPED
    session.scalar(select(Event).where(Event.code == "DEMO")).closed_at = utcnow()
    session.commit()
    _refused_with_words_back(client, session, url, data, "This event is closed for feedback")


def test_a_survey_not_open_yet_says_when_it_opens(client, session, builtin):
    survey = session.scalar(select(Survey).where(Survey.slug == "after-an-event"))
    survey.opens_on = date(2099, 1, 1)
    session.commit()
    response = client.get(SURVEY)
    assert response.status_code == 403
    page = check_page(response.get_data(as_text=True))
    assert page.h1.get_text(strip=True) == "This survey is not open yet"
    assert "It opens on 1 January 2099" in page.get_text()


def test_a_kiosk_switched_off_mid_form_shows_the_words_back(app, client, session, builtin):
    survey = builtin["after-an-event"]
    event = make_event(session, surveys=[survey])
    url = kiosk_url(app, event, survey)
    data = open_form(client, url) | TYPED
    app.config["KIOSK_TOKEN_HOURS"] = -1
    _refused_with_words_back(client, session, url, data, "This feedback point has been switched off")


def test_a_kiosk_stops_when_its_survey_is_taken_off_the_event(app, client, session, builtin):
    survey = builtin["after-an-event"]
    event = make_event(session, surveys=[survey])
    url = kiosk_url(app, event, survey)
    data = open_form(client, url) | TYPED
    session.execute(delete(event_survey).where(event_survey.c.event_id == event.id))
    session.commit()
    session.expire_all()
    assert client.get(url).status_code == 410
    _refused_with_words_back(client, session, url, data, "This feedback point has been switched off")


def test_a_draft_survey_link_says_not_open_yet_rather_than_closed(client, session, builtin):
    survey = session.scalar(select(Survey).where(Survey.slug == "after-an-event"))
    survey.status = SurveyStatus.DRAFT
    session.commit()
    response = client.get(SURVEY)
    assert response.status_code == 403
    page = check_page(response.get_data(as_text=True))
    assert page.h1.get_text(strip=True) == "This survey is not open yet"



def test_words_that_suggest_risk_typed_before_a_survey_closed_get_the_help_numbers(client, session, builtin):
    data = open_form(client, SURVEY) | {"role": "carer", "what_helped": "I keep thinking about ending my life"}
    session.scalar(select(Survey).where(Survey.slug == "after-an-event")).status = SurveyStatus.CLOSED
    session.commit()
    response = client.post(SURVEY, data=data)
    page = check_page(response.get_data(as_text=True))
    callout = page.select_one(".nhsuk-warning-callout")
    assert callout is not None and "nobody will read it" in callout.get_text()
    links = {link["href"] for link in callout.select("a")}
    assert {"tel:111", "tel:999", "tel:116123", "sms:85258"} <= links
    assert _stored(session) == 0


def test_an_answer_to_a_question_taken_out_while_typing_is_shown_back_not_dropped(client, session, builtin):
    from feedback.organise.survey_editing import duplicate_survey, save_spec, set_status, version_to_spec
    from feedback.responses.submission import Submission, record_response
    survey = duplicate_survey(session, builtin["after-an-event"], by=None)
    set_status(session, survey, SurveyStatus.OPEN, by=None)
    record_response(session, version=survey.current_version, event=None, today=date(2026, 3, 1),
                    submission=Submission(answers={"role": "carer"}))  # answered, so an edit makes a new version
    session.commit()
    url = f"/s/{survey.slug}"
    data = open_form(client, url) | TYPED
    spec = version_to_spec(survey)
    spec["questions"] = [question for question in spec["questions"] if question["key"] != "what_made_it_harder"]
    save_spec(session, survey, spec, by=None, action="delete_question")
    session.commit()

    response = client.post(url, data=data)
    response = reshown(client, response)
    page = check_page(response.get_data(as_text=True))
    assert "a question you answered was taken out" in page.select_one(".nhsuk-error-summary").get_text()
    assert [p.get_text() for p in page.select(".feedback-typed")] == ["Too hot"]
    assert "The chair asked me first." in page.select_one("textarea[name=what_helped]").get_text()
    assert _stored(session) == 1

    resent = client.post(url, data={field["name"]: field.get("value", "")
                                       for field in page.select("form input[type=hidden]")} | TYPED)
    assert resent.status_code == 303 and _stored(session) == 2


def test_an_event_whose_survey_opens_later_says_when(client, session, builtin):
    survey = session.scalar(select(Survey).where(Survey.slug == "after-an-event"))
    survey.opens_on = date(2099, 1, 1)
    session.commit()
    page = check_page(client.get("/e/DEMO").get_data(as_text=True))
    assert "Tell us about the event you came to opens on 1 January 2099" in page.get_text()
