"""The organiser pages for 'you said, we did': record, change, close and reopen an action,
with its history, the audit log, and plain refusals of bad input."""
from __future__ import annotations

from datetime import date

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from feedback.models import (
    Action,
    ActionStatus,
    Answer,
    AnswerTheme,
    AuditLog,
    Channel,
    SafeguardingFlag,
    TagSource,
    Theme,
)
from feedback.responses.submission import Submission, record_response
from tests.factories import make_event, make_user
from tests.helpers import open_form
from tests.organise.conftest import sign_in_as
from tests.pages import parse


def _theme(session: Session, name: str = "Travel and transport") -> Theme:
    return session.scalars(select(Theme).where(Theme.name == name)).first() or session.scalars(select(Theme)).first()


def _post_new(client: FlaskClient, **fields) -> object:
    data = open_form(client, "/organise/actions/new")
    data.update({"said": "Meetings were hard to reach by bus.", "done": "We now pay bus fares on the day.",
                 "status": "planned", "status_on[day]": "2", "status_on[month]": "3", "status_on[year]": "2026",
                 "responsible": "Jo Bloggs, QI lead", "public_team": "The QI team"})
    data.update(fields)
    return client.post("/organise/actions/new", data=data)


def test_organiser_records_an_action_linked_to_a_theme_and_an_event(client, session, builtin, organiser):
    event = make_event(session)
    theme = _theme(session)
    sign_in_as(client, organiser)
    form = client.get(f"/organise/actions/new?theme={theme.id}&event={event.id}")
    page = parse(form.text)
    assert page.find("input", attrs={"name": "themes", "value": str(theme.id)}).has_attr("checked")
    assert page.find("input", attrs={"name": "events", "value": str(event.id)}).has_attr("checked")
    response = _post_new(client, themes=str(theme.id), events=str(event.id))
    assert response.status_code == 303
    action = session.scalars(select(Action)).one()
    assert action.themes == [theme] and action.events == [event]
    assert action.status is ActionStatus.PLANNED and action.planned_on.isoformat() == "2026-03-02"
    detail = client.get(response.headers["Location"])
    assert "Meetings were hard to reach by bus." in detail.text and "Recorded the action" in detail.text
    assert "Organiser" in detail.text   # who, in the history
    assert session.scalars(select(AuditLog.action).where(AuditLog.action == "action.create")).one()
    listing = client.get("/organise/actions/")
    assert "Meetings were hard to reach by bus." in listing.text and "Planned" in listing.text


def test_editing_keeps_the_history_of_what_changed(client, session, builtin, organiser):
    theme = _theme(session)
    sign_in_as(client, organiser)
    location = _post_new(client, themes=str(theme.id)).headers["Location"]
    action = session.scalars(select(Action)).one()
    edit = f"/organise/actions/{action.id}/edit"
    data = open_form(client, edit)
    page = parse(client.get(edit).text)
    assert page.find("textarea", attrs={"name": "said"}).get_text().strip() == "Meetings were hard to reach by bus."
    data.update({"said": "Meetings were hard to reach by bus.", "done": "We pay bus fares and meet near the station.",
                 "status": "in_progress", "status_on[day]": "10", "status_on[month]": "3", "status_on[year]": "2026",
                 "responsible": "Jo Bloggs, QI lead", "public_team": "The QI team", "themes": str(theme.id)})
    assert client.post(edit, data=data).status_code == 303
    session.refresh(action)
    assert action.status is ActionStatus.IN_PROGRESS and action.started_on.isoformat() == "2026-03-10"
    assert action.planned_on.isoformat() == "2026-03-02"   # the earlier stage keeps its date
    detail = client.get(location).text
    assert "Status: Planned (from 2 March 2026) → In progress (from 10 March 2026)" in detail
    assert "What was done or is planned: We now pay bus fares on the day. → We pay bus fares" in detail
    assert "Who is responsible" in detail and "Who is responsible:" not in detail   # unchanged, not in history
    assert session.scalars(select(AuditLog.detail).where(AuditLog.action == "action.edit")).one() == \
        "What was done or is planned; Status"
    # Saving again with nothing changed adds nothing to the history.
    before = len(action.changes)
    client.post(edit, data=open_form(client, edit) | {k: v for k, v in data.items() if k != "csrf_token"})
    session.refresh(action)
    assert len(action.changes) == before


