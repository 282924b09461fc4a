"""The scheduler's heartbeat: one row, stamped by whichever pass ran last, even by two at once."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta

from sqlalchemy import func, select

from feedback.extensions import db
from feedback.mail.heartbeat import last_pass_at, record_heartbeat, scheduler_running
from feedback.models import SchedulerHeartbeat

NOON = datetime(2026, 12, 3, 12, 0)


def test_the_first_pass_makes_the_heartbeat_and_later_ones_restamp_it(session):
    assert last_pass_at(session) is None
    record_heartbeat(session, NOON)
    session.commit()
    assert last_pass_at(session) == NOON

    record_heartbeat(session, NOON + timedelta(minutes=1))
    session.commit()
    assert last_pass_at(session) == NOON + timedelta(minutes=1)   # not the copy loaded before
    assert session.scalar(select(func.count()).select_from(SchedulerHeartbeat)) == 1
    assert scheduler_running(session, NOON + timedelta(minutes=3))
    assert not scheduler_running(session, NOON + timedelta(minutes=7))


def test_two_schedulers_stamping_at_the_same_moment_both_succeed(app, session):
    # Each round starts with no row, so both passes insert id 1 together, as two schedulers
    # started by mistake do on their very first pass.
    rounds, errors = 10, []
    for round_number in range(rounds):
        session.execute(SchedulerHeartbeat.__table__.delete())
        session.commit()
        start = threading.Barrier(2)

        def stamp(offset: int) -> None:
            with app.app_context():  # its own session and connection
                try:
                    start.wait(timeout=30)
                    record_heartbeat(db.session, NOON + timedelta(minutes=round_number, seconds=offset))
                    db.session.commit()
                except BaseException as error:  # reported in the test's thread
                    errors.append(error)
                finally:
                    db.session.remove()

        threads = [threading.Thread(target=stamp, args=(offset,)) for offset in (1, 2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not errors, errors
        session.expire_all()
        assert last_pass_at(session) in {NOON + timedelta(minutes=round_number, seconds=s) for s in (1, 2)}
        assert session.scalar(select(func.count()).select_from(SchedulerHeartbeat)) == 1
