"""Alerts to safeguarding contacts: queued when a flagged answer is stored (online, kiosk,
paper), delivered once by the outbox pass to a real SMTP server, never carrying the answer."""
from __future__ import annotations

from sqlalchemy import func, select

from feedback.analysis.risk_categories import categories_label
from feedback.extensions import db
from feedback.mail.scheduler import run_pass
from feedback.models import OutboxMessage, SafeguardingAlert, SafeguardingContact, SafeguardingFlag, UserRole
from tests.factories import make_event, make_user
from tests.helpers import hidden_fields, kiosk_url, submit
from tests.mail.conftest import make_subscription
from tests.organise.conftest import sign_in_as
from tests.pages import parse

DISCLOSURE = "Honestly some days I want to end my life, the group is the only thing keeping me going."


def contacts(session, survey, other):
    session.add_all([SafeguardingContact(email="trust.safeguarding@nhs.example", survey_id=None),
                     SafeguardingContact(email="ward.lead@nhs.example", survey_id=survey.id),
                     SafeguardingContact(email="other.survey@nhs.example", survey_id=other.id)])
    session.commit()


def test_each_contact_gets_one_email_per_flag_naming_survey_event_and_risk_but_not_the_answer(
        app, client, session, builtin, smtp):
    survey = builtin["after-an-event"]
    contacts(session, survey, builtin["involving-people-in-qi-staff"])
    event = make_event(session, name="Carers' coffee morning", surveys=[survey])
    submit(client, f"/e/{event.code}/{survey.slug}", {"role": "carer", "what_made_it_harder": DISCLOSURE})
    flag = session.scalars(select(SafeguardingFlag)).one()
    matched = flag.reasons.split("\u201c")[1].split("\u201d")[0]
    assert matched and matched in DISCLOSURE  # the stored reason quotes the answer; the email must not

    first = run_pass(db.session, app.config, app.instance_path)
    second = run_pass(db.session, app.config, app.instance_path)  # delivery running twice sends nothing again

    assert (first.sent, second.sent) == (2, 0)
    assert sorted(message["To"] for message in smtp.messages) == ["trust.safeguarding@nhs.example",
                                                                  "ward.lead@nhs.example"]
    for message in smtp.messages:
        body = message.get_body(preferencelist=("plain",)).get_content()
        whole = message["Subject"] + body
        assert "Tell us about the event you came to" in whole
        assert "Carers' coffee morning, held on 14 March 2026" in body
        assert f"Kind of risk: {categories_label(flag.category_keys)}" in body
        assert f"https://feedback.example/organise/results/surveys/{survey.id}/flags#flag-{flag.id}" in body
        assert matched.lower() not in whole.lower()
        for words in ("end my life", "keeping me going", "Honestly", *flag.category_keys):
            assert words.lower() not in whole.lower()


def test_a_contact_for_every_survey_and_for_this_one_is_emailed_once(app, client, session, builtin, smtp):
    survey = builtin["after-an-event"]
    session.add_all([SafeguardingContact(email="Lead@nhs.example", survey_id=None),
                     SafeguardingContact(email="lead@nhs.example", survey_id=survey.id)])
    session.commit()
    submit(client, f"/s/{survey.slug}", {"role": "carer", "what_made_it_harder": DISCLOSURE})
    run_pass(db.session, app.config, app.instance_path)
    assert len(smtp.messages) == 1


def test_no_flag_no_email(app, client, session, builtin, smtp):
    survey = builtin["after-an-event"]
    contacts(session, survey, builtin["involving-people-in-qi-staff"])
    submit(client, f"/s/{survey.slug}", {"role": "carer", "what_helped": "The bus fare was paid on the day."})
    run_pass(db.session, app.config, app.instance_path)
    assert smtp.messages == []


def test_kiosk_and_paper_answers_alert_too_and_the_kiosk_leads_with_help(app, client, session, builtin):
    survey = builtin["after-an-event"]
    contacts(session, survey, builtin["involving-people-in-qi-staff"])
    event = make_event(session, surveys=[survey])
    kiosk = kiosk_url(app, event, survey)
    sent = submit(client, kiosk, {"role": "carer", "what_made_it_harder": DISCLOSURE})
    assert sent.status_code == 303
    thanks = parse(client.get(sent.headers["Location"]).get_data(as_text=True))
    callout = thanks.select_one(".nhsuk-warning-callout")
    assert callout is not None and "116 123" in callout.get_text() and "SHOUT" in callout.get_text()
    # The address says nothing (the tablet's history keeps it); the next person's pages lead
    # with nothing of the last one's.
    assert sent.headers["Location"].endswith("/thanks")
    client.get(kiosk)
    calm = parse(client.get(sent.headers["Location"]).get_data(as_text=True))
    assert calm.select_one(".nhsuk-warning-callout") is None and "116 123" in calm.get_text()

    sign_in_as(client, make_user(session))
    submit(client, f"/organise/surveys/{survey.id}/paper", {"what_made_it_harder": DISCLOSURE})

    flags = session.scalars(select(SafeguardingFlag)).all()
    assert len(flags) == 2
    per_flag = dict(session.execute(select(SafeguardingAlert.flag_id, func.count()).group_by(SafeguardingAlert.flag_id)).all())
    assert per_flag == {flags[0].id: 2, flags[1].id: 2}
    assert session.scalar(select(func.count(OutboxMessage.id))) == 4
    assert "on a kiosk tablet" in session.scalars(select(OutboxMessage.body_text)).first()


def test_a_viewers_summary_gives_no_flag_count_below_the_minimum(app, session, builtin, smtp):
    from tests.mail.helpers import MONDAY, busy_week, parts
    busy_week(session, builtin["after-an-event"])  # one flag waiting
    viewer = make_user(session, email="viewer@trust.example", role=UserRole.VIEWER)
    organiser = make_user(session, email="organiser@trust.example", role=UserRole.ORGANISER)
    for person in (viewer, organiser):
        make_subscription(session, email=person.email).user_id = person.id
    session.commit()
    run_pass(db.session, app.config, app.instance_path, now=MONDAY)
    by_address = {message["To"]: " ".join(parts(message)) for message in smtp.messages}
    assert "safeguarding flag" not in by_address["viewer@trust.example"]
    assert "1 safeguarding flag waiting to be handled" in by_address["organiser@trust.example"]


def test_with_no_base_url_an_alert_links_to_the_address_the_service_was_answered_on(app, client, session, builtin,
                                                                                      smtp):
    # Sent later by the scheduler, which has no request: the link must be made when the flag
    # is, from the address the answer came in on (a local one here), not a default port.
    app.config["BASE_URL"] = None
    survey = builtin["after-an-event"]
    contacts(session, survey, builtin["involving-people-in-qi-staff"])
    on = "http://127.0.0.1:8797"
    page = client.get(f"/s/{survey.slug}", base_url=on)
    sent = client.post(f"/s/{survey.slug}", base_url=on, data=hidden_fields(page.get_data(as_text=True))
                       | {"role": "carer", "what_made_it_harder": DISCLOSURE})
    assert sent.status_code == 303
    flag = session.scalars(select(SafeguardingFlag)).one()
    run_pass(db.session, app.config, app.instance_path)
    body = smtp.messages[0].get_body(preferencelist=("plain",)).get_content()
    assert f"http://127.0.0.1:8797/organise/results/surveys/{survey.id}/flags#flag-{flag.id}" in body
