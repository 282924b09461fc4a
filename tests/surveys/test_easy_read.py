"""Easy Read: each built-in survey has it, with the same question keys, short sentences, a
picture with a text alternative beside each question and faces with words on the scales;
an event can open in it, and switching to it and back keeps every answer."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from feedback import PROJECT_ROOT
from feedback.i18n.easy_read import FACES, PICTURES, definition
from feedback.models import Event, Response
from feedback.setup_data import builtin_survey_definitions
from tests.helpers import carried, move_on, reshown
from tests.pages import check_page, parse

PICTURE_FOLDER = PROJECT_ROOT / "feedback" / "static" / "easy-read"
BUILT_IN = builtin_survey_definitions()
# Easy Read guidance: a sentence of about 15 words at most, one idea in each.
LONGEST_SENTENCE = 15


def sentences(text: str) -> list[str]:
    return [part for part in re.split(r"(?<=[.?!])\s+|\n+", text) if part.strip()]


@pytest.mark.parametrize("spec", BUILT_IN, ids=[spec["slug"] for spec in BUILT_IN])
def test_each_built_in_survey_has_easy_read_for_every_question_and_answer(spec):
    easy = definition(spec["slug"])
    assert easy is not None, f"{spec['slug']} has no Easy Read version"
    assert set(easy["questions"]) == {question["key"] for question in spec["questions"]}
    for question in spec["questions"]:
        wording = easy["questions"][question["key"]]
        assert wording["prompt"].strip()
        # Easy Read may explain more than the standard version, never less.
        assert wording.get("hint") or not question.get("hint"), question["key"]
        assert wording.get("error_message") or not question.get("error_message"), question["key"]
        if question["type"] in ("single_choice", "multiple_choice"):
            assert set(wording["choices"]) == {value for value, _label in question["choices"]}
        assert wording["picture"] in PICTURES
        assert (PICTURE_FOLDER / f"{wording['picture']}.svg").is_file()


@pytest.mark.parametrize("spec", BUILT_IN, ids=[spec["slug"] for spec in BUILT_IN])
def test_easy_read_sentences_are_short(spec):
    easy = definition(spec["slug"])
    texts = [easy["title"], easy["intro"], easy["what_happens_next"]]
    for wording in easy["questions"].values():
        texts += [wording["prompt"], wording.get("hint", ""), wording.get("error_message", "")]
        texts += list(wording.get("choices", {}).values())
    for text in texts:
        for sentence in sentences(text):
            assert len(sentence.split()) <= LONGEST_SENTENCE, sentence


def test_every_picture_and_face_is_a_small_svg_made_here():
    for name in [*PICTURES, "easy-read", *(f"face-{value}" for value in FACES)]:
        svg = (PICTURE_FOLDER / f"{name}.svg").read_text(encoding="utf-8")
        assert svg.startswith("<svg") and 'viewBox="0 0 96 96"' in svg, name
        assert "<script" not in svg and "href" not in svg, name


EASY_URL = "/e/DEMO/after-an-event"


@pytest.fixture
def easy_event(session, builtin):
    event = builtin["demo_event"] or session.scalars(select(Event)).one()
    event.easy_read = True
    session.commit()
    return event


def start(client, url=EASY_URL):
    html = client.get(url).get_data(as_text=True)
    data = MultiDict(carried(html) + [("_go", "next")])
    return move_on(client, url, data)


def test_an_easy_read_event_opens_the_easy_read_version_one_question_a_page(client, easy_event):
    page = parse(client.get(EASY_URL).get_data(as_text=True))
    assert page.find("h1").get_text(strip=True) == "Tell us about the meeting you went to"
    assert "We want to know what helped you." in page.get_text()
    assert page.select_one(".feedback-easy-read")
    assert page.select_one("button[name=_switch_format][value=standard]")
    first = parse(start(client).get_data(as_text=True))
    picture = first.select_one("img.feedback-easy-read__picture")
    assert picture["src"].endswith("/easy-read/person.svg")
    assert picture["alt"] == "Picture of a person with a question mark"
    assert first.find("h1").get_text(strip=True) == "Who are you?"
    assert "I look after someone who uses mental health services" in first.get_text()


def test_agreement_answers_are_faces_with_words_under_each(client, easy_event):
    html = start(client).get_data(as_text=True)
    data = MultiDict(carried(html) + [("role", "carer"), ("_go", "next")])
    page = parse(move_on(client, EASY_URL, data).get_data(as_text=True))
    assert page.find("h1").get_text(strip=True) == "People listened to me. (optional)"
    items = page.select(".feedback-faces .nhsuk-radios__item")
    assert [item.select_one(".feedback-face__words").get_text(strip=True) for item in items] == list(FACES.values())
    for item in items:
        face = item.select_one("img.feedback-face__picture")
        assert face["alt"] == "" and face["src"].endswith(f"face-{item.input['value']}.svg")
        assert item.label.get_text(strip=True)  # never a face alone


def test_a_missed_question_gets_the_easy_read_message(client, easy_event):
    html = start(client).get_data(as_text=True)
    sent = client.post(EASY_URL, data=MultiDict(carried(html) + [("_go", "next")]))
    page = check_page(reshown(client, sent).get_data(as_text=True))  # by a redirect, still in Easy Read
    assert page.select_one(".feedback-easy-read") and page.select_one("img.feedback-easy-read__picture")
    assert "Choose who you are. You can choose 'I do not want to say'." in page.select_one(
        ".nhsuk-error-summary").get_text()


def test_a_problem_on_an_easy_read_page_comes_back_in_easy_read_where_standard_is_the_default(client, builtin):
    url = "/s/after-an-event"
    one_page = client.get(url).get_data(as_text=True)
    easy = move_on(client, url, MultiDict(carried(one_page) + [("what_helped", "Clear words"),
                                                               ("_switch_format", "easy-read")]))
    first = move_on(client, url, MultiDict(carried(easy.get_data(as_text=True)) + [("_go", "next")]))
    assert parse(first.get_data(as_text=True)).find("h1").get_text(strip=True) == "Who are you?"
    missed = client.post(url, data=MultiDict(carried(first.get_data(as_text=True)) + [("_go", "next")]))
    assert "format=easy-read" in missed.headers.get("Location", "")
    again = reshown(client, missed).get_data(as_text=True)
    page = check_page(again)
    assert page.select_one(".feedback-easy-read") and page.select_one("img.feedback-easy-read__picture")
    assert "Choose who you are." in page.select_one(".nhsuk-error-summary").get_text()
    assert ("what_helped", "Clear words") in carried(again) and ("_format", "easy-read") in carried(again)


def test_switching_to_easy_read_and_back_keeps_every_answer_and_they_count_together(client, session, builtin):
    url = "/s/after-an-event"
    one_page = parse(client.get(url).get_data(as_text=True))
    switch = one_page.select_one("button[name=_switch_format]")
    assert switch["value"] == "easy-read" and switch["form"] == "survey-form"
    data = MultiDict(carried(str(one_page)) + [("role", "staff"), ("what_helped", "Clear words"),
                                               ("_switch_format", "easy-read")])
    easy = reshown(client, client.post(url, data=data))  # by a redirect: Back never asks to resubmit
    easy_html = easy.get_data(as_text=True)
    assert parse(easy_html).find("h1").get_text(strip=True) == "Tell us about the meeting you went to"
    assert ("role", "staff") in carried(easy_html) and ("what_helped", "Clear words") in carried(easy_html)
    assert ("_format", "easy-read") in carried(easy_html)
    back = reshown(client, client.post(url, data=MultiDict(carried(easy_html) + [("_switch_format", "standard")])))
    page = parse(back.get_data(as_text=True))
    assert page.find("h1").get_text(strip=True) == "Tell us about the event you came to"
    assert page.select_one("input[name=role][value=staff]").has_attr("checked")
    assert page.select_one("textarea[name=what_helped]").get_text() == "Clear words"
    sent = client.post(url, data=MultiDict(carried(str(page)) + [("role", "staff"), ("what_helped", "Clear words"),
                                                                  ("_format", "standard")]))
    assert sent.status_code == 303
    stored = session.scalars(select(Response)).one()
    assert stored.survey_version_id == builtin["after-an-event"].current_version_id  # the same questions


def test_easy_read_answers_are_stored_under_the_standard_questions(client, session, easy_event, builtin):
    html = start(client).get_data(as_text=True)
    for key, value in [("role", "carer"), ("listened_to", "strongly_agree")] + [(None, None)] * 6:
        data = carried(html) + ([(key, value)] if key else []) + [("_go", "next")]
        html = move_on(client, EASY_URL, MultiDict(data)).get_data(as_text=True)
    assert parse(html).find("h1").get_text(strip=True) == "Check your answers before sending them"
    assert "I agree a lot" in parse(html).get_text()
    sent = client.post(EASY_URL, data=MultiDict(carried(html) + [("_go", "send")]))
    assert sent.status_code == 303
    stored = session.scalars(select(Response)).one()
    assert stored.survey_version_id == builtin["after-an-event"].current_version_id
    assert {answer.question.key: answer.choice.value for answer in stored.answers} == {
        "role": "carer", "listened_to": "strongly_agree"}


def test_format_in_the_address_chooses_easy_read(client, builtin):
    page = parse(client.get("/s/involving-people-in-qi-staff?format=easy-read").get_data(as_text=True))
    assert page.find("h1").get_text(strip=True) == "Staff survey: working with service users and carers"
    assert "QI means Quality Improvement." in page.get_text()


def test_a_problem_on_the_standard_form_of_an_easy_read_event_comes_back_standard(client, easy_event):
    # The event opens in Easy Read; this person chose the standard form and missed an answer.
    standard = client.get(f"{EASY_URL}?format=standard").get_data(as_text=True)
    assert parse(standard).find("h1").get_text(strip=True) == "Tell us about the event you came to"
    missed = client.post(EASY_URL, data=MultiDict(carried(standard) + [("what_helped", "The tea")]))
    assert "format=standard" in missed.headers.get("Location", "")
    page = check_page(reshown(client, missed).get_data(as_text=True))
    assert page.find("h1").get_text(strip=True) == "Tell us about the event you came to"
    assert not page.select_one(".feedback-easy-read")
    assert "Select who you are" in page.select_one(".nhsuk-error-summary").get_text()
    assert page.select_one("textarea[name=what_helped]").get_text() == "The tea"


def test_switching_to_standard_at_an_easy_read_event_stays_standard_after_the_redirect(client, easy_event):
    easy = start(client).get_data(as_text=True)
    switched = client.post(EASY_URL, data=MultiDict(carried(easy) + [("role", "carer"),
                                                                     ("_switch_format", "standard")]))
    assert "format=standard" in switched.headers.get("Location", "")
    page = check_page(reshown(client, switched).get_data(as_text=True))
    assert page.find("h1").get_text(strip=True) == "Tell us about the event you came to"
    assert page.select_one("input[name=role][value=carer]").has_attr("checked")
    assert not page.select(".nhsuk-error-summary"), "a switch is not a failed send"


def test_an_answer_too_long_in_easy_read_is_told_so_without_counting(app, client, easy_event):
    # The standard form says how many characters to take out; Easy Read's readers cannot be
    # asked to count, so it says what to do in plain words.
    limit = app.config["FREE_TEXT_MAX_CHARS"]
    html = start(client).get_data(as_text=True)
    for _question in range(10):  # on to the first written answer, choosing the first option on the way
        if parse(html).select_one("#survey-form textarea"):
            break
        first = parse(html).select_one("#survey-form input[type=radio]")
        picked = [(first["name"], first["value"])] if first else []
        html = move_on(client, EASY_URL, MultiDict(carried(html) + picked + [("_go", "next")])).get_data(as_text=True)
    box = parse(html).select_one("#survey-form textarea")
    sent = client.post(EASY_URL, data=MultiDict(carried(html) + [(box["name"], "a" * (limit + 50)), ("_go", "next")]))
    page = check_page(reshown(client, sent).get_data(as_text=True))
    summary = page.select_one(".nhsuk-error-summary").get_text(" ", strip=True)
    assert "Your answer is too long. Please make it shorter." in summary
    assert "characters" not in summary and str(limit) not in summary
    assert page.select_one("textarea").get_text() == "a" * (limit + 50), "what was typed is kept"
