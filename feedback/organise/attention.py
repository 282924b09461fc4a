"""What the organiser home page asks someone to look at, and a new trust's first steps.

Plain queries over the models, no Flask: the view passes the settings and the time.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..mail.heartbeat import last_pass_at, scheduler_running
from ..models import (
    Answer,
    Event,
    OutboxMessage,
    Question,
    Response,
    SafeguardingFlag,
    Subscription,
    Survey,
    SurveyStatus,
    SurveyVersion,
    User,
    UserRole,
)

CLOSING_WITHIN = timedelta(days=14)


@dataclass(frozen=True)
class Attention:
    open_flags: list[tuple[Survey, int]]      # surveys with unhandled flags, and how many
    closing: list[Survey]                     # open surveys that close within CLOSING_WITHIN
    failed_emails: int                        # given up on; an organiser can retry them
    scheduler_running: bool
    scheduler_last_pass: datetime | None

    @property
    def anything(self) -> bool:
        return bool(self.open_flags or self.closing or self.failed_emails or not self.scheduler_running)


@dataclass(frozen=True)
class Step:
    text: str
    done: bool
    endpoint: str | None = None          # where to do it, if in the workspace
    role: UserRole = UserRole.ORGANISER  # the lowest role that can do it


def attention(session: Session, today: date, now: datetime) -> Attention:
    flagged = session.execute(
        select(Survey, func.count(SafeguardingFlag.id))
        .join(SurveyVersion, SurveyVersion.survey_id == Survey.id)
        .join(Question, Question.version_id == SurveyVersion.id)
        .join(Answer, Answer.question_id == Question.id)
        .join(SafeguardingFlag, SafeguardingFlag.answer_id == Answer.id)
        .where(SafeguardingFlag.waiting())
        .group_by(Survey.id).order_by(Survey.slug)
    ).all()
    closing = list(session.scalars(
        select(Survey).where(Survey.status == SurveyStatus.OPEN, Survey.closes_on.is_not(None),
                             Survey.closes_on >= today, Survey.closes_on <= today + CLOSING_WITHIN)
        .order_by(Survey.closes_on, Survey.slug)))
    failed = session.scalar(select(func.count(OutboxMessage.id)).where(
        OutboxMessage.failed_at.is_not(None), OutboxMessage.sent_at.is_(None))) or 0
    return Attention(open_flags=[(survey, count) for survey, count in flagged], closing=closing,
                     failed_emails=failed, scheduler_running=scheduler_running(session, now),
                     scheduler_last_pass=last_pass_at(session))


def getting_started(session: Session, *, base_url_set: bool, mail_server_set: bool) -> list[Step]:
    """The first things a new trust does, each marked done once the data shows it."""
    def exists(query) -> bool:
        return session.scalar(select(query.exists())) or False

    return [
        Step("Ask your administrator to set the public web address (BASE_URL), so QR codes work on phones",
             base_url_set),
        Step("Ask your administrator to set up a mail server, so summaries are emailed",
             mail_server_set),
        Step("Create your first event and choose its surveys", exists(select(Event.id).where(Event.is_demo.is_(False))),
             "organise.event_new"),
        Step("Put up the event's poster or share its link, and collect the first answers", exists(select(Response.id).join(Event)
                                                                  .where(Event.is_demo.is_(False))),
             "organise.events"),
        Step("Subscribe to an email summary", exists(select(Subscription.id).where(Subscription.active.is_(True))),
             "organise.summary_new", UserRole.VIEWER),
        Step("Add the colleagues who will read the results", (session.scalar(select(func.count(User.id))) or 0) > 1,
             "organise.users", UserRole.ADMIN),
    ]
