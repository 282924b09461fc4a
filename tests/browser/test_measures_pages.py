"""Measures pages in Chromium: every new page and chart state passes axe (WCAG 2.2 AA), and
the chart reads at 320 px."""
from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from feedback.models import UserRole
from tests.browser.accessibility import assert_accessible, check_page
from tests.factories import PASSWORD, make_user
from tests.measures.history import months_from, seed_history

pytestmark = pytest.mark.browser

# A rise after month 12 (special cause), a small month (a gap), and a paper channel.
AGREED = [10, 11, 9, 12, 10, 11, 9, 10, 12, 11, 10, 9, 14, 15, 13, 15, 14, 16, 15]
SPECS = [(6 if index == 2 else 20, min(agreed, 3) if index == 2 else agreed, 6 if index < 12 else 0, 6)
         for index, agreed in enumerate(AGREED)]

def test_measures_pages_are_accessible_and_readable_on_a_small_screen(live_server, live_session, open_page,
                                                                       screenshot_dir):
    history = seed_history(live_session, months_from(date(2024, 9, 1), SPECS))
    make_user(live_session, email="organiser@example.org", role=UserRole.ORGANISER)
    page = open_page(viewport={"width": 320, "height": 640})
    page.goto("/organise/sign-in")
    page.get_by_label("Email address").fill("organiser@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()

    page.goto("/organise/measures/")
    check_page(page)
    assert_accessible(page)
    page.get_by_role("link", name="After an event").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Measures: After an event")
    agreement = page.locator("figure", has=page.get_by_role("heading", name="I was treated as an equal."))
    expect(agreement).to_contain_text("Special cause improvement")
    drawing = agreement.locator("svg.app-chart__svg")
    box = drawing.bounding_box()
    assert box["width"] <= 320 and box["height"] > 150   # scaled to the screen, not cut off
    smallest = page.evaluate("""() => Math.min(...[...document.querySelectorAll('svg.app-chart__svg text')]
        .map(t => t.getBoundingClientRect().height))""")
    assert smallest >= 9, f"chart text is {smallest:.1f} px tall at 320 px"
    page.get_by_text("The numbers in this chart").first.click()   # open a table, so axe checks it too
    page.get_by_text("How to read these charts").click()
    drawing.screenshot(path=str(screenshot_dir / "measure-chart-320.png"))
    page.set_viewport_size({"width": 720, "height": 900})
    agreement.screenshot(path=str(screenshot_dir / "measure-chart.png"))
    check_page(page)
    assert_accessible(page)

    page.get_by_role("link", name="Add a measure from a question of this survey").click()
    page.get_by_label("Name of the measure").fill("Would take part again")
    page.get_by_label("Target (optional)").fill("lots")
    page.get_by_role("button", name="Save measure").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter the target as a number")
    assert_accessible(page)
    page.get_by_label("Question").select_option("again")
    page.get_by_label("Target (optional)").fill("80")
    page.get_by_label("Dates of changes (optional)").fill("1/9/2025")
    page.get_by_role("button", name="Save measure").click()
    expect(page.locator("figure", has_text="Would take part again")).to_contain_text("The target of 80%")
    assert_accessible(page)

    page.goto(f"/organise/measures/surveys/{history.survey.id}/report")
    check_page(page)
    assert_accessible(page)
    page.emulate_media(media="print")
    assert page.locator(".nhsuk-header").is_hidden()
    assert page.locator(".app-report__cell").count() >= 2
