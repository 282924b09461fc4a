"""A respondent in the browser: answer a survey the way a person does, and send it."""
from __future__ import annotations

from typing import Any

from playwright.sync_api import Locator, Page, expect

from feedback.setup_data import builtin_survey_definitions

SURVEYS = {spec["slug"]: spec for spec in builtin_survey_definitions()}
THANKS_TITLE = "Thank you, your answers have been sent"


def legend(question: dict[str, Any]) -> str:
    return question["prompt"] + ("" if question.get("required") else " (optional)")


def varied_choice(labels: Locator, number: int) -> Locator:
    """The option to click for question `number`, varied from question to question so answers
    cannot line up by accident. Waits for the options first: count() does not, and after a
    button's redirect it could count the page still loading."""
    expect(labels.first).to_be_visible()
    return labels.nth(number % labels.count())


def answer_like_a_person(page: Page, spec: dict[str, Any]) -> dict[str, str]:
    """Answer every question by clicking its labels and typing; return what was chosen."""
    chosen: dict[str, str] = {}
    for number, question in enumerate(spec["questions"]):
        if question["type"] == "free_text":
            text = f"Answer {number}: people explained things clearly."
            box = page.get_by_label(question["prompt"])
            box.click()
            box.press_sequentially(text)
            chosen[question["key"]] = text
            continue
        group = page.get_by_role("group", name=legend(question), exact=True)
        labels = group.locator("label")
        pick = varied_choice(labels, number)
        value = pick.get_attribute("for")
        pick.click()
        expect(group.locator(f"#{value}")).to_be_checked()
        chosen[question["key"]] = group.locator(f"#{value}").get_attribute("value")
    return chosen


def send(page: Page) -> None:
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_load_state()
