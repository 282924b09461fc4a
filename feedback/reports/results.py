"""Counts for the results page, computed in SQL (GROUP BY, COUNT) and returned as dataclasses.

Results are per survey across all its versions: questions are matched by Question.key
and choices by Choice.value, worded as in the newest version that has them.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import Select, distinct, func, select
from sqlalchemy.orm import Session, selectinload

from ..analysis.other_languages import ANALYSED_LANGUAGE
from ..models import (
    Answer,
    AnswerAnalysis,
    AnswerTheme,
    Direction,
    Question,
    QuestionType,
    RespondentRole,
    Response,
    Sentiment,
    SurveyVersion,
    Theme,
)
from .filters import ResultsFilter, free_text_question_ids, response_conditions


@dataclass(frozen=True)
class ChoiceInfo:
    value: str
    label: str
    score: int | None


@dataclass
class SurveyQuestion:
    """One question as it runs through every version of a survey."""
    key: str
    prompt: str
    type: QuestionType
    question_ids: list[int] = field(default_factory=list)
    choices: list[ChoiceInfo] = field(default_factory=list)
    choice_values: dict[int, str] = field(default_factory=dict)  # Choice.id -> value
    versions: list[int] = field(default_factory=list)  # version numbers, newest first
    choice_question: dict[int, int] = field(default_factory=dict)  # Choice.id -> Question.id
    # Each wording the question was asked in, newest first: (prompt, question ids, versions).
    wordings: list[tuple[str, list[int], list[int]]] = field(default_factory=list)

    def add_wording(self, prompt: str, question_id: int, version: int) -> None:
        same = " ".join(prompt.split())
        for wording, ids, versions in self.wordings:
            if " ".join(wording.split()) == same:
                ids.append(question_id)
                versions.append(version)
                return
        self.wordings.append((prompt, [question_id], [version]))


@dataclass(frozen=True)
class ChoiceCount:
    value: str
    label: str
    score: int | None
    count: int


@dataclass(frozen=True)
class Distribution:
    key: str
    prompt: str
    type: QuestionType
    answered: int           # responses that answered (a multiple-choice answer ticks several)
    choices: list[ChoiceCount]


@dataclass(frozen=True)
class ThemeCount:
    theme_id: int
    name: str
    direction: Direction
    by_role: dict[RespondentRole, int]   # responses mentioning the theme, per role

    @property
    def total(self) -> int:
        return sum(self.by_role.values())


@dataclass(frozen=True)
class SentimentCount:
    key: str
    prompt: str
    counts: dict[Sentiment, int]    # free-text answers per sentiment

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def survey_questions(session: Session, survey_id: int) -> list[SurveyQuestion]:
    """Questions by key, newest wording first, in the order of the newest version."""
    versions = session.scalars(
        select(SurveyVersion).where(SurveyVersion.survey_id == survey_id)
        .order_by(SurveyVersion.number.desc())
        .options(selectinload(SurveyVersion.questions).selectinload(Question.choices))
    )
    by_key: dict[str, SurveyQuestion] = {}
    for version in versions:
        for question in version.questions:
            merged = by_key.get(question.key)
            if merged is None:
                merged = by_key[question.key] = SurveyQuestion(question.key, question.prompt, question.type)
            merged.question_ids.append(question.id)
            merged.versions.append(version.number)
            merged.add_wording(question.prompt, question.id, version.number)
            known = {choice.value for choice in merged.choices}
            for choice in question.choices:
                merged.choice_values[choice.id] = choice.value
                merged.choice_question[choice.id] = question.id
                if choice.value not in known:
                    merged.choices.append(ChoiceInfo(choice.value, choice.label, choice.score))
    # The same wording under two keys (its answer type changed between versions): say which
    # versions each is, or the results show two identical headings.
    wording = Counter(question.prompt for question in by_key.values())
    for question in by_key.values():
        if wording[question.prompt] > 1:
            first, last = min(question.versions), max(question.versions)
            question.prompt += f" (version {first})" if first == last else f" (versions {first} to {last})"
    return list(by_key.values())


def role_counts(session: Session, filters: ResultsFilter) -> dict[RespondentRole, int]:
    rows = session.execute(
        select(Response.respondent_role, func.count()).where(*response_conditions(filters))
        .group_by(Response.respondent_role)
    )
    return {role: count for role, count in rows}


def distributions(session: Session, filters: ResultsFilter, questions: list[SurveyQuestion]) -> list[Distribution]:
    """How many responses chose each answer of every closed question."""
    closed = [question for question in questions if question.type.is_choice]
    ids = [question_id for question in closed for question_id in question.question_ids]
    if not ids:
        return []
    per_choice = _answers_query(
        select(Answer.choice_id, func.count()).where(Answer.choice_id.is_not(None)).group_by(Answer.choice_id),
        filters, ids)
    counts_by_choice = dict(session.execute(per_choice).all())
    multiple_ids = [qid for question in closed if question.type is QuestionType.MULTIPLE_CHOICE
                    for qid in question.question_ids]
    answered_multiple: dict[int, int] = {}
    if multiple_ids:
        answered_multiple = dict(session.execute(_answers_query(
            select(Answer.question_id, func.count(distinct(Answer.response_id)))
            .where(Answer.question_id.in_(multiple_ids)).group_by(Answer.question_id), filters, multiple_ids)).all())
    results = []
    for question in closed:
        # A reworded question: older answers are shown under the wording they answered,
        # newest first; an older wording nobody answered (in these filters) is left out.
        for number, (prompt, ids, versions) in enumerate(question.wordings):
            asked = set(ids)
            by_value: dict[str, int] = defaultdict(int)
            for choice_id, value in question.choice_values.items():
                if question.choice_question[choice_id] in asked:
                    by_value[value] += counts_by_choice.get(choice_id, 0)
            if question.type is QuestionType.MULTIPLE_CHOICE:
                answered = sum(answered_multiple.get(qid, 0) for qid in ids)
            else:
                answered = sum(by_value.values())
            if number and not answered:
                continue
            if len(question.wordings) > 1:
                prompt = f"{question.prompt if not number else prompt} ({_versions_words(versions)})"
            results.append(Distribution(
                question.key, prompt, question.type, answered,
                [ChoiceCount(choice.value, choice.label, choice.score, by_value[choice.value])
                 for choice in question.choices],
            ))
    return results


def _versions_words(versions: list[int]) -> str:
    first, last = min(versions), max(versions)
    return f"asked in version {first}" if first == last else f"asked in versions {first} to {last}"


def theme_counts(session: Session, filters: ResultsFilter) -> list[ThemeCount]:
    """Responses mentioning each theme, split by direction (barrier, enabler) and role.

    The survey's free-text questions already pick out its answers, so the survey condition
    is added only with other filters, and theme names are read apart from the counts: each
    join or condition per tag cost about a tenth of the query on SQLite.
    """
    query = (
        select(AnswerTheme.theme_id, AnswerAnalysis.direction, Response.respondent_role,
               func.count(distinct(Answer.response_id)))
        .join(Answer, AnswerTheme.answer_id == Answer.id)
        .join(AnswerAnalysis, AnswerAnalysis.answer_id == Answer.id)
        .join(Response, Answer.response_id == Response.id)
        .where(AnswerTheme.removed.is_(False),
               Answer.question_id.in_(free_text_question_ids(session, filters.survey_id)),
               *(response_conditions(filters) if filters.is_narrowed else []))
        .group_by(AnswerTheme.theme_id, AnswerAnalysis.direction, Response.respondent_role)
    )
    grouped: dict[tuple[int, Direction], dict[RespondentRole, int]] = defaultdict(dict)
    for theme_id, direction, role, count in session.execute(query):
        grouped[(theme_id, direction)][role] = count
    names = dict(session.execute(
        select(Theme.id, Theme.name).where(Theme.id.in_({theme_id for theme_id, _ in grouped}))).all())
    themes = [ThemeCount(theme_id, names[theme_id], direction, by_role)
              for (theme_id, direction), by_role in grouped.items()]
    themes.sort(key=lambda theme: (-theme.total, theme.name))
    return themes


def sentiment_counts(session: Session, filters: ResultsFilter, questions: list[SurveyQuestion]) -> list[SentimentCount]:
    """Free-text answers per sentiment, one row per free-text question."""
    free_text = [question for question in questions if question.type is QuestionType.FREE_TEXT]
    key_of = {qid: question.key for question in free_text for qid in question.question_ids}
    if not key_of:
        return []
    query = _answers_query(
        select(Answer.question_id, AnswerAnalysis.sentiment, func.count())
        .join(AnswerAnalysis, AnswerAnalysis.answer_id == Answer.id)
        .group_by(Answer.question_id, AnswerAnalysis.sentiment), filters, list(key_of))
    counts: dict[str, dict[Sentiment, int]] = defaultdict(lambda: dict.fromkeys(Sentiment, 0))
    for question_id, sentiment, count in session.execute(query):
        if question_id in key_of:  # only free-text answers have analysis; this is a safeguard
            counts[key_of[question_id]][sentiment] += count
    return [SentimentCount(question.key, question.prompt, counts[question.key])
            for question in free_text if question.key in counts]


def unanalysed_counts(session: Session, filters: ResultsFilter, questions: list[SurveyQuestion]) -> dict[str, int]:
    """Written answers per language that the analysis does not read (anything but English):
    they have no sentiment or themes, so the page says how many are missing from those."""
    ids = [qid for question in questions if question.type is QuestionType.FREE_TEXT for qid in question.question_ids]
    if not ids:
        return {}
    query = (select(Response.language, func.count(Answer.id)).join(Response, Answer.response_id == Response.id)
             .where(Answer.question_id.in_(ids), Answer.text.is_not(None), Response.language != ANALYSED_LANGUAGE,
                    *response_conditions(filters))
             .group_by(Response.language))
    return {language: count for language, count in session.execute(query)}


def _answers_query(query: Select, filters: ResultsFilter, question_ids: list[int]) -> Select:
    """Limit a query over Answer to the survey's answers under the filters.

    Without filters, the question ids pick out the survey's answers through the
    (question_id, choice_id) index and Response is not touched. With filters, the query
    starts from the matching responses (the response indexes) and reaches their answers
    by response id: starting from the questions instead meant looking up the response of
    every answer in the survey.
    """
    if not filters.is_narrowed:
        return query.where(Answer.question_id.in_(question_ids))
    return query.join(Response, Answer.response_id == Response.id).where(*response_conditions(filters))
