"""The numbers in an email summary, aggregated in SQL, with small-number protection.

This is the summary's own aggregation (the results pages have theirs in feedback/reports);
it applies the same rule from config: a group of fewer than SMALL_GROUP_MINIMUM responses
gets no breakdown by role and no quotes, a percentage needs at least that many answers
behind it, and a count from 1 to SMALL_COUNT_MAXIMUM is shown as "fewer than 5" (with a
second cell hidden in a role breakdown when one hidden cell could be worked out from the total).
Open safeguarding flags are the exception: organisers must act on them, so their count is
exact; their text never appears in an email.

Every query groups in the database, so composing a summary reads a handful of rows however
many responses there are (see bench/bench_summary.py).
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import Date, and_, bindparam, case, exists, func, or_, select
from sqlalchemy.orm import Session

from ..models import (
    Answer, AnswerAnalysis, AnswerTheme, Choice, Direction, Event, Question, QuestionType, RespondentRole,
    Response, SafeguardingFlag, Sentiment, Survey, SurveyVersion, Theme,
)
from .periods import Period
from .summary_model import ROLE_LABELS, Measure, Rules, Scope, Shown, SummaryData, ThemeLine

AGREE_SCORE = 4  # "Agree" and "Strongly agree" on the five-point agreement scale
TOP_THEMES = 3
QUOTES_PER_THEME = 2
QUOTE_MAX_CHARS = 240


def summarise(session: Session, scope: Scope, period: Period, previous: Period, rules: Rules) -> SummaryData:
    """Everything one summary shows for `scope` over `period`, compared with `previous`."""
    here = _filters(scope) + _dates(period)
    before = _filters(scope) + _dates(previous)
    responses = session.scalar(select(func.count(Response.id)).where(*here)) or 0
    previous_responses = session.scalar(select(func.count(Response.id)).where(*before)) or 0
    breakdowns = responses >= rules.group_minimum
    rows = _analysed(session, here)
    themes = _themes(session, here, rows, rules, breakdowns)
    return SummaryData(
        scope_label=scope_label(session, scope), period=period, previous=previous,
        responses=responses, previous_responses=previous_responses, breakdowns_shown=breakdowns,
        measures=_measures(session, here, before, rules),
        barriers=themes[Direction.BARRIER], enablers=themes[Direction.ENABLER],
        sentiment=_sentiment(rows, rules),
        open_flags=_open_flags(session, scope),
    )


def scope_label(session: Session, scope: Scope) -> str:
    if scope.kind == "survey":
        survey = session.get(Survey, scope.id)
        return survey.title if survey else scope.name
    if scope.kind == "event":
        event = session.get(Event, scope.id)
        return event.name if event else scope.name
    if scope.kind == "qi_project":
        return f"QI project: {scope.name}"
    return "All surveys and events"


def _filters(scope: Scope) -> list[Any]:
    if scope.kind == "survey":
        versions = select(SurveyVersion.id).where(SurveyVersion.survey_id == scope.id)
        return [Response.survey_version_id.in_(versions)]
    if scope.kind == "event":
        return [Response.event_id == scope.id]
    if scope.kind == "qi_project":
        return [Response.event_id.in_(select(Event.id).where(Event.qi_project == scope.name))]
    # Everything, except the demo event people try the survey out on.
    demo = select(Event.id).where(Event.is_demo.is_(True))
    return [or_(Response.event_id.is_(None), Response.event_id.not_in(demo))]


def _dates(period: Period) -> list[Any]:
    # The dates are written into the SQL (they are dates we made, never user input), so
    # SQLite's planner sees how narrow the range is and starts from the response index
    # instead of walking every answer: 5-10 times faster on a million responses.
    start = bindparam(None, period.start, type_=Date, literal_execute=True)
    end = bindparam(None, period.end, type_=Date, literal_execute=True)
    return [Response.submitted_on >= start, Response.submitted_on < end]


def _shown(value: int, rules: Rules) -> Shown:
    return Shown(value, 0 < value <= rules.count_maximum, rules.count_maximum + 1)


def _breakdown(counts: list[tuple[RespondentRole, int]], rules: Rules) -> list[tuple[str, Shown]]:
    """Counts by role, largest first. The theme's total is shown, so one hidden cell could be
    worked out by subtraction: then the smallest other cell is hidden too (as the results pages do)."""
    cells = [(role, _shown(count, rules)) for role, count in sorted(counts, key=lambda item: -item[1])]
    if sum(cell.hidden for _, cell in cells) == 1:
        others = [index for index, (_, cell) in enumerate(cells) if not cell.hidden and cell.value > 0]
        if others:
            index = others[-1]  # sorted largest first, so the last is the smallest
            role, cell = cells[index]
            cells[index] = (role, Shown(cell.value, True, cell.below))
    return [(ROLE_LABELS[role], cell) for role, cell in cells]


def _agreement(session: Session, where: list[Any]) -> dict[str, tuple[int, int, int]]:
    """key -> (answers, agreed, id of the newest question with that key that was answered).

    Chosen answers are counted by question and choice from the (response, question,
    choice) index alone, without joining questions or choices (a few hundred rows, read
    apart) and without asking for agreement questions in SQL, which made SQLite look each
    one up for every response.
    """
    # The period's responses as a subquery rather than a join: joined, SQLite chose to scan
    # every answer in the (question, choice, response) index instead (three times slower).
    query = (
        select(Answer.question_id, Answer.choice_id, func.count())
        .where(Answer.choice_id.is_not(None), Answer.response_id.in_(select(Response.id).where(*where)))
        .group_by(Answer.question_id, Answer.choice_id)
    )
    counts = session.execute(query).all()
    key_of = dict(session.execute(select(Question.id, Question.key).where(
        Question.id.in_({question_id for question_id, _, _ in counts}),
        Question.type == QuestionType.AGREEMENT)).all()) if counts else {}
    agrees = set(session.scalars(select(Choice.id).where(
        Choice.question_id.in_(list(key_of)), Choice.score >= AGREE_SCORE))) if key_of else set()
    totals: dict[str, tuple[int, int, int]] = {}
    for question_id, choice_id, count in counts:
        key = key_of.get(question_id)
        if key is None:  # not an agreement question
            continue
        answered, agreed, newest = totals.get(key, (0, 0, question_id))
        totals[key] = (answered + count, agreed + (count if choice_id in agrees else 0), max(newest, question_id))
    return totals


def _measures(session: Session, here: list[Any], before: list[Any], rules: Rules) -> list[Measure]:
    now, then = _agreement(session, here), _agreement(session, before)
    if not now:
        return []
    # The wording of the newest version answered in the period.
    prompts: dict[str, tuple[int, str]] = {
        key: (position, prompt) for key, position, prompt in session.execute(
            select(Question.key, Question.position, Question.prompt)
            .where(Question.id.in_([newest for _, _, newest in now.values()])))
    }

    def percent(counts: tuple[int, int, int] | None) -> int | None:
        if counts is None or counts[0] < rules.group_minimum:
            return None
        return round(100 * counts[1] / counts[0])

    keys = sorted(now, key=lambda key: prompts.get(key, (0, key)))
    return [Measure(key, prompts.get(key, (0, key))[1], percent(now[key]), percent(then.get(key))) for key in keys]


def _tagged(where: list[Any], *directions: Direction) -> Any:
    """AnswerTheme rows still standing, on answers of the given directions, within `where`."""
    return (
        select(AnswerTheme)
        .join(Answer, Answer.id == AnswerTheme.answer_id)
        .join(Response, Response.id == Answer.response_id)
        .join(AnswerAnalysis, AnswerAnalysis.answer_id == Answer.id)
        .where(AnswerTheme.removed.is_(False), AnswerAnalysis.direction.in_(directions), *where)
    )


def _analysed(session: Session, where: list[Any]) -> list[tuple[Sentiment, Direction, int | None, RespondentRole,
                                                                   int, int]]:
    """One pass over the period's analysed answers, for both the themes and the sentiment split.

    Rows: (sentiment, direction, theme id or None, role, tags, answers). An answer with
    several themes appears once per theme; `answers` counts it only on its first theme, so
    summing it by sentiment counts each answer once.
    """
    first_theme = (
        select(func.min(AnswerTheme.id)).where(AnswerTheme.answer_id == Answer.id, AnswerTheme.removed.is_(False))
        .correlate(Answer).scalar_subquery()
    )
    once = case((or_(AnswerTheme.id.is_(None), AnswerTheme.id == first_theme), 1), else_=0)
    query = (
        select(AnswerAnalysis.sentiment, AnswerAnalysis.direction, AnswerTheme.theme_id, Response.respondent_role,
               func.count(AnswerTheme.id), func.sum(once))
        .select_from(Response)
        .join(Answer, Answer.response_id == Response.id)
        .join(AnswerAnalysis, AnswerAnalysis.answer_id == Answer.id)
        .outerjoin(AnswerTheme, and_(AnswerTheme.answer_id == Answer.id, AnswerTheme.removed.is_(False)))
        # Only written answers have analysis: looking up the others' was a fifth of the query.
        .where(Answer.question_id.in_(select(Question.id).where(Question.type == QuestionType.FREE_TEXT)), *where)
        .group_by(AnswerAnalysis.sentiment, AnswerAnalysis.direction, AnswerTheme.theme_id, Response.respondent_role)
    )
    return [(Sentiment(sentiment), Direction(direction), theme_id, RespondentRole(role), int(tags), int(answers or 0))
            for sentiment, direction, theme_id, role, tags, answers in session.execute(query)]


def _themes(session: Session, where: list[Any], rows: list[tuple[Sentiment, Direction, int | None, RespondentRole,
                                                                 int, int]],
            rules: Rules, breakdowns: bool) -> dict[Direction, list[ThemeLine]]:
    """Top barriers and top enablers (a tag is unique per answer and theme, so tags count answers)."""
    totals: dict[tuple[Direction, int], int] = {}
    by_role: dict[tuple[Direction, int], dict[RespondentRole, int]] = {}
    for _sentiment, direction, theme_id, role, tags, _answers in rows:
        if theme_id is None or direction is Direction.NEUTRAL or not tags:
            continue
        key = (direction, theme_id)
        totals[key] = totals.get(key, 0) + tags
        by_role.setdefault(key, {})[role] = by_role.get(key, {}).get(role, 0) + tags
    roles = {key: list(counts.items()) for key, counts in by_role.items()}
    top = {direction: sorted((key for key in totals if key[0] is direction), key=lambda key: -totals[key])[:TOP_THEMES]
           for direction in (Direction.BARRIER, Direction.ENABLER)}
    wanted = [theme_id for keys in top.values() for _, theme_id in keys]
    names = {theme_id: name for theme_id, name in
             session.execute(select(Theme.id, Theme.name).where(Theme.id.in_(wanted)))} if wanted else {}
    quoted = [key for keys in top.values() for key in keys if breakdowns and not _shown(totals[key], rules).hidden]
    quotes = _quotes(session, where, quoted)
    lines: dict[Direction, list[ThemeLine]] = {}
    for direction, keys in top.items():
        lines[direction] = []
        for key in sorted(keys, key=lambda key: (-totals[key], names.get(key[1], ""))):
            line = ThemeLine(names.get(key[1], "Unnamed theme"), _shown(totals[key], rules))
            if key in quoted:
                line.by_role = _breakdown(roles[key], rules)
                line.quotes = quotes.get(key, [])
            lines[direction].append(line)
    return lines


def _quotes(session: Session, where: list[Any],
            wanted: list[tuple[Direction, int]]) -> dict[tuple[Direction, int], list[str]]:
    """For each (direction, theme): the most confident, reasonably short answers, in one query.

    Never an answer with a safeguarding flag, handled or not.
    """
    if not wanted:
        return {}
    flagged = exists().where(SafeguardingFlag.answer_id == Answer.id)
    rank = func.row_number().over(
        partition_by=(AnswerAnalysis.direction, AnswerTheme.theme_id),
        order_by=(AnswerTheme.confidence.desc().nulls_last(), func.length(Answer.text), Answer.id),
    )
    ranked = (
        _tagged(where, *{direction for direction, _ in wanted})
        .with_only_columns(AnswerAnalysis.direction, AnswerTheme.theme_id, Answer.text, rank.label("rank"))
        .where(AnswerTheme.theme_id.in_({theme_id for _, theme_id in wanted}), Answer.text.is_not(None), ~flagged)
        .subquery()
    )
    rows = session.execute(
        select(ranked.c.direction, ranked.c.theme_id, ranked.c.text)
        .where(ranked.c.rank <= QUOTES_PER_THEME * 5).order_by(ranked.c.rank)
    )
    quotes: dict[tuple[Direction, int], list[str]] = {key: [] for key in wanted}
    for direction, theme_id, text in rows:
        chosen = quotes.get((Direction(direction), theme_id))
        quote = _clip(_redact(text))
        if chosen is not None and len(chosen) < QUOTES_PER_THEME and quote not in chosen:
            chosen.append(quote)  # the same words twice say nothing new
    return quotes


def _sentiment(rows: list[tuple[Sentiment, Direction, int | None, RespondentRole, int, int]],
               rules: Rules) -> list[tuple[str, Shown]]:
    counts: dict[Sentiment, int] = {}
    for sentiment, _direction, _theme_id, _role, _tags, answers in rows:
        counts[sentiment] = counts.get(sentiment, 0) + answers
    if not counts:
        return []
    labels = [(Sentiment.POSITIVE, "Positive"), (Sentiment.NEUTRAL, "Neutral or mixed"),
              (Sentiment.NEGATIVE, "Negative")]
    return [(label, _shown(counts.get(sentiment, 0), rules)) for sentiment, label in labels]


def _open_flags(session: Session, scope: Scope) -> int:
    query = (
        select(func.count(SafeguardingFlag.id))
        .join(Answer, Answer.id == SafeguardingFlag.answer_id)
        .join(Response, Response.id == Answer.response_id)
        .where(SafeguardingFlag.handled_at.is_(None), *_filters(scope))
    )
    return session.scalar(query) or 0


def _redact(text: str) -> str:
    # Answers are stored redacted; this second pass catches anything typed before the
    # redaction rules grew, because an email leaves the system for good.
    try:
        from ..analysis.redaction import redact
    except ImportError:  # pragma: no cover - the analysis package is optional
        return text
    return redact(text)[0]


def _clip(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= QUOTE_MAX_CHARS:
        return text
    return text[:QUOTE_MAX_CHARS].rsplit(" ", 1)[0] + "…"


__all__ = ["Measure", "Rules", "Scope", "Shown", "SummaryData", "ThemeLine", "summarise", "scope_label"]
