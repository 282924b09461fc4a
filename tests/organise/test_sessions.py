"""Sessions end on the server: sign-out, switch-off and an absolute lifetime (ASVS 3.3.1, 3.3.2)."""
from __future__ import annotations

import time

from tests.factories import PASSWORD, make_user
from tests.helpers import open_form, submit
from tests.organise.conftest import sign_in_as


def copy_cookie(app, client):
    """A second browser holding a copy of `client`'s session cookie, as a thief would."""
    thief = app.test_client()
    cookie = client.get_cookie("session")
    thief.set_cookie(cookie.key, cookie.value, domain=cookie.domain)
    return thief


def test_a_copied_cookie_stops_working_after_sign_out(app, client, organiser):
    assert submit(client, "/organise/sign-in", {"email": organiser.email, "password": PASSWORD}).status_code == 303
    thief = copy_cookie(app, client)
    assert thief.get("/organise/").status_code == 200
    token = open_form(client, "/organise/")["csrf_token"]
    assert client.post("/organise/sign-out", data={"csrf_token": token}).status_code == 303
    assert thief.get("/organise/").status_code == 302


def test_switching_an_account_off_and_on_again_does_not_revive_its_old_sessions(app, client, session, admin):
    person = make_user(session, email="person@example.org")
    theirs = app.test_client()
    sign_in_as(theirs, person)
    assert theirs.get("/organise/").status_code == 200
    sign_in_as(client, admin)
    for action in ("deactivate", "reactivate"):
        token = open_form(client, f"/organise/users/{person.id}")["csrf_token"]
        assert client.post(f"/organise/users/{person.id}/{action}", data={"csrf_token": token}).status_code == 303
    session.refresh(person)
    assert person.active
    assert theirs.get("/organise/").status_code == 302


def test_a_session_ends_after_its_absolute_lifetime_even_when_used_all_along(app, client, organiser):
    app.config["ORGANISER_SESSION_MAX_HOURS"] = 12
    sign_in_as(client, organiser)
    with client.session_transaction() as browser_session:
        browser_session["started"] = int(time.time()) - 12 * 3600 + 60  # a minute to go
    assert client.get("/organise/").status_code == 200
    with client.session_transaction() as browser_session:
        browser_session["started"] = int(time.time()) - 12 * 3600 - 1
        browser_session["seen"] = int(time.time())  # used a moment ago
    response = client.get("/organise/")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You were signed out because you had been signed in for 12 hours. Sign in again" in page


def test_the_lifetime_is_a_setting(app, client, organiser):
    app.config["ORGANISER_SESSION_MAX_HOURS"] = 1
    sign_in_as(client, organiser)
    with client.session_transaction() as browser_session:
        browser_session["started"] = int(time.time()) - 3601
    assert client.get("/organise/").status_code == 302
