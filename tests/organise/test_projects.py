"""QI projects: the register, each project's stage and involvement history, audit-logged."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from feedback.models import AuditLog, Involvement, ProjectStage, QIProject
from tests.factories import make_event
from tests.helpers import submit
from tests.organise.conftest import sign_in_as
from tests.pages import parse

NEW_PROJECT = {"name": "Safer discharge", "service": "Ward 4", "aim": "Fewer readmissions within 30 days",
               "started_on[day]": "5", "started_on[month]": "1", "started_on[year]": "2026"}


def _facts(html: str) -> dict[str, str]:
    page = parse(html)
    return {row.dt.get_text(strip=True): row.dd.get_text(strip=True) for row in page.select(".nhsuk-summary-list__row")}


def _change(client, url, values: dict, day=(1, 3, 2026)):
    return submit(client, url, values | {"changed_on[day]": str(day[0]), "changed_on[month]": str(day[1]),
                                         "changed_on[year]": str(day[2])})


def test_organiser_adds_a_project_and_records_its_history(client, session, organiser):
    sign_in_as(client, organiser)
    response = submit(client, "/organise/projects/new", NEW_PROJECT)
    assert response.status_code == 303
    project = session.scalars(select(QIProject)).one()
    url = f"/organise/projects/{project.id}"
    assert response.headers["Location"] == url
    facts = _facts(client.get(url).get_data(as_text=True))
    assert facts["Started"] == "5 January 2026"
    assert facts["Stage now"] == "Not recorded"
    assert facts["Service users or carers now"] == "Not known"
    assert facts["Team members from the start"] == "No"

    assert _change(client, f"{url}/stage", {"stage": "testing_changes"}, (1, 2, 2026)).status_code == 303
    assert _change(client, f"{url}/involvement", {"involvement": "little_i"}, (5, 1, 2026)).status_code == 303
    assert _change(client, f"{url}/involvement", {"involvement": "big_i", "note": "Two carers joined"},
                   (1, 3, 2026)).status_code == 303
    session.refresh(project)
    assert [(change.stage, change.changed_on) for change in project.stages] == [
        (ProjectStage.TESTING_CHANGES, date(2026, 2, 1))]
    assert project.involvement_on(date(2026, 2, 28)) is Involvement.LITTLE_I
    assert project.involvement_on(date(2026, 3, 1)) is Involvement.BIG_I
    assert project.involved_from_start is False
    html = client.get(url).get_data(as_text=True)
    facts = _facts(html)
    assert (facts["Stage now"], facts["Service users or carers now"]) == ("Testing changes", "Team members (\"Big I\")")
    assert "Two carers joined" in html
    actions = session.scalars(select(AuditLog.action).order_by(AuditLog.id)).all()
    assert actions == ["project.create", "project.stage", "project.involvement", "project.involvement"]
    listing = parse(client.get("/organise/projects/").get_data(as_text=True))
    assert [cell.get_text(" ", strip=True) for cell in listing.select("tbody td")][0] == "Project Safer discharge"


def test_involved_from_the_start_when_team_members_on_the_start_date(client, session, organiser):
    sign_in_as(client, organiser)
    submit(client, "/organise/projects/new", NEW_PROJECT)
    project = session.scalars(select(QIProject)).one()
    _change(client, f"/organise/projects/{project.id}/involvement", {"involvement": "big_i"}, (5, 1, 2026))
    session.refresh(project)
    assert project.involved_from_start is True
    assert _facts(client.get(f"/organise/projects/{project.id}").get_data(as_text=True))[
        "Team members from the start"] == "Yes"


def test_project_form_names_each_problem_and_saves_nothing(client, session, organiser):
    sign_in_as(client, organiser)
    response = submit(client, "/organise/projects/new", NEW_PROJECT | {"name": "", "started_on[month]": ""})
    assert response.status_code == 400
    page = parse(response.get_data(as_text=True))
    links = {link.get_text(strip=True): link["href"] for link in page.select(".nhsuk-error-summary a")}
    assert links == {"Enter the name of the project": "#name",
                     "The date the project started must include a month": "#started_on-month"}
    assert page.select_one("textarea[name=aim]").get_text() == "Fewer readmissions within 30 days"
    submit(client, "/organise/projects/new", NEW_PROJECT)
    again = submit(client, "/organise/projects/new", NEW_PROJECT | {"name": "SAFER discharge"})
    assert again.status_code == 400
    assert "There is already a project called" in again.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(QIProject)) == 1


def test_a_change_dated_in_the_future_or_before_the_start_is_refused(client, session, organiser):
    sign_in_as(client, organiser)
    submit(client, "/organise/projects/new", NEW_PROJECT)
    project = session.scalars(select(QIProject)).one()
    url = f"/organise/projects/{project.id}/stage"
    future = _change(client, url, {"stage": "scoping"}, (1, 1, 2100))
    assert future.status_code == 400 and "today or in the past" in future.get_data(as_text=True)
    early = _change(client, url, {"stage": "scoping"}, (1, 12, 2025))
    assert early.status_code == 400 and "on or after the day the project started (5 January 2026)" in \
        early.get_data(as_text=True)
    missing = submit(client, url, {"stage": ""})
    assert missing.status_code == 400 and "Select the stage the project is in" in missing.get_data(as_text=True)
    session.refresh(project)
    assert project.stages == []


def test_renaming_a_project_keeps_its_events_and_subscriptions(client, session, builtin, organiser):
    from datetime import datetime

    from feedback.mail.subscriptions import create_subscription
    event = make_event(session, surveys=[builtin["after-an-event"]])
    subscription = create_subscription(session, email="lead@example.nhs.uk", scope="project:discharge planning",
                                       frequency="weekly", now=datetime(2026, 3, 1))
    session.commit()
    assert subscription.scope_id == event.project_id
    sign_in_as(client, organiser)
    url = f"/organise/projects/{event.project_id}/edit"
    assert parse(client.get(url).get_data(as_text=True)).select_one("input[name=name]")["value"] == \
        "Discharge planning"
    response = submit(client, url, NEW_PROJECT | {"name": "Home safely"})
    assert response.status_code == 303
    session.refresh(subscription)
    assert subscription.scope_name == "Home safely"
    html = client.get(f"/organise/projects/{event.project_id}").get_data(as_text=True)
    assert "Carers&#39; coffee morning" in html or "Carers' coffee morning" in html


def test_viewers_see_the_register_but_not_the_change_links(client, session, builtin, viewer):
    event = make_event(session, surveys=[builtin["after-an-event"]])
    sign_in_as(client, viewer)
    page = parse(client.get(f"/organise/projects/{event.project_id}").get_data(as_text=True))
    links = [link.get_text(strip=True) for link in page.select("main a")]
    assert "Record a change of stage" not in links
    assert client.get(f"/organise/projects/{event.project_id}/stage").status_code == 403
