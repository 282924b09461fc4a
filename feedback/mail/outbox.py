"""The outbox: every email waits here until a transport accepts it, with retries and back-off.

A sender first claims a row with one conditional UPDATE (still unsent, due, and not held
by another sender) and commits that claim before it talks to the mail server; only the
sender whose UPDATE changed the row sends it. The hold expires after SEND_HOLD, so a
sender that dies mid-send does not strand a message; the price is that a crash between
the server accepting a message and us recording it can send that message again (it keeps
its Message-ID, so mail clients show one). Functions here never commit: the caller does,
at the points the docstrings name.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from ..models import OutboxMessage

FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=6)
# 1, 2, 4 ... 256 minutes, then 6-hourly: the 13th failure comes about 26 hours after the
# first, so a mail server down for a day loses nothing.
MAX_ATTEMPTS = 13
SEND_HOLD = timedelta(minutes=10)
ERROR_MAX_CHARS = 2000


def backoff(attempts: int) -> timedelta:
    """Wait before the next try after `attempts` failed ones: 1, 2, 4, 8 ... minutes, at most 6 hours."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_WAIT)


def due_message_ids(session: Session, now: datetime, limit: int = 100) -> list[int]:
    query = (
        select(OutboxMessage.id)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None),
               OutboxMessage.next_attempt_at <= now,
               or_(OutboxMessage.locked_until.is_(None), OutboxMessage.locked_until < now))
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def claim_message(session: Session, message_id: int, now: datetime) -> bool:
    """Hold one message for this sender; True if we got it. Commit before sending."""
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.sent_at.is_(None),
               OutboxMessage.failed_at.is_(None), OutboxMessage.next_attempt_at <= now,
               or_(OutboxMessage.locked_until.is_(None), OutboxMessage.locked_until < now))
        .values(locked_until=now + SEND_HOLD, attempts=OutboxMessage.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def record_sent(message: OutboxMessage, now: datetime) -> None:
    message.sent_at = now
    message.next_attempt_at = None
    message.locked_until = None
    message.last_error = ""


def record_failure(message: OutboxMessage, error: BaseException, now: datetime) -> None:
    """Keep the error and schedule the next try, or give up after MAX_ATTEMPTS."""
    message.last_error = f"{type(error).__name__}: {error}"[:ERROR_MAX_CHARS]
    message.locked_until = None
    if message.attempts >= MAX_ATTEMPTS:
        message.failed_at = now
        message.next_attempt_at = None
    else:
        message.next_attempt_at = now + backoff(message.attempts)


def retry_failed(session: Session, now: datetime) -> int:
    """Put every message that was given up on back in the queue, due now. The caller commits."""
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.failed_at.is_not(None), OutboxMessage.sent_at.is_(None))
        .values(failed_at=None, attempts=0, next_attempt_at=now, locked_until=None)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def recent_messages(session: Session, limit: int = 50, *, to: str | None = None) -> list[OutboxMessage]:
    """The delivery log, newest first."""
    query = select(OutboxMessage).order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc()).limit(limit)
    if to:
        query = query.where(OutboxMessage.to == to)
    return list(session.scalars(query))
