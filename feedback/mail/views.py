"""Public unsubscribe pages: the link in every summary, no sign-in needed.

GET shows a confirmation page with a button, because mail scanners and link previews
follow GET links and must not unsubscribe anyone. POST unsubscribes; it is also the
RFC 8058 one-click endpoint mail providers call with "List-Unsubscribe=One-Click", so it
is exempt from CSRF: the signed token in the address is the proof, and all it can do is
stop the one subscription it names.
"""
from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template
from flask.typing import ResponseReturnValue

from ..extensions import csrf, db
from ..models import Subscription
from ..models.types import utcnow
from .subscriptions import describe_subscription
from .unsubscribe import find_subscription, unsubscribe

bp = Blueprint("mail", __name__)


def _subscription_or_404(token: str) -> Subscription:
    subscription = find_subscription(db.session, current_app.config["SECRET_KEY"], token)
    if subscription is None:
        abort(404)
    return subscription


@bp.get("/unsubscribe/<token>")
def unsubscribe_confirm(token: str) -> ResponseReturnValue:
    subscription = _subscription_or_404(token)
    if not subscription.active:
        return render_template("mail/unsubscribed.html", subscription=subscription,
                               described=describe_subscription(subscription))
    return render_template("mail/unsubscribe.html", subscription=subscription, token=token,
                           described=describe_subscription(subscription))


@bp.post("/unsubscribe/<token>")
@csrf.exempt
def unsubscribe_now(token: str) -> ResponseReturnValue:
    subscription = _subscription_or_404(token)
    unsubscribe(subscription, utcnow())
    db.session.commit()
    current_app.logger.info("Subscription %s unsubscribed by its link", subscription.id)
    return render_template("mail/unsubscribed.html", subscription=subscription,
                           described=describe_subscription(subscription))
