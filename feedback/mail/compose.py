"""Turn a subscription and a period into an outbox message (HTML, plain text and a chart).

The message is only built here; the caller adds it to the session in the same
transaction as the claim on the period, so a summary is queued exactly when it is claimed.
"""
from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from sqlalchemy.orm import Session

from ..actions.summary import period_actions
from ..config import Defaults
from ..measures.email import survey_trend
from ..models import OutboxMessage, Subscription, UserRole
from ..projects.headline import headline_trend
from ..reports.flags import shown_flag_count
from .chart import Bar, alt_text, bar_chart
from .periods import Period, Schedule, describe, previous_period
from .summary_data import Rules, Scope, SummaryData, summarise
from .unsubscribe import unsubscribe_url

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
_environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"], default_for_string=False, default=False),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
CHART_TITLE = "People who agreed (%)"
FREQUENCY_WORDS = {"daily": "Daily", "weekly": "Weekly", "monthly": "Monthly"}


@dataclass(frozen=True)
class MailSettings:
    base_url: str
    secret_key: str
    service_name: str
    trust_name: str
    mail_from: str
    rules: Rules

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> MailSettings:
        return cls(
            base_url=str(config.get("BASE_URL") or "http://127.0.0.1:5000").rstrip("/"),
            secret_key=str(config["SECRET_KEY"]),
            service_name=str(config.get("SERVICE_NAME", "Have your say")),
            trust_name=str(config.get("TRUST_NAME", "")),
            mail_from=str(config.get("MAIL_FROM") or "feedback@localhost"),
            rules=Rules.from_config(config),
        )


def schedule_of(subscription: Subscription) -> Schedule:
    return Schedule(str(subscription.frequency), subscription.hour, subscription.weekday or 0,
                    subscription.timezone or Defaults.TIME_ZONE)


def scope_of(subscription: Subscription) -> Scope:
    return Scope(str(subscription.scope_kind), subscription.scope_id, subscription.scope_name)


def compose_summary(session: Session, subscription: Subscription, period: Period, settings: MailSettings,
                    *, now: datetime, preview: bool = False) -> OutboxMessage:
    """Build (without adding) the outbox message summarising `period` for `subscription`."""
    schedule = schedule_of(subscription)
    data = summarise(session, scope_of(subscription), period, previous_period(schedule, period), settings.rules)
    viewer = subscription.user is not None and subscription.user.role is UserRole.VIEWER
    # As on the results page: a viewer is told no flag count below the small-group minimum.
    data.open_flags = shown_flag_count(data.open_flags, settings.rules, sees_flags=not viewer) or 0
    bars = [Bar(_short(measure.prompt), measure.percent) for measure in data.measures if measure.percent is not None]
    # A survey's chart over time takes the one image when it has one; the bars' numbers
    # stay in the table beside them.
    trend = (survey_trend(session, subscription.scope_id, settings.rules, today=now.date())
             if subscription.scope_kind == "survey" and subscription.scope_id and data.breakdowns_shown else None)
    # The trust-wide summary carries the trust's headline measure (projects, not people,
    # so it is shown whatever the period's responses), and it takes the one image.
    headline = headline_trend(session, settings.rules, today=now.date()) if subscription.scope_kind == "everything" \
        else None
    cid = f"chart-{secrets.token_hex(8)}@feedback" if bars or trend or headline else None
    actions = period_actions(session, str(subscription.scope_kind), subscription.scope_id, period.start, period.end,
                             zone=schedule.timezone)
    unsubscribe = unsubscribe_url(settings.base_url, settings.secret_key, subscription)
    heading = f"{FREQUENCY_WORDS[schedule.frequency]} summary: {data.scope_label}"
    context = {
        "data": data, "heading": heading, "period_words": describe(period),
        "previous_words": describe(data.previous), "settings": settings, "preview": preview,
        "so_far": period.so_far,
        "chart_cid": cid, "chart_alt": alt_text(bars, title=CHART_TITLE) if bars else "", "trend": trend, "headline": headline,
        "results_url": _results_url(settings.base_url, subscription),
        "summaries_url": f"{settings.base_url}/organise/summaries",
        "actions": actions, "actions_url": f"{settings.base_url}/organise/actions/",
        "unsubscribe_url": unsubscribe, "subscription": subscription,
    }
    # A survey title is typed by organisers: collapse any line break, which a header cannot hold.
    subject = " ".join(f"{'Preview: ' if preview else ''}{heading}, {describe(period)}".split())
    return OutboxMessage(
        to=subscription.email,
        subject=subject[:300],
        body_text=_environment.get_template("email/summary.txt").render(context),
        body_html=_environment.get_template("email/summary.html").render(context),
        headers={
            "From": settings.mail_from,
            "List-Unsubscribe": f"<{unsubscribe}>",
            # RFC 8058: mail providers may POST to the link to unsubscribe in one click.
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # Automated mail: no out-of-office replies back to us.
            "Auto-Submitted": "auto-generated",
        },
        inline_image=(headline or trend).png if headline or trend else bar_chart(bars, title=CHART_TITLE) if bars
        else None,
        inline_image_cid=cid,
        attempts=0,
        next_attempt_at=now,
        last_error="",
        created_at=now,
    )


def _results_url(base_url: str, subscription: Subscription) -> str:
    """Where the workspace shows this scope's results (the results pages' addresses)."""
    if subscription.scope_kind == "survey" and subscription.scope_id:
        return f"{base_url}/organise/results/surveys/{subscription.scope_id}"
    if subscription.scope_kind == "event" and subscription.scope_id:
        return f"{base_url}/organise/results/events/{subscription.scope_id}"
    return f"{base_url}/organise/results/"


def _short(prompt: str, limit: int = 60) -> str:
    prompt = prompt.rstrip(".")
    return prompt if len(prompt) <= limit else prompt[:limit].rsplit(" ", 1)[0] + "…"


def describe_change(change: int | None) -> str:
    if change is None:
        return "no comparison"
    if change == 0:
        return "no change"
    return f"up {change} points" if change > 0 else f"down {-change} points"


_environment.filters["change"] = describe_change
_environment.filters["roles"] = lambda by_role: "; ".join(f"{role}: {count}" for role, count in by_role)
_environment.globals["short"] = _short

__all__ = ["MailSettings", "SummaryData", "compose_summary", "describe_change", "schedule_of", "scope_of"]
