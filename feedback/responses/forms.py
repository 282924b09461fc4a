"""Build the WTForms form for a survey version, with messages that say what to do, and
ready a form that failed validation to be shown again with every answer kept.

No `request` here: a view makes the form with feedback.web.survey_forms.bound_form, which
raises the body limits to `max_body` before the body is read."""
from __future__ import annotations

import re
from typing import Any

from flask_babel import gettext, lazy_gettext, ngettext
from flask_wtf import FlaskForm
from wtforms import Field, HiddenField, RadioField, SelectMultipleField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional, Regexp, StopValidation, ValidationError

from ..form_input import without_control_characters
from ..i18n import format_number
from ..models import Question, QuestionType, SurveyVersion
from ..models.definitions import free_text_limit
from .submission import Submission, new_submission_key

# Form field names no question key may take (the survey and kiosk forms post them, with the
# anti-automation fields of web/submission_guard.py).
RESERVED_NAMES = {"csrf_token", "submission_key", "reference_code", "form_opened"}
# WTForms fields are attributes of the form class, so a question keyed "validate", "meta"
# or "process" would replace a method: the attribute gets a prefix, the HTML name stays the key.
_FIELD_ATTRIBUTE = "answer__{}"
# A character can take 12 bytes of a form body (4 bytes of UTF-8, each sent as %XX), and the
# rest of a survey form (token, key, choices) fits easily in 16 KB.
_BYTES_PER_CHARACTER = 12
_BYTES_BESIDE_TEXT = 16 * 1024
# With JavaScript off nothing stops typing past a limit. Answers up to this many times
# their limit still arrive, so the page can say how much to cut and keep every answer;
# only a body far beyond that is refused as too big.
_OVERRUN = 4


def field_attribute(key: str) -> str:
    """The form class attribute holding the field of the question with this key."""
    return _FIELD_ATTRIBUTE.format(key)


def body_limit(text_limits: list[int]) -> int:
    """The biggest body a form with these free-text limits should be read from."""
    return _BYTES_BESIDE_TEXT + _BYTES_PER_CHARACTER * _OVERRUN * sum(text_limits)


class SurveyForm(FlaskForm):
    # Random per page view; identical on a double submit, so only one response is stored.
    submission_key = HiddenField(validators=[InputRequired(), Regexp(r"^[0-9a-f]{32}$")])
    # Set by form_class_for: what this survey's longest answers need (see body_limit).
    max_body: int | None = None
    # Set by the view for the Easy Read version, whose readers cannot be asked to count.
    easy_read: bool = False

    def to_submission(self, version: SurveyVersion) -> Submission:
        answers: dict[str, Any] = {}
        for question in version.questions:
            data = self.answer(question.key).data
            if question.type is QuestionType.FREE_TEXT:
                data = clean_free_text(data or "")
            answers[question.key] = data
        return Submission(answers=answers, submission_key=self.submission_key.data)

    def answer(self, key: str) -> Field:
        """The field of the question with this key."""
        return self[field_attribute(key)]


# Zero-width characters and a byte-order mark at either end: an answer made only of
# them looks blank on every screen, so it is no answer.
_INVISIBLE_EDGES = re.compile(r"^[\s\u200b-\u200d\u2060\ufeff]+|[\s\u200b-\u200d\u2060\ufeff]+$")


def clean_free_text(text: str) -> str:
    return _INVISIBLE_EDGES.sub("", without_control_characters(text).replace("\r\n", "\n"))


def _single_value(message: str):
    """Reject a field sent more than once (a tampered radio group)."""
    def check(_form: FlaskForm, field: Field) -> None:
        if field.raw_data and len(field.raw_data) > 1:
            raise ValidationError(message)
    return check


def counted_length(text: str) -> int:
    """Characters as the page's character count shows them: it counts UTF-16 units, so an
    emoji is 2. Counting the same way keeps the server's verdict and the count on screen
    in step ("10 characters too many" must never be accepted, or the other way round)."""
    return len(text.encode("utf-16-le")) // 2


def _within_limit(limit: int):
    def check(form: FlaskForm, field: Field) -> None:
        # Counted as typed, spaces at the ends too (the on-screen count counts them), with
        # a line break as one character as the browser counts it.
        length = counted_length(without_control_characters(field.data or "").replace("\r\n", "\n"))
        if length > limit and getattr(form, "easy_read", False):
            raise ValidationError(gettext("Your answer is too long. Please make it shorter."))
        if length > limit:
            raise ValidationError(
                gettext("Your answer must be %(limit)s characters or fewer.", limit=format_number(limit)) + " "
                + ngettext("You have written %(count)s: shorten it by %(over)s character.",
                           "You have written %(count)s: shorten it by %(over)s characters.",
                           length - limit, count=format_number(length), over=format_number(length - limit))
            )
    return check


