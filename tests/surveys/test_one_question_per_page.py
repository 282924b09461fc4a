"""One question per page: each question on a page of its own, a back link, a page to check
the answers, and exactly one response stored when the person sends them."""
from __future__ import annotations

import pytest
from flask import g
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from feedback.models import Response
from tests.helpers import carried, move_on, reshown
from tests.pages import check_page, parse

EVENT_SURVEY = "/s/after-an-event"
ANSWERS = {
    "role": "carer",
    "listened_to": "agree",
    "treated_as_equal": "strongly_agree",
    "easy_information": None,
    "support_to_take_part": "disagree",
    "what_helped": "The bus fare was paid.\nPeople explained things.",
    "what_made_it_harder": "",
    "involved_again": "yes",
}


@pytest.fixture
def paged(session, builtin):
    survey = builtin["after-an-event"]
    survey.one_question_per_page = True
    session.commit()
    return survey


def responses(session) -> int:
    return session.scalar(select(func.count()).select_from(Response))


def press(client, html: str, go: str, answer: tuple[str, str | list[str] | None] | None = None,
          extra: dict | None = None, *, follow: bool = True):
    """Send the page in `html` with the button `go`, and the page's own question answered;
    `follow`: the page it leads to, which comes by a redirect (tests.helpers.move_on)."""
    data = carried(html)
    if answer and answer[1] not in (None, ""):
        values = answer[1] if isinstance(answer[1], list) else [answer[1]]
        data += [(answer[0], value) for value in values]
    if go:
        data.append(("_go", go))
    data += list((extra or {}).items())
    if follow:
        return move_on(client, EVENT_SURVEY, MultiDict(data))
    return client.post(EVENT_SURVEY, data=MultiDict(data))


def walk_to_check_page(client, answers=ANSWERS) -> str:
    html = client.get(EVENT_SURVEY).get_data(as_text=True)
    html = press(client, html, "next").get_data(as_text=True)
    for key, value in answers.items():
        sent = press(client, html, "next", (key, value))
        assert sent.status_code == 200, (key, sent.status_code)
        html = sent.get_data(as_text=True)
    return html


def heading(html: str) -> str:
    return parse(html).find("h1").get_text(" ", strip=True)


def test_start_page_says_how_many_questions_and_stores_nothing(client, session, paged):
    html = client.get(EVENT_SURVEY).get_data(as_text=True)
    page = parse(html)
    assert heading(html) == "Tell us about the event you came to"
    assert "There are 8 questions, one on each page" in page.get_text()
    assert page.select_one("button[name=_go][value=next]").get_text(strip=True) == "Start now"
    assert not page.select("#survey-form input[type=radio], #survey-form textarea")
    assert responses(session) == 0


def test_each_question_has_its_own_page_with_its_number_and_a_back_link(client, paged):
    html = press(client, client.get(EVENT_SURVEY).get_data(as_text=True), "next").get_data(as_text=True)
    page = parse(html)
    assert heading(html) == "Who are you?"
    assert "Question 1 of 8" in page.select_one(".nhsuk-caption-l").get_text()
    assert {radio["name"] for radio in page.select("input[type=radio]")} == {"role"}
    back = page.select_one("button.nhsuk-back-link")
    assert back["form"] == "survey-form" and back["value"] == "back"
    html = press(client, html, "next", ("role", "carer")).get_data(as_text=True)
    assert heading(html) == "People listened to what I said. (optional)"
    assert "Question 2 of 8" in parse(html).get_text()
    assert ("role", "carer") in carried(html)  # the first answer rides along, not in the session


def test_a_missed_required_question_stays_on_its_page_with_the_message(client, session, paged):
    html = press(client, client.get(EVENT_SURVEY).get_data(as_text=True), "next").get_data(as_text=True)
    sent = reshown(client, press(client, html, "next", follow=False))  # by a redirect: Back never asks to resubmit
    page = check_page(sent.get_data(as_text=True))
    assert heading(sent.get_data(as_text=True)) == "Who are you?"
    assert "Select who you are, or select 'I would rather not say'" in page.select_one(".nhsuk-error-summary").get_text()
    assert page.select_one(".nhsuk-error-summary a")["href"] == "#role"
    assert page.title.get_text().startswith("Error:")


