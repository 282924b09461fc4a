"""Editing surveys as plain definitions. No Flask.

A survey's current version is read into the same plain dict the built-in surveys are
written in (see feedback/surveys/definitions.py), the edit changes the dict, and the dict
is saved back. Saving rewrites the version in place while nobody has answered it; once it
has responses, saving makes a new version, so old answers keep the questions they answered.
"""
from __future__ import annotations

import copy
import re
import unicodedata
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from ..audit import record
from ..config import MAX_FREE_TEXT_CHARS
from ..form_input import strip_blank_edges
from ..i18n.content import copy_translations
from ..models import Response, Survey, SurveyStatus, SurveyVersion, User
from ..models.definitions import build_question, build_version, standard_choices
from ..models.types import PromptPolarity, QuestionType
from ..responses.forms import RESERVED_NAMES

Spec = dict[str, Any]
MAX_QUESTIONS = 40
MAX_CHOICES = 30


class EditError(ValueError):
    """An edit that cannot be saved; the message says what to do instead."""


def slugify(text: str, *, max_length: int = 60, fallback: str = "item") -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")[:max_length].strip("_")
    return slug or fallback


def _unique(base: str, taken: set[str], max_length: int = 60, separator: str = "_") -> str:
    candidate, number = base, 2
    while candidate in taken or candidate in RESERVED_NAMES:
        suffix = f"{separator}{number}"
        candidate = base[:max_length - len(suffix)] + suffix
        number += 1
    return candidate


def version_to_spec(survey: Survey) -> Spec:
    """The survey's current wording as a definition dict (a deep, independent copy)."""
    version = survey.current_version
    if version is None:
        raise EditError("This survey has no questions yet")
    return {
        "slug": survey.slug,
        "audience": survey.audience.value,
        "default_role": survey.default_role.value,
        "title": version.title,
        "intro": version.intro,
        "what_happens_next": version.what_happens_next,
        "questions": [_question_spec(question) for question in version.questions],
    }


def _question_spec(question: Any) -> Spec:
    spec: Spec = {"key": question.key, "type": question.type.value, "prompt": question.prompt,
                  "hint": question.hint, "required": question.required, "error_message": question.error_message}
    if question.type is QuestionType.FREE_TEXT:
        spec["polarity"] = (question.polarity or PromptPolarity.NEUTRAL).value
        spec["max_chars"] = question.max_chars
    elif standard_choices(question.type) is None:
        spec["choices"] = [[choice.value, choice.label] for choice in question.choices]
    return spec


def has_responses(session: Session, version: SurveyVersion) -> bool:
    return bool(session.scalar(select(exists().where(Response.survey_version_id == version.id))))


def response_count(session: Session, survey: Survey) -> int:
    return session.scalar(
        select(func.count(Response.id)).join(SurveyVersion, Response.survey_version_id == SurveyVersion.id)
        .where(SurveyVersion.survey_id == survey.id)) or 0


def response_counts(session: Session) -> dict[int, int]:
    """Responses per survey id, every version together, in one grouped query (a survey with
    none is left out)."""
    rows = session.execute(
        select(SurveyVersion.survey_id, func.count(Response.id))
        .join(Response, Response.survey_version_id == SurveyVersion.id)
        .group_by(SurveyVersion.survey_id))
    return {survey_id: count for survey_id, count in rows}


def all_surveys(session: Session) -> list[Survey]:
    """Every survey, the built-in ones first, then in the order they were made."""
    return list(session.scalars(select(Survey).order_by(Survey.built_in.desc(), Survey.id)))


def check_spec(spec: Spec) -> None:
    if not spec["title"].strip():
        raise EditError("Enter a title for the survey")
    if len(spec["questions"]) > MAX_QUESTIONS:
        raise EditError(f"A survey can have up to {MAX_QUESTIONS} questions. Remove one first")
    keys = [question["key"] for question in spec["questions"]]
    if len(keys) != len(set(keys)) or RESERVED_NAMES & set(keys):
        raise EditError("Two questions have the same name. Change one of them")


def save_spec(session: Session, survey: Survey, spec: Spec, *, by: User | None, action: str) -> SurveyVersion:
    """Save an edited definition: in place if the current version is unanswered, else as a new version."""
    if survey.built_in:
        raise EditError("Built-in surveys cannot be changed. Make a copy and change that")
    check_spec(spec)
    if survey.status is SurveyStatus.OPEN and not spec["questions"]:
        raise EditError("An open survey needs at least one question. Add another question first, "
                        "or close the survey")
    current = survey.current_version
    if current is not None and spec == version_to_spec(survey):
        return current  # nothing changed: no new version, nothing to log
    answered = current is not None and has_responses(session, current)
    _rekey_changed_types(survey, spec, kept=[v for v in survey.versions if v is not current or answered])
    if current is None or answered:
        version = build_version(survey, spec)
        if current is not None:
            copy_translations(current, version)  # kept where the English is unchanged, else out of date
        session.flush()
        record(session, user=by, action=f"survey.{action}", target=f"survey {survey.slug}",
               detail=f"new version {version.number}")
        return version
    current.title = spec["title"].strip()
    current.intro = spec.get("intro", "").strip()
    current.what_happens_next = spec.get("what_happens_next", "").strip()
    # Remove the old questions before adding the new ones: keys and choice values are
    # unique per version, and the unit of work would otherwise insert before it deletes.
    current.questions.clear()
    session.flush()
    for position, question_spec in enumerate(spec["questions"]):
        current.questions.append(build_question(position, question_spec))
    session.flush()
    record(session, user=by, action=f"survey.{action}", target=f"survey {survey.slug}",
           detail=f"version {current.number}")
    return current


