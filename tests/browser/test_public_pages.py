"""The public pages in a real browser: people fill in each survey, and axe checks every state."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from feedback.models import Event, Response, Survey, SurveyStatus
from feedback.models.definitions import build_survey
from feedback.models.types import utcnow
from tests.browser.accessibility import assert_accessible
from tests.browser.respondent import SURVEYS, THANKS_TITLE, answer_like_a_person, send

pytestmark = pytest.mark.browser

def stored_answers(live_server, public_id: str) -> tuple[Response, dict[str, str]]:
    with live_server.session() as session:
        response = session.scalars(select(Response).where(Response.public_id == public_id)).one()
        answers = {answer.question.key: (answer.choice.value if answer.choice else answer.text)
                   for answer in response.answers}
        event_code = response.event.code if response.event else None
        return response, answers | {"_event": event_code}


def expect_error_page(page: Page, *, javascript: bool) -> None:
    assert page.title().startswith("Error: ")
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    if javascript:
        # NHS.UK frontend moves focus to the summary, so screen readers announce it at once.
        expect(summary).to_be_focused()


@pytest.mark.parametrize("path, slug, event_code", [
    ("/s/after-an-event", "after-an-event", None),
    ("/s/involving-people-in-qi-staff", "involving-people-in-qi-staff", None),
    ("/e/DEMO", "after-an-event", "DEMO"),
])
def test_each_survey_can_be_answered_and_every_state_is_accessible(live_server, page, path, slug, event_code):
    spec = SURVEYS[slug]
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_have_text(spec["title"])
    assert_accessible(page)

    send(page)
    expect_error_page(page, javascript=True)
    required = next(question for question in spec["questions"] if question.get("required"))
    summary_link = page.locator(".nhsuk-error-summary").get_by_role("link", name=required["error_message"])
    summary_link.click()
    expect(page.locator(f"#{required['key']}")).to_be_focused()
    assert_accessible(page)

    chosen = answer_like_a_person(page, spec)
    send(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(THANKS_TITLE)
    assert_accessible(page)

    public_id = page.url.rstrip("/").rsplit("/", 1)[-1]
    response, stored = stored_answers(live_server, public_id)
    assert stored == chosen | {"_event": event_code}


def test_event_survey_works_with_javascript_off(live_server, javascript_off_page):
    page, spec = javascript_off_page, SURVEYS["after-an-event"]
    page.goto("/e/DEMO")
    assert page.url.endswith("/e/DEMO/after-an-event")
    send(page)
    expect_error_page(page, javascript=False)
    assert_accessible(page)
    chosen = answer_like_a_person(page, spec)
    send(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(THANKS_TITLE)
    _, stored = stored_answers(live_server, page.url.rsplit("/", 1)[-1])
    assert stored == chosen | {"_event": "DEMO"}


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_over_long_answer_is_refused_and_the_text_kept(live_server, open_page, javascript):
    page = open_page(java_script_enabled=javascript)
    page.goto("/s/after-an-event")
    too_long = "I wanted to say more. " * 45 + "x" * 11  # 1,001 characters
    assert len(too_long) == 1001
    page.get_by_text("I use mental health services", exact=True).click()
    box = page.get_by_label("What helped you take part?")
    box.fill(too_long)
    send(page)
    expect_error_page(page, javascript=javascript)
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("must be 1,000 characters or fewer")
    expect(page.locator("#what_helped-error")).to_contain_text("shorten it by 1")
    expect(page.get_by_label("What helped you take part?")).to_have_value(too_long)
    expect(page.get_by_label("I use mental health services")).to_be_checked()
    assert_accessible(page)
    with live_server.session() as session:
        assert session.scalars(select(Response)).first() is None


def test_a_second_error_after_following_an_error_link_opens_at_the_new_errors(live_server, javascript_off_page):
    page = javascript_off_page
    page.goto("/s/after-an-event")
    send(page)
    page.locator(".nhsuk-error-summary a").first.click()  # the address now ends in "#role"
    assert page.url.endswith("#role")
    page.get_by_text("I use mental health services", exact=True).click()
    page.get_by_label("What helped you take part?").fill("x" * 1001)
    send(page)
    assert "#" not in page.url, "the old fragment would open the page at the answered question"
    expect(page.locator(".nhsuk-error-summary")).to_be_in_viewport()


@pytest.fixture
def more_public_pages(live_server) -> None:
    """An event with two surveys, a closed event and a closed survey."""
    with live_server.session() as session:
        surveys = list(session.scalars(select(Survey).order_by(Survey.id)))
        session.add(Event(code="TWO", name="Carers' coffee morning", place="Wellbeing Centre",
                          surveys=surveys))
        session.add(Event(code="SHUT", name="Spring planning day", closed_at=utcnow(), surveys=surveys))
        closed = build_survey(SURVEYS["after-an-event"] | {"slug": "last-year"}, status=SurveyStatus.CLOSED)
        session.add(closed)
        session.commit()


@pytest.mark.parametrize("path, status, heading", [
    ("/", 200, "Have your say"),
    ("/e/TWO", 200, "Carers' coffee morning"),
    ("/e/SHUT", 410, "This event is closed for feedback"),
    ("/s/last-year", 410, "This survey is closed"),
    ("/no-such-page", 404, "Page not found"),
    ("/how-we-use-your-answers", 200, None),
    ("/accessibility", 200, None),
])
def test_other_public_pages_are_accessible(live_server, page, more_public_pages, path, status, heading):
    response = page.goto(path)
    assert response.status == status
    if heading:
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page)


def test_event_with_two_surveys_offers_both(live_server, page, more_public_pages):
    page.goto("/e/TWO")
    page.get_by_role("link", name=SURVEYS["involving-people-in-qi-staff"]["title"]).click()
    assert page.url.endswith("/e/TWO/involving-people-in-qi-staff")
    expect(page.get_by_text("Carers' coffee morning")).to_be_visible()


def test_survey_on_a_phone(live_server, phone_page, screenshot_dir):
    page, spec = phone_page, SURVEYS["after-an-event"]
    page.goto("/e/DEMO")
    fits_the_screen(page)
    page.screenshot(path=screenshot_dir / "phone-1-survey.png", full_page=True)
    send(page)
    expect_error_page(page, javascript=True)
    fits_the_screen(page)
    page.screenshot(path=screenshot_dir / "phone-2-errors.png", full_page=True)
    answer_like_a_person(page, spec)
    send(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(THANKS_TITLE)
    fits_the_screen(page)
    page.screenshot(path=screenshot_dir / "phone-3-thanks.png", full_page=True)
    assert_accessible(page)


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_back_after_the_thank_you_page_does_not_send_the_answers_twice(live_server, open_page, javascript):
    page = open_page(java_script_enabled=javascript)
    page.goto("/s/after-an-event")
    answer_like_a_person(page, SURVEYS["after-an-event"])
    send(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(THANKS_TITLE)
    page.go_back()
    if page.get_by_role("button", name="Send my answers").count():  # restored from the back-forward cache
        send(page)
    else:
        expect(page.get_by_role("heading", level=1)).to_have_text("You have already sent your answers")
        assert_accessible(page)
    with live_server.session() as session:
        assert len(session.scalars(select(Response)).all()) == 1


def test_pages_use_the_nhs_fallback_font_not_the_browsers_serif(live_server, page):
    # Built without the Frutiger web font, the CSS once named no font at all.
    page.goto("/s/after-an-event")
    fonts = page.evaluate("""() => ['body', 'h1', 'legend', 'label', 'textarea', 'button']
        .map(selector => getComputedStyle(document.querySelector(selector)).fontFamily)""")
    assert all(font.lower().startswith("arial") for font in fonts), fonts


@pytest.mark.parametrize("path", ["/", "/s/after-an-event", "/accessibility", "/how-we-use-your-answers", "/nope"])
def test_pages_fit_a_small_phone_at_400_percent_zoom(live_server, open_page, path):
    # 400% zoom on a 640-pixel-wide screen leaves 160 CSS pixels (WCAG 1.4.10 asks for 320).
    page = open_page(viewport={"width": 160, "height": 640})
    page.goto(path)
    fits_the_screen(page)


def fits_the_screen(page: Page) -> None:
    """No sideways scrolling on a phone (WCAG 1.4.10 Reflow)."""
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"the page is {widths[0]}px wide on a {widths[1]}px screen"


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_the_accessibility_check_catches_a_real_problem(live_server, open_page, javascript):
    page = open_page(java_script_enabled=javascript)
    page.goto("/")
    page.evaluate("() => document.querySelector('main').append(document.createElement('img'))")
    with pytest.raises(AssertionError, match="image-alt") as failure:
        assert_accessible(page)
    assert "\n    at " in str(failure.value), "each problem must say where it is"


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_back_after_sending_a_corrected_form_never_asks_to_resubmit(live_server, open_page, javascript):
    page = open_page(java_script_enabled=javascript)
    page.goto("/s/after-an-event")
    page.get_by_label("What helped you take part?").fill("The bus fare was paid.")
    send(page)  # no answer to "who are you": shown again, by a redirect
    expect_error_page(page, javascript=javascript)
    assert "answers=" in page.url
    expect(page.get_by_label("What helped you take part?")).to_have_value("The bus fare was paid.")
    assert_accessible(page)

    page.get_by_text("I use mental health services", exact=True).click()
    send(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(THANKS_TITLE)
    # Back goes to a page fetched by GET: no "Confirm form resubmission", just the survey
    # saying the answers were sent.
    back = page.go_back()
    assert back is not None and back.request.method == "GET" and back.ok
    expect(page.get_by_role("heading", level=1)).to_have_text("You have already sent your answers")
    assert_accessible(page)
    with live_server.session() as session:
        assert len(session.scalars(select(Response)).all()) == 1


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_a_language_switch_mid_form_keeps_the_answer_and_reloads_without_resubmitting(live_server, open_page,
                                                                                      javascript):
    page = open_page(java_script_enabled=javascript)
    page.goto("/s/after-an-event")
    page.get_by_label("What helped you take part?").fill("The bus fare was paid.")
    page.get_by_role("button", name="Cymraeg").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    assert "answers=" in page.url, "the switched page comes by a redirect, not as the answer to a POST"
    expect(page.locator("textarea[name=what_helped]")).to_have_value("The bus fare was paid.")
    assert_accessible(page)
    # A reload asks for the page again by GET (no "Confirm form resubmission") and keeps the answer.
    again = page.reload()
    assert again is not None and again.request.method == "GET" and again.ok
    expect(page.locator("textarea[name=what_helped]")).to_have_value("The bus fare was paid.")
    with live_server.session() as session:
        assert session.scalars(select(Response)).all() == []
