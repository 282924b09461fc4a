"""A weekly summary, end to end: queued by a pass, delivered to a real SMTP server, read back."""
from __future__ import annotations

import re
from datetime import date, datetime
from urllib.parse import urlsplit

from sqlalchemy import func, select

from feedback.extensions import db
from feedback.mail.compose import MailSettings
from feedback.mail.scheduler import run_pass, send_preview
from feedback.mail.transports import transport_from_config
from feedback.models import (
    Answer,
    Direction,
    RespondentRole,
    ScopeKind,
    Sentiment,
    Subscription,
    SummaryRun,
)
from tests.factories import make_theme
from tests.mail.conftest import add_responses, make_subscription
from tests.mail.helpers import MONDAY, WEEK, busy_week, parts, words
from tests.pages import parse

NEXT_MONDAY = datetime(2026, 4, 13, 6, 0)


def one_pass(app, now):
    return run_pass(db.session, app.config, app.instance_path, now=now)


def test_weekly_summary_arrives_with_both_parts_chart_and_unsubscribe_headers(app, session, builtin, smtp):
    busy_week(session, builtin["after-an-event"])
    make_subscription(session, email="lead@trust.example")

    result = one_pass(app, MONDAY)

    assert (result.queued, result.sent, result.failed) == (1, 1, 0)
    [message] = smtp.messages
    assert message["To"] == "lead@trust.example"
    assert message["From"] == "summaries@trust.example"
    assert message["Subject"] == "Weekly summary: All surveys and events, 30 March to 5 April 2026"
    assert message.get_content_type() == "multipart/alternative"
    assert re.fullmatch(r"<https://feedback\.example/unsubscribe/[\w.-]+>", message["List-Unsubscribe"])
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    text, html = parts(message)
    for body in (text, html):
        assert "23 responses" in body and "10 in the period before" in body
        assert "People listened to what I said" in body
        assert "Travel and payment" in body and "Access to the venue" in body
        assert "They paid my bus fare on the day" in body
        assert "1 safeguarding flag waiting to be handled" in body
        assert "SECRET-RISK-TEXT" not in body
        assert "https://feedback.example/organise/results/" in body
    assert "Service users: 10" in text and "Carers: 6" in text
    assert re.search(r"People listened to what I said: 70% \(up 70 points\)", text)

    related = next(part for part in message.walk() if part.get_content_type() == "multipart/related")
    image = next(part for part in related.walk() if part.get_content_type() == "image/png")
    assert image.get_content().startswith(b"\x89PNG")
    cid = image["Content-ID"].strip("<>")
    page = parse(html)
    chart = page.find("img", src=f"cid:{cid}")
    assert chart is not None and "People listened to what I said 70%" in chart["alt"]


def test_unsubscribe_link_works_end_to_end_and_stops_further_summaries(app, session, builtin, smtp, client):
    add_responses(session, survey=builtin["after-an-event"], on=WEEK, count=3)
    make_subscription(session)
    one_pass(app, MONDAY)
    path = urlsplit(smtp.messages[0]["List-Unsubscribe"].strip("<>")).path

    confirm = client.get(path)
    assert confirm.status_code == 200
    page = parse(confirm.get_data(as_text=True))
    assert page.h1.get_text(strip=True) == "Unsubscribe from this email summary"
    assert session.scalars(select(Subscription)).one().active  # a link preview must not unsubscribe

    done = client.post(page.form["action"])
    assert done.status_code == 200
    assert "You have unsubscribed" in done.get_data(as_text=True)
    session.expire_all()
    assert not session.scalars(select(Subscription)).one().active

    one_pass(app, NEXT_MONDAY)
    assert len(smtp.messages) == 1
    assert client.get(path).status_code == 200  # the old link still says what happened


def test_one_click_unsubscribe_post_from_a_mail_provider(app, session, builtin, smtp, client):
    make_subscription(session)
    one_pass(app, MONDAY)
    path = urlsplit(smtp.messages[0]["List-Unsubscribe"].strip("<>")).path
    # RFC 8058: providers SHOULD send multipart/form-data, which no other page accepts.
    response = client.post(path, data={"List-Unsubscribe": "One-Click"}, content_type="multipart/form-data")
    assert response.status_code == 200
    session.expire_all()
    assert not session.scalars(select(Subscription)).one().active


def test_a_forged_or_mangled_unsubscribe_link_is_not_found(app, session, client):
    subscription = make_subscription(session)
    assert client.get("/unsubscribe/not-a-token").status_code == 404
    assert client.post(f"/unsubscribe/{subscription.id}").status_code == 404
    session.expire_all()
    assert session.get(Subscription, subscription.id).active


def test_a_quiet_week_says_so_instead_of_an_empty_table(app, session, builtin, smtp):
    make_subscription(session)
    one_pass(app, MONDAY)
    text, html = parts(smtp.messages[0])
    for body in (text, words(html)):
        assert "0 responses in this period" in body
        assert "There were no responses in this period" in body
        assert "How people rated taking part" not in body
    assert "<table" in html and "<th" not in html  # layout only, no data table
    assert "How people rated taking part" not in words(html)
    assert not [part for part in smtp.messages[0].walk() if part.get_content_type() == "image/png"]