def test_closing_without_being_done_needs_a_reason_and_reopening_brings_it_back(client, session, builtin, organiser):
    sign_in_as(client, organiser)
    _post_new(client, themes=str(_theme(session).id))
    action = session.scalars(select(Action)).one()
    close = f"/organise/actions/{action.id}/close"
    refused = client.post(close, data=open_form(client, close))
    assert refused.status_code == 400
    assert "Enter why it is closing without being done" in refused.text
    assert client.post(close, data=open_form(client, close) | {"note": "The ward closed."}).status_code == 303
    session.refresh(action)
    assert action.is_closed and action.closed_note == "The ward closed."
    # A closed action is not changed until it is reopened.
    assert client.get(f"/organise/actions/{action.id}/edit").status_code == 303
    detail = client.get(f"/organise/actions/{action.id}").text
    assert "Closed: The ward closed." in detail
    reopen = client.post(f"/organise/actions/{action.id}/reopen", data=open_form(client, f"/organise/actions/{action.id}"))
    assert reopen.status_code == 303
    session.refresh(action)
    assert not action.is_closed
    codes = set(session.scalars(select(AuditLog.action).where(AuditLog.action.like("action.%"))))
    assert codes == {"action.create", "action.close", "action.reopen"}


def test_a_done_action_closes_without_a_reason(client, session, builtin, organiser):
    sign_in_as(client, organiser)
    _post_new(client, themes=str(_theme(session).id), status="done")
    action = session.scalars(select(Action)).one()
    close = f"/organise/actions/{action.id}/close"
    assert "no reason is needed" in client.get(close).text
    assert client.post(close, data=open_form(client, close)).status_code == 303


def test_problems_are_named_in_plain_words_and_what_was_typed_is_kept(client, session, builtin, organiser):
    sign_in_as(client, organiser)
    response = _post_new(client, said="", done="", responsible="", **{"status_on[day]": "31", "status_on[month]": "2"})
    assert response.status_code == 400
    text = response.text
    for message in ("Enter what people said, in your own words", "Enter what was done or what is planned",
                    "Enter who is responsible", "The date it reached this stage must be a real date",
                    "Select at least one theme, survey, event or QI project that this action answers"):
        assert message in text
    assert parse(text).find("input", attrs={"name": "public_team"})["value"] == "The QI team"


def test_public_wording_may_not_identify_anyone_or_give_small_numbers(client, session, builtin, organiser):
    make_user(session, email="sam.patel@example.nhs.uk", name="Sam Patel")
    theme = str(_theme(session).id)
    sign_in_as(client, organiser)
    cases = {
        "said": ("Three carers said the room was cold.", "Do not give a number of people under 5"),
        "done": ("Call 07700 900123 to hear more.", "Remove a phone number"),
    }
    for field, (typed, message) in cases.items():
        response = _post_new(client, themes=theme, **{field: typed})
        assert response.status_code == 400 and message in response.text, field
    named = _post_new(client, themes=theme, done="Sam Patel booked a new room.")
    assert named.status_code == 400 and "Remove the name of a member of staff" in named.text
    person = _post_new(client, themes=theme, public_team="sam patel")
    assert person.status_code == 400 and "Enter the name of a team, not a person" in person.text
    # Larger numbers describe nobody in particular.
    assert _post_new(client, themes=theme, said="12 people said the room was cold.").status_code == 303


def test_bad_input_gets_a_4xx_not_a_server_error(client, session, builtin, organiser):
    sign_in_as(client, organiser)
    assert client.get("/organise/actions/new?theme=abc").status_code == 400
    assert client.get("/organise/actions/999999").status_code == 404
    unknown = _post_new(client, themes="999999", status="finished")
    assert unknown.status_code == 400
    assert "Select themes from the list shown" in unknown.text and "Select where it is up to" in unknown.text
    assert "Not a valid choice" not in unknown.text
    future = _post_new(client, themes=str(_theme(session).id), **{"status_on[year]": "2099"})
    assert future.status_code == 400 and "must be today or in the past" in future.text
    backwards = _post_new(client, themes=str(_theme(session).id),
                          **{"due_on[day]": "1", "due_on[month]": "1", "due_on[year]": "2026"})
    assert backwards.status_code == 400 and "must be on or after the date it reached this stage" in backwards.text
    assert session.scalars(select(Action)).first() is None


