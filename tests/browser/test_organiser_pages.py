"""The organiser workspace in a real browser: sign in, run an event, print its poster, see a
respondent's answers in the results and the export, and check every organiser page with
axe (WCAG 2.2 AA)."""
from __future__ import annotations

import io
import re

import pytest
import zxingcpp
from openpyxl import load_workbook
from PIL import Image
from playwright.sync_api import Page, expect
from sqlalchemy import select

from feedback.models import Event, QIProject, Survey, UserRole
from feedback.organise.survey_editing import duplicate_survey
from tests.browser.accessibility import assert_accessible, axe_violations, check_page, describe
from tests.browser.helpers import assert_image_loads, sign_in
from tests.browser.respondent import SURVEYS, THANKS_TITLE, answer_like_a_person, send
from tests.factories import PASSWORD, flag, make_response, make_user, results_survey, text_answer

pytestmark = pytest.mark.browser


def assert_pages_accessible(page: Page, paths: list[str]) -> None:
    """Each page answers 200, passes the page check and has no axe violations; every
    problem is reported, not just the first."""
    problems = []
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, f"{path} answered {response.status}"
        check_page(page)
        violations = axe_violations(page)
        if violations:
            problems.append(f"{path}:\n{describe(violations)}")
    assert not problems, "\n".join(problems)


def heading(page: Page) -> str:
    return page.get_by_role("heading", level=1).inner_text()


def test_an_organiser_runs_an_event_from_sign_in_to_its_results_and_export(live_server, live_session, page):
    make_user(live_session, email="admin@example.org", role=UserRole.ADMIN)
    live_session.add(QIProject(name="Peer support"))  # events belong to a project on the register
    live_session.commit()
    page.goto("/organise/events")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert_accessible(page)
    page.get_by_role("button", name="Sign in").click()  # nothing filled in: errors first
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter your email address")
    assert page.title().startswith("Error: Sign in")
    assert_accessible(page)
    page.get_by_label("Email address").fill("admin@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Events")  # back where they were going
    assert_accessible(page)

    page.get_by_role("button", name="Create an event").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an event")
    assert_accessible(page)
    page.get_by_role("button", name="Save event").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter the name of the event")
    assert_accessible(page)
    page.get_by_label("Event name").fill("Peer support open day")
    page.get_by_label("Day").fill("9")
    page.get_by_label("Month").fill("5")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("Place").fill("The Recovery College")
    page.get_by_label("QI project").select_option(label="Peer support")
    page.get_by_label("Tell us about the event you came to").check()
    page.get_by_role("button", name="Save event").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Peer support open day")
    assert_accessible(page)
    live_session.expire_all()
    event = live_session.scalars(select(Event).where(Event.name == "Peer support open day")).one()
    link = live_server.url(f"/e/{event.code}")
    expect(page.get_by_role("link", name=link)).to_be_visible()

    png = page.request.get(f"/organise/events/{event.id}/qr.png")
    assert png.headers["content-type"] == "image/png"
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(png.body())))
    assert [code.text for code in decoded] == [link], "the QR code must open the event link"

    page.get_by_role("link", name="Open the printable poster (A4)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tell us what you think")
    poster_image = page.get_by_role("img", name=f"QR code that opens {link}")
    expect(poster_image).to_be_visible()
    assert_image_loads(poster_image)
    assert_accessible(page)
    page.emulate_media(media="print")
    expect(page.locator("header.nhsuk-header")).to_be_hidden()
    expect(page.locator(".feedback-poster")).to_contain_text(event.code)
    expect(page.locator(".feedback-poster")).to_contain_text(link)
    page.emulate_media(media="screen")

    # A respondent, on a browser of their own, follows the link the QR code holds.
    respondent = page.context.browser.new_page()
    respondent.goto(decoded[0].text)
    expect(respondent.get_by_role("heading", level=1)).to_have_text("Tell us about the event you came to")
    chosen = answer_like_a_person(respondent, SURVEYS["after-an-event"])
    send(respondent)
    expect(respondent.get_by_role("heading", level=1)).to_have_text(THANKS_TITLE)
    respondent.close()

    # The organiser sees it in the event's results (one response: its number is protected)
    # and in the export of that event's responses.
    page.goto(f"/organise/results/events/{event.id}")
    expect(page.get_by_role("heading", level=2, name="fewer than 5 response")).to_be_visible()
    assert_accessible(page)
    export = page.request.get(page.get_by_role("link", name="as an Excel spreadsheet (XLSX)").get_attribute("href"))
    assert export.status == 200
    rows = list(load_workbook(io.BytesIO(export.body())).active.iter_rows(values_only=True))
    assert len(rows) == 2, "the heading row and the one response"
    record = dict(zip(rows[0], rows[1]))
    assert record["Event"] == "Peer support open day" and record["Channel"] == "online"
    assert record["what_helped: What helped you take part?"] == chosen["what_helped"]


