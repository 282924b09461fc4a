"""The headline measure: the share of active QI projects with service users or carers as
team members, and from the start, per period, on the Measures page and in email summaries."""
from __future__ import annotations

import io
from datetime import date, datetime

from PIL import Image

from feedback.mail.compose import MailSettings, compose_summary
from feedback.mail.periods import Period
from feedback.measures.series import Granularity
from feedback.models import (
    Frequency,
    Involvement,
    InvolvementChange,
    ProjectStage,
    ProjectStageChange,
    QIProject,
    ScopeKind,
)
from feedback.projects.headline import headline_series, load_timelines, period_counts
from feedback.reports.suppression import Rules
from tests.mail.conftest import make_subscription
from tests.organise.conftest import sign_in_as
from tests.pages import parse

RULES = Rules(group_minimum=10, count_maximum=4)
TODAY = date(2026, 7, 15)


def _project(session, name: str, started: date | None, history: list[tuple[Involvement, date]],
             closed: date | None = None) -> QIProject:
    project = QIProject(name=name, started_on=started, created_at=datetime(2024, 1, 1),
                        involvements=[InvolvementChange(involvement=value, changed_on=day) for value, day in history])
    if closed:
        project.stages = [ProjectStageChange(stage=ProjectStage.CLOSED, changed_on=closed)]
    session.add(project)
    return project


def seed(session) -> None:
    """8 projects with team members from the start (January 2025); 4 consulted from March,
    team members from 15 June 2025; one from February, not involved, closed 20 April."""
    for number in range(8):
        _project(session, f"From the start {number}", date(2025, 1, 10), [(Involvement.BIG_I, date(2025, 1, 10))])
    for number in range(4):
        _project(session, f"Later {number}", date(2025, 3, 5),
                 [(Involvement.LITTLE_I, date(2025, 3, 5)), (Involvement.BIG_I, date(2025, 6, 15))])
    _project(session, "Closed early", date(2025, 2, 1), [(Involvement.NOT_INVOLVED, date(2025, 2, 1))],
             closed=date(2025, 4, 20))
    session.commit()


def test_counts_follow_each_projects_stage_and_involvement_over_time(session):
    seed(session)
    counts = {count.start: count for count in period_counts(load_timelines(session), today=TODAY,
                                                            granularity=Granularity.MONTH)}
    assert min(counts) == date(2025, 1, 1) and max(counts) == date(2026, 6, 1)  # July 2026 is not over
    assert (counts[date(2025, 1, 1)].active, counts[date(2025, 2, 1)].active) == (8, 9)
    assert [(counts[date(2025, month, 1)].active, counts[date(2025, month, 1)].team) for month in (3, 4, 5, 6)] == [
        (13, 8), (13, 8), (12, 8), (12, 12)]   # closed on 20 April: still active in April
    assert (counts[date(2025, 3, 1)].from_start, counts[date(2025, 3, 1)].dated) == (8, 13)
    team, start = headline_series(load_timelines(session), RULES, today=TODAY)
    assert team.granularity is Granularity.MONTH
    values = {period.start: period.value for period in team.periods}
    assert values[date(2025, 1, 1)] is None and values[date(2025, 2, 1)] is None   # fewer than 10 active
    assert round(values[date(2025, 3, 1)], 1) == 61.5 and values[date(2026, 6, 1)] == 100
    assert round(start.periods[2].value, 1) == 61.5 and start.periods[-1].value == 100 * 8 / 12


def test_a_project_without_a_start_date_counts_as_active_but_not_for_from_the_start(session):
    seed(session)
    _project(session, "Made from an event", None, [(Involvement.BIG_I, date(2025, 5, 2))])
    session.commit()
    counts = {count.start: count for count in period_counts(load_timelines(session), today=TODAY,
                                                            granularity=Granularity.MONTH)}
    assert (counts[date(2025, 4, 1)].active, counts[date(2025, 5, 1)].active) == (13, 13)
    assert (counts[date(2025, 5, 1)].team, counts[date(2025, 5, 1)].dated) == (9, 12)


def test_weeks_are_used_when_months_are_too_few(session):
    for number in range(12):
        _project(session, f"Project {number}", date(2026, 3, 2), [(Involvement.BIG_I, date(2026, 3, 2))])
    session.commit()
    team, _ = headline_series(load_timelines(session), RULES, today=TODAY)
    assert team.granularity is Granularity.WEEK and team.periods[0].start == date(2026, 3, 2)


def test_the_measures_page_shows_the_headline_chart_with_too_few_to_show(client, session, viewer):
    seed(session)
    sign_in_as(client, viewer)
    from feedback import clock
    response = client.get("/organise/measures/")
    assert response.status_code == 200
    page = parse(response.get_data(as_text=True))
    titles = [heading.get_text(strip=True) for heading in page.select(".app-chart__title")]
    assert titles[:2] == ["Active QI projects with service users or carers as team members",
                          "Active QI projects with service users or carers on the team from the start"]
    rows = {row.th.get_text(strip=True): [cell.get_text(strip=True) for cell in row.select("td")]
            for row in page.select_one(".app-chart__table").select("tbody tr")}
    assert rows["January 2025"][:2] == ["too few to show", "fewer than 10 projects"]
    assert rows["March 2025"][:2] == ["62%", "13 active projects"]
    assert client.get("/organise/measures/?period=day").status_code == 400
    assert clock is not None


def test_the_page_says_plainly_when_there_are_no_projects(client, session, viewer):
    sign_in_as(client, viewer)
    text = parse(client.get("/organise/measures/").get_data(as_text=True)).get_text(" ", strip=True)
    assert "No QI project was active in a finished month yet" in text


def test_a_trust_wide_summary_carries_the_headline_chart(app, session):
    seed(session)
    subscription = make_subscription(session, scope_kind=ScopeKind.EVERYTHING, frequency=Frequency.MONTHLY,
                                     weekday=None)
    period = Period(date(2026, 6, 1), date(2026, 7, 1), datetime(2026, 7, 1, 7))
    message = compose_summary(session, subscription, period, MailSettings.from_config(app.config),
                              now=datetime(2026, 7, 2, 7))
    title = "Active QI projects with service users or carers as team members"
    assert f"The headline measure: {title}" in message.body_text
    assert f'alt="Chart over time of {title}' in message.body_html
    assert Image.open(io.BytesIO(message.inline_image)).format == "PNG"
    assert message.body_html.count("cid:") == 1
