"""Email summaries list the 'you said, we did' actions recorded and done in their period,
for their scope, delivered to a real SMTP server on loopback."""
from __future__ import annotations

from datetime import date, datetime

from feedback.extensions import db
from feedback.mail.scheduler import run_pass
from feedback.models import Action, ActionStatus, ScopeKind
from tests.factories import make_event
from tests.mail.conftest import make_subscription
from tests.mail.helpers import MONDAY, parts, words


def _action(session, said: str, *, created: datetime, status=ActionStatus.PLANNED, done_on=None, **links) -> Action:
    action = Action(said=said, done=f"What we did about: {said}", status=status, done_on=done_on,
                    responsible="Private lead", created_at=created, **links)
    session.add(action)
    session.commit()
    return action


def test_a_weekly_summary_lists_new_and_completed_actions_of_its_week(app, session, builtin, smtp):
    # The week is Monday 30 March to Sunday 5 April 2026 (BST from 29 March).
    new = _action(session, "The room was hard to find.", created=datetime(2026, 4, 1, 9, 0))
    finished = _action(session, "Bus fares were not paid.", created=datetime(2026, 3, 2, 9, 0),
                       status=ActionStatus.DONE, done_on=date(2026, 4, 3))
    _action(session, "Recorded the week before.", created=datetime(2026, 3, 29, 22, 59))  # 23:59 BST on Sunday
    _action(session, "Done the week before.", created=datetime(2026, 3, 2), status=ActionStatus.DONE,
            done_on=date(2026, 3, 29))
    both = _action(session, "Recorded and done this week.", created=datetime(2026, 3, 29, 23, 0),  # 00:00 BST Monday
                   status=ActionStatus.DONE, done_on=date(2026, 4, 5))
    make_subscription(session, email="lead@trust.example")

    result = run_pass(db.session, app.config, app.instance_path, now=MONDAY)

    assert result.sent == 1
    [message] = smtp.messages
    text, html = parts(message)
    for body in (text, words(html)):
        assert "You said, we did" in body
        done_part, new_part = body.split("Done in this period")[1].split("New actions")
        assert "Bus fares were not paid." in done_part and "Recorded and done this week." in done_part
        assert "The room was hard to find." in new_part and "Recorded and done this week." not in new_part
        assert "week before" not in body
    assert f"https://feedback.example/organise/actions/{new.id}" in text
    assert f'href="https://feedback.example/organise/actions/{finished.id}"' in html
    assert f"https://feedback.example/organise/actions/{both.id}" in text


def test_an_event_summary_lists_only_that_events_actions(app, session, builtin, smtp):
    event = make_event(session, surveys=[builtin["after-an-event"]])
    other = make_event(session, name="Staff huddle", code="H2TQ7W")
    _action(session, "About this event.", created=datetime(2026, 4, 1), events=[event])
    _action(session, "About its project.", created=datetime(2026, 4, 1), project=event.project)
    _action(session, "About another event.", created=datetime(2026, 4, 1), events=[other])
    make_subscription(session, email="lead@trust.example", scope_kind=ScopeKind.EVENT, scope_id=event.id)
    run_pass(db.session, app.config, app.instance_path, now=MONDAY)
    [message] = smtp.messages
    text, _html = parts(message)
    assert "About this event." in text and "About its project." in text
    assert "About another event." not in text


def test_a_week_without_actions_says_nothing_about_them(app, session, builtin, smtp):
    make_subscription(session, email="lead@trust.example")
    run_pass(db.session, app.config, app.instance_path, now=MONDAY)
    [message] = smtp.messages
    text, html = parts(message)
    assert "You said, we did" not in text and "You said, we did" not in html
