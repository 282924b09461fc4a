"""An event chooses how its surveys' questions are shown (as the survey is set, one per page,
or all on one page), so a built-in survey, which cannot be edited, can be shown one
question per page without copying it; Easy Read stays one per page whatever is chosen."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from feedback.models import QuestionLayout, Response
from tests.factories import make_event
from tests.helpers import carried, move_on, submit
from tests.pages import parse


def heading(html: str) -> str:
    return parse(html).find("h1").get_text(" ", strip=True)


def responses(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(Response))


@pytest.fixture
def event_url(session, builtin):
    def make(layout: QuestionLayout, *, paged_survey: bool = False) -> str:
        survey = builtin["after-an-event"]
        survey.one_question_per_page = paged_survey
        event = make_event(session, surveys=[survey])
        event.question_layout = layout
        session.commit()
        return f"/e/{event.code}/{survey.slug}"
    return make


def is_paged(client, url: str) -> bool:
    """Whether the survey at `url` opens on a start page of a paged survey."""
    page = parse(client.get(url).get_data(as_text=True))
    return not page.select("#survey-form input[type=radio]") and bool(page.select("button[name=_go][value=next]"))


def test_one_per_page_on_the_event_pages_a_built_in_survey_and_stores_one_response(client, session, builtin,
                                                                                 event_url):
    url = event_url(QuestionLayout.ONE_PER_PAGE)
    assert builtin["after-an-event"].built_in and not builtin["after-an-event"].one_question_per_page
    count = len(builtin["after-an-event"].current_version.questions)
    html = move_on(client, url, MultiDict(carried(client.get(url).get_data(as_text=True)) + [("_go", "next")]))
    html = html.get_data(as_text=True)
    assert heading(html) == "Who are you?"
    assert f"Question 1 of {count}" in parse(html).select_one(".nhsuk-caption-l").get_text()
    answers = [("role", "carer")]
    for _ in range(count):
        html = move_on(client, url, MultiDict(carried(html) + answers + [("_go", "next")])).get_data(as_text=True)
        answers = []
    assert heading(html) == "Check your answers before sending them"
    assert responses(session) == 0, "nothing is stored before sending"
    sent = client.post(url, data=MultiDict(carried(html) + [("_go", "send")]))
    again = client.post(url, data=MultiDict(carried(html) + [("_go", "send")]))  # a double click
    assert sent.status_code == again.status_code == 303
    assert responses(session) == 1
    stored = session.scalars(select(Response)).one()
    assert stored.event_id is not None and {answer.question.key for answer in stored.answers} == {"role"}


def test_by_default_an_event_follows_the_survey(client, event_url):
    assert not is_paged(client, event_url(QuestionLayout.SURVEY))
    assert is_paged(client, event_url(QuestionLayout.SURVEY, paged_survey=True))


def test_all_on_one_page_overrides_a_paged_survey_but_not_easy_read(client, session, event_url):
    url = event_url(QuestionLayout.ONE_PAGE, paged_survey=True)
    assert not is_paged(client, url)
    assert is_paged(client, url + "?format=easy-read")
    assert submit(client, url, {"role": "staff"}).status_code == 303
    assert responses(session) == 1


def test_the_survey_s_own_link_keeps_the_survey_s_setting(client, event_url):
    event_url(QuestionLayout.ONE_PER_PAGE)
    assert not is_paged(client, "/s/after-an-event")

