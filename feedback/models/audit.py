"""A record of what organisers did: sign-ins, account changes, exports, corrections, deletions."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .people import User
from .types import utcnow


class AuditLog(db.Model):
    """One thing someone did. Rows are only ever added; the user link survives as NULL
    if the account is later removed, and `target` keeps a readable name of what was touched."""
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(60), index=True)
    target: Mapped[str] = mapped_column(String(255), default="")
    detail: Mapped[str] = mapped_column(Text, default="")

    user: Mapped[User | None] = relationship()
