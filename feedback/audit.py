"""Write to the audit log. No Flask here, so views, commands and services can all call it.

    from feedback.audit import record
    record(db.session, user=current_user(), action="export.csv", target="survey after-an-event",
           detail="42 responses")

The caller commits, as with every service. Never pass a password or free-text answer in
`detail`: the log is read by administrators and kept longer than the answers.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from .models import AuditLog, User

TARGET_LIMIT = 255
DETAIL_LIMIT = 2000


def record(session: Session, *, user: User | None, action: str, target: str, detail: str = "") -> AuditLog:
    """Add one audit entry. `user` is who did it (None for an unknown person, e.g. a
    failed sign-in); `action` is a short dotted name such as "user.create"."""
    entry = AuditLog(
        user_id=user.id if user is not None else None,
        action=action[:60],
        target=target[:TARGET_LIMIT],
        detail=detail[:DETAIL_LIMIT],
    )
    session.add(entry)
    return entry


def recent(session: Session, *, limit: int = 200) -> list[AuditLog]:
    """The newest entries first, each with its user loaded (for the administrators' page)."""
    return list(session.scalars(select(AuditLog).order_by(AuditLog.id.desc()).limit(limit)
                                .options(selectinload(AuditLog.user))))
