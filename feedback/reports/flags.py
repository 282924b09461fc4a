"""Handling safeguarding flags: who looked at an answer that suggested risk, and when."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from ..models import SafeguardingFlag, User
from .audit_hook import audit

NOTE_LIMIT = 2000


def mark_flag_handled(session: Session, *, flag_id: int, user: User, now: datetime, note: str = "") -> bool:
    """Record that `user` handled the flag. False if there is no such flag or it was
    already handled (a second click changes nothing). The caller commits."""
    flag = session.get(SafeguardingFlag, flag_id)
    if flag is None or flag.handled_at is not None:
        return False
    flag.handled_at, flag.handled_by_id, flag.handled_note = now, user.id, note.strip()[:NOTE_LIMIT]
    # The note may repeat what the person wrote, so it stays out of the audit log.
    audit(session, user=user, action="safeguarding.handled", target=f"safeguarding flag {flag.id}")
    return True
