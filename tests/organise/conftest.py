"""Organiser-workspace fixtures: accounts of each role and a fast way to be signed in.

Part B and anyone else testing /organise pages can use these:

    def test_something(client, session, organiser):
        sign_in_as(client, organiser)
        client.get("/organise/...")
"""
from __future__ import annotations

import time
from datetime import date

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from feedback.models import Event, Involvement, InvolvementChange, QIProject, Survey, User, UserRole
from feedback.organise.accounts import session_values

PASSWORD = "correct horse battery staple"
# Real accounts use scrypt; tests use a cheap hash so dozens of accounts cost nothing.
_CHEAP_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")


def make_user(session: Session, *, email: str = "organiser@example.org", role: UserRole = UserRole.ORGANISER,
              name: str = "", must_change_password: bool = False, active: bool = True) -> User:
    user = User(email=email, name=name or email.split("@")[0].title(), role=role, password_hash=_CHEAP_HASH,
                must_change_password=must_change_password, active=active, failed_sign_ins=0)
    session.add(user)
    session.commit()
    return user


def make_event(session: Session, *, name: str = "Carers' coffee morning", code: str = "K7MPQ2",
               surveys: list[Survey] | None = None, held_on: date | None = date(2026, 3, 14)) -> Event:
    project = session.scalar(select(QIProject).where(QIProject.name == "Discharge planning"))
    if project is None:
        project = QIProject(name="Discharge planning", started_on=date(2026, 1, 5), involvements=[
            InvolvementChange(involvement=Involvement.BIG_I, changed_on=date(2026, 1, 5))])
    event = Event(code=code, name=name, held_on=held_on, place="Ward 4 day room", project=project,
                  surveys=surveys or [])
    session.add(event)
    session.commit()
    return event


def sign_in_as(client: FlaskClient, user: User) -> None:
    """Put the user in the client's session, as signing in does, without the form."""
    with client.session_transaction() as browser_session:
        browser_session.clear()
        browser_session.permanent = True
        browser_session.update(session_values(user, time.time()))


@pytest.fixture
def admin(session: Session) -> User:
    return make_user(session, email="admin@example.org", role=UserRole.ADMIN)


@pytest.fixture
def organiser(session: Session) -> User:
    return make_user(session, email="organiser@example.org", role=UserRole.ORGANISER)


@pytest.fixture
def viewer(session: Session) -> User:
    return make_user(session, email="viewer@example.org", role=UserRole.VIEWER)
