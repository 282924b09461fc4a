"""Each built-in survey completed one question per page in every shipped language, in the
standard version and in Easy Read, with JavaScript on and off, at 320 px: a language switch
half-way keeps the answers, right-to-left pages lay out right to left, nothing scrolls
sideways, and with JavaScript on axe-core (WCAG 2.2 AA) checks each page state (start,
error summary, choice, scale, free text, check your answers, thank-you) in every language
and both versions.

The 28 walks are loops inside four tests (one browser page each, its cookies cleared
between walks), and cover every pair rather than every triple: each survey in each language
in both versions, and each version in each language with JavaScript on and off. All 56
would cost twice the time for no page state that is not already checked. Back, Change, the
keyboard and Easy Read's text size are checked in English in test_one_question_per_page.py
and test_easy_read.py.
"""
from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from feedback.i18n.builtin import shipped_easy_read, shipped_texts
from feedback.i18n.easy_read import definition
from feedback.i18n.languages import LANGUAGES, SOURCE_LANGUAGE
from feedback.models import Response, Survey
from tests.browser.accessibility import assert_accessible
from tests.browser.helpers import NARROW, assert_no_sideways_scroll
from tests.browser.respondent import SURVEYS, varied_choice

pytestmark = [
    pytest.mark.browser,
    # The walks check the interface; the database does not change what a page looks like.
    pytest.mark.skipif(os.environ.get("FEEDBACK_TEST_DATABASE_URL", "").startswith("postgres"),
                       reason="interface only: the language walks run on the SQLite run"),
]

CODES = list(LANGUAGES)


def expected_prompt(slug: str, question: dict[str, Any], code: str, easy: bool) -> str:
    """The question as the page should word it: the shipped draft of its Easy Read or
    standard English, else the standard translation (feedback/i18n/easy_read.py)."""
    standard = question["prompt"] if code == SOURCE_LANGUAGE else shipped_texts(code).get(question["prompt"])
    if easy:
        wording = definition(slug)["questions"][question["key"]].get("prompt")
        if wording and code == SOURCE_LANGUAGE:
            return wording
        return shipped_easy_read(code).get(wording) or standard
    return standard


def computed_direction(page: Page, selector: str) -> str:
    return page.locator(selector).first.evaluate("element => getComputedStyle(element).direction")


def go_on(page: Page) -> None:
    submit(page, page.locator("button[name=_go][value=next]"))


def submit(page: Page, button) -> None:
    """Press a button that sends the form, and wait for the next page to be parsed."""
    with page.expect_navigation(wait_until="domcontentloaded"):
        button.click()


def switch_language(page: Page, code: str) -> None:
    submit(page, page.locator(".feedback-languages").get_by_role("button", name=LANGUAGES[code].native_name))
    expect(page.locator("html")).to_have_attribute("lang", code)


def answer(page: Page, number: int, question: dict[str, Any]) -> str:
    """Answer this page's question by its label, as a person does; return the value sent."""
    key = question["key"]
    if question["type"] == "free_text":
        text = f"Answer {number}: the staff explained things."
        page.locator(f"textarea[name={key}]").fill(text)
        return text
    labels = page.locator(f".nhsuk-radios__item:has(input[name={key}]) label")
    pick = varied_choice(labels, number)
    pick.click()
    chosen = page.locator(f"#{pick.get_attribute('for')}")
    expect(chosen).to_be_checked()
    return chosen.get_attribute("value")


def check_right_to_left_scale(page: Page, key: str) -> None:
    """A scale reads from the right: each choice's radio on the right of its words (at 320 px
    Easy Read's faces are one under another, so the order across is not in question)."""
    first = page.locator(f".nhsuk-radios__item:has(input[name={key}])").first
    assert first.locator("input").bounding_box()["x"] > first.locator("label").bounding_box()["x"], \
        "the radio must be on the right of its label"


