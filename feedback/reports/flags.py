"""Handling safeguarding flags: who looked at an answer that suggested risk, and when."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Answer, Question, Response, SafeguardingFlag, SurveyVersion, User
from .audit_hook import audit

NOTE_LIMIT = 2000


def flag_in_survey(session: Session, *, flag_id: int, survey_id: int) -> SafeguardingFlag | None:
    """The flag, if it is on an answer to this survey (any version)."""
    return session.scalar(
        select(SafeguardingFlag)
        .join(Answer, Answer.id == SafeguardingFlag.answer_id)
        .join(Response, Response.id == Answer.response_id)
        .join(SurveyVersion, SurveyVersion.id == Response.survey_version_id)
        .where(SafeguardingFlag.id == flag_id, SurveyVersion.survey_id == survey_id)
    )


def mark_flag_handled(session: Session, *, flag: SafeguardingFlag, user: User, now: datetime, note: str = "") -> bool:
    """Record that `user` handled the flag. False if it was already handled (a second
    click changes nothing). The caller commits."""
    if flag.handled_at is not None:
        return False
    flag.handled_at, flag.handled_by_id, flag.handled_note = now, user.id, note.strip()[:NOTE_LIMIT]
    # The note may repeat what the person wrote, so it stays out of the audit log.
    audit(session, user=user, action="safeguarding.handled", target=f"safeguarding flag {flag.id}")
    return True


@dataclass(frozen=True)
class HandledFlag:
    text: str
    prompt: str
    reasons: str
    flagged_on: date
    handled_on: date
    handled_by: str
    note: str


def handled_flags(session: Session, survey_id: int, limit: int = 50) -> list[HandledFlag]:
    """The survey's handled flags, most recently handled first: who handled each, when and
    what they noted, so the handling can be looked back on."""
    rows = session.execute(
        select(Answer.text, Question.prompt, SafeguardingFlag.reasons, SafeguardingFlag.flagged_on,
               SafeguardingFlag.handled_at, SafeguardingFlag.handled_note, User.name, User.email)
        .join(Answer, Answer.id == SafeguardingFlag.answer_id)
        .join(Question, Question.id == Answer.question_id)
        .join(Response, Response.id == Answer.response_id)
        .join(SurveyVersion, SurveyVersion.id == Response.survey_version_id)
        .outerjoin(User, User.id == SafeguardingFlag.handled_by_id)
        .where(SurveyVersion.survey_id == survey_id, SafeguardingFlag.handled_at.is_not(None))
        .order_by(SafeguardingFlag.handled_at.desc(), SafeguardingFlag.id.desc())
        .limit(limit)
    ).all()
    return [HandledFlag(row.text or "", row.prompt, row.reasons, row.flagged_on, row.handled_at.date(),
                        row.name or row.email or "an account since removed", row.handled_note or "")
            for row in rows]
