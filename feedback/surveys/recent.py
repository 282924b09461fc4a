"""Remember, in this browser's own session cookie, which surveys it sent answers to today,
and which thank-you page it has yet to see.

Pressing Back after the thank-you page makes the browser fetch the form again, which
gives it a new submission key while the browser puts the typed answers back; sending it
would store the same answers twice. So for the rest of the day after sending, the
survey's address says the answers were sent, with a way to answer again (for someone
else, say). The cookie holds the day only, never the time: a cookie read off a shared
phone must not say when someone answered, so it cannot be matched to who was there then.

The thank-you page for a response shows in full (the survey's "what happens next", and
the help first if the answer raised a flag) once, to the browser that sent it. Anyone
else with its address, or the same browser later, sees only "thank you" and the help
numbers: the address alone must not tell a partner or a carer on the same phone that
this person's answer raised a safeguarding flag.
"""
from __future__ import annotations

from datetime import date

from flask import session

SESSION_KEY = "sent"
THANKS_KEY = "thanks"


def _key(survey_id: int, event_id: int | None) -> str:
    # Per event too: the same survey at another event (or on its own link) is new answers.
    return f"{survey_id}" if event_id is None else f"{survey_id}@{event_id}"


def mark_sent(survey_id: int, event_id: int | None, today: date) -> None:
    """Record that this browser sent answers to the survey (at this event) today."""
    day = today.isoformat()
    marks = {key: when for key, when in _marks().items() if when == day}
    marks[_key(survey_id, event_id)] = day
    session[SESSION_KEY] = marks


def sent_recently(survey_id: int, event_id: int | None, today: date) -> bool:
    return _marks().get(_key(survey_id, event_id)) == today.isoformat()


def forget_sent(survey_id: int, event_id: int | None) -> None:
    marks = _marks()
    if marks.pop(_key(survey_id, event_id), None) is not None:
        session[SESSION_KEY] = marks


def _marks() -> dict[str, str]:
    marks = session.get(SESSION_KEY)
    if not isinstance(marks, dict):
        return {}
    return {key: when for key, when in marks.items() if isinstance(key, str) and isinstance(when, str)}


def expect_thanks(public_id: str) -> None:
    """The next look at this response's thank-you page, from this browser, is the full one."""
    session[THANKS_KEY] = public_id


def full_thanks(public_id: str, *, keep: bool = False) -> bool:
    """Whether this browser may see this response's full thank-you page now. Used up by
    looking, unless `keep` (a language switch on the page, which is the same look again)."""
    if session.get(THANKS_KEY) != public_id:
        return False
    if not keep:
        session.pop(THANKS_KEY)
    return True
