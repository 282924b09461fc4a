"""The one place this package writes to the audit log, so switching its API is one edit.

feedback.audit (the accounts area) owns the log. Until it is importable, entries go to the
application log instead of being lost silently.
"""
from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from ..models import User

log = logging.getLogger(__name__)


def audit(session: Session, *, user: User | None, action: str, target: str, detail: str = "") -> None:
    """Record what an organiser did (never free-text answers in `detail`). The caller commits."""
    try:
        from ..audit import record
    except ImportError:  # the audit log is not built yet
        log.warning("audit log unavailable: %s %s by user %s (%s)",
                    action, target, user.id if user else None, detail)
        return
    record(session, user=user, action=action, target=target, detail=detail)