def test_back_keeps_the_answer_on_the_page_left_and_shows_the_one_before(client, paged):
    html = walk_to_check_page(client, {"role": "staff", "listened_to": "agree"})
    assert heading(html) == "I was treated as an equal member of the group. (optional)"
    left = press(client, html, "back", ("treated_as_equal", "disagree")).get_data(as_text=True)
    page = parse(left)
    assert heading(left) == "People listened to what I said. (optional)"
    assert page.select_one("input[name=listened_to][value=agree]").has_attr("checked")
    assert ("treated_as_equal", "disagree") in carried(left)
    forward = press(client, left, "next", ("listened_to", "agree")).get_data(as_text=True)
    assert parse(forward).select_one("input[name=treated_as_equal][value=disagree]").has_attr("checked")


def test_check_page_shows_every_answer_in_words_and_nothing_is_stored_yet(client, session, paged):
    html = walk_to_check_page(client)
    page = parse(html)
    assert heading(html) == "Check your answers before sending them"
    rows = {row.select_one("dt").get_text(" ", strip=True): row.select_one(".nhsuk-summary-list__value").get_text(" ", strip=True)
            for row in page.select(".nhsuk-summary-list__row")}
    assert rows["Who are you?"] == "I care for someone who uses mental health services"
    assert rows["People listened to what I said."] == "Agree"
    assert rows["The information I was given was easy to understand."] == "Not answered"
    assert rows["What helped you take part?"] == "The bus fare was paid.\nPeople explained things."
    change = page.select_one("button#listened_to")
    assert change["value"] == "change:listened_to"
    assert change.get_text(" ", strip=True) == "Change People listened to what I said."
    assert responses(session) == 0


def test_change_from_the_check_page_returns_there_with_the_new_answer(client, session, paged):
    html = walk_to_check_page(client)
    opened = press(client, html, "change:listened_to").get_data(as_text=True)
    assert heading(opened) == "People listened to what I said. (optional)"
    assert parse(opened).select_one("input[name=listened_to][value=agree]").has_attr("checked")
    back_to_check = press(client, opened, "next", ("listened_to", "strongly_disagree")).get_data(as_text=True)
    assert heading(back_to_check) == "Check your answers before sending them"
    assert "Strongly disagree" in parse(back_to_check).get_text()
    sent = press(client, back_to_check, "send")
    assert sent.status_code == 303
    stored = session.scalars(select(Response)).one()
    by_key = {answer.question.key: answer for answer in stored.answers}
    assert by_key["listened_to"].choice.value == "strongly_disagree"


def test_sending_stores_exactly_one_response_even_when_sent_twice(client, session, paged):
    html = walk_to_check_page(client)
    first = press(client, html, "send")
    again = press(client, html, "send")  # a double click, or Back and send again
    assert first.status_code == again.status_code == 303
    assert first.headers["Location"] == again.headers["Location"]
    stored = session.scalars(select(Response)).one()
    by_key = {answer.question.key: answer for answer in stored.answers}
    assert by_key["role"].choice.value == "carer"
    assert by_key["what_helped"].text == "The bus fare was paid.\nPeople explained things."
    assert "easy_information" not in by_key and "what_made_it_harder" not in by_key


def test_a_survey_left_half_way_counts_as_no_response(client, session, paged):
    walk_to_check_page(client, {"role": "carer", "listened_to": "agree", "treated_as_equal": "agree"})
    assert responses(session) == 0


def test_an_expired_session_loses_no_answer(app, client, session, paged):
    html = walk_to_check_page(client)
    client.delete_cookie("session", domain="localhost")  # the session ended while the page was open
    # The test's app context outlives each request, and Flask-WTF caches the token on `g`:
    # drop it, as a real request (with a fresh app context) would have.
    g.pop("csrf_token", None)
    sent = press(client, html, "send")
    assert sent.status_code == 400
    page = parse(sent.get_data(as_text=True))
    assert "Your answers have not been sent yet" in page.select_one(".nhsuk-error-summary").get_text()
    assert "I care for someone who uses mental health services" in page.get_text()
    assert responses(session) == 0
    resent = press(client, sent.get_data(as_text=True), "send")
    assert resent.status_code == 303
    assert responses(session) == 1


