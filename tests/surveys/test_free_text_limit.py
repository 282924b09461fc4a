"""FREE_TEXT_MAX_CHARS: the one limit of a written answer whose question sets none, on every
page that takes answers (the survey, paper entry, the organiser's preview) and in the editor."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from feedback import create_app
from feedback.config import ConfigError
from feedback.models import Question, Response, UserRole
from tests.factories import make_user
from tests.helpers import EVENT_SURVEY, GOOD_ANSWERS, copy_of_event_survey, reshown, submit
from tests.organise.conftest import sign_in_as
from tests.pages import check_page, parse


@pytest.fixture
def organiser(session):
    return make_user(session, email="organiser@example.org", role=UserRole.ORGANISER)


def stored(session) -> int:
    return session.scalar(select(func.count(Response.id)))


def test_the_survey_page_counts_and_checks_against_the_setting(app, client, session, builtin):
    app.config["FREE_TEXT_MAX_CHARS"] = 300
    page = check_page(client.get(EVENT_SURVEY).get_data(as_text=True))
    assert "You can enter up to 300 characters" in page.get_text()
    assert page.select_one("[data-module=nhsuk-character-count]")["data-maxlength"] == "300"

    over = submit(client, EVENT_SURVEY, GOOD_ANSWERS | {"what_helped": "a" * 301})
    over = reshown(client, over)
    text = parse(over.get_data(as_text=True)).get_text()
    assert "must be 300 characters or fewer" in text and "shorten it by 1" in text
    assert stored(session) == 0
    assert submit(client, EVENT_SURVEY, GOOD_ANSWERS | {"what_helped": "a" * 300}).status_code == 303
    assert stored(session) == 1


def test_a_longer_setting_lets_longer_answers_through(app, client, session, builtin):
    app.config["FREE_TEXT_MAX_CHARS"] = 1500
    assert "You can enter up to 1,500 characters" in client.get(EVENT_SURVEY).get_data(as_text=True)
    assert submit(client, EVENT_SURVEY, GOOD_ANSWERS | {"what_helped": "a" * 1400}).status_code == 303


def test_paper_entry_and_the_preview_follow_the_setting(app, client, session, builtin, organiser):
    app.config["FREE_TEXT_MAX_CHARS"] = 200
    survey = builtin["after-an-event"]
    sign_in_as(client, organiser)
    paper = f"/organise/surveys/{survey.id}/paper"
    assert "You can enter up to 200 characters" in client.get(paper).get_data(as_text=True)
    refused = reshown(client, submit(client, paper, {"what_helped": "a" * 201}))
    assert "must be 200 characters or fewer" in refused.get_data(as_text=True)
    preview = client.get(f"/organise/surveys/{survey.id}/preview").get_data(as_text=True)
    assert "You can enter up to 200 characters" in preview


def test_a_question_with_its_own_limit_keeps_it_and_an_empty_limit_follows_the_setting(app, client, session,
                                                                                        builtin, organiser):
    app.config["FREE_TEXT_MAX_CHARS"] = 400
    survey = copy_of_event_survey(session, builtin)
    sign_in_as(client, organiser)
    new_question = f"/organise/surveys/{survey.id}/questions/new"
    form = check_page(client.get(new_question).get_data(as_text=True))
    assert form.select_one("input[name=max_chars]").get("value") in (None, "")
    assert "Leave it empty to use the service's limit of 400 characters" in form.get_text()

    assert submit(client, new_question, {"type": "free_text", "prompt": "Anything else?", "polarity": "neutral",
                                         "max_chars": ""}).status_code == 303
    assert submit(client, new_question, {"type": "free_text", "prompt": "Tell us more", "polarity": "neutral",
                                         "max_chars": "600"}).status_code == 303
    session.expire_all()
    limits = {question.key: question.max_chars for question in survey.current_version.questions
              if question.key in ("anything_else", "tell_us_more")}
    assert limits == {"anything_else": None, "tell_us_more": 600}

    too_big = submit(client, new_question, {"type": "free_text", "prompt": "Huge", "polarity": "neutral",
                                            "max_chars": "5000"})
    assert too_big.status_code == 400 and "Enter a number between 1 and 2000" in too_big.get_data(as_text=True)
    nonsense = submit(client, new_question, {"type": "free_text", "prompt": "Huge", "polarity": "neutral",
                                             "max_chars": "lots"})
    assert "Enter a number, like 400" in nonsense.get_data(as_text=True)


def test_built_in_questions_set_no_limit_of_their_own(session, builtin):
    limits = session.scalars(select(Question.max_chars).where(Question.type == "free_text")).all()
    assert limits and set(limits) == {None}


@pytest.mark.parametrize("value", [0, 2001, "lots", True])
def test_a_limit_that_cannot_work_stops_the_app_with_its_name(tmp_path, value):
    with pytest.raises(ConfigError, match="FREE_TEXT_MAX_CHARS is"):
        create_app({"SECRET_KEY": "x", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}",
                    "FREE_TEXT_MAX_CHARS": value})
