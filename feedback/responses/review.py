"""Judge a sent survey form: store it, or show it again with every answer kept."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..models import Survey
from .closed import answers_to_removed_questions
from .forms import SurveyForm, prepare_to_reshow


@dataclass(frozen=True)
class Review:
    """What to do with a sent form: store it when `ready`, else show it again with `notice`
    at the top and `unsent` (answers to questions taken out meanwhile) to copy."""
    ready: bool
    notice: str | None = None
    unsent: list[tuple[str, str]] = field(default_factory=list)


def review(form: SurveyForm, survey: Survey, form_data: Mapping[str, Any], *, had_session_cookie: bool) -> Review:
    """Validate the form against the survey as it is now. Nothing is sent while a question
    answered in it has been taken out of the survey: the person sees what they wrote first."""
    removed = answers_to_removed_questions(survey, form_data)
    if form.validate() and not removed:
        return Review(ready=True)
    notice = prepare_to_reshow(form, had_session_cookie=had_session_cookie, questions_removed=bool(removed))
    return Review(ready=False, notice=notice, unsent=removed)
