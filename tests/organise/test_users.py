"""Administrators managing accounts."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from feedback.audit import record
from feedback.models import AuditLog, User, UserRole
from feedback.organise.accounts import ensure_first_organiser
from tests.factories import PASSWORD, make_user
from tests.helpers import open_form, submit
from tests.organise.conftest import sign_in_as
from tests.pages import parse


def test_admin_adds_a_user_and_sees_the_one_time_password_once(client, session, admin):
    sign_in_as(client, admin)
    response = submit(client, "/organise/users/new",
                      {"name": "Priya Shah", "email": "Priya.Shah@Example.nhs.uk", "role": "organiser"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    password = parse(response.get_data(as_text=True)).select_one("main code").get_text()
    user = session.scalars(select(User).where(User.email == "priya.shah@example.nhs.uk")).one()
    assert user.role is UserRole.ORGANISER and user.must_change_password and user.check_password(password)
    listing = client.get("/organise/users").get_data(as_text=True)
    assert "priya.shah@example.nhs.uk" in listing and password not in listing
    entry = session.scalars(select(AuditLog).where(AuditLog.action == "user.create")).one()
    assert (entry.user_id, entry.target) == (admin.id, "priya.shah@example.nhs.uk")


def test_adding_a_user_explains_each_problem(client, session, admin):
    sign_in_as(client, admin)
    response = submit(client, "/organise/users/new", {"name": "", "email": "not an email"})
    assert response.status_code == 400
    page = parse(response.get_data(as_text=True))
    summary = [link.get_text(strip=True) for link in page.select(".nhsuk-error-summary a")]
    assert summary == ["Enter an email address in the correct format, like name@example.nhs.uk",
                       "Enter their name", "Select what they can do"] or set(summary) == {
        "Enter an email address in the correct format, like name@example.nhs.uk",
        "Enter their name", "Select what they can do"}
    duplicate = submit(client, "/organise/users/new",
                       {"name": "Again", "email": "ADMIN@example.org", "role": "viewer"})
    assert duplicate.status_code == 400
    assert "There is already an account with this email address" in duplicate.get_data(as_text=True)
    assert session.scalar(select(User.id).where(User.name == "Again")) is None


def test_admin_changes_a_role(client, session, admin, viewer):
    sign_in_as(client, admin)
    url = f"/organise/users/{viewer.id}"
    token = open_form(client, url)["csrf_token"]
    response = client.post(f"{url}/role", data={"csrf_token": token, "role": "organiser"})
    assert response.status_code == 303
    session.refresh(viewer)
    assert viewer.role is UserRole.ORGANISER
    detail = session.scalars(select(AuditLog.detail).where(AuditLog.action == "user.role")).one()
    assert detail == "viewer -> organiser"


def test_the_last_admin_cannot_be_demoted_or_deactivated(client, session, admin):
    sign_in_as(client, admin)
    url = f"/organise/users/{admin.id}"
    token = open_form(client, url)["csrf_token"]
    response = client.post(f"{url}/role", data={"csrf_token": token, "role": "viewer"})
    assert response.status_code == 400
    assert "there must always be one" in response.get_data(as_text=True)
    session.refresh(admin)
    assert admin.role is UserRole.ADMIN
    assert client.post(f"{url}/deactivate", data={"csrf_token": token}).status_code == 400
    session.refresh(admin)
    assert admin.active


def test_deactivating_ends_their_access_at_once(app, client, session, admin, organiser):
    theirs = app.test_client()
    sign_in_as(theirs, organiser)
    assert theirs.get("/organise/").status_code == 200
    sign_in_as(client, admin)
    token = open_form(client, f"/organise/users/{organiser.id}")["csrf_token"]
    assert client.post(f"/organise/users/{organiser.id}/deactivate", data={"csrf_token": token}).status_code == 303
    assert theirs.get("/organise/").status_code == 302
    assert client.post(f"/organise/users/{organiser.id}/reactivate", data={"csrf_token": token}).status_code == 303
    session.refresh(organiser)
    assert organiser.active
    assert {"user.deactivate", "user.activate"} <= set(session.scalars(select(AuditLog.action)))


def test_password_reset_gives_a_new_one_time_password_and_unlocks(app, client, session, admin, organiser):
    theirs = app.test_client()
    sign_in_as(theirs, organiser)
    organiser.failed_sign_ins = 3
    session.commit()
    sign_in_as(client, admin)
    token = open_form(client, f"/organise/users/{organiser.id}")["csrf_token"]
    response = client.post(f"/organise/users/{organiser.id}/reset-password", data={"csrf_token": token})
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    password = parse(response.get_data(as_text=True)).select_one("main code").get_text()
    session.refresh(organiser)
    assert organiser.check_password(password) and not organiser.check_password(PASSWORD)
    assert organiser.must_change_password and organiser.failed_sign_ins == 0
    assert theirs.get("/organise/").status_code == 302  # their old session has ended


def test_only_admins_see_the_users_page_and_link(client, session, admin, organiser):
    sign_in_as(client, organiser)
    assert client.get("/organise/users").status_code == 403
    nav = parse(client.get("/organise/").get_data(as_text=True)).select(".nhsuk-header__navigation-link")
    assert "Users" not in [link.get_text(strip=True) for link in nav]
    sign_in_as(client, admin)
    nav = parse(client.get("/organise/").get_data(as_text=True)).select(".nhsuk-header__navigation-link")
    assert "Users" in [link.get_text(strip=True) for link in nav]


def test_unknown_user_is_404(client, admin):
    sign_in_as(client, admin)
    assert client.get("/organise/users/9999").status_code == 404


def test_audit_log_page_lists_what_happened(client, session, admin):
    record(session, user=None, action="sign_in.failed", target="someone@example.org", detail="unknown email")
    record(session, user=admin, action="export.csv", target="survey after-an-event", detail="12 responses")
    session.commit()
    sign_in_as(client, admin)
    rows = parse(client.get("/organise/audit").get_data(as_text=True)).select("tbody tr")
    cells = [[cell.get_text(strip=True) for cell in row.select("td")][1:] for row in rows]
    assert cells == [["admin@example.org", "Downloaded responses (CSV)", "survey after-an-event", "12 responses"],
                     ["Not signed in", "Failed to sign in", "someone@example.org", "unknown email"]]


def test_every_action_the_code_records_has_plain_words_on_the_audit_page():
    import re
    from pathlib import Path

    from feedback.audit import ACTION_WORDS
    source = "\n".join(path.read_text() for path in Path("feedback").rglob("*.py"))
    recorded = set(re.findall(r'action="([a-z_]+\.[a-z_.]+|sign_in|sign_out)"', source))
    recorded |= {f"survey.{name}" for name in re.findall(r"\baction=\"([a-z_]+)\"\)", source)}
    recorded |= {f"survey.{name}" for name in re.findall(r'"(delete_question|move)"', source)}
    recorded |= {"export.csv", "export.xlsx", "user.deactivate"}
    assert recorded - set(ACTION_WORDS) == set(), "actions without words"


def test_an_admin_who_steps_down_lands_on_a_page_they_can_see(client, session, admin):
    make_user(session, email="second@example.org", role=UserRole.ADMIN)
    sign_in_as(client, admin)
    token = open_form(client, f"/organise/users/{admin.id}")["csrf_token"]
    response = client.post(f"/organise/users/{admin.id}/role", data={"csrf_token": token, "role": "organiser"})
    assert response.headers["Location"] == "/organise/"
    assert client.get("/organise/").status_code == 200


def test_the_first_administrator_from_setup_must_choose_a_password(client, session):
    password = ensure_first_organiser(session, "First@Example.org", password_valid_for=timedelta(hours=72))
    session.commit()
    response = submit(client, "/organise/sign-in", {"email": "first@example.org", "password": password})
    assert response.headers["Location"] == "/organise/account/password"
    new = "lantern meadow copper tide"
    submit(client, "/organise/account/password",
           {"current_password": password, "new_password": new, "confirm_password": new})
    assert client.get("/organise/users").status_code == 200
