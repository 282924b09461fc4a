"""QI project pages in Chromium: every new page and its error states pass axe (WCAG 2.2 AA),
and recording a project's involvement moves the headline measure's chart."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from playwright.sync_api import expect

from feedback.models import Involvement, InvolvementChange, QIProject, UserRole
from tests.browser.accessibility import assert_accessible, check_page
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.browser


def _headline_value(page, period: str) -> str:
    figure_table = page.locator(".app-chart__table").first
    return figure_table.locator("tr", has=page.locator(f"th:text-is('{period}')")).locator("td").first.inner_text()


def test_project_pages_are_accessible_and_involvement_moves_the_headline(live_server, live_session, open_page):
    today = date.today()
    last_month = (today.replace(day=1) - date.resolution).replace(day=1)
    for number in range(12):
        live_session.add(QIProject(name=f"Project {number:02d}", started_on=date(2025, 1, 6),
                                   created_at=datetime(2025, 1, 6), involvements=[
                                       InvolvementChange(involvement=Involvement.LITTLE_I, changed_on=date(2025, 1, 6))]))
    live_session.commit()
    make_user(live_session, email="organiser@example.org", role=UserRole.ORGANISER)
    page = open_page(viewport={"width": 320, "height": 640})
    page.goto("/organise/sign-in")
    page.get_by_label("Email address").fill("organiser@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()

    page.goto("/organise/measures/")
    period = f"{last_month:%B %Y}"
    page.get_by_text("The numbers in this chart").first.click()
    assert _headline_value(page, period) == "0%"
    check_page(page)
    assert_accessible(page)

    page.goto("/organise/projects/")
    check_page(page)
    assert_accessible(page)
    page.get_by_role("button", name="Add a QI project").click()
    page.get_by_role("button", name="Save project").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter the name of the project")
    assert_accessible(page)
    page.get_by_label("Project name").fill("Safer discharge")
    page.get_by_label("Service or team").fill("Ward 4")
    page.get_by_label("Day").fill("6")
    page.get_by_label("Month").fill("1")
    page.get_by_label("Year").fill("2025")
    page.get_by_role("button", name="Save project").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Safer discharge")
    assert_accessible(page)

    page.get_by_role("link", name="Record a change in who is on the team").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record who is on the team: Safer discharge")
    page.get_by_label("Year").fill("2100")
    page.get_by_role("button", name="Save change").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("today or in the past")
    assert_accessible(page)
    page.get_by_label("Yes, as full members of the team").check()
    page.get_by_label("Day").fill("6")
    page.get_by_label("Month").fill("1")
    page.get_by_label("Year").fill("2025")
    page.get_by_role("button", name="Save change").click()
    expect(page.locator(".nhsuk-summary-list")).to_contain_text("Team members from the start")
    expect(page.locator(".nhsuk-summary-list")).to_contain_text("Yes")
    page.get_by_role("link", name="Record a change of stage").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a change of stage: Safer discharge")
    assert_accessible(page)
    page.get_by_label("Testing changes").check()
    page.get_by_role("button", name="Save change").click()
    expect(page.locator("body")).to_contain_text("Stage recorded: Testing changes")

    page.goto("/organise/measures/")
    page.get_by_text("The numbers in this chart").first.click()
    assert _headline_value(page, period) == "8%"   # 1 of the 13 active projects
    page.goto("/organise/projects/")
    page.get_by_role("link", name="Safer discharge").click()
    page.get_by_role("link", name="One-page report to print").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Project report: Safer discharge")
    check_page(page)
    assert_accessible(page)

    page.goto("/organise/projects/import")
    check_page(page)
    assert_accessible(page)
    page.get_by_label("The register (CSV or XLSX").set_input_files(files=[{
        "name": "register.csv", "mimeType": "text/csv",
        "buffer": "Project name,Start date\nCalmer wards,31/02/2026\n".encode()}])
    page.get_by_role("button", name="Import the register").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Row 2, Start date (column B)")
    assert_accessible(page)

    page.goto("/organise/compare")
    check_page(page)
    assert_accessible(page)
    page.goto("/organise/compare?by=projects")
    page.get_by_role("button", name="Compare").click()
    page.get_by_label("Safer discharge").check()
    page.get_by_role("button", name="Compare").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose from 2 to 6 projects")
    assert_accessible(page)
    page.get_by_label("Project 00").check()
    page.get_by_role("button", name="Compare").click()
    expect(page.locator("table")).to_contain_text("0 (from 0 events)")
    expect(page.locator("main")).to_contain_text("Too few responses to chart.")
    assert_accessible(page)
