"""Fixtures for the email tests: a real SMTP server on loopback, and factories for data."""
from __future__ import annotations

import secrets
import socket
from collections.abc import Iterator
from datetime import date, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from feedback.models import (
    Answer,
    AnswerAnalysis,
    AnswerTheme,
    Choice,
    Direction,
    Frequency,
    Question,
    QuestionType,
    RespondentRole,
    Response,
    ScopeKind,
    Sentiment,
    Subscription,
    Survey,
    TagSource,
    Theme,
)


class StoringHandler:
    """Keeps every message the server accepts, parsed as a mail client would."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd's name)
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted"


class SmtpServer:
    """A loopback SMTP server that can be started late, to play one that is down."""

    def __init__(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.handler = StoringHandler()
        self.controller: Controller | None = None

    @property
    def messages(self) -> list[EmailMessage]:
        return self.handler.messages

    def start(self) -> None:
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_down(app) -> Iterator[SmtpServer]:
    """The app is configured for a loopback SMTP server that is not running yet."""
    server = SmtpServer()
    app.config.update(MAIL_SMTP_HOST="127.0.0.1", MAIL_SMTP_PORT=server.port, MAIL_SMTP_SECURITY="none",
                      MAIL_SMTP_TIMEOUT=5, MAIL_FROM="summaries@trust.example", BASE_URL="https://feedback.example")
    yield server
    server.stop()


@pytest.fixture
def smtp(smtp_down: SmtpServer) -> SmtpServer:
    smtp_down.start()
    return smtp_down


def make_subscription(session, *, email: str = "lead@trust.example", scope_kind: ScopeKind = ScopeKind.EVERYTHING,
                      scope_id: int | None = None, scope_name: str = "", frequency: Frequency = Frequency.WEEKLY,
                      weekday: int | None = 0, hour: int = 7, created_at: datetime = datetime(2026, 1, 1)) -> Subscription:
    subscription = Subscription(email=email, scope_kind=scope_kind, scope_id=scope_id, scope_name=scope_name,
                                frequency=frequency, weekday=weekday, hour=hour, timezone="Europe/London",
                                active=True, created_at=created_at)
    session.add(subscription)
    session.commit()
    return subscription


def add_responses(session, *, survey: Survey, on: date, count: int, role: RespondentRole = RespondentRole.CARER,
                  agree: bool = True, text: str | None = None, direction: Direction = Direction.ENABLER,
                  theme: Theme | None = None, sentiment: Sentiment = Sentiment.POSITIVE,
                  confidence: float = 0.9) -> list[Response]:
    """`count` responses on day `on`, answering every agreement question, with optional analysed text."""
    version = survey.current_version
    agreement = [question for question in version.questions if question.type is QuestionType.AGREEMENT]
    text_key = "what_helped" if direction is Direction.ENABLER else "what_made_it_harder"
    text_question = session.scalar(select(Question).where(Question.version_id == version.id,
                                                          Question.key == text_key))
    responses = []
    for _ in range(count):
        response = Response(public_id=secrets.token_hex(8), survey_version_id=version.id, respondent_role=role,
                            submitted_on=on)
        for question in agreement:
            choice = session.scalar(select(Choice).where(Choice.question_id == question.id,
                                                         Choice.value == ("agree" if agree else "disagree")))
            response.answers.append(Answer(question_id=question.id, choice_id=choice.id))
        if text is not None:
            answer = Answer(question_id=text_question.id, text=text)
            response.answers.append(answer)
        session.add(response)
        session.flush()
        if text is not None:
            session.add(AnswerAnalysis(answer_id=answer.id, sentiment=sentiment, score=0.5, direction=direction,
                                       model_version="test"))
            if theme is not None:
                session.add(AnswerTheme(answer_id=answer.id, theme_id=theme.id, source=TagSource.RULE,
                                        evidence="test", confidence=confidence))
        responses.append(response)
    session.commit()
    return responses
