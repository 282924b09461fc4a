"""Answers that cannot be sent: to a survey or event that closed while someone was typing,
or to a question taken out of the survey meanwhile. They are shown back, to copy."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import render_template, request

from ..analysis.safeguarding import check_safeguarding
from ..clock import trust_today
from ..models import Event, Question, QuestionType, Survey, SurveyStatus
from ..form_input import whole_number
from .forms import clean_free_text, field_attribute, form_class_for


def closed_page(*, survey: Survey | None = None, event: Event | None = None,
                answered: Survey | None = None, **page: Any) -> tuple[str, int]:
    """410 for closed; 403 for a draft, or a published survey whose first day has not come.

    `answered` is the survey whose form was sent, when the person was part-way through
    it; `page` holds more template settings (the kiosk's layout).
    """
    today = trust_today()
    not_yet = survey is not None and (survey.status is SurveyStatus.DRAFT or (
        survey.status is SurveyStatus.OPEN and survey.opens_on is not None and today < survey.opens_on))
    opens_on = survey.opens_on if not_yet and survey.status is SurveyStatus.OPEN else None
    unsent = unsent_answers(answered)
    # Nothing was sent, so nobody will see a risk in it: the help shows here instead.
    needs_help = any(check_safeguarding(text).flagged for _, text in unsent or [])
    html = render_template("surveys/closed.html", survey=survey, event=event, not_yet=not_yet, opens_on=opens_on,
                           unsent=unsent, needs_help=needs_help, **page)
    return html, 403 if not_yet else 410


def unsent_answers(survey: Survey | None) -> list[tuple[str, str]] | None:
    """What was typed into `survey`'s form if this request sent one (None if it did not)."""
    return _typed_free_text(survey) if survey is not None and request.method == "POST" else None


def _typed_free_text(survey: Survey) -> list[tuple[str, str]]:
    """(question, what was typed) for each written answer in the form just sent."""
    version = survey.current_version
    if version is None:
        return []
    form = form_class_for(version)()  # sets the body limits before the body is read
    fields = {question.key: form[field_attribute(question.key)].data for question in version.questions
              if field_attribute(question.key) in form}
    return _written(version.questions, fields.get)


def answers_to_removed_questions(survey: Survey) -> list[tuple[str, str]]:
    """(question, what was typed) for written answers to questions of the version the form
    was opened on that the survey no longer has: the form must not drop them unseen."""
    opened_on = whole_number(request.form.get("version"))
    current = survey.current_version
    if opened_on is None or current is None or opened_on == current.id:
        return []
    version = next((v for v in survey.versions if v.id == opened_on), None)
    if version is None:
        return []
    kept = {question.key for question in current.questions}
    return _written([question for question in version.questions if question.key not in kept], request.form.get)


def _written(questions: list[Question], typed: Callable[[str], Any]) -> list[tuple[str, str]]:
    """(prompt, cleaned text) for the written-answer questions that `typed(key)` has text for."""
    answers = []
    for question in questions:
        if question.type is QuestionType.FREE_TEXT:
            text = clean_free_text(str(typed(question.key) or ""))
            if text:
                answers.append((question.prompt, text))
    return answers
