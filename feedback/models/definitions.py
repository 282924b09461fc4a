"""Turn a survey definition (plain data, as in feedback/data/surveys/*.json) into models.

The same shape serves the built-in surveys, tests and, later, survey editing, so a survey
is described in one way everywhere.
"""
from __future__ import annotations

from typing import Any

from . import (
    Audience,
    Choice,
    PromptPolarity,
    Question,
    QuestionType,
    RespondentRole,
    Survey,
    SurveyStatus,
    SurveyVersion,
)


def N_(text: str) -> str:
    """Marks a fixed answer label for the interface catalogue (make translations-extract):
    pages in other languages show it translated (feedback/i18n/content.py)."""
    return text


AGREEMENT_CHOICES = [
    ("strongly_agree", N_("Strongly agree"), 5),
    ("agree", N_("Agree"), 4),
    ("neither", N_("Neither agree nor disagree"), 3),
    ("disagree", N_("Disagree"), 2),
    ("strongly_disagree", N_("Strongly disagree"), 1),
]
YES_NO_CHOICES = [("yes", N_("Yes"), 1), ("no", N_("No"), 0)]
SCALE_0_10_CHOICES = [(str(n), str(n), n) for n in range(11)]


def free_text_limit(max_chars: int | None, default: int) -> int:
    """A written answer's limit: the question's own, or else the service's FREE_TEXT_MAX_CHARS
    (`default`), so a question that sets none follows the setting."""
    return max_chars or default


def standard_choices(question_type: QuestionType) -> list[tuple[str, str, int | None]] | None:
    """The fixed answer set of a scale question, or None where the author writes the choices."""
    return {
        QuestionType.AGREEMENT: AGREEMENT_CHOICES,
        QuestionType.YES_NO: YES_NO_CHOICES,
        QuestionType.SCALE_0_10: SCALE_0_10_CHOICES,
    }.get(question_type)


def build_question(position: int, spec: dict[str, Any]) -> Question:
    question_type = QuestionType(spec["type"])
    question = Question(
        position=position,
        key=spec["key"],
        type=question_type,
        prompt=spec["prompt"],
        hint=spec.get("hint", ""),
        required=bool(spec.get("required", False)),
        error_message=spec.get("error_message", ""),
        polarity=PromptPolarity(spec.get("polarity", "neutral")) if question_type is QuestionType.FREE_TEXT else None,
        max_chars=spec.get("max_chars") if question_type is QuestionType.FREE_TEXT else None,
    )
    choices = standard_choices(question_type)
    if choices is None and question_type.is_choice:
        choices = [(value, label, None) for value, label in spec["choices"]]
    for index, (value, label, score) in enumerate(choices or []):
        question.choices.append(Choice(position=index, value=value, label=label, score=score))
    return question


def build_version(survey: Survey, spec: dict[str, Any]) -> SurveyVersion:
    """Add a new version to the survey from the definition and make it current."""
    version = SurveyVersion(
        number=len(survey.versions) + 1,
        title=spec["title"],
        intro=spec.get("intro", ""),
        what_happens_next=spec.get("what_happens_next", ""),
    )
    for position, question_spec in enumerate(spec["questions"]):
        version.questions.append(build_question(position, question_spec))
    survey.versions.append(version)
    survey.current_version = version
    return version


def build_survey(spec: dict[str, Any], *, status: SurveyStatus = SurveyStatus.OPEN, built_in: bool = False) -> Survey:
    survey = Survey(
        slug=spec["slug"],
        audience=Audience(spec.get("audience", "everyone")),
        default_role=RespondentRole(spec.get("default_role", "not_asked")),
        status=status,
        built_in=built_in,
    )
    build_version(survey, spec)
    return survey
