"""The blank form's questions are rendered once and reused: people must never see stale wording."""
from __future__ import annotations

from tests.helpers import hidden_fields, reshown
from tests.pages import parse

EVENT_SURVEY = "/s/after-an-event"


def legends(html: str) -> list[str]:
    return [legend.get_text(" ", strip=True) for legend in parse(html).select("fieldset legend")]


def test_each_person_gets_their_own_submission_key_around_the_same_questions(app, client, builtin):
    first = client.get(EVENT_SURVEY).get_data(as_text=True)
    second = app.test_client().get(EVENT_SURVEY).get_data(as_text=True)  # another person
    assert legends(first) == legends(second)
    assert "Who are you?" in legends(first)
    assert hidden_fields(first)["submission_key"] != hidden_fields(second)["submission_key"]


def test_edited_wording_shows_at_once(client, session, builtin):
    client.get(EVENT_SURVEY)  # the old wording is now rendered and kept
    version = builtin["after-an-event"].current_version
    role = next(question for question in version.questions if question.key == "role")
    role.prompt = "Which of these describes you?"
    role.choices[0].label = "Someone who uses services"
    session.commit()

    page = parse(client.get(EVENT_SURVEY).get_data(as_text=True))
    assert "Which of these describes you?" in legends(str(page))
    assert "Who are you?" not in legends(str(page))
    labels = [label.get_text(strip=True) for label in page.select("label[for^=role]")]
    assert labels[0] == "Someone who uses services"


def test_a_form_sent_back_with_errors_keeps_the_persons_answers(app, client, builtin):
    data = hidden_fields(client.get(EVENT_SURVEY).get_data(as_text=True))
    data |= {"listened_to": "agree", "what_helped": "Clear letters."}  # "role" is required and missing
    page = parse(reshown(client, client.post(EVENT_SURVEY, data=data)).get_data(as_text=True))
    assert page.select_one("input[name=listened_to][value=agree]").has_attr("checked")
    assert page.select_one("textarea[name=what_helped]").get_text() == "Clear letters."
    # the next person still gets a blank form
    blank = parse(app.test_client().get(EVENT_SURVEY).get_data(as_text=True))
    assert not blank.select("input[checked]")
    assert blank.select_one("textarea[name=what_helped]").get_text() == ""
