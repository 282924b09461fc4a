"""The workspace pages for summaries: subscribe, preview now, stop, and the delivery log."""
from __future__ import annotations

from sqlalchemy import select

from feedback.mail.heartbeat import record_heartbeat
from feedback.models import AuditLog, Frequency, OutboxMessage, ScopeKind, Subscription, UserRole
from feedback.models.types import utcnow
from tests.factories import make_user
from tests.helpers import open_form
from tests.organise.conftest import sign_in_as
from tests.pages import check_page, parse

SUMMARIES = "/organise/summaries"
NEW = "/organise/summaries/new"


def test_signing_in_is_needed(client):
    assert client.get(SUMMARIES).status_code == 302
    assert client.get(NEW).status_code == 302


def test_subscribe_with_mistakes_then_correctly(client, session, builtin):
    viewer = make_user(session, email="viewer@example.org", role=UserRole.VIEWER)
    sign_in_as(client, viewer)
    form = open_form(client, NEW)

    missing = client.post(NEW, data=form | {"email": "viewer@example.org"})
    assert missing.status_code == 400
    page = parse(missing.get_data(as_text=True))
    assert page.title.get_text().startswith("Error: Subscribe to a summary")
    summary = [link.get_text(strip=True) for link in page.select(".nhsuk-error-summary a")]
    assert summary == ["Select what the summary should cover", "Select how often to send the summary"]
    assert session.scalars(select(Subscription)).all() == []

    someone_else = client.post(NEW, data=form | {"email": "boss@example.org", "scope": "everything",
                                                 "frequency": "weekly", "day": "monday", "hour": "7"})
    assert someone_else.status_code == 400
    assert "only organisers can subscribe someone else" in someone_else.get_data(as_text=True)

    unknown = client.post(NEW, data=form | {"email": "viewer@example.org", "scope": "survey:gone",
                                            "frequency": "weekly", "day": "monday", "hour": "7"})
    assert unknown.status_code == 400 and "There is no survey with the short name" in unknown.get_data(as_text=True)

    done = client.post(NEW, data=form | {"email": "viewer@example.org", "scope": "survey:after-an-event",
                                         "frequency": "weekly", "day": "wednesday", "hour": "9"})
    assert done.status_code == 303
    subscription = session.scalars(select(Subscription)).one()
    assert (subscription.scope_kind, subscription.frequency, subscription.weekday, subscription.hour) == (
        ScopeKind.SURVEY, Frequency.WEEKLY, 2, 9)
    listing = client.get(SUMMARIES).get_data(as_text=True)
    # Named as organisers know it, not by its web-address slug.
    assert "The survey \u201cTell us about the event you came to\u201d, every Wednesday at 09:00 (Europe/London)" in listing


def test_send_me_a_preview_now_and_stop(client, session, builtin, smtp):
    organiser = make_user(session, email="organiser@example.org", role=UserRole.ORGANISER)
    sign_in_as(client, organiser)
    form = open_form(client, NEW)
    client.post(NEW, data=form | {"email": "manager@example.org", "scope": "everything",
                                  "frequency": "daily", "day": "monday", "hour": "7"})
    subscription = session.scalars(select(Subscription)).one()
    token = open_form(client, SUMMARIES)["csrf_token"]

    preview = client.post(f"{SUMMARIES}/{subscription.id}/preview", data={"csrf_token": token})
    assert preview.status_code == 303
    assert "A preview has been sent to manager@example.org" in client.get(SUMMARIES).get_data(as_text=True)
    [message] = smtp.messages
    assert message["To"] == "manager@example.org" and message["Subject"].startswith("Preview: Daily summary")

    log = parse(client.get(f"{SUMMARIES}/log").get_data(as_text=True))
    cells = [cell.get_text(strip=True) for cell in log.select("tbody td")]
    assert "manager@example.org" in cells and "Sent" in cells

    assert client.post(f"{SUMMARIES}/{subscription.id}/stop", data={}).status_code == 400  # no CSRF token
    stopped = client.post(f"{SUMMARIES}/{subscription.id}/stop", data={"csrf_token": token})
    assert stopped.status_code == 303
    session.expire_all()
    assert not session.get(Subscription, subscription.id).active
    assert "No summaries are being sent yet" in client.get(SUMMARIES).get_data(as_text=True)
    assert session.scalar(select(OutboxMessage.to)) == "manager@example.org"
    # A stopped summary sends nothing more, not even a preview.
    assert client.post(f"{SUMMARIES}/{subscription.id}/preview", data={"csrf_token": token}).status_code == 404
    assert len(smtp.messages) == 1
    # Results sent to an address, as an export is: who set it up, previewed and stopped it is kept.
    logged = session.execute(select(AuditLog.action, AuditLog.user_id, AuditLog.target).order_by(AuditLog.id)).all()
    assert [row for row in logged if row.action.startswith("summary.")] == [
        ("summary.subscribe", organiser.id, "manager@example.org"),
        ("summary.preview_send", organiser.id, "manager@example.org"),
        ("summary.stop", organiser.id, "manager@example.org")]


