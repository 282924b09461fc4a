"""Signed unsubscribe links: anyone holding the link can stop that one subscription.

The token signs the subscription id together with its address, so a link keeps working
for as long as the subscription exists (old emails stay useful) and cannot be turned
into a link for someone else's subscription. No sign-in is needed, by design: the
person may not have an account at all.
"""
from __future__ import annotations

from datetime import datetime

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.orm import Session

from ..models import Subscription

SALT = "feedback.summary-unsubscribe"


def make_token(secret_key: str, subscription: Subscription) -> str:
    return URLSafeSerializer(secret_key, salt=SALT).dumps([subscription.id, subscription.email.lower()])


def find_subscription(session: Session, secret_key: str, token: str) -> Subscription | None:
    """The subscription a token names, or None if the token is forged, mangled or stale."""
    try:
        subscription_id, email = URLSafeSerializer(secret_key, salt=SALT).loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(subscription_id, int) or not isinstance(email, str):
        return None
    subscription = session.get(Subscription, subscription_id)
    if subscription is None or subscription.email.lower() != email:
        return None
    return subscription


def unsubscribe(subscription: Subscription, now: datetime) -> None:
    """Stop the subscription (kept, inactive, so the delivery log still makes sense)."""
    if subscription.active:
        subscription.active = False
        subscription.unsubscribed_at = now


def unsubscribe_url(base_url: str, secret_key: str, subscription: Subscription) -> str:
    return f"{base_url.rstrip('/')}/unsubscribe/{make_token(secret_key, subscription)}"
