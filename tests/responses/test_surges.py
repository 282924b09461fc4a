"""A day far busier than a survey's usual is noticed once, and its organisers are emailed."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select

from feedback.mail.compose import MailSettings
from feedback.models import OutboxMessage, SubmissionSurge, UserRole
from feedback.responses.surges import SurgeRule, check_surge
from tests.factories import make_response, make_survey, make_user

TODAY = date(2026, 3, 28)
NOW = datetime(2026, 3, 28, 15, 0)
RULE = SurgeRule(factor=5, minimum=50)


def settings(app) -> MailSettings:
    return MailSettings.from_config(app.config)


def fill(session, survey, *, per_day_before: int, today: int) -> None:
    for days_ago in range(1, 29):
        for _ in range(per_day_before):
            make_response(session, survey=survey, on=TODAY - timedelta(days=days_ago))
    for _ in range(today):
        make_response(session, survey=survey, on=TODAY)
    session.commit()


def test_a_jump_far_above_the_usual_day_emails_organisers_once(app, session):
    survey = make_survey(session)
    for role in (UserRole.ADMIN, UserRole.ORGANISER, UserRole.VIEWER):
        make_user(session, email=f"{role.value}@example.org", role=role)
    make_user(session, email="gone@example.org", role=UserRole.ORGANISER, active=False)
    fill(session, survey, per_day_before=2, today=60)
    surge = check_surge(session, survey.id, TODAY, RULE, settings(app), NOW)
    session.commit()
    assert (surge.responses, surge.usual_per_day) == (60, 2)
    emails = session.scalars(select(OutboxMessage)).all()
    assert sorted(message.to for message in emails) == ["admin@example.org", "organiser@example.org"]
    assert "60 responses today" in emails[0].body_text and "usual day" in emails[0].body_text
    assert "Unusually many responses" in emails[0].subject
    make_response(session, survey=survey, on=TODAY)
    assert check_surge(session, survey.id, TODAY, RULE, settings(app), NOW) is None, "once a day"
    assert len(session.scalars(select(SubmissionSurge)).all()) == 1


def test_a_busy_day_that_is_usual_for_the_survey_is_not_a_surge(app, session):
    survey = make_survey(session)
    make_user(session, role=UserRole.ORGANISER)
    fill(session, survey, per_day_before=20, today=60)
    assert check_surge(session, survey.id, TODAY, RULE, settings(app), NOW) is None
    assert session.scalars(select(OutboxMessage)).all() == []


def test_below_the_minimum_nothing_is_counted_against_the_past(app, session):
    survey = make_survey(session)
    fill(session, survey, per_day_before=0, today=49)
    assert check_surge(session, survey.id, TODAY, RULE, settings(app), NOW) is None
    assert check_surge(session, survey.id, TODAY, SurgeRule(factor=5, minimum=0), settings(app), NOW) is None, "0: off"


def test_storing_a_response_checks_for_a_surge(app, client, session, builtin):
    from tests.helpers import submit
    make_user(session, role=UserRole.ORGANISER)
    app.config.update(SUBMISSION_SURGE_MINIMUM=2, SUBMISSION_SURGE_FACTOR=5)
    for _ in range(2):
        client.get("/s/after-an-event?again=1")
        assert submit(client, "/s/after-an-event", {"role": "carer"}).status_code == 303
    assert session.scalars(select(SubmissionSurge)).one().responses == 2
