"""Today's date where the trust is, not where the server is.

Responses are dated, and summaries cover days, in the trust's time zone (the TIME_ZONE
setting). A server on UTC would otherwise date an answer sent between
midnight and 1 a.m. in a British summer to the day before, and a daily summary that had
already gone out for that day would never include it.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from flask import current_app


def today_in(zone: str, now: datetime | None = None) -> date:
    """The date in `zone` at `now` (an aware datetime; the present moment if None)."""
    return (now or datetime.now(timezone.utc)).astimezone(ZoneInfo(zone)).date()


def trust_today() -> date:
    return today_in(current_app.config["TIME_ZONE"])
