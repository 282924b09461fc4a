"""Draft translations of the built-in surveys' wording, shipped with the package.

Each language's file (feedback/data/survey-translations/<code>.json) maps an English text
to its translation, so one entry serves every place the text appears; its "easy_read" part
does the same for the Easy Read wording (feedback/data/surveys/easy-read/). The fixed scale
answers ("Agree", "Yes") come from the interface catalogue instead, so the two never
disagree. A built-in survey gets a language only if it has no translation in that language
yet, and only for the texts whose English is still the shipped English: nothing an
organiser imported or edited is overwritten. No Flask.
"""
from __future__ import annotations

import json
from functools import cache
from importlib import resources

from babel.support import Translations

from ..models import QuestionType, Survey
from ..models.definitions import standard_choices
from ..models.translations import SurveyTranslation
from .content import source_texts, translation_for
from .languages import LANGUAGES, SOURCE_LANGUAGE


@cache
def _shipped(language: str) -> dict:
    item = resources.files("feedback") / "data" / "survey-translations" / f"{language}.json"
    return json.loads(item.read_text(encoding="utf-8")) if item.is_file() else {}


def shipped_texts(language: str) -> dict[str, str]:
    """English → draft translation for one language ({} where none is shipped)."""
    return dict(_shipped(language).get("texts", {}))


def shipped_easy_read(language: str) -> dict[str, str]:
    """Easy Read English → draft translation, for the Easy Read wording that differs from
    the standard wording of the same place (the rest comes from the survey's translation)."""
    return dict(_shipped(language).get("easy_read", {}))


@cache
def _catalogue(language: str) -> Translations:
    folder = resources.files("feedback") / "translations"
    return Translations.load(str(folder), [language])


def _standard_labels(language: str) -> dict[str, str]:
    """The interface catalogue's translation of each fixed scale answer."""
    catalogue = _catalogue(language)
    labels = {}
    for question_type in (QuestionType.AGREEMENT, QuestionType.YES_NO):
        for _value, english, _score in standard_choices(question_type) or []:
            translated = catalogue.gettext(english)
            if translated != english:
                labels[english] = translated
    return labels


def add_builtin_translations(survey: Survey) -> list[str]:
    """Give the survey's current version each shipped language it lacks; the codes added."""
    version = survey.current_version
    if version is None:
        return []
    added = []
    for language in LANGUAGES:
        if language == SOURCE_LANGUAGE or translation_for(version, language) is not None:
            continue
        known = shipped_texts(language) | _standard_labels(language)
        texts = {text.place: [text.english, known[text.english]]
                 for text in source_texts(version) if text.english in known}
        if texts:
            version.translations.append(SurveyTranslation(language=language, texts=texts))
            added.append(language)
    return added
