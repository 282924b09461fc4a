"""The built-in surveys come in every shipped language as drafts, and shipping them never
overwrites a translation an organiser imported or a wording they changed."""
from __future__ import annotations

import pytest

from feedback.i18n.builtin import add_builtin_translations
from feedback.i18n.content import save_translation, source_texts, translation_for, translation_state
from feedback.i18n.languages import LANGUAGES
from feedback.organise.survey_editing import duplicate_survey, save_spec, version_to_spec
from feedback.setup_data import load_builtin_surveys
from tests.pages import parse

OTHER_LANGUAGES = [code for code in LANGUAGES if code != "en"]
BUILT_IN = ["after-an-event", "involving-people-in-qi-staff"]


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
@pytest.mark.parametrize("slug", BUILT_IN)
def test_each_built_in_survey_is_wholly_translated_as_a_draft(builtin, slug, code):
    version = builtin[slug].current_version
    translation = translation_for(version, code)
    state = translation_state(version, translation)
    assert state.is_complete, [text.english for text in state.missing]
    assert translation.reviewed_by is None and translation.reviewed_on is None
    assert all(translated != english for english, translated in translation.texts.values())


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_a_respondent_reads_the_staff_survey_in_their_language_with_the_draft_note(client, builtin, code):
    survey = builtin["involving-people-in-qi-staff"]
    page = parse(client.get(f"/s/{survey.slug}?lang={code}").get_data(as_text=True))
    expected = translation_for(survey.current_version, code).texts["title"][1]
    assert page.select_one("h1").get_text(strip=True) == expected
    assert page.select_one(".feedback-languages__draft") is not None
    assert page.select_one('form#survey-form [lang="en"]') is None


def test_the_scale_answers_are_the_interface_catalogues_words(builtin):
    texts = translation_for(builtin["after-an-event"].current_version, "pl").texts
    assert texts["question.listened_to.choice.agree"] == ["Agree", "Zgadzam się"]


def test_an_imported_translation_is_never_overwritten_by_setup(session, builtin):
    survey = builtin["after-an-event"]
    save_translation(survey.current_version, "tr", {"title": "Etkinlik hakkında"})
    session.commit()
    load_builtin_surveys(session)
    session.commit()
    assert translation_for(survey.current_version, "tr").texts["title"][1] == "Etkinlik hakkında"


def test_a_changed_wording_gets_no_shipped_translation(session, builtin):
    survey = duplicate_survey(session, builtin["after-an-event"], by=None)
    spec = version_to_spec(survey)
    spec["questions"][0]["prompt"] = "Which of these describes you?"
    save_spec(session, survey, spec, by=None, action="edit")
    survey.current_version.translations.clear()
    session.commit()
    assert add_builtin_translations(survey) == OTHER_LANGUAGES
    translated = translation_for(survey.current_version, "cy").texts
    assert "question.role.prompt" not in translated
    assert translated["question.role.hint"][1] == "Mae hyn yn ein helpu i weld pwy gymerodd ran."
    places = {text.place for text in source_texts(survey.current_version)}
    assert set(translated) == places - {"question.role.prompt", "title"}  # a copy has a title of its own
