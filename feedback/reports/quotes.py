"""Free-text answers as quotes (already redacted at storage), and safeguarding flags.

Callers decide whether a group is big enough for its free text to be shown
(suppression.Rules.group_is_reportable); these functions only fetch.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from ..analysis.risk_categories import UNKNOWN_LABEL, categories_label
from ..models import (
    Answer,
    AnswerAnalysis,
    AnswerTheme,
    Direction,
    Question,
    Response,
    SafeguardingFlag,
    Sentiment,
    TagSource,
    Theme,
)
from .filters import ResultsFilter, free_text_question_ids, question_ids, response_conditions
from .results import role_counts
from .suppression import Cell, Rules, protect_count


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
    categories: str = UNKNOWN_LABEL  # in words


# How many of a theme's newest tags to look through for quotes before looking at all.
_QUOTE_WINDOWS = (200, 5000, None)
# A flagged answer may tell of risk to someone: it goes to organisers as a flag, never
# into quote lists that viewers read and that get copied into reports. An answer
# unflagged as a false alarm is an ordinary answer again.
_NOT_FLAGGED = ~exists().where(SafeguardingFlag.answer_id == Answer.id, SafeguardingFlag.unflagged_at.is_(None))


def theme_quotes(
    session: Session, filters: ResultsFilter, themes: Iterable[tuple[int, Direction]], *, per_theme: int = 3,
) -> dict[tuple[int, Direction], list[Quote]]:
    """The newest few quotes for each (theme, direction).

    Per theme, only its newest tags are looked through first (a LIMIT subquery, which
    both SQLite and PostgreSQL run before the joins), widening only when the filters are
    so narrow that too few of them match. Ranking every tagged answer of a big survey
    instead took seconds.
    """
    free_text = free_text_question_ids(session, filters.survey_id)
    quotes: dict[tuple[int, Direction], list[Quote]] = {}
    for theme_id, direction in themes:
        for window in _QUOTE_WINDOWS:
            newest = select(AnswerTheme.answer_id).where(AnswerTheme.theme_id == theme_id,
                                                         AnswerTheme.removed.is_(False))
            if window is not None:
                newest = newest.order_by(AnswerTheme.id.desc()).limit(window)
            rows = session.execute(
                select(Answer.id, Answer.text, Question.prompt)
                .join(AnswerAnalysis, AnswerAnalysis.answer_id == Answer.id)
                .join(Question, Answer.question_id == Question.id)
                .join(Response, Answer.response_id == Response.id)
                .where(Answer.id.in_(newest), AnswerAnalysis.direction == direction, Answer.text.is_not(None),
                       Answer.question_id.in_(free_text), _NOT_FLAGGED, *response_conditions(filters))
                .order_by(Answer.id.desc()).limit(per_theme)
            ).all()
            if len(rows) == per_theme:
                break
        quotes[(theme_id, direction)] = [Quote(row.id, row.text, row.prompt) for row in rows]
    return quotes


def quote_page(
    session: Session, filters: ResultsFilter, *, theme_id: int | None = None,
    direction: Direction | None = None, page: int = 1, per_page: int = 50,
) -> QuotePage:
    """Free-text answers, newest first, optionally only those tagged with one theme."""
    query = (
        select(Answer.id, Answer.text, Question.prompt, AnswerAnalysis.sentiment,
               AnswerAnalysis.sentiment_by_human, AnswerAnalysis.direction)
        .join(Question, Answer.question_id == Question.id)
        .outerjoin(AnswerAnalysis, AnswerAnalysis.answer_id == Answer.id)
        .where(Answer.text.is_not(None), Answer.question_id.in_(free_text_question_ids(session, filters.survey_id)),
               _NOT_FLAGGED)
    )
    if filters.is_narrowed:  # the question ids alone pick out the survey's answers
        query = query.join(Response, Answer.response_id == Response.id).where(*response_conditions(filters))
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


def shown_quote_page(
    session: Session, filters: ResultsFilter, rules: Rules, *, refused: bool, theme_id: int | None = None,
    direction: Direction | None = None, page: int = 1, per_page: int = 50,
) -> tuple[QuotePage | None, Cell | None]:
    """The quotes page as a viewer may see it, and its protected total: none when the
    responses under these filters are too few to report or the view is refused for
    differencing, and none when the total itself is hidden, since a hidden count ("fewer
    than 5") must not be given away by the cards (the results page shows no quotes under
    a hidden count either)."""
    if refused or not rules.group_is_reportable(sum(role_counts(session, filters).values())):
        return None, None
    quotes = quote_page(session, filters, theme_id=theme_id, direction=direction, page=page, per_page=per_page)
    total = protect_count(quotes.total, rules)
    return (quotes if total.shown else None), total


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
    Unhandled flags are few, so they are fetched first and matched to the survey here;
    asked in one query, the database would walk every answer of the survey instead.
    """
    survey_questions = set(session.scalars(question_ids(survey_id)))
    rows = session.execute(
        select(SafeguardingFlag.id, Answer.id.label("answer_id"), Answer.question_id, Answer.text,
               SafeguardingFlag.reasons, SafeguardingFlag.flagged_on, SafeguardingFlag.categories)
        .join(Answer, SafeguardingFlag.answer_id == Answer.id)
        .where(SafeguardingFlag.waiting())
        .order_by(SafeguardingFlag.flagged_on, SafeguardingFlag.id)
    ).all()
    rows = [row for row in rows if row.question_id in survey_questions]
    prompts = dict(session.execute(select(Question.id, Question.prompt).where(
        Question.id.in_({row.question_id for row in rows}))).all()) if rows else {}
    return [FlagView(row.id, row.answer_id, row.text or "", prompts[row.question_id], row.reasons, row.flagged_on,
                     categories_label(row.categories.split(",")))
            for row in rows]
