"""What a form should not take: bodies no page sends (a clear 415), and answers that only look blank."""
from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import func, select

from feedback.models import Response
from tests.helpers import open_form, reshown
from tests.pages import check_page

SURVEY = "/s/after-an-event"


def _refused_plainly(response) -> None:
    assert response.status_code == 415
    page = check_page(response.get_data(as_text=True))
    assert page.h1.get_text(strip=True) == "Sorry, we could not read what was sent"
    assert "send the form again" in page.get_text()


@pytest.mark.parametrize("body", ["[1]", '"x"', "{}"])
def test_json_instead_of_a_form_is_refused(client, session, builtin, body):
    _refused_plainly(client.post(SURVEY, data=body, content_type="application/json"))


def test_json_with_the_form_fields_as_numbers_stores_nothing(client, session, builtin):
    fields = open_form(client, SURVEY)
    body = json.dumps(fields | {"role": "carer", "what_helped": 1, "submission_key": True})
    _refused_plainly(client.post(SURVEY, data=body, content_type="application/json"))
    assert session.scalar(select(func.count()).select_from(Response)) == 0


def test_a_file_in_a_text_field_is_refused(client, session, builtin):
    fields = open_form(client, SURVEY)
    data = fields | {"role": "carer", "what_helped": (io.BytesIO(b"hello"), "note.txt")}
    _refused_plainly(client.post(SURVEY, data=data, content_type="multipart/form-data"))
    assert session.scalar(select(func.count()).select_from(Response)) == 0


def test_plain_text_bodies_and_organiser_pages_are_refused_too(client, builtin):
    _refused_plainly(client.post(SURVEY, data="role=carer", content_type="text/plain"))
    _refused_plainly(client.post("/organise/sign-in", data="{}", content_type="application/json"))


def test_an_ordinary_form_post_is_not_affected(client, session, builtin):
    fields = open_form(client, SURVEY)
    response = client.post(SURVEY, data=fields | {"role": "carer", "what_helped": "Kind staff"})
    assert response.status_code == 303
    assert session.scalar(select(func.count()).select_from(Response)) == 1


BLANK_LOOKING = ["   \n  ", "\u200b\u200b\ufeff", " \u200d \u2060 "]


@pytest.mark.parametrize("blank", BLANK_LOOKING)
def test_an_answer_of_only_invisible_characters_is_no_answer(client, session, builtin, blank):
    from feedback.models import Answer
    fields = open_form(client, SURVEY)
    response = client.post(SURVEY, data=fields | {"role": "carer", "what_helped": blank})
    assert response.status_code == 303
    assert session.scalars(select(Answer.text).where(Answer.text.is_not(None))).all() == []


@pytest.mark.parametrize("blank", BLANK_LOOKING)
def test_a_required_question_answered_with_only_invisible_characters_asks_again(client, session, blank):
    from tests.factories import make_survey
    make_survey(session, slug="must-answer", questions=[
        {"key": "why", "type": "free_text", "prompt": "Why?", "required": True},
    ])
    session.commit()
    fields = open_form(client, "/s/must-answer")
    response = client.post("/s/must-answer", data=fields | {"why": blank})
    response = reshown(client, response)
    page = check_page(response.get_data(as_text=True))
    assert page.select_one(".nhsuk-error-summary a").get_text(strip=True) == "Enter your answer"
    assert session.scalar(select(func.count()).select_from(Response)) == 0
