"""Taking a survey: what a respondent sees, what is stored, and what bad input gets."""
from __future__ import annotations

from flask import g
from sqlalchemy import DateTime, func, select

from feedback.clock import today_in
from feedback.models import (
    Answer,
    AnswerAnalysis,
    Channel,
    Event,
    RespondentRole,
    Response,
    SafeguardingFlag,
    Survey,
    SurveyStatus,
)
from feedback.models.types import utcnow
from tests.helpers import EVENT_SURVEY, GOOD_ANSWERS, hidden_fields, open_form, opened_a_minute_ago, reshown, submit
from tests.pages import parse

STAFF_SURVEY = "/s/involving-people-in-qi-staff"


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_home_lists_open_surveys_and_the_labelled_demo_event(client, builtin):
    page = parse(client.get("/").get_data(as_text=True))
    links = {link.get_text(strip=True): link["href"] for link in page.select("main a")}
    assert links["Tell us about the event you came to"] == EVENT_SURVEY
    assert links["Involving people in QI: staff survey"] == STAFF_SURVEY
    assert "/e/DEMO" in links.values()
    assert "Demo" in page.select_one("main").get_text()


def test_survey_page_is_accessible_markup_with_nothing_preselected(client, builtin):
    page = parse(client.get(EVENT_SURVEY).get_data(as_text=True))
    assert page.find("h1").get_text(strip=True) == "Tell us about the event you came to"
    assert not page.select("input[checked]"), "no answer may be chosen for the person"
    legends = [legend.get_text(" ", strip=True) for legend in page.select("fieldset legend")]
    assert "Who are you?" in legends
    assert "People listened to what I said. (optional)" in legends
    agreement = page.select("input[name=listened_to]")
    labels = [page.find("label", attrs={"for": item["id"]}).get_text(strip=True) for item in agreement]
    assert labels == ["Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree"]
    assert "You can enter up to 1,000 characters" in page.get_text()
    assert page.select_one("form")["method"] == "post"


def test_a_submission_stores_one_anonymous_response(client, session, builtin):
    zone = client.application.config["TIME_ZONE"]
    day_before = today_in(zone)
    response = submit(client, EVENT_SURVEY, GOOD_ANSWERS)
    day_after = today_in(zone)
    assert response.status_code == 303
    thanks = client.get(response.headers["Location"])
    assert "What happens next" in thanks.get_data(as_text=True)
    stored = session.scalars(select(Response)).one()
    survey = builtin["after-an-event"]
    assert stored.survey_version_id == survey.current_version_id
    assert stored.event_id is None
    assert stored.respondent_role is RespondentRole.CARER
    assert stored.channel is Channel.ONLINE
    # Dated by the trust's calendar, the day it was sent (either side of midnight while it ran).
    assert stored.submitted_on in {day_before, day_after}
    by_question = {answer.question.key: answer for answer in stored.answers}
    assert by_question["listened_to"].choice.value == "agree"
    assert by_question["what_helped"].text == GOOD_ANSWERS["what_helped"]
    assert "easy_information" not in by_question  # skipped questions store nothing


def _times_of_day(session) -> dict[str, list]:
    """Every date-and-time value in the database, by table and column."""
    from feedback.extensions import db
    return {f"{table.name}.{column.name}": sorted(map(str, session.scalars(select(column).where(column.is_not(None)))))
            for table in db.metadata.sorted_tables for column in table.columns
            if isinstance(column.type, DateTime)}


def test_a_submission_leaves_no_time_of_day_anywhere(client, session, builtin):
    # A written answer is analysed and a worrying one flagged in the same moment; none of
    # those rows may say when it arrived, or who wrote it could be worked out at a small event.
    before = _times_of_day(session)
    response = submit(client, EVENT_SURVEY, GOOD_ANSWERS | {"what_made_it_harder": "I have thoughts of suicide."})
    assert response.status_code == 303
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(AnswerAnalysis)) == 2
    assert session.scalar(select(func.count()).select_from(SafeguardingFlag)) == 1
    assert _times_of_day(session) == before


