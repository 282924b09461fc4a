"""Signing in and out, lockout, idle expiry, and changing a password."""
from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from feedback.models import AuditLog, User, UserRole
from feedback.models.types import utcnow
from feedback.organise.access import safe_next
from tests.factories import PASSWORD, make_user
from tests.helpers import open_form, submit
from tests.organise.conftest import sign_in_as
from tests.pages import parse

SIGN_IN = "/organise/sign-in"


def sign_in(client, email: str, password: str = PASSWORD, url: str = SIGN_IN):
    return submit(client, url, {"email": email, "password": password})


def actions(session) -> list[str]:
    return list(session.scalars(select(AuditLog.action).order_by(AuditLog.id)))


def test_anonymous_people_are_sent_to_sign_in_and_brought_back(client, organiser):
    response = client.get("/organise/events")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/organise/sign-in?next=")
    answer = sign_in(client, organiser.email, url=response.headers["Location"])
    assert answer.status_code == 303
    assert answer.headers["Location"] == "/organise/events"


def test_sign_in_starts_a_fresh_session_and_is_audited(client, session, organiser):
    with client.session_transaction() as planted:
        planted["planted"] = "by an attacker"
    response = sign_in(client, "  Organiser@Example.org ")
    assert response.status_code == 303
    with client.session_transaction() as browser_session:
        assert "planted" not in browser_session
        assert browser_session["user_id"] == organiser.id
    assert actions(session) == ["sign_in"]
    assert session.get(User, organiser.id).last_sign_in_at is not None


def test_wrong_password_and_unknown_email_get_the_same_message(client, session, organiser):
    wrong = sign_in(client, organiser.email, "not the password")
    unknown = sign_in(client, "nobody@example.org", "not the password")
    assert wrong.status_code == unknown.status_code == 400
    message = lambda page: parse(page.get_data(as_text=True)).select_one(".nhsuk-error-summary").get_text(" ", strip=True)
    assert message(wrong) == message(unknown)
    assert "Enter a correct email address and password" in message(wrong)
    assert parse(wrong.get_data(as_text=True)).title.get_text().startswith("Error: Sign in")
    assert actions(session) == ["sign_in.failed", "sign_in.failed"]
    details = " ".join(session.scalars(select(AuditLog.detail)))
    assert "not the password" not in details
    sign_in(client, "my secret password", "x")  # typed into the wrong box
    assert "my secret password" not in " ".join(session.scalars(select(AuditLog.target)))


def test_wrong_passwords_make_the_account_wait_rather_than_lock(client, session, organiser):
    for _ in range(4):
        assert sign_in(client, organiser.email, "wrong wrong wrong").status_code == 400
    waiting = sign_in(client, organiser.email)  # the right password, but during the wait
    assert waiting.status_code == 400
    assert "Enter a correct email address and password" in waiting.get_data(as_text=True)
    user = session.get(User, organiser.id)
    session.refresh(user)
    assert utcnow() < user.locked_until <= utcnow() + timedelta(minutes=1), "a minute, not a quarter of an hour"
    user.locked_until = utcnow() - timedelta(seconds=1)  # the minute passes
    session.commit()
    assert sign_in(client, organiser.email).status_code == 303


def test_deactivated_accounts_cannot_sign_in_and_are_told_why_only_with_the_right_password(client, session):
    make_user(session, email="gone@example.org", active=False)
    right = sign_in(client, "gone@example.org")
    assert right.status_code == 400
    assert "Your account has been switched off" in right.get_data(as_text=True)
    wrong = sign_in(client, "gone@example.org", password="not the password")
    assert wrong.status_code == 400
    text = wrong.get_data(as_text=True)
    assert "Enter a correct email address and password" in text and "switched off" not in text


def test_next_only_leads_to_local_paths():
    assert safe_next("/organise/events?page=2") == "/organise/events?page=2"
    for bad in ("https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "", None,
                "/ok\r\nLocation: x"):
        assert safe_next(bad) is None


def test_sign_in_ignores_an_offsite_next(client, organiser):
    response = sign_in(client, organiser.email, url=SIGN_IN + "?next=//evil.example/")
    assert response.headers["Location"] == "/organise/"


def test_sign_out_needs_a_post_and_ends_the_session(client, organiser):
    sign_in_as(client, organiser)
    assert client.get("/organise/sign-out").status_code == 405
    token = open_form(client, "/organise/")["csrf_token"]
    response = client.post("/organise/sign-out", data={"csrf_token": token})
    assert response.status_code == 303
    assert client.get("/organise/").status_code == 302


def test_header_sign_out_form_carries_a_csrf_token(client, organiser):
    sign_in_as(client, organiser)
    page = parse(client.get("/organise/").get_data(as_text=True))
    form = page.select_one("header form[action='/organise/sign-out']")
    assert form.select_one("input[name=csrf_token]")["value"]


