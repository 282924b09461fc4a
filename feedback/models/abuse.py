"""What the service keeps to notice abuse of the public forms. No client address, ever."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .surveys import Survey
from .types import utcnow


class SubmissionSurge(db.Model):
    """A day on which a survey's responses went far above its usual daily number; once per
    survey and day, so its organisers are told once."""
    __tablename__ = "submission_surge"
    __table_args__ = (UniqueConstraint("survey_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    responses: Mapped[int] = mapped_column(Integer)       # that day's, when it was noticed
    usual_per_day: Mapped[int] = mapped_column(Integer)   # the average of the days before, rounded up
    noticed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    survey: Mapped[Survey] = relationship()
