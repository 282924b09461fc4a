"""Finding summaries that are due and claiming them, one subscription and period at a time.

The claim is the INSERT of the SummaryRun row, unique on (subscription, period start),
added in the same transaction as the outbox message it queues. If another scheduler got
there first the flush raises IntegrityError and the caller rolls back, taking the
message with it: so the period is queued once, and a queued period is never lost.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ..models import OutboxMessage, RunStatus, Subscription, SummaryRun, User
from .compose import MailSettings, compose_summary, schedule_of
from .periods import Period, latest_completed_period, missed_periods, period_so_far


def due_summaries(session: Session, now: datetime) -> list[tuple[int, Period]]:
    """(subscription id, period) for every active subscription whose latest period is unclaimed,
    unless the account that made it is switched off.

    A subscription made after a period fell due does not get that period: its first
    summary is the first one due after it was made ("Send a preview now" covers the wish
    to see one straight away).
    """
    claimed = {
        (subscription_id, start) for subscription_id, start in session.execute(
            select(SummaryRun.subscription_id, func.max(SummaryRun.period_start))
            .group_by(SummaryRun.subscription_id)
        )
    }
    due = []
    # A summary made by an account that has been switched off pauses with it: a leaver
    # must not keep getting results. Subscriptions made at the command line have no account.
    subscriptions = (
        select(Subscription).outerjoin(User, User.id == Subscription.user_id)
        .where(Subscription.active.is_(True), or_(Subscription.user_id.is_(None), User.active.is_(True)))
        .order_by(Subscription.id)
    )
    for subscription in session.scalars(subscriptions):
        period = latest_completed_period(schedule_of(subscription), now)
        if period.due_at < subscription.created_at or (subscription.id, period.start) in claimed:
            continue
        due.append((subscription.id, period))
    return due


def claim_summary(session: Session, subscription: Subscription, period: Period,
                  message: OutboxMessage) -> SummaryRun:
    """Queue `message` as the summary for `period`; flushes, so a lost race raises IntegrityError.

    Periods missed since the last one handled are recorded as skipped (see periods.py).
    """
    last_end = session.scalar(
        select(func.max(SummaryRun.period_end)).where(SummaryRun.subscription_id == subscription.id)
    )
    session.add(message)
    run = SummaryRun(subscription_id=subscription.id, period_start=period.start, period_end=period.end,
                     status=RunStatus.QUEUED, outbox_message=message)
    session.add(run)
    for missed in missed_periods(schedule_of(subscription), period, last_end):
        session.add(SummaryRun(subscription_id=subscription.id, period_start=missed.start,
                               period_end=missed.end, status=RunStatus.SKIPPED))
    session.flush()
    return run


def compose_preview(session: Session, subscription: Subscription, settings: MailSettings,
                    now: datetime) -> OutboxMessage:
    """The preview of `subscription` as it would be sent now, built but not added: the period
    so far (this week up to today, for a weekly summary). The last completed period would
    say "0 responses" mid-week when all of this week's answers are in."""
    period = period_so_far(schedule_of(subscription), now)
    return compose_summary(session, subscription, period, settings, now=now, preview=True)


def queue_preview(session: Session, subscription: Subscription, settings: MailSettings,
                  now: datetime) -> OutboxMessage:
    """'Send a preview now': the preview, queued in the outbox but not claimed.

    No SummaryRun is written, so the scheduled summary for the same period still goes out.
    """
    message = compose_preview(session, subscription, settings, now)
    session.add(message)
    return message
