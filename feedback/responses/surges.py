"""Notice when a survey's responses jump far above its usual rate, and tell its organisers.

A flood of made-up answers can bury real ones and raise false safeguarding flags. The rate
limit slows one client; this catches many clients at once, or one that stays under the
limit all day. Responses carry only their date, so the rate is per day: today's count
against the average of the days before. No Flask here; the caller commits.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Date, bindparam, exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..mail.compose import MailSettings
from ..models import OutboxMessage, Response, SubmissionSurge, Survey, SurveyVersion, User, UserRole

USUAL_OVER_DAYS = 28


@dataclass(frozen=True)
class SurgeRule:
    factor: float     # today above this many times the usual day
    minimum: int      # and at least this many today

    @classmethod
    def from_config(cls, config) -> SurgeRule:
        return cls(factor=float(config["SUBMISSION_SURGE_FACTOR"]), minimum=int(config["SUBMISSION_SURGE_MINIMUM"]))


# Built once: every submission runs the first. Today's count and whether today's surge was
# noticed already come back together, in one query.
_RESPONSES = (select(func.count(Response.id)).where(
    Response.survey_version_id.in_(select(SurveyVersion.id).where(SurveyVersion.survey_id == bindparam("survey"))),
    Response.submitted_on.between(bindparam("first", type_=Date), bindparam("last", type_=Date))))
_TODAY = select(_RESPONSES.scalar_subquery(), exists().where(
    SubmissionSurge.survey_id == bindparam("survey"), SubmissionSurge.day == bindparam("last", type_=Date)))


def _responses(session: Session, survey_id: int, first: date, last: date) -> int:
    return session.scalar(_RESPONSES, {"survey": survey_id, "first": first, "last": last}) or 0


def check_surge(session: Session, survey_id: int, today: date, rule: SurgeRule, settings: MailSettings,
                now: datetime) -> SubmissionSurge | None:
    """After a response is stored: record a surge and email the organisers, once a day per
    survey, when today's responses pass both the minimum and `factor` times the usual day."""
    if rule.minimum <= 0:
        return None
    count, noticed = session.execute(_TODAY, {"survey": survey_id, "first": today, "last": today}).one()
    if count < rule.minimum or noticed:
        return None  # the usual case: one cheap query
    before = _responses(session, survey_id, today - timedelta(days=USUAL_OVER_DAYS), today - timedelta(days=1))
    usual = math.ceil(before / USUAL_OVER_DAYS)
    if count <= rule.factor * usual:
        return None
    surge = SubmissionSurge(survey_id=survey_id, day=today, responses=count, usual_per_day=usual, noticed_at=now)
    try:
        with session.begin_nested():  # another worker may notice the same surge at once
            session.add(surge)
    except IntegrityError:
        return None
    survey = session.get(Survey, survey_id)
    for email in session.scalars(select(User.email).where(
            User.active.is_(True), User.role.in_([UserRole.ORGANISER, UserRole.ADMIN])).order_by(User.email)):
        session.add(_message(email, survey, surge, settings, now))
    return surge


def _message(email: str, survey: Survey, surge: SubmissionSurge, settings: MailSettings, now: datetime) -> OutboxMessage:
    body = "\n".join([
        f"\u201c{survey.title}\u201d has had {surge.responses} responses today; on a usual day in the last "
        f"{USUAL_OVER_DAYS} days it had {surge.usual_per_day}.",
        "",
        "That may be a busy event, or someone sending made-up answers to bury real ones or to raise false "
        "safeguarding flags. If nothing explains it, read today's written answers and tell your administrator.",
        "",
        f"Results (sign in first): {settings.base_url}/organise/results/surveys/{survey.id}",
        "",
        "You get this email because you are an organiser or administrator of the survey service. It is sent "
        "at most once a day for each survey.",
    ])
    return OutboxMessage(to=email, subject=f"Unusually many responses to \u201c{survey.title}\u201d today",
                         body_text=body, body_html=None, headers={}, next_attempt_at=now, created_at=now)
