"""Kiosk sessions: a tablet at an event taking answers, recorded so it can be ended."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .events import Event
from .people import User
from .surveys import Survey
from .types import utcnow


class KioskSession(db.Model):
    """One start of kiosk mode. Its random key is in the tablet's signed link; the link works
    while this row says the session is live: not ended from the workspace, not past its end
    time, and its organiser still switched on."""
    __tablename__ = "kiosk_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(32), unique=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"))
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    event: Mapped[Event] = relationship()
    survey: Mapped[Survey] = relationship()
    started_by: Mapped[User | None] = relationship(foreign_keys=[started_by_id])

    def live(self, now: datetime) -> bool:
        return (self.ended_at is None and self.expires_at > now
                and self.started_by is not None and self.started_by.active)
