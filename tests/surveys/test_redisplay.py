"""A survey form sent with a problem comes back by a redirect (Post/Redirect/Get), with
everything typed and every problem, so Back after sending never asks to resubmit a form."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from feedback.extensions import db
from feedback.mail.scheduler import run_pass
from feedback.models import FormDraft, Response
from feedback.responses import drafts as drafts_module
from feedback.responses.drafts import DRAFT_MINUTES
from tests.helpers import EVENT_SURVEY, GOOD_ANSWERS, carried, hidden_fields, open_form, reshown, submit
from tests.pages import check_page

WITHOUT_ROLE = {key: value for key, value in GOOD_ANSWERS.items() if key != "role"}


def drafts(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(FormDraft))


def test_a_form_with_a_problem_comes_back_by_redirect_with_what_was_typed(client, session, builtin):
    sent = submit(client, EVENT_SURVEY, WITHOUT_ROLE)
    assert sent.status_code == 303 and sent.headers["Location"].startswith(EVENT_SURVEY + "?answers=")
    again = reshown(client, sent)
    page = check_page(again.get_data(as_text=True))
    assert page.title.get_text().startswith("Error: ")
    assert [link.get_text(strip=True) for link in page.select(".nhsuk-error-summary a")] == [
        "Select who you are, or select 'I would rather not say'"]
    assert page.select_one("textarea[name=what_helped]").get_text() == GOOD_ANSWERS["what_helped"]
    assert page.select_one("input[name=listened_to][value=agree]").has_attr("checked")
    stored = session.scalars(select(FormDraft)).one()
    assert "csrf_token" not in {name for name, _value in stored.fields}

    # Corrected and sent: stored once, the kept answers gone, and the page Back leads to
    # (the redirect's address) says the answers were sent instead of asking to resubmit.
    done = client.post(EVENT_SURVEY, data=hidden_fields(again.get_data(as_text=True)) | GOOD_ANSWERS)
    assert done.status_code == 303 and done.headers["Location"].startswith("/thanks/")
    assert session.scalar(select(func.count(Response.id))) == 1 and drafts(session) == 0
    back = client.get(sent.headers["Location"])
    assert back.status_code == 200 and "already sent" in back.get_data(as_text=True).lower()


def test_the_kept_answers_show_only_to_the_browser_that_typed_them(app, client, session, builtin):
    sent = submit(client, EVENT_SURVEY, WITHOUT_ROLE)
    with app.test_client() as another_phone:
        page = check_page(another_phone.get(sent.headers["Location"]).get_data(as_text=True))
    assert GOOD_ANSWERS["what_helped"] not in str(page) and not page.select(".nhsuk-error-summary")
    assert drafts(session) == 1


def test_opening_the_survey_afresh_throws_the_kept_answers_away(client, session, builtin):
    sent = submit(client, EVENT_SURVEY, WITHOUT_ROLE)
    assert drafts(session) == 1
    fresh = check_page(client.get(EVENT_SURVEY).get_data(as_text=True))
    assert GOOD_ANSWERS["what_helped"] not in str(fresh) and drafts(session) == 0
    gone = check_page(client.get(sent.headers["Location"]).get_data(as_text=True))
    assert GOOD_ANSWERS["what_helped"] not in str(gone)


def test_kept_answers_are_not_kept_for_long(client, session, builtin):
    sent = submit(client, EVENT_SURVEY, WITHOUT_ROLE)
    draft = session.scalars(select(FormDraft)).one()
    draft.created_at -= timedelta(minutes=DRAFT_MINUTES + 1)
    session.commit()
    late = check_page(client.get(sent.headers["Location"]).get_data(as_text=True))
    assert GOOD_ANSWERS["what_helped"] not in str(late)
    # Said, rather than an empty form as if nothing had been typed.
    assert "What you typed here is no longer kept" in late.select_one(".nhsuk-error-summary").get_text()
    assert late.select_one("input[name=submission_key]")["value"], "a fresh form that can be sent"
    # The next form kept clears out every draft past its time.
    submit(client, EVENT_SURVEY, WITHOUT_ROLE)
    assert drafts(session) == 1


def test_a_quiet_survey_loses_its_kept_answers_on_time_too(app, client, session, builtin):
    # No one else sends a form afterwards: the scheduler's pass clears the draft instead.
    submit(client, EVENT_SURVEY, WITHOUT_ROLE)
    draft = session.scalars(select(FormDraft)).one()
    draft.created_at -= timedelta(minutes=DRAFT_MINUTES + 1)
    session.commit()
    run_pass(db.session, app.config, app.instance_path)
    assert drafts(session) == 0


def test_only_the_forms_own_fields_are_kept(client, session, builtin):
    sent = submit(client, EVENT_SURVEY, WITHOUT_ROLE | {"padding": "x" * 5000, "_padding": "y" * 5000})
    assert sent.status_code == 303
    kept = {name for name, _value in session.scalars(select(FormDraft)).one().fields}
    assert "what_helped" in kept and "submission_key" in kept
    assert "padding" not in kept and "_padding" not in kept


def test_a_made_up_session_cookie_keeps_nothing_but_loses_no_answer(client, session, builtin):
    # A script sending a cookie this service never signed gets the page as the answer to
    # its post, with everything it sent, and leaves no row behind (or it could fill the disk).
    fields = open_form(client, EVENT_SURVEY)
    client.set_cookie("session", "made-up", domain="localhost")
    sent = client.post(EVENT_SURVEY, data=fields | WITHOUT_ROLE)
    assert sent.status_code == 400 and drafts(session) == 0
    page = check_page(sent.get_data(as_text=True))
    assert page.select_one("textarea[name=what_helped]").get_text() == GOOD_ANSWERS["what_helped"]


def test_past_the_most_drafts_kept_the_page_is_the_answer_to_its_post(client, session, builtin, monkeypatch):
    monkeypatch.setattr(drafts_module, "MAX_KEPT_DRAFTS", 1)
    with client.application.test_client() as someone_else:
        assert submit(someone_else, EVENT_SURVEY, WITHOUT_ROLE).status_code == 303
    sent = submit(client, EVENT_SURVEY, WITHOUT_ROLE)
    assert sent.status_code == 400 and drafts(session) == 1
    page = check_page(sent.get_data(as_text=True))
    assert page.select_one("textarea[name=what_helped]").get_text() == GOOD_ANSWERS["what_helped"]


def test_query_names_like_url_fors_own_cannot_steer_the_redirect(client, session, builtin):
    fields = open_form(client, EVENT_SURVEY)
    sent = client.post(EVENT_SURVEY + "?_external=1&_anchor=x&_method=GET&_scheme=ftp&ref=poster",
                       data=fields | WITHOUT_ROLE)
    assert sent.status_code == 303
    location = sent.headers["Location"]
    assert location.startswith(EVENT_SURVEY + "?") and "#" not in location  # a path: _external made no address
    assert "ref=poster" in location and "_anchor=x" in location


def test_the_privacy_page_says_typed_answers_are_kept_for_up_to_the_hour_they_are(client, builtin):
    assert DRAFT_MINUTES == 60
    english = check_page(client.get("/how-we-use-your-answers").get_data(as_text=True))
    assert "what you have typed is kept for up to an hour" in english.get_text(" ", strip=True)
    welsh = check_page(client.get("/how-we-use-your-answers?lang=cy").get_data(as_text=True))
    assert "am hyd at awr" in welsh.get_text(" ", strip=True)


def test_a_page_of_a_paged_survey_reloaded_past_the_hour_says_why_it_starts_again(client, session, builtin):
    survey = builtin["after-an-event"]
    survey.one_question_per_page = True
    session.commit()
    html = client.get(EVENT_SURVEY).get_data(as_text=True)
    page_two = client.post(EVENT_SURVEY, data=MultiDict(carried(html) + [("_go", "next")]))
    assert page_two.status_code == 303
    draft = session.scalars(select(FormDraft)).one()
    draft.created_at -= timedelta(minutes=DRAFT_MINUTES + 1)
    session.commit()
    late = check_page(client.get(page_two.headers["Location"]).get_data(as_text=True))
    assert "What you typed here is no longer kept" in late.select_one(".nhsuk-error-summary").get_text()
    assert late.find("h1").get_text(strip=True) == "Tell us about the event you came to"  # the first page
