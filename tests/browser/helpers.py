"""What several browser tests share: signing in as an organiser, a phone's width and the check that nothing scrolls sideways."""
from __future__ import annotations

from playwright.sync_api import Page

from tests.factories import PASSWORD


def sign_in(page: Page, email: str) -> None:
    page.goto("/organise/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


NARROW = {"width": 320, "height": 640}


def assert_no_sideways_scroll(page: Page) -> None:
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"the page scrolls sideways at {widths[1]} px: {widths[0]} px wide"
