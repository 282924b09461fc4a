"""Other languages in a real browser: an Urdu page reads right to left, scales and error
summary included, passes axe and does not scroll sideways at 320 px, and a switch half-way
keeps what was typed."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.helpers import NARROW, assert_no_sideways_scroll

pytestmark = pytest.mark.browser

SURVEY = "/s/after-an-event"


def computed_direction(page: Page, selector: str) -> str:
    return page.locator(selector).first.evaluate("element => getComputedStyle(element).direction")


def send_button(page: Page):
    return page.locator("form#survey-form button.nhsuk-button")


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_an_urdu_page_reads_right_to_left_and_is_accessible(live_server, open_page, screenshot_dir, javascript):
    page = open_page(java_script_enabled=javascript, viewport=NARROW)
    page.goto(SURVEY + "?lang=ur")
    assert page.locator("html").get_attribute("lang") == "ur"
    assert computed_direction(page, "html") == "rtl"
    assert_accessible(page)
    assert_no_sideways_scroll(page)

    send_button(page).click()
    page.wait_for_load_state()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_visible()
    assert computed_direction(page, ".nhsuk-error-summary") == "rtl"
    # The agreement scale reads from the right: each radio, and the circle drawn for it,
    # sits to the right of its words.
    first_choice = page.locator("fieldset:has(input[name=listened_to]) .nhsuk-radios__item").first
    radio_box = first_choice.locator("input").bounding_box()
    label_box = first_choice.locator("label").bounding_box()
    assert radio_box["x"] > label_box["x"], "the radio must be on the right of its label"
    circle_left = first_choice.locator("label").evaluate(
        "label => label.getBoundingClientRect().left + parseFloat(getComputedStyle(label, '::before').left)")
    assert circle_left >= radio_box["x"] - 1, "the drawn circle must cover the radio"
    # The red bar of a question with a problem is on its right-hand side.
    errored = page.locator(".nhsuk-form-group--error").first
    assert errored.evaluate("element => getComputedStyle(element).borderRightWidth") == "4px"
    assert errored.evaluate("element => getComputedStyle(element).borderLeftWidth") == "0px"
    assert computed_direction(page, ".nhsuk-character-count") == "rtl"
    assert_accessible(page)
    assert_no_sideways_scroll(page)
    page.screenshot(path=str(screenshot_dir / f"urdu-errors-{'js' if javascript else 'nojs'}.png"), full_page=True)


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_switching_language_half_way_keeps_the_answers(live_server, open_page, javascript):
    page = open_page(java_script_enabled=javascript)
    page.goto(SURVEY)
    page.locator("#role-2").check()
    page.locator("#what_helped").fill("Clear information, and my key worker came with me.")
    page.locator(".feedback-languages").get_by_role("button", name="Polski").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "pl"
    expect(page.locator("#role-2")).to_be_checked()
    expect(page.locator("#what_helped")).to_have_value("Clear information, and my key worker came with me.")
    expect(page.locator(".nhsuk-error-summary")).to_have_count(0)
    page.locator(".feedback-languages").get_by_role("button", name="اردو").click()
    page.wait_for_load_state()
    assert computed_direction(page, "html") == "rtl"
    expect(page.locator("#what_helped")).to_have_value("Clear information, and my key worker came with me.")
    # English typed into an Urdu page keeps its own direction.
    assert computed_direction(page, "#what_helped") == "ltr"
    assert_accessible(page)