def test_a_language_switch_keeps_the_page_and_every_answer(client, paged):
    html = walk_to_check_page(client, {"role": "carer", "listened_to": "agree"})
    sent = press(client, html, "", ("treated_as_equal", "agree"), extra={"switch_language": "cy"}, follow=False)
    switched = reshown(client, sent)  # by a redirect: Back afterwards never asks to resubmit
    page = parse(switched.get_data(as_text=True))
    assert page.html["lang"] == "cy"
    assert page.select_one("input[name=treated_as_equal][value=agree]").has_attr("checked")
    assert ("role", "carer") in carried(switched.get_data(as_text=True))
    assert "3" in page.select_one(".nhsuk-caption-l").get_text()


@pytest.mark.parametrize("damaged", ["99", "\u00b2", "\u0663", "-1", ""])
def test_a_damaged_page_value_starts_again_without_losing_answers(client, paged, damaged):
    html = walk_to_check_page(client, {"role": "carer"})
    data = [item for item in carried(html) if item[0] != "_page"] + [("_page", damaged), ("_go", "next")]
    sent = move_on(client, EVENT_SURVEY, MultiDict(data))
    assert sent.status_code == 200
    assert heading(sent.get_data(as_text=True)) == "Who are you?"
    assert parse(sent.get_data(as_text=True)).select_one("input[name=role][value=carer]").has_attr("checked")


def test_the_one_page_form_is_still_the_default(client, builtin):
    page = parse(client.get(EVENT_SURVEY).get_data(as_text=True))
    assert len(page.select("#survey-form fieldset")) == 6  # every choice question on one page


def test_the_anti_automation_checks_hold_at_the_check_page(app, client, session, paged):
    html = walk_to_check_page(client)
    stamps = {value for name, value in carried(html) if name == "form_opened"}
    assert len(stamps) == 1
    first_page = client.get(EVENT_SURVEY).get_data(as_text=True)
    assert stamps != {value for name, value in carried(first_page) if name == "form_opened"}  # the walk's own
    filled = press(client, html, "send", extra={"reference_code": "bot"})
    assert filled.status_code == 400
    assert "Your answers have not been sent yet" in parse(filled.get_data(as_text=True)).get_text()
    app.config["SUBMISSION_MIN_SECONDS"] = 3600  # opened far too recently for a person
    too_fast = press(client, html, "send")
    assert too_fast.status_code == 400
    assert "I care for someone who uses mental health services" in parse(too_fast.get_data(as_text=True)).get_text()
    assert responses(session) == 0
    app.config["SUBMISSION_MIN_SECONDS"] = 0
    assert press(client, too_fast.get_data(as_text=True), "send").status_code == 303
    assert responses(session) == 1


def test_a_page_with_a_problem_comes_back_by_redirect_with_every_answer_typed(app, client, session, paged):
    app.config["FREE_TEXT_MAX_CHARS"] = 20
    answers = {key: ANSWERS[key] for key in ("role", "listened_to", "treated_as_equal", "easy_information",
                                              "support_to_take_part")}
    html = walk_to_check_page(client, answers)
    assert heading(html) == "What helped you take part? (optional)"
    typed = "The bus fare was paid, and people explained things."
    sent = press(client, html, "next", ("what_helped", typed), follow=False)
    assert sent.status_code == 303 and sent.headers["Location"].startswith(EVENT_SURVEY + "?answers=")
    again = reshown(client, sent).get_data(as_text=True)
    page = check_page(again)
    assert page.title.get_text().startswith("Error: ")
    assert heading(again) == "What helped you take part? (optional)"
    summary = page.select_one(".nhsuk-error-summary")
    assert "Your answer must be 20 characters or fewer. You have written 51" in summary.get_text(" ", strip=True)
    assert summary.select_one("a")["href"] == "#what_helped"
    assert page.select_one("textarea[name=what_helped]").get_text() == typed
    assert ("role", "carer") in carried(again) and ("support_to_take_part", "disagree") in carried(again)
    assert "Question 6 of 8" in page.select_one(".nhsuk-caption-l").get_text()

    # Put right from the page shown again, the walk goes on to the check page and sends.
    html = press(client, again, "next", ("what_helped", "The bus fare.")).get_data(as_text=True)
    html = press(client, html, "next", ("what_made_it_harder", "")).get_data(as_text=True)
    html = press(client, html, "next", ("involved_again", "yes")).get_data(as_text=True)
    assert heading(html) == "Check your answers before sending them"
    assert press(client, html, "send").status_code == 303
    assert responses(session) == 1
    back = client.get(sent.headers["Location"])  # where Back leads: a GET, saying they were sent
    assert back.status_code == 200 and "already sent" in back.get_data(as_text=True).lower()