def test_a_small_group_gets_only_its_size_as_on_the_results_page(app, session, builtin, smtp):
    theme = make_theme(session, name="Travel and payment")
    add_responses(session, survey=builtin["after-an-event"], on=WEEK, count=6, role=RespondentRole.CARER,
                  text="My neighbour Jo drove me there.", theme=theme)
    add_responses(session, survey=builtin["after-an-event"], on=WEEK, count=2, role=RespondentRole.STAFF,
                  text="Hard to find the room.", theme=make_theme(session, name="Finding the way"),
                  direction=Direction.BARRIER, sentiment=Sentiment.NEGATIVE)
    make_subscription(session, scope_kind=ScopeKind.SURVEY, scope_id=builtin["after-an-event"].id,
                      scope_name="after-an-event")
    one_pass(app, MONDAY)
    text, html = parts(smtp.messages[0])
    for body in (text, words(html)):
        assert "8 responses in this period" in body
        assert "fewer than 10 responses, so nothing more is shown" in body
        assert "Jo drove me" not in body and "Hard to find the room" not in body
        assert "Carers:" not in body
        # Which themes so few people raised would say too much about them.
        assert "Finding the way" not in body and "Travel and payment" not in body
        assert "How people rated taking part" not in body
    assert "Weekly summary: Tell us about the event you came to" in smtp.messages[0]["Subject"]


def test_fewer_than_five_responses_are_counted_as_fewer_than_five(app, session, builtin, smtp):
    add_responses(session, survey=builtin["after-an-event"], on=WEEK, count=2, role=RespondentRole.CARER,
                  text="Hard to find the room.", theme=make_theme(session, name="Finding the way"),
                  direction=Direction.BARRIER, sentiment=Sentiment.NEGATIVE)
    make_subscription(session)
    one_pass(app, MONDAY)
    text, html = parts(smtp.messages[0])
    for body in (text, words(html)):
        assert "fewer than 5 responses in this period (0 in the period before" in body
        assert "2 responses" not in body and "Finding the way" not in body


def test_each_period_is_claimed_once_per_subscription(app, session, builtin, smtp):
    make_subscription(session)
    one_pass(app, MONDAY)
    one_pass(app, datetime(2026, 4, 6, 12, 0))
    assert len(smtp.messages) == 1
    assert session.scalar(select(func.count(SummaryRun.id))) == 1


def test_a_small_role_group_is_not_shown_and_cannot_be_worked_out(app, session, builtin, smtp):
    theme = make_theme(session, name="Travel and payment")
    survey = builtin["after-an-event"]
    add_responses(session, survey=survey, on=WEEK, count=11, role=RespondentRole.CARER, text="Bus fare paid.",
                  theme=theme)
    add_responses(session, survey=survey, on=WEEK, count=12, role=RespondentRole.SERVICE_USER, text="Taxi paid.",
                  theme=theme)
    add_responses(session, survey=survey, on=WEEK, count=2, role=RespondentRole.STAFF, text="Parking paid.",
                  theme=theme)
    make_subscription(session)
    one_pass(app, MONDAY)
    text, _html = parts(smtp.messages[0])
    # Two staff answered: too few to break down by, as on the results page; and with the
    # total of 25 shown, 12 and 11 would give the 2 away, so the carers go too.
    assert "Travel and payment: 25 people" in text
    assert "Service users: 12; Carers: not shown; Staff: not shown (small group)" in text


def test_someone_naming_a_theme_in_two_answers_counts_once(app, session, builtin, smtp):
    from feedback.models import AnswerAnalysis, AnswerTheme, TagSource
    theme = make_theme(session, name="Travel and payment")
    responses = add_responses(session, survey=builtin["after-an-event"], on=WEEK, count=12,
                              role=RespondentRole.CARER, text="Bus fare paid.", theme=theme)
    other_question = next(question.id for question in builtin["after-an-event"].current_version.questions
                          if question.key == "what_made_it_harder")
    for response in responses:  # the same theme in their other written answer too
        other = Answer(response_id=response.id, question_id=other_question, text="The bus fare again.")
        session.add(other)
        session.flush()
        session.add(AnswerAnalysis(answer_id=other.id, sentiment=Sentiment.POSITIVE, score=0.5,
                                   direction=Direction.ENABLER, model_version="test"))
        session.add(AnswerTheme(answer_id=other.id, theme_id=theme.id, source=TagSource.RULE, confidence=0.5))
    session.commit()
    make_subscription(session)
    one_pass(app, MONDAY)
    text, _html = parts(smtp.messages[0])
    assert "Travel and payment: 12 people" in text and "Carers: 12" in text


