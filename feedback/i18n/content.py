"""Survey wording in other languages: what there is to translate, how much of it is, and
the version as a respondent sees it in their language. No Flask.

Each text of a version has a place (see SurveyTranslation). A translation counts for a
text only while the English it was made from is still the English shown; otherwise the
English is shown, marked as English so it is read out and laid out as such.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..models import QuestionType, SurveyVersion
from ..models.surveys import Question
from ..models.translations import SurveyTranslation
from .languages import SOURCE_LANGUAGE

TITLE_LIMIT = 200      # SurveyVersion.title and Choice.label are 200 characters
CHOICE_LIMIT = 200
TEXT_LIMIT = 2000


@dataclass(frozen=True)
class SourceText:
    place: str
    description: str   # for a translator: "Question 2: hint"
    english: str
    limit: int


def source_texts(version: SurveyVersion) -> list[SourceText]:
    """Every text of the version a respondent reads, in page order, blanks left out."""
    texts = [SourceText("title", "Title", version.title, TITLE_LIMIT),
             SourceText("intro", "Introduction", version.intro, TEXT_LIMIT),
             SourceText("what_happens_next", "What happens next (thank-you page)", version.what_happens_next,
                        TEXT_LIMIT)]
    for number, question in enumerate(version.questions, start=1):
        base = f"question.{question.key}"
        texts += [SourceText(f"{base}.prompt", f"Question {number}", question.prompt, TEXT_LIMIT),
                  SourceText(f"{base}.hint", f"Question {number}: hint", question.hint, TEXT_LIMIT),
                  SourceText(f"{base}.error_message", f"Question {number}: message if not answered",
                             question.error_message, TEXT_LIMIT)]
        if question.type is not QuestionType.SCALE_0_10:  # numbers need no translation
            texts += [SourceText(f"{base}.choice.{choice.value}", f"Question {number}: answer {index}",
                                 choice.label, CHOICE_LIMIT)
                      for index, choice in enumerate(question.choices, start=1)]
    return [text for text in texts if text.english.strip()]


def translation_for(version: SurveyVersion, language: str) -> SurveyTranslation | None:
    return next((item for item in version.translations if item.language == language), None)


def current_texts(version: SurveyVersion, translation: SurveyTranslation | None) -> dict[str, str]:
    """The translations that still match the version's English, by place."""
    if translation is None:
        return {}
    stored = translation.texts or {}
    kept = {}
    for text in source_texts(version):
        pair = stored.get(text.place)
        if isinstance(pair, list) and len(pair) == 2 and pair[0] == text.english and str(pair[1]).strip():
            kept[text.place] = str(pair[1])
    return kept


@dataclass(frozen=True)
class TranslationState:
    translated: int
    total: int
    out_of_date: list[SourceText] = field(default_factory=list)   # translated once, English changed since
    missing: list[SourceText] = field(default_factory=list)       # never translated

    @property
    def is_complete(self) -> bool:
        return self.translated == self.total


def translation_state(version: SurveyVersion, translation: SurveyTranslation | None) -> TranslationState:
    kept = current_texts(version, translation)
    stored = (translation.texts or {}) if translation else {}
    texts = source_texts(version)
    stale = [text for text in texts if text.place not in kept and text.place in stored]
    missing = [text for text in texts if text.place not in kept and text.place not in stored]
    return TranslationState(translated=len(kept), total=len(texts), out_of_date=stale, missing=missing)


def save_translation(version: SurveyVersion, language: str, translated: dict[str, str]) -> SurveyTranslation:
    """Store translations (by place) for the version's current English; the caller commits.
    Places the version does not have are ignored (the import refuses them before this)."""
    english = {text.place: text.english for text in source_texts(version)}
    translation = translation_for(version, language)
    if translation is None:
        translation = SurveyTranslation(language=language, texts={})
        version.translations.append(translation)
    texts = dict(translation.texts or {})
    for place, text in translated.items():
        if place in english:
            texts[place] = [english[place], text]
    translation.texts = texts  # a new dict, so the JSON column is seen to change
    translation.reviewed_by = translation.reviewed_on = None  # changed text is a draft again
    return translation


