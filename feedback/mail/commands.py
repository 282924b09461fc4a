"""CLI for summaries: the scheduler process, a pass for cron, and (beside the workspace
pages) subscribe, preview and the delivery log."""
from __future__ import annotations

import logging

import click
from flask import current_app

from ..config import Defaults
from ..extensions import db
from ..models.types import utcnow
from .compose import MailSettings
from .outbox import recent_messages
from .outbox import retry_failed as retry_failed_messages
from .scheduler import run_pass, run_scheduler, send_preview
from .subscriptions import (
    WEEKDAYS,
    SubscriptionError,
    active_subscriptions_for,
    create_subscription,
    describe_subscription,
)
from .transports import transport_from_config


@click.command("run-scheduler")
def run_scheduler_command() -> None:
    """Run the scheduler (summaries and the outbox) until stopped. Run one per deployment."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    run_scheduler(current_app._get_current_object())  # type: ignore[attr-defined]


@click.command("send-summaries")
def send_summaries_command() -> None:
    """Do one pass now: queue due summaries and deliver the outbox (for cron)."""
    result = run_pass(db.session, current_app.config, current_app.instance_path)
    click.echo(f"Queued {result.queued} summary(ies); sent {result.sent} email(s); {result.failed} failed.")


@click.command("subscribe")
@click.option("--email", required=True, help="Who gets the summary.")
@click.option("--scope", default="everything", show_default=True,
              help="everything, survey:SLUG, event:CODE or project:NAME")
@click.option("--frequency", type=click.Choice(["daily", "weekly", "monthly"]), default="weekly",
              show_default=True)
@click.option("--day", type=click.Choice(WEEKDAYS), default="monday", show_default=True,
              help="Day of the week, for weekly summaries.")
@click.option("--hour", type=click.IntRange(0, 23), default=7, show_default=True,
              help=f"Hour of the day, {Defaults.TIME_ZONE} time.")
def subscribe_command(email: str, scope: str, frequency: str, day: str, hour: int) -> None:
    """Subscribe an address to an email summary."""
    try:
        subscription = create_subscription(db.session, email=email, scope=scope, frequency=frequency,
                                           day=day, hour=hour, now=utcnow())
    except SubscriptionError as error:
        db.session.rollback()
        raise click.UsageError(str(error)) from None
    db.session.commit()
    click.echo(f"Subscribed {subscription.email}: {describe_subscription(subscription)}.")


@click.command("preview-summary")
@click.option("--email", required=True, help="Send a preview of each of this address's summaries.")
def preview_summary_command(email: str) -> None:
    """Send a preview now: the latest period of each summary, straight away."""
    subscriptions = active_subscriptions_for(db.session, email)
    if not subscriptions:
        raise click.UsageError(f"{email} has no active summary. Add one with `flask --app wsgi subscribe`.")
    settings = MailSettings.from_config(current_app.config)
    try:  # before anything is queued: bad mail settings must not leave previews behind
        transport = transport_from_config(current_app.config, current_app.instance_path)
    except ValueError as error:
        raise click.ClickException(f"The mail settings are wrong: {error}. Nothing was sent.") from None
    sent, failed = send_preview(db.session, subscriptions, settings, transport, utcnow())
    click.echo(f"Previews: {sent} sent, {failed} failed (failed ones are retried by the scheduler).")
    if failed and not sent:
        raise click.ClickException("No preview could be sent: the delivery log (or `outbox`) shows why.")


@click.command("outbox")
@click.option("--limit", type=click.IntRange(1, 1000), default=30, show_default=True)
@click.option("--retry-failed", is_flag=True,
              help="Queue again every message that was given up on (after the mail server is fixed).")
def outbox_command(limit: int, retry_failed: bool) -> None:
    """Show the delivery log, newest first."""
    if retry_failed:
        count = retry_failed_messages(db.session, utcnow())
        db.session.commit()
        click.echo(f"Queued {count} failed message(s) again; the scheduler sends them on its next pass.")
    messages = recent_messages(db.session, limit)
    if not messages:
        click.echo("The outbox is empty.")
    for message in messages:
        when = message.sent_at or message.next_attempt_at or message.failed_at
        click.echo(f"{message.id:>6}  {message.created_at:%Y-%m-%d %H:%M}  {message.status:<8}  "
                   f"attempts {message.attempts}  {when:%Y-%m-%d %H:%M}  {message.to}  {message.subject}")
        if message.last_error:
            click.echo(f"        last error: {message.last_error}")


COMMANDS = [run_scheduler_command, send_summaries_command, subscribe_command, preview_summary_command,
            outbox_command]
