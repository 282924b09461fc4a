"""The per-event tallies the compare page and project reports read agree with a count of the
raw responses after every way a response reaches or leaves the database."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select, update

from feedback.extensions import db
from feedback.models import Answer, Choice, Event, Question, Response
from feedback.models.event_tallies import ensure_built
from feedback.responses.submission import Submission, record_response
from tests.factories import make_event, make_user
from tests.helpers import (
    GOOD_ANSWERS,
    copy_of_event_survey,
    event_counts_from_rows,
    event_month_tallies,
    event_tallies,
    open_form,
    submit,
    summed_by_month,
)
from tests.organise.conftest import sign_in_as


def assert_tallies_agree(session) -> dict:
    session.commit()
    with db.engine.connect() as connection:
        counted, tallied = event_counts_from_rows(connection), event_tallies(connection)
        months = event_month_tallies(connection)
    assert tallied == counted
    assert months == summed_by_month(*counted)   # what the compare page reads
    return counted[0]


def built(session) -> None:
    ensure_built(session)
    session.commit()


def answers_at(session, event, count: int, *, on: date = date(2026, 3, 14), agree: str = "agree") -> list[Response]:
    """`count` responses at the event, each agreeing (or not) with both statements."""
    version = event.surveys[0].current_version
    return [record_response(session, version=version, event=event, today=on, submission=Submission(
        answers={"role": "carer", "listened_to": agree, "treated_as_equal": "disagree", "involved_again": "yes"}))
        for _ in range(count)]


def test_answers_sent_online_and_on_paper_are_counted_as_they_are_stored(client, session, builtin):
    survey = builtin["after-an-event"]
    event = make_event(session, surveys=[survey], held_on=date(2026, 3, 14))
    built(session)
    sent = submit(client, f"/e/{event.code}/after-an-event", GOOD_ANSWERS | {"listened_to": "strongly_agree"})
    assert sent.status_code == 303 and "/thanks/" in sent.headers["Location"]
    sign_in_as(client, make_user(session))
    paper = f"/organise/surveys/{survey.id}/paper?event={event.id}"
    for answer in ("agree", "disagree", "agree"):
        assert submit(client, paper, {"listened_to": answer}).status_code == 303
    days = assert_tallies_agree(session)
    assert sum(days.values()) == 4
    listened = session.scalar(select(Question.id).where(Question.version_id == survey.current_version_id,
                                                        Question.key == "listened_to"))
    _, answers = event_tallies(session.connection())
    assert sum(cell[0] for key, cell in answers.items() if key[2] == listened) == 4
    assert sum(cell[1] for key, cell in answers.items() if key[2] == listened) == 3   # two agree, one strongly


def test_an_answer_erased_or_changed_and_a_response_deleted_are_recounted(session, builtin):
    event = make_event(session, surveys=[builtin["after-an-event"]])
    stored = answers_at(session, event, 6)
    session.commit()
    built(session)
    agreement = [a for a in stored[0].answers if a.question.key == "listened_to"][0]
    session.delete(agreement)                       # an answer erased
    assert_tallies_agree(session)
    other = [a for a in stored[1].answers if a.question.key == "listened_to"][0]
    other.choice_id = session.scalar(select(Choice.id).where(Choice.question_id == other.question_id,
                                                             Choice.value == "strongly_disagree"))
    assert_tallies_agree(session)                   # an answer changed
    stored[2].answers = [a for a in stored[2].answers if a.question.key != "treated_as_equal"]
    assert_tallies_agree(session)                   # an answer taken off its response
    session.delete(stored[3])                       # a response deleted, answers and all
    assert_tallies_agree(session)
    session.expire_all()
    session.delete(session.get(Response, stored[4].id))   # the same, not loaded first
    days = assert_tallies_agree(session)
    assert sum(days.values()) == 4


def test_a_response_moved_to_another_event_or_day_and_an_event_deleted(session, builtin):
    survey = builtin["after-an-event"]
    first = make_event(session, surveys=[survey], code="AAAAAA")
    second = make_event(session, name="Open day", surveys=[survey], code="BBBBBB")
    stored = answers_at(session, first, 4) + answers_at(session, second, 3, on=date(2026, 3, 20))
    session.commit()
    built(session)
    stored[0].event_id = second.id
    stored[1].submitted_on = date(2026, 3, 15)
    stored[2].event_id = None
    days = assert_tallies_agree(session)
    assert days == {(first.id, "2026-03-14"): 1, (first.id, "2026-03-15"): 1,
                    (second.id, "2026-03-14"): 1, (second.id, "2026-03-20"): 3}
    session.delete(session.get(Event, second.id))   # its responses stay, with no event
    session.commit()
    assert set(assert_tallies_agree(session)) == {(first.id, "2026-03-14"), (first.id, "2026-03-15")}


def test_the_sums_by_month_follow_a_response_moved_into_another_month_beside_a_new_one(session, builtin):
    event = make_event(session, surveys=[builtin["after-an-event"]])
    stored = answers_at(session, event, 3, on=date(2026, 3, 31)) + answers_at(session, event, 2, on=date(2026, 4, 1))
    session.commit()
    built(session)
    with session.no_autoflush:   # all in one flush
        stored[0].submitted_on = date(2026, 4, 2)          # recounted: both its days, so both months
        answers_at(session, event, 2, on=date(2026, 4, 3))   # added to a month being recounted
        answers_at(session, event, 1, on=date(2026, 5, 1), agree="disagree")
    assert_tallies_agree(session)
    with db.engine.connect() as connection:
        months, answers = event_month_tallies(connection)
    assert months == {(event.id, "2026-03-01"): 2, (event.id, "2026-04-01"): 5, (event.id, "2026-05-01"): 1}
    listened = session.scalar(select(Question.id).where(Question.key == "listened_to", Question.version_id ==
                                                        builtin["after-an-event"].current_version_id))
    assert answers[(event.id, "2026-04-01", listened)] == [5, 5]
    assert answers[(event.id, "2026-05-01", listened)] == [1, 0]


def test_removing_a_question_from_an_answered_survey_keeps_its_counts(client, session, builtin):
    survey = copy_of_event_survey(session, builtin)
    event = make_event(session, surveys=[survey])
    answers_at(session, event, 5)
    session.commit()
    built(session)
    before = event_tallies(session.connection())
    sign_in_as(client, make_user(session))
    token = open_form(client, f"/organise/surveys/{survey.id}")["csrf_token"]
    client.post(f"/organise/surveys/{survey.id}/questions/listened_to/delete", data={"csrf_token": token})
    session.expire_all()
    assert survey.current_version.number == 2
    assert_tallies_agree(session)
    assert event_tallies(session.connection()) == before   # the old answers keep their old question


def test_sql_that_bypasses_the_app_is_put_right_by_rebuild_tallies(runner, session, builtin):
    event = make_event(session, surveys=[builtin["after-an-event"]])
    answers_at(session, event, 5)
    session.commit()
    built(session)
    session.execute(update(Response).values(submitted_on=date(2026, 4, 1)))   # not seen by the tallies
    session.execute(update(Answer).where(Answer.choice_id.is_not(None)).values(choice_id=None))
    session.commit()
    with db.engine.connect() as connection:
        assert event_tallies(connection) != event_counts_from_rows(connection)
    result = runner.invoke(args=["rebuild-tallies"])
    assert result.exit_code == 0, result.output
    assert "Counted the tallies again: 1 event(s) with responses" in result.output
    session.expire_all()
    assert assert_tallies_agree(session) == {(event.id, "2026-04-01"): 5}
