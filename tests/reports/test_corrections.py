"""Corrections are stored as human decisions, and re-analysis leaves them alone."""
from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from feedback.models import AnswerAnalysis, AnswerTheme, AuditLog, Direction, SafeguardingFlag, Sentiment, TagSource
from feedback.reports.corrections import CorrectionError, correct_answer
from feedback.reports.flags import flag_in_survey, mark_flag_handled
from feedback.tagging.machine_analysis import MachineTag, apply_machine_analysis
from tests.factories import analyse, flag, make_response, make_survey, make_theme, make_user, text_answer


@pytest.fixture
def tagged(session):
    survey = make_survey(session)
    travel, noise, staff = (make_theme(session, name=name) for name in ("Travel", "Noise", "Staff attitude"))
    answer = text_answer(make_response(session, survey=survey, texts={"what_helped": "the bus and kind staff"}),
                         "what_helped")
    analyse(session, answer=answer, sentiment=Sentiment.NEGATIVE, direction=Direction.ENABLER, themes=[travel, noise])
    return answer, travel, noise, staff


def rows(session, answer):
    return {row.theme.name: row for row in session.scalars(select(AnswerTheme).where(AnswerTheme.answer_id == answer.id))}


def test_a_correction_adds_removes_and_sets_sentiment_as_human(session, tagged):
    answer, travel, noise, staff = tagged
    user = make_user(session)
    result = correct_answer(session, answer_id=answer.id, theme_ids=[travel.id, staff.id],
                            sentiment=Sentiment.POSITIVE, user=user)
    assert result.added == ["Staff attitude"] and result.removed == ["Noise"]
    assert result.sentiment == (Sentiment.NEGATIVE, Sentiment.POSITIVE)
    tags = rows(session, answer)
    assert tags["Travel"].source is TagSource.RULE, "a kept machine tag is left as it was"
    assert (tags["Staff attitude"].source, tags["Staff attitude"].removed) == (TagSource.HUMAN, False)
    assert (tags["Noise"].source, tags["Noise"].removed, tags["Noise"].set_by_id) == (TagSource.HUMAN, True, user.id)
    analysis = session.get(AnswerAnalysis, answer.id)
    assert analysis.sentiment is Sentiment.POSITIVE and analysis.sentiment_by_human and analysis.corrected_by_id == user.id
    logged = session.scalars(select(AuditLog)).one()
    assert logged.action == "analysis.correct" and "removed Noise" in logged.detail
    assert "bus" not in logged.detail, "answers stay out of the audit log"


def test_no_change_is_not_logged(session, tagged):
    answer, travel, noise, _ = tagged
    result = correct_answer(session, answer_id=answer.id, theme_ids=[travel.id, noise.id],
                            sentiment=Sentiment.NEGATIVE, user=make_user(session))
    assert not result.changed and session.scalar(select(AuditLog.id)) is None


def test_unknown_themes_and_closed_answers_are_refused(session, tagged):
    answer, *_ = tagged
    user = make_user(session)
    with pytest.raises(CorrectionError, match="Select themes from the list shown"):
        correct_answer(session, answer_id=answer.id, theme_ids=[98765], sentiment=None, user=user)
    closed = make_response(session, survey=make_survey(session, slug="closed-only"), choices={"listened_to": "agree"})
    with pytest.raises(CorrectionError):
        correct_answer(session, answer_id=closed.answers[0].id, theme_ids=[], sentiment=None, user=user)


def test_reanalysis_keeps_human_decisions(session, tagged):
    answer, travel, noise, staff = tagged
    correct_answer(session, answer_id=answer.id, theme_ids=[travel.id, staff.id], sentiment=Sentiment.POSITIVE,
                   user=make_user(session))
    # The model now thinks: noise again, and travel, but not staff attitude; negative.
    apply_machine_analysis(session, answer_id=answer.id, sentiment=Sentiment.NEGATIVE, score=-0.8,
                           direction=Direction.BARRIER, model_version="test-2",
                           tags=[MachineTag(noise.id, TagSource.MODEL, "model", 0.7),
                                 MachineTag(travel.id, TagSource.MODEL, "model", 0.6)])
    session.flush()
    tags = rows(session, answer)
    assert tags["Noise"].removed, "a theme a person removed does not come back"
    assert not tags["Staff attitude"].removed, "a theme a person added stays"
    assert tags["Travel"].source is TagSource.MODEL and tags["Travel"].confidence == 0.6
    analysis = session.get(AnswerAnalysis, answer.id)
    assert analysis.sentiment is Sentiment.POSITIVE and analysis.model_version == "test-2"
    assert analysis.direction is Direction.ENABLER, "the person's positive reading decides the direction"


def test_reanalysis_replaces_its_own_tags(session, tagged):
    answer, travel, noise, staff = tagged
    apply_machine_analysis(session, answer_id=answer.id, sentiment=Sentiment.NEUTRAL, score=0.0,
                           direction=Direction.NEUTRAL, model_version="test-2",
                           tags=[MachineTag(staff.id, TagSource.RULE, "kind staff")])
    session.flush()
    assert set(rows(session, answer)) == {"Staff attitude"}
    assert session.get(AnswerAnalysis, answer.id).sentiment is Sentiment.NEUTRAL
    with pytest.raises(ValueError):
        apply_machine_analysis(session, answer_id=answer.id, sentiment=Sentiment.NEUTRAL, score=0.0,
                               direction=Direction.NEUTRAL, model_version="x", tags=[MachineTag(travel.id, TagSource.HUMAN)])


def test_a_flag_is_handled_once(session, tagged):
    answer, *_ = tagged
    raised = flag(session, answer=answer)
    user = make_user(session)
    when = datetime(2026, 3, 2, 9, 30)
    survey_id = answer.response.survey_version.survey_id
    found = flag_in_survey(session, flag_id=raised.id, survey_id=survey_id)
    assert found is raised
    assert flag_in_survey(session, flag_id=raised.id, survey_id=survey_id + 1) is None
    assert flag_in_survey(session, flag_id=12345, survey_id=survey_id) is None
    assert mark_flag_handled(session, flag=found, user=user, now=when, note=" rang the carer ")
    assert not mark_flag_handled(session, flag=found, user=user, now=datetime(2026, 3, 3))
    stored = session.get(SafeguardingFlag, raised.id)
    assert (stored.handled_at, stored.handled_by_id, stored.handled_note) == (when, user.id, "rang the carer")