def test_idle_sessions_expire(client, app, organiser):
    app.config["ORGANISER_IDLE_TIMEOUT"] = 60
    sign_in_as(client, organiser)
    assert client.get("/organise/").status_code == 200
    with client.session_transaction() as browser_session:
        browser_session["seen"] = int(time.time()) - 61
    response = client.get("/organise/")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You were signed out because you had not used the workspace for 1 minute. Sign in again" in page


def test_first_sign_in_forces_a_password_change(client, session):
    user = make_user(session, email="new@example.org", must_change_password=True)
    response = sign_in(client, user.email)
    assert response.headers["Location"] == "/organise/account/password"
    assert client.get("/organise/").headers["Location"] == "/organise/account/password"
    short = submit(client, "/organise/account/password",
                   {"current_password": PASSWORD, "new_password": "short", "confirm_password": "short"})
    assert short.status_code == 400
    assert "Enter a password that is 12 characters or more" in short.get_data(as_text=True)
    new = "plum kettle orbit violin"
    done = submit(client, "/organise/account/password",
                  {"current_password": PASSWORD, "new_password": new, "confirm_password": new})
    assert done.status_code == 303
    assert client.get("/organise/").status_code == 200
    session.refresh(user)
    assert not user.must_change_password and user.check_password(new)
    assert "password.change" in actions(session)


def test_a_password_change_ends_other_sessions(app, client, session, organiser):
    other = app.test_client()
    sign_in_as(other, organiser)
    sign_in_as(client, organiser)
    new = "plum kettle orbit violin"
    submit(client, "/organise/account/password",
           {"current_password": PASSWORD, "new_password": new, "confirm_password": new})
    assert client.get("/organise/").status_code == 200
    assert other.get("/organise/").status_code == 302


def test_wrong_current_password_is_refused(client, organiser):
    sign_in_as(client, organiser)
    response = submit(client, "/organise/account/password",
                      {"current_password": "guess", "new_password": "plum kettle orbit violin",
                       "confirm_password": "plum kettle orbit violin"})
    assert response.status_code == 400
    assert "Enter your current password correctly" in response.get_data(as_text=True)


def test_create_user_command_prints_a_one_time_password(runner, session):
    result = runner.invoke(args=["create-user", "--email", "Boss@Example.org", "--role", "admin", "--name", "Sam"])
    assert result.exit_code == 0, result.output
    password = result.output.split("One-time password: ")[1].split()[0]
    user = session.scalars(select(User)).one()
    assert (user.email, user.role, user.name) == ("boss@example.org", UserRole.ADMIN, "Sam")
    assert user.must_change_password and user.check_password(password)
    again = runner.invoke(args=["create-user", "--email", "boss@example.org"])
    assert again.exit_code != 0 and "already an account" in again.output


@pytest.mark.parametrize("email", ["@", "a@", "foo@bar", "y@x.com\nBcc: z@x.com", "a" * 300 + "@example.org"])
def test_the_command_line_checks_an_email_address_as_the_account_form_does(runner, session, email):
    result = runner.invoke(args=["create-user", "--email", email])
    assert result.exit_code == 1 and "Enter an email address in the correct format" in result.output
    too_long_name = runner.invoke(args=["create-user", "--email", "ok@example.org", "--name", "x" * 121])
    assert too_long_name.exit_code == 1 and "120 characters or fewer" in too_long_name.output
    assert session.scalars(select(User)).all() == []


def test_setup_refuses_an_unusable_first_email_and_says_when_accounts_already_exist(runner, session):
    from sqlalchemy import text

    from feedback.extensions import db
    refused = runner.invoke(args=["setup", "--email", ""])
    assert refused.exit_code == 2 and "Enter an email address in the correct format" in refused.output
    assert session.scalars(select(User)).all() == []
    db.session.remove()  # PostgreSQL: the open read would hold up dropping the tables
    db.drop_all()  # setup makes the tables itself, with the migrations
    try:
        first = runner.invoke(args=["setup", "--email", "lead@example.org", "--no-demo"])
        assert first.exit_code == 0 and "email:    lead@example.org" in first.output, first.output
        again = runner.invoke(args=["setup", "--email", "other@example.org", "--no-demo"])
        assert again.exit_code == 0 and "Accounts already exist, so none was made for other@example.org" in again.output
    finally:
        db.session.remove()
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


def test_a_nul_in_a_sign_in_field_is_refused_without_a_fault(client, organiser, session):
    # SQLite looks the address up and finds no one; PostgreSQL refuses the NUL outright,
    # which must read as bad input (nothing saved), not as a 500.
    response = sign_in(client, "a\x00b@example.org", "not the password")
    assert 400 <= response.status_code < 500
    assert "Sorry, there is a problem with the service" not in response.get_data(as_text=True)
    assert sign_in(client, organiser.email).status_code == 303  # the session still works afterwards
