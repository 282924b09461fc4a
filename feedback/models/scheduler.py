"""The scheduler's heartbeat: one row, stamped at the end of every pass.

The workspace reads it to say plainly when no scheduler is running, because otherwise the
summaries page would promise a next summary that nothing is going to send.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class SchedulerHeartbeat(db.Model):
    __tablename__ = "scheduler_heartbeat"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Naive UTC, like every other timestamp here.
    last_pass_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    # Which process ran it ("host:pid"), for an administrator reading the database.
    runner: Mapped[str] = mapped_column(String(120), nullable=False, default="")
