"""Easy Read: the same survey, with the same question keys (so its answers count with the
standard version's), in short sentences and common words, a picture beside each question
and the agreement scale as faces with words under each face. No Flask.

The wording is in feedback/data/surveys/easy-read/<slug>.json, for the built-in surveys.
It is English; on a page in another language each Easy Read text comes from the shipped
draft translations (feedback/data/survey-translations/<code>.json, "easy_read"), the
standard wording's translation where the Easy Read text is the standard one, and the
interface catalogue for the face words.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from importlib import resources
from typing import Any

from ..models.definitions import N_
from ..models.types import QuestionType
from .builtin import shipped_easy_read
from .content import ShownQuestion, ShownText, ShownVersion
from .languages import SOURCE_LANGUAGE

FORMAT_FIELD = "_format"        # hidden in each page's form: the version being shown
SWITCH_FORMAT_FIELD = "_switch_format"
FORMAT_QUERY = "format"         # ?format=easy-read in a link or QR code
EASY_READ, STANDARD = "easy-read", "standard"

# Each picture's text alternative says what it shows, so the picture means the same heard.
PICTURES: dict[str, str] = {
    "person": N_("Picture of a person with a question mark"),
    "listening": N_("Picture of two people talking. One is listening."),
    "equal": N_("Picture of two people the same size, with an equals sign between them"),
    "information": N_("Picture of a page of writing with a tick"),
    "support": N_("Picture of a hand helping a person"),
    "thumbs-up": N_("Picture of a thumb pointing up"),
    "barrier": N_("Picture of a barrier across a path"),
    "again": N_("Picture of a calendar with an arrow going round"),
    "leader": N_("Picture of a person with a star"),
    "time": N_("Picture of a clock"),
    "know-how": N_("Picture of a light bulb"),
    "money": N_("Picture of coins with a pound sign"),
    "team": N_("Picture of three people together"),
}
# The agreement scale as faces, by the choice's value; the words sit under each face.
FACES: dict[str, str] = {
    "strongly_agree": N_("I agree a lot"),
    "agree": N_("I agree"),
    "neither": N_("I am not sure"),
    "disagree": N_("I do not agree"),
    "strongly_disagree": N_("I do not agree at all"),
}


@cache
def definition(slug: str) -> dict[str, Any] | None:
    """The Easy Read wording of the survey with this address, if it has one."""
    item = resources.files("feedback") / "data" / "surveys" / "easy-read" / f"{slug}.json"
    return json.loads(item.read_text(encoding="utf-8")) if item.is_file() else None


def has_easy_read(slug: str) -> bool:
    return definition(slug) is not None


def picture_of(slug: str, key: str) -> str | None:
    """The name of the picture beside this question (feedback/static/easy-read/NAME.svg)."""
    found = definition(slug)
    question = (found or {}).get("questions", {}).get(key) or {}
    return question.get("picture") if question.get("picture") in PICTURES else None


def easy_read_version(shown: ShownVersion, slug: str, translate: Callable[[str], str]) -> ShownVersion:
    """`shown` (the version in the page's language) in Easy Read: its wording, translated
    where the version is shown in another language, and the face words (through
    `translate`) on every agreement scale."""
    found = definition(slug) or {}
    english = shown.language == SOURCE_LANGUAGE
    translated = {} if english else shipped_easy_read(shown.language)

    def text(value: str | None, standard: ShownText) -> ShownText:
        if value and english:
            return ShownText(value, SOURCE_LANGUAGE)
        if value in translated:
            return ShownText(translated[value], shown.language)
        return standard

    questions = [_easy_question(question, found.get("questions", {}).get(question.key) or {}, text, translate,
                                shown.language)
                 for question in shown.questions]
    return replace(shown, title=text(found.get("title"), shown.title), intro=text(found.get("intro"), shown.intro),
                   what_happens_next=text(found.get("what_happens_next"), shown.what_happens_next),
                   questions=questions)


def _easy_question(question: ShownQuestion, wording: dict[str, Any], text: Callable[..., ShownText],
                   translate: Callable[[str], str], language: str) -> ShownQuestion:
    labels = wording.get("choices") or {}
    choices = []
    for choice in question.choices:
        if question.type is QuestionType.AGREEMENT and choice.value in FACES:
            face = translate(FACES[choice.value])
            label = ShownText(face, language if face != FACES[choice.value] or language == SOURCE_LANGUAGE
                              else SOURCE_LANGUAGE)
        else:
            label = text(labels.get(choice.value), choice.label)
        choices.append(replace(choice, label=label))
    return replace(question, prompt=text(wording.get("prompt"), question.prompt),
                   hint=text(wording.get("hint"), question.hint),
                   error_message=text(wording.get("error_message"), question.error_message), choices=choices)
