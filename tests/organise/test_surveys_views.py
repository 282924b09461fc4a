"""Survey pages: copy a built-in survey, change it, preview it as respondents see it, publish it."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from feedback.models import Response, Survey, SurveyStatus, SurveyVersion
from feedback.organise.survey_editing import duplicate_survey
from feedback.responses.submission import Submission, record_response
from feedback.web.submission_guard import HONEYPOT_FIELD
from tests.helpers import copy_of_event_survey, open_form, submit
from tests.organise.conftest import sign_in_as
from tests.pages import check_page, parse


def question_keys(session, survey) -> list[str]:
    session.expire_all()
    return [question.key for question in survey.current_version.questions]


def test_copying_a_built_in_survey_from_its_page(client, session, builtin, organiser):
    sign_in_as(client, organiser)
    original = builtin["after-an-event"]
    page = parse(client.get(f"/organise/surveys/{original.id}").get_data(as_text=True))
    assert not page.select("a[href*='/questions/']"), "built-in questions offer no change links"
    token = open_form(client, f"/organise/surveys/{original.id}")["csrf_token"]
    response = client.post(f"/organise/surveys/{original.id}/duplicate", data={"csrf_token": token})
    assert response.status_code == 303
    copy = session.scalars(select(Survey).where(Survey.built_in.is_(False))).one()
    assert response.headers["Location"] == f"/organise/surveys/{copy.id}"
    assert copy.status is SurveyStatus.DRAFT


def test_a_copy_made_at_the_same_moment_as_another_gets_the_next_address(client, session, builtin, organiser,
                                                                          monkeypatch):
    # Two organisers copying at once both see the address free; the loser's insert fails.
    from sqlalchemy.exc import IntegrityError

    from feedback.organise import views_surveys
    real, calls = views_surveys.duplicate_survey, []

    def raced(db_session, survey, by):
        calls.append(survey.id)
        if len(calls) == 1:
            raise IntegrityError("INSERT INTO survey", {}, Exception("uq_survey_slug"))
        return real(db_session, survey, by=by)

    monkeypatch.setattr(views_surveys, "duplicate_survey", raced)
    sign_in_as(client, organiser)
    original = builtin["after-an-event"]
    token = open_form(client, f"/organise/surveys/{original.id}")["csrf_token"]
    response = client.post(f"/organise/surveys/{original.id}/duplicate", data={"csrf_token": token})
    assert response.status_code == 303 and len(calls) == 2
    assert session.scalars(select(Survey).where(Survey.built_in.is_(False))).one()


def test_built_in_edit_pages_send_people_to_make_a_copy(client, builtin, organiser):
    sign_in_as(client, organiser)
    survey = builtin["after-an-event"]
    response = client.get(f"/organise/surveys/{survey.id}/settings")
    assert response.status_code == 303
    assert "Make a copy and change that" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_settings_change_wording_dates_and_status(client, session, builtin, organiser):
    survey = copy_of_event_survey(session, builtin)
    sign_in_as(client, organiser)
    url = f"/organise/surveys/{survey.id}/settings"
    response = submit(client, url, {
        "title": "After the coffee morning", "intro": "Three minutes.\r\n\r\nSkip anything.",
        "what_happens_next": "We will share what we change.",
        "opens_on[day]": "1", "opens_on[month]": "1", "opens_on[year]": "2026",
        "closes_on[day]": "", "closes_on[month]": "", "closes_on[year]": "", "status": "open"})
    assert response.status_code == 303
    session.expire_all()
    assert survey.title == "After the coffee morning" and survey.current_version.intro == "Three minutes.\n\nSkip anything."
    assert (survey.opens_on, survey.closes_on, survey.status) == (date(2026, 1, 1), None, SurveyStatus.OPEN)
    assert survey.slug == "after-the-coffee-morning"  # a draft's address follows its new title
    public = parse(client.get(f"/s/{survey.slug}").get_data(as_text=True))
    assert public.find("h1").get_text(strip=True) == "After the coffee morning"


def test_settings_choose_one_question_per_page(client, session, builtin, organiser):
    survey = copy_of_event_survey(session, builtin)
    sign_in_as(client, organiser)
    url = f"/organise/surveys/{survey.id}/settings"
    page = parse(client.get(url).get_data(as_text=True))
    assert page.select_one("input[name=layout][value=one_page]").has_attr("checked")
    response = submit(client, url, {"title": survey.title, "layout": "one_per_page", "status": "open"})
    assert response.status_code == 303
    session.expire_all()
    assert survey.one_question_per_page
    public = parse(client.get(f"/s/{survey.slug}").get_data(as_text=True))
    assert public.select_one("button[name=_go]").get_text(strip=True) == "Start now"
    assert not public.select("input[type=radio]")
    page = parse(client.get(url).get_data(as_text=True))
    assert page.select_one("input[name=layout][value=one_per_page]").has_attr("checked")
    submit(client, url, {"title": survey.title, "layout": "one_page", "status": "open"})
    session.expire_all()
    assert not survey.one_question_per_page
    assert duplicate_survey(session, survey, by=None).one_question_per_page is False


def test_settings_refuse_a_closing_date_before_the_opening(client, session, builtin, organiser):
    survey = copy_of_event_survey(session, builtin)
    sign_in_as(client, organiser)
    response = submit(client, f"/organise/surveys/{survey.id}/settings", {
        "title": "X", "opens_on[day]": "2", "opens_on[month]": "2", "opens_on[year]": "2026",
        "closes_on[day]": "1", "closes_on[month]": "2", "closes_on[year]": "2026", "status": "draft"})
    assert response.status_code == 400
    page = parse(response.get_data(as_text=True))
    link = page.select_one(".nhsuk-error-summary a")
    assert link.get_text(strip=True) == "The closing date must be the same as or after the opening date"
    assert link["href"] == "#closes_on-day"


def test_adding_editing_moving_and_removing_questions(client, session, builtin, organiser):
    survey = copy_of_event_survey(session, builtin)
    sign_in_as(client, organiser)
    base = f"/organise/surveys/{survey.id}"
    added = submit(client, f"{base}/questions/new", {
        "type": "multiple_choice", "prompt": "How did you hear about the event?",
        "choices": "A poster\r\nA friend\r\nWard staff", "polarity": "neutral", "max_chars": "1000"})
    assert added.status_code == 303
    assert question_keys(session, survey)[-1] == "how_did_you_hear_about_the_event"
    edit_url = f"{base}/questions/how_did_you_hear_about_the_event"
    form = parse(client.get(edit_url).get_data(as_text=True))
    assert form.select_one("textarea[name=choices]").get_text() == "A poster\nA friend\nWard staff"
    changed = submit(client, edit_url, {
        "type": "multiple_choice", "prompt": "How did you hear about it?", "choices": "A poster\r\nA leaflet",
        "required": "y", "error_message": "Select how you heard", "polarity": "neutral", "max_chars": "1000"})
    assert changed.status_code == 303
    session.expire_all()
    question = survey.current_version.questions[-1]
    assert (question.prompt, question.required, [c.label for c in question.choices]) == (
        "How did you hear about it?", True, ["A poster", "A leaflet"])
    token = open_form(client, base)["csrf_token"]
    client.post(f"{edit_url}/move", data={"csrf_token": token, "direction": "up"})
    assert question_keys(session, survey)[-2] == "how_did_you_hear_about_the_event"
    client.post(f"{edit_url}/delete", data={"csrf_token": token})
    assert "how_did_you_hear_about_the_event" not in question_keys(session, survey)


def test_question_form_explains_problems(client, session, builtin, organiser):
    survey = copy_of_event_survey(session, builtin)
    sign_in_as(client, organiser)
    url = f"/organise/surveys/{survey.id}/questions/new"
    response = submit(client, url, {"prompt": "", "max_chars": "lots", "polarity": "neutral"})
    assert response.status_code == 400
    messages = [a.get_text(strip=True) for a in parse(response.get_data(as_text=True)).select(".nhsuk-error-summary a")]
    assert "Select the type of question" in messages and "Enter the question" in messages
    assert "Enter a number, like 1000" in messages
    page = parse(response.get_data(as_text=True))
    assert page.select_one("input[name=max_chars]")["value"] == "lots", "what was typed is shown again"
    # A choice question with no answers listed: that problem is named at once, and the
    # written-answer limit, which the hint says is only for written answers, is not.
    no_answers = submit(client, url, {"type": "single_choice", "prompt": "Pick", "choices": "",
                                      "polarity": "neutral", "max_chars": "abc"})
    messages = [a.get_text(strip=True) for a in parse(no_answers.get_data(as_text=True)).select(".nhsuk-error-summary a")]
    assert messages == ["Enter at least 2 answers to choose from, one on each line"]
    one_choice = submit(client, url, {"type": "single_choice", "prompt": "Pick", "choices": "Only",
                                      "polarity": "neutral", "max_chars": "1000"})
    assert "Enter at least 2 answers to choose from, one on each line" in one_choice.get_data(as_text=True)
    assert "pick" not in question_keys(session, survey)


def test_editing_an_answered_survey_keeps_old_answers_on_old_questions(client, session, builtin, organiser):
    survey = copy_of_event_survey(session, builtin)
    first = survey.current_version
    record_response(session, version=first, event=None, today=date.today(),
                    submission=Submission(answers={"role": "carer", "what_helped": "Tea"}))
    session.commit()
    sign_in_as(client, organiser)
    page = client.get(f"/organise/surveys/{survey.id}").get_data(as_text=True)
    assert "Changing it makes a new version" in page
    token = open_form(client, f"/organise/surveys/{survey.id}")["csrf_token"]
    client.post(f"/organise/surveys/{survey.id}/questions/what_helped/delete", data={"csrf_token": token})
    session.expire_all()
    assert survey.current_version.number == 2
    stored = session.scalars(select(Response)).one()
    assert stored.survey_version_id == first.id
    assert {answer.question.key for answer in stored.answers} == {"role", "what_helped"}
    assert len(session.scalars(select(SurveyVersion).where(SurveyVersion.survey_id == survey.id)).all()) == 2


def test_preview_shows_the_respondents_questions_without_a_way_to_send(client, session, builtin, organiser):
    survey = builtin["after-an-event"]
    sign_in_as(client, organiser)
    preview = parse(client.get(f"/organise/surveys/{survey.id}/preview").get_data(as_text=True))
    public = parse(client.get("/s/after-an-event").get_data(as_text=True))
    assert preview.find("h1").get_text() == public.find("h1").get_text()
    # The honeypot is part of sending, which a preview cannot do.
    fields = lambda page: [(field.name, field.get("name"), field.get("type")) for field in
                           page.select("main input:not([type=hidden]), main textarea")
                           if field.get("name") != HONEYPOT_FIELD]
    assert fields(preview) == fields(public)
    legends = lambda page: [legend.get_text(" ", strip=True) for legend in page.select("main legend")]
    assert legends(preview) == legends(public)
    assert not preview.select("main form"), "a preview cannot be sent"


def test_publishing_and_closing(client, session, builtin, organiser):
    survey = copy_of_event_survey(session, builtin)
    sign_in_as(client, organiser)
    assert client.get(f"/s/{survey.slug}").status_code == 403  # a draft is not open yet
    token = open_form(client, f"/organise/surveys/{survey.id}")["csrf_token"]
    assert client.post(f"/organise/surveys/{survey.id}/publish", data={"csrf_token": token}).status_code == 303
    assert client.get(f"/s/{survey.slug}").status_code == 200
    client.post(f"/organise/surveys/{survey.id}/close", data={"csrf_token": token})
    assert client.get(f"/s/{survey.slug}").status_code == 410


def test_survey_list_shows_versions_and_responses(client, session, builtin, organiser):
    sign_in_as(client, organiser)
    rows = parse(client.get("/organise/surveys").get_data(as_text=True)).select("tbody tr")
    titles = [row.select_one("td a").get_text(strip=True) for row in rows]
    assert "Tell us about the event you came to" in titles


def test_a_survey_can_be_unlisted_and_still_answered_by_its_link(client, session, builtin, organiser):
    survey = copy_of_event_survey(session, builtin)
    sign_in_as(client, organiser)
    url = f"/organise/surveys/{survey.id}/settings"
    page = check_page(client.get(url).get_data(as_text=True))
    assert page.select_one("input[name=listing][value=listed]").has_attr("checked")
    assert submit(client, url, {"title": "Staff only, by email", "listing": "unlisted", "status": "open"}).status_code == 303
    session.expire_all()
    assert not survey.listed
    assert "Staff only, by email" not in client.get("/").get_data(as_text=True)
    assert client.get(f"/s/{survey.slug}").status_code == 200
    # A copy keeps the choice.
    assert not duplicate_survey(session, survey, by=None).listed
