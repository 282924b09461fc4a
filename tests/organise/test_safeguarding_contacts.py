"""Administrators name the safeguarding contacts; each change is in the audit log."""
from __future__ import annotations

from sqlalchemy import select

from feedback.models import AuditLog, SafeguardingContact
from tests.helpers import open_form, submit
from tests.organise.conftest import sign_in_as
from tests.pages import parse

URL = "/organise/safeguarding/contacts"


def add(client, email, survey=""):
    return client.post(URL, data={**open_form(client, URL), "email": email, "survey": survey})


def test_an_administrator_names_contacts_for_the_trust_and_for_one_survey(client, session, builtin, admin):
    survey = builtin["after-an-event"]
    sign_in_as(client, admin)
    assert "Nobody is told when an answer is flagged" in client.get(URL).get_data(as_text=True)
    assert add(client, "safeguarding@nhs.example").status_code == 303
    assert add(client, "ward.lead@nhs.example", str(survey.id)).status_code == 303
    page = parse(client.get(URL).get_data(as_text=True))
    rows = [" ".join(row.get_text().split()) for row in page.select("tbody tr")]
    assert rows[0].startswith("safeguarding@nhs.example Every survey")
    assert rows[1].startswith(f"ward.lead@nhs.example {survey.title}")
    logged = session.scalars(select(AuditLog).where(AuditLog.action == "safeguarding.contact_add")).all()
    assert [(entry.target, entry.user_id) for entry in logged] == [
        ("safeguarding@nhs.example", admin.id), ("ward.lead@nhs.example", admin.id)]
    assert logged[1].detail == f"survey {survey.slug}"


def test_a_bad_or_repeated_address_is_refused_with_what_to_do_and_kept_as_typed(client, session, builtin, admin):
    sign_in_as(client, admin)
    for typed, message in [("", "Enter the contact's email address"),
                           ("not an address", "Enter an email address in the correct format"),
                           ("a@b.example\r\nBcc: x@y.example", "Enter an email address in the correct format"),
                           ("x" * 250 + "@nhs.example", "254 characters or fewer")]:
        response = add(client, typed)
        assert response.status_code == 400
        page = parse(response.get_data(as_text=True))
        assert message in page.select_one(".nhsuk-error-summary").get_text()
    response = add(client, "not an address")
    assert parse(response.get_data(as_text=True)).select_one("input[name=email]")["value"] == "not an address"
    assert add(client, "lead@nhs.example").status_code == 303
    repeated = add(client, "LEAD@nhs.example")
    assert repeated.status_code == 400 and "already a contact for every survey" in repeated.get_data(as_text=True)
    assert add(client, "lead@nhs.example", "99999").status_code == 400  # not a survey in the list
    assert len(session.scalars(select(SafeguardingContact)).all()) == 1


def test_removing_a_contact_is_logged(client, session, builtin, admin):
    sign_in_as(client, admin)
    add(client, "leaving@nhs.example")
    contact = session.scalars(select(SafeguardingContact)).one()
    fields = open_form(client, URL)
    response = client.post(f"{URL}/{contact.id}/remove", data={"csrf_token": fields["csrf_token"]})
    assert response.status_code == 303
    assert session.scalars(select(SafeguardingContact)).all() == []
    assert session.scalar(select(AuditLog.target).where(AuditLog.action == "safeguarding.contact_remove")) \
        == "leaving@nhs.example"
    assert "Removed a safeguarding contact" in client.get("/organise/audit").get_data(as_text=True)


def test_only_administrators_see_the_contacts(client, session, organiser):
    sign_in_as(client, organiser)
    assert client.get(URL).status_code == 403


def test_the_page_says_which_flags_nobody_was_emailed_about_and_when_alert_links_may_not_open(
        app, client, session, builtin, admin):
    survey = builtin["after-an-event"]
    disclosure = "Honestly some days I want to end my life, the group is the only thing keeping me going."
    submit(client, f"/s/{survey.slug}", {"role": "carer", "what_made_it_harder": disclosure})  # no contact yet
    sign_in_as(client, admin)
    app.config["BASE_URL"] = "https://feedback.example"
    page = parse(client.get(URL).get_data(as_text=True))
    assert "1 flagged answer was flagged before a contact was named, so nobody was emailed about it" in \
        " ".join(page.get_text().split())
    assert "The link in an alert may not open" not in page.get_text()
    assert add(client, "safeguarding@nhs.example").status_code == 303
    submit(client, f"/s/{survey.slug}", {"role": "carer", "what_made_it_harder": disclosure})  # told at once
    sign_in_as(client, admin)
    app.config["BASE_URL"] = None
    page = parse(client.get(URL).get_data(as_text=True))
    assert "1 flagged answer was flagged before a contact was named" in " ".join(page.get_text().split())
    warning = page.select_one(".nhsuk-warning-callout").get_text(" ", strip=True)
    assert "The link in an alert may not open" in warning and "BASE_URL" in warning
