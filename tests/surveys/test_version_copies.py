"""Each worker keeps a copy of a survey's wording (feedback/responses/versions.py): a
respondent must still see, and answer, the wording as it is now, whichever worker made the
change and whichever way it was made."""
from __future__ import annotations

import csv
import io

import pytest
from flask import g
from sqlalchemy import select

from feedback import create_app
from feedback.extensions import db
from feedback.models import Answer, Question, Response, SurveyStatus, UserRole
from feedback.organise.survey_editing import save_spec, version_to_spec
from tests.conftest import CheckedClient
from tests.factories import make_user
from tests.helpers import GOOD_ANSWERS, copy_of_event_survey, submit
from tests.organise.conftest import sign_in_as
from tests.pages import parse


@pytest.fixture
def survey(session, builtin):
    made = copy_of_event_survey(session, builtin)
    made.status = SurveyStatus.OPEN
    made.current_version.translations.clear()
    session.commit()
    return made


def first_legend(client, url: str) -> str:
    return parse(client.get(url).get_data(as_text=True)).select_one("fieldset legend").get_text(" ", strip=True)


def sent(response) -> bool:
    return response.status_code == 303 and "/thanks/" in response.headers["Location"]


def reword_first_question(session, survey, prompt: str):
    spec = version_to_spec(survey)
    spec["questions"][0]["prompt"] = prompt
    version = save_spec(session, survey, spec, by=None, action="edit")
    session.commit()
    return version


def test_a_survey_edited_before_anyone_answered_shows_and_stores_the_new_wording(client, session, survey):
    url = f"/s/{survey.slug}"
    assert first_legend(client, url) == "Who are you?"  # now in this worker's copy
    edited = reword_first_question(session, survey, "Which of these describes you?")
    assert edited.number == 1  # edited in place: the same version, the same id

    assert first_legend(client, url) == "Which of these describes you?"
    assert sent(submit(client, url, GOOD_ANSWERS))
    stored = session.scalar(select(Question.prompt).join(Answer, Answer.question_id == Question.id)
                            .join(Response).where(Response.survey_version_id == edited.id))
    assert stored == "Which of these describes you?"  # not a question the edit removed


def test_a_new_version_is_shown_and_answers_go_to_it(client, session, survey):
    url = f"/s/{survey.slug}"
    assert sent(submit(client, url, GOOD_ANSWERS))  # answered: an edit makes a new version
    first = survey.current_version.id
    newer = reword_first_question(session, survey, "Tell us who you are")
    assert newer.id != first

    fresh = client.application.test_client()  # another person, with a session of their own:
    g.pop("csrf_token", None)  # the test's app context outlives requests, and Flask-WTF keeps the token on g
    assert first_legend(fresh, url) == "Tell us who you are"
    assert sent(submit(fresh, url, GOOD_ANSWERS))
    versions = session.scalars(select(Response.survey_version_id).order_by(Response.id)).all()
    assert versions == [first, newer.id]


def test_an_imported_translation_shows_on_the_next_page_view(client, session, survey):
    url = f"/s/{survey.slug}?lang=pl"
    assert first_legend(client, url) == "Who are you?"  # no Polish yet: English, kept in the copy
    organiser = client.application.test_client()
    sign_in_as(organiser, make_user(session, role=UserRole.ORGANISER))
    page = organiser.get(f"/organise/surveys/{survey.id}/translations")
    token = parse(page.get_data(as_text=True)).select_one("input[name=csrf_token]")["value"]
    sheet = organiser.get(f"/organise/surveys/{survey.id}/translations/pl.csv").data
    rows = list(csv.reader(io.StringIO(sheet.decode("utf-8-sig"))))
    for row in rows[1:]:
        row[3] = "Kim jesteś?" if row[0] == "question.role.prompt" else "PL " + row[2]
    filled = io.StringIO()
    csv.writer(filled).writerows(rows)
    imported = organiser.post(f"/organise/surveys/{survey.id}/translations/pl",
                              data={"csrf_token": token, "sheet": (io.BytesIO(filled.getvalue().encode()), "pl.csv")},
                              content_type="multipart/form-data")
    assert imported.status_code == 303

    assert first_legend(client, url) == "Kim jesteś?"


def test_another_worker_sees_an_edit_made_by_this_one(app, client, session, survey):
    # A second app on the same database stands for a second gunicorn worker, with copies of its own.
    other = create_app({**{key: app.config[key] for key in ("TESTING", "SECRET_KEY", "DATABASE_URL",
                                                            "SUBMISSION_MIN_SECONDS", "SUBMISSION_RATE_LIMIT")}})
    other.test_client_class = CheckedClient
    elsewhere = other.test_client()
    url = f"/s/{survey.slug}"
    assert first_legend(elsewhere, url) == "Who are you?"

    reword_first_question(session, survey, "Which of these describes you?")  # through this worker's session

    assert first_legend(elsewhere, url) == "Which of these describes you?"
    assert sent(submit(elsewhere, url, GOOD_ANSWERS))
    with other.app_context():
        db.session.remove()
        db.engine.dispose()
