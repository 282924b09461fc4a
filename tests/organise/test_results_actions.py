"""The results page says, for each theme, whether a 'you said, we did' action answers it."""
from __future__ import annotations

from sqlalchemy import select

from feedback.models import Action, ActionStatus, Theme
from tests.factories import make_survey, results_survey
from tests.organise.conftest import sign_in_as
from tests.pages import parse


def _theme_lines(html: str, section: str) -> dict[str, object]:
    page = parse(html)
    heading = page.find("h4", string=f"You said, we did: {section}")
    return {item.get_text(" ", strip=True).split(":")[0]: item for item in heading.find_next("ul").select("li")}


def test_each_theme_says_whether_it_has_an_action_and_links_to_it(client, session, organiser):
    survey = results_survey(session, carers=10)
    other = make_survey(session, slug="other-survey", title="Another survey")
    noise = session.scalars(select(Theme).where(Theme.name == "Noise")).one()
    answered = Action(said="The room was noisy.", done="We will book a quiet room.", status=ActionStatus.PLANNED,
                      responsible="QI team", themes=[noise], surveys=[survey])
    elsewhere = Action(said="Noise at the other survey's events.", done="Carpets.", status=ActionStatus.DONE,
                       responsible="QI team", themes=[noise], surveys=[other])
    session.add_all([answered, elsewhere])
    session.commit()
    sign_in_as(client, organiser)
    html = client.get(f"/organise/results/surveys/{survey.id}").text
    barriers = _theme_lines(html, "what got in the way (barriers)")
    noise_line = barriers["Noise"]
    links = noise_line.select("a")
    assert [link["href"] for link in links] == [f"/organise/actions/{answered.id}"]   # not the other survey's
    assert "planned" in noise_line.get_text()
    travel_line = _theme_lines(html, "what helped (enablers)")["Travel"]
    assert "no action yet" in travel_line.get_text()
    travel = session.scalars(select(Theme).where(Theme.name == "Travel")).one()
    add = travel_line.find("a")["href"]
    assert add == f"/organise/actions/new?theme={travel.id}&survey={survey.id}"
    form = parse(client.get(add).text)
    assert form.find("input", attrs={"name": "themes", "value": str(travel.id)}).has_attr("checked")
    assert form.find("input", attrs={"name": "surveys", "value": str(survey.id)}).has_attr("checked")


def test_viewers_see_the_marker_but_no_link_to_add_one(client, session, viewer):
    survey = results_survey(session, carers=10)
    sign_in_as(client, viewer)
    line = _theme_lines(client.get(f"/organise/results/surveys/{survey.id}").text, "what helped (enablers)")["Travel"]
    assert "no action yet" in line.get_text() and line.find("a") is None
