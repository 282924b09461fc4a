"""An organiser's first week in a real browser: the home page's warnings and first steps,
the poster's address warning (shown on screen, left out of the print), and the results
page with 15 responses; each checked with axe (WCAG 2.2 AA)."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from feedback.models import Event, UserRole
from tests.browser.accessibility import assert_accessible
from tests.browser.helpers import sign_in
from tests.factories import make_user, results_survey

pytestmark = pytest.mark.browser


def test_a_new_trusts_home_page_and_the_poster_say_what_is_not_working_yet(live_server, live_session, page):
    organiser = make_user(live_session, email="organiser@example.org", role=UserRole.ORGANISER)
    sign_in(page, organiser.email)
    page.goto("/organise/")
    expect(page.locator(".nhsuk-warning-callout")).to_contain_text("No summaries are being sent")
    expect(page.get_by_role("heading", name="Getting started")).to_be_visible()
    assert_accessible(page)

    event = live_session.query(Event).filter_by(is_demo=True).one()
    page.goto(f"/organise/events/{event.id}/poster")
    warning = page.locator(".nhsuk-warning-callout")
    expect(warning).to_contain_text("Phones cannot open this address")
    assert_accessible(page)
    page.emulate_media(media="print")
    expect(warning).to_be_hidden()
    expect(page.locator(".feedback-poster__link")).to_be_visible()


def test_results_with_fifteen_responses(live_server, live_session, page):
    viewer = make_user(live_session, email="viewer@example.org", role=UserRole.VIEWER)
    survey = results_survey(live_session, carers=12, staff=3)
    live_session.commit()
    sign_in(page, viewer.email)
    page.goto(f"/organise/results/surveys/{survey.id}")
    expect(page.get_by_role("heading", level=2, name="15 responses")).to_be_visible()
    expect(page.get_by_text("Not shown on their own: staff").first).to_be_visible()
    assert page.locator(".results-chart__bar--up-to").count() > 0
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    lines = page.locator("th.results-nowrap").first.evaluate(
        "cell => { const range = document.createRange(); range.selectNodeContents(cell);"
        " return new Set([...range.getClientRects()].map(rect => Math.round(rect.top))).size; }")
    assert lines == 1, "'Everyone' stays on one line"


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_correcting_tags_returns_to_the_answer_with_one_message(live_server, live_session, open_page, javascript):
    organiser = make_user(live_session, email="organiser@example.org", role=UserRole.ORGANISER)
    survey = results_survey(live_session, carers=12)
    live_session.commit()
    page = open_page(java_script_enabled=javascript)
    sign_in(page, organiser.email)
    page.goto(f"/organise/results/surveys/{survey.id}/quotes")
    assert_accessible(page)
    # An answer far down the list, so "back to the top" and "back to the answer" differ.
    link = page.get_by_role("link", name="Correct the tags on this answer").nth(9)
    answer_id = link.get_attribute("href").split("/answers/")[1].split("/")[0]
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Correct the tags on an answer")
    assert_accessible(page)
    page.get_by_label("Neutral or mixed").check()
    page.get_by_role("button", name="Save tags").click()

    assert page.url.endswith(f"#answer-{answer_id}")
    expect(page.locator(".nhsuk-notification-banner")).to_have_count(1)
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Tags saved")
    assert page.get_by_text("Tags saved").count() == 1
    answer = page.locator(f"#answer-{answer_id}")
    expect(answer).to_be_in_viewport()
    expect(answer).to_contain_text("Sentiment: neutral (set by a person)")
    assert_accessible(page)
