"""Who is told when an answer is flagged, what they were sent, and each flag's history."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .analysis import SafeguardingFlag
from .summaries import OutboxMessage
from .surveys import Survey
from .types import utcnow


class SafeguardingContact(db.Model):
    """An address emailed at once when an answer is flagged: for one survey, or for every
    survey of the trust (survey_id null). Named by an administrator."""
    __tablename__ = "safeguarding_contact"
    __table_args__ = (Index("ix_safeguarding_contact_survey", "survey_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    survey_id: Mapped[int | None] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    survey: Mapped[Survey | None] = relationship()


class SafeguardingAlert(db.Model):
    """One email about one flag to one address. The unique key is what makes an alert go
    out once, however often the flag is stored, re-raised or the outbox delivered."""
    __tablename__ = "safeguarding_alert"
    __table_args__ = (UniqueConstraint("flag_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    flag_id: Mapped[int] = mapped_column(ForeignKey("safeguarding_flag.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(254))
    outbox_message_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_message.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    outbox_message: Mapped[OutboxMessage | None] = relationship()


class FlagChange(db.Model):
    """A person raising or unflagging a flag by hand, with their reason: the history the
    flag's row alone would overwrite. (The audit log records that it happened, never why,
    as a reason may repeat the answer.)"""
    __tablename__ = "safeguarding_flag_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    flag_id: Mapped[int] = mapped_column(ForeignKey("safeguarding_flag.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    change: Mapped[str] = mapped_column(String(20))  # "flagged" or "unflagged"
    reason: Mapped[str] = mapped_column(Text, default="")
    categories: Mapped[str] = mapped_column(String(200), default="")

    flag: Mapped[SafeguardingFlag] = relationship()
