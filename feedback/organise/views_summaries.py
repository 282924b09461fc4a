"""Email summaries in the workspace: subscribe, "Send a preview now", stop, and the delivery log."""
from __future__ import annotations

from datetime import timezone
from zoneinfo import ZoneInfo

from flask import Response, abort, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from wtforms import EmailField, RadioField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, InputRequired

from ..audit import record
from ..extensions import db
from ..mail.browser_preview import EMAIL_CSP, html_for_browser
from ..mail.claims import compose_preview
from ..mail.compose import schedule_of
from ..mail.heartbeat import describe_pass, last_pass_at, scheduler_running
from ..mail.outbox import recent_messages, retry_failed
from ..mail.periods import next_due
from ..mail.scheduler import send_preview
from ..mail.subscriptions import (
    WEEKDAYS,
    SubscriptionError,
    create_subscription,
    describe_subscription,
    listed_subscriptions,
    scope_choices,
)
from ..mail.transports import transport_from_config
from ..mail.unsubscribe import unsubscribe
from ..models import Subscription, User, UserRole
from ..models.types import utcnow
from ..web.addresses import request_mail_settings
from .access import ROLE_RANK, checks_its_own_token, current_user, requires
from .blueprint import bp
from .forms import ConfirmForm, email_validators, error_list

FREQUENCIES = [SelectChoice("daily", "Every day"), SelectChoice("weekly", "Every week"),
               SelectChoice("monthly", "Every month, on the 1st")]


class SubscriptionForm(FlaskForm):
    email = EmailField("Email address to send it to",
                       validators=email_validators("Enter the email address to send the summary to"))
    # Choices are checked by the service, which says what to do; WTForms' own message does not.
    scope = RadioField("What should the summary cover?", validate_choice=False,
                       validators=[InputRequired("Select what the summary should cover")])
    frequency = RadioField("How often?", choices=FREQUENCIES, validate_choice=False, validators=[
        InputRequired("Select how often to send the summary"),
        AnyOf([choice.value for choice in FREQUENCIES], message="Select how often to send the summary")])
    day = SelectField("Day of the week, for a weekly summary", default="monday", validate_choice=False,
                      choices=[SelectChoice(day, day.capitalize()) for day in WEEKDAYS],
                      validators=[AnyOf(WEEKDAYS, message="Select a day of the week")])
    hour = SelectField("Time of day (UK time)", default="7", validate_choice=False,
                       choices=[SelectChoice(str(hour), f"{hour:02d}:00") for hour in range(24)],
                       validators=[AnyOf([str(hour) for hour in range(24)], message="Select a time of day")])


def _can_manage_others(user: User) -> bool:
    return ROLE_RANK[user.role] >= ROLE_RANK[UserRole.ORGANISER]


def _subscription_or_404(subscription_id: int) -> Subscription:
    """A running subscription this person may manage; a stopped one is gone for them."""
    subscription = db.session.get(Subscription, subscription_id)
    user = current_user()
    if subscription is None or not subscription.active or not (
            _can_manage_others(user) or subscription.email.lower() == user.email.lower()):
        abort(404)
    return subscription


@bp.get("/summaries")
@requires(UserRole.VIEWER)
def summaries() -> ResponseReturnValue:
    user = current_user()
    london, now = ZoneInfo(current_app.config["TIME_ZONE"]), utcnow()
    rows = [{"subscription": subscription, "described": describe_subscription(subscription),
             "next": next_due(schedule_of(subscription), now).replace(tzinfo=timezone.utc).astimezone(london)}
            for subscription in listed_subscriptions(db.session, user, everyone=_can_manage_others(user))]
    return render_template("organise/summaries/index.html", rows=rows, confirm=ConfirmForm(),
                           can_see_log=_can_manage_others(user), base_url_missing=not current_app.config.get("BASE_URL"),
                           scheduler_stopped=not scheduler_running(db.session, now),
                           scheduler_last_pass=describe_pass(last_pass_at(db.session), current_app.config["TIME_ZONE"]))


