"""Being signed out for not using the workspace: a warning first with a way to stay, and
typing counts as using it, so a long edit is not lost (WCAG 2.2.1)."""
from __future__ import annotations

import time

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from feedback.models import Survey, UserRole
from feedback.organise.survey_editing import duplicate_survey
from tests.browser.accessibility import assert_accessible
from tests.browser.helpers import sign_in
from tests.factories import make_user

pytestmark = pytest.mark.browser
# Seconds: the warning comes at half of it. Long enough that an axe check of the warning
# finishes before the limit on a busy machine.
LIMIT = 10


@pytest.fixture
def short_limit(live_server):
    config = live_server.app.config
    before = config["ORGANISER_IDLE_TIMEOUT"]
    config["ORGANISER_IDLE_TIMEOUT"] = LIMIT
    yield
    config["ORGANISER_IDLE_TIMEOUT"] = before


def test_a_warning_comes_before_sign_out_and_staying_keeps_the_session(live_server, live_session, short_limit,
                                                                        page: Page):
    make_user(live_session, email="organiser@example.org", role=UserRole.ORGANISER)
    sign_in(page, "organiser@example.org")
    page.goto("/organise/events")
    warning = page.locator(".feedback-idle-warning")
    expect(warning).to_be_visible(timeout=LIMIT * 1000)
    expect(warning).to_contain_text("you will be signed out in 1 minute")
    assert_accessible(page)
    page.get_by_role("button", name="Stay signed in").click()
    expect(warning).to_be_hidden()
    time.sleep(LIMIT / 2 + 1)  # past the first limit, counted from the page load
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Events")

    page.wait_for_timeout(LIMIT * 1000 + 500)  # left alone: signed out, and told so on the page
    expect(warning).to_contain_text("You have been signed out")


def test_typing_counts_as_using_the_workspace(live_server, live_session, short_limit, page: Page):
    make_user(live_session, email="organiser@example.org", role=UserRole.ORGANISER)
    builtin = live_session.scalars(select(Survey).where(Survey.slug == "after-an-event")).one()
    survey = duplicate_survey(live_session, builtin, by=None)
    live_session.commit()
    sign_in(page, "organiser@example.org")
    page.goto(f"/organise/surveys/{survey.id}/questions/new")
    page.get_by_role("radio", name="Written answer").check()
    box = page.get_by_label("Question", exact=True)
    for word in "What would make the next meeting easier for you to come to".split():
        box.press_sequentially(word + " ", delay=40)
        page.wait_for_timeout(LIMIT * 1000 // 8)  # slow typing for longer than the limit
    page.get_by_role("button", name="Save question").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Sign in")
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Question saved")
