"""The one-page report of a QI project: its details, histories, events and charts of the
responses to its events, with months below the small-number minimum left as gaps."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select, update

from feedback.models import Event, Involvement, InvolvementChange, ProjectStage, ProjectStageChange, QIProject, Response
from feedback.projects.report import project_report
from feedback.reports.suppression import Rules
from tests.measures.history import months_from, seed_history
from tests.organise.conftest import sign_in_as
from tests.pages import parse

RULES = Rules(group_minimum=10, count_maximum=4)
TODAY = date(2026, 4, 10)
# 14 months of 20 responses (12 agree), then a month of 6: too few to show.
SPECS = [(20, 12, 0, 0)] * 14 + [(6, 3, 0, 0)]


def seed_project(session) -> QIProject:
    history = seed_history(session, months_from(date(2025, 1, 1), SPECS))
    project = QIProject(name="Safer discharge", service="Ward 4", aim="Fewer readmissions", started_on=date(2024, 12, 1),
                        stages=[ProjectStageChange(stage=ProjectStage.TESTING_CHANGES, changed_on=date(2025, 2, 1))],
                        involvements=[InvolvementChange(involvement=Involvement.BIG_I, changed_on=date(2024, 12, 1))])
    first = Event(code="AAAAAA", name="Carers' café", held_on=date(2025, 1, 2), project=project,
                  surveys=[history.survey])
    second = Event(code="BBBBBB", name="Spring forum", held_on=date(2025, 8, 1), project=project,
                   surveys=[history.survey])
    session.add_all([first, second])
    session.flush()
    session.execute(update(Response).where(Response.submitted_on < date(2025, 8, 1)).values(event_id=first.id))
    session.execute(update(Response).where(Response.submitted_on >= date(2025, 8, 1),
                                           Response.submitted_on < date(2026, 2, 1)).values(event_id=second.id))
    session.execute(update(Response).where(Response.submitted_on >= date(2026, 3, 1)).values(event_id=second.id))
    session.commit()   # February 2026's responses belong to no event: not this project's
    return project


def test_the_report_charts_the_projects_responses_with_small_months_hidden(session):
    project = seed_project(session)
    report = project_report(session, project, RULES, today=TODAY)
    assert report.responses == 20 * 13 + 6
    assert [(event.code, count) for event, count in report.events] == [("BBBBBB", 126), ("AAAAAA", 140)]
    assert [statement.prompt for statement in report.statements] == ["I was treated as an equal."]
    assert round(report.statements[0].share, 1) == round(100 * (12 * 13 + 3) / 266, 1)
    assert [chart.title for chart in report.charts] == ["Responses", "I was treated as an equal."]
    rows = {row.period: row for row in report.charts[1].rows}
    assert rows["January 2025"].value == "60%"
    assert "February 2026" in rows and rows["February 2026"].value == "too few to show"   # no responses
    assert rows["March 2026"].value == "too few to show"   # 6 responses


def test_the_report_page_prints_on_one_page_with_the_projects_story(client, session, viewer):
    project = seed_project(session)
    sign_in_as(client, viewer)
    response = client.get(f"/organise/projects/{project.id}/report")
    assert response.status_code == 200
    page = parse(response.get_data(as_text=True))
    assert page.h1.get_text(strip=True) == "Project report: Safer discharge"
    text = page.get_text(" ", strip=True)
    assert "team members from the start: yes" in text
    assert "Testing changes from 1 Feb 2025" in text
    assert "Carers' café (2 Jan 2025, 140 responses)" in text
    assert [h.get_text(strip=True) for h in page.select(".app-chart__title")] == ["Responses", "I was treated as an equal."]
    assert len(page.select(".app-report__cell svg.app-chart__svg")) == 2


def test_a_project_without_events_says_there_is_nothing_to_chart(client, session, viewer):
    project = QIProject(name="New idea", started_on=date(2026, 4, 1))
    session.add(project)
    session.commit()
    sign_in_as(client, viewer)
    text = parse(client.get(f"/organise/projects/{project.id}/report").get_data(as_text=True)).get_text(" ", strip=True)
    assert "nothing to chart" in text and "In all, 0 responses" in text
    assert session.scalar(select(QIProject.id)) == project.id
