"""Safeguarding pages in a real browser, checked with axe (WCAG 2.2 AA) as people use them:
an administrator names a contact, an organiser flags an answer by hand and unflags it."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from feedback.models import UserRole
from tests.browser.accessibility import assert_accessible
from tests.factories import PASSWORD, make_response, make_user, results_survey, text_answer

pytestmark = pytest.mark.browser
MISSED = "The nurse grabbed my arm on the ward and I was too scared to say."


def sign_in(page: Page, email: str) -> None:
    page.goto("/organise/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_contacts_then_flag_by_hand_then_unflag_with_no_axe_violations(live_server, live_session, page):
    admin = make_user(live_session, email="admin@example.org", role=UserRole.ADMIN)
    survey = results_survey(live_session, carers=10)
    text_answer(make_response(live_session, survey=survey, texts={"what_helped": MISSED}), "what_helped")
    live_session.commit()
    sign_in(page, admin.email)

    page.goto("/organise/safeguarding/contacts")
    expect(page.get_by_role("heading", level=1)).to_have_text("Safeguarding contacts")
    assert_accessible(page)
    page.get_by_role("button", name="Add contact").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter the contact's email address")
    assert_accessible(page)
    page.get_by_label("Email address").fill("duty.team@nhs.example")
    page.get_by_label("Which surveys").select_option(label=survey.title)
    page.get_by_role("button", name="Add contact").click()
    expect(page.locator("tbody")).to_contain_text("duty.team@nhs.example")
    assert_accessible(page)

    page.goto(f"/organise/results/surveys/{survey.id}/quotes")
    card = page.locator(".nhsuk-card", has_text=MISSED)
    card.get_by_role("link", name="Flag for safeguarding").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Flag this answer for safeguarding")
    assert_accessible(page)
    page.get_by_label("Why are you flagging this answer?").fill("Grabbed by a nurse")
    page.get_by_role("button", name="Flag this answer").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Select the kind of risk")
    expect(page.get_by_label("Why are you flagging this answer?")).to_have_value("Grabbed by a nurse")
    assert_accessible(page)
    page.get_by_label("Abuse by staff or other patients").check()
    page.get_by_role("button", name="Flag this answer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Safeguarding: answers to check")
    expect(page.locator("#waiting")).to_contain_text("Abuse by staff or other patients")
    assert_accessible(page)

    page.locator("#waiting").get_by_role("link", name="Unflag it as a false alarm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Unflag a false alarm")
    assert_accessible(page)
    page.get_by_role("button", name="Unflag as a false alarm").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter why this is not a safeguarding concern")
    assert_accessible(page)
    page.get_by_label("Why is this not a safeguarding concern?").fill("Checked with the ward: a story from a film")
    page.get_by_role("button", name="Unflag as a false alarm").click()
    expect(page.locator("#handled")).to_contain_text("Unflagged as a false alarm")
    expect(page.locator("#handled")).to_contain_text("a story from a film")
    assert_accessible(page)
