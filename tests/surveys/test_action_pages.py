"""The public 'You said, we did' pages, as an anonymous visitor sees them: the organisers'
words and dates, a team name only if chosen, a quote only under the quote rules, and
nothing about who is responsible, no organiser's name or email, and no count of anyone."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from feedback.actions.public import PER_SECTION
from feedback.models import Action, ActionStatus, Answer, Channel, SafeguardingFlag, SurveyStatus, Theme
from feedback.organise.survey_editing import duplicate_survey
from feedback.responses.submission import Submission, record_response
from tests.factories import make_event, make_user
from tests.helpers import submit
from tests.organise.conftest import sign_in_as
from tests.pages import parse


@pytest.fixture
def event_with_actions(session: Session, builtin):
    survey = duplicate_survey(session, builtin["after-an-event"], by=None)
    survey.status = SurveyStatus.OPEN
    event = make_event(session, surveys=[survey])
    other = make_event(session, name="Staff huddle", code="H2TQ7W", surveys=[survey])
    creator = make_user(session, email="jo.bloggs@example.nhs.uk", name="Jo Bloggs")
    theme = session.scalars(select(Theme)).first()
    done = Action(said="The meetings were hard to reach by bus.", done="We now pay bus fares on the day.",
                  status=ActionStatus.DONE, done_on=date(2026, 3, 20), responsible="Jo Bloggs (jo.bloggs@example.nhs.uk)",
                  public_team="The Ward 4 team", events=[event], themes=[theme], created_by_id=creator.id)
    planned = Action(said="The room was too noisy.", done="We will book a quieter room.", status=ActionStatus.PLANNED,
                     planned_on=date(2026, 3, 21), due_on=date(2026, 6, 1), responsible="Private person",
                     events=[event])
    elsewhere = Action(said="Huddles ran late.", done="Huddles now end on time.", status=ActionStatus.IN_PROGRESS,
                       started_on=date(2026, 3, 1), responsible="Someone", events=[other])
    session.add_all([done, planned, elsewhere])
    session.commit()
    return {"event": event, "other": other, "survey": survey, "done": done, "planned": planned}


def _main_text(html: str) -> str:
    return " ".join(parse(html).select_one("main").get_text(" ").split())


def test_event_page_shows_its_actions_in_plain_words_and_nothing_about_people(client, event_with_actions):
    page = client.get("/you-said-we-did/e/k7mpq2")   # codes are typed in any case
    assert page.status_code == 200
    text = _main_text(page.text)
    assert "You said, we did: Carers' coffee morning" in text
    assert "What we have done" in text and "What we plan to do" in text
    assert text.index("What we have done") < text.index("What we plan to do")
    assert "We now pay bus fares on the day." in text and "Done on 20 March 2026." in text
    assert "We will book a quieter room." in text and "We expect it to be done by 1 June 2026." in text
    assert "Who is doing it: The Ward 4 team" in text
    assert "Huddles" not in text                    # another event's action
    for private in ("Jo Bloggs", "jo.bloggs", "@", "Private person", "organiser"):
        assert private not in page.text, private
    for known in ("14 March 2026", "20 March 2026", "21 March 2026", "1 June 2026", "Ward 4"):
        text = text.replace(known, "")
    assert not any(character.isdigit() for character in text), f"a number other than a date: {text}"


def test_trust_page_lists_every_action_and_the_events_with_actions(client, event_with_actions):
    text = _main_text(client.get("/you-said-we-did").text)
    assert "We now pay bus fares on the day." in text and "Huddles now end on time." in text
    assert "What we are doing now" in text and "Started on 1 March 2026." in text
    page = parse(client.get("/you-said-we-did").text)
    links = {link.get_text(strip=True): link["href"] for link in page.select("main a")}
    assert links["Staff huddle"] == "/you-said-we-did/e/H2TQ7W"


def test_a_closed_event_keeps_its_page_and_an_unknown_code_is_not_found(client, session, event_with_actions):
    event_with_actions["event"].closed_at = date(2026, 4, 1)
    session.commit()
    assert client.get("/you-said-we-did/e/K7MPQ2").status_code == 200
    assert client.get("/you-said-we-did/e/NOPE99").status_code == 404
    assert client.get("/you-said-we-did/e/%00").status_code == 404


def test_an_action_closed_without_being_done_says_why(client, session, event_with_actions):
    planned = event_with_actions["planned"]
    planned.closed_at, planned.closed_note = date(2026, 4, 1), "The building is closing."
    session.commit()
    assert "We stopped this. The building is closing." in _main_text(client.get("/you-said-we-did/e/K7MPQ2").text)


def _responses(session, event, survey, count: int) -> list[Answer]:
    for number in range(count):
        record_response(session, version=survey.current_version, event=event, today=date(2026, 3, 14),
                        submission=Submission(answers={"role": "carer", "what_helped": f"The bus fare was paid, {number}."},
                                              channel=Channel.ONLINE))
    session.commit()
    return list(session.scalars(select(Answer).where(Answer.text.is_not(None)).order_by(Answer.id)))


def test_a_chosen_quote_shows_only_while_it_passes_the_quote_rules(client, session, event_with_actions):
    event, survey, done = event_with_actions["event"], event_with_actions["survey"], event_with_actions["done"]
    answers = _responses(session, event, survey, 9)
    done.quote_answer_id = answers[0].id
    session.commit()
    quote = "The bus fare was paid, 0."
    assert quote not in client.get("/you-said-we-did/e/K7MPQ2").text   # 9 responses: too few to quote
    _responses(session, event, survey, 1)
    assert quote in client.get("/you-said-we-did/e/K7MPQ2").text        # 10: enough
    session.add(SafeguardingFlag(answer_id=answers[0].id, reasons="test", flagged_on=date(2026, 3, 15)))
    session.commit()
    assert quote not in client.get("/you-said-we-did/e/K7MPQ2").text    # flagged: never quoted


def test_the_thank_you_page_links_to_the_events_page_or_the_trusts(client, session, event_with_actions):
    answers = {"role": "carer", "what_helped": "The tea."}
    sent = submit(client, "/e/K7MPQ2/" + event_with_actions["survey"].slug, answers)
    assert sent.status_code in (302, 303)
    thanks = parse(client.get(sent.headers["Location"]).text)
    link = thanks.find("a", string="See what we have changed because of what people told us")
    assert link["href"] == "/you-said-we-did/e/K7MPQ2"
    assert client.get(link["href"]).status_code == 200
    without_event = submit(client, "/s/after-an-event", answers)
    thanks = parse(client.get(without_event.headers["Location"]).text)
    assert thanks.find("a", string="See what we have changed because of what people told us")["href"] == \
        "/you-said-we-did"


def test_every_public_page_links_to_the_trusts_page_in_its_footer(client, builtin):
    footer = parse(client.get("/").text).select_one("footer")
    assert footer.find("a", string="You said, we did")["href"] == "/you-said-we-did"


def test_the_poster_gives_the_address_of_the_events_page(client, session, event_with_actions):
    organiser = make_user(session, email="organiser@example.org")
    sign_in_as(client, organiser)
    poster = parse(client.get(f"/organise/events/{event_with_actions['event'].id}/poster").text)
    assert "/you-said-we-did/e/K7MPQ2" in poster.select_one(".feedback-poster__actions").get_text()


def test_nothing_yet_is_said_plainly(client, builtin):
    text = _main_text(client.get("/you-said-we-did").text)
    assert "Nothing has been added here yet." in text


def test_a_projects_page_gathers_its_own_actions_and_its_events(client, session, event_with_actions):
    project = event_with_actions["event"].project
    session.add(Action(said="Nobody knew who ran the project.", done="The team now introduces itself at each event.",
                       status=ActionStatus.DONE, done_on=date(2026, 3, 25), responsible="Private lead",
                       project=project))
    session.commit()
    page = client.get(f"/you-said-we-did/p/{project.id}")
    assert page.status_code == 200
    text = _main_text(page.text)
    assert "You said, we did: Discharge planning" in text
    for said in ("Nobody knew who ran the project.", "The meetings were hard to reach by bus.", "Huddles ran late."):
        assert said in text
    assert "Private lead" not in page.text
    # The event's page shows the project's own action too, and links to the project's page.
    event_page = parse(client.get("/you-said-we-did/e/K7MPQ2").text)
    assert "Nobody knew who ran the project." in event_page.get_text()
    assert event_page.find("a", string="Discharge planning")["href"] == f"/you-said-we-did/p/{project.id}"
    trust = parse(client.get("/you-said-we-did").text)
    assert trust.find("a", string="Discharge planning")["href"] == f"/you-said-we-did/p/{project.id}"
    assert client.get("/you-said-we-did/p/999999").status_code == 404


def test_a_long_list_is_shown_newest_first_a_page_at_a_time(client, session, builtin):
    for number in range(PER_SECTION + 3):
        session.add(Action(said=f"Said number {number:02d}.", done=f"Done number {number:02d}.",
                           status=ActionStatus.DONE, done_on=date(2026, 1, 1 + number), responsible="Team"))
    session.commit()
    first = parse(client.get("/you-said-we-did").text)
    text = first.get_text(" ")
    assert f"Said number {PER_SECTION + 2:02d}." in text and "Said number 03." in text
    assert "Said number 02." not in text
    more = first.find("a", string="See more of what we have done")["href"]
    assert more == "/you-said-we-did?status=done&page=2"
    second = parse(client.get(more).text)
    assert "Said number 02." in second.get_text(" ") and "Said number 00." in second.get_text(" ")
    assert second.find("a", string="Newer")["href"] == "/you-said-we-did?status=done&page=1"
    assert second.find("a", string="Older") is None
    for bad in ("?status=finished", "?page=abc", "?page=0", "?page=2", "?status=done&page=%00"):
        assert client.get("/you-said-we-did" + bad).status_code == 400, bad
    assert client.get("/you-said-we-did?status=done&page=9").status_code == 404
