"""Anti-automation on the forms that store answers: a rate limit per client (and per kiosk),
a honeypot and a minimum time between opening and sending. A person who trips any of them
keeps every answer and is told what to do; no client address is kept anywhere."""
from __future__ import annotations

import logging
import secrets
import time
from pathlib import Path

import pytest
import redis
from flask import g
from itsdangerous import TimestampSigner
from sqlalchemy import func, select

from feedback import create_app
from feedback.extensions import db
from feedback.models import Response
from feedback.web.submission_guard import HONEYPOT_FIELD, OPENED_FIELD, SALT
from tests.factories import make_event
from tests.helpers import hidden_fields, open_form
from tests.helpers import submit as submit_once
from tests.pages import parse

SURVEY = "/s/after-an-event"
ANSWERS = {"role": "carer", "what_helped": "The tea and the quiet room helped me"}
REDIS_URL = "redis://127.0.0.1:6379/0"


def submit(client, url, answers):
    """Send the form as the next person on this device would (after 'Answer again')."""
    if url.startswith("/s/"):
        client.get(url + "?again=1")
    return submit_once(client, url, answers)


def client_from(app, address: str):
    # The test app context outlives requests, and with it g's CSRF token from the last client.
    if g:
        g.pop("csrf_token", None)
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def stored(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count(Response.id)))


def limited(app, **settings):
    app.config.update({"SUBMISSION_MIN_SECONDS": 0} | settings)
    return app


def test_a_flood_from_one_client_is_refused_with_the_answers_kept_and_when_to_try_again(app, client, session, builtin):
    limited(app, SUBMISSION_RATE_LIMIT="3 per minute")
    for _ in range(3):
        assert submit(client, SURVEY, ANSWERS).status_code == 303
    refused = submit(client, SURVEY, ANSWERS | {"what_helped": "Fourth go, still typed"})
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    page = parse(refused.get_data(as_text=True))
    assert page.select_one("textarea[name=what_helped]").get_text() == "Fourth go, still typed"
    assert page.select_one("input[name=role][value=carer]").has_attr("checked")
    summary = page.select_one(".nhsuk-error-summary").get_text(" ", strip=True)
    assert "Your answers have not been sent yet" in summary and "again in" in summary and "seconds" in summary
    assert stored(session) == 3
    other_client = client_from(app, "10.0.0.8")
    assert submit(other_client, SURVEY, ANSWERS).status_code == 303, "the limit is per client"


def test_the_kiosk_has_its_own_higher_limit(app, client, session, builtin):
    from tests.helpers import kiosk_url
    limited(app, SUBMISSION_RATE_LIMIT="1 per minute", KIOSK_SUBMISSION_RATE_LIMIT="3 per minute")
    survey = builtin["after-an-event"]
    url = kiosk_url(app, make_event(session, surveys=[survey]), survey)
    assert [submit(client, url, ANSWERS).status_code for _ in range(4)] == [303, 303, 303, 429]
    assert submit(client, SURVEY, ANSWERS).status_code == 303, "the phone's limit is counted apart"
    assert submit(client, SURVEY, ANSWERS).status_code == 429


def test_a_filled_honeypot_stores_nothing_and_sending_again_works(app, client, session, builtin):
    limited(app)
    refused = submit(client, SURVEY, ANSWERS | {HONEYPOT_FIELD: "http://spam.example"})
    assert refused.status_code == 400 and stored(session) == 0
    page = parse(refused.get_data(as_text=True))
    assert page.select_one("textarea[name=what_helped]").get_text() == ANSWERS["what_helped"]
    assert page.select_one(f"input[name={HONEYPOT_FIELD}]")["value"] == ""
    again = {field["name"]: field.get("value", "") for field in page.select("form input[type=hidden]")}
    assert client.post(SURVEY, data=again | ANSWERS).status_code == 303 and stored(session) == 1


def test_the_honeypot_is_hidden_from_people_screen_readers_and_the_tab_order(client, builtin):
    page = parse(client.get(SURVEY).get_data(as_text=True))
    trap = page.select_one(f"input[name={HONEYPOT_FIELD}]")
    holder = trap.find_parent("div")
    assert holder["aria-hidden"] == "true" and "feedback-honeypot" in holder["class"]
    assert trap["tabindex"] == "-1" and trap["autocomplete"] == "off"
    assert page.find("label", attrs={"for": trap["id"]}), "labelled, for any checker that looks"
    css = (Path(__file__).parents[2] / "feedback" / "static" / "feedback.css").read_text()
    assert ".feedback-honeypot { position: absolute; inset-inline-start: -10000px" in css


def opened_ago(app, key: str, seconds: float) -> str:
    class Earlier(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time() - seconds)
    return Earlier(app.secret_key, salt=SALT).sign(key).decode()


