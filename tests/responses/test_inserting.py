"""A submission is written with one INSERT per table (responses/inserting.py) unless its
analysis raised a flag or the session holds other changes: the rows, the event tallies by
day and month and the stale marks must be exactly what the ORM's flush makes."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from sqlalchemy import select

from feedback.mail.compose import MailSettings
from feedback.models import (
    Answer,
    AnswerAnalysis,
    AnswerTheme,
    Choice,
    Question,
    Response,
    SafeguardingFlag,
)
from feedback.models.measures import TallyStale
from feedback.responses import inserting
from feedback.responses.storing import store_once
from feedback.responses.submission import Submission, analyse, free_texts, new_submission_key, record_response
from feedback.tagging.tagger import cached_tagger
from tests.factories import make_event
from tests.responses.test_event_tallies import assert_tallies_agree, built

WRITTEN = {"role": "carer", "listened_to": "strongly_agree", "treated_as_equal": "disagree",
           "easy_information": "neither", "involved_again": "yes",
           "what_helped": "The organisers paid my bus fare, call me on 07700 900123, and explained everything clearly.",
           "what_made_it_harder": "The room was noisy and it was hard to hear people at the other end."}
RISK = {"role": "service_user", "what_made_it_harder": "Honestly some days I want to end my life."}


def store(app, session, version, event, answers, *, on=date(2026, 3, 14)) -> tuple[str, bool]:
    submission = Submission(answers=answers, submission_key=new_submission_key())
    return store_once(session, version, event, submission, today=on, tagger=cached_tagger(),
                      mail_settings=MailSettings.from_config(app.config), now=datetime(2026, 3, 14, 12))


def rows_of(session, public_id: str) -> dict:
    """A response's rows as a person reading the results would tell them apart (no ids)."""
    response = session.scalar(select(Response).where(Response.public_id == public_id))
    answers = session.execute(select(Answer, Question.key, Choice.value).select_from(Answer)
                              .join(Question, Question.id == Answer.question_id).outerjoin(Choice, Choice.id == Answer.choice_id)
                              .where(Answer.response_id == response.id)).all()
    key_of = {answer.id: key for answer, key, _ in answers}
    analyses = session.scalars(select(AnswerAnalysis).where(AnswerAnalysis.answer_id.in_(key_of))).all()
    themes = session.scalars(select(AnswerTheme).where(AnswerTheme.answer_id.in_(key_of))).all()
    return {
        "response": (response.survey_version_id, response.event_id, response.respondent_role, response.channel,
                     response.language, response.format, response.submitted_on, response.entered_by_id,
                     len(response.export_id)),
        "answers": sorted((key, value, answer.text, answer.original_text) for answer, key, value in answers),
        "analysis": sorted((key_of[a.answer_id], a.sentiment, a.score, a.direction, a.model_version,
                            a.sentiment_by_human, a.corrected_by_id) for a in analyses),
        "themes": sorted((key_of[t.answer_id], t.theme_id, t.source, t.evidence, t.confidence, t.removed, t.set_by_id)
                         for t in themes),
    }


def test_a_submission_written_in_one_insert_per_table_matches_one_written_by_the_orm(app, session, builtin):
    survey = builtin["after-an-event"]
    event = make_event(session, surveys=[survey])
    session.commit()
    version = survey.current_version
    submission = Submission(answers=WRITTEN)
    assert inserting.fits(session, analyse(cached_tagger(), free_texts(version, submission), "en"))
    inserted, new = store(app, session, version, event, WRITTEN)
    assert new
    orm = record_response(session, version=version, event=event, submission=submission, today=date(2026, 3, 14),
                          tagger=cached_tagger()).public_id
    session.commit()
    written = rows_of(session, inserted)
    assert written == rows_of(session, orm)
    assert ("what_helped", None, "The organisers paid my bus fare, call me on [phone number removed], and "
            "explained everything clearly.", None) in written["answers"]   # redacted before it was stored
    assert written["analysis"] and written["themes"]


def test_the_tallies_by_day_and_month_and_the_stale_marks_count_inserted_submissions(app, session, builtin):
    survey = builtin["after-an-event"]
    first, second = make_event(session, surveys=[survey]), make_event(session, surveys=[survey])
    session.commit()
    built(session)
    version = survey.current_version
    for event, on, agree in [(first, date(2026, 3, 14), "agree"), (first, date(2026, 3, 14), "disagree"),
                             (first, date(2026, 3, 31), "strongly_agree"), (first, date(2026, 4, 1), "agree"),
                             (second, date(2026, 3, 14), "neither"), (None, date(2026, 3, 14), "agree")]:
        assert store(app, session, version, event, WRITTEN | {"listened_to": agree}, on=on)[1]
    days = assert_tallies_agree(session)
    assert days == {(first.id, "2026-03-14"): 2, (first.id, "2026-03-31"): 1, (first.id, "2026-04-01"): 1,
                    (second.id, "2026-03-14"): 1}
    stale = {(mark.day, mark.generation) for mark in session.scalars(
        select(TallyStale).where(TallyStale.survey_id == survey.id))}
    assert stale == {(date(2026, 3, 14), 4), (date(2026, 3, 31), 1), (date(2026, 4, 1), 1)}


def test_a_session_with_other_changes_or_a_flagged_answer_is_written_by_the_orm(app, session, builtin):
    survey = builtin["after-an-event"]
    event = make_event(session, surveys=[survey])
    session.commit()
    built(session)
    version = survey.current_version
    event.place = "The library"   # pending: the flush hooks must see it with the response
    assert not inserting.fits(session, [])
    assert store(app, session, version, event, WRITTEN)[1]
    assert not inserting.fits(session, analyse(cached_tagger(), free_texts(version, Submission(RISK)), "en"))
    flagged, _ = store(app, session, version, event, RISK)
    assert session.scalar(select(SafeguardingFlag.id).join(Answer).join(Response)
                          .where(Response.public_id == flagged)) is not None
    assert sum(assert_tallies_agree(session).values()) == 2


def test_a_key_sent_again_finds_the_first_response_and_counts_nothing_twice(app, session, builtin):
    survey = builtin["after-an-event"]
    event = make_event(session, surveys=[survey])
    session.commit()
    built(session)
    submission = Submission(answers=WRITTEN, submission_key=new_submission_key())
    settings = dict(today=date(2026, 3, 14), tagger=cached_tagger(), mail_settings=MailSettings.from_config(app.config),
                    now=datetime(2026, 3, 14, 12))
    first, new = store_once(session, survey.current_version, event, submission, **settings)
    assert new
    assert store_once(session, survey.current_version, event, submission, **settings) == (first, False)
    assert store_once(session, survey.current_version, event, replace(submission, answers=RISK), **settings) \
        == (first, False)   # a flagged copy goes through the ORM, and meets the key there
    assert assert_tallies_agree(session) == {(event.id, "2026-03-14"): 1}
    assert session.scalar(select(SafeguardingFlag.id)) is None