def test_viewers_read_actions_but_cannot_change_them(client, session, builtin, organiser, viewer):
    sign_in_as(client, organiser)
    _post_new(client, themes=str(_theme(session).id))
    action = session.scalars(select(Action)).one()
    sign_in_as(client, viewer)
    assert "Record an action" not in client.get("/organise/actions/").text
    detail = client.get(f"/organise/actions/{action.id}").text
    assert "Change this action" not in detail and "Close this action" not in detail
    assert client.get(f"/organise/actions/{action.id}/edit").status_code == 403


def test_an_action_can_answer_a_qi_project(client, session, builtin, organiser):
    event = make_event(session)
    project = event.project
    sign_in_as(client, organiser)
    form = parse(client.get(f"/organise/actions/new?project={project.id}").text)
    assert form.find("option", attrs={"value": str(project.id)}).has_attr("selected")
    assert _post_new(client, project=str(project.id)).status_code == 303   # a project alone is enough
    action = session.scalars(select(Action)).one()
    assert action.project == project
    assert "Discharge planning" in client.get(f"/organise/actions/{action.id}").text
    refused = _post_new(client, project="999999")
    assert refused.status_code == 400 and "Select a QI project from the list shown" in refused.text


def test_organiser_chooses_a_quote_only_from_answers_that_pass_the_quote_rules(client, session, builtin, organiser):
    survey = builtin["after-an-event"]
    event = make_event(session, surveys=[survey])
    theme = _theme(session)
    for number in range(10):
        record_response(session, version=survey.current_version, event=event, today=date(2026, 3, 14),
                        submission=Submission(answers={"role": "carer", "what_helped": f"Paid bus fare {number}."},
                                              channel=Channel.ONLINE))
    session.commit()
    answers = list(session.scalars(select(Answer).where(Answer.text.is_not(None)).order_by(Answer.id)))
    for answer in answers:
        session.add(AnswerTheme(answer_id=answer.id, theme_id=theme.id, source=TagSource.HUMAN))
    session.add(SafeguardingFlag(answer_id=answers[1].id, reasons="test", flagged_on=date(2026, 3, 14)))
    session.commit()
    sign_in_as(client, organiser)
    _post_new(client, themes=str(theme.id), events=str(event.id))
    action = session.scalars(select(Action)).one()
    url = f"/organise/actions/{action.id}/quote"
    page = parse(client.get(url).text)
    offered = {field["value"] for field in page.select("input[name=quote]")}
    assert str(answers[0].id) in offered and "none" in offered
    assert str(answers[1].id) not in offered, "a flagged answer is never offered"
    refused = client.post(url, data=open_form(client, url) | {"quote": str(answers[1].id)})
    assert refused.status_code == 400 and "Select a quote from the list, or no quote" in refused.text
    assert client.post(url, data=open_form(client, url) | {"quote": str(answers[0].id)}).status_code == 303
    session.refresh(action)
    assert action.quote_answer_id == answers[0].id
    assert "Paid bus fare 0." in client.get(f"/organise/actions/{action.id}").text
    assert "Chose a quote" in client.get(f"/organise/actions/{action.id}").text
    public = client.get("/you-said-we-did/e/K7MPQ2").text
    assert "Paid bus fare 0." in public
    # Flagged after it was chosen: gone from the public page, and the organiser is told why.
    session.add(SafeguardingFlag(answer_id=answers[0].id, reasons="test", flagged_on=date(2026, 3, 15)))
    session.commit()
    assert "Paid bus fare 0." not in client.get("/you-said-we-did/e/K7MPQ2").text
    assert "no longer passes the quote rules" in client.get(f"/organise/actions/{action.id}").text


def test_the_events_page_lists_its_actions_and_those_of_its_project(client, session, builtin, organiser):
    event = make_event(session)
    session.add_all([
        Action(said="About the event itself.", done="Done.", responsible="Team", events=[event]),
        Action(said="About the whole project.", done="Done.", responsible="Team", project=event.project),
        Action(said="About nothing here.", done="Done.", responsible="Team"),
    ])
    session.commit()
    sign_in_as(client, organiser)
    page = parse(client.get(f"/organise/events/{event.id}").text)
    section = page.find("h2", string="You said, we did").find_next("ul")
    lines = [item.get_text(" ", strip=True) for item in section.select("li")]
    assert any(line.startswith("About the whole project.") and "(for the project)" in line for line in lines)
    assert any(line.startswith("About the event itself.") and "(for the project)" not in line for line in lines)
    assert not any("About nothing here." in line for line in lines)
    assert page.find("a", string='Record a "you said, we did" action for this event')["href"] == \
        f"/organise/actions/new?event={event.id}"