def _rekey_changed_types(survey: Survey, spec: Spec, *, kept: list[SurveyVersion]) -> None:
    """A question whose type differs from a kept version's question of the same key gets a
    new key: results and exports put a key's answers in one column, and an agreement scale
    cannot share one with written answers, so the old answers would vanish from view."""
    earlier_types: dict[str, set[str]] = {}
    for version in kept:
        for question in version.questions:
            earlier_types.setdefault(question.key, set()).add(question.type.value)
    taken = set(earlier_types) | {question["key"] for question in spec["questions"]}
    for question in spec["questions"]:
        if earlier_types.get(question["key"], {question["type"]}) != {question["type"]}:
            question["key"] = _unique(question["key"], taken)
            taken.add(question["key"])


def duplicate_survey(session: Session, survey: Survey, *, by: User | None) -> Survey:
    """A draft copy of a survey (usually a built-in one) that can then be edited."""
    spec = copy.deepcopy(version_to_spec(survey))
    spec["title"] = f"Copy of {spec['title']}"[:200]
    taken = set(session.scalars(select(Survey.slug)))
    spec["slug"] = _unique(slugify(spec["title"], fallback="survey").replace("_", "-"), taken, 80, "-")
    copy_ = Survey(slug=spec["slug"], audience=survey.audience, default_role=survey.default_role,
                   status=SurveyStatus.DRAFT, built_in=False, one_question_per_page=survey.one_question_per_page,
                   listed=survey.listed)
    session.add(copy_)
    copy_translations(survey.current_version, build_version(copy_, spec))
    session.flush()
    record(session, user=by, action="survey.duplicate", target=f"survey {copy_.slug}",
           detail=f"copied from {survey.slug}")
    return copy_


def refresh_slug(session: Session, survey: Survey) -> None:
    """Make a draft's web address match its title ("copy-of-..." is not for the public).
    Only while it is a draft with no answers: after that, people may have the link."""
    if survey.status is not SurveyStatus.DRAFT or survey.built_in or response_count(session, survey):
        return
    taken = set(session.scalars(select(Survey.slug).where(Survey.id != survey.id)))
    survey.slug = _unique(slugify(survey.title, fallback="survey").replace("_", "-"), taken, 80, "-")


def choices_from_lines(text: str, existing: list[list[str]] | None = None) -> list[list[str]]:
    """[value, label] pairs from one label per line, keeping the value of any label that
    was there before (so results stay comparable across versions)."""
    known = {label: value for value, label in (existing or [])}
    pairs: list[list[str]] = []
    taken: set[str] = set()
    seen: set[str] = set()
    for line in text.splitlines():
        label = strip_blank_edges(" ".join(line.split()))[:200]
        if not label or label.lower() in seen:
            continue
        seen.add(label.lower())
        value = known.get(label) or _unique(slugify(label, max_length=60, fallback="choice"), taken)
        value = value if value not in taken else _unique(value, taken)
        taken.add(value)
        pairs.append([value, label])
    return pairs


def question_spec(*, question_type: QuestionType, prompt: str, hint: str = "", required: bool = False,
                  error_message: str = "", polarity: PromptPolarity = PromptPolarity.NEUTRAL,
                  max_chars: int | None = None, choices_text: str = "", existing: Spec | None = None,
                  taken_keys: set[str] = frozenset()) -> Spec:
    """A question definition from what the organiser typed. Its key is kept on edit and
    made from the prompt for a new question."""
    prompt = prompt.strip()
    if not prompt:
        raise EditError("Enter the question")
    key = existing["key"] if existing else _unique(slugify(prompt, max_length=50, fallback="question"),
                                                   set(taken_keys))
    spec: Spec = {"key": key, "type": question_type.value, "prompt": prompt, "hint": hint.strip(),
                  "required": required, "error_message": error_message.strip() if required else ""}
    if question_type is QuestionType.FREE_TEXT:
        # No number: the question follows the service's FREE_TEXT_MAX_CHARS.
        if max_chars is not None and not 1 <= max_chars <= MAX_FREE_TEXT_CHARS:
            raise EditError(f"Enter a number of characters between 1 and {MAX_FREE_TEXT_CHARS}")
        spec["polarity"] = polarity.value
        if max_chars:
            spec["max_chars"] = max_chars
    elif standard_choices(question_type) is None:
        pairs = choices_from_lines(choices_text, (existing or {}).get("choices"))
        if len(pairs) < 2:
            raise EditError("Enter at least 2 answers to choose from, one on each line")
        if len(pairs) > MAX_CHOICES:
            raise EditError(f"Enter {MAX_CHOICES} answers or fewer")
        spec["choices"] = pairs
    return spec


def move_question(spec: Spec, key: str, offset: int) -> None:
    questions = spec["questions"]
    index = _index(spec, key)
    target = index + offset
    if 0 <= target < len(questions):
        questions[index], questions[target] = questions[target], questions[index]


def remove_question(spec: Spec, key: str) -> Spec:
    return spec["questions"].pop(_index(spec, key))


def find_question(spec: Spec, key: str) -> Spec | None:
    return next((question for question in spec["questions"] if question["key"] == key), None)


def _index(spec: Spec, key: str) -> int:
    for index, question in enumerate(spec["questions"]):
        if question["key"] == key:
            return index
    raise EditError("That question is no longer in the survey")


def set_status(session: Session, survey: Survey, status: SurveyStatus, *, by: User | None) -> None:
    if status is SurveyStatus.OPEN and (survey.current_version is None or not survey.current_version.questions):
        raise EditError("Add at least one question before you publish the survey")
    if survey.status is status:
        return
    record(session, user=by, action="survey.status", target=f"survey {survey.slug}",
           detail=f"{survey.status.value} -> {status.value}")
    survey.status = status
