"""What the browser remembers after sending answers: the day only, and the full thank-you
page once. Someone else with the thank-you address learns nothing from it."""
from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from feedback.clock import trust_today
from tests.helpers import submit
from tests.pages import parse

SURVEY = "/s/after-an-event"
RISK = {"role": "service_user", "what_made_it_harder": "Honestly some days I want to end my life."}
HELP_NUMBER = "116 123"  # Samaritans: on every thank-you page, whatever else it shows


def browser_session(app: Flask, client: FlaskClient) -> dict:
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    return app.session_interface.get_signing_serializer(app).loads(cookie.value)


def test_the_already_sent_memory_holds_the_day_and_nothing_finer(app, client, builtin):
    assert submit(client, SURVEY, {"role": "carer"}).status_code == 303
    remembered = browser_session(app, client)
    assert list(remembered["sent"].values()) == [trust_today().isoformat()], "a date, no minute or second"
    assert "You have already sent your answers" in client.get(SURVEY).get_data(as_text=True)


def test_a_mark_from_an_earlier_day_no_longer_says_already_sent(app, client, builtin):
    with client.session_transaction() as remembered:
        remembered["sent"] = {str(builtin["after-an-event"].id): "2020-01-01"}
    page = parse(client.get(SURVEY).get_data(as_text=True))
    assert page.select_one("form textarea"), "the survey itself, not 'already sent'"


def test_the_full_thank_you_page_shows_once_then_only_thank_you_and_help(client, builtin):
    address = submit(client, SURVEY, RISK).headers["Location"]
    first = parse(client.get(address).get_data(as_text=True))
    assert first.h1.get_text(strip=True) == "Thank you, your answers have been sent"
    assert first.select_one(".nhsuk-warning-callout"), "the flagged answer's help comes first"
    for again in (client.get(address), client.get(address)):
        assert again.status_code == 200 and again.headers["Cache-Control"] == "no-store"
        page = parse(again.get_data(as_text=True))
        assert page.h1.get_text(strip=True) == "Thank you"
        assert not page.select_one(".nhsuk-warning-callout"), "says nothing about the answer"
        assert "What happens next" not in page.get_text()
        assert HELP_NUMBER in page.get_text(), "every thank-you page keeps the help numbers"


def test_someone_else_with_the_address_sees_only_thank_you_and_help(app, client, builtin):
    address = submit(client, SURVEY, RISK).headers["Location"]
    stranger = app.test_client()
    page = parse(stranger.get(address).get_data(as_text=True))
    assert page.h1.get_text(strip=True) == "Thank you"
    assert not page.select_one(".nhsuk-warning-callout")
    assert "Tell us about the event you came to" not in page.get_text(), "not even which survey"
    assert HELP_NUMBER in page.get_text()
    # The person who sent it still gets the full page, once.
    assert parse(client.get(address).get_data(as_text=True)).select_one(".nhsuk-warning-callout")


def test_switching_language_on_the_thank_you_page_keeps_the_full_page(client, builtin):
    address = submit(client, SURVEY, RISK).headers["Location"]
    assert parse(client.get(address + "?lang=cy").get_data(as_text=True)).select_one(".nhsuk-warning-callout")
    assert parse(client.get(address + "?lang=en").get_data(as_text=True)).select_one(".nhsuk-warning-callout")
    assert parse(client.get(address).get_data(as_text=True)).select_one(".nhsuk-warning-callout"), "the one look"
    assert not parse(client.get(address).get_data(as_text=True)).select_one(".nhsuk-warning-callout")
