"""The numbers in an email summary, aggregated in SQL, with small-number protection.

This is the summary's own aggregation (the results pages have theirs in feedback/reports);
it applies the same rules from config, through the same protection code
(feedback/reports/suppression.py): a period with fewer than SMALL_GROUP_MINIMUM responses
shows only how many there were (as the results page does); a role with fewer responses than
that is not shown in a breakdown; a percentage needs that many answers behind it and no
small count on either side; a count from 1 to SMALL_COUNT_MAXIMUM is shown as "fewer than
5", with other cells hidden too where the total would give it away. Themes count people,
not answers, as the results pages do. Open safeguarding flags are the exception:
organisers must act on them, so their count is exact; their text never appears in an email.

Every query groups in the database, so composing a summary reads a handful of rows however
many responses there are (see bench/bench_summary.py).
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import Date, bindparam, distinct, exists, func, or_, select
from sqlalchemy.orm import Session

from ..analysis.redaction import redact
from ..models import (
    Answer,
    AnswerAnalysis,
    AnswerTheme,
    Choice,
    Direction,
    Event,
    QIProject,
    Question,
    QuestionType,
    RespondentRole,
    Response,
    SafeguardingFlag,
    Sentiment,
    Survey,
    SurveyVersion,
    Theme,
)
from ..models.event_tallies import AGREE_SCORE
from ..reports.page import ROLE_LABELS
from ..reports.suppression import Rules, percent_of, protect_count, protect_row
from .periods import Period
from .summary_model import Measure, Scope, Shown, SummaryData, ThemeLine

TOP_THEMES = 3
QUOTES_PER_THEME = 2
QUOTE_MAX_CHARS = 240


def summarise(session: Session, scope: Scope, period: Period, previous: Period, rules: Rules) -> SummaryData:
    """Everything one summary shows for `scope` over `period`, compared with `previous`."""
    here = _filters(scope) + _dates(period)
    before = _filters(scope) + _dates(previous)
    responses = session.scalar(select(func.count(Response.id)).where(*here)) or 0
    previous_responses = session.scalar(select(func.count(Response.id)).where(*before)) or 0
    reportable = rules.group_is_reportable(responses)
    data = SummaryData(
        scope_label=scope_label(session, scope), period=period, previous=previous,
        responses=responses, previous_responses=previous_responses,
        responses_shown=_shown(responses, rules), previous_shown=_shown(previous_responses, rules),
        breakdowns_shown=reportable, measures=[], barriers=[], enablers=[], sentiment=[],
        open_flags=_open_flags(session, scope),
    )
    if not reportable:
        return data  # as on the results page: below the group minimum, only how many
    role_sizes = dict(session.execute(
        select(Response.respondent_role, func.count(Response.id)).where(*here).group_by(Response.respondent_role)).all())
    themes = _themes(session, here, rules,
                     {RespondentRole(role) for role, size in role_sizes.items() if not rules.group_is_reportable(size)})
    data.measures = _measures(session, here, before, rules)
    data.barriers, data.enablers = themes[Direction.BARRIER], themes[Direction.ENABLER]
    data.sentiment = _sentiment(_sentiment_counts(session, here), rules)
    return data


def scope_label(session: Session, scope: Scope) -> str:
    if scope.kind == "survey":
        survey = session.get(Survey, scope.id)
        return survey.title if survey else scope.name
    if scope.kind == "event":
        event = session.get(Event, scope.id)
        return event.name if event else scope.name
    if scope.kind == "qi_project":
        project = session.get(QIProject, scope.id) if scope.id else None
        return f"QI project: {project.name if project else scope.name}"
    return "All surveys and events"


def _filters(scope: Scope) -> list[Any]:
    if scope.kind == "survey":
        versions = select(SurveyVersion.id).where(SurveyVersion.survey_id == scope.id)
        return [Response.survey_version_id.in_(versions)]
    if scope.kind == "event":
        return [Response.event_id == scope.id]
    if scope.kind == "qi_project":
        return [Response.event_id.in_(select(Event.id).where(Event.project_id == scope.id))]
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
    return Shown(protect_count(value, rules), rules)


def _protected(counts: list[int | None], total: int, rules: Rules) -> list[Shown]:
    """Cells of a row whose total is shown, protected as the results pages protect them."""
    row = protect_row(counts, total, rules)
    return [Shown(cell, rules) for cell in row.cells]


def _breakdown(counts: list[tuple[RespondentRole, int]], total: int, small_roles: set[RespondentRole],
               rules: Rules) -> list[tuple[str, Shown]]:
    """People by role, largest first; a role with too few responses in the period is not shown."""
    ordered = sorted(counts, key=lambda item: -item[1])
    cells = _protected([None if role in small_roles else count for role, count in ordered], total, rules)
    if all(cell.hidden for cell in cells):
        return []  # a line of "not shown" says nothing
    return [(ROLE_LABELS[role], cell) for (role, _), cell in zip(ordered, cells)]


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
        """None when too few answered, or when the agreed or the others are a small count:
        "90% of 10" says that one person did not agree."""
        if counts is None or not rules.group_is_reportable(counts[0]):
            return None
        answered, agreed, _ = counts
        if rules.is_small(agreed) or rules.is_small(answered - agreed):
            return None
        return percent_of(agreed, answered)

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


def _sentiment_counts(session: Session, where: list[Any]) -> dict[Sentiment, int]:
    """Analysed written answers in the period, by sentiment."""
    query = (
        select(AnswerAnalysis.sentiment, func.count())
        .select_from(Response)
        .join(Answer, Answer.response_id == Response.id)
        .join(AnswerAnalysis, AnswerAnalysis.answer_id == Answer.id)
        # Only written answers have analysis: looking up the others' was a fifth of the query.
        .where(Answer.question_id.in_(select(Question.id).where(Question.type == QuestionType.FREE_TEXT)), *where)
        .group_by(AnswerAnalysis.sentiment)
    )
    return {Sentiment(sentiment): int(count) for sentiment, count in session.execute(query)}


def _theme_people(session: Session, where: list[Any]) -> list[tuple[Direction, int, RespondentRole, int]]:
    """(direction, theme, role, people): someone who names a theme in two answers counts once."""
    query = (
        _tagged(where, Direction.BARRIER, Direction.ENABLER)
        .with_only_columns(AnswerAnalysis.direction, AnswerTheme.theme_id, Response.respondent_role,
                           func.count(distinct(Response.id)))
        .group_by(AnswerAnalysis.direction, AnswerTheme.theme_id, Response.respondent_role)
    )
    return [(Direction(direction), theme_id, RespondentRole(role), int(people))
            for direction, theme_id, role, people in session.execute(query)]


def _themes(session: Session, where: list[Any], rules: Rules,
            small_roles: set[RespondentRole]) -> dict[Direction, list[ThemeLine]]:
    """Top barriers and top enablers, by how many people named them."""
    totals: dict[tuple[Direction, int], int] = {}
    by_role: dict[tuple[Direction, int], dict[RespondentRole, int]] = {}
    for direction, theme_id, role, people in _theme_people(session, where):
        key = (direction, theme_id)
        totals[key] = totals.get(key, 0) + people  # each response has one role, so roles add up
        by_role.setdefault(key, {})[role] = people
    roles = {key: list(counts.items()) for key, counts in by_role.items()}
    top = {direction: sorted((key for key in totals if key[0] is direction), key=lambda key: -totals[key])[:TOP_THEMES]
           for direction in (Direction.BARRIER, Direction.ENABLER)}
    wanted = [theme_id for keys in top.values() for _, theme_id in keys]
    names = {theme_id: name for theme_id, name in
             session.execute(select(Theme.id, Theme.name).where(Theme.id.in_(wanted)))} if wanted else {}
    quoted = [key for keys in top.values() for key in keys if not _shown(totals[key], rules).hidden]
    quotes = _quotes(session, where, quoted)
    lines: dict[Direction, list[ThemeLine]] = {}
    for direction, keys in top.items():
        lines[direction] = []
        for key in sorted(keys, key=lambda key: (-totals[key], names.get(key[1], ""))):
            line = ThemeLine(names.get(key[1], "Unnamed theme"), _shown(totals[key], rules))
            if key in quoted:
                line.by_role = _breakdown(roles[key], totals[key], small_roles, rules)
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


def _sentiment(counts: dict[Sentiment, int], rules: Rules) -> list[tuple[str, Shown]]:
    if not counts:
        return []
    labels = [(Sentiment.POSITIVE, "Positive"), (Sentiment.NEUTRAL, "Neutral or mixed"),
              (Sentiment.NEGATIVE, "Negative")]
    values: list[int | None] = [counts.get(sentiment, 0) for sentiment, _ in labels]
    return list(zip([label for _, label in labels], _protected(values, sum(counts.values()), rules)))


def _open_flags(session: Session, scope: Scope) -> int:
    query = (
        select(func.count(SafeguardingFlag.id))
        .join(Answer, Answer.id == SafeguardingFlag.answer_id)
        .join(Response, Response.id == Answer.response_id)
        .where(SafeguardingFlag.waiting(), *_filters(scope))
    )
    return session.scalar(query) or 0


def _redact(text: str) -> str:
    # Answers are stored redacted; this second pass catches anything typed before the
    # redaction rules grew, because an email leaves the system for good.
    return redact(text)[0]


def _clip(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= QUOTE_MAX_CHARS:
        return text
    return text[:QUOTE_MAX_CHARS].rsplit(" ", 1)[0] + "…"


__all__ = ["Measure", "Rules", "Scope", "Shown", "SummaryData", "ThemeLine", "summarise", "scope_label"]
