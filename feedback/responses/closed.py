"""Answers that cannot be sent: to a survey or event that closed while someone was typing,
or to a question taken out of the survey meanwhile. They are shown back, to copy.

`form_data` is what the browser sent (a view passes `request.form`, or None when the
request sent no form); the page itself is rendered by feedback.web.closed_pages."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from ..analysis.risk import detect_risk
from ..form_input import whole_number
from ..models import Question, QuestionType, Survey, SurveyStatus
from .forms import RESERVED_NAMES, clean_free_text


def not_open_yet(survey: Survey | None, today: date) -> tuple[bool, date | None]:
    """(a draft, or a published survey whose first day has not come; the day it opens, if known)."""
    not_yet = survey is not None and (survey.status is SurveyStatus.DRAFT or (
        survey.status is SurveyStatus.OPEN and survey.opens_on is not None and today < survey.opens_on))
    opens_on = survey.opens_on if not_yet and survey.status is SurveyStatus.OPEN else None
    return not_yet, opens_on


def unsent_answers(survey: Survey | None, form_data: Mapping[str, Any] | None) -> list[tuple[str, str]] | None:
    """(question, what was typed) for each written answer in `survey`'s form, if one was
    sent (None if it was not)."""
    if survey is None or form_data is None:
        return None
    version = survey.current_version
    return [] if version is None else _written(version.questions, form_data.get)


def unsent_need_help(unsent: list[tuple[str, str]] | None) -> bool:
    """Nothing was sent, so nobody will see a risk in it: the help shows on the page instead."""
    return any(detect_risk(text).flagged for _, text in unsent or [])


def answers_to_removed_questions(survey: Survey, form_data: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(question, what was typed) for written answers to questions of the version the form
    was opened on that the survey no longer has: the form must not drop them unseen."""
    opened_on = whole_number(form_data.get("version"))
    current = survey.current_version
    if opened_on is None or current is None or opened_on == current.id:
        return []
    version = next((v for v in survey.versions if v.id == opened_on), None)
    if version is None:
        return []
    kept = {question.key for question in current.questions}
    return _written([question for question in version.questions if question.key not in kept], form_data.get)


def _written(questions: list[Question], typed: Callable[[str], Any]) -> list[tuple[str, str]]:
    """(prompt, cleaned text) for the written-answer questions that `typed(key)` has text for."""
    answers = []
    for question in questions:
        if question.type is QuestionType.FREE_TEXT and question.key not in RESERVED_NAMES:
            text = clean_free_text(str(typed(question.key) or ""))
            if text:
                answers.append((question.prompt, text))
    return answers
