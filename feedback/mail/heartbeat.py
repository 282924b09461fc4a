"""Whether a scheduler is running: each pass stamps the heartbeat, the workspace reads it."""
from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from ..models import SchedulerHeartbeat

HEARTBEAT_ID = 1
# A pass runs every minute; allow a few missed ones (a slow pass, a restart) before warning.
RUNNING_WITHIN = timedelta(minutes=5)


def record_heartbeat(session: Session, now: datetime) -> None:
    """Stamp the heartbeat (the caller commits). One row, whichever process ran the pass."""
    heartbeat = session.get(SchedulerHeartbeat, HEARTBEAT_ID)
    if heartbeat is None:
        heartbeat = SchedulerHeartbeat(id=HEARTBEAT_ID)
        session.add(heartbeat)
    heartbeat.last_pass_at = now
    heartbeat.runner = f"{socket.gethostname()}:{os.getpid()}"[:120]


def last_pass_at(session: Session) -> datetime | None:
    heartbeat = session.get(SchedulerHeartbeat, HEARTBEAT_ID)
    return heartbeat.last_pass_at if heartbeat else None


def scheduler_running(session: Session, now: datetime) -> bool:
    last = last_pass_at(session)
    return last is not None and now - last <= RUNNING_WITHIN


def describe_pass(last: datetime | None, zone: str) -> str | None:
    """When a pass ran, in local time ("3 December 2026 at 07:55"); None if never."""
    if last is None:
        return None
    local = last.replace(tzinfo=timezone.utc).astimezone(ZoneInfo(zone))
    return f"{local:%-d %B %Y} at {local:%H:%M}"