def test_an_address_with_control_characters_is_refused(client, session, builtin):
    organiser = make_user(session, email="organiser@example.org", role=UserRole.ORGANISER)
    sign_in_as(client, organiser)
    form = open_form(client, NEW)
    for address in ("a\x00@example.org", "a\x01b@example.org", "boss@example.org\r\nBcc: x@example.org"):
        refused = client.post(NEW, data=form | {"email": address, "scope": "everything",
                                                "frequency": "daily", "day": "monday", "hour": "7"})
        assert refused.status_code == 400, repr(address)
        assert "Enter an email address in the correct format" in refused.get_data(as_text=True)
    assert session.scalars(select(Subscription)).all() == []


def test_viewers_see_only_their_own_summaries_and_not_the_log(client, session, builtin):
    viewer = make_user(session, email="viewer@example.org", role=UserRole.VIEWER)
    other = Subscription(email="someone@example.org", scope_kind=ScopeKind.EVERYTHING, frequency=Frequency.DAILY,
                         hour=7, timezone="Europe/London", active=True)
    session.add(other)
    session.commit()
    sign_in_as(client, viewer)
    assert "someone@example.org" not in client.get(SUMMARIES).get_data(as_text=True)
    token = open_form(client, SUMMARIES)["csrf_token"]
    assert client.post(f"{SUMMARIES}/{other.id}/stop", data={"csrf_token": token}).status_code == 404
    assert client.get(f"{SUMMARIES}/log").status_code == 403


def test_without_a_public_address_previews_use_the_one_in_use_and_the_page_warns(app, client, session, builtin, smtp):
    app.config["BASE_URL"] = None
    record_heartbeat(session, utcnow())  # a scheduler is running: only the address is missing
    organiser = make_user(session, email="organiser@example.org", role=UserRole.ORGANISER)
    sign_in_as(client, organiser)
    form = open_form(client, NEW)
    client.post(NEW, data=form | {"email": "organiser@example.org", "scope": "everything",
                                  "frequency": "daily", "day": "monday", "hour": "7"})
    page = parse(client.get(SUMMARIES).get_data(as_text=True))
    assert "Links in scheduled emails will not work yet" in page.select_one(".nhsuk-warning-callout").get_text()
    subscription = session.scalars(select(Subscription)).one()
    client.post(f"{SUMMARIES}/{subscription.id}/preview", data={"csrf_token": open_form(client, SUMMARIES)["csrf_token"]})
    [message] = smtp.messages
    assert "http://localhost/unsubscribe/" in message.get_body(preferencelist=("plain",)).get_content()
    assert "127.0.0.1:5000" not in message.as_string()

    app.config["BASE_URL"] = "https://feedback.example"
    assert not parse(client.get(SUMMARIES).get_data(as_text=True)).select(".nhsuk-warning-callout")


def test_failed_emails_can_be_sent_again_from_the_delivery_log(app, client, session, builtin, smtp):
    from datetime import timedelta

    from feedback.models import AuditLog
    from feedback.models.types import utcnow
    organiser = make_user(session, email="organiser@example.org", role=UserRole.ORGANISER)
    message = OutboxMessage(to="manager@example.org", subject="Weekly summary", body_text="Hello", body_html="<p>Hello</p>",
                            attempts=13, failed_at=utcnow() - timedelta(hours=1), last_error="ConnectionRefusedError")
    session.add(message)
    session.commit()
    sign_in_as(client, organiser)
    log = parse(client.get(f"{SUMMARIES}/log").get_data(as_text=True))
    form = log.find("button", string=lambda text: text and "Try the failed emails again" in text).find_parent("form")
    retried = client.post(form["action"], data={"csrf_token": form.select_one("input[name=csrf_token]")["value"]})
    assert retried.status_code == 303
    assert "1 email will be tried again" in client.get(retried.headers["Location"]).get_data(as_text=True)
    session.expire_all()
    again = session.get(OutboxMessage, message.id)
    assert again.status == "waiting" and again.failed_at is None
    assert session.scalar(select(AuditLog.action).where(AuditLog.action == "outbox.retry"))


