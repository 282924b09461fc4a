"""Easy Read in Chromium: each built-in survey completed in Easy Read with JavaScript on
and off, every page passing axe (WCAG 2.2 AA), no text under 19 px and no sideways scroll
at 320 px, faces with their words under them, and a switch to the standard version and back
that keeps the answers."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from feedback.i18n.easy_read import FACES, definition
from feedback.models import Response
from tests.browser.accessibility import assert_accessible
from tests.browser.helpers import NARROW, assert_image_loads, assert_no_sideways_scroll
from tests.browser.respondent import SURVEYS, THANKS_TITLE, varied_choice

pytestmark = pytest.mark.browser

SMALLEST_TEXT = 19  # CSS pixels
_SMALLEST = """() => {
  const walker = document.createTreeWalker(document.querySelector('.feedback-easy-read'), NodeFilter.SHOW_TEXT);
  let smallest = [1000, ''];
  while (walker.nextNode()) {
    const node = walker.currentNode, element = node.parentElement;
    // Text nobody sees: the screen-reader-only words and the off-screen anti-automation box.
    if (!node.textContent.trim() || element.closest('.nhsuk-u-visually-hidden, .feedback-honeypot')) continue;
    const size = parseFloat(getComputedStyle(element).fontSize);
    if (size < smallest[0]) smallest = [size, node.textContent.trim().slice(0, 40)];
  }
  return smallest;
}"""


def checked(page: Page) -> None:
    assert_accessible(page)
    assert_no_sideways_scroll(page)
    size, text = page.evaluate(_SMALLEST)
    assert size >= SMALLEST_TEXT, f"{text!r} is {size}px, under {SMALLEST_TEXT}px"


def easy_legend(slug: str, question: dict) -> str:
    return definition(slug)["questions"][question["key"]]["prompt"] + (
        "" if question.get("required") else " (optional)")


@pytest.mark.parametrize("slug", list(SURVEYS))
@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_each_built_in_survey_in_easy_read(live_server, live_session, open_page, screenshot_dir, slug, javascript):
    page = open_page(java_script_enabled=javascript, viewport=NARROW)
    page.goto(f"/s/{slug}?format=easy-read")
    expect(page.locator("h1")).to_have_text(definition(slug)["title"])
    checked(page)
    page.get_by_role("button", name="Start now").click()
    chosen: dict[str, str] = {}
    questions = SURVEYS[slug]["questions"]
    for number, question in enumerate(questions):
        expect(page.locator("h1")).to_have_text(easy_legend(slug, question))
        picture = page.locator("img.feedback-easy-read__picture")
        assert picture.get_attribute("alt").startswith("Picture of")
        assert_image_loads(picture)
        key = question["key"]
        if question["type"] == "free_text":
            page.locator(f"#{key}").fill(f"Easy Read answer {number}")
            chosen[key] = f"Easy Read answer {number}"
        else:
            labels = page.locator(f"label[for^={key}]")
            pick = varied_choice(labels, number)
            pick.click()
            chosen[key] = page.locator(f"#{pick.get_attribute('for')}").get_attribute("value")
            if question["type"] == "agreement":
                face = pick.locator("img.feedback-face__picture").bounding_box()
                words = pick.locator(".feedback-face__words").bounding_box()
                assert words["y"] >= face["y"] + face["height"] - 1, "the words sit under the face"
                assert pick.locator(".feedback-face__words").inner_text() in FACES.values()
        checked(page)
        if number == 1:
            page.screenshot(path=str(screenshot_dir / f"easy-read-{slug}-{javascript}.png"), full_page=True)
            # To the standard version and back: the same page, the answers kept.
            page.get_by_role("button", name="Show the standard version").click()
            expect(page.locator(f"input[name={key}][value={chosen[key]}]")).to_be_checked()
            assert not page.locator(".feedback-easy-read").count()
            page.get_by_role("button", name="Easy Read: short sentences and pictures").click()
            expect(page.locator("h1")).to_have_text(easy_legend(slug, question))
            expect(page.locator(f"input[name={key}][value={chosen[key]}]")).to_be_checked()
        page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Check your answers before sending them")
    checked(page)
    page.get_by_role("button", name="Send my answers").click()
    expect(page).to_have_title(re.compile("^" + re.escape(THANKS_TITLE)))
    live_session.expire_all()
    stored = live_session.scalars(select(Response)).one()
    assert {answer.question.key: (answer.text if answer.text is not None else answer.choice.value)
            for answer in stored.answers} == chosen


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_the_phones_back_button_returns_to_the_last_page_with_its_answer(live_server, open_page, javascript):
    # Each page comes by a redirect to its own address, whose kept answers the next page
    # replaces: Back once showed the start page with every answer gone.
    page = open_page(java_script_enabled=javascript, viewport=NARROW)
    slug = "after-an-event"
    questions = SURVEYS[slug]["questions"]
    page.goto(f"/s/{slug}?format=easy-read")
    page.get_by_role("button", name="Start now").click()
    for number in (0, 1):
        expect(page.locator("h1")).to_have_text(easy_legend(slug, questions[number]))
        varied_choice(page.locator(f"label[for^={questions[number]['key']}]"), number).click()
        page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text(easy_legend(slug, questions[2]))
    chosen = page.evaluate("() => new URLSearchParams(new FormData(document.querySelector('#survey-form')))"
                           ".toString()")
    page.go_back()
    expect(page.locator("h1")).to_have_text(easy_legend(slug, questions[1]))
    second = questions[1]["key"]
    expect(page.locator(f"input[name={second}]:checked")).to_have_count(1)
    assert f"{second}=" in chosen and page.locator(f"input[name={second}]:checked").get_attribute("value") in chosen
    checked(page)
    # On again from there: the first answer still travels with the form.
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text(easy_legend(slug, questions[2]))
    first = questions[0]["key"]
    expect(page.locator(f"#survey-form input[type=hidden][name={first}]")).to_have_count(1)
