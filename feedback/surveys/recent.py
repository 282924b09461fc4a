"""Remember, in this browser's own session cookie, which surveys it sent answers to a
moment ago.

Pressing Back after the thank-you page makes the browser fetch the form again, which
gives it a new submission key while the browser puts the typed answers back; sending it
would store the same answers twice. So for a while after sending, the survey's address
says the answers were sent, with a way to answer again (for someone else, say).
"""
from __future__ import annotations

from flask import session

SESSION_KEY = "sent"
REMEMBER_FOR = 2 * 60 * 60  # seconds


def _key(survey_id: int, event_id: int | None) -> str:
    # Per event too: the same survey at another event (or on its own link) is new answers.
    return f"{survey_id}" if event_id is None else f"{survey_id}@{event_id}"


def mark_sent(survey_id: int, event_id: int | None, now: float) -> None:
    """Record that this browser sent answers to the survey (at this event) now (to the minute)."""
    marks = {key: when for key, when in _marks().items() if now - when < REMEMBER_FOR}
    marks[_key(survey_id, event_id)] = int(now // 60 * 60)
    session[SESSION_KEY] = marks


def sent_recently(survey_id: int, event_id: int | None, now: float) -> bool:
    when = _marks().get(_key(survey_id, event_id))
    return when is not None and now - when < REMEMBER_FOR


def forget_sent(survey_id: int, event_id: int | None) -> None:
    marks = _marks()
    if marks.pop(_key(survey_id, event_id), None) is not None:
        session[SESSION_KEY] = marks


def _marks() -> dict[str, int]:
    marks = session.get(SESSION_KEY)
    if not isinstance(marks, dict):
        return {}
    return {key: when for key, when in marks.items() if isinstance(key, str) and isinstance(when, int)}