def test_an_answer_with_two_themes_counts_once_in_the_sentiment_split(app, session, builtin, smtp):
    from feedback.models import AnswerTheme, TagSource
    travel, welcome = make_theme(session, name="Travel and payment"), make_theme(session, name="Feeling welcome")
    responses = add_responses(session, survey=builtin["after-an-event"], on=WEEK, count=12,
                              text="Bus fare paid and a warm welcome.", theme=travel)
    for response in responses:
        answer = next(answer for answer in response.answers if answer.text)
        session.add(AnswerTheme(answer_id=answer.id, theme_id=welcome.id, source=TagSource.RULE, confidence=0.5))
    removed = next(answer for answer in responses[0].answers if answer.text)
    session.add(AnswerTheme(answer_id=removed.id, theme_id=make_theme(session, name="Removed").id,
                            source=TagSource.HUMAN, removed=True))
    session.commit()
    make_subscription(session)
    one_pass(app, MONDAY)
    text, _html = parts(smtp.messages[0])
    assert "Travel and payment: 12 people" in text and "Feeling welcome: 12 people" in text
    assert "- Positive: 12" in text and "- Negative: 0" in text
    assert "Removed" not in text


def test_agreement_is_matched_by_question_key_across_survey_versions(app, session, builtin, smtp):
    from feedback.models import Choice, Question, QuestionType, SurveyVersion
    survey = builtin["after-an-event"]
    add_responses(session, survey=survey, on=date(2026, 3, 25), count=10, agree=False)   # version 1, week before
    reworded = SurveyVersion(survey_id=survey.id, number=2, title=survey.title)
    question = Question(key="listened_to", type=QuestionType.AGREEMENT, position=1, prompt="People heard me.")
    question.choices = [Choice(position=1, value="agree", label="Agree", score=4),
                        Choice(position=2, value="disagree", label="Disagree", score=2)]
    reworded.questions = [question]
    session.add(reworded)
    session.flush()
    survey.current_version_id = reworded.id
    session.commit()
    session.refresh(survey)
    add_responses(session, survey=survey, on=WEEK, count=10, agree=True)                 # version 2, this week
    make_subscription(session, scope_kind=ScopeKind.SURVEY, scope_id=survey.id, scope_name=survey.slug)
    one_pass(app, MONDAY)
    text, _html = parts(smtp.messages[0])
    assert "- People heard me: 100% (up 100 points)" in text
    assert "People listened to what I said" not in text


def test_a_percentage_that_gives_away_one_persons_answer_is_not_shown(app, session, builtin, smtp):
    survey = builtin["after-an-event"]
    add_responses(session, survey=survey, on=WEEK, count=9, agree=True)
    add_responses(session, survey=survey, on=WEEK, count=1, agree=False)
    make_subscription(session)
    one_pass(app, MONDAY)
    text, _html = parts(smtp.messages[0])
    # "90% of 10" would say that one person did not agree, which the results page hides.
    assert "90%" not in text
    assert "People listened to what I said: not shown: too few answers, or too few on one side" in text


def test_a_handful_of_responses_gets_no_sentiment_split(app, session, builtin, smtp):
    add_responses(session, survey=builtin["after-an-event"], on=WEEK, count=1, text="It was fine.",
                  sentiment=Sentiment.NEUTRAL)
    make_subscription(session)
    one_pass(app, MONDAY)
    text, _html = parts(smtp.messages[0])
    assert "fewer than 5 responses" in text
    assert "Neutral or mixed" not in text and "Positive:" not in text


def test_a_switched_off_account_stops_getting_its_summaries_until_switched_back_on(app, session, builtin, smtp):
    from tests.factories import make_user
    leaver = make_user(session, email="leaver@trust.example")
    subscription = make_subscription(session, email=leaver.email)
    subscription.user_id = leaver.id
    leaver.active = False
    session.commit()
    one_pass(app, MONDAY)
    assert smtp.messages == []
    leaver.active = True
    session.commit()
    one_pass(app, NEXT_MONDAY)
    assert [message["To"] for message in smtp.messages] == ["leaver@trust.example"]


def test_a_preview_mid_week_shows_this_week_so_far_not_the_empty_week_before(app, session, builtin, smtp):
    survey = builtin["after-an-event"]
    add_responses(session, survey=survey, on=date(2026, 4, 6), count=4, agree=True)   # this Monday
    add_responses(session, survey=survey, on=date(2026, 4, 8), count=3, agree=True)   # Wednesday
    subscription = make_subscription(session, email="lead@trust.example")
    settings = MailSettings.from_config(app.config)

    sent, _failed = send_preview(db.session, [subscription], settings,
                                 transport_from_config(app.config, app.instance_path), datetime(2026, 4, 9, 12, 0))

    assert sent == 1
    [message] = smtp.messages
    assert message["Subject"] == "Preview: Weekly summary: All surveys and events, 6 April to 9 April 2026 so far"
    text, html = parts(message)
    for body in (text, words(html)):
        assert "7 responses in this period so far (0 in the period before: 30 March to 5 April 2026)" in body
        assert "It covers the period so far, up to today" in body
    # The period was not used up: Monday's scheduled summary still goes, for the whole week.
    assert one_pass(app, NEXT_MONDAY).queued == 1
    assert smtp.messages[-1]["Subject"] == "Weekly summary: All surveys and events, 6 April to 12 April 2026"
