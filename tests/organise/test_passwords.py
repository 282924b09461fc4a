"""New passwords that are easy to guess are refused (ASVS 2.1.7), and one-time passwords
stop working after ONE_TIME_PASSWORD_HOURS."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from feedback.models import AuditLog, User
from feedback.models.types import utcnow
from feedback.organise.passwords import common_passwords, new_password_problem, only_repeats_or_sequences
from tests.factories import PASSWORD, make_user
from tests.helpers import open_form, submit
from tests.organise.conftest import sign_in_as

CHANGE = "/organise/account/password"


def change_to(client, new: str):
    return submit(client, CHANGE, {"current_password": PASSWORD, "new_password": new, "confirm_password": new})


@pytest.mark.parametrize(("password", "advice"), [
    ("aaaaaaaaaaaa", "not only repeated or consecutive characters"),
    ("password1234", "on a list of common passwords that attackers try first"),
    (" " * 12, "not only spaces"),
    ("Qwertyuiop!!", "on a list of common passwords"),
    ("abcdefgh1234", "not only repeated or consecutive characters"),
    ("123123123123", "not only repeated or consecutive characters"),
    ("sam.okafor rules ok", "does not contain your name or email address"),
    ("okafor lighthouse", "does not contain your name or email address"),
])
def test_easy_to_guess_passwords_are_refused_with_what_to_do(client, session, password, advice):
    user = make_user(session, email="sam.okafor@example.org", name="Samira Okafor")
    sign_in_as(client, user)
    response = change_to(client, password)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert advice in page
    assert "Three or four unrelated words make a good password" in page
    session.refresh(user)
    assert user.check_password(PASSWORD)


def test_a_password_of_unrelated_words_is_accepted(client, session):
    user = make_user(session, email="sam.okafor@example.org", name="Samira Okafor")
    sign_in_as(client, user)
    assert change_to(client, "lantern meadow copper tide").status_code == 303


def test_the_shipped_list_is_big_and_names_its_source_and_licence():
    from feedback.organise.passwords import COMMON_PASSWORDS_FILE
    assert len(common_passwords()) > 19_000
    note = COMMON_PASSWORDS_FILE.with_name("common-passwords.md").read_text()
    assert "Django" in note and "BSD 3-Clause" in note


@pytest.mark.parametrize("password", ["plum kettle orbit violin", "Tr0ub4dor&3-horse", "abc lamp xyz fig"])
def test_ordinary_passwords_are_not_mistaken_for_sequences(password):
    assert not only_repeats_or_sequences(password.lower())
    assert new_password_problem(password, email="a.person@example.org", name="A Person") is None


def expire(session, user):
    user.password_expires_at = utcnow() - timedelta(seconds=1)
    session.commit()


def test_a_one_time_password_from_an_administrator_stops_working_after_the_set_hours(client, session, admin, app):
    app.config["ONE_TIME_PASSWORD_HOURS"] = 72
    person = make_user(session, email="person@example.org")
    sign_in_as(client, admin)
    token = open_form(client, f"/organise/users/{person.id}")["csrf_token"]
    page = client.post(f"/organise/users/{person.id}/reset-password", data={"csrf_token": token})
    assert "It stops working after 72 hours" in page.get_data(as_text=True)
    session.refresh(person)
    assert timedelta(hours=71) < person.password_expires_at - utcnow() <= timedelta(hours=72)
    one_time = page.get_data(as_text=True).split("<code>")[1].split("</code>")[0]
    expire(session, person)
    stranger = app.test_client()
    response = submit(stranger, "/organise/sign-in", {"email": person.email, "password": one_time})
    assert response.status_code == 400
    assert "This one-time password has expired. Ask an administrator to reset your password" in response.get_data(as_text=True)
    assert "one-time password expired" in session.scalars(select(AuditLog.detail)).all()


def test_setup_and_create_user_passwords_expire_too(runner, session, app):
    app.config["ONE_TIME_PASSWORD_HOURS"] = 2
    result = runner.invoke(args=["create-user", "--email", "new@example.org"])
    assert "stops working after 2 hours" in result.output
    user = session.scalar(select(User).where(User.email == "new@example.org"))
    assert timedelta(hours=1) < user.password_expires_at - utcnow() <= timedelta(hours=2)


def test_choosing_a_password_clears_the_expiry(client, session):
    user = make_user(session, email="new@example.org", must_change_password=True)
    user.password_expires_at = utcnow() + timedelta(hours=1)
    session.commit()
    sign_in_as(client, user)
    assert change_to(client, "lantern meadow copper tide").status_code == 303
    session.refresh(user)
    assert user.password_expires_at is None
