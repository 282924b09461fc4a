"""Every shipped interface catalogue keeps the English placeholders and markup, so a
translated page never fails to format (a KeyError on %(name)s) or shows a broken link, and
has every plural form its language needs."""
from __future__ import annotations

import re
from collections import Counter

import pytest
from babel.messages.pofile import read_po

from feedback import PROJECT_ROOT
from feedback.i18n.languages import LANGUAGES, SOURCE_LANGUAGE

CATALOGUES = PROJECT_ROOT / "feedback" / "translations"
OTHER_LANGUAGES = [code for code in LANGUAGES if code != SOURCE_LANGUAGE]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]")
TAG = re.compile(r"</?([a-zA-Z]+)")


def catalogue(code: str):
    with (CATALOGUES / code / "LC_MESSAGES" / "messages.po").open("rb") as file:
        return read_po(file)


def translated(code: str):
    """(English forms, translated forms) of each message with a translation Babel compiles."""
    for message in catalogue(code):
        if not message.id or message.fuzzy:
            continue
        english = message.id if isinstance(message.id, tuple) else (message.id,)
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if any(forms):
            yield english, forms


def placeholders(text: str) -> set[str]:
    return {match.group(0) for match in PLACEHOLDER.finditer(text)}


def tags(text: str) -> Counter:
    return Counter(match.group(0) for match in TAG.finditer(text))


def test_the_placeholder_check_finds_a_missing_or_renamed_name():
    assert placeholders("Question %(number)s of %(total)s") == {"%(number)s", "%(total)s"}
    assert placeholders("Soru %(number)s / %(toplam)s") != placeholders("Question %(number)s of %(total)s")
    assert tags('<a href="mailto:%(email)s">x</a>') == Counter({"<a": 1, "</a": 1})


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_every_translation_keeps_the_english_placeholders_and_markup(code):
    for english, forms in translated(code):
        wanted = set().union(*(placeholders(text) for text in english))
        for form in forms:
            assert placeholders(form) == wanted, (code, english[0], form)
            assert tags(form) == tags(english[0]), (code, english[0], form)


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_every_plural_has_each_form_its_language_needs(code):
    found = catalogue(code)
    for english, forms in translated(code):
        if len(english) > 1:
            assert len(forms) == found.num_plurals and all(forms), (code, english[0])


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_babel_finds_no_format_error(code):
    assert [(message.id, errors) for message, errors in catalogue(code).check()] == []


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_every_string_is_translated(code):
    # New strings arrive empty and changed ones fuzzy (make translations-update); both show
    # in English, which the README says no public page does.
    untranslated = [message.id for message in catalogue(code) if message.id and (
        message.fuzzy or not all(message.string if isinstance(message.string, tuple) else (message.string,)))]
    assert untranslated == [], (code, len(untranslated))
