"""Keep a survey form that had a problem for a moment, so the page can show it again after
a redirect (see feedback/models/drafts.py). No Flask: the caller names the token it holds.

A draft lives DRAFT_MINUTES at most and goes as soon as the answers are sent, the person
starts the survey afresh, or a newer draft replaces it; every write, and every pass of the
scheduler, clears out drafts past their time, so typed text is never kept long.
"""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ..models import FormDraft

DRAFT_MINUTES = 60
# At most this many drafts are kept at once (each at most a survey's body limit), whoever
# sends them: past it, pages come back as the answer to their POST, as for a browser that
# blocks cookies, so a script posting forms with problems cannot fill the disk.
MAX_KEPT_DRAFTS = 2000
NOT_KEPT = frozenset({"csrf_token"})  # a fresh token is put in the page that shows it again


def keep_draft(session: Session, *, survey_id: int, event_id: int | None, fields: list[tuple[str, str]],
               errors: dict[str, list[str]], notice: str | None, unsent: list[tuple[str, str]] | None,
               now: datetime, replacing: str | None = None) -> str | None:
    """Store the sent form and its problems; returns the draft's token, or None when
    MAX_KEPT_DRAFTS are kept already."""
    drop_expired(session, now)
    if replacing:
        drop_draft(session, replacing)
    if session.scalar(select(func.count()).select_from(FormDraft)) >= MAX_KEPT_DRAFTS:
        return None
    draft = FormDraft(token=secrets.token_hex(16), survey_id=survey_id, event_id=event_id,
                      fields=[[name, value] for name, value in fields if name not in NOT_KEPT],
                      errors=errors, notice=notice or "", unsent=[list(pair) for pair in unsent or []],
                      created_at=now)
    session.add(draft)
    return draft.token


def find_draft(session: Session, token: str | None, *, survey_id: int, event_id: int | None,
               now: datetime) -> FormDraft | None:
    """The draft of this survey (at this event) under `token`, if it is still kept."""
    if not token:
        return None
    draft = session.get(FormDraft, token)
    if draft is None or draft.survey_id != survey_id or draft.event_id != event_id:
        return None
    if draft.created_at < now - timedelta(minutes=DRAFT_MINUTES):
        return None
    return draft


def drop_draft(session: Session, token: str | None) -> None:
    if token:
        session.execute(delete(FormDraft).where(FormDraft.token == token))


def drop_expired(session: Session, now: datetime) -> None:
    """Also run by the scheduler's every pass, so typed text goes on time on a quiet survey."""
    session.execute(delete(FormDraft).where(FormDraft.created_at < now - timedelta(minutes=DRAFT_MINUTES)))


def field_pairs(form_data: Any) -> list[tuple[str, str]]:
    """(name, value) for every value sent, repeated fields included (a MultiDict or a dict)."""
    if hasattr(form_data, "items") and callable(getattr(form_data, "getlist", None)):
        return [(name, value) for name, value in form_data.items(multi=True)]
    return list(dict(form_data).items())
