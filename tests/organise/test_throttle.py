"""Wrong passwords slow an account down with growing waits instead of locking it, sign-in
tries are limited per client, wrong current passwords count, and an administrator can
always get back in (the emailed link or `flask unlock`)."""
from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import select

from feedback.mail.compose import MailSettings
from feedback.models import AuditLog, OutboxMessage, User
from feedback.organise.accounts import authenticate
from feedback.organise.throttle import MAX_WAIT
from tests.factories import PASSWORD, make_user
from tests.helpers import submit
from tests.organise.conftest import sign_in_as
from tests.pages import parse

START = datetime(2026, 3, 2, 9, 0)


def test_each_wrong_password_after_three_doubles_the_wait_up_to_a_quarter_of_an_hour(app, session, admin):
    settings = MailSettings.from_config(app.config)
    now, waits = START, []
    for _ in range(10):
        assert not authenticate(session, email=admin.email, password="guess", now=now, mail_settings=settings).ok
        session.commit()
        wait = (admin.locked_until - now) if admin.locked_until and admin.locked_until > now else timedelta(0)
        waits.append(int(wait.total_seconds() // 60))
        now += wait + timedelta(seconds=1)  # a stranger tries again the moment the wait ends
    assert waits == [0, 0, 0, 1, 2, 4, 8, 15, 15, 15]
    assert max(waits) * 60 <= MAX_WAIT.total_seconds(), "the only administrator is never shut out for long"
    assert authenticate(session, email=admin.email, password=PASSWORD, now=now).ok, "the owner gets in after"


def test_tries_during_a_wait_are_refused_and_not_counted(app, session, organiser):
    for _ in range(4):
        authenticate(session, email=organiser.email, password="guess", now=START)
    session.commit()
    assert not authenticate(session, email=organiser.email, password=PASSWORD, now=START + timedelta(seconds=30)).ok
    assert not authenticate(session, email=organiser.email, password="guess", now=START + timedelta(seconds=31)).ok
    session.refresh(organiser)
    assert organiser.failed_sign_ins == 4


def unlock_link(session) -> str:
    message = session.scalars(select(OutboxMessage).where(OutboxMessage.subject.contains("Wrong passwords"))).one()
    return re.search(r"http://\S+(/organise/unlock/\S+)", message.body_text).group(1)


def test_the_owner_is_emailed_once_a_link_that_ends_the_wait(client, session, admin):
    for _ in range(4):
        submit(client, "/organise/sign-in", {"email": admin.email, "password": "guess"})
    assert submit(client, "/organise/sign-in", {"email": admin.email, "password": PASSWORD}).status_code == 400
    link = unlock_link(session)
    message = session.scalars(select(OutboxMessage)).one()
    assert message.to == admin.email and PASSWORD not in message.body_text
    page = parse(client.get(link).get_data(as_text=True))
    assert page.h1.get_text(strip=True) == "End the wait on your account"
    form = page.select_one("main form")
    ended = client.post(link, data={"csrf_token": form.select_one("[name=csrf_token]")["value"]})
    assert ended.status_code == 303 and ended.headers["Location"].startswith("/organise/sign-in")
    with client.session_transaction() as browser_session:
        assert "user_id" not in browser_session, "the link signs nobody in"
    assert submit(client, "/organise/sign-in", {"email": admin.email, "password": PASSWORD}).status_code == 303
    assert client.get(link).status_code == 410, "used up once the account signed in"
    assert "user.unlock" in session.scalars(select(AuditLog.action)).all()


def test_with_no_base_url_the_unlock_link_is_on_the_address_signed_in_on(app, client, session, admin):
    # Made in the sign-in request, as an alert is: the service's own address, not a default port.
    app.config["BASE_URL"] = None
    for _ in range(4):
        submit(client, "/organise/sign-in", {"email": admin.email, "password": "guess"})
    body = session.scalars(select(OutboxMessage.body_text)).one()
    assert re.search(r"http://localhost/organise/unlock/\S+", body), body


def test_an_administrator_can_end_the_wait_from_the_command_line(runner, session, admin):
    for _ in range(5):
        authenticate(session, email=admin.email, password="guess")
    session.commit()
    result = runner.invoke(args=["unlock", "ADMIN@example.org"])
    assert result.exit_code == 0 and "can sign in now" in result.output
    session.refresh(admin)
    assert admin.locked_until is None and admin.failed_sign_ins == 0
    assert authenticate(session, email=admin.email, password=PASSWORD).ok
    assert runner.invoke(args=["unlock", "nobody@example.org"]).exit_code != 0


def test_many_tries_from_one_client_are_slowed_whatever_the_emails(app, client, session):
    app.config["SIGN_IN_RATE_LIMIT"] = "5 per minute"
    answers = [submit(client, "/organise/sign-in", {"email": f"person{number}@example.org", "password": "guess"})
               for number in range(6)]
    assert [answer.status_code for answer in answers] == [400] * 5 + [429]
    assert 1 <= int(answers[-1].headers["Retry-After"]) <= 60
    assert "Too many tries to sign in from this connection" in answers[-1].get_data(as_text=True)
    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "10.1.2.3"
    from flask import g
    g.pop("csrf_token", None)
    user = make_user(session, email="real@example.org")
    assert submit(elsewhere, "/organise/sign-in", {"email": user.email, "password": PASSWORD}).status_code == 303


def test_wrong_current_passwords_count_and_too_many_sign_the_session_out(client, session, organiser):
    sign_in_as(client, organiser)
    wrong = {"current_password": "guess", "new_password": "plum kettle orbit violin",
             "confirm_password": "plum kettle orbit violin"}
    for _ in range(3):
        assert submit(client, "/organise/account/password", wrong).status_code == 400
    fourth = submit(client, "/organise/account/password", wrong)
    assert fourth.status_code == 303 and fourth.headers["Location"].startswith("/organise/sign-in")
    assert client.get("/organise/").status_code == 302, "signed out"
    user = session.get(User, organiser.id)
    session.refresh(user)
    assert user.failed_sign_ins == 4 and user.locked_until is not None
    assert session.scalars(select(AuditLog.action).where(AuditLog.action == "password.change_failed")).all() == [
        "password.change_failed"] * 4
