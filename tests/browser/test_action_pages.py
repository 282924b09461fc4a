"""'You said, we did' in Chromium: an organiser records the project's involvement, adds an
action to a barrier theme from the event's results, and a respondent finds it on the
event's public page from the thank-you page, with JavaScript off. Every new page and its
error states pass axe (WCAG 2.2 AA)."""
from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from feedback.models import Action, Direction, Event, Involvement, InvolvementChange, QIProject, Survey, UserRole
from tests.browser.accessibility import assert_accessible, check_page
from tests.browser.respondent import SURVEYS, THANKS_TITLE, answer_like_a_person, send
from tests.factories import PASSWORD, analyse, make_response, make_theme, make_user, text_answer

pytestmark = pytest.mark.browser


def _seed(session) -> Event:
    survey = session.scalar(select(Survey).where(Survey.slug == "after-an-event"))
    project = QIProject(name="Safer discharge", started_on=date(2026, 1, 5), involvements=[
        InvolvementChange(involvement=Involvement.LITTLE_I, changed_on=date(2026, 1, 5))])
    event = Event(code="K7MPQ2", name="Carers' coffee morning", held_on=date(2026, 3, 14), place="Ward 4",
                  project=project, surveys=[survey])
    session.add(event)
    session.flush()
    stairs = make_theme(session, name="Access to the venue")
    for number in range(12):
        response = make_response(session, survey=survey, event=event, on=date(2026, 3, 14),
                                 texts={"what_made_it_harder": f"The room was up three flights of stairs ({number})."})
        analyse(session, answer=text_answer(response, "what_made_it_harder"), direction=Direction.BARRIER,
                themes=[stairs])
    session.commit()
    return event


def test_an_action_on_a_barrier_reaches_the_events_public_page(live_server, live_session, open_page):
    event = _seed(live_session)
    make_user(live_session, email="organiser@example.org", name="Robin Organiser", role=UserRole.ORGANISER)
    page = open_page(viewport={"width": 320, "height": 640})
    page.goto("/organise/sign-in")
    page.get_by_label("Email address").fill("organiser@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()

    # The project's involvement first: service users and carers joined the team.
    page.goto(f"/organise/projects/{event.project_id}")
    page.get_by_role("link", name="Record a change in who is on the team").click()
    page.get_by_label("Yes, as full members of the team").check()
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Save change").click()
    expect(page.locator(".nhsuk-summary-list")).to_contain_text("Team members (\"Big I\")")

    # From the event's results, the barrier theme has no action yet: add one.
    page.goto(f"/organise/results/events/{event.id}")
    barriers = page.locator("h4:text-is('You said, we did: what got in the way (barriers)') + ul")
    expect(barriers).to_contain_text("Access to the venue: no action yet")
    check_page(page)
    assert_accessible(page)
    barriers.get_by_role("link", name="add one for access to the venue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record an action")
    expect(page.get_by_label("Access to the venue")).to_be_checked()
    expect(page.get_by_label("Carers' coffee morning, 14 March 2026")).to_be_checked()
    check_page(page)
    assert_accessible(page)

    # Plain-words errors, what was typed kept, and still accessible.
    page.get_by_label("What people said").fill("Three carers said the room was up too many stairs.")
    page.get_by_role("button", name="Save action").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Do not give a number of people under 5")
    expect(summary).to_contain_text("Enter what was done or what is planned")
    expect(summary).to_contain_text("Enter who is responsible")
    assert_accessible(page)
    page.get_by_label("What people said").fill("The room was up too many stairs, and there was no lift.")
    page.get_by_label("What was done, or what is planned").fill("Meetings now happen on the ground floor.")
    page.get_by_label("Done", exact=True).check()
    page.get_by_label("Who is responsible").fill("Robin Organiser")
    page.get_by_label("Team name for public pages (optional)").fill("The Safer discharge team")
    page.locator("#status_on-day").fill("20")
    page.locator("#status_on-month").fill("3")
    page.locator("#status_on-year").fill("2026")
    page.get_by_role("button", name="Save action").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Action: The room was up too many stairs")
    expect(page.locator("body")).to_contain_text("Recorded the action")
    check_page(page)
    assert_accessible(page)

    page.get_by_role("link", name="Choose a quote").click()
    # Wait for the new page: read at once, the document can still be half parsed.
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a quote")
    check_page(page)
    assert_accessible(page)
    page.get_by_label("“The room was up three flights of stairs (11).”").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".nhsuk-summary-list")).to_contain_text("The room was up three flights of stairs (11).")

    page.goto(f"/organise/results/events/{event.id}")
    expect(barriers).to_contain_text("Access to the venue: done")
    page.goto("/organise/actions/")
    check_page(page)
    assert_accessible(page)
    with live_server.session() as session:
        action = session.scalars(select(Action)).one()
        page.goto(f"/organise/actions/{action.id}/close")
    check_page(page)
    assert_accessible(page)

    # A respondent at the event, on a phone with JavaScript off.
    phone = open_page(java_script_enabled=False, viewport={"width": 320, "height": 640})
    phone.goto("/e/K7MPQ2")
    answer_like_a_person(phone, SURVEYS["after-an-event"])
    send(phone)
    expect(phone.get_by_role("heading", level=1)).to_have_text(THANKS_TITLE)
    assert_accessible(phone)
    phone.get_by_role("link", name="See what we have changed because of what people told us").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("You said, we did: Carers' coffee morning")
    main = phone.locator("main")
    expect(main).to_contain_text("The room was up too many stairs, and there was no lift.")
    expect(main).to_contain_text("Meetings now happen on the ground floor.")
    expect(main).to_contain_text("Done on 20 March 2026.")
    expect(main).to_contain_text("Who is doing it: The Safer discharge team")
    expect(main).to_contain_text("The room was up three flights of stairs (11).")
    assert "Robin" not in main.inner_text() and "organiser@example.org" not in phone.content()
    check_page(phone)
    assert_accessible(phone)

    phone.get_by_role("link", name="Safer discharge").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("You said, we did: Safer discharge")
    expect(phone.locator("main")).to_contain_text("Meetings now happen on the ground floor.")
    assert_accessible(phone)
    phone.get_by_role("link", name="See what we have done across the trust").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("You said, we did")
    assert_accessible(phone)
