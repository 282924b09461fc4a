"""Engagement events: each has a short public code for its link and QR code."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Column, Date, DateTime, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .surveys import Survey
from .types import Involvement, enum_column, utcnow

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
    qi_project: Mapped[str] = mapped_column(String(200), default="", index=True)
    involvement: Mapped[Involvement] = mapped_column(enum_column(Involvement), default=Involvement.UNKNOWN)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    surveys: Mapped[list[Survey]] = relationship(secondary=event_survey, order_by=Survey.id)

    @property
    def is_open(self) -> bool:
        return self.closed_at is None
