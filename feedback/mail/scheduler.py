"""The one scheduler process, and the pass it runs every minute.

`flask --app wsgi run-scheduler` starts APScheduler's BlockingScheduler with one interval
job; web workers never start it. Each pass claims due summaries, composes and queues them,
then delivers the outbox. Everything that must happen once is decided by the database
(see feedback/mail/claims.py and outbox.py), so a second scheduler started by mistake, or
cron running `send-summaries` as well, sends nothing twice.

This module owns the commits of sending: one per claimed summary and two per delivered
message (the hold, then the outcome). `send_preview` is the one way to send a preview now,
for the workspace page and the `preview-summary` command alike: it delivers only the
previews it queued, never the rest of the outbox. The commands live in commands.py.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..extensions import db
from ..models import OutboxMessage, Subscription
from ..models.types import utcnow
from ..responses.drafts import drop_expired
from .claims import claim_summary, due_summaries, queue_preview
from .compose import MailSettings, compose_summary
from .heartbeat import record_heartbeat
from .outbox import claim_message, due_message_ids, record_failure, record_sent
from .transports import Transport, build_mime, transport_from_config

if TYPE_CHECKING:
    from flask import Flask

log = logging.getLogger(__name__)
PASS_EVERY_SECONDS = 60


@dataclass
class PassResult:
    queued: int = 0
    sent: int = 0
    failed: int = 0


def run_pass(session: Session, config: Mapping[str, Any], instance_path: str | Path,
             now: datetime | None = None, transport: Transport | None = None) -> PassResult:
    """One pass: queue every due summary, then send what the outbox holds. `now` is naive UTC."""
    now = now or utcnow()
    settings = MailSettings.from_config(config)
    result = PassResult(queued=queue_due_summaries(session, settings, now))
    result.sent, result.failed = deliver_outbox(
        session, transport or transport_from_config(config, instance_path), settings.mail_from, now)
    drop_expired(session, now)  # typed answers kept for a redirect go on time, however quiet the survey
    record_heartbeat(session, utcnow())
    session.commit()
    return result


def queue_due_summaries(session: Session, settings: MailSettings, now: datetime) -> int:
    queued = 0
    due = due_summaries(session, now)
    session.rollback()  # end the read, so each claim starts its own short write transaction
    for subscription_id, period in due:
        subscription = session.get(Subscription, subscription_id)
        if subscription is None or not subscription.active:
            continue
        try:
            message = compose_summary(session, subscription, period, settings, now=now)
            claim_summary(session, subscription, period, message)
            session.commit()
            queued += 1
        except IntegrityError:
            session.rollback()
            log.info("Subscription %s, period from %s: already claimed by another pass", subscription_id,
                     period.start)
        except Exception:  # one broken subscription must not hold up everyone else's summary
            session.rollback()
            log.exception("Could not queue the summary for subscription %s", subscription_id)
    return queued


def deliver_outbox(session: Session, transport: Transport, mail_from: str, now: datetime,
                   only: list[int] | None = None) -> tuple[int, int]:
    """Send what is due (or only the messages `only` names, e.g. a preview); (sent, failed).

    `now` is when the pass started; each claim and result is stamped with the time it
    happens (`now` plus the time the pass has taken), or a long pass would claim messages
    with holds that had already run out, and another sender could send them again.
    """
    sent = failed = 0
    started = time.monotonic()

    def clock() -> datetime:
        return now + timedelta(seconds=time.monotonic() - started)

    for message_id in (only if only is not None else due_message_ids(session, now)):
        got_it = claim_message(session, message_id, clock())
        session.commit()
        if not got_it:
            continue  # another sender holds it
        message = session.get(OutboxMessage, message_id)
        try:
            transport.send(build_mime(message, mail_from=mail_from))
        except Exception as error:  # any failure is retried later; the error is kept for the log
            record_failure(message, error, clock())
            failed += 1
            log.warning("Sending outbox message %s failed (attempt %s): %s", message_id, message.attempts, error)
        else:
            record_sent(message, clock())
            sent += 1
        session.commit()
    return sent, failed


def send_preview(session: Session, subscriptions: list[Subscription], settings: MailSettings,
                 transport: Transport, now: datetime) -> tuple[int, int]:
    """'Send a preview now' of each subscription: queue them, commit, and deliver those
    messages only (sent, failed). A failed one stays in the outbox for the scheduler."""
    messages = [queue_preview(session, subscription, settings, now) for subscription in subscriptions]
    session.commit()
    return deliver_outbox(session, transport, settings.mail_from, now, only=[message.id for message in messages])


def _scheduled_pass(app: Flask) -> None:
    with app.app_context():
        try:
            result = run_pass(db.session, app.config, app.instance_path)
            if result.queued or result.sent or result.failed:
                log.info("Pass: %s queued, %s sent, %s failed", result.queued, result.sent, result.failed)
        except Exception:  # keep the scheduler alive; the next pass tries again
            log.exception("Scheduler pass failed")
        finally:
            db.session.remove()


def run_scheduler(app: Flask) -> None:
    from apscheduler.schedulers.blocking import BlockingScheduler
    from apscheduler.triggers.interval import IntervalTrigger

    scheduler = BlockingScheduler(timezone="UTC")
    scheduler.add_job(
        _scheduled_pass, IntervalTrigger(seconds=PASS_EVERY_SECONDS), args=[app], id="summaries-and-outbox",
        # After a sleep, run one pass, not one per missed minute; never two at once.
        coalesce=True, max_instances=1, misfire_grace_time=PASS_EVERY_SECONDS * 5,
        next_run_time=datetime.now().astimezone(),
    )
    log.info("Scheduler started: one pass every %s seconds", PASS_EVERY_SECONDS)
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        log.info("Scheduler stopped")