STATE_OF_TYPE = {"free_text": "free text", "agreement": "scale", "single_choice": "choice"}
PAGE_STATES = ["start", "error summary", *STATE_OF_TYPE.values(), "check your answers", "thank-you"]


def walk(page: Page, slug: str, code: str, *, easy: bool, switch_to: str,
         audit: Callable[[str], None]) -> dict[str, str]:
    """Complete the survey in `code`, switching to `switch_to` and back half-way; return the
    answers sent. `audit(state)` is called on each page, named by its state."""
    direction = LANGUAGES[code].direction
    page.goto(f"/s/{slug}?lang={code}" + ("&format=easy-read" if easy else ""))
    assert page.locator("html").get_attribute("lang") == code
    assert computed_direction(page, "html") == direction
    audit("start")
    go_on(page)
    questions = SURVEYS[slug]["questions"]
    chosen: dict[str, str] = {}
    for number, question in enumerate(questions):
        key = question["key"]
        expect(page.locator("h1")).to_have_text(re.compile(r"^\s*" + re.escape(expected_prompt(slug, question, code, easy))))
        if easy:
            expect(page.locator("img.feedback-easy-read__picture")).to_have_count(1)
        if question.get("required"):
            go_on(page)  # unanswered: the error summary, on the question's own page
            summary = page.locator(".nhsuk-error-summary")
            expect(summary).to_be_visible()
            assert computed_direction(page, ".nhsuk-error-summary") == direction
            audit("error summary")
        chosen[key] = answer(page, number, question)
        if direction == "rtl" and question["type"] == "agreement":
            check_right_to_left_scale(page, key)
        audit(STATE_OF_TYPE[question["type"]])
        if number == len(questions) // 2:
            switch_language(page, switch_to)
            expect(page.locator(f"[name={key}]:checked, textarea[name={key}]").first).to_have_value(chosen[key])
            switch_language(page, code)
            expect(page.locator(f"[name={key}]:checked, textarea[name={key}]").first).to_have_value(chosen[key])
        go_on(page)
    send = page.locator("button[name=_go][value=send]")
    expect(send).to_be_visible()
    audit("check your answers")
    submit(page, send)
    expect(page).to_have_url(re.compile(r"/thanks/"))
    assert page.locator("html").get_attribute("lang") == code
    audit("thank-you")
    return chosen


def last_response(live_session) -> Response:
    live_session.expire_all()
    return live_session.scalars(select(Response).order_by(Response.id.desc()).limit(1)).one()


def in_easy_read(slug: str, position: int, javascript: bool) -> bool:
    """Whether a walk is in Easy Read: it alternates by language, the other way round for the
    other survey and with JavaScript off, which covers every pair (the module's docstring)."""
    return (position + list(SURVEYS).index(slug) + (not javascript)) % 2 == 1


@pytest.mark.parametrize("slug", list(SURVEYS))
@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_each_survey_in_every_language_one_question_per_page(live_server, live_session, open_page, slug, javascript):
    survey = live_session.scalars(select(Survey).where(Survey.slug == slug)).one()
    survey.one_question_per_page = True
    live_session.commit()
    page = open_page(java_script_enabled=javascript, viewport=NARROW)
    audited: list[str] = []
    for position, language in enumerate(CODES):

        def audit(state: str) -> None:
            assert_no_sideways_scroll(page)
            # axe once per page state, and only where it runs in the page itself.
            if javascript and state not in audited:
                audited.append(state)
                assert_accessible(page)

        page.context.clear_cookies()  # a new respondent: no language chosen, nothing sent
        easy = in_easy_read(slug, position, javascript)
        chosen = walk(page, slug, language, easy=easy, switch_to=CODES[(position + 1) % len(CODES)], audit=audit)
        stored = last_response(live_session)
        assert stored.language == language
        assert {item.question.key: (item.text if item.text is not None else item.choice.value)
                for item in stored.answers} == chosen, f"{slug} in {language}"
        if javascript:
            assert sorted(audited) == sorted(PAGE_STATES), f"axe checked every page state in {language}"
            audited.clear()
