"""Free text is redacted, analysed and flagged as it is stored; re-analysis keeps people's fixes."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from feedback.analysis.results import Safeguarding, SafeguardingReason
from feedback.analysis.risk_categories import reasons_in_words
from feedback.models import (
    Answer,
    AnswerAnalysis,
    AnswerTheme,
    Direction,
    PromptPolarity,
    Question,
    Response,
    SafeguardingFlag,
    Sentiment,
    TagSource,
    Theme,
    User,
    UserRole,
    direction_for,
)
from feedback.reports.corrections import correct_answer
from feedback.tagging.tagger import flag_answer
from tests.helpers import submit
from tests.pages import parse

SURVEY = "/s/after-an-event"


def free_text_answer(session, key: str) -> Answer:
    return session.scalars(select(Answer).join(Answer.question).where(Question.key == key)).one()


def test_contact_details_are_removed_before_the_answer_is_stored(client, session, builtin):
    typed = "Ring me on 07700 900123 or write to jo.bloggs@example.com, NHS number 943 476 5919."
    submit(client, SURVEY, {"role": "carer", "what_made_it_harder": typed})
    stored = free_text_answer(session, "what_made_it_harder")
    assert "07700" not in stored.text and "example.com" not in stored.text and "5919" not in stored.text
    assert "[phone number removed]" in stored.text and "[email address removed]" in stored.text
    assert "[NHS number removed]" in stored.text
    assert stored.original_text is None


def test_an_administrator_can_choose_to_keep_the_original_text(app, client, session, builtin):
    app.config["KEEP_ORIGINAL_TEXT"] = True
    typed = "Call 07700 900123 about the travel costs."
    submit(client, SURVEY, {"role": "carer", "what_made_it_harder": typed})
    stored = free_text_answer(session, "what_made_it_harder")
    assert stored.original_text == typed and "07700" not in stored.text


def test_each_free_text_answer_gets_sentiment_direction_and_explained_themes(client, session, builtin):
    submit(client, SURVEY, {"role": "service_user",
                            "what_made_it_harder": "I was never paid for my time and the jargon was confusing."})
    answer = free_text_answer(session, "what_made_it_harder")
    analysis = session.get(AnswerAnalysis, answer.id)
    assert analysis.direction is Direction.BARRIER
    assert -1 <= analysis.score <= 1 and analysis.model_version
    tags = {tag.theme.name: tag for tag in session.scalars(select(AnswerTheme).where(AnswerTheme.answer_id == answer.id))}
    assert "Payment and recognition" in tags
    assert tags["Payment and recognition"].source is TagSource.RULE
    assert "paid" in tags["Payment and recognition"].evidence


def test_a_risk_disclosure_is_flagged_and_the_person_sees_where_to_get_help(client, session, builtin):
    response = submit(client, SURVEY, {"role": "service_user",
                                       "what_made_it_harder": "Honestly some days I want to end my life."})
    thanks = client.get(response.headers["Location"])
    assert thanks.headers["Cache-Control"] == "no-store", "not kept on a shared phone"
    page = parse(thanks.get_data(as_text=True))
    callout = page.select_one(".nhsuk-warning-callout")
    assert callout is not None and "116 123" in callout.get_text() and "option 2" in callout.get_text()
    flag = session.scalars(select(SafeguardingFlag)).one()
    assert flag.handled_at is None and flag.reasons


def test_a_flag_records_why_in_words_an_organiser_can_read(client, session, builtin):
    typed = "the group was nice but ive started cuttin again and tbh i dont see the point any more"
    submit(client, SURVEY, {"role": "service_user", "what_made_it_harder": typed})
    flag = session.scalars(select(SafeguardingFlag)).one()
    assert flag.category_keys[:2] == ["self_harm", "hopelessness"]
    assert reasons_in_words(flag.reasons).startswith(
        "Self-harm: \u201cstarted cuttin\u201d; Hopelessness or wanting to die: \u201cdont see the point any more\u201d")


def test_a_flag_raised_by_the_model_names_it_and_its_probability(client, session, builtin):
    submit(client, SURVEY, {"role": "service_user", "what_made_it_harder": "The room was too warm."})
    answer = free_text_answer(session, "what_made_it_harder")
    assert session.scalars(select(SafeguardingFlag)).first() is None
    reason = SafeguardingReason("hopelessness", "", 0, 0, source="model", probability=0.97)
    flag_answer(session, answer, Safeguarding(True, (reason,), probability=0.97), date(2026, 12, 3))
    session.flush()
    flag = session.scalars(select(SafeguardingFlag)).one()
    assert flag.category_keys == ["hopelessness"]
    assert reasons_in_words(flag.reasons) == "Hopelessness or wanting to die: risk model, probability 0.97"


def test_a_negated_mention_is_not_flagged(client, session, builtin):
    response = submit(client, SURVEY, {"role": "service_user",
                                       "what_helped": "I'm not suicidal, I just wanted to help improve the ward."})
    page = parse(client.get(response.headers["Location"]).get_data(as_text=True))
    assert page.select_one(".nhsuk-warning-callout") is None
    assert "116 123" in page.get_text(), "every thank-you page still says where help is"
    assert session.scalars(select(SafeguardingFlag)).first() is None


def test_reanalyse_keeps_corrections_made_by_people(client, runner, session, builtin):
    submit(client, SURVEY, {"role": "carer", "what_made_it_harder": "Nobody paid my travel expenses."})
    answer = free_text_answer(session, "what_made_it_harder")
    organiser = User(email="o@example.org", role=UserRole.ORGANISER, password_hash="x")
    session.add(organiser)
    session.flush()
    equality = session.scalar(select(Theme).where(Theme.name == "Power and equality"))
    correct_answer(session, answer_id=answer.id, theme_ids=[equality.id], sentiment=Sentiment.POSITIVE, user=organiser)
    session.commit()

    result = runner.invoke(args=["reanalyse"])
    assert result.exit_code == 0, result.output
    assert "Re-analysed 1 answer" in result.output
    session.expire_all()
    rows = {row.theme.name: row for row in session.scalars(select(AnswerTheme).where(AnswerTheme.answer_id == answer.id))}
    assert rows["Payment and recognition"].removed and rows["Payment and recognition"].source is TagSource.HUMAN
    assert not rows["Power and equality"].removed
    analysis = session.get(AnswerAnalysis, answer.id)
    assert analysis.sentiment is Sentiment.POSITIVE and analysis.sentiment_by_human


def test_a_persons_sentiment_also_sets_the_direction_and_survives_reanalysis(client, runner, session, builtin):
    submit(client, SURVEY, {"role": "carer", "what_made_it_harder": "Nothing really, it was all fine."})
    answer = free_text_answer(session, "what_made_it_harder")
    organiser = User(email="o@example.org", role=UserRole.ORGANISER, password_hash="x")
    session.add(organiser)
    session.flush()
    correct_answer(session, answer_id=answer.id, theme_ids=[], sentiment=Sentiment.NEGATIVE, user=organiser)
    session.commit()
    assert session.get(AnswerAnalysis, answer.id).direction is Direction.BARRIER

    assert runner.invoke(args=["reanalyse"]).exit_code == 0
    session.expire_all()
    analysis = session.get(AnswerAnalysis, answer.id)
    assert (analysis.sentiment, analysis.direction) == (Sentiment.NEGATIVE, Direction.BARRIER)


@pytest.mark.parametrize(("sentiment", "polarity", "expected"), [
    (Sentiment.POSITIVE, PromptPolarity.BARRIER, Direction.ENABLER),   # "Nothing, it was great"
    (Sentiment.NEGATIVE, PromptPolarity.ENABLER, Direction.BARRIER),   # "Nothing helped"
    (Sentiment.NEUTRAL, PromptPolarity.BARRIER, Direction.BARRIER),    # "The room was noisy"
    (Sentiment.NEUTRAL, PromptPolarity.ENABLER, Direction.ENABLER),
    (Sentiment.NEUTRAL, None, Direction.NEUTRAL),
])
def test_direction_follows_sentiment_and_the_question_breaks_ties(sentiment, polarity, expected):
    assert direction_for(sentiment, polarity) is expected


def test_responses_without_free_text_store_no_analysis(client, session, builtin):
    submit(client, SURVEY, {"role": "carer", "listened_to": "agree"})
    assert session.scalars(select(Response)).one()
    assert session.scalars(select(AnswerAnalysis)).first() is None
