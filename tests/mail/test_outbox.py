"""The outbox without a mail server, back-off and giving up, and the summary commands."""
from __future__ import annotations

import time
from datetime import datetime, timedelta
from email import message_from_bytes, policy
from pathlib import Path

from sqlalchemy import select

from feedback.extensions import db
from feedback.mail.outbox import MAX_ATTEMPTS, backoff
from feedback.mail.scheduler import deliver_outbox, run_pass
from feedback.models import Frequency, OutboxMessage, ScopeKind, Subscription
from feedback.models.types import utcnow
from tests.mail.conftest import make_subscription

MONDAY = datetime(2026, 4, 6, 6, 0)


class Refusing:
    def send(self, message) -> None:
        raise ConnectionRefusedError("no mail server")


def test_with_no_mail_server_configured_summaries_become_eml_files(app, session):
    make_subscription(session)
    result = run_pass(db.session, app.config, app.instance_path, now=MONDAY)
    assert result.sent == 1
    [path] = (Path(app.instance_path) / "outbox").glob("*.eml")
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert message["Subject"].startswith("Weekly summary")
    assert message.get_body(preferencelist=("plain",)).get_content().startswith("Weekly summary")
    assert not list((Path(app.instance_path) / "outbox").glob(".*.tmp"))


def test_retries_back_off_then_give_up_with_the_error_kept(app, session):
    assert [backoff(attempts).total_seconds() / 60 for attempts in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert backoff(20) == timedelta(hours=6)
    make_subscription(session)
    now = MONDAY
    for _ in range(MAX_ATTEMPTS):
        run_pass(db.session, app.config, app.instance_path, now=now, transport=Refusing())
        message = session.scalars(select(OutboxMessage)).one()
        now = message.next_attempt_at or now
    assert message.status == "failed" and message.attempts == MAX_ATTEMPTS
    assert message.last_error == "ConnectionRefusedError: no mail server"
    # A mail server down for a whole day loses nothing: the last try is over 24 hours on.
    assert message.failed_at - MONDAY > timedelta(hours=24)
    assert run_pass(db.session, app.config, app.instance_path, now=now + timedelta(days=2),
                    transport=Refusing()).failed == 0


def test_failed_messages_can_be_queued_again_once_the_mail_server_is_back(app, runner, session, smtp):
    make_subscription(session)
    now = MONDAY
    for _ in range(MAX_ATTEMPTS):
        run_pass(db.session, app.config, app.instance_path, now=now, transport=Refusing())
        now = session.scalars(select(OutboxMessage)).one().next_attempt_at or now
    result = runner.invoke(args=["outbox", "--retry-failed"])
    assert result.exit_code == 0 and "Queued 1 failed message(s) again" in result.output
    session.expire_all()
    assert session.scalars(select(OutboxMessage)).one().status != "failed"
    from feedback.mail.transports import transport_from_config
    sent, _ = deliver_outbox(db.session, transport_from_config(app.config, app.instance_path),
                             "summaries@trust.example", utcnow())
    assert sent == 1 and len(smtp.messages) == 1


def test_a_long_pass_stamps_each_claim_and_send_with_its_own_time(app, session, smtp):
    # Claims held from the pass's start would run out during a long pass, and another
    # sender could send the same message again.
    make_subscription(session)
    queued_at = MONDAY
    run_pass(db.session, app.config, app.instance_path, now=queued_at, transport=Refusing())
    message = session.scalars(select(OutboxMessage)).one()

    class Slow:
        def send(self, mime):
            time.sleep(1.2)
            smtp_transport.send(mime)

    from feedback.mail.transports import transport_from_config
    smtp_transport = transport_from_config(app.config, app.instance_path)
    due = message.next_attempt_at
    deliver_outbox(db.session, Slow(), "summaries@trust.example", due)
    session.expire_all()
    sent = session.get(OutboxMessage, message.id)
    assert sent.sent_at - due >= timedelta(seconds=1)


def test_subscribe_command_checks_its_input_and_saves_nothing_when_wrong(runner, session, builtin):
    bad = runner.invoke(args=["subscribe", "--email", "lead@trust.example", "--scope", "survey:nope"])
    assert bad.exit_code == 2 and "There is no survey with the short name 'nope'" in bad.output
    bad_email = runner.invoke(args=["subscribe", "--email", "not an email"])
    assert bad_email.exit_code == 2 and "Enter an email address in the correct format" in bad_email.output
    assert session.scalars(select(Subscription)).all() == []

    good = runner.invoke(args=["subscribe", "--email", "lead@trust.example", "--scope", "survey:after-an-event",
                               "--frequency", "weekly", "--day", "friday", "--hour", "16"])
    assert good.exit_code == 0, good.output
    assert "the survey \u201cTell us about the event you came to\u201d, every Friday at 16:00 (Europe/London)" in good.output
    subscription = session.scalars(select(Subscription)).one()
    assert (subscription.scope_kind, subscription.scope_id, subscription.frequency, subscription.weekday,
            subscription.hour) == (ScopeKind.SURVEY, builtin["after-an-event"].id, Frequency.WEEKLY, 4, 16)

    twice = runner.invoke(args=["subscribe", "--email", "LEAD@trust.example", "--scope", "survey:after-an-event",
                                "--frequency", "weekly", "--day", "friday", "--hour", "16"])
    assert twice.exit_code == 2 and "already gets this summary" in twice.output  # or it would come twice
    assert len(session.scalars(select(Subscription)).all()) == 1

    event = runner.invoke(args=["subscribe", "--email", "lead@trust.example", "--scope", "event:demo",
                                "--frequency", "monthly"])
    assert event.exit_code == 0 and "the event \u201cDemo event for trying out the survey\u201d, on the 1st of every month" in event.output


def test_preview_command_sends_now_without_using_up_the_period(app, runner, session, smtp):
    make_subscription(session, email="lead@trust.example")
    assert runner.invoke(args=["preview-summary", "--email", "nobody@trust.example"]).exit_code == 2
    result = runner.invoke(args=["preview-summary", "--email", "Lead@Trust.example"])  # any capitals
    assert result.exit_code == 0, result.output
    assert "1 sent" in result.output
    [preview] = smtp.messages
    assert preview["Subject"].startswith("Preview: Weekly summary")
    assert "This is a preview" in preview.get_body(preferencelist=("plain",)).get_content()


def test_preview_command_with_bad_mail_settings_queues_nothing_and_fails(app, runner, session):
    make_subscription(session, email="lead@trust.example")
    app.config.update(MAIL_SMTP_HOST="127.0.0.1", MAIL_SMTP_SECURITY="bogus")
    result = runner.invoke(args=["preview-summary", "--email", "lead@trust.example"])
    assert result.exit_code == 1 and "The mail settings are wrong" in result.output
    assert "Traceback" not in result.output
    assert session.scalars(select(OutboxMessage)).all() == []


def test_send_summaries_and_outbox_commands(app, runner, session, smtp):
    make_subscription(session, email="lead@trust.example", created_at=datetime(2020, 1, 1))
    sent = runner.invoke(args=["send-summaries"])
    assert sent.exit_code == 0 and "Queued 1 summary(ies); sent 1 email(s); 0 failed." in sent.output
    log = runner.invoke(args=["outbox"])
    assert log.exit_code == 0
    assert "sent" in log.output and "lead@trust.example" in log.output and "Weekly summary" in log.output


def test_every_attempt_at_a_message_carries_the_same_message_id(app, session):
    from feedback.mail.transports import build_mime
    make_subscription(session)
    run_pass(db.session, app.config, app.instance_path, now=MONDAY, transport=Refusing())
    message = session.scalars(select(OutboxMessage)).one()
    first, second = build_mime(message, mail_from="a@b.example"), build_mime(message, mail_from="a@b.example")
    assert first["Message-ID"] == second["Message-ID"] == f"<outbox-{message.id}.20260406060000@localhost>"


def test_the_scheduler_runs_one_pass_a_minute_never_two_at_once(app, monkeypatch):
    from apscheduler.schedulers.blocking import BlockingScheduler

    from feedback.mail import scheduler as mail_scheduler
    started = []
    monkeypatch.setattr(BlockingScheduler, "start", lambda self: started.extend(self.get_jobs()))
    mail_scheduler.run_scheduler(app)
    [job] = started
    assert job.trigger.interval.total_seconds() == 60
    assert (job.coalesce, job.max_instances, job.misfire_grace_time) == (True, 1, 300)

    passes = []
    monkeypatch.setattr(mail_scheduler, "run_pass", lambda *args, **kwargs: passes.append(args) or mail_scheduler.PassResult())
    job.func(*job.args)
    assert len(passes) == 1


def test_smtp_user_and_password_from_config_are_used_to_sign_in(app, session):
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    from tests.mail.conftest import SmtpServer
    server, seen = SmtpServer(), []

    def authenticator(_server, _session, _envelope, mechanism, auth_data):
        seen.append((mechanism, auth_data.login, auth_data.password) if isinstance(auth_data, LoginPassword) else None)
        return AuthResult(success=auth_data == LoginPassword(b"summaries", b"s3cret"))

    server.controller = Controller(server.handler, hostname="127.0.0.1", port=server.port,
                                   authenticator=authenticator, auth_require_tls=False)
    server.controller.start()
    try:
        app.config.update(MAIL_SMTP_HOST="127.0.0.1", MAIL_SMTP_PORT=server.port, MAIL_SMTP_USER="summaries",
                          MAIL_SMTP_PASSWORD="s3cret", MAIL_SMTP_TIMEOUT=5)
        make_subscription(session)
        assert run_pass(db.session, app.config, app.instance_path, now=MONDAY).sent == 1
        assert len(server.messages) == 1 and seen == [("PLAIN", b"summaries", b"s3cret")]
    finally:
        server.stop()
