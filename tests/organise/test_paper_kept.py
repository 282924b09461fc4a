"""A paper response typed in while the organiser's session ended is kept, shown again after
signing in, not yet saved, and saved once (feedback/organise/paper_kept.py)."""
from __future__ import annotations

import time
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import func, select, update

from feedback.models import FormDraft, Response, UserRole
from feedback.models.types import utcnow
from feedback.organise.forms_entry import KEPT_FOR_SIGN_IN_NOTICE, KEPT_GONE, STALE_PAGE_NOTICE
from feedback.organise.paper_kept import SIGNED_OUT_KEPT
from tests.factories import PASSWORD, make_event, make_user
from tests.helpers import hidden_fields, open_form, submit
from tests.organise.conftest import sign_in_as
from tests.pages import check_page

FROM_HERE = {"Sec-Fetch-Site": "same-origin"}
TYPED = {"role": "carer", "listened_to": "agree", "what_helped": "Written on the back: the bus fare"}


def responses(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(Response))


def drafts(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(FormDraft))


def go_idle(client) -> None:
    """The session sat unused past the idle timeout while the form was being typed."""
    with client.session_transaction() as browser_session:
        browser_session["seen"] = int(time.time()) - 24 * 3600


def sign_in_from(client, location: str, user):
    assert location.startswith("/organise/sign-in?next=")
    page = client.get(location)
    assert page.status_code == 200
    return page, submit(client, location, {"email": user.email, "password": PASSWORD})


def typed_then_signed_out(client, user, url: str, *, headers=FROM_HERE):
    """Open the paper form signed in, go idle, then press Save: the answer to that POST."""
    sign_in_as(client, user)
    data = open_form(client, url) | TYPED
    go_idle(client)
    return client.post(url, data=data, headers=headers)


def test_answers_sent_after_the_session_ended_come_back_after_sign_in_unsaved_then_save_once(
        client, session, builtin, organiser):
    survey = builtin["after-an-event"]
    event = make_event(session, surveys=[survey], held_on=date(2026, 3, 14))
    url = f"/organise/surveys/{survey.id}/paper?event={event.id}"
    sent = typed_then_signed_out(client, organiser, url)
    assert sent.status_code == 303
    location = sent.headers["Location"]
    assert "bus fare" not in location and "carer" not in location, "answers never go in the address"
    back = parse_qs(urlsplit(location).query)["next"][0]
    assert back.startswith(url + "&answers=")
    assert responses(session) == 0 and drafts(session) == 1

    sign_in_page, signed_in = sign_in_from(client, location, organiser)
    text = check_page(sign_in_page.get_data(as_text=True)).get_text(" ", strip=True)
    assert SIGNED_OUT_KEPT in text
    assert signed_in.status_code == 303 and signed_in.headers["Location"] == back

    shown = client.get(back)
    assert shown.status_code == 200
    page = check_page(shown.get_data(as_text=True))
    assert KEPT_FOR_SIGN_IN_NOTICE in page.select_one(".nhsuk-error-summary").get_text(" ", strip=True)
    assert page.select_one("textarea[name=what_helped]").get_text() == TYPED["what_helped"]
    assert page.select_one("input[name=role][value=carer]").has_attr("checked")
    assert page.select_one("input[name=listened_to][value=agree]").has_attr("checked")
    assert responses(session) == 0, "nothing is stored until Save is pressed again"

    # Saved as shown (the browser sends what the page holds); a second press saves nothing more.
    data = hidden_fields(str(page)) | TYPED
    saved = client.post(url, data=data)
    assert saved.status_code == 303 and saved.headers["Location"] == url
    client.post(url, data=data)
    assert responses(session) == 1 and drafts(session) == 0
    stored = session.scalars(select(Response)).one()
    assert (stored.entered_by_id, stored.event_id, stored.submitted_on) == (organiser.id, event.id, date(2026, 3, 14))

    # The same address again (Back, history): the empty form and why, never the answers twice.
    again = client.get(back)
    assert again.status_code == 200
    page = check_page(again.get_data(as_text=True))
    assert KEPT_GONE in page.get_text(" ", strip=True)
    assert page.select_one("textarea[name=what_helped]").get_text() == ""
    assert client.post(url, data=data).status_code == 303 and responses(session) == 1


def test_answers_sent_after_signing_out_in_another_tab_are_kept(client, session, builtin, organiser):
    survey = builtin["after-an-event"]
    url = f"/organise/surveys/{survey.id}/paper"
    sign_in_as(client, organiser)
    data = open_form(client, url) | TYPED
    # Another tab signs out: the session (and its CSRF token) is gone when this one saves.
    client.post("/organise/sign-out", data={"csrf_token": open_form(client, "/organise/account/password")["csrf_token"]})
    sent = client.post(url, data=data, headers={"Origin": "http://localhost"})
    assert sent.status_code == 303
    _page, signed_in = sign_in_from(client, sent.headers["Location"], organiser)
    page = check_page(client.get(signed_in.headers["Location"]).get_data(as_text=True))
    assert page.select_one("textarea[name=what_helped]").get_text() == TYPED["what_helped"]
    assert responses(session) == 0


