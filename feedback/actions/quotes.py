"""Which answers an action may quote. The same rules as quotes on the results page: a
free-text answer (stored redacted), not flagged for safeguarding, from a group of at least
SMALL_GROUP_MINIMUM responses (its event's responses to that survey, or the survey's own
when it came with no event). Checked again every time a quote is shown, because a flag
can be raised after the organiser chose it."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from ..models import Action, Answer, AnswerTheme, Question, QuestionType, Response, SafeguardingFlag, SurveyVersion
from ..reports.suppression import Rules

_NOT_FLAGGED = ~exists().where(SafeguardingFlag.answer_id == Answer.id, SafeguardingFlag.unflagged_at.is_(None))
CANDIDATE_LIMIT = 30


def _group_size(session: Session, survey_id: int, event_id: int | None) -> int:
    query = (select(func.count()).select_from(Response)
             .join(SurveyVersion, SurveyVersion.id == Response.survey_version_id)
             .where(SurveyVersion.survey_id == survey_id))
    query = query.where(Response.event_id == event_id) if event_id is not None else query.where(
        Response.event_id.is_(None))
    return session.scalar(query) or 0


def quotable(session: Session, answer_ids: Iterable[int], rules: Rules) -> dict[int, str]:
    """Of these answers, those that may be quoted now, with their (redacted) text."""
    wanted = set(answer_ids)
    if not wanted:
        return {}
    rows = session.execute(
        select(Answer.id, Answer.text, SurveyVersion.survey_id, Response.event_id)
        .join(Question, Question.id == Answer.question_id)
        .join(Response, Response.id == Answer.response_id)
        .join(SurveyVersion, SurveyVersion.id == Response.survey_version_id)
        .where(Answer.id.in_(wanted), Answer.text.is_not(None), Question.type == QuestionType.FREE_TEXT,
               _NOT_FLAGGED)).all()
    sizes: dict[tuple[int, int | None], int] = {}
    allowed = {}
    for answer_id, text, survey_id, event_id in rows:
        key = (survey_id, event_id)
        if key not in sizes:
            sizes[key] = _group_size(session, survey_id, event_id)
        if rules.group_is_reportable(sizes[key]) and text.strip():
            allowed[answer_id] = text
    return allowed


def quote_text(session: Session, answer_id: int | None, rules: Rules) -> str | None:
    """The answer's (redacted) text if it may be quoted now, else None."""
    return quotable(session, [answer_id], rules).get(answer_id) if answer_id else None


def candidate_quotes(session: Session, action: Action, rules: Rules) -> dict[int, str]:
    """Answers the organiser may choose from: tagged with one of the action's themes, and in
    one of its surveys or events if it names any; the newest first."""
    theme_ids = [theme.id for theme in action.themes]
    if not theme_ids:
        return {}
    query = (select(Answer.id).join(Response, Response.id == Answer.response_id)
             .where(Answer.id.in_(select(AnswerTheme.answer_id).where(
                 AnswerTheme.theme_id.in_(theme_ids), AnswerTheme.removed.is_(False))), Answer.text.is_not(None)))
    event_ids = [event.id for event in action.events]
    survey_ids = [survey.id for survey in action.surveys]
    if event_ids or survey_ids:
        in_survey = Response.survey_version_id.in_(select(SurveyVersion.id).where(SurveyVersion.survey_id.in_(survey_ids)))
        query = query.where(Response.event_id.in_(event_ids) | in_survey)
    ids = list(session.scalars(query.order_by(Answer.id.desc()).limit(CANDIDATE_LIMIT * 4)))
    allowed = quotable(session, ids, rules)
    return {answer_id: allowed[answer_id] for answer_id in ids if answer_id in allowed}