def _not_blank(message: str):
    """Spaces, line breaks or invisible characters alone do not answer a required question."""
    def check(_form: FlaskForm, field: Field) -> None:
        if not clean_free_text(field.data or ""):
            raise StopValidation(message)
    return check


def _required_message(question: Question) -> str:
    if question.error_message:
        return question.error_message
    if question.type is QuestionType.FREE_TEXT:
        return gettext("Enter your answer")
    if question.type is QuestionType.MULTIPLE_CHOICE:
        return gettext("Select at least one answer")
    return gettext("Select an answer")


def _field_for(question: Question, text_limit: int) -> Field:
    presence = InputRequired(_required_message(question)) if question.required else Optional()
    invalid = gettext("Select one of the answers shown")
    choices = [SelectChoice(choice.value, choice.label) for choice in question.choices]
    name = question.key
    if question.type is QuestionType.FREE_TEXT:
        checks = [presence, _within_limit(free_text_limit(question.max_chars, text_limit))]
        if question.required:
            checks.insert(1, _not_blank(_required_message(question)))
        return TextAreaField(question.prompt, validators=checks, name=name)
    if question.type is QuestionType.MULTIPLE_CHOICE:
        return SelectMultipleField(question.prompt, choices=choices, validators=[presence], name=name)
    return RadioField(question.prompt, choices=choices, validators=[presence, _single_value(invalid)], name=name)


def form_class_for(version: SurveyVersion, *, text_limit: int) -> type[SurveyForm]:
    """A form class with one field per question, named by the question's key. `text_limit`
    is FREE_TEXT_MAX_CHARS: the limit of a written answer whose question sets none."""
    fields: dict[str, Any] = {field_attribute(question.key): _field_for(question, text_limit)
                              for question in version.questions if question.key not in RESERVED_NAMES}
    fields["max_body"] = version_body_limit(version, text_limit=text_limit)
    return type("VersionForm", (SurveyForm,), fields)


def version_body_limit(version: SurveyVersion, *, text_limit: int) -> int:
    """body_limit for the form of `version`, without building the form."""
    return body_limit([free_text_limit(question.max_chars, text_limit) for question in version.questions
                       if question.type is QuestionType.FREE_TEXT])


TIMED_OUT_NOTICE = lazy_gettext(
    "We could not send your answers because the page was open for a long time. "
    "Your answers are still here. Check them and select 'Send my answers' again.")
# The first post without the cookie cannot tell a phone that closed the browser (and lost
# the cookie) from a browser that blocks cookies: the page now sets one, so sending again
# works in the first case, and the message says what the second means if it comes back.
NO_COOKIES_NOTICE = lazy_gettext(
    "We could not send your answers yet, because this page lost its connection to our site (this can happen "
    "when a phone closes the browser for a while). Your answers are still here. Check them and select 'Send my "
    "answers' again. If this message comes back, this browser is blocking cookies: allow cookies for this site, "
    "or ask the person who gave you the link for a paper form.")
QUESTION_REMOVED_NOTICE = lazy_gettext(
    "We have not sent your answers yet, because the survey was changed while you were "
    "answering and a question you answered was taken out. What you wrote for it is shown "
    "below so you can copy it. Check your other answers and select 'Send my answers' again.")
BROKEN_KEY_NOTICE = lazy_gettext(
    "We could not send your answers because something went wrong with this page. "
    "Your answers are still here. Check them and select 'Send my answers' again.")


def prepare_to_reshow(form: SurveyForm, *, had_session_cookie: bool, questions_removed: bool = False) -> str | None:
    """Ready a form that failed validation to be shown again with every answer kept.

    Returns a notice for the top of the page when the problem was not the person's own
    (an expired CSRF token, a browser that blocks cookies, a damaged submission key),
    which also gets a fresh key; or, failing those, when a question they answered was
    taken out of the survey meanwhile. `had_session_cookie`: whether the browser sent the
    session cookie, which tells an expired page from a browser that blocks cookies.
    """
    notice = None
    if "csrf_token" in form and form.csrf_token.errors:
        notice = TIMED_OUT_NOTICE if had_session_cookie else NO_COOKIES_NOTICE
    if form.submission_key.errors:
        notice = notice or BROKEN_KEY_NOTICE
        form.submission_key.data = new_submission_key()
        form.submission_key.errors = []
    invalid_choice_messages(form)
    return notice or (QUESTION_REMOVED_NOTICE if questions_removed else None)


def invalid_choice_messages(form: SurveyForm) -> None:
    """Replace WTForms' 'Not a valid choice' with plain English."""
    for field in form:
        field.errors = [
            gettext("Select one of the answers shown") if "valid choice" in str(error).lower() else error
            for error in field.errors
        ]


def question_errors(version: SurveyVersion, form: SurveyForm) -> list[tuple[str, str]]:
    """(question key, first message) for each question with a problem, in survey order."""
    return [(question.key, form.answer(question.key).errors[0])
            for question in version.questions if form.answer(question.key).errors]