def test_the_list_says_when_a_summary_is_paused_because_its_account_is_switched_off(client, session, builtin):
    from tests.mail.conftest import make_subscription
    admin = make_user(session, email="admin@example.org", role=UserRole.ADMIN)
    leaver = make_user(session, email="leaver@example.org", active=False)
    subscription = make_subscription(session, email=leaver.email)
    subscription.user_id = leaver.id
    session.commit()
    sign_in_as(client, admin)
    page = check_page(client.get(SUMMARIES).get_data(as_text=True))
    row = page.find("td", string="leaver@example.org").find_parent("tr")
    assert "Paused: the account that made it is switched off" in row.get_text()


def test_with_no_mail_server_a_preview_is_said_to_be_saved_as_a_file_not_sent(app, client, session, builtin):
    from pathlib import Path
    assert not app.config.get("MAIL_SMTP_HOST")
    organiser = make_user(session, email="organiser@example.org", role=UserRole.ORGANISER)
    sign_in_as(client, organiser)
    client.post(NEW, data=open_form(client, NEW) | {"email": "manager@example.org", "scope": "everything",
                                                     "frequency": "daily", "day": "monday", "hour": "7"})
    subscription = session.scalars(select(Subscription)).one()
    client.post(f"{SUMMARIES}/{subscription.id}/preview", data={"csrf_token": open_form(client, SUMMARIES)["csrf_token"]})
    listing = check_page(client.get(SUMMARIES).get_data(as_text=True)).get_text()
    assert "saved as a file" in listing and "has been sent" not in listing
    assert list((Path(app.instance_path) / "outbox").glob("*.eml"))
    log = check_page(client.get(f"{SUMMARIES}/log").get_data(as_text=True))
    assert "Emails are not leaving the service" in log.select_one(".nhsuk-warning-callout").get_text()


def test_an_organiser_reads_a_preview_in_the_browser_as_it_will_arrive_without_sending_it(client, session, builtin):
    from feedback.clock import today_in
    from feedback.mail.browser_preview import EMAIL_CSP
    from tests.mail.conftest import add_responses, make_subscription
    add_responses(session, survey=builtin["after-an-event"], on=today_in("Europe/London"), count=12, agree=True)
    subscription = make_subscription(session, email="manager@example.org")
    sign_in_as(client, make_user(session, email="organiser@example.org", role=UserRole.ORGANISER))

    listing = check_page(client.get(SUMMARIES).get_data(as_text=True))
    link = next(link for link in listing.select("a") if link.get_text().startswith("Read a preview"))
    assert link["href"] == f"{SUMMARIES}/{subscription.id}/preview"
    assert "of the summary for manager@example.org" in link.get_text()

    page = check_page(client.get(link["href"]).get_data(as_text=True))
    assert page.h1.get_text() == "Preview of the summary for manager@example.org"
    subject = page.find("dt", string="Subject").find_next("dd").get_text()
    assert subject.startswith("Preview: Weekly summary: All surveys and events") and subject.endswith("so far")
    text = page.select_one("pre").get_text()
    assert "This is a preview" in text and "12 responses in this period so far" in text
    frame = page.select_one("iframe")
    assert frame["title"] and "allow-scripts" not in frame["sandbox"]

    email = client.get(frame["src"])
    assert email.status_code == 200 and email.mimetype == "text/html"
    assert email.headers["Content-Security-Policy"] == EMAIL_CSP
    assert "frame-ancestors 'self'" in EMAIL_CSP and "script-src" not in EMAIL_CSP
    assert email.headers["X-Frame-Options"] == "SAMEORIGIN"
    html = parse(email.get_data(as_text=True))
    assert "12 responses" in " ".join(html.get_text().split())
    chart = html.find("img")
    assert chart["src"].startswith("data:image/png;base64,") and "cid:" not in email.get_data(as_text=True)
    # Reading a preview sends nothing and uses up nothing.
    assert session.scalars(select(OutboxMessage)).all() == []


def test_a_viewer_cannot_read_the_preview_of_someone_elses_summary(client, session, builtin):
    from tests.mail.conftest import make_subscription
    other = make_subscription(session, email="someone@example.org")
    sign_in_as(client, make_user(session, email="viewer@example.org", role=UserRole.VIEWER))
    assert client.get(f"{SUMMARIES}/{other.id}/preview").status_code == 404
    assert client.get(f"{SUMMARIES}/{other.id}/preview/email.html").status_code == 404
    own = make_subscription(session, email="viewer@example.org")
    assert client.get(f"{SUMMARIES}/{own.id}/preview").status_code == 200
