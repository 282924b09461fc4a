"""What several browser tests share: signing in as an organiser, a phone's width and the check that nothing scrolls sideways."""
from __future__ import annotations

from playwright.sync_api import Locator, Page

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


def assert_image_loads(image: Locator) -> None:
    """The image loads, waiting for it if it has not yet: the page around it can be ready
    first, so sampling img.complete once failed now and then."""
    # A complete image has loaded or failed already: no event will come, so no waiting for
    # one (a failed picture once hung the run); one still loading gets 15 seconds.
    loaded = image.evaluate("""img => img.complete ? img.naturalWidth > 0 : new Promise(resolve => {
        img.addEventListener("load", () => resolve(img.naturalWidth > 0), {once: true});
        img.addEventListener("error", () => resolve(false), {once: true});
        setTimeout(() => resolve(img.complete && img.naturalWidth > 0), 15000);
    })""")
    assert loaded, "the image did not load"
