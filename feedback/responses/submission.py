"""Record one survey submission in a session. No Flask here: the view validates, this records."""
from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from ..models import (
    Answer,
    Channel,
    Choice,
    Event,
    Question,
    QuestionType,
    RespondentRole,
    Response,
    ResponseFormat,
    SurveyVersion,
)
from ..tagging.tagger import PreparedText, Tagger

ROLE_QUESTION_KEY = "role"


@dataclass(frozen=True)
class Submission:
    """Validated answers keyed by question key: a choice value, a list of them, or text."""
    answers: Mapping[str, str | list[str]]
    channel: Channel = Channel.ONLINE
    submission_key: str | None = None
    language: str = "en"
    format: ResponseFormat = ResponseFormat.STANDARD


def new_submission_key() -> str:
    return secrets.token_hex(16)


def record_response(
    session: Session,
    *,
    version: SurveyVersion,
    event: Event | None,
    submission: Submission,
    today: date,
    tagger: Tagger | None = None,
    entered_by_id: int | None = None,
    prepared: list[PreparedText] | None = None,
) -> Response:
    """Add a response and its answers to the session (the caller commits).

    Only the date is kept, never the time, so a response cannot be matched to a person
    by when they were seen at an event. With a tagger, free text is redacted before
    it is stored, and its sentiment, themes and any safeguarding flag are stored with it;
    `prepared`: the tagger's results for `free_texts`, when the caller has them already.
    """
    response = Response(
        public_id=secrets.token_hex(16),
        survey_version_id=version.id,
        event_id=event.id if event else None,
        respondent_role=respondent_role(version, submission.answers),
        channel=submission.channel,
        language=submission.language,
        format=submission.format,
        submitted_on=today,
        submission_key=submission.submission_key,
        entered_by_id=entered_by_id,
    )
    texts = free_texts(version, submission)
    if prepared is None:
        prepared = analyse(tagger, texts, submission.language) if tagger else []
    free_text = {question.key: Answer(question_id=question.id, text=text) for question, text in texts}
    for (question, _), result in zip(texts, prepared):
        free_text[question.key].text = result.stored_text
        free_text[question.key].original_text = result.original_text
    response.answers = list(_choice_answers(version, submission.answers)) + list(free_text.values())
    session.add(response)
    if prepared:
        # Linked to the answers, not by id: all of it goes to the database in one flush.
        tagger.store(session, [(free_text[question.key], question, result.analysis)
                               for (question, _), result in zip(texts, prepared) if result.analysis], today, new=True)
        tagger.store_unanalysed(session, [(free_text[question.key], result.safeguarding)
                                          for (question, _), result in zip(texts, prepared)
                                            if result.analysis is None and result.safeguarding], today, new=True)
    return response


def free_texts(version: SurveyVersion, submission: Submission) -> list[tuple[Question, str]]:
    """The written answers given, with their questions, in the version's order."""
    return [(question, str(submission.answers[question.key]).strip()) for question in version.questions
            if question.type is QuestionType.FREE_TEXT and submission.answers.get(question.key)]


def analyse(tagger: Tagger, texts: list[tuple[Question, str]], language: str) -> list[PreparedText]:
    return tagger.prepare([(text, question.polarity) for question, text in texts], language)


def chosen_choices(version: SurveyVersion, values: Mapping[str, str | list[str]]) -> Iterable[tuple[Question, Choice]]:
    """Each choice picked, with its question, in the version's order."""
    for question in version.questions:
        value = values.get(question.key)
        if value in (None, "", []) or question.type is QuestionType.FREE_TEXT:
            continue
        chosen = set(value) if isinstance(value, list) else {value}
        for choice in question.choices:
            if choice.value in chosen:
                yield question, choice


def _choice_answers(version: SurveyVersion, values: Mapping[str, str | list[str]]) -> Iterable[Answer]:
    for question, choice in chosen_choices(version, values):
        yield Answer(question_id=question.id, choice_id=choice.id)


def respondent_role(version: SurveyVersion, values: Mapping[str, str | list[str]]) -> RespondentRole:
    answer = values.get(ROLE_QUESTION_KEY)
    if isinstance(answer, str) and answer in RespondentRole._value2member_map_:
        return RespondentRole(answer)
    return version.survey.default_role