def test_every_organiser_page_is_accessible(live_server, live_session, page):
    admin = make_user(live_session, email="admin@example.org", role=UserRole.ADMIN)
    viewer = make_user(live_session, email="viewer@example.org", role=UserRole.VIEWER)
    builtin = live_session.scalars(select(Survey).where(Survey.slug == "after-an-event")).one()
    survey = duplicate_survey(live_session, builtin, by=None)
    live_session.commit()
    event = live_session.scalars(select(Event).where(Event.code == "DEMO")).one()
    sign_in(page, admin.email)
    pages = [
        "/organise/", "/organise/account/password", "/organise/users", "/organise/users/new",
        f"/organise/users/{viewer.id}", "/organise/audit", "/organise/events", "/organise/events/new", f"/organise/events/{event.id}",
        f"/organise/events/{event.id}/edit", f"/organise/events/{event.id}/poster", "/organise/surveys",
        f"/organise/surveys/{builtin.id}", f"/organise/surveys/{survey.id}", f"/organise/surveys/{survey.id}/settings",
        f"/organise/surveys/{survey.id}/questions/new", f"/organise/surveys/{survey.id}/questions/what_helped",
        f"/organise/surveys/{survey.id}/preview", f"/organise/surveys/{builtin.id}/paper?event={event.id}",
    ]
    assert_pages_accessible(page, pages)

    # Forms with errors, as a keyboard user meets them.
    for path, button in [("/organise/users/new", "Add user"),
                         (f"/organise/surveys/{survey.id}/questions/new", "Save question"),
                         ("/organise/account/password", "Change password")]:
        page.goto(path)
        page.get_by_role("button", name=button).click()
        expect(page.locator(".nhsuk-error-summary")).to_be_visible()
        assert_accessible(page)


def test_kiosk_mode_runs_for_people_one_after_another(live_server, live_session, page):
    make_user(live_session, email="organiser@example.org", role=UserRole.ORGANISER)
    event = live_session.scalars(select(Event).where(Event.code == "DEMO")).one()
    sign_in(page, "organiser@example.org")
    page.goto(f"/organise/events/{event.id}")
    page.get_by_role("button", name="Start kiosk mode on this device").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tell us about the event you came to")
    kiosk_url = page.url
    assert_accessible(page)
    assert page.locator("header a").count() == 0
    page.get_by_label("I care for someone who uses mental health services").check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you, your answers have been sent")
    check_page(page)
    # The automatic return is asked for on purpose (a shared tablet must clear itself), and
    # axe's meta-refresh rule flags any timed refresh; everything else must pass. The page
    # offers a link that turns the return off (WCAG 2.2.1), and that page passes in full.
    others = [violation for violation in axe_violations(page) if violation["id"] != "meta-refresh"]
    assert not others, describe(others)
    page.get_by_role("link", name="Keep this page open").click()  # turns the timed return off
    # Wait for the new page: checked too soon, axe read the old one, with its timed refresh.
    expect(page).to_have_url(re.compile(r"[?&]stay=1"))
    assert_accessible(page)
    page.get_by_role("button", name="Start again for the next person").click()
    expect(page.get_by_label("I care for someone who uses mental health services")).not_to_be_checked()
    assert page.url == kiosk_url
    assert re.search(r"/organise/sign-in", page.goto("/organise/").url)


def test_results_pages_are_accessible(live_server, live_session, page):
    """Results with every part showing (charts, themes, quotes, flags), the quote list,
    a tag correction, the flags page, and the results page with a filter error."""
    organiser = make_user(live_session, email="organiser@example.org", role=UserRole.ORGANISER)
    survey = results_survey(live_session, carers=10, staff=10)
    answer = text_answer(make_response(live_session, survey=survey, texts={"what_helped": "I feel unsafe"}),
                         "what_helped")
    flag(live_session, answer=answer)
    live_session.commit()
    sign_in(page, organiser.email)
    base = f"/organise/results/surveys/{survey.id}"
    assert_pages_accessible(page, ["/organise/results/", base, f"{base}?role=carer", f"{base}/quotes",
                                    f"{base}/flags", f"/organise/results/answers/{answer.id}/correct"])

    page.goto(f"{base}?from-day=40&from-month=2&from-year=2026")
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert_accessible(page)


def test_organiser_pages_fit_a_320_pixel_screen_without_sideways_scrolling(live_server, live_session, open_page):
    """WCAG 1.4.10: at 320 CSS pixels (400% zoom on a laptop) the page itself must not scroll
    sideways; a wide table may scroll inside its own box."""
    from feedback.models import OutboxMessage
    admin = make_user(live_session, email="administrator.with.a.long.address@example-trust.nhs.uk", role=UserRole.ADMIN)
    make_user(live_session, email="someone.else.with.a.long.address@example-trust.nhs.uk", role=UserRole.VIEWER)
    live_session.add(OutboxMessage(to="a.very.long.recipient.address@example-trust.nhs.uk",
                                   subject="Weekly summary: Tell us about the event you came to, 30 March to 5 April 2026",
                                   body_text="Hello", body_html="<p>Hello</p>"))
    survey = results_survey(live_session, carers=10, staff=10)
    live_session.commit()
    page = open_page(viewport={"width": 320, "height": 640})
    sign_in(page, admin.email)
    wide = []
    for path in ["/organise/", "/organise/users", "/organise/audit", "/organise/events", "/organise/surveys",
                 "/organise/summaries", "/organise/summaries/log", f"/organise/results/surveys/{survey.id}"]:
        assert page.goto(path).status == 200, path
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            wide.append(f"{path}: {width}px")
    assert not wide, "pages wider than the screen: " + ", ".join(wide)
