"""Which period a summary covers and when it is due, including the weeks the clocks change."""
from __future__ import annotations

from datetime import date, datetime

from feedback.mail.periods import (
    Schedule,
    describe,
    due_instant,
    latest_completed_period,
    missed_periods,
    next_due,
    period_so_far,
    previous_period,
)

DAILY = Schedule("daily", hour=7)
WEEKLY_MONDAY = Schedule("weekly", hour=7, weekday=0)
MONTHLY = Schedule("monthly", hour=7)


def test_daily_summary_is_due_at_seven_on_the_wall_clock_across_the_march_change():
    # Clocks go forward at 01:00 UTC on Sunday 29 March 2026: 07:00 local is 07:00 UTC
    # on the Saturday and 06:00 UTC from the Sunday.
    assert due_instant(DAILY, date(2026, 3, 28)) == datetime(2026, 3, 28, 7, 0)
    assert due_instant(DAILY, date(2026, 3, 29)) == datetime(2026, 3, 29, 6, 0)
    before = latest_completed_period(DAILY, datetime(2026, 3, 29, 5, 59))
    assert (before.start, before.end) == (date(2026, 3, 27), date(2026, 3, 28))
    at = latest_completed_period(DAILY, datetime(2026, 3, 29, 6, 0))
    assert (at.start, at.end, at.due_at) == (date(2026, 3, 28), date(2026, 3, 29), datetime(2026, 3, 29, 6, 0))


def test_daily_summary_is_due_at_seven_on_the_wall_clock_across_the_october_change():
    # Clocks go back at 01:00 UTC on Sunday 25 October 2026.
    assert due_instant(DAILY, date(2026, 10, 24)) == datetime(2026, 10, 24, 6, 0)
    assert due_instant(DAILY, date(2026, 10, 25)) == datetime(2026, 10, 25, 7, 0)
    still_saturday = latest_completed_period(DAILY, datetime(2026, 10, 25, 6, 30))
    assert still_saturday.end == date(2026, 10, 24)
    sunday = latest_completed_period(DAILY, datetime(2026, 10, 25, 7, 0))
    assert (sunday.start, sunday.end) == (date(2026, 10, 24), date(2026, 10, 25))


def test_weekly_summary_for_the_week_the_clocks_change_covers_seven_whole_days():
    # Monday 30 March 2026, 07:00 BST = 06:00 UTC; the week before held the change.
    period = latest_completed_period(WEEKLY_MONDAY, datetime(2026, 4, 1, 12, 0))
    assert (period.start, period.end, period.due_at) == (date(2026, 3, 23), date(2026, 3, 30),
                                                           datetime(2026, 3, 30, 6, 0))
    october = latest_completed_period(WEEKLY_MONDAY, datetime(2026, 10, 26, 7, 0))
    assert (october.start, october.end, october.due_at) == (date(2026, 10, 19), date(2026, 10, 26),
                                                              datetime(2026, 10, 26, 7, 0))
    assert latest_completed_period(WEEKLY_MONDAY, datetime(2026, 10, 26, 6, 59)).end == date(2026, 10, 19)


def test_weekly_on_another_day_and_monthly_on_the_first():
    friday = Schedule("weekly", hour=16, weekday=4)
    period = latest_completed_period(friday, datetime(2026, 6, 8, 9, 0))  # a Monday in BST
    assert (period.start, period.end, period.due_at) == (date(2026, 5, 29), date(2026, 6, 5),
                                                           datetime(2026, 6, 5, 15, 0))
    april = latest_completed_period(MONTHLY, datetime(2026, 4, 1, 6, 0))
    assert (april.start, april.end) == (date(2026, 3, 1), date(2026, 4, 1))
    assert latest_completed_period(MONTHLY, datetime(2026, 4, 1, 5, 59)).end == date(2026, 3, 1)
    november = latest_completed_period(MONTHLY, datetime(2026, 11, 1, 7, 0))
    assert (november.start, november.end) == (date(2026, 10, 1), date(2026, 11, 1))
    january = latest_completed_period(MONTHLY, datetime(2027, 1, 2, 0, 0))
    assert (january.start, january.end) == (date(2026, 12, 1), date(2027, 1, 1))


def test_an_hour_the_clock_skips_or_repeats_falls_due_once():
    at_one = Schedule("daily", hour=1)
    # 01:00 does not exist on 29 March in London: due at 01:00 UTC (02:00 BST), once.
    assert due_instant(at_one, date(2026, 3, 29)) == datetime(2026, 3, 29, 1, 0)
    # 01:00 happens twice on 25 October: due the first time (01:00 BST = 00:00 UTC).
    assert due_instant(at_one, date(2026, 10, 25)) == datetime(2026, 10, 25, 0, 0)


def test_missed_periods_lists_the_ones_between_the_last_sent_and_the_current():
    current = latest_completed_period(DAILY, datetime(2026, 3, 31, 12, 0))
    assert current.start == date(2026, 3, 30)
    missed = missed_periods(DAILY, current, last_end=date(2026, 3, 28))
    assert [period.start for period in missed] == [date(2026, 3, 29), date(2026, 3, 28)]
    assert missed_periods(DAILY, current, last_end=current.start) == []
    assert missed_periods(DAILY, current, last_end=None) == []


def test_previous_period_next_due_and_wording():
    period = latest_completed_period(WEEKLY_MONDAY, datetime(2026, 4, 1, 12, 0))
    assert previous_period(WEEKLY_MONDAY, period).start == date(2026, 3, 16)
    assert next_due(WEEKLY_MONDAY, datetime(2026, 4, 1, 12, 0)) == datetime(2026, 4, 6, 6, 0)
    assert next_due(DAILY, datetime(2026, 3, 28, 7, 30)) == datetime(2026, 3, 29, 6, 0)
    assert describe(period) == "23 March to 29 March 2026"
    assert describe(latest_completed_period(DAILY, datetime(2026, 3, 31, 12, 0))) == "Monday 30 March 2026"


def test_a_preview_covers_the_period_under_way_up_to_today_and_says_so_far():
    thursday = datetime(2026, 4, 9, 12, 0)   # Thursday 9 April 2026, 13:00 BST
    week = period_so_far(WEEKLY_MONDAY, thursday)
    assert (week.start, week.end, week.so_far) == (date(2026, 4, 6), date(2026, 4, 10), True)
    assert describe(week) == "6 April to 9 April 2026 so far"
    # Compared with the whole week before, which is the last one sent on schedule.
    assert previous_period(WEEKLY_MONDAY, week).start == date(2026, 3, 30)
    assert describe(period_so_far(DAILY, thursday)) == "Thursday 9 April 2026 so far"
    month = period_so_far(MONTHLY, thursday)
    assert (month.start, month.end) == (date(2026, 4, 1), date(2026, 4, 10))
    # Just after midnight local time (23:30 UTC in summer) is already the next day.
    assert period_so_far(DAILY, datetime(2026, 4, 9, 23, 30)).start == date(2026, 4, 10)
    # A scheduled summary's period never says "so far".
    assert not describe(latest_completed_period(WEEKLY_MONDAY, thursday)).endswith("so far")
