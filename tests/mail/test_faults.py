"""Exactly once under faults: a mail server that is down, two schedulers, a sleeping machine, clock changes."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta

from sqlalchemy import func, select

from feedback.extensions import db
from feedback.mail import scheduler as mail_scheduler
from feedback.mail.scheduler import PassResult, run_pass
from feedback.models import Frequency, OutboxMessage, RunStatus, SummaryRun
from tests.mail.conftest import make_subscription

MONDAY = datetime(2026, 4, 6, 6, 0)   # a weekly summary falls due (07:00 BST)


def one_pass(app, now) -> PassResult:
    return run_pass(db.session, app.config, app.instance_path, now=now)


def runs(session, status: RunStatus = RunStatus.QUEUED) -> list[SummaryRun]:
    session.expire_all()
    return list(session.scalars(select(SummaryRun).where(SummaryRun.status == status)
                                .order_by(SummaryRun.subscription_id, SummaryRun.period_start)))


def test_summary_arrives_exactly_once_when_the_mail_server_is_down_at_first(app, session, smtp_down):
    make_subscription(session)

    first = one_pass(app, MONDAY)
    assert (first.queued, first.sent, first.failed) == (1, 0, 1)
    message = session.scalars(select(OutboxMessage)).one()
    assert message.attempts == 1 and message.sent_at is None
    assert "Connection refused" in message.last_error or "ConnectionRefused" in message.last_error
    # Times are stamped when things happen, a moment into each pass: "about" is within 5 s.
    assert about(message.next_attempt_at, MONDAY + timedelta(minutes=1))

    assert one_pass(app, MONDAY + timedelta(seconds=30)).failed == 0   # not due again yet: backing off
    assert one_pass(app, MONDAY + timedelta(minutes=1, seconds=5)).failed == 1
    session.expire_all()
    assert message.attempts == 2 and about(message.next_attempt_at, MONDAY + timedelta(minutes=3, seconds=5))

    smtp_down.start()
    assert one_pass(app, MONDAY + timedelta(minutes=3, seconds=10)).sent == 1
    for minutes in (4, 10, 60, 24 * 60):
        result = one_pass(app, MONDAY + timedelta(minutes=minutes))
        assert (result.queued, result.sent) == (0, 0)
    assert len(smtp_down.messages) == 1
    session.expire_all()
    assert about(message.sent_at, MONDAY + timedelta(minutes=3, seconds=10)) and message.attempts == 3
    assert session.scalar(select(func.count(OutboxMessage.id))) == 1


def test_two_scheduler_passes_at_the_same_moment_send_one_email(app, session, smtp, monkeypatch, caplog):
    caplog.set_level("INFO", logger="feedback.mail.scheduler")
    for index in range(3):
        make_subscription(session, email=f"person{index}@trust.example")
    start = threading.Barrier(2)
    composed = threading.Barrier(2)
    compose = mail_scheduler.compose_summary

    def compose_then_wait(*args, **kwargs):
        # Both passes finish composing the same summary before either claims it, so the
        # two INSERTs of the claim really do meet: the race is forced, not left to chance.
        message = compose(*args, **kwargs)
        composed.wait(timeout=30)
        return message

    monkeypatch.setattr(mail_scheduler, "compose_summary", compose_then_wait)
    results: list[PassResult] = []
    errors: list[BaseException] = []

    def scheduler() -> None:
        with app.app_context():  # its own context, so its own session and connection
            try:
                start.wait()
                results.append(run_pass(db.session, app.config, app.instance_path, now=MONDAY))
            except BaseException as error:  # reported below, in the test's thread
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=scheduler) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    assert sum(result.queued for result in results) == 3
    assert caplog.text.count("already claimed by another pass") == 3  # every claim was contested
    assert sum(result.sent for result in results) == 3
    assert sorted(message["To"] for message in smtp.messages) == [
        "person0@trust.example", "person1@trust.example", "person2@trust.example"]
    assert len(runs(session)) == 3


def test_after_three_missed_periods_each_subscription_gets_one_catch_up(app, session, smtp):
    daily = make_subscription(session, email="daily@trust.example", frequency=Frequency.DAILY, weekday=None)
    weekly = make_subscription(session, email="weekly@trust.example")
    one_pass(app, datetime(2026, 3, 16, 7, 0))   # Monday 16 March: both sent, then the machine sleeps
    assert len(smtp.messages) == 2

    # Wakes on Thursday 9 April: three Mondays (23, 30 March, 6 April) and many days were missed.
    result = one_pass(app, datetime(2026, 4, 9, 10, 0))

    assert result.queued == 2 and len(smtp.messages) == 4
    latest = {run.subscription_id: (run.period_start, run.period_end) for run in runs(session)}
    assert latest[weekly.id] == (datetime(2026, 3, 30).date(), datetime(2026, 4, 6).date())
    assert latest[daily.id] == (datetime(2026, 4, 8).date(), datetime(2026, 4, 9).date())
    skipped = runs(session, RunStatus.SKIPPED)
    assert [run.period_start.isoformat() for run in skipped if run.subscription_id == weekly.id] == [
        "2026-03-16", "2026-03-23"]
    assert len([run for run in skipped if run.subscription_id == daily.id]) == 23  # 16 March to 7 April
    assert one_pass(app, datetime(2026, 4, 9, 10, 1)).queued == 0


def passes_every_half_hour(app, start: datetime, end: datetime) -> list[datetime]:
    """Run a pass every 30 minutes from start to end; return when each summary was queued."""
    queued_at = []
    now = start
    while now <= end:
        queued_at += [now] * one_pass(app, now).queued
        now += timedelta(minutes=30)
    return queued_at


def test_daily_and_weekly_summaries_go_at_seven_local_through_the_march_change(app, session, smtp):
    make_subscription(session, email="daily@trust.example", frequency=Frequency.DAILY, weekday=None,
                      created_at=datetime(2026, 3, 27, 12, 0))
    make_subscription(session, email="weekly@trust.example", created_at=datetime(2026, 3, 27, 12, 0))
    queued_at = passes_every_half_hour(app, datetime(2026, 3, 27, 12, 0), datetime(2026, 3, 30, 12, 0))
    assert queued_at == [datetime(2026, 3, 28, 7, 0), datetime(2026, 3, 29, 6, 0),    # GMT, then BST
                         datetime(2026, 3, 30, 6, 0), datetime(2026, 3, 30, 6, 0)]    # daily and weekly
    subjects = sorted(message["Subject"] for message in smtp.messages)
    assert "Weekly summary: All surveys and events, 23 March to 29 March 2026" in subjects
    assert "Daily summary: All surveys and events, Saturday 28 March 2026" in subjects


def test_daily_and_weekly_summaries_go_at_seven_local_through_the_october_change(app, session, smtp):
    make_subscription(session, email="daily@trust.example", frequency=Frequency.DAILY, weekday=None,
                      created_at=datetime(2026, 10, 23, 12, 0))
    make_subscription(session, email="weekly@trust.example", created_at=datetime(2026, 10, 23, 12, 0))
    queued_at = passes_every_half_hour(app, datetime(2026, 10, 23, 12, 0), datetime(2026, 10, 26, 12, 0))
    assert queued_at == [datetime(2026, 10, 24, 6, 0), datetime(2026, 10, 25, 7, 0),  # BST, then GMT
                         datetime(2026, 10, 26, 7, 0), datetime(2026, 10, 26, 7, 0)]
    assert len(smtp.messages) == 4


def test_a_new_subscription_waits_for_its_first_period(app, session, smtp):
    make_subscription(session, created_at=MONDAY + timedelta(hours=1))
    assert one_pass(app, MONDAY + timedelta(hours=2)).queued == 0
    assert one_pass(app, MONDAY + timedelta(days=7)).queued == 1


def test_a_pass_that_lost_the_race_for_a_period_queues_nothing(app, session, smtp, monkeypatch):
    from feedback.mail.claims import due_summaries
    make_subscription(session)
    stale = due_summaries(session, MONDAY)       # this pass saw the period as due...
    one_pass(app, MONDAY)                        # ...but another scheduler claimed it first
    monkeypatch.setattr("feedback.mail.scheduler.due_summaries", lambda _session, _now: stale)
    assert one_pass(app, MONDAY).queued == 0
    assert len(smtp.messages) == 1
    assert session.scalar(select(func.count(OutboxMessage.id))) == 1


def test_a_message_held_by_one_sender_is_left_alone_by_another(app, session, smtp):
    from feedback.mail.outbox import claim_message
    make_subscription(session)
    run_pass(db.session, app.config, app.instance_path, now=MONDAY, transport=_Refusing())
    message = session.scalars(select(OutboxMessage)).one()
    later = message.next_attempt_at
    assert claim_message(session, message.id, later) is True
    session.commit()
    assert claim_message(session, message.id, later) is False           # held by the first sender
    assert claim_message(session, message.id, later + timedelta(minutes=11)) is True  # the hold expired


class _Refusing:
    def send(self, message) -> None:
        raise ConnectionRefusedError("no mail server")


def about(when, expected) -> bool:
    return timedelta(0) <= when - expected < timedelta(seconds=5)
