"""Responses and answers. Nothing here identifies a person: no time of day, no IP, no name."""
from __future__ import annotations

import secrets
from datetime import date

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .events import Event
from .surveys import Choice, Question, SurveyVersion
from .types import Channel, RespondentRole, ResponseFormat, enum_column


class Response(db.Model):
    __tablename__ = "response"
    __table_args__ = (
        Index("ix_response_version_day", "survey_version_id", "submitted_on"),
        Index("ix_response_event_day", "event_id", "submitted_on"),
        # Results count responses per role, and filter by role and date, for a survey;
        # this index answers those without reading the rows (role counts about 8x faster
        # at 100,000 responses on SQLite).
        Index("ix_response_version_role", "survey_version_id", "respondent_role", "submitted_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    # The id exports show: random, and never in an address (public_id is in /thanks/<id>),
    # so an export row cannot be matched to a thank-you link seen on someone's phone.
    export_id: Mapped[str] = mapped_column(String(16), unique=True, default=lambda: secrets.token_hex(8))
    survey_version_id: Mapped[int] = mapped_column(ForeignKey("survey_version.id", ondelete="RESTRICT"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="SET NULL"))
    respondent_role: Mapped[RespondentRole] = mapped_column(enum_column(RespondentRole))
    channel: Mapped[Channel] = mapped_column(enum_column(Channel), default=Channel.ONLINE)
    language: Mapped[str] = mapped_column(String(12), default="en")
    # Standard, Easy Read or large print. None: answered before this was recorded, in a
    # version that can no longer be told (migration c4e7a2b9d815).
    format: Mapped[ResponseFormat | None] = mapped_column(enum_column(ResponseFormat))
    submitted_on: Mapped[date] = mapped_column(Date)
    # A random key from the form page, so a double tap or the back button stores one response.
    submission_key: Mapped[str | None] = mapped_column(String(32), unique=True)
    # For paper entry: which organiser keyed it in (never who answered).
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    survey_version: Mapped[SurveyVersion] = relationship()
    event: Mapped[Event | None] = relationship()
    answers: Mapped[list[Answer]] = relationship(back_populates="response", cascade="all, delete-orphan")


class Answer(db.Model):
    """One answer to one question; a multiple-choice question has one row per choice ticked."""
    __tablename__ = "answer"
    # Covering indexes for the reports, so they read no answer rows: a period's choices by
    # response (summaries count agreement this way), and choices by question with the
    # response id (choice, theme and sentiment counts). The plain response index stays
    # for joins that need the whole row: PostgreSQL's planner costs the wide one higher
    # and fell back to scanning every response for each page of an export.
    __table_args__ = (
        Index("ix_answer_response_question_choice", "response_id", "question_id", "choice_id"),
        Index("ix_answer_question_choice", "question_id", "choice_id", "response_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id", ondelete="RESTRICT"))
    choice_id: Mapped[int | None] = mapped_column(ForeignKey("choice.id", ondelete="RESTRICT"))
    # Free text, stored after redaction of contact details and identifiers.
    text: Mapped[str | None] = mapped_column(Text)
    # The text as typed, kept only when an administrator sets KEEP_ORIGINAL_TEXT.
    original_text: Mapped[str | None] = mapped_column(Text)

    response: Mapped[Response] = relationship(back_populates="answers")
    question: Mapped[Question] = relationship()
    choice: Mapped[Choice | None] = relationship()
