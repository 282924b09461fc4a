"""Organiser-workspace fixtures: accounts of each role and a fast way to be signed in.

Part B and anyone else testing /organise pages can use these:

    def test_something(client, session, organiser):
        sign_in_as(client, organiser)
        client.get("/organise/...")
"""
from __future__ import annotations

import time

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from feedback.models import User, UserRole
from feedback.organise.accounts import session_values
from tests.factories import PASSWORD, make_event, make_user  # noqa: F401  (also imported from here)


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