def test_event_link_leads_to_its_survey_and_records_the_event(client, session, builtin):
    landing = client.get("/e/demo")
    assert landing.status_code == 302
    assert landing.headers["Location"].endswith("/e/DEMO/after-an-event")
    submit(client, "/e/DEMO/after-an-event", GOOD_ANSWERS)
    stored = session.scalars(select(Response)).one()
    assert stored.event.code == "DEMO"


def test_staff_survey_records_staff_role_without_asking(client, session, builtin):
    response = submit(client, STAFF_SURVEY, {"project_involvement": "little_i", "barriers": "No protected time."})
    assert response.status_code == 303
    assert session.scalars(select(Response)).one().respondent_role is RespondentRole.STAFF


def test_missing_required_answer_shows_linked_error_and_keeps_answers(client, session, builtin):
    answers = {key: value for key, value in GOOD_ANSWERS.items() if key != "role"}
    response = submit(client, EVENT_SURVEY, answers)
    response = reshown(client, response)
    page = parse(response.get_data(as_text=True))
    assert page.title.get_text().startswith("Error: ")
    summary_link = page.select_one(".nhsuk-error-summary a")
    assert summary_link["href"] == "#role"
    assert page.find(id="role") is not None, "the summary link must land on the first radio"
    assert "Select who you are" in page.select_one("#role-error").get_text()
    assert page.select_one("input[name=listened_to][value=agree]").has_attr("checked")
    assert page.select_one("textarea[name=what_helped]").get_text() == GOOD_ANSWERS["what_helped"]
    assert count(session, Response) == 0


def test_emoji_count_as_the_character_count_on_the_page_counts_them(client, session, builtin):
    # The NHS.UK character count counts an emoji as 2, so the server must too: 990 letters
    # and 10 emoji are "10 characters too many" on screen, and so refused.
    response = submit(client, EVENT_SURVEY, GOOD_ANSWERS | {"what_helped": "a" * 990 + "\U0001F600" * 10})
    response = reshown(client, response)
    assert "shorten it by 10" in response.get_data(as_text=True)
    assert submit(client, EVENT_SURVEY, GOOD_ANSWERS | {"what_helped": "a" * 980 + "\U0001F600" * 10}).status_code == 303


def test_over_long_text_is_refused_with_how_much_to_cut(client, session, builtin):
    response = submit(client, EVENT_SURVEY, GOOD_ANSWERS | {"what_helped": "a" * 1010})
    response = reshown(client, response)
    text = response.get_data(as_text=True)
    assert "must be 1,000 characters or fewer" in text and "shorten it by 10" in text
    assert count(session, Response) == 0 and count(session, Answer) == 0


def test_text_pasted_far_past_the_limit_with_javascript_off_still_keeps_every_answer(client, session, builtin):
    # Nothing in the browser stops typing past the limit without JavaScript: 8,000 characters
    # of Chinese in a 1,000-character box is about 70 KB once sent, and must not be a 413.
    response = submit(client, EVENT_SURVEY, GOOD_ANSWERS | {"what_helped": "参" * 8000})
    response = reshown(client, response)
    page = parse(response.get_data(as_text=True))
    assert "shorten it by 7,000" in page.get_text()
    assert page.select_one("textarea[name=what_made_it_harder]").get_text() == "The room was noisy."
    assert count(session, Response) == 0


def test_invalid_and_tampered_choices_are_refused(client, session, builtin):
    invalid = submit(client, EVENT_SURVEY, GOOD_ANSWERS | {"listened_to": "<script>"})
    invalid = reshown(client, invalid)
    assert "Select one of the answers shown" in invalid.get_data(as_text=True)
    doubled = submit(client, EVENT_SURVEY, GOOD_ANSWERS | {"role": ["carer", "staff"]})
    doubled = reshown(client, doubled)
    assert count(session, Response) == 0


