"""A survey form sent with a problem comes back by a redirect (Post/Redirect/Get), with
everything typed and every problem, so Back after sending never asks to resubmit a form."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from feedback.models import FormDraft, Response
from feedback.responses.drafts import DRAFT_MINUTES
from tests.helpers import EVENT_SURVEY, GOOD_ANSWERS, hidden_fields, reshown, submit
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
    # The next form kept clears out every draft past its time.
    submit(client, EVENT_SURVEY, WITHOUT_ROLE)
    assert drafts(session) == 1
