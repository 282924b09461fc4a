"""Free-text answers as quotes (already redacted at storage), and safeguarding flags.

Callers decide whether a group is big enough for its free text to be shown
(suppression.Rules.group_is_reportable); these functions only fetch.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import (
    Answer, AnswerAnalysis, AnswerTheme, Direction, Question, Response, SafeguardingFlag, Sentiment,
    TagSource, Theme,
)
from .filters import ResultsFilter, question_ids, response_conditions


@dataclass(frozen=True)
class Quote:
    answer_id: int
    text: str
    prompt: str


@dataclass(frozen=True)
class Tag:
    theme_id: int
    name: str
    source: TagSource


@dataclass(frozen=True)
class QuoteDetail:
    answer_id: int
    text: str
    prompt: str
    sentiment: Sentiment | None
    sentiment_by_human: bool
    direction: Direction | None
    tags: list[Tag]


@dataclass(frozen=True)
class QuotePage:
    quotes: list[QuoteDetail]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


@dataclass(frozen=True)
class FlagView:
    id: int
    answer_id: int
    text: str
    prompt: str
    reasons: str
    flagged_on: date


def theme_quotes(session: Session, filters: ResultsFilter, *, per_theme: int = 3) -> dict[tuple[int, Direction], list[Quote]]:
    """The newest few quotes for each theme and direction, in one query (a window function)."""
    ranked = (
        select(AnswerTheme.theme_id, AnswerAnalysis.direction, Answer.id.label("answer_id"), Answer.text,
               Question.prompt,
               func.row_number().over(partition_by=(AnswerTheme.theme_id, AnswerAnalysis.direction),
                                      order_by=Answer.id.desc()).label("rank"))
        .join(Answer, AnswerTheme.answer_id == Answer.id)
        .join(AnswerAnalysis, AnswerAnalysis.answer_id == Answer.id)
        .join(Question, Answer.question_id == Question.id)
        .join(Response, Answer.response_id == Response.id)
        .where(AnswerTheme.removed.is_(False), Answer.text.is_not(None),
               Answer.question_id.in_(question_ids(filters.survey_id)), *response_conditions(filters))
        .subquery()
    )
    quotes: dict[tuple[int, Direction], list[Quote]] = defaultdict(list)
    rows = session.execute(select(ranked).where(ranked.c.rank <= per_theme)
                           .order_by(ranked.c.theme_id, ranked.c.rank))
    for row in rows:
        quotes[(row.theme_id, row.direction)].append(Quote(row.answer_id, row.text, row.prompt))
    return dict(quotes)


def quote_page(
    session: Session, filters: ResultsFilter, *, theme_id: int | None = None,
    direction: Direction | None = None, page: int = 1, per_page: int = 50,
) -> QuotePage:
    """Free-text answers, newest first, optionally only those tagged with one theme."""
    query = (
        select(Answer.id, Answer.text, Question.prompt, AnswerAnalysis.sentiment,
               AnswerAnalysis.sentiment_by_human, AnswerAnalysis.direction)
        .join(Question, Answer.question_id == Question.id)
        .join(Response, Answer.response_id == Response.id)
        .outerjoin(AnswerAnalysis, AnswerAnalysis.answer_id == Answer.id)
        .where(Answer.text.is_not(None), Answer.question_id.in_(question_ids(filters.survey_id)),
               *response_conditions(filters))
    )
    if theme_id is not None:
        query = query.where(Answer.id.in_(select(AnswerTheme.answer_id).where(
            AnswerTheme.theme_id == theme_id, AnswerTheme.removed.is_(False))))
    if direction is not None:
        query = query.where(AnswerAnalysis.direction == direction)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.execute(query.order_by(Answer.id.desc()).offset((page - 1) * per_page).limit(per_page)).all()
    tags = tags_for(session, [row.id for row in rows])
    quotes = [QuoteDetail(row.id, row.text, row.prompt, row.sentiment, bool(row.sentiment_by_human),
                          row.direction, tags.get(row.id, [])) for row in rows]
    return QuotePage(quotes, total, page, per_page)


def tags_for(session: Session, answer_ids: list[int]) -> dict[int, list[Tag]]:
    """The themes currently on each answer (removed ones left out)."""
    if not answer_ids:
        return {}
    rows = session.execute(
        select(AnswerTheme.answer_id, Theme.id, Theme.name, AnswerTheme.source)
        .join(Theme, AnswerTheme.theme_id == Theme.id)
        .where(AnswerTheme.answer_id.in_(answer_ids), AnswerTheme.removed.is_(False))
        .order_by(Theme.name)
    )
    tags: dict[int, list[Tag]] = defaultdict(list)
    for answer_id, theme_id, name, source in rows:
        tags[answer_id].append(Tag(theme_id, name, source))
    return dict(tags)


def open_flags(session: Session, survey_id: int) -> list[FlagView]:
    """Safeguarding flags on this survey's answers that nobody has handled yet, oldest first.

    Not narrowed by the results filters: a flag must be seen whatever view is chosen.
    """
    rows = session.execute(
        select(SafeguardingFlag.id, Answer.id.label("answer_id"), Answer.text, Question.prompt,
               SafeguardingFlag.reasons, SafeguardingFlag.flagged_on)
        .join(Answer, SafeguardingFlag.answer_id == Answer.id)
        .join(Question, Answer.question_id == Question.id)
        .where(SafeguardingFlag.handled_at.is_(None), Answer.question_id.in_(question_ids(survey_id)))
        .order_by(SafeguardingFlag.flagged_on, SafeguardingFlag.id)
    )
    return [FlagView(row.id, row.answer_id, row.text or "", row.prompt, row.reasons, row.flagged_on) for row in rows]
