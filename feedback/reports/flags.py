"""Handling safeguarding flags: who looked at an answer that suggested risk, and when; and
organisers flagging an answer by hand or unflagging a false alarm, with their reasons kept."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from ..analysis.risk_categories import categories_label
from ..audit import record
from ..models import Answer, FlagChange, FlagState, Question, Response, SafeguardingFlag, SurveyVersion, User
from .suppression import Rules

NOTE_LIMIT = 2000
HAND_REASON_PREFIX = "Flagged by hand: "


def shown_flag_count(count: int, rules: Rules, *, sees_flags: bool) -> int | None:
    """How many waiting flags a person may be told of, or None for no number. Organisers
    always see the count (each flag needs them). A viewer sees it only from the
    small-group minimum up: a few flags among a few answers point at who wrote them."""
    return count if sees_flags or rules.group_is_reportable(count) else None


class FlagError(ValueError):
    """A flag change that cannot be made, with a message that says why."""


@dataclass(frozen=True)
class AnswerToFlag:
    answer_id: int
    survey_id: int
    text: str
    prompt: str
    flag: SafeguardingFlag | None


def answer_to_flag(session: Session, answer_id: int) -> AnswerToFlag | None:
    """A written answer an organiser may flag by hand (None if there is no such answer)."""
    row = session.execute(
        select(Answer.id, Answer.text, Question.prompt, SurveyVersion.survey_id)
        .join(Question, Question.id == Answer.question_id)
        .join(Response, Response.id == Answer.response_id)
        .join(SurveyVersion, SurveyVersion.id == Response.survey_version_id)
        .where(Answer.id == answer_id, Answer.text.is_not(None))
    ).one_or_none()
    if row is None:
        return None
    flag = session.scalar(select(SafeguardingFlag).where(SafeguardingFlag.answer_id == answer_id))
    return AnswerToFlag(row.id, row.survey_id, row.text or "", row.prompt, flag)


def flag_by_hand(session: Session, *, answer_id: int, category: str, reason: str, user: User, now: datetime,
                 today: date) -> SafeguardingFlag:
    """Flag an answer the detector missed, or flag again one that was unflagged. The reason
    is kept with the flag's history, never in the audit log. The caller commits."""
    reason = reason.strip()[:NOTE_LIMIT]
    flag = session.scalar(select(SafeguardingFlag).where(SafeguardingFlag.answer_id == answer_id))
    if flag is None:
        flag = SafeguardingFlag(answer_id=answer_id, flagged_on=today)
        session.add(flag)
    elif flag.state is not FlagState.UNFLAGGED:
        raise FlagError("This answer is already flagged. It is on the safeguarding list.")
    flag.reasons, flag.categories, flag.raised_by_id = HAND_REASON_PREFIX + reason, category, user.id
    flag.flagged_on = today
    flag.unflagged_at = flag.unflagged_by_id = flag.handled_at = flag.handled_by_id = None
    flag.unflagged_reason = flag.handled_note = ""
    session.flush()
    session.add(FlagChange(flag_id=flag.id, at=now, user_id=user.id, change="flagged", reason=reason,
                           categories=category))
    record(session, user=user, action="safeguarding.flag", target=f"safeguarding flag {flag.id}",
          detail=f"category {category}")
    return flag


def unflag(session: Session, *, flag: SafeguardingFlag, reason: str, user: User, now: datetime) -> bool:
    """Mark a flag a false alarm. False if it already was. The row stays (so re-analysis
    never raises it again) and the answer returns to the quotes. The caller commits."""
    if flag.state is FlagState.UNFLAGGED:
        return False
    reason = reason.strip()[:NOTE_LIMIT]
    flag.unflagged_at, flag.unflagged_by_id, flag.unflagged_reason = now, user.id, reason
    session.add(FlagChange(flag_id=flag.id, at=now, user_id=user.id, change="unflagged", reason=reason,
                           categories=flag.categories))
    record(session, user=user, action="safeguarding.unflag", target=f"safeguarding flag {flag.id}")
    return True


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
    if flag.state is not FlagState.OPEN:
        return False
    flag.handled_at, flag.handled_by_id, flag.handled_note = now, user.id, note.strip()[:NOTE_LIMIT]
    # The note may repeat what the person wrote, so it stays out of the audit log.
    record(session, user=user, action="safeguarding.handled", target=f"safeguarding flag {flag.id}")
    return True


@dataclass(frozen=True)
class ClosedFlag:
    """A flag somebody handled, or unflagged as a false alarm."""
    id: int
    text: str
    prompt: str
    reasons: str
    categories: str  # in words
    state: FlagState
    flagged_on: date
    closed_on: date
    closed_by: str
    note: str


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    who: str
    change: str
    categories: str  # in words
    reason: str


def closed_flags(session: Session, survey_id: int, limit: int = 50) -> list[ClosedFlag]:
    """The survey's handled and unflagged flags, most recently closed first: who closed
    each, when and why, so the handling can be looked back on."""
    closed_at = func.coalesce(SafeguardingFlag.unflagged_at, SafeguardingFlag.handled_at)
    closer = aliased(User)
    rows = session.execute(
        select(SafeguardingFlag, Answer.text, Question.prompt, closed_at.label("closed_at"), closer.name, closer.email)
        .join(Answer, Answer.id == SafeguardingFlag.answer_id)
        .join(Question, Question.id == Answer.question_id)
        .join(Response, Response.id == Answer.response_id)
        .join(SurveyVersion, SurveyVersion.id == Response.survey_version_id)
        .outerjoin(closer, closer.id == func.coalesce(SafeguardingFlag.unflagged_by_id, SafeguardingFlag.handled_by_id))
        .where(SurveyVersion.survey_id == survey_id, closed_at.is_not(None))
        .order_by(closed_at.desc(), SafeguardingFlag.id.desc())
        .limit(limit)
    ).all()
    closed = []
    for flag, text, prompt, when, name, email in rows:
        unflagged = flag.state is FlagState.UNFLAGGED
        closed.append(ClosedFlag(
            flag.id, text or "", prompt, flag.reasons, categories_label(flag.category_keys), flag.state,
            flag.flagged_on, when.date(), name or email or "an account since removed",
            (flag.unflagged_reason if unflagged else flag.handled_note) or ""))
    return closed


def flag_history(session: Session, flag_ids: list[int]) -> dict[int, list[HistoryLine]]:
    """What people did to each flag by hand (raised, unflagged), oldest first."""
    if not flag_ids:
        return {}
    rows = session.execute(
        select(FlagChange, User.name, User.email).outerjoin(User, User.id == FlagChange.user_id)
        .where(FlagChange.flag_id.in_(flag_ids)).order_by(FlagChange.at, FlagChange.id)
    ).all()
    history: dict[int, list[HistoryLine]] = {}
    for change, name, email in rows:
        history.setdefault(change.flag_id, []).append(HistoryLine(
            change.at, name or email or "an account since removed",
            "Flagged by hand" if change.change == "flagged" else "Unflagged as a false alarm",
            categories_label(change.categories.split(",")), change.reason))
    return history
