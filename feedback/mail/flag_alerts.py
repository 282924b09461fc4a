"""Tell the safeguarding contacts at once when an answer is flagged, through the outbox.

Queued in the same transaction that stores the flag, so a flag never exists without its
alerts, and sent by the scheduler's outbox pass (every minute). safeguarding_alert's
unique (flag, email) sends each contact one email per flag, whatever happens later.

An alert names the survey, the event, the kind of risk and where to read the flag. It
never carries the answer or the words that matched (the flag's reasons may quote them):
email is forwarded, kept and synced to phones where a disclosure must not follow it.
No Flask here; the caller commits.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ..analysis.risk_categories import categories_label
from ..models import (
    Answer,
    Channel,
    Event,
    OutboxMessage,
    Response,
    SafeguardingAlert,
    SafeguardingContact,
    SafeguardingFlag,
    Survey,
    SurveyVersion,
)
from .compose import MailSettings

CHANNEL_WORDS = {Channel.ONLINE: "online", Channel.PAPER: "on a paper form", Channel.KIOSK: "on a kiosk tablet"}


def contact_emails(session: Session, survey_id: int) -> list[str]:
    """The survey's own contacts and the whole trust's, each address once."""
    emails = session.scalars(select(SafeguardingContact.email).where(
        or_(SafeguardingContact.survey_id == survey_id, SafeguardingContact.survey_id.is_(None))))
    return sorted({email.lower(): email for email in emails}.values(), key=str.lower)


def unalerted_open_flags(session: Session) -> int:
    """Flags waiting to be handled that no contact was emailed about (raised before any
    contact was named): the contacts page says so, as a new contact is not told of them."""
    return session.scalar(
        select(func.count()).select_from(SafeguardingFlag)
        .where(SafeguardingFlag.handled_at.is_(None), SafeguardingFlag.unflagged_at.is_(None),
               ~select(SafeguardingAlert.id).where(SafeguardingAlert.flag_id == SafeguardingFlag.id).exists())
    ) or 0


def flag_url(base_url: str, survey_id: int, flag_id: int) -> str:
    return f"{base_url}/organise/results/surveys/{survey_id}/flags#flag-{flag_id}"


def queue_alerts_for_response(session: Session, response_id: int, settings: MailSettings, now: datetime) -> int:
    """Alerts for the flags on one response just stored (none is the usual case)."""
    flags = session.scalars(select(SafeguardingFlag).join(Answer, Answer.id == SafeguardingFlag.answer_id)
                            .where(Answer.response_id == response_id))
    return queue_flag_alerts(session, list(flags), settings, now)


def queue_flag_alerts(session: Session, flags: Iterable[SafeguardingFlag], settings: MailSettings,
                      now: datetime) -> int:
    """Put one email per contact per flag in the outbox, skipping contacts already told
    about that flag; returns how many were queued."""
    queued = 0
    for flag in flags:
        if flag.unflagged_at is not None:
            continue
        survey, event, channel = _where_from(session, flag)
        told = set(session.scalars(select(SafeguardingAlert.email).where(SafeguardingAlert.flag_id == flag.id)))
        for email in contact_emails(session, survey.id):
            if email in told:
                continue
            message = _message(flag, survey, event, channel, email, settings, now)
            session.add(message)
            session.flush()
            session.add(SafeguardingAlert(flag_id=flag.id, email=email, outbox_message_id=message.id))
            queued += 1
    return queued


def _where_from(session: Session, flag: SafeguardingFlag) -> tuple[Survey, Event | None, Channel]:
    row = session.execute(
        select(Survey, Event, Response.channel)
        .join(SurveyVersion, SurveyVersion.survey_id == Survey.id)
        .join(Response, Response.survey_version_id == SurveyVersion.id)
        .join(Answer, Answer.response_id == Response.id)
        .outerjoin(Event, Event.id == Response.event_id)
        .where(Answer.id == flag.answer_id)
    ).one()
    return row[0], row[1], row[2]


def _message(flag: SafeguardingFlag, survey: Survey, event: Event | None, channel: Channel, email: str,
             settings: MailSettings, now: datetime) -> OutboxMessage:
    category = categories_label(flag.category_keys)
    if event is None:
        event_text = "none (answered from the survey's own link)"
    else:
        event_text = event.name + (f", held on {event.held_on.day} {event.held_on:%B %Y}" if event.held_on else "")
    who = "an organiser, by hand" if flag.raised_by_id else "the automatic safeguarding check"
    service = settings.trust_name + " " + settings.service_name if settings.trust_name else settings.service_name
    body = "\n".join([
        "An answer to a survey may mean someone is at risk. Please read it and follow your trust's "
        "safeguarding procedure.",
        "",
        f"Survey: {survey.title}",
        f"Event: {event_text}",
        f"Kind of risk: {category}",
        f"Flagged on: {flag.flagged_on.day} {flag.flagged_on:%B %Y}, by {who}",
        f"Sent: {CHANNEL_WORDS.get(channel, str(channel))}",
        "",
        f"Read the answer and mark it handled (sign in first): {flag_url(settings.base_url, survey.id, flag.id)}",
        "",
        "The answer itself is not in this email, on purpose: emails are forwarded and kept in places "
        "a disclosure should not be.",
        "",
        f"You get this email because an administrator of {service.strip()} named {email} as a safeguarding "
        "contact. An administrator can change the contacts in the workspace, under Safeguarding contacts.",
    ])
    return OutboxMessage(to=email, subject=f"Safeguarding: an answer to \u201c{survey.title}\u201d needs checking",
                         body_text=body, body_html=None, headers={}, next_attempt_at=now, created_at=now)
