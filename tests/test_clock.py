"""Dates are the trust's dates, not the server's."""
from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import select

from feedback.clock import today_in
from feedback.models import Response
from tests.helpers import submit


def test_just_after_midnight_in_a_british_summer_is_already_the_next_day():
    half_past_eleven_utc = datetime(2026, 6, 30, 23, 30, tzinfo=timezone.utc)
    assert today_in("Europe/London", half_past_eleven_utc) == date(2026, 7, 1)
    assert today_in("UTC", half_past_eleven_utc) == date(2026, 6, 30)
    assert today_in("Europe/London", datetime(2026, 12, 31, 23, 30, tzinfo=timezone.utc)) == date(2026, 12, 31)


def test_a_response_is_dated_in_the_configured_time_zone(app, client, session, builtin):
    # Kiribati is 14 hours ahead of UTC, so its date differs from the server's for most of the day.
    app.config["TIME_ZONE"] = "Pacific/Kiritimati"
    assert submit(client, "/s/after-an-event", {"role": "carer"}).status_code == 303
    assert session.scalars(select(Response.submitted_on)).one() == today_in("Pacific/Kiritimati")
