"""Choosing a language: every public page offers each one in its own name, the choice is
kept, the browser's language is only a hint, and switching never loses what was typed."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from feedback.i18n.languages import LANGUAGES
from feedback.models import Response
from tests.helpers import open_form, reshown
from tests.pages import parse

EVENT_SURVEY = "/s/after-an-event"
NATIVE_NAMES = ["English", "বাংলা", "اردو", "Türkçe", "Soomaali", "Polski", "Cymraeg"]


def page_language(response) -> tuple[str, str]:
    html = parse(response.get_data(as_text=True)).html
    return html["lang"], html.get("dir", "")


def switch_names(response) -> list[str]:
    nav = parse(response.get_data(as_text=True)).select_one("nav.feedback-languages")
    return [item.get_text(strip=True) for item in nav.select("li")] if nav else []


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_every_public_page_is_marked_with_the_chosen_language_and_direction(client, builtin, code):
    expected_dir = "rtl" if code == "ur" else "ltr"
    for path in ["/", EVENT_SURVEY, "/e/DEMO/after-an-event", "/accessibility", "/how-we-use-your-answers"]:
        response = client.get(f"{path}?lang={code}")
        assert response.status_code == 200, path
        assert page_language(response) == (code, expected_dir), path
        assert switch_names(response) == NATIVE_NAMES, path
    missing = client.get("/no-such-page")
    assert missing.status_code == 404 and page_language(missing) == (code, expected_dir)


def test_the_switch_names_each_language_in_its_own_script_and_marks_the_current_one(client, builtin):
    page = parse(client.get("/?lang=ur").get_data(as_text=True))
    current = page.select_one(".feedback-languages [aria-current]")
    assert current.get_text() == "اردو" and current["lang"] == "ur" and current["dir"] == "rtl"
    polish = page.select_one('.feedback-languages a[hreflang="pl"]')
    assert polish["href"] == "/?lang=pl" and polish["lang"] == "pl" and polish["dir"] == "ltr"


def test_a_link_keeps_the_other_parts_of_its_address(client, builtin):
    page = parse(client.get("/?code=&lang=cy").get_data(as_text=True))
    assert page.select_one('.feedback-languages a[hreflang="tr"]')["href"] == "/?code=&lang=tr"


@pytest.mark.parametrize("path, written", [("/%5Cevil.example", "/%5Cevil.example"),
                                           ("/%5C%5Cevil.example", "/%5C%5Cevil.example"),
                                           ("/%2F%2Fevil.example", "/evil.example")])
def test_a_link_on_a_missing_page_never_leads_to_another_site(client, builtin, path, written):
    missing = client.get(path)
    assert missing.status_code == 404
    links = [link["href"] for link in parse(missing.get_data(as_text=True)).select(".feedback-languages a")]
    assert links and all(link.startswith(written + "?lang=") for link in links), links


def test_the_choice_is_remembered_on_the_next_pages(client, builtin):
    client.get("/?lang=pl")
    assert page_language(client.get(EVENT_SURVEY))[0] == "pl"
    assert page_language(client.get("/accessibility"))[0] == "pl"


def test_the_browsers_language_is_a_hint_that_a_choice_overrides(client, builtin):
    hinted = client.get("/", headers={"Accept-Language": "tr-TR,tr;q=0.9,en;q=0.5"})
    assert page_language(hinted)[0] == "tr"
    client.get("/?lang=en", headers={"Accept-Language": "tr"})
    assert page_language(client.get("/", headers={"Accept-Language": "tr"}))[0] == "en"


@pytest.mark.parametrize("asked", ["xx", "", "ur" * 500, "../en", "%00"])
def test_an_unknown_language_is_ignored_without_an_error(client, builtin, asked):
    response = client.get("/", query_string={"lang": asked})
    assert response.status_code == 200
    assert page_language(response)[0] == "en"


def test_draft_languages_are_not_offered_when_the_setting_is_off(app, client, builtin):
    app.config["OFFER_DRAFT_LANGUAGES"] = False
    response = client.get("/?lang=ur", headers={"Accept-Language": "bn"})
    assert page_language(response) == ("en", "ltr")
    assert switch_names(response) == [], "a switch with English alone is no choice"


def test_a_draft_language_says_so_to_respondents(client, builtin):
    draft_note = parse(client.get("/?lang=so").get_data(as_text=True)).select_one(".feedback-languages__draft")
    assert draft_note is not None
    assert parse(client.get("/?lang=en").get_data(as_text=True)).select_one(".feedback-languages__draft") is None


def test_organiser_pages_stay_in_english(client, builtin):
    client.get("/?lang=ur")
    response = client.get("/organise/sign-in")
    assert page_language(response) == ("en", "ltr")
    assert switch_names(response) == []


def test_switching_language_on_the_survey_keeps_every_answer_and_sends_nothing(client, session, builtin):
    data = open_form(client, EVENT_SURVEY)
    page = parse(client.get(EVENT_SURVEY).get_data(as_text=True))
    button = page.select_one('.feedback-languages button[value="ur"]')
    assert button["form"] == page.select_one("form[method=post]")["id"]
    assert button.has_attr("formnovalidate") and button["name"] == "switch_language"
    data.update({"role": "carer", "listened_to": "agree", "what_helped": "Free parking, and تھینک یو",
                 "switch_language": "ur"})
    # Shown again by a redirect, so Back afterwards never asks to resubmit the form.
    response = reshown(client, client.post(EVENT_SURVEY, data=data))
    assert page_language(response) == ("ur", "rtl")
    shown = parse(response.get_data(as_text=True))
    assert shown.select_one("input[name=role][value=carer]").has_attr("checked")
    assert shown.select_one("input[name=listened_to][value=agree]").has_attr("checked")
    assert shown.select_one("textarea[name=what_helped]").get_text() == "Free parking, and تھینک یو"
    assert not shown.select(".nhsuk-error-summary"), "a switch is not a failed send"
    assert shown.select_one("input[name=submission_key]")["value"] == data["submission_key"]
    assert session.scalar(select(func.count()).select_from(Response)) == 0
    # Then sending stores one response, in the language it was answered in.
    sent = client.post(EVENT_SURVEY, data={**{key: value for key, value in data.items() if key != "switch_language"}})
    assert sent.status_code == 303
    assert session.scalars(select(Response)).one().language == "ur"


def test_a_switch_to_a_language_not_offered_keeps_the_answers_in_the_current_one(client, session, builtin):
    data = open_form(client, EVENT_SURVEY)
    data.update({"what_helped": "The tea", "switch_language": "klingon"})
    response = reshown(client, client.post(EVENT_SURVEY, data=data))
    assert page_language(response)[0] == "en"
    assert parse(response.get_data(as_text=True)).select_one("textarea[name=what_helped]").get_text() == "The tea"
    assert session.scalar(select(func.count()).select_from(Response)) == 0


def test_the_accessibility_statement_names_each_language_and_its_review_status(client, builtin):
    page = parse(client.get("/accessibility").get_data(as_text=True))
    items = [" ".join(item.get_text(" ", strip=True).split()) for item in page.select("main ul.feedback-language-status li")]
    assert items == [f"{name}: not checked yet, this is a draft" for name in [
        "বাংলা (Bengali)", "اردو (Urdu)", "Türkçe (Turkish)", "Soomaali (Somali)", "Polski (Polish)", "Cymraeg (Welsh)"]]
    assert page.select_one('main ul.feedback-language-status span[lang="ur"]')["dir"] == "rtl"


@pytest.mark.parametrize("code", [code for code in LANGUAGES if code != "en"])
def test_the_survey_page_is_in_the_chosen_language_with_the_help_numbers_kept(client, builtin, code):
    page = parse(client.get(f"{EVENT_SURVEY}?lang={code}").get_data(as_text=True))
    button = page.select_one("form#survey-form button.nhsuk-button").get_text(strip=True)
    assert button and button != "Send my answers"
    legends = [legend.get_text(" ", strip=True) for legend in page.select("fieldset legend")]
    assert not any(legend.endswith("(optional)") for legend in legends)
    agreement = page.select_one("label[for=listened_to]").get_text(strip=True)
    assert agreement != "Strongly agree"
    # The built-in survey's own wording ships in each language (drafts), so none is left in English.
    assert page.select_one("h1").get_text(strip=True) != "Tell us about the event you came to"
    assert page.select_one('form#survey-form [lang="en"]') is None



@pytest.mark.parametrize("code", [code for code in LANGUAGES if code != "en"])
def test_the_lists_of_surveys_name_each_in_the_chosen_language(client, session, builtin, code):
    # Someone reading Bengali must be able to tell which survey is theirs before opening it.
    builtin["demo_event"].surveys = [builtin["after-an-event"], builtin["involving-people-in-qi-staff"]]
    session.commit()
    titles = {}
    for slug in ("after-an-event", "involving-people-in-qi-staff"):
        titles[slug] = parse(client.get(f"/s/{slug}?lang={code}").get_data(as_text=True)).select_one("h1")
    for path in ("/", "/e/DEMO"):
        page = parse(client.get(f"{path}?lang={code}").get_data(as_text=True))
        for slug, heading in titles.items():
            link = page.select_one(f'a[href$="/{slug}"]')
            assert link.get_text(strip=True) == heading.get_text(strip=True) != builtin[slug].title, (path, slug)
            assert not link.has_attr("lang"), "in the page's language, so not marked as English"


def test_a_survey_without_a_translation_is_listed_in_english_and_marked_so(client, session, builtin):
    version = builtin["after-an-event"].current_version
    for translation in version.translations:
        session.delete(translation)
    session.commit()
    link = parse(client.get("/?lang=cy").get_data(as_text=True)).select_one('a[href$="/after-an-event"]')
    assert link.get_text(strip=True) == builtin["after-an-event"].title
    assert link["lang"] == "en" and link["dir"] == "ltr"


@pytest.mark.parametrize("code", [code for code in LANGUAGES if code != "en"])
def test_every_translated_help_line_keeps_its_phone_numbers(app, code):
    from flask_babel import force_locale, gettext
    with app.test_request_context(), force_locale(code):
        html = app.jinja_env.get_template("surveys/help_now.html").render()
    for link in ('href="tel:111"', 'href="tel:999"', 'href="tel:116123"', 'href="sms:85258"', "https://111.nhs.uk"):
        assert link in html, f"{code}: {link} missing from the help lines"
    assert "For urgent help" not in html and gettext