def test_tampered_submission_key_is_replaced_and_answers_kept(client, session, builtin):
    response = submit(client, EVENT_SURVEY, GOOD_ANSWERS | {"submission_key": "x" * 5000})
    response = reshown(client, response)
    fields = hidden_fields(response.get_data(as_text=True))
    assert len(fields["submission_key"]) == 32
    assert count(session, Response) == 0


def test_double_submit_stores_one_response(client, session, builtin):
    data = open_form(client, EVENT_SURVEY) | GOOD_ANSWERS
    first = client.post(EVENT_SURVEY, data=data)
    second = client.post(EVENT_SURVEY, data=data)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert count(session, Response) == 1


def test_expired_csrf_token_reshows_the_answers(client, session, builtin):
    data = open_form(client, EVENT_SURVEY) | GOOD_ANSWERS | {"csrf_token": "expired"}
    response = client.post(EVENT_SURVEY, data=data)
    response = reshown(client, response)
    page = parse(response.get_data(as_text=True))
    summary = page.select_one(".nhsuk-error-summary")
    assert "Your answers have not been sent yet" in summary.get_text()
    assert "the page was open for a long time" in summary.get_text() and "Your answers are still here" in summary.get_text()
    assert page.title.get_text().startswith("Error: ")
    assert page.select_one("textarea[name=what_helped]").get_text() == GOOD_ANSWERS["what_helped"]
    retry = client.post(EVENT_SURVEY, data=hidden_fields(str(page)) | GOOD_ANSWERS)
    assert retry.status_code == 303
    assert count(session, Response) == 1


def test_a_browser_without_its_cookie_is_told_to_send_again_not_that_the_page_timed_out(app, client, session,
                                                                                          builtin, monkeypatch):
    # A cheap phone that closed the browser for a while comes back without the cookie; a
    # browser that blocks cookies looks the same on the first post.
    app.config["SUBMISSION_MIN_SECONDS"] = 3
    with opened_a_minute_ago(monkeypatch):
        data = open_form(client, EVENT_SURVEY) | GOOD_ANSWERS
    client.delete_cookie("session", domain="localhost")
    g.pop("csrf_token", None)  # a server's request has its own g; the tests' app context keeps one
    response = client.post(EVENT_SURVEY, data=data)
    assert response.status_code == 400
    page = parse(response.get_data(as_text=True))
    summary = page.select_one(".nhsuk-error-summary").get_text(" ", strip=True)
    assert "this page lost its connection to our site" in summary and "Your answers are still here" in summary
    assert "If this message comes back, this browser is blocking cookies" in summary
    assert page.select_one("textarea[name=what_helped]").get_text() == GOOD_ANSWERS["what_helped"]
    assert count(session, Response) == 0
    # The page set the cookie: sent again at once, the answers go (the wait for robots
    # counts from when the form was first opened, not from this page).
    again = client.post(EVENT_SURVEY, data=hidden_fields(str(page)) | GOOD_ANSWERS)
    assert again.status_code == 303
    assert count(session, Response) == 1


def test_control_characters_are_removed_before_storage(client, session, builtin):
    submit(client, EVENT_SURVEY, GOOD_ANSWERS | {"what_helped": "Kind\x00 staff\x07"})
    assert session.scalars(select(Answer.text).where(Answer.text.is_not(None))).first() == "Kind staff"


