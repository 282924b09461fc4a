"""Engagement events: each has a short public code for its link and QR code."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Column, Date, DateTime, ForeignKey, String, Table, Text, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .projects import QIProject
from .surveys import Survey
from .types import Involvement, QuestionLayout, enum_column, utcnow

event_survey = Table(
    "event_survey",
    db.metadata,
    Column("event_id", ForeignKey("event.id", ondelete="CASCADE"), primary_key=True),
    Column("survey_id", ForeignKey("survey.id", ondelete="CASCADE"), primary_key=True),
)


class Event(db.Model):
    __tablename__ = "event"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[date | None] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(200), default="")
    project_id: Mapped[int | None] = mapped_column(ForeignKey("qi_project.id", ondelete="SET NULL"), index=True)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    # The event's link opens the Easy Read version (where a survey has one); people can switch.
    easy_read: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Lets an event show a survey one question per page (or all on one) without copying it:
    # built-in surveys cannot be edited.
    question_layout: Mapped[QuestionLayout] = mapped_column(
        enum_column(QuestionLayout), default=QuestionLayout.SURVEY, server_default=QuestionLayout.SURVEY.value)
    # Unlisted: not on the home page, reachable only by its link, code or QR code.
    listed: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    notes: Mapped[str] = mapped_column(Text, default="")
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    surveys: Mapped[list[Survey]] = relationship(secondary=event_survey, order_by=Survey.id)
    project: Mapped[QIProject | None] = relationship()

    @property
    def involvement(self) -> Involvement:
        """Whether service users or carers were on the project's team on the event's day."""
        if self.project is None:
            return Involvement.UNKNOWN
        return self.project.involvement_on(self.held_on or self.created_at.date())

    @property
    def is_open(self) -> bool:
        return self.closed_at is None
