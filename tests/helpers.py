"""Helpers for driving forms the way a browser does (read the page, send what it holds),
and what several test modules share: the event survey and good answers to it, a copy of
it, a kiosk link, an app for the migration tests, and the per-event tallies against a count
of the raw responses."""
from __future__ import annotations

import os
from collections import Counter, defaultdict
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from flask.testing import FlaskClient
from sqlalchemy import select, text

from feedback import create_app
from feedback.models import Survey, UserRole
from feedback.organise.kiosk import make_token
from feedback.organise.survey_editing import duplicate_survey
from tests.factories import make_user
from tests.pages import parse


def hidden_fields(html: str) -> dict[str, str]:
    page = parse(html)
    return {field["name"]: field.get("value", "")
            for field in page.select("form input[type=hidden]") if field.get("name")}


def open_form(client: FlaskClient, url: str) -> dict[str, str]:
    """GET a page with a form and return its hidden fields (CSRF token, submission key)."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return hidden_fields(response.get_data(as_text=True))


def submit(client: FlaskClient, url: str, answers: dict[str, str | list[str]], **kwargs):
    """Fill in the form at `url` with `answers` and post it, as a person would."""
    data: dict[str, str | list[str]] = open_form(client, url)
    data.update(answers)
    return client.post(url, data=data, **kwargs)


def reshown(client: FlaskClient, response):
    """A survey form sent with a problem is shown again by a redirect (so Back after sending
    never asks to resubmit): assert that it was, and return the page it leads to."""
    assert response.status_code == 303, f"expected a redirect to the form again, got {response.status_code}"
    location = response.headers["Location"]
    assert "answers=" in location, location
    page = client.get(location)
    assert page.status_code == 200, page.status_code
    return page


def move_on(client: FlaskClient, url: str, data):
    """Send a page of a one-question-per-page survey: the page it leads to comes by a
    redirect (so Back after sending never asks to resubmit), followed as a browser does.
    Any other answer (sent, refused) is returned as it is."""
    sent = client.post(url, data=data)
    if sent.status_code == 303 and "answers=" in sent.headers["Location"]:
        return reshown(client, sent)
    return sent


EVENT_SURVEY = "/s/after-an-event"
GOOD_ANSWERS = {
    "role": "carer",
    "listened_to": "agree",
    "treated_as_equal": "strongly_agree",
    "what_helped": "The organisers paid my bus fare and explained everything clearly.",
    "what_made_it_harder": "The room was noisy.",
    "involved_again": "yes",
}


def carried(html: str) -> list[tuple[str, str]]:
    """Every hidden field of the survey form, as a browser would send them (repeats kept)."""
    return [(field["name"], field.get("value", "")) for field in parse(html).select("#survey-form input[type=hidden]")]



def copy_of_event_survey(session, builtin) -> Survey:
    survey = duplicate_survey(session, builtin["after-an-event"], by=None)
    session.commit()
    return survey



def kiosk_url(app, event, survey, *, by=None) -> str:
    """A kiosk session's link, as an organiser starting kiosk mode gets it."""
    from feedback.extensions import db
    from feedback.models import User
    from feedback.models.types import utcnow
    from feedback.organise.kiosk import start_kiosk
    by = by or db.session.scalar(select(User).where(User.email == "kiosk-starter@example.org")) or make_user(
        db.session, email="kiosk-starter@example.org", role=UserRole.ORGANISER)
    _kiosk, ticket = start_kiosk(db.session, event, survey, by=by, lasts=timedelta(hours=10), now=utcnow())
    db.session.commit()
    return f"/organise/kiosk/{make_token(app.secret_key, ticket)}"



def make_app(tmp_path: Path):
    url = os.environ.get("FEEDBACK_TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'migrated.sqlite'}"
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "DATABASE_URL": url})
    app.instance_path = str(tmp_path)
    return app


def event_counts_from_rows(connection) -> tuple[dict, dict]:
    """Each event's responses per day, and its agreement answers per day and question as
    [answered, agreed], counted here in Python from the rows (not by the app's SQL)."""
    days: Counter = Counter()
    answers: dict = defaultdict(lambda: [0, 0])
    where = {row.id: (row.event_id, row.submitted_on) for row in connection.execute(
        text("SELECT id, event_id, submitted_on FROM response WHERE event_id IS NOT NULL"))}
    for event_id, day in where.values():
        days[(event_id, _day(day))] += 1
    agreement = {row.id for row in connection.execute(text("SELECT id FROM question WHERE type = 'agreement'"))}
    scores = dict(connection.execute(text("SELECT id, score FROM choice")).all())
    for response_id, question_id, choice_id in connection.execute(
            text("SELECT response_id, question_id, choice_id FROM answer")):
        if response_id in where and question_id in agreement and choice_id is not None:
            event_id, day = where[response_id]
            cell = answers[(event_id, _day(day), question_id)]
            cell[0] += 1
            cell[1] += int(scores[choice_id] is not None and scores[choice_id] >= 4)
    return dict(days), dict(answers)


def _tallies(connection, period: str, responses_table: str, answers_table: str) -> tuple[dict, dict]:
    counts = {(row[0], _day(row[1])): row[2] for row in connection.execute(
        text(f"SELECT event_id, {period}, responses FROM {responses_table}"))}
    answers = {(row[0], _day(row[1]), row[2]): [row[3], row[4]] for row in connection.execute(
        text(f"SELECT event_id, {period}, question_id, answered, agreed FROM {answers_table}"))}
    return counts, answers


def event_tallies(connection) -> tuple[dict, dict]:
    """The same, as the tallies hold them."""
    return _tallies(connection, "day", "event_day_tally", "event_answer_tally")


def event_month_tallies(connection) -> tuple[dict, dict]:
    """The monthly tallies, keyed as event_tallies() but by the month's first day."""
    return _tallies(connection, "month", "event_month_tally", "event_month_answer_tally")


def summed_by_month(days: dict, answers: dict) -> tuple[dict, dict]:
    """Counts keyed by (event, 'YYYY-MM-DD', ...) summed in Python into their months."""
    months: Counter = Counter()
    by_month: dict = defaultdict(lambda: [0, 0])
    for (event_id, day), number in days.items():
        months[(event_id, day[:8] + "01")] += number
    for (event_id, day, question_id), (answered, agreed) in answers.items():
        cell = by_month[(event_id, day[:8] + "01", question_id)]
        cell[0] += answered
        cell[1] += agreed
    return dict(months), dict(by_month)


def _day(value):
    return str(value)[:10]   # SQLite hands back text from raw SQL, PostgreSQL a date


def empty_schema() -> None:
    """No tables at all, not even Alembic's record of the revision: where a migration test
    starts and leaves the database."""
    from sqlalchemy import text

    from feedback.extensions import db
    db.drop_all()
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))



@contextmanager
def opened_a_minute_ago(monkeypatch):
    """Forms shown inside carry the anti-automation stamp (web/submission_guard.py) of a
    minute ago, as a person's who took a minute to answer would; pages shown later, a
    fresh one."""
    from feedback.web import submission_guard

    class Earlier(submission_guard.TimestampSigner):
        def get_timestamp(self) -> int:
            return super().get_timestamp() - 60
    with monkeypatch.context() as patch:
        patch.setattr(submission_guard, "TimestampSigner", Earlier)
        yield