def test_unknown_survey_and_event_get_a_helpful_404(client, builtin):
    for url in ("/s/no-such-survey", "/e/NOPE", "/e/DEMO/involving-people-in-qi-staff", "/thanks/abc"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "ask the person who gave it to you" in response.get_data(as_text=True)


def test_closed_survey_says_so_and_stores_nothing(client, session, builtin):
    data = open_form(client, EVENT_SURVEY) | GOOD_ANSWERS
    survey = session.scalar(select(Survey).where(Survey.slug == "after-an-event"))
    survey.status = SurveyStatus.CLOSED
    session.commit()
    assert client.get(EVENT_SURVEY).status_code == 410
    response = client.post(EVENT_SURVEY, data=data)
    assert response.status_code == 410
    assert "This survey is closed" in response.get_data(as_text=True)
    assert count(session, Response) == 0


def test_closed_event_says_so(client, session, builtin):
    event = session.scalar(select(Event))
    event.closed_at = utcnow()
    session.commit()
    response = client.get("/e/DEMO/after-an-event")
    assert response.status_code == 410
    assert "closed for feedback" in response.get_data(as_text=True)


def test_wrong_methods_and_huge_bodies_are_refused_cleanly(client, session, builtin):
    wrong = client.delete(EVENT_SURVEY)
    assert wrong.status_code == 405
    assert set(wrong.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "POST"}
    assert "Sorry, that did not work" in wrong.get_data(as_text=True)
    assert client.put("/").status_code == 405
    huge = client.post(EVENT_SURVEY, data={"what_helped": "x" * 200_000})
    assert huge.status_code == 413
    assert "too big" in huge.get_data(as_text=True)
    assert count(session, Response) == 0


def test_static_pages_render(client):
    for url in ("/how-we-use-your-answers", "/accessibility"):
        assert client.get(url).status_code == 200


def test_questions_keyed_like_form_methods_still_work(client, session):
    # The survey editor makes a key from a one-word question such as "Process"; WTForms
    # has methods called validate, process and meta, which such a field must not replace.
    from tests.factories import make_survey
    make_survey(session, slug="odd-keys", questions=[
        {"key": "validate", "type": "single_choice", "prompt": "Did you come?", "required": True,
         "choices": [["yes", "Yes"], ["no", "No"]]},
        {"key": "process", "type": "agreement", "prompt": "The process was clear."},
        {"key": "meta", "type": "free_text", "prompt": "Anything else?"},
    ])
    session.commit()
    page = parse(client.get("/s/odd-keys").get_data(as_text=True))
    assert {item["name"] for item in page.select("input[type=radio], textarea")} == {"validate", "process", "meta"}

    missing = submit(client, "/s/odd-keys", {"process": "agree", "meta": "Kept"})
    missing = reshown(client, missing)
    assert parse(missing.get_data(as_text=True)).select_one(".nhsuk-error-summary a")["href"] == "#validate"
    assert count(session, Response) == 0

    stored = submit(client, "/s/odd-keys", {"validate": "yes", "process": "agree", "meta": "Kept"})
    assert stored.status_code == 303
    answers = {answer.question.key: answer for answer in session.scalars(select(Response)).one().answers}
    assert answers["validate"].choice.value == "yes" and answers["meta"].text == "Kept"


def test_a_nul_in_the_address_is_page_not_found_on_every_database(client, session, builtin):
    # PostgreSQL refuses a NUL even in a comparison, which used to end in a 500.
    for url in ("/s/%00", "/s/after%00-an-event", "/e/DE%00MO", "/e/DE%00MO/after-an-event", "/thanks/%00"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Page not found" in response.get_data(as_text=True)
    assert client.post("/s/%00", data={"role": "carer"}).status_code == 404
    assert count(session, Response) == 0


def test_long_answers_in_any_script_are_never_too_big(client, session):
    # Four 2,000-character answers in a script of 3 bytes a character come to about 216 KB
    # once sent, well over the general 64 KB limit, yet every answer is within its limit.
    from tests.factories import make_survey
    make_survey(session, slug="long-answers", questions=[
        {"key": f"answer_{n}", "type": "free_text", "prompt": f"Question {n}", "max_chars": 2000}
        for n in range(4)
    ])
    session.commit()
    answers = {f"answer_{n}": "参加" * 1000 for n in range(4)}
    response = submit(client, "/s/long-answers", answers)
    assert response.status_code == 303
    stored = session.scalars(select(Response)).one()
    assert [len(answer.text) for answer in stored.answers] == [2000] * 4

    over = submit(client, "/s/long-answers", {"answer_0": "x" * 2_000_000})
    assert over.status_code == 413
    assert count(session, Response) == 1


def test_after_sending_the_form_says_so_until_the_person_chooses_to_answer_again(client, session, builtin):
    # Back after the thank-you page fetches the form again: a fresh key with the typed
    # answers restored by the browser would store them twice.
    assert submit(client, EVENT_SURVEY, GOOD_ANSWERS).status_code == 303
    back = client.get(EVENT_SURVEY)
    assert back.status_code == 200
    page = parse(back.get_data(as_text=True))
    assert page.h1.get_text(strip=True) == "You have already sent your answers"
    assert not page.select("form") and count(session, Response) == 1
    again = page.find("a", string="Answer again")["href"]

    # The clean address is a path: a forged Host header never reaches the Location.
    assert client.get(again, headers={"Host": "evil.example"}).headers["Location"] == EVENT_SURVEY
    cleared = client.get(again)
    assert cleared.status_code == 303 and cleared.headers["Location"] == EVENT_SURVEY
    assert submit(client, EVENT_SURVEY, GOOD_ANSWERS | {"role": "staff"}).status_code == 303
    assert count(session, Response) == 2
    assert "You have already sent your answers" in client.get(EVENT_SURVEY).get_data(as_text=True)
    assert parse(client.get(STAFF_SURVEY).get_data(as_text=True)).select("form")  # other surveys are not affected


def test_the_accessibility_statement_says_how_to_get_help_and_complain(app, client):
    page = parse(client.get("/accessibility").get_data(as_text=True))
    headings = [heading.get_text(strip=True) for heading in page.select("h2")]
    assert "Tell us about a problem or ask for another format" in headings
    assert "If you are not happy with our reply" in headings
    assert "Equality Advisory and Support Service" in page.get_text()
    assert "tell the person who gave you the link" in page.get_text()
    assert "Easy Read, one question at a time, listening and paper" in headings
    formats = page.select_one("#easy-read").find_next("ul").get_text(" ", strip=True)
    for promise in ("Easy Read version", "one question on each page", "\"Listen\" button", "printed on paper, in large print"):
        assert promise in formats
    assert "have not yet been checked by people with a learning disability" in page.get_text()
    app.config["CONTACT_EMAIL"] = "participation@example.nhs.uk"
    page = parse(client.get("/accessibility").get_data(as_text=True))
    assert page.select_one("a[href='mailto:participation@example.nhs.uk']")


def test_sending_at_one_event_does_not_block_the_same_survey_elsewhere(client, session, builtin):
    from tests.factories import make_event
    other = make_event(session, surveys=[builtin["after-an-event"]])
    assert submit(client, "/e/DEMO/after-an-event", GOOD_ANSWERS).status_code == 303
    assert "already sent" in client.get("/e/DEMO/after-an-event").get_data(as_text=True)
    for url in (f"/e/{other.code}/after-an-event", EVENT_SURVEY):
        page = parse(client.get(url).get_data(as_text=True))
        assert page.h1.get_text(strip=True) == "Tell us about the event you came to", url
        assert page.select_one("form textarea")


def test_spaces_at_the_end_count_towards_the_limit_as_the_on_screen_count_counts_them(client, session, builtin):
    over = submit(client, EVENT_SURVEY, GOOD_ANSWERS | {"what_helped": "a" * 1000 + " "})
    over = reshown(client, over)
    assert "shorten it by 1" in over.get_data(as_text=True)
    lines = submit(client, EVENT_SURVEY, GOOD_ANSWERS | {"what_helped": "a" * 499 + "\r\n" + "b" * 500})
    assert lines.status_code == 303  # a line break is one character, as in the browser
    assert session.scalars(select(Answer.text).where(Answer.text.like("a%"))).one() == "a" * 499 + "\n" + "b" * 500
