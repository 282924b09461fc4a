"""Whether a scheduler is running: each pass stamps the heartbeat, the workspace reads it."""
from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..models import SchedulerHeartbeat

HEARTBEAT_ID = 1
# A pass runs every minute; allow a few missed ones (a slow pass, a restart) before warning.
RUNNING_WITHIN = timedelta(minutes=5)


def record_heartbeat(session: Session, now: datetime) -> None:
    """Stamp the heartbeat (the caller commits). One row, whichever process ran the pass.

    Two passes at the same moment both find no row and both insert id 1, so this is an
    upsert (INSERT ... ON CONFLICT DO UPDATE on SQLite and PostgreSQL): the later stamp
    wins and neither pass fails on the unique id.
    """
    values = {"id": HEARTBEAT_ID, "last_pass_at": now, "runner": f"{socket.gethostname()}:{os.getpid()}"[:120]}
    dialect = session.get_bind().dialect.name
    if dialect in ("sqlite", "postgresql"):
        insert = (sqlite.insert if dialect == "sqlite" else postgresql.insert)(SchedulerHeartbeat).values(values)
        session.execute(insert.on_conflict_do_update(
            index_elements=[SchedulerHeartbeat.id],
            set_={"last_pass_at": insert.excluded.last_pass_at, "runner": insert.excluded.runner}))
    else:  # another database: insert in a savepoint, and update if another pass got there first
        try:
            with session.begin_nested():
                session.add(SchedulerHeartbeat(**values))
        except IntegrityError:
            heartbeat = session.get(SchedulerHeartbeat, HEARTBEAT_ID, populate_existing=True)
            heartbeat.last_pass_at, heartbeat.runner = values["last_pass_at"], values["runner"]
    # The row was written behind the ORM's back: a copy already loaded must be read again.
    loaded = session.identity_map.get(session.identity_key(SchedulerHeartbeat, HEARTBEAT_ID))
    if loaded is not None:
        session.expire(loaded)


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
