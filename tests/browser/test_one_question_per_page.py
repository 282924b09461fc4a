"""One question per page in Chromium: every page state passes axe (WCAG 2.2 AA) with
JavaScript on and off, nothing scrolls sideways at 320 px, a language switch and Back keep
the answers, and a keyboard alone gets from the start page to the thank-you page."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from feedback.models import Response, Survey
from tests.browser.accessibility import assert_accessible
from tests.browser.helpers import NARROW, assert_no_sideways_scroll
from tests.browser.respondent import SURVEYS, THANKS_TITLE, legend, varied_choice

pytestmark = pytest.mark.browser

SLUG = "after-an-event"
SURVEY = f"/s/{SLUG}"
QUESTIONS = SURVEYS[SLUG]["questions"]


@pytest.fixture
def paged(live_session):
    survey = live_session.scalars(select(Survey).where(Survey.slug == SLUG)).one()
    survey.one_question_per_page = True
    live_session.commit()
    return survey


def checked_page(page: Page) -> None:
    assert_accessible(page)
    assert_no_sideways_scroll(page)


def answer(page: Page, number: int, question: dict) -> str:
    """Answer the question on this page (by its label, as a person does); return the value."""
    if question["type"] == "free_text":
        text = f"Answer {number}: the staff explained things."
        page.get_by_label(question["prompt"]).fill(text)
        return text
    group = page.get_by_role("group", name=legend(question), exact=True)
    labels = group.locator("label")
    pick = varied_choice(labels, number)
    pick.click()
    return group.locator(f"#{pick.get_attribute('for')}").get_attribute("value")


def stored_answers(live_session) -> dict[str, str]:
    live_session.expire_all()
    stored = live_session.scalars(select(Response)).one()
    return {answer.question.key: (answer.text if answer.text is not None else answer.choice.value)
            for answer in stored.answers}


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_answering_one_question_a_page_with_back_a_switch_and_a_change(live_server, live_session, paged,
                                                                       open_page, screenshot_dir, javascript):
    page = open_page(java_script_enabled=javascript, viewport=NARROW)
    page.goto(SURVEY)
    checked_page(page)
    page.get_by_role("button", name="Start now").click()
    # A missed required question: its message, on its own page.
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Select who you are")
    checked_page(page)
    chosen: dict[str, str] = {}
    for number, question in enumerate(QUESTIONS):
        expect(page.locator(".nhsuk-caption-l")).to_have_text(f"Question {number + 1} of {len(QUESTIONS)}")
        assert page.locator("h1").inner_text().strip() == legend(question)
        chosen[question["key"]] = answer(page, number, question)
        checked_page(page)
        if number == 1:
            page.screenshot(path=str(screenshot_dir / f"one-per-page-question-{javascript}.png"), full_page=True)
        if number == 3:
            # Back, then on again: the answer on the page left is kept, and so is this one.
            page.get_by_role("button", name="Back").click()
            expect(page.locator("h1")).to_have_text(legend(QUESTIONS[2]))
            expect(page.locator(f"input[name={QUESTIONS[2]['key']}][value={chosen[QUESTIONS[2]['key']]}]")).to_be_checked()
            page.get_by_role("button", name="Continue").click()
            expect(page.locator(f"input[name={question['key']}][value={chosen[question['key']]}]")).to_be_checked()
        if number == 5:
            # A language switch half-way keeps the page, the typed answer and the others.
            page.locator(".feedback-languages").get_by_role("button", name="Polski").click()
            assert page.locator("html").get_attribute("lang") == "pl"
            expect(page.locator(f"#{question['key']}")).to_have_value(chosen[question["key"]])
            checked_page(page)
            page.locator(".feedback-languages").get_by_role("button", name="English").click()
            expect(page.locator(f"#{question['key']}")).to_have_value(chosen[question["key"]])
        page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Check your answers before sending them")
    checked_page(page)
    page.screenshot(path=str(screenshot_dir / f"one-per-page-check-{javascript}.png"), full_page=True)
    live_session.expire_all()
    assert live_session.scalars(select(Response)).first() is None, "nothing is stored before it is sent"
    # Change one answer from the check page: back there after Continue.
    page.get_by_role("button", name=f"Change {legend(QUESTIONS[1]).removesuffix(' (optional)')}").click()
    expect(page.locator("h1")).to_have_text(legend(QUESTIONS[1]))
    page.get_by_role("group", name=legend(QUESTIONS[1])).get_by_label("Strongly disagree").check()
    chosen[QUESTIONS[1]["key"]] = "strongly_disagree"
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Check your answers before sending them")
    page.get_by_role("button", name="Send my answers").click()
    expect(page).to_have_title(re.compile("^" + re.escape(THANKS_TITLE)))
    assert stored_answers(live_session) == chosen


def tab_to(page: Page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("selector => document.activeElement && document.activeElement.matches(selector)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_a_keyboard_alone_completes_the_survey(live_server, live_session, paged, open_page, javascript):
    page = open_page(java_script_enabled=javascript)
    page.goto(SURVEY)
    tab_to(page, "button[value=next]")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    chosen: dict[str, str] = {}
    for question in QUESTIONS:
        expect(page.locator("h1")).to_have_text(legend(question))
        key = question["key"]
        if question["type"] == "free_text":
            tab_to(page, f"textarea[name={key}]")
            page.keyboard.type("Typed with the keyboard")
            chosen[key] = "Typed with the keyboard"
        else:
            tab_to(page, f"input[name={key}]")
            page.keyboard.press("Space")  # the first choice, chosen with the keyboard
            chosen[key] = page.evaluate("() => document.activeElement.value")
        tab_to(page, "button[value=next]")
        page.keyboard.press("Enter")
        page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("Check your answers before sending them")
    tab_to(page, "button[value=send]")
    page.keyboard.press("Enter")
    expect(page).to_have_title(re.compile("^" + re.escape(THANKS_TITLE)))
    assert stored_answers(live_session) == chosen


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_back_after_sending_never_asks_to_resubmit(live_server, live_session, paged, open_page, javascript):
    page = open_page(java_script_enabled=javascript)
    page.goto(SURVEY)
    page.get_by_role("button", name="Start now").click()
    page.get_by_role("button", name="Continue").click()  # the required first question missed
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Select who you are")
    assert "answers=" in page.url and page.title().startswith("Error: ")
    if javascript:
        expect(page.locator(".nhsuk-error-summary")).to_be_focused()
    checked_page(page)
    for number, question in enumerate(QUESTIONS):
        answer(page, number, question)
        page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Check your answers before sending them")
    page.get_by_role("button", name="Send my answers").click()
    expect(page).to_have_title(re.compile("^" + re.escape(THANKS_TITLE)))
    # Back goes to the check page's address, fetched by GET: no "Confirm form resubmission"
    # (which Chromium meets as ERR_CACHE_MISS), just the survey saying the answers were sent.
    back = page.go_back()
    assert back is not None and back.request.method == "GET" and back.ok
    expect(page.get_by_role("heading", level=1)).to_have_text("You have already sent your answers")
    checked_page(page)
    live_session.expire_all()
    assert len(live_session.scalars(select(Response)).all()) == 1