def copy_translations(source: SurveyVersion, target: SurveyVersion) -> None:
    """Carry translations to a new version: each text still counts wherever its English is
    unchanged, and the rest show as out of date."""
    for translation in source.translations:
        target.translations.append(SurveyTranslation(language=translation.language,
                                                     texts=dict(translation.texts or {})))


class ShownText(str):
    """Text for the page, with the language it is actually in (English where no current
    translation exists), so templates can mark it with lang and dir."""
    lang: str

    def __new__(cls, text: str, lang: str) -> "ShownText":
        made = super().__new__(cls, text)
        made.lang = lang
        return made


@dataclass(frozen=True)
class ShownChoice:
    value: str
    label: ShownText
    score: int | None
    id: int | None = None


@dataclass(frozen=True)
class ShownQuestion:
    """A question as the form and the page use it, in the respondent's language."""
    id: int | None
    key: str
    type: QuestionType
    prompt: ShownText
    hint: ShownText
    error_message: ShownText
    required: bool
    polarity: object
    max_chars: int | None
    choices: list[ShownChoice]


@dataclass(frozen=True)
class ShownVersion:
    id: int
    number: int
    title: ShownText
    intro: ShownText
    what_happens_next: ShownText
    questions: list[ShownQuestion]
    language: str
    survey: object = None
    survey_id: int | None = None


def shown_version(version: SurveyVersion, language: str, *,
                  standard_label: Callable[[str], str] | None = None) -> ShownVersion:
    """The version in `language`, text by text, English wherever no current translation
    exists. `standard_label` translates the fixed scale answers ("Agree", "Yes") that the
    interface catalogue already holds, when the survey's translation does not."""
    translation = translation_for(version, language) if language != SOURCE_LANGUAGE else None
    kept = current_texts(version, translation)

    def shown(place: str, english: str, fallback: Callable[[str], str] | None = None) -> ShownText:
        if place in kept:
            return ShownText(kept[place], language)
        if fallback and english and language != SOURCE_LANGUAGE:
            translated = fallback(english)
            if translated != english:
                return ShownText(translated, language)
        return ShownText(english, SOURCE_LANGUAGE)

    return ShownVersion(
        id=version.id, number=version.number, language=language, survey=version.survey, survey_id=version.survey_id,
        title=shown("title", version.title), intro=shown("intro", version.intro),
        what_happens_next=shown("what_happens_next", version.what_happens_next),
        questions=[_shown_question(question, shown, standard_label) for question in version.questions],
    )


def shown_version_text(version: SurveyVersion, language: str, place: str) -> ShownText:
    """One of the version's own texts ("title", "intro", "what_happens_next") in `language`,
    as shown_version gives it, without reading the questions (the thank-you page needs one)."""
    english = getattr(version, place)
    translation = translation_for(version, language) if language != SOURCE_LANGUAGE else None
    pair = (translation.texts or {}).get(place) if translation else None
    if (english.strip() and isinstance(pair, list) and len(pair) == 2 and pair[0] == english
            and str(pair[1]).strip()):
        return ShownText(str(pair[1]), language)
    return ShownText(english, SOURCE_LANGUAGE)


def _shown_question(question: Question, shown: Callable[..., ShownText],
                    standard_label: Callable[[str], str] | None) -> ShownQuestion:
    base = f"question.{question.key}"
    fixed = standard_label if question.type in (QuestionType.AGREEMENT, QuestionType.YES_NO) else None
    return ShownQuestion(
        id=question.id, key=question.key, type=question.type, required=question.required,
        polarity=question.polarity, max_chars=question.max_chars,
        prompt=shown(f"{base}.prompt", question.prompt), hint=shown(f"{base}.hint", question.hint),
        error_message=shown(f"{base}.error_message", question.error_message),
        choices=[ShownChoice(value=choice.value, score=choice.score, id=choice.id,
                             label=shown(f"{base}.choice.{choice.value}", choice.label, fixed))
                 for choice in question.choices],
    )
