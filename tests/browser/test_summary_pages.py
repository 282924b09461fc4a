"""The summaries pages in a real browser, checked with axe (WCAG 2.2 AA): subscribing,
the delivery log, and the public unsubscribe pages a person reaches from an email."""
from __future__ import annotations

import re
from datetime import datetime

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from feedback.extensions import db
from feedback.mail.scheduler import run_pass
from feedback.mail.unsubscribe import make_token
from feedback.models import OutboxMessage, Subscription, Survey, UserRole
from tests.browser.accessibility import assert_accessible
from tests.browser.helpers import assert_image_loads
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.browser


def test_an_organiser_subscribes_previews_and_reads_the_delivery_log(live_server, live_session, page: Page):
    make_user(live_session, email="organiser@example.org", role=UserRole.ORGANISER)
    page.goto("/organise/sign-in")
    page.get_by_label("Email address").fill("organiser@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Email summaries").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Email summaries")
    assert_accessible(page)

    page.get_by_role("button", name="Subscribe to a summary").click()
    page.get_by_label("Email address to send it to").fill("")
    page.get_by_role("button", name="Subscribe").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Select what the summary should cover")
    assert page.title().startswith("Error: Subscribe to a summary")
    assert_accessible(page)
    page.locator(".nhsuk-error-summary a").first.click()
    assert page.evaluate("document.activeElement.id") == "email"

    page.get_by_label("Email address to send it to").fill("manager@example.org")
    page.get_by_label("Everything: all surveys and events").check()
    page.get_by_label("Every week").check()
    page.get_by_label("Day of the week, for a weekly summary").select_option("friday")
    page.get_by_label("Time of day (UK time)").select_option("16")
    page.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Email summaries")
    expect(page.locator("table")).to_contain_text("Everything, every Friday at 16:00 (Europe/London)")
    assert_accessible(page)

    page.get_by_role("button", name="Send a preview now").click()
    # No mail server in this test: the page says where the preview went instead of "sent".
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text(
        "the preview for manager@example.org was saved as a file")
    page.get_by_role("link", name="See the delivery log").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delivery log")
    expect(page.locator("table")).to_contain_text("Preview: Weekly summary")
    expect(page.locator(".nhsuk-warning-callout")).to_contain_text("Emails are not leaving the service")
    assert_accessible(page)


def test_the_unsubscribe_pages_from_an_email_work_without_signing_in(live_server, live_session, page: Page):
    subscription = Subscription(email="manager@example.org", scope_kind="everything", frequency="daily", hour=7,
                                timezone="Europe/London", active=True, created_at=datetime(2026, 1, 1))
    live_session.add(subscription)
    live_session.commit()
    token = make_token(live_server.app.config["SECRET_KEY"], subscription)

    page.goto(f"/unsubscribe/{token}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Unsubscribe from this email summary")
    assert_accessible(page)
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have unsubscribed")
    assert_accessible(page)
    live_session.expire_all()
    assert not live_session.scalars(select(Subscription)).one().active
    with live_server.app.app_context():
        assert run_pass(db.session, live_server.app.config, live_server.app.instance_path,
                        now=datetime(2026, 4, 6, 6, 0)).queued == 0


def test_an_organiser_reads_a_preview_in_the_browser_both_parts_before_sending_it(live_server, live_session,
                                                                                   page: Page):
    from feedback.clock import today_in
    from tests.mail.conftest import add_responses, make_subscription
    survey = live_session.scalars(select(Survey).where(Survey.slug == "after-an-event")).one()
    add_responses(live_session, survey=survey, on=today_in("Europe/London"), count=12, agree=True)
    make_subscription(live_session, email="manager@example.org")
    make_user(live_session, email="organiser@example.org", role=UserRole.ORGANISER)
    page.goto("/organise/sign-in")
    page.get_by_label("Email address").fill("organiser@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Email summaries").first.click()

    page.get_by_role("link", name="Read a preview of the summary for manager@example.org").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Preview of the summary for manager@example.org")
    expect(page.locator("dd").nth(1)).to_contain_text("so far")
    expect(page.locator("pre")).to_contain_text("12 responses in this period so far")
    # The HTML part, in its frame, as a mail program shows it: styled, with its chart.
    email = page.frame_locator("iframe")
    expect(email.get_by_role("heading", level=1)).to_contain_text("Weekly summary: All surveys and events")
    expect(email.locator("body")).to_contain_text("12 responses")
    chart = email.locator("img").first
    expect(chart).to_have_attribute("src", re.compile(r"^data:image/png;base64,"))
    assert_image_loads(chart)
    assert email.locator("body").evaluate("body => getComputedStyle(body).backgroundColor") == "rgb(240, 244, 245)"
    assert_accessible(page)

    # The email alone, as its own page, passes the same checks.
    page.get_by_role("link", name="Open the email on a page of its own").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Weekly summary")
    assert_accessible(page)
    page.go_back()

    page.get_by_role("button", name="Send this preview now").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text(
        "the preview for manager@example.org was saved as a file")
    live_session.expire_all()
    assert live_session.scalars(select(OutboxMessage)).one().subject.endswith("so far")
