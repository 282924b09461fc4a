"""Which period a summary covers, and when it falls due: pure functions of a frozen "now".

A summary covers whole local days, because responses keep a date and no time of day.
Periods are half-open, [start, end): a daily summary due at 07:00 on 31 March covers
30 March; a weekly one due on Monday covers the seven days before it; a monthly one due
on the 1st covers the month before. A summary falls due at `hour` o'clock local time on
the day the period ends, in the subscription's time zone (the TIME_ZONE setting's default), so
it arrives at 07:00 on the wall clock in both GMT and BST.

Clock changes: a local time that does not exist (01:30 on the last Sunday in March in
London) falls due at the same offset as before the change, which is one hour later on the
wall clock; a local time that happens twice (01:30 on the last Sunday in October) falls
due the first time. Either way each period falls due once.

Catch-up: when no scheduler ran for a while, only the most recent completed period is
sent. Older missed periods are recorded as skipped rows (at most MAX_SKIPPED_RECORDED),
so the delivery log shows the gap instead of hiding it, and so nobody gets a burst of
stale summaries after a machine wakes up.

A preview covers the period under way "so far" instead (from its start to the end of
today), because the last completed period is usually not what someone checking the
summary mid-week wants to see; it says "so far" wherever it names the period.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from ..config import Defaults

DAILY, WEEKLY, MONTHLY = "daily", "weekly", "monthly"
MAX_SKIPPED_RECORDED = 31


@dataclass(frozen=True)
class Schedule:
    frequency: str           # daily, weekly or monthly
    hour: int = 7            # local hour the summary falls due
    weekday: int = 0         # 0 = Monday; weekly only
    timezone: str = Defaults.TIME_ZONE


@dataclass(frozen=True)
class Period:
    start: date
    end: date                # exclusive
    due_at: datetime         # naive UTC, like every timestamp the database stores
    so_far: bool = False     # a period still under way, cut off at the end of today

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)


def due_instant(schedule: Schedule, period_end: date) -> datetime:
    """The naive-UTC moment a period ending on `period_end` falls due."""
    local = datetime.combine(period_end, time(schedule.hour), tzinfo=ZoneInfo(schedule.timezone))
    return local.astimezone(timezone.utc).replace(tzinfo=None)


def period_ending(schedule: Schedule, end: date) -> Period:
    """The period that ends (exclusively) on `end`, which must be a boundary of the schedule."""
    if schedule.frequency == DAILY:
        start = end - timedelta(days=1)
    elif schedule.frequency == WEEKLY:
        start = end - timedelta(days=7)
    elif schedule.frequency == MONTHLY:
        start = _add_months(end, -1)
    else:
        raise ValueError(f"unknown frequency {schedule.frequency!r}")
    return Period(start, end, due_instant(schedule, end))


def latest_completed_period(schedule: Schedule, now_utc: datetime) -> Period:
    """The most recent period whose due time is at or before `now_utc` (naive UTC)."""
    aware_now = now_utc.replace(tzinfo=timezone.utc)
    local_today = aware_now.astimezone(ZoneInfo(schedule.timezone)).date()
    end = _boundary_on_or_before(schedule, local_today)
    period = period_ending(schedule, end)
    if period.due_at > now_utc:  # today's (or this week's) boundary is later today
        period = previous_period(schedule, period)
    return period


def period_so_far(schedule: Schedule, now_utc: datetime) -> Period:
    """The period under way at `now_utc`, from its start up to and including today (local)."""
    local_today = now_utc.replace(tzinfo=timezone.utc).astimezone(ZoneInfo(schedule.timezone)).date()
    start = _boundary_on_or_before(schedule, local_today)
    if schedule.frequency == DAILY:
        natural_end = start + timedelta(days=1)
    elif schedule.frequency == WEEKLY:
        natural_end = start + timedelta(days=7)
    else:
        natural_end = _add_months(start, 1)
    return Period(start, local_today + timedelta(days=1), due_instant(schedule, natural_end), so_far=True)


def previous_period(schedule: Schedule, period: Period) -> Period:
    return period_ending(schedule, period.start)


def missed_periods(schedule: Schedule, current: Period, last_end: date | None) -> list[Period]:
    """Periods after the last one handled (ending on `last_end`) and before `current`, newest first."""
    missed: list[Period] = []
    if last_end is None:
        return missed
    candidate = previous_period(schedule, current)
    while candidate.start >= last_end and len(missed) < MAX_SKIPPED_RECORDED:
        missed.append(candidate)
        candidate = previous_period(schedule, candidate)
    return missed


def next_due(schedule: Schedule, now_utc: datetime) -> datetime:
    """When the next summary after `now_utc` falls due (for the subscriptions page)."""
    latest = latest_completed_period(schedule, now_utc)
    end = latest.end + timedelta(days=1)
    while True:
        boundary = _boundary_on_or_before(schedule, end)
        if boundary > latest.end:
            return due_instant(schedule, boundary)
        end += timedelta(days=1)


def _boundary_on_or_before(schedule: Schedule, day: date) -> date:
    if schedule.frequency == DAILY:
        return day
    if schedule.frequency == WEEKLY:
        return day - timedelta(days=(day.weekday() - schedule.weekday) % 7)
    if schedule.frequency == MONTHLY:
        return day.replace(day=1)
    raise ValueError(f"unknown frequency {schedule.frequency!r}")


def _add_months(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 + months
    return date(month_index // 12, month_index % 12 + 1, 1)


def describe(period: Period) -> str:
    """'Monday 30 March 2026' or '23 March to 29 March 2026', for subjects and headings;
    a period under way ends '... so far'."""
    first, last = period.start, period.last_day
    if first == last:
        words = f"{first:%A} {first.day} {first:%B %Y}"
    elif first.year != last.year:
        words = f"{first.day} {first:%B %Y} to {last.day} {last:%B %Y}"
    else:
        words = f"{first.day} {first:%B} to {last.day} {last:%B %Y}"
    return f"{words} so far" if period.so_far else words
