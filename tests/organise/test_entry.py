"""Paper forms typed in by organisers, and kiosk mode on a shared tablet."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from feedback.models import AuditLog, Channel, Response, UserRole
from feedback.organise.kiosk import make_token
from tests.factories import make_event, make_user
from tests.helpers import hidden_fields, kiosk_url, open_form, opened_a_minute_ago, reshown, submit
from tests.organise.conftest import sign_in_as
from tests.pages import check_page, parse


def responses(session) -> list[Response]:
    session.expire_all()
    return list(session.scalars(select(Response).order_by(Response.id)))


def test_paper_entry_records_who_typed_it_and_the_event_day(client, session, builtin, organiser):
    survey = builtin["after-an-event"]
    event = make_event(session, surveys=[survey], held_on=date(2026, 3, 14))
    sign_in_as(client, organiser)
    url = f"/organise/surveys/{survey.id}/paper?event={event.id}"
    page = parse(client.get(url).get_data(as_text=True))
    assert page.select_one("main form")["autocomplete"] == "off"
    assert "(optional)" not in page.select_one("main form").get_text(), "every question is optional on paper"
    response = submit(client, url, {"listened_to": "agree", "what_helped": "The large print handout"})
    assert response.status_code == 303 and response.headers["Location"] == url
    stored = responses(session)[0]
    assert (stored.channel, stored.entered_by_id, stored.event_id) == (Channel.PAPER, organiser.id, event.id)
    assert stored.submitted_on == date(2026, 3, 14)
    assert stored.respondent_role.value == "not_asked"  # the required role question was left blank on paper
    assert "Paper response saved" in client.get(url).get_data(as_text=True)
    assert session.scalar(select(AuditLog.action).where(AuditLog.action == "response.paper"))


def test_paper_entry_is_only_for_an_event_that_ran_the_survey(client, session, builtin, organiser):
    survey, other = builtin["after-an-event"], builtin["involving-people-in-qi-staff"]
    event = make_event(session, surveys=[other])
    sign_in_as(client, organiser)
    url = f"/organise/surveys/{survey.id}/paper?event={event.id}"
    assert client.get(url).status_code == 404
    fields = open_form(client, f"/organise/surveys/{survey.id}/paper")
    assert client.post(url, data={**fields, "listened_to": "agree"}).status_code == 404
    assert client.get(f"/organise/surveys/{survey.id}/paper?event=99999999999999999999").status_code == 404
    assert responses(session) == []


def test_paper_entry_stores_a_double_submit_once(client, session, builtin, organiser):
    survey = builtin["after-an-event"]
    sign_in_as(client, organiser)
    url = f"/organise/surveys/{survey.id}/paper"
    data = open_form(client, url) | {"role": "carer"}
    client.post(url, data=data)
    client.post(url, data=data)
    assert len(responses(session)) == 1


def test_paper_entry_explains_bad_answers(client, session, builtin, organiser):
    survey = builtin["after-an-event"]
    event = make_event(session, surveys=[survey])
    sign_in_as(client, organiser)
    url = f"/organise/surveys/{survey.id}/paper?event={event.id}"
    response = submit(client, url, {"listened_to": "sort of", "what_helped": "Written in the margin"})
    # Shown again by a redirect that keeps the event, so Back after saving never asks to resubmit.
    assert response.headers.get("Location", "").startswith(url + "&answers=")
    page = check_page(reshown(client, response).get_data(as_text=True))
    assert page.title.get_text().startswith("Error: ")
    summary = page.select_one(".nhsuk-error-summary")
    assert "There is a problem" in summary.get_text() and "Select one of the answers shown" in summary.get_text()
    assert summary.select_one("a")["href"] == "#listened_to"
    assert page.select_one("textarea[name=what_helped]").get_text() == "Written in the margin"
    assert event.name in page.select_one(".nhsuk-caption-l").get_text()
    assert responses(session) == []
    assert client.get(f"/organise/surveys/{survey.id}/paper?event=999").status_code == 404


def test_a_query_value_named_like_the_path_never_breaks_the_redirect(client, session, builtin, organiser):
    survey = builtin["after-an-event"]
    sign_in_as(client, organiser)
    url = f"/organise/surveys/{survey.id}/paper"
    data = open_form(client, url) | {"listened_to": "sort of"}
    sent = client.post(f"{url}?survey_id=999&answers=old", data=data)
    assert sent.status_code == 303 and sent.headers["Location"].startswith(url + "?")
    assert "Select one of the answers shown" in reshown(client, sent).get_data(as_text=True)


@pytest.mark.parametrize("key", [None, "damaged", "0" * 31 + "g"], ids=["missing", "damaged", "not-hex"])
def test_paper_entry_with_a_damaged_hidden_key_says_what_to_do_and_keeps_what_was_typed(client, session, builtin,
                                                                                      organiser, key):
    survey = builtin["after-an-event"]
    sign_in_as(client, organiser)
    url = f"/organise/surveys/{survey.id}/paper"
    data = open_form(client, url) | {"role": "carer", "what_helped": "The large print handout"}
    data.pop("submission_key")
    if key is not None:
        data["submission_key"] = key
    again = client.get(client.post(url, data=data).headers.get("Location", "no redirect"))
    assert again.status_code == 200
    page = check_page(again.get_data(as_text=True))
    assert page.title.get_text().startswith("Error: ")
    summary = page.select_one(".nhsuk-error-summary").get_text(" ", strip=True)
    assert "This paper response has not been saved" in summary
    assert "part of the page was missing or damaged" in summary and "select 'Save this paper response' again" in summary
    assert page.select_one("textarea[name=what_helped]").get_text() == "The large print handout"
    assert page.select_one("input[name=role][value=carer]").has_attr("checked")
    assert responses(session) == []
    # Saved from the page shown again (it carries a new key): once, as typed.
    saved = client.post(url, data=hidden_fields(str(page)) | {"role": "carer", "what_helped": "The large print handout"})
    assert saved.status_code == 303 and saved.headers["Location"] == url
    assert [answer.text for answer in responses(session)[0].answers if answer.text] == ["The large print handout"]


def test_starting_kiosk_mode_signs_the_organiser_out_on_the_tablet(client, session, builtin, organiser):
    survey = builtin["after-an-event"]
    event = make_event(session, surveys=[survey])
    sign_in_as(client, organiser)
    fields = hidden_fields(client.get(f"/organise/events/{event.id}").get_data(as_text=True))
    response = client.post(f"/organise/events/{event.id}/kiosk",
                           data={"csrf_token": fields["csrf_token"], "survey_id": str(survey.id)})
    assert response.status_code == 303
    kiosk = response.headers["Location"]
    assert kiosk.startswith("/organise/kiosk/")
    assert client.get("/organise/").status_code == 302  # nobody at the event can open the workspace
    page = client.get(kiosk)
    assert page.status_code == 200
    assert "no-store" in page.headers["Cache-Control"]
    html = parse(page.get_data(as_text=True))
    assert html.select_one("main form")["autocomplete"] == "off"
    assert not html.select(".nhsuk-header__navigation, .nhsuk-header__account")
    assert not html.select("header a"), "nothing on the kiosk leads away from the survey"


def test_kiosk_takes_answers_then_goes_back_to_the_start(app, client, session, builtin):
    survey = builtin["after-an-event"]
    event = make_event(session, surveys=[survey])
    url = kiosk_url(app, event, survey)
    sent = submit(client, url, {"role": "service_user", "what_helped": "Being asked first"})
    assert sent.status_code == 303
    thanks = client.get(sent.headers["Location"])
    assert thanks.status_code == 200 and "no-store" in thanks.headers["Cache-Control"]
    page = parse(thanks.get_data(as_text=True))
    refresh = page.select_one("meta[http-equiv=refresh]")["content"]
    assert refresh == f"20;url={url}"
    assert page.find("a", string=lambda text: text and "Start again for the next person" in text)["href"] == url
    stay = client.get(page.find("a", string="Keep this page open")["href"])
    assert not parse(stay.get_data(as_text=True)).select("meta[http-equiv=refresh]")
    stored = responses(session)[0]
    assert (stored.channel, stored.event_id, stored.entered_by_id) == (Channel.KIOSK, event.id, None)
    fresh = parse(client.get(url).get_data(as_text=True))
    assert not fresh.select("input[checked]") and not fresh.select_one("textarea").get_text().strip()


def test_kiosk_refuses_forged_expired_and_closed(app, client, session, builtin):
    survey = builtin["after-an-event"]
    event = make_event(session, surveys=[survey])
    url = kiosk_url(app, event, survey)
    assert client.get(url[:-3] + "abc").status_code == 404
    app.config["KIOSK_TOKEN_HOURS"] = -1
    expired = client.get(url)
    assert expired.status_code == 410 and "switched off" in expired.get_data(as_text=True)
    app.config["KIOSK_TOKEN_HOURS"] = 10
    event.closed_at = event.created_at
    session.commit()
    assert client.get(url).status_code == 410


def test_kiosk_shows_problems_and_keeps_answers(app, client, session, builtin):
    survey = builtin["after-an-event"]
    event = make_event(session, surveys=[survey])
    url = kiosk_url(app, event, survey)
    response = submit(client, url, {"what_helped": "Kept this"})
    # By a redirect, as on a phone: Back after sending never asks to resubmit.
    assert response.headers.get("Location", "").startswith(url + "?answers=")
    again = reshown(client, response)
    assert "no-store" in again.headers["Cache-Control"]
    page = check_page(again.get_data(as_text=True))
    assert page.title.get_text().startswith("Error: ")
    assert [link.get_text(strip=True) for link in page.select(".nhsuk-error-summary a")] == [
        "Select who you are, or select 'I would rather not say'"]
    assert page.select_one("textarea[name=what_helped]").get_text() == "Kept this"
    assert not page.select("header a"), "nothing on the kiosk leads away from the survey"
    assert session.scalar(select(func.count()).select_from(Response)) == 0
    sent = client.post(url, data=hidden_fields(str(page)) | {"role": "carer", "what_helped": "Kept this"})
    assert sent.status_code == 303 and "/thanks" in sent.headers["Location"]
    assert session.scalar(select(func.count()).select_from(Response)) == 1
    # The next person starts afresh, and the first one's address shows them nothing.
    for address in (url, response.headers["Location"]):
        assert "Kept this" not in client.get(address).get_data(as_text=True)


def test_a_quick_correction_on_the_kiosk_is_not_refused_as_too_fast(app, client, session, builtin, monkeypatch):
    # The wait for robots counts from when the form was first opened, as on a phone: a
    # tablet user who typed for a while and fixes a missed answer in a second is sent.
    app.config["SUBMISSION_MIN_SECONDS"] = 3
    survey = builtin["after-an-event"]
    url = kiosk_url(app, make_event(session, surveys=[survey]), survey)
    with opened_a_minute_ago(monkeypatch):
        data = open_form(client, url)
    again = reshown(client, client.post(url, data=data | {"what_helped": "Kept this"}))
    fixed = client.post(url, data=hidden_fields(again.get_data(as_text=True))
                        | {"what_helped": "Kept this", "role": "carer"})
    assert fixed.status_code == 303 and "/thanks" in fixed.headers["Location"]
    assert session.scalar(select(func.count()).select_from(Response)) == 1


def test_kiosk_start_refuses_a_survey_the_event_does_not_use(client, session, builtin, organiser):
    event = make_event(session, surveys=[builtin["after-an-event"]])
    sign_in_as(client, organiser)
    token = open_form(client, f"/organise/events/{event.id}")["csrf_token"]
    other = builtin["involving-people-in-qi-staff"]
    assert client.post(f"/organise/events/{event.id}/kiosk",
                       data={"csrf_token": token, "survey_id": str(other.id)}).status_code == 400


def test_paper_forms_wait_until_the_survey_is_published(client, session, builtin, organiser):
    from feedback.models import SurveyStatus
    from tests.pages import check_page
    survey = builtin["after-an-event"]
    survey.status = SurveyStatus.DRAFT
    session.commit()
    sign_in_as(client, organiser)
    url = f"/organise/surveys/{survey.id}/paper"
    detail = parse(client.get(f"/organise/surveys/{survey.id}").get_data(as_text=True))
    assert not detail.find("a", href=url)
    assert client.get(url).status_code == 409
    token = open_form(client, f"/organise/surveys/{survey.id}")["csrf_token"]
    refused = client.post(url, data={"csrf_token": token, "what_helped": "Typed from paper"})
    assert refused.status_code == 409
    page = check_page(refused.get_data(as_text=True))
    assert page.h1.get_text(strip=True) == "Publish this survey before typing in paper forms"
    assert responses(session) == []


def test_kiosk_sessions_are_kept_on_the_server_and_end_from_the_workspace(app, client, session, builtin, organiser):
    from feedback.models import KioskSession
    survey = builtin["after-an-event"]
    event = make_event(session, surveys=[survey])
    sign_in_as(client, organiser)
    fields = open_form(client, f"/organise/events/{event.id}")
    kiosk = client.post(f"/organise/events/{event.id}/kiosk",
                        data={"csrf_token": fields["csrf_token"], "survey_id": str(survey.id)}).headers["Location"]
    recorded = session.scalars(select(KioskSession)).one()
    assert recorded.started_by_id == organiser.id and recorded.ended_at is None
    hours = (recorded.expires_at - recorded.started_at).total_seconds() / 3600
    assert hours == 10 == app.config["KIOSK_TOKEN_HOURS"], "a working day by default"
    assert client.get(kiosk).status_code == 200

    sign_in_as(client, organiser)  # back at a desk, signed in
    page = parse(client.get(f"/organise/events/{event.id}").get_data(as_text=True))
    end = page.select_one("form[action$='/end']")
    assert "End this kiosk" in end.button.get_text()
    ended = client.post(end["action"], data=hidden_fields(str(end)))
    assert ended.status_code == 303
    refused = client.get(kiosk)
    assert refused.status_code == 410 and "switched off" in refused.get_data(as_text=True)
    assert session.scalar(select(AuditLog.action).where(AuditLog.action == "kiosk.end")) == "kiosk.end"
    assert not parse(client.get(f"/organise/events/{event.id}").get_data(as_text=True)).select(
        "form[action$='/end']"), "an ended kiosk is not listed"


def test_a_kiosk_ends_when_its_organiser_is_switched_off(app, client, session, builtin, admin):
    from feedback.organise.accounts import set_active
    survey = builtin["after-an-event"]
    event = make_event(session, surveys=[survey])
    starter = make_user(session, email="starter@example.org", role=UserRole.ORGANISER)
    url = kiosk_url(app, event, survey, by=starter)
    assert client.get(url).status_code == 200
    set_active(session, starter, False, by=admin)
    session.commit()
    assert client.get(url).status_code == 410
    set_active(session, starter, True, by=admin)
    session.commit()
    assert client.get(url).status_code == 410, "switching them back on does not bring the kiosk back"


def test_a_kiosk_past_its_time_or_from_a_link_without_a_session_is_switched_off(app, client, session, builtin):
    from feedback.models import KioskSession
    from feedback.organise.kiosk import KioskTicket
    survey = builtin["after-an-event"]
    event = make_event(session, surveys=[survey])
    url = kiosk_url(app, event, survey)
    kiosk = session.scalars(select(KioskSession)).one()
    kiosk.expires_at = kiosk.started_at
    session.commit()
    assert client.get(url).status_code == 410
    old_link = make_token(app.secret_key, KioskTicket(event_id=event.id, survey_id=survey.id))
    assert client.get(f"/organise/kiosk/{old_link}").status_code == 410, "a link from before sessions were kept"


def test_a_kiosk_offers_every_language_keeps_the_answers_and_starts_the_next_person_in_english(
        app, client, session, builtin):
    survey = builtin["after-an-event"]
    url = kiosk_url(app, make_event(session, surveys=[survey]), survey)
    page = parse(client.get(url).get_data(as_text=True))
    assert page.select_one('.feedback-languages button[value="cy"]'), "the kiosk offers the languages too"
    switched = client.post(url, data=hidden_fields(str(page)) | {"what_helped": "Y te", "switch_language": "cy"})
    welsh = check_page(reshown(client, switched).get_data(as_text=True))
    assert welsh.html["lang"] == "cy"
    assert welsh.select_one("textarea[name=what_helped]").get_text() == "Y te"
    assert session.scalar(select(func.count()).select_from(Response)) == 0
    sent = client.post(url, data=hidden_fields(str(welsh)) | {"what_helped": "Y te", "role": "carer"})
    assert sent.status_code == 303 and session.scalar(select(Response.language)) == "cy"
    assert parse(client.get(sent.headers["Location"]).get_data(as_text=True)).html["lang"] == "cy"
    following = parse(client.get(url).get_data(as_text=True))
    assert following.html["lang"] == "en", "the next person starts in the default language"