@bp.route("/summaries/new", methods=["GET", "POST"])
@checks_its_own_token
@requires(UserRole.VIEWER)
def summary_new() -> ResponseReturnValue:
    user = current_user()
    form = SubscriptionForm(data={"email": user.email})
    form.scope.choices = [SelectChoice(value, label) for value, label in scope_choices(db.session)]
    if form.validate_on_submit():
        if not _can_manage_others(user) and form.email.data.strip().lower() != user.email.lower():
            form.email.errors.append("Enter your own email address: only organisers can subscribe someone else")
        else:
            try:
                subscription = create_subscription(
                    db.session, email=form.email.data, scope=form.scope.data, frequency=form.frequency.data,
                    day=form.day.data, hour=int(form.hour.data), now=utcnow())
            except SubscriptionError as error:
                db.session.rollback()
                form.scope.errors.append(str(error))
            else:
                # A summary carries results to an address, as an export does: who set it up is kept.
                record(db.session, user=user, action="summary.subscribe", target=subscription.email,
                       detail=f"{subscription.frequency.value} summary of {describe_subscription(subscription)}")
                db.session.commit()
                flash(f"{subscription.email} will get a summary of {describe_subscription(subscription)}.",
                      "success")
                return redirect(url_for(".summaries"), code=303)
    status = 400 if form.is_submitted() else 200
    return render_template("organise/summaries/new.html", form=form, errors=error_list(form)), status


@bp.get("/summaries/<int:subscription_id>/preview")
@requires(UserRole.VIEWER)
def summary_preview_page(subscription_id: int) -> ResponseReturnValue:
    """Read the preview here, both parts, as the person it goes to will see it; nothing is sent.
    The same people may read it as may send it: the owner, or any organiser."""
    subscription = _subscription_or_404(subscription_id)
    message = compose_preview(db.session, subscription, request_mail_settings(), utcnow())
    db.session.rollback()  # composing writes nothing; leave nothing pending
    return render_template("organise/summaries/preview.html", subscription=subscription, message=message,
                           described=describe_subscription(subscription), confirm=ConfirmForm())


@bp.get("/summaries/<int:subscription_id>/preview/email.html")
@requires(UserRole.VIEWER)
def summary_preview_html(subscription_id: int) -> ResponseReturnValue:
    """The email's HTML part on its own, for the frame on the preview page."""
    subscription = _subscription_or_404(subscription_id)
    message = compose_preview(db.session, subscription, request_mail_settings(), utcnow())
    db.session.rollback()
    response = Response(html_for_browser(message), mimetype="text/html")
    response.headers["Content-Security-Policy"] = EMAIL_CSP
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


@bp.post("/summaries/<int:subscription_id>/preview")
@requires(UserRole.VIEWER)
def summary_preview(subscription_id: int) -> ResponseReturnValue:
    subscription = _subscription_or_404(subscription_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    record(db.session, user=current_user(), action="summary.preview_send", target=subscription.email,
           detail=describe_subscription(subscription))
    sent, _failed = send_preview(db.session, [subscription], request_mail_settings(),
                                 transport_from_config(current_app.config, current_app.instance_path), utcnow())
    if sent and not current_app.config.get("MAIL_SMTP_HOST"):
        flash(f"No mail server is set up, so the preview for {subscription.email} was saved as a file in the "
              "service's outbox folder instead of being emailed. Ask your administrator to set one up.")
    elif sent:
        flash(f"A preview has been sent to {subscription.email}.", "success")
    else:
        flash(f"The preview could not be sent to {subscription.email} yet. It will be tried again; "
              "the delivery log shows why.")
    return redirect(url_for(".summaries"), code=303)


@bp.post("/summaries/<int:subscription_id>/stop")
@requires(UserRole.VIEWER)
def summary_stop(subscription_id: int) -> ResponseReturnValue:
    subscription = _subscription_or_404(subscription_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    unsubscribe(subscription, utcnow())
    record(db.session, user=current_user(), action="summary.stop", target=subscription.email,
           detail=describe_subscription(subscription))
    db.session.commit()
    flash(f"{subscription.email} will not get the summary of {describe_subscription(subscription)} any more.",
          "success")
    return redirect(url_for(".summaries"), code=303)


@bp.get("/summaries/log")
@requires(UserRole.ORGANISER)
def summaries_log() -> ResponseReturnValue:
    messages = recent_messages(db.session, 100)
    return render_template("organise/summaries/log.html", messages=messages,
                           any_failed=any(message.status == "failed" for message in messages),
                           no_mail_server=not current_app.config.get("MAIL_SMTP_HOST"))


@bp.post("/summaries/log/retry")
@requires(UserRole.ORGANISER)
def summaries_retry() -> ResponseReturnValue:
    """After the mail server is fixed: send again what was given up on, without a terminal."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    count = retry_failed(db.session, utcnow())
    record(db.session, user=current_user(), action="outbox.retry", target="delivery log", detail=f"{count} emails")
    db.session.commit()
    flash(f"{count} email{'' if count == 1 else 's'} will be tried again within a few minutes.", "success")
    return redirect(url_for(".summaries_log"), code=303)
