"""Store one survey submission. No Flask here: the view validates, this records."""
from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from ..models import Answer, Channel, Event, QuestionType, RespondentRole, Response, SurveyVersion

ROLE_QUESTION_KEY = "role"

# Given free text and its question, return the text to store (redacted). The analysis
# package provides the real one; the default stores text as given.
TextCleaner = Callable[[str], str]


@dataclass(frozen=True)
class Submission:
    """Validated answers keyed by question key: a choice value, a list of them, or text."""
    answers: Mapping[str, str | list[str]]
    channel: Channel = Channel.ONLINE
    submission_key: str | None = None
    language: str = "en"


def new_submission_key() -> str:
    return secrets.token_hex(16)


def record_response(
    session: Session,
    *,
    version: SurveyVersion,
    event: Event | None,
    submission: Submission,
    today: date,
    clean_text: TextCleaner = lambda text: text,
    entered_by_id: int | None = None,
) -> Response:
    """Add a response and its answers to the session (the caller commits).

    Only the date is kept, never the time, so a response cannot be matched to a person
    by when they were seen at an event.
    """
    response = Response(
        public_id=secrets.token_hex(16),
        survey_version_id=version.id,
        event_id=event.id if event else None,
        respondent_role=_respondent_role(version, submission.answers),
        channel=submission.channel,
        language=submission.language,
        submitted_on=today,
        submission_key=submission.submission_key,
        entered_by_id=entered_by_id,
    )
    response.answers = list(_answers(version, submission.answers, clean_text))
    session.add(response)
    return response


def _answers(version: SurveyVersion, values: Mapping[str, str | list[str]], clean_text: TextCleaner) -> Iterable[Answer]:
    for question in version.questions:
        value = values.get(question.key)
        if value in (None, "", []):
            continue
        if question.type is QuestionType.FREE_TEXT:
            yield Answer(question_id=question.id, text=clean_text(str(value).strip()))
            continue
        chosen = set(value) if isinstance(value, list) else {value}
        for choice in question.choices:
            if choice.value in chosen:
                yield Answer(question_id=question.id, choice_id=choice.id)


def _respondent_role(version: SurveyVersion, values: Mapping[str, str | list[str]]) -> RespondentRole:
    answer = values.get(ROLE_QUESTION_KEY)
    if isinstance(answer, str) and answer in RespondentRole._value2member_map_:
        return RespondentRole(answer)
    return version.survey.default_role
