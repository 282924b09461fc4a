"""Compare side by side: events of projects with service users or carers on the team
against those without, chosen projects, chosen events; small groups show nothing more."""
from __future__ import annotations

from datetime import date

from sqlalchemy import update

from feedback.models import Event, Involvement, InvolvementChange, QIProject, Response
from tests.measures.history import months_from, seed_history
from tests.organise.conftest import sign_in_as
from tests.pages import parse

# Six months of 20 responses: 12 agree in the first three, 16 in the last three; then 6.
SPECS = [(20, 12, 0, 0)] * 3 + [(20, 16, 0, 0)] * 3 + [(6, 3, 0, 0)]


def seed(session) -> dict[str, int]:
    seed_history(session, months_from(date(2025, 1, 1), SPECS))
    team = QIProject(name="Safer discharge", started_on=date(2024, 12, 1), involvements=[
        InvolvementChange(involvement=Involvement.LITTLE_I, changed_on=date(2024, 12, 1)),
        InvolvementChange(involvement=Involvement.BIG_I, changed_on=date(2025, 4, 1))])
    other = QIProject(name="Less waiting", started_on=date(2024, 12, 1), involvements=[
        InvolvementChange(involvement=Involvement.NOT_INVOLVED, changed_on=date(2024, 12, 1))])
    events = {
        "early": Event(code="AAAAAA", name="Winter café", held_on=date(2025, 1, 2), project=team),
        "late": Event(code="BBBBBB", name="Spring forum", held_on=date(2025, 4, 2), project=team),
        "other": Event(code="CCCCCC", name="Open day", held_on=date(2025, 7, 1), project=other),
        "none": Event(code="DDDDDD", name="Drop-in", held_on=date(2025, 7, 2)),
    }
    session.add_all(events.values())
    session.flush()
    spans = {"early": (date(2025, 1, 1), date(2025, 4, 1)), "late": (date(2025, 4, 1), date(2025, 7, 1)),
             "other": (date(2025, 7, 1), date(2025, 8, 1))}
    for name, (first, last) in spans.items():
        session.execute(update(Response).where(Response.submitted_on >= first, Response.submitted_on < last)
                        .values(event_id=events[name].id))
    session.commit()
    return {name: event.id for name, event in events.items()} | {"team": team.id, "other_project": other.id}


def _table(html: str) -> dict[str, list[str]]:
    page = parse(html)
    rows = page.select_one("table").select("tr")
    return {row.find(["th"]).get_text(" ", strip=True): [cell.get_text(" ", strip=True) for cell in row.select("td")]
            for row in rows}


def test_events_are_grouped_by_their_projects_team_on_the_day(client, session, viewer):
    seed(session)
    sign_in_as(client, viewer)
    response = client.get("/organise/compare")
    assert response.status_code == 200
    table = _table(response.get_data(as_text=True))
    assert table["Statement"] == []   # the heading row
    assert table["Responses"] == ["60 (from 1 event)", "66 (from 2 events)"]
    # With the team from April: 60 answers, 48 agree. Consulted, then not involved: 36 + 3 of 66.
    assert table["I was treated as an equal."] == ["80% agree (of 60)", "59% agree (of 66)"]
    text = parse(response.get_data(as_text=True)).get_text(" ", strip=True)
    assert "1 event is left out" in text
    assert "Service users or carers on the team" in text and "Consulted only, or not involved" in text


def test_chosen_events_side_by_side_with_a_small_one_showing_nothing_more(client, session, viewer):
    ids = seed(session)
    sign_in_as(client, viewer)
    response = client.get(f"/organise/compare?by=events&event={ids['late']}&event={ids['other']}")
    table = _table(response.get_data(as_text=True))
    assert table["Responses"] == ["60 (from 1 event)", "6 (from 1 event)"]
    assert table["I was treated as an equal."] == ["80% agree (of 60)", "too few responses to show"]
    page = parse(response.get_data(as_text=True))
    assert [h.get_text(strip=True) for h in page.select(".app-chart__title")][:2] == [
        "Responses: Spring forum (2 Apr 2025)", "I was treated as an equal.: Spring forum (2 Apr 2025)"]
    assert "Too few responses to chart." in page.get_text()


def test_chosen_projects_and_choices_that_cannot_be_compared(client, session, viewer):
    ids = seed(session)
    sign_in_as(client, viewer)
    response = client.get(f"/organise/compare?by=projects&project={ids['team']}&project={ids['other_project']}")
    table = _table(response.get_data(as_text=True))
    assert table["Responses"] == ["6 (from 1 event)", "120 (from 2 events)"]   # by name
    assert table["I was treated as an equal."] == ["too few responses to show", "70% agree (of 120)"]
    chooser = client.get("/organise/compare?by=projects")
    assert chooser.status_code == 200
    assert [label.get_text(strip=True) for label in parse(chooser.get_data(as_text=True)).select(
        ".nhsuk-checkboxes__label")] == ["Less waiting", "Safer discharge"]
    one = client.get(f"/organise/compare?by=projects&project={ids['team']}")
    assert one.status_code == 400 and "Choose from 2 to 6 projects to compare" in one.get_data(as_text=True)
    assert client.get("/organise/compare?by=projects&project=x").status_code == 400
    assert client.get("/organise/compare?by=people").status_code == 400