def test_a_form_sent_faster_than_anyone_could_read_it_is_shown_again(app, client, session, builtin):
    # A minute, not the default 3 s: on a busy machine opening and sending the form took longer.
    app.config["SUBMISSION_MIN_SECONDS"] = 60
    too_fast = submit(client, SURVEY, ANSWERS)
    assert too_fast.status_code == 400 and stored(session) == 0
    page = parse(too_fast.get_data(as_text=True))
    assert page.select_one("textarea[name=what_helped]").get_text() == ANSWERS["what_helped"]
    client.get(SURVEY + "?again=1")
    fields = open_form(client, SURVEY)
    for stamp in ("not-a-stamp", opened_ago(app, "0" * 32, 120)):  # forged, or made for another form
        assert client.post(SURVEY, data=fields | ANSWERS | {OPENED_FIELD: stamp}).status_code == 400
    two_minutes_ago = opened_ago(app, fields["submission_key"], 120)
    assert client.post(SURVEY, data=fields | ANSWERS | {OPENED_FIELD: two_minutes_ago}).status_code == 303
    assert stored(session) == 1


def test_no_client_address_reaches_the_database_or_the_log(app, session, builtin, caplog):
    limited(app, SUBMISSION_RATE_LIMIT="1 per minute")
    client = client_from(app, "203.0.113.77")
    with caplog.at_level(logging.DEBUG):
        assert submit(client, SURVEY, ANSWERS).status_code == 303
        assert submit(client, SURVEY, ANSWERS).status_code == 429
    assert "203.0.113.77" not in caplog.text
    for table in db.metadata.sorted_tables:
        assert "203.0.113.77" not in repr(session.execute(table.select()).all()), table.name


def redis_app(tmp_path, prefix: str):
    app = create_app({"TESTING": True, "SECRET_KEY": "shared-secret", "SERVER_NAME": "localhost",
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite'}", "SUBMISSION_MIN_SECONDS": 0,
                      "SUBMISSION_RATE_LIMIT": "2 per minute", "RATELIMIT_STORAGE_URI": REDIS_URL,
                      "RATELIMIT_KEY_PREFIX": prefix})
    app.instance_path = str(tmp_path)
    return app


def test_on_redis_workers_share_the_count_and_it_holds_no_address_past_the_window(tmp_path, monkeypatch):
    from feedback.setup_data import load_builtin_surveys
    prefix = "feedback-test-" + secrets.token_hex(4)
    first, second = redis_app(tmp_path, prefix), redis_app(tmp_path, prefix)  # two workers
    with first.app_context():
        db.create_all()
        load_builtin_surveys(db.session)
        db.session.commit()
    server = redis.Redis.from_url(REDIS_URL)
    try:
        answers = [submit(client_from(app, "198.51.100.9"), SURVEY, ANSWERS).status_code
                   for app in (first, second, first)]
        assert answers == [303, 303, 429], "the second worker's answer counts against the first's"
        keys = [key.decode() for key in server.scan_iter(f"*{prefix}*")]
        assert keys, "the count is in Redis"
        for key in keys:
            assert "198.51.100.9" not in key, "a keyed hash, not the address"
            assert 0 < server.ttl(key) <= 60 or server.pttl(key) > 0, "forgotten when the window has passed"
            assert server.ttl(key) <= 60
    finally:
        for key in server.scan_iter(f"*{prefix}*"):
            server.delete(key)
        for app in (first, second):
            with app.app_context():
                db.engine.dispose()


@pytest.mark.parametrize(("variable", "value", "setting", "expected"), [
    ("FEEDBACK_SUBMISSION_RATE_LIMIT", "", "SUBMISSION_RATE_LIMIT", ""),
    ("FEEDBACK_SUBMISSION_RATE_LIMIT", "1000 per second", "SUBMISSION_RATE_LIMIT", "1000 per second"),
    ("FEEDBACK_SUBMISSION_MIN_SECONDS", "0", "SUBMISSION_MIN_SECONDS", 0),
    ("FEEDBACK_RATELIMIT_STORAGE_URI", REDIS_URL, "RATELIMIT_STORAGE_URI", REDIS_URL),
])
def test_load_tests_can_relax_the_limits_from_the_environment(tmp_path, monkeypatch, variable, value, setting, expected):
    monkeypatch.setenv(variable, value)
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": f"sqlite:///{tmp_path / 'e.sqlite'}"})
    assert app.config[setting] == expected


def test_an_empty_limit_turns_the_limit_off(app, client, session, builtin):
    limited(app, SUBMISSION_RATE_LIMIT="")
    assert all(submit(client, SURVEY, ANSWERS).status_code == 303 for _ in range(25))


def test_a_quick_correction_after_a_problem_is_not_taken_for_a_robot(app, client, session, builtin):
    # Opened two minutes ago, sent without who they are, corrected and sent again at once:
    # the page shown again keeps the moment the form was first opened.
    app.config["SUBMISSION_MIN_SECONDS"] = 60
    fields = open_form(client, SURVEY)
    fields[OPENED_FIELD] = opened_ago(app, fields["submission_key"], 120)
    without_role = {key: value for key, value in ANSWERS.items() if key != "role"}
    sent = client.post(SURVEY, data=fields | without_role)
    assert sent.status_code == 303
    again = client.get(sent.headers["Location"])
    assert parse(again.get_data(as_text=True)).select_one(f"input[name={OPENED_FIELD}]")["value"] == \
        fields[OPENED_FIELD]
    done = client.post(SURVEY, data=hidden_fields(again.get_data(as_text=True)) | ANSWERS)
    assert done.status_code == 303 and stored(session) == 1
