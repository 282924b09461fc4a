"""The languages the service speaks, each with its own name, direction and review status.

Every translation written in this project is a draft until a fluent speaker has reviewed
it: the status lives here, in one place, so the language switch, the organiser pages, the
accessibility statement and the README's check all read the same answer. Recording a
review means setting `reviewed_by` and `reviewed_on` for that language.
No Flask here.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

SOURCE_LANGUAGE = "en"


@dataclass(frozen=True)
class Language:
    code: str              # BCP 47, as in <html lang> and ?lang=
    english_name: str
    native_name: str       # how the switch names it, so a reader finds their own language
    direction: str = "ltr"
    reviewed_by: str | None = None
    reviewed_on: date | None = None

    @property
    def is_reviewed(self) -> bool:
        return self.code == SOURCE_LANGUAGE or bool(self.reviewed_by and self.reviewed_on)

    @property
    def status(self) -> str:
        """"source", "reviewed" or "draft"."""
        if self.code == SOURCE_LANGUAGE:
            return "source"
        return "reviewed" if self.is_reviewed else "draft"


LANGUAGES: dict[str, Language] = {language.code: language for language in [
    Language("en", "English", "English"),
    Language("bn", "Bengali", "বাংলা"),
    Language("ur", "Urdu", "اردو", direction="rtl"),
    Language("tr", "Turkish", "Türkçe"),
    Language("so", "Somali", "Soomaali"),
    Language("pl", "Polish", "Polski"),
    Language("cy", "Welsh", "Cymraeg"),
]}


def language(code: str | None) -> Language | None:
    """The language with this code (any case, 'ur-PK' finds 'ur'), or None."""
    if not code:
        return None
    code = code.strip().replace("_", "-").lower()
    return LANGUAGES.get(code) or LANGUAGES.get(code.split("-", 1)[0])


def offered_languages(*, offer_drafts: bool) -> list[Language]:
    """The languages respondents may choose, English first."""
    return [item for item in LANGUAGES.values() if item.is_reviewed or offer_drafts]
