"""The migrations that record each response's format and each event's question layout:
older responses are marked standard only where they cannot have been anything else (the
rest stay unknown), and existing events go on following their surveys' layout."""
from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from feedback.extensions import db
from feedback.models import Channel
from feedback.setup_data import load_builtin_surveys
from tests.factories import make_response, make_survey
from tests.helpers import empty_schema, make_app

BEFORE = "b9e4d2c7a1f3"


def test_older_responses_are_standard_only_where_nothing_else_was_possible(tmp_path):
    app = make_app(tmp_path)
    with app.app_context():
        empty_schema()
        try:
            upgrade()
            session = db.session
            with_easy_read = {survey.slug: survey for survey in load_builtin_surveys(session)}["after-an-event"]
            without = make_survey(session, slug="own-survey")
            made = {}
            for name, survey, channel in [("easy online", with_easy_read, Channel.ONLINE),
                                          ("easy kiosk", with_easy_read, Channel.KIOSK),
                                          ("easy paper", with_easy_read, Channel.PAPER),
                                          ("own online", without, Channel.ONLINE),
                                          ("own kiosk", without, Channel.KIOSK),
                                          ("own paper", without, Channel.PAPER)]:
                response = make_response(session, survey=survey)
                response.channel = channel
                made[name] = response.public_id
            session.commit()
            session.close()
            downgrade(revision=BEFORE)  # as the rows were before formats were recorded
            upgrade()
            with db.engine.connect() as connection:
                stored = dict(connection.execute(text("SELECT public_id, format FROM response")).all())
            assert {name: stored[public_id] for name, public_id in made.items()} == {
                "easy online": None, "easy kiosk": "standard", "easy paper": None,
                "own online": "standard", "own kiosk": "standard", "own paper": None}
        finally:
            db.session.remove()
            empty_schema()
            db.engine.dispose()


def test_existing_events_follow_their_surveys_layout(tmp_path):
    app = make_app(tmp_path)
    with app.app_context():
        empty_schema()
        try:
            upgrade(revision="a3e7c5d1f902")
            with db.engine.begin() as connection:
                connection.execute(text(
                    "INSERT INTO event (code, name, place, is_demo, notes, created_at)"
                    " VALUES ('AAAAAA', 'Ward café', '', false, '', '2026-01-01 09:00:00')"))
            upgrade()
            with db.engine.connect() as connection:
                assert connection.execute(text("SELECT question_layout FROM event")).scalar_one() == "survey"
            downgrade(revision="a3e7c5d1f902")
        finally:
            empty_schema()
            db.engine.dispose()