def test_answers_that_cannot_be_sent_from_the_check_page_come_back_by_redirect(client, session, paged):
    html = walk_to_check_page(client)
    data = [(name, "expired" if name == "csrf_token" else value) for name, value in carried(html)]
    sent = client.post(EVENT_SURVEY, data=MultiDict(data + [("_go", "send")]))
    again = reshown(client, sent).get_data(as_text=True)
    page = check_page(again)
    assert heading(again) == "Check your answers before sending them"
    summary = page.select_one(".nhsuk-error-summary")
    assert "Your answers have not been sent yet" in summary.get_text() and "open for a long time" in summary.get_text()
    assert "I care for someone who uses mental health services" in page.get_text()
    assert "The bus fare was paid.\nPeople explained things." in page.get_text()
    assert responses(session) == 0
    assert press(client, again, "send").status_code == 303
    assert responses(session) == 1


def test_every_page_after_a_move_comes_by_a_redirect_so_back_after_sending_is_a_get(client, session, paged):
    start = client.get(EVENT_SURVEY).get_data(as_text=True)
    moved = press(client, start, "next", follow=False)
    assert moved.status_code == 303 and moved.headers["Location"].startswith(EVENT_SURVEY + "?answers=")
    first = reshown(client, moved).get_data(as_text=True)
    assert heading(first) == "Who are you?" and check_page(first).select("input[name=role]")
    *_, last = ANSWERS.items()
    html = walk_to_check_page(client, dict(list(ANSWERS.items())[:-1]))
    to_check = press(client, html, "next", last, follow=False)
    check = reshown(client, to_check).get_data(as_text=True)
    assert heading(check) == "Check your answers before sending them"
    assert ("what_helped", ANSWERS["what_helped"]) in carried(check)
    assert press(client, check, "send").status_code == 303
    # Back from the thank-you page goes to the check page's address: a GET, saying the
    # answers were sent (never "confirm form resubmission", never the answers again).
    back = client.get(to_check.headers["Location"])
    assert back.status_code == 200 and "already sent" in back.get_data(as_text=True).lower()
    assert ANSWERS["what_helped"] not in back.get_data(as_text=True)
    assert responses(session) == 1


def test_the_browsers_back_to_a_page_left_shows_that_page_with_every_answer_kept(client, session, paged):
    # Each page comes by a redirect to its own address; Back (the browser's, not the page's
    # button) asks for an earlier one, whose kept answers were replaced by the next page's.
    html = client.get(EVENT_SURVEY).get_data(as_text=True)
    addresses, headings = [], []
    for key, value in [(None, None), ("role", "carer"), ("listened_to", "agree")]:
        sent = press(client, html, "next", (key, value) if key else None, follow=False)
        html = reshown(client, sent).get_data(as_text=True)
        addresses.append(sent.headers["Location"])
        headings.append(heading(html))
    assert len(set(headings)) == 3  # questions 1, 2 and 3
    back = client.get(addresses[1]).get_data(as_text=True)  # question 2's address
    page = check_page(back)
    assert heading(back) == headings[1]
    assert page.select_one("input[name=listened_to][value=agree]").has_attr("checked")
    assert ("role", "carer") in carried(back)
    assert not page.select(".nhsuk-error-summary")
    # Going on from there loses nothing either, and nothing is sent yet.
    html = press(client, back, "next", ("listened_to", "agree")).get_data(as_text=True)
    assert heading(html) == headings[2]
    assert ("role", "carer") in carried(html) and ("listened_to", "agree") in carried(html)
    assert responses(session) == 0


def test_another_browser_with_an_earlier_address_sees_no_answers(app, client, session, paged):
    html = client.get(EVENT_SURVEY).get_data(as_text=True)
    first = press(client, html, "next", follow=False)
    html = reshown(client, first).get_data(as_text=True)
    press(client, html, "next", ("role", "carer"))
    with app.test_client() as another_phone:
        page = check_page(another_phone.get(first.headers["Location"]).get_data(as_text=True))
    assert not page.select("input[name=role][checked]") and ("role", "carer") not in carried(str(page))
