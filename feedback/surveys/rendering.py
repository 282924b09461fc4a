"""The questions of a blank survey form, rendered once per wording and kept per worker.

The NHS.UK frontend macros are thorough but slow: the questions of the 8-question event
survey took about 13 ms of a 14 ms page view, and they are the same for every respondent
who opens the form (the CSRF token and the submission key sit outside them). Rendering
them once and reusing the markup lets a worker serve many more people at an event.

The key is the wording itself, not the version id, because a version without responses
can still be edited: an edit changes the key, so nobody is shown old wording. The cache
is per process and small; another worker never needs it.
"""
from __future__ import annotations

from collections.abc import Hashable

from flask import current_app, get_template_attribute
from flask_babel import get_locale
from markupsafe import Markup
from wtforms import Form

from ..models import Question, SurveyVersion

MAX_ENTRIES = 64
_blank_questions: dict[Hashable, Markup] = {}


def blank_questions_html(version: SurveyVersion, form: Form) -> Markup:
    """Markup for every question of `version`, unanswered and without errors."""
    reuse = not current_app.jinja_env.auto_reload  # in development, template edits show at once
    # The interface words around the questions (character counts, "(optional)") follow the page's language.
    key = (str(get_locale()), current_app.config["FREE_TEXT_MAX_CHARS"],
           *(_wording(question) for question in version.questions))
    html = _blank_questions.get(key) if reuse else None
    if html is None:
        survey_question = get_template_attribute("macros/questions.html", "survey_question")
        html = Markup("\n").join(survey_question(question, form.answer(question.key)) for question in version.questions)
        if reuse:
            if len(_blank_questions) >= MAX_ENTRIES:
                _blank_questions.clear()
            _blank_questions[key] = html
    return html


def _wording(question: Question) -> Hashable:
    """Everything about a question that shows on a blank form."""
    return (question.key, question.type.value, question.prompt, question.hint, question.required,
            question.max_chars, tuple((choice.value, choice.label) for choice in question.choices),
            tuple(getattr(text, "lang", None) for text in (question.prompt, question.hint,
                                                           *(choice.label for choice in question.choices))))
