"""Email summaries: who wants one, which periods were claimed, and every email we send.

A SummaryRun row is the claim on one subscription's period. Its unique key
(subscription_id, period_start) is what makes a summary go out once: whichever
scheduler inserts the row first owns the period, every other insert fails.
"""
from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..config import Defaults
from ..extensions import db
from .people import User
from .types import enum_column, utcnow


class ScopeKind(enum.StrEnum):
    SURVEY = "survey"
    EVENT = "event"
    QI_PROJECT = "qi_project"
    EVERYTHING = "everything"


class Frequency(enum.StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"


class RunStatus(enum.StrEnum):
    QUEUED = "queued"      # claimed, and its email is in the outbox
    SKIPPED = "skipped"    # an older period missed while no scheduler ran; see periods.py


class Subscription(db.Model):
    __tablename__ = "subscription"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Null when an organiser subscribed an address that has no account (a manager, say).
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    scope_kind: Mapped[ScopeKind] = mapped_column(enum_column(ScopeKind))
    # The survey or event id; null for a QI project (matched by name) and for everything.
    scope_id: Mapped[int | None] = mapped_column(Integer)
    # What the person chose, kept for the email's wording: survey slug, event code, project name.
    scope_name: Mapped[str] = mapped_column(String(200), default="")
    frequency: Mapped[Frequency] = mapped_column(enum_column(Frequency))
    weekday: Mapped[int | None] = mapped_column(Integer)  # 0 = Monday, for weekly summaries
    hour: Mapped[int] = mapped_column(Integer, default=7)
    timezone: Mapped[str] = mapped_column(String(60), default=Defaults.TIME_ZONE)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    unsubscribed_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    user: Mapped[User | None] = relationship()


class OutboxMessage(db.Model):
    """One email, kept until it is sent and afterwards as the delivery log."""
    __tablename__ = "outbox_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    to: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    headers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # One inline image (the chart), referenced from the HTML as cid:<inline_image_cid>.
    inline_image: Mapped[bytes | None] = mapped_column(LargeBinary)
    inline_image_cid: Mapped[str | None] = mapped_column(String(120))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # Null once sent or given up; otherwise the earliest time to try (again).
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    # A sender holds a message until this time, so a second sender leaves it alone.
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    failed_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    @property
    def status(self) -> str:
        if self.sent_at:
            return "sent"
        if self.failed_at:
            return "failed"
        return "retrying" if self.attempts else "waiting"


class SummaryRun(db.Model):
    __tablename__ = "summary_run"
    __table_args__ = (UniqueConstraint("subscription_id", "period_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscription.id", ondelete="CASCADE"))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)  # exclusive: the first day after the period
    status: Mapped[RunStatus] = mapped_column(enum_column(RunStatus))
    outbox_message_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_message.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    subscription: Mapped[Subscription] = relationship()
    outbox_message: Mapped[OutboxMessage | None] = relationship()
