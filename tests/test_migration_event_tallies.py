"""The migrations that add the per-event tallies count the responses already stored, and sum them by month."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import date

from flask_migrate import downgrade, upgrade
from sqlalchemy import insert, select, text

from feedback.extensions import db
from feedback.models import Answer, Choice, Question, Response
from feedback.setup_data import load_builtin_surveys
from tests.helpers import (
    empty_schema,
    event_counts_from_rows,
    event_month_tallies,
    event_tallies,
    make_app,
    summed_by_month,
)

BEFORE, AFTER, MONTHS = "c4e7a2b9d815", "a3e7c5d1f902", "b6d2e8f4a1c7"


@contextmanager
def _tallies_counted(tmp_path):
    """An app whose database was at revision BEFORE with responses, then upgraded to AFTER;
    emptied again afterwards."""
    app = make_app(tmp_path)
    with app.app_context():
        empty_schema()
        try:
            upgrade(revision=BEFORE)
            _store_responses_without_tallies()
            upgrade(revision=AFTER)
            yield
        finally:
            db.session.remove()
            empty_schema()
            db.engine.dispose()


def test_existing_responses_are_counted_into_the_event_tallies(tmp_path):
    with _tallies_counted(tmp_path):
        with db.engine.connect() as connection:
            days, agreement = event_tallies(connection)
            assert (days, agreement) == event_counts_from_rows(connection)
            assert sum(days.values()) == 11
            assert [sum(cell[0] for cell in agreement.values()), sum(cell[1] for cell in agreement.values())] \
                == [11, 7]   # every third disagrees
            assert len(days) == 6   # two events, three days each
            assert connection.execute(text("SELECT method FROM event_tally_built")).scalar_one() == 1
        downgrade(revision=BEFORE)
        assert not db.inspect(db.engine).has_table("event_day_tally")


def test_the_daily_tallies_are_summed_into_months(tmp_path):
    with _tallies_counted(tmp_path):
        upgrade(revision=MONTHS)
        with db.engine.connect() as connection:
            months = event_month_tallies(connection)
            assert months == summed_by_month(*event_tallies(connection))
            assert len(months[0]) == 2   # two events, one month each
            assert connection.execute(text("SELECT method FROM event_tally_built")).scalar_one() == 2
        downgrade(revision=AFTER)
        assert not db.inspect(db.engine).has_table("event_month_tally")
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT method FROM event_tally_built")).scalar_one() == 1


def _store_responses_without_tallies() -> None:
    """Two events and twelve responses (one with no event) over three days, stored at
    revision BEFORE as a bulk load or an older release would: no tallies kept."""
    survey = next(s for s in load_builtin_surveys(db.session) if s.slug == "after-an-event")
    db.session.commit()
    for code in ("AAAAAA", "BBBBBB"):   # SQL with the columns of that revision: later ones add more
        db.session.execute(text(
            "INSERT INTO event (code, name, held_on, place, is_demo, easy_read, notes, created_at)"
            " VALUES (:code, :code, :day, '', false, false, '', :day)"), {"code": code, "day": date(2026, 3, 1)})
    db.session.commit()
    event_ids = list(db.session.scalars(text("SELECT id FROM event ORDER BY code")))
    questions = {q.key: q.id for q in db.session.scalars(
        select(Question).where(Question.version_id == survey.current_version_id))}
    choices = dict(db.session.execute(select(Choice.value, Choice.id).where(
        Choice.question_id == questions["listened_to"])).all())
    responses, answers = [], []
    for number in range(12):   # stored as a bulk load or an older release would: no tallies kept
        responses.append({"id": number + 1, "public_id": f"{number:032x}", "export_id": f"{number:016x}",
                          "survey_version_id": survey.current_version_id, "respondent_role": "carer",
                          "channel": "online", "language": "en", "submitted_on": date(2026, 3, 1 + number % 3),
                          "event_id": None if number == 11 else event_ids[number % 2]})
        answers.append({"response_id": number + 1, "question_id": questions["listened_to"],
                        "choice_id": choices["agree" if number % 3 else "disagree"], "text": None})
        answers.append({"response_id": number + 1, "question_id": questions["what_helped"],
                        "choice_id": None, "text": "Tea"})
    db.session.execute(insert(Response.__table__), responses)
    db.session.execute(insert(Answer.__table__), answers)
    db.session.commit()
