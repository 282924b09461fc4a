"""A respondent who chooses Easy Read and another language gets both: the Easy Read wording
of each built-in survey has a draft translation in every shipped language, and the page
shows it (right to left in Urdu) with the pictures and faces."""
from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from feedback.i18n.builtin import shipped_easy_read, shipped_texts
from feedback.i18n.easy_read import definition
from feedback.i18n.languages import LANGUAGES, SOURCE_LANGUAGE
from feedback.setup_data import builtin_survey_definitions
from tests.helpers import carried, move_on
from tests.pages import check_page

OTHER_LANGUAGES = [code for code in LANGUAGES if code != SOURCE_LANGUAGE]
BUILT_IN = builtin_survey_definitions()


def easy_and_standard(spec) -> list[tuple[str, str | None]]:
    """(Easy Read English, standard English of the same place) for every text of a survey."""
    easy = definition(spec["slug"])
    pairs = [(easy[field], spec[field]) for field in ("title", "intro", "what_happens_next")]
    for question in spec["questions"]:
        wording = easy["questions"][question["key"]]
        pairs += [(wording[field], question.get(field)) for field in ("prompt", "hint", "error_message")
                  if wording.get(field)]
        standard = dict(question.get("choices") or [])
        pairs += [(label, standard.get(value)) for value, label in (wording.get("choices") or {}).items()]
    return pairs


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
@pytest.mark.parametrize("spec", BUILT_IN, ids=[spec["slug"] for spec in BUILT_IN])
def test_every_easy_read_text_has_a_draft_translation(spec, code):
    translated = shipped_easy_read(code)
    for easy, standard in easy_and_standard(spec):
        if easy == standard:  # the standard version's translation serves it
            assert easy in shipped_texts(code), (code, easy)
            continue
        assert translated.get(easy, easy) != easy, (code, easy)
        assert translated[easy].count("\n\n") == easy.count("\n\n"), (code, easy)  # the same paragraphs


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_no_easy_read_translation_is_left_over_from_an_old_wording(code):
    every = {easy for spec in BUILT_IN for easy, _standard in easy_and_standard(spec)}
    assert set(shipped_easy_read(code)) <= every


def urdu(text: str) -> str:
    return shipped_easy_read("ur")[text]


def test_the_easy_read_survey_in_urdu_reads_right_to_left_in_easy_urdu(client, builtin):
    url = "/s/after-an-event"
    start = client.get(f"{url}?format=easy-read&lang=ur")
    page = check_page(start.get_data(as_text=True))
    assert page.html["lang"] == "ur" and page.html["dir"] == "rtl"
    assert page.find("h1").get_text(strip=True) == urdu("Tell us about the meeting you went to")
    assert "ہم جاننا چاہتے ہیں کہ کیا مشکل تھا۔" in page.get_text()
    assert page.select_one(".feedback-languages__draft") is not None

    first = move_on(client, url, MultiDict(carried(str(page)) + [("_go", "next")]))
    page = check_page(first.get_data(as_text=True))
    assert page.find("h1").get_text(strip=True) == "آپ کون ہیں؟"
    assert urdu("This helps us know who came.") in page.get_text()
    assert urdu("I look after someone who uses mental health services") in page.get_text()
    assert page.select_one("img.feedback-easy-read__picture")["alt"] == "ایک شخص کی تصویر جس کے ساتھ سوالیہ نشان ہے"

    second = move_on(client, url, MultiDict(carried(str(page)) + [("role", "carer"), ("_go", "next")]))
    page = check_page(second.get_data(as_text=True))
    assert page.find("h1").get_text(strip=True) == urdu("People listened to me.") + " (اختیاری)"
    faces = [item.get_text(strip=True) for item in page.select(".feedback-faces .feedback-face__words")]
    assert faces == ["میں بہت متفق ہوں", "میں متفق ہوں", "مجھے یقین نہیں", "میں متفق نہیں ہوں",
                     "میں بالکل متفق نہیں ہوں"]
    assert page.select_one('form#survey-form [lang="en"]') is None  # nothing fell back to English


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_the_easy_read_staff_survey_opens_in_each_language(client, builtin, code):
    page = check_page(client.get(f"/s/involving-people-in-qi-staff?format=easy-read&lang={code}")
                      .get_data(as_text=True))
    easy = definition("involving-people-in-qi-staff")
    assert page.find("h1").get_text(strip=True) == shipped_easy_read(code)[easy["title"]]
    first_paragraph = shipped_easy_read(code)[easy["intro"]].split("\n\n")[0]
    assert first_paragraph in page.get_text()