def test_kept_answers_are_only_for_someone_who_may_enter_paper_in_that_browser(app, client, session, builtin,
                                                                               organiser, viewer):
    survey = builtin["after-an-event"]
    url = f"/organise/surveys/{survey.id}/paper"
    sent = typed_then_signed_out(client, organiser, url)
    location = sent.headers["Location"]
    back = parse_qs(urlsplit(location).query)["next"][0]
    # A viewer signing in on the same computer may not enter paper at all.
    _page, signed_in = sign_in_from(client, location, viewer)
    assert signed_in.headers["Location"] == back
    refused = client.get(back)
    assert refused.status_code == 403 and TYPED["what_helped"] not in refused.get_data(as_text=True)
    # Another organiser given the address, in their own browser: the empty form and why.
    other = app.test_client()
    sign_in_as(other, make_user(session, email="other@example.org", role=UserRole.ORGANISER))
    elsewhere = other.get(back)
    assert elsewhere.status_code == 200
    page = check_page(elsewhere.get_data(as_text=True))
    assert TYPED["what_helped"] not in str(page) and KEPT_GONE in page.get_text(" ", strip=True)
    assert responses(session) == 0


def test_an_unknown_expired_or_other_surveys_token_shows_the_empty_form_and_says_why(client, session, builtin,
                                                                                    organiser):
    survey, other = builtin["after-an-event"], builtin["involving-people-in-qi-staff"]
    url = f"/organise/surveys/{survey.id}/paper"
    sign_in_as(client, organiser)
    for address in (f"{url}?answers=nonsense", f"{url}?answers={'0' * 32}", f"{url}?answers=%00"):
        response = client.get(address)
        assert response.status_code in (200, 400, 404), address
        if response.status_code == 200:
            assert KEPT_GONE in check_page(response.get_data(as_text=True)).get_text(" ", strip=True)

    sent = typed_then_signed_out(client, organiser, url)
    location = sent.headers["Location"]
    back = parse_qs(urlsplit(location).query)["next"][0]
    sign_in_from(client, location, organiser)
    token = parse_qs(urlsplit(back).query)["answers"][0]
    # The same token on another survey's page shows nothing of this one.
    elsewhere = client.get(f"/organise/surveys/{other.id}/paper?answers={token}")
    assert elsewhere.status_code == 200
    page = check_page(elsewhere.get_data(as_text=True))
    assert TYPED["what_helped"] not in str(page) and KEPT_GONE in page.get_text(" ", strip=True)
    # Past the hour public drafts are kept for: gone too.
    session.execute(update(FormDraft).values(created_at=utcnow() - timedelta(minutes=61)))
    session.commit()
    late = client.get(back)
    assert late.status_code == 200
    page = check_page(late.get_data(as_text=True))
    assert TYPED["what_helped"] not in str(page) and KEPT_GONE in page.get_text(" ", strip=True)
    assert responses(session) == 0


def test_a_post_from_another_site_keeps_nothing(client, session, builtin, organiser):
    # Another site cannot post answers into an organiser's browser for them to find and save.
    survey = builtin["after-an-event"]
    url = f"/organise/surveys/{survey.id}/paper"
    for headers in ({"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://elsewhere.example"}, {}):
        sent = typed_then_signed_out(client, organiser, url, headers=headers)
        assert sent.status_code == 302 and sent.headers["Location"].startswith("/organise/sign-in?next=")
        assert "answers" not in sent.headers["Location"]
    assert drafts(session) == 0 and responses(session) == 0


def test_a_token_from_a_session_replaced_in_another_tab_shows_the_answers_again_then_saves_once(
        client, session, builtin, organiser):
    survey = builtin["after-an-event"]
    url = f"/organise/surveys/{survey.id}/paper"
    sign_in_as(client, organiser)
    data = open_form(client, url) | TYPED
    sign_in_as(client, organiser)  # signed out and in again in another tab: a new CSRF token
    sent = client.post(url, data=data)
    assert sent.status_code == 303 and sent.headers["Location"].startswith(url + "?answers=")
    page = check_page(client.get(sent.headers["Location"]).get_data(as_text=True))
    assert STALE_PAGE_NOTICE in page.select_one(".nhsuk-error-summary").get_text(" ", strip=True)
    assert page.select_one("textarea[name=what_helped]").get_text() == TYPED["what_helped"]
    assert responses(session) == 0
    fresh = hidden_fields(str(page)) | TYPED
    assert fresh["submission_key"] == data["submission_key"], "the same key, so an earlier save is not repeated"
    assert client.post(url, data=fresh).status_code == 303
    assert client.post(url, data=fresh).status_code == 303
    assert responses(session) == 1
