"""Making and listing subscriptions, shared by the CLI and the workspace pages."""
from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, object_session

from ..config import Defaults
from ..models import Event, Frequency, QIProject, ScopeKind, Subscription, Survey, User

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# No spaces or control characters anywhere: a NUL or a line break in an address would
# reach the mail headers (and PostgreSQL refuses NUL outright).
EMAIL_ADDRESS = re.compile(r"^[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+\.[^@\s\x00-\x1f\x7f]+$")
EMAIL_MAX_LENGTH = 254  # the longest address SMTP carries (RFC 5321)


def usable_email_address(email: str) -> bool:
    return bool(EMAIL_ADDRESS.match(email)) and len(email) <= EMAIL_MAX_LENGTH


class SubscriptionError(ValueError):
    """Bad input, with a message that says what to do."""


def parse_scope(session: Session, text: str) -> tuple[ScopeKind, int | None, str]:
    """'everything', 'survey:SLUG', 'event:CODE' or 'project:NAME' -> (kind, id, name)."""
    kind, _, name = text.strip().partition(":")
    kind, name = kind.strip().lower(), name.strip()
    if kind == "everything" and not name:
        return ScopeKind.EVERYTHING, None, ""
    if kind == "survey" and name:
        survey = session.scalar(select(Survey).where(Survey.slug == name.lower()))
        if survey is None:
            raise SubscriptionError(f"There is no survey with the short name {name!r}. Check the survey's link.")
        return ScopeKind.SURVEY, survey.id, survey.slug
    if kind == "event" and name:
        event = session.scalar(select(Event).where(Event.code == name.upper()))
        if event is None:
            raise SubscriptionError(f"There is no event with the code {name!r}. Check the event's link.")
        return ScopeKind.EVENT, event.id, event.code
    if kind == "project" and name:
        project = session.scalar(select(QIProject).where(func.lower(QIProject.name) == name.lower()))
        if project is None:
            raise SubscriptionError(f"There is no QI project called {name!r}. Check the spelling.")
        return ScopeKind.QI_PROJECT, project.id, project.name
    raise SubscriptionError("Enter the scope as everything, survey:SLUG, event:CODE or project:NAME.")


def create_subscription(session: Session, *, email: str, scope: str, frequency: str, day: str = "monday",
                        hour: int = 7, now: datetime) -> Subscription:
    """Validate everything first, so nothing is saved when any part is wrong."""
    email = email.strip()
    if not usable_email_address(email):
        raise SubscriptionError("Enter an email address in the correct format, like name@example.nhs.uk.")
    try:
        chosen = Frequency(frequency.strip().lower())
    except ValueError:
        raise SubscriptionError("Select how often: daily, weekly or monthly.") from None
    if day.strip().lower() not in WEEKDAYS:
        raise SubscriptionError("Select a day of the week, like monday.")
    if not 0 <= hour <= 23:
        raise SubscriptionError("Enter an hour from 0 to 23.")
    kind, scope_id, scope_name = parse_scope(session, scope)
    weekday = WEEKDAYS.index(day.strip().lower()) if chosen is Frequency.WEEKLY else None
    for existing in active_subscriptions_for(session, email):
        if (existing.scope_kind, existing.scope_id, existing.scope_name, existing.frequency, existing.weekday,
                existing.hour) == (kind, scope_id, scope_name, chosen, weekday, hour):
            # A second one would send the same email twice.
            raise SubscriptionError(f"{email} already gets this summary, so nothing was added.")
    user = session.scalar(select(User).where(User.email == email.lower()))
    subscription = Subscription(
        user_id=user.id if user else None, email=email, scope_kind=kind, scope_id=scope_id,
        scope_name=scope_name, frequency=chosen,
        weekday=weekday, hour=hour, timezone=Defaults.TIME_ZONE, active=True, created_at=now,
    )
    session.add(subscription)
    return subscription


def active_subscriptions_for(session: Session, email: str) -> list[Subscription]:
    return list(session.scalars(
        select(Subscription).where(func.lower(Subscription.email) == email.strip().lower(),
                                   Subscription.active.is_(True))
        .order_by(Subscription.id)
    ))


def listed_subscriptions(session: Session, user: User, *, everyone: bool) -> list[Subscription]:
    """The running subscriptions on the summaries page: everyone's, or only this person's."""
    query = select(Subscription).where(Subscription.active.is_(True)).order_by(Subscription.email, Subscription.id)
    if not everyone:
        query = query.where(or_(Subscription.email == user.email, Subscription.user_id == user.id))
    return list(session.scalars(query))


def scope_choices(session: Session) -> list[tuple[str, str]]:
    """What a summary can cover, as (value for parse_scope, label): everything, each survey,
    each real event (not the demo) and each QI project."""
    choices = [("everything", "Everything: all surveys and events")]
    choices += [(f"survey:{survey.slug}", f"Survey: {survey.title}")
                for survey in session.scalars(select(Survey).order_by(Survey.slug))]
    choices += [(f"event:{event.code}", f"Event: {event.name}")
                for event in session.scalars(select(Event).where(Event.is_demo.is_(False)).order_by(Event.name))]
    choices += [(f"project:{project}", f"QI project: {project}")
                for project in session.scalars(select(QIProject.name).order_by(QIProject.name))]
    return choices


def _scope_title(subscription: Subscription) -> str:
    """The survey's title or the event's name as people know it; the slug or code it was
    made with if that survey or event has gone."""
    session = object_session(subscription)
    model = Survey if subscription.scope_kind is ScopeKind.SURVEY else Event
    found = session.get(model, subscription.scope_id) if session is not None and subscription.scope_id else None
    if isinstance(found, Survey):
        return found.title
    if isinstance(found, Event):
        return found.name
    return subscription.scope_name


def describe_subscription(subscription: Subscription) -> str:
    scope = {
        ScopeKind.EVERYTHING: "everything",
        ScopeKind.SURVEY: f"the survey \u201c{_scope_title(subscription)}\u201d",
        ScopeKind.EVENT: f"the event \u201c{_scope_title(subscription)}\u201d",
        ScopeKind.QI_PROJECT: f"the QI project \u201c{subscription.scope_name}\u201d",
    }[subscription.scope_kind]
    when = {
        Frequency.DAILY: "every day",
        Frequency.WEEKLY: f"every {WEEKDAYS[subscription.weekday or 0].capitalize()}",
        Frequency.MONTHLY: "on the 1st of every month",
    }[subscription.frequency]
    return f"{scope}, {when} at {subscription.hour:02d}:00 ({subscription.timezone})"
