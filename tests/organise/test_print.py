"""The paper version of a survey: every question and answer in the order of the paper entry
screen, a box to tick for each answer, the event's code, any of the survey's languages, and
large print and Easy Read; bad choices in the address get a plain message and a 400."""
from __future__ import annotations

from feedback.i18n.easy_read import FACES
from tests.factories import make_event
from tests.organise.conftest import sign_in_as
from tests.pages import parse


def url(survey, **query) -> str:
    return f"/organise/surveys/{survey.id}/print" + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_paper_form_matches_the_paper_entry_screen(client, session, builtin, organiser):
    survey = builtin["after-an-event"]
    event = make_event(session, surveys=[survey])
    sign_in_as(client, organiser)
    paper = parse(client.get(url(survey, event=event.id)).get_data(as_text=True))
    entry = parse(client.get(f"/organise/surveys/{survey.id}/paper?event={event.id}").get_data(as_text=True))
    article = paper.select_one("article.feedback-paper")
    assert article["lang"] == "en"
    assert article.find("h1").get_text(strip=True) == "Tell us about the event you came to"
    assert event.code in article.select_one(".feedback-paper__code").get_text()
    printed = [[label.get_text(" ", strip=True) for label in item.select(".feedback-paper__label")]
               for item in article.select(".feedback-paper__question")]
    prompts = [item.select_one(".feedback-paper__prompt").get_text(" ", strip=True)
               for item in article.select(".feedback-paper__question")]
    on_screen = [legend.get_text(" ", strip=True) for legend in entry.select("form legend, form label.nhsuk-label--s")]
    # The entry screen first asks which printed version is being typed in; then the questions.
    assert on_screen[0] == "Which printed form is it?"
    assert prompts == on_screen[1:]
    for question, labels in zip(survey.current_version.questions, printed):
        assert labels == [choice.label for choice in question.choices]
        boxes = article.select(".feedback-paper__question")[question.position].select(".feedback-paper__box")
        assert len(boxes) == len(question.choices)
    assert len(article.select(".feedback-paper__write")) == 2  # the two written answers


def test_a_survey_prints_in_its_languages_large_print_and_easy_read(client, session, builtin, organiser):
    survey = builtin["after-an-event"]
    sign_in_as(client, organiser)
    page = parse(client.get(url(survey)).get_data(as_text=True))
    offered = [option["value"] for option in page.select("select[name=lang] option")]
    assert offered[0] == "en" and "pl" in offered  # the built-in Polish translation
    polish = parse(client.get(url(survey, lang="pl")).get_data(as_text=True)).select_one("article")
    assert polish["lang"] == "pl"
    assert "Tell us about the event you came to" not in polish.get_text()
    urdu = parse(client.get(url(survey, lang="ur")).get_data(as_text=True)).select_one("article")
    assert urdu["dir"] == "rtl"
    large = parse(client.get(url(survey, format="large-print")).get_data(as_text=True)).select_one("article")
    assert "feedback-paper--large-print" in large["class"]
    easy = parse(client.get(url(survey, format="easy-read")).get_data(as_text=True)).select_one("article")
    assert easy.find("h1").get_text(strip=True) == "Tell us about the meeting you went to"
    assert len(easy.select("img.feedback-paper__picture")) == len(survey.current_version.questions)
    assert all(image["alt"] for image in easy.select("img.feedback-paper__picture"))
    first_scale = easy.select(".feedback-paper__question")[1]
    assert [label.get_text(strip=True) for label in first_scale.select(".feedback-paper__label")] == list(FACES.values())


def test_bad_choices_are_named_and_refused(client, session, builtin, organiser):
    survey = builtin["after-an-event"]
    sign_in_as(client, organiser)
    response = client.get(url(survey, lang="xx", format="tiny", event="999"))
    assert response.status_code == 400
    summary = parse(response.get_data(as_text=True)).select_one(".nhsuk-error-summary").get_text()
    for message in ("Choose a language from the list", "Choose standard, large print or Easy Read",
                    "Choose an event from the list"):
        assert message in summary


def test_a_draft_cannot_be_printed_yet(client, session, builtin, organiser):
    from tests.helpers import copy_of_event_survey
    draft = copy_of_event_survey(session, builtin)
    sign_in_as(client, organiser)
    assert client.get(url(draft)).status_code == 409
