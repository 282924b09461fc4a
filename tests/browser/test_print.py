"""The paper version in Chromium: the screen page passes axe; printed (print media, A4)
only the form is left, large print and Easy Read have no text under 16 point, and nothing
is wider than the page."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page
from sqlalchemy import select

from feedback.models import Survey, UserRole
from tests.browser.accessibility import assert_accessible
from tests.browser.helpers import sign_in
from tests.factories import make_user

pytestmark = pytest.mark.browser

POINT = 96 / 72  # CSS pixels in a point
_SMALLEST = """() => {
  const walker = document.createTreeWalker(document.querySelector('article.feedback-paper'), NodeFilter.SHOW_TEXT);
  let smallest = [1000, ''];
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim()) continue;
    const size = parseFloat(getComputedStyle(node.parentElement).fontSize);
    if (size < smallest[0]) smallest = [size, node.textContent.trim().slice(0, 40)];
  }
  return smallest;
}"""


@pytest.mark.parametrize("version", ["large-print", "easy-read", "standard"])
def test_the_paper_version_prints_on_a4_with_large_enough_text(live_server, live_session, page: Page, screenshot_dir,
                                                               version):
    organiser = make_user(live_session, email="organiser@example.org", role=UserRole.ORGANISER)
    survey = live_session.scalars(select(Survey).where(Survey.slug == "after-an-event")).one()
    sign_in(page, organiser.email)
    page.goto(f"/organise/surveys/{survey.id}/print?format={version}&lang=en")
    assert_accessible(page)
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 CSS pixels an inch
    assert not page.locator(".feedback-screen-only").is_visible()
    assert not page.locator("header.nhsuk-header").is_visible()
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1]
    size, text = page.evaluate(_SMALLEST)
    if version != "standard":
        assert size >= 16 * POINT - 0.01, f"{text!r} prints at {size / POINT:.1f} pt"
    page.screenshot(path=str(screenshot_dir / f"paper-{version}.png"), full_page=True)
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
    page.emulate_media(media="screen")
