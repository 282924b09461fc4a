"""Organisers flag an answer by hand and unflag a false alarm: reasons kept with the
flag's history, both audit-logged, and the results, quotes and flags pages follow."""
from __future__ import annotations

from sqlalchemy import func, select

from feedback.models import AuditLog, FlagChange, FlagState, SafeguardingAlert, SafeguardingContact, SafeguardingFlag
from tests.factories import flag, make_response, results_survey, text_answer
from tests.helpers import open_form
from tests.organise.conftest import sign_in_as
from tests.pages import parse

MISSED = "My care coordinator grabbed my arm and shouted at me in the corridor."
FALSE_ALARM = "The suicide prevention training for staff was really good."


def page_of(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.status_code
    return parse(response.get_data(as_text=True))


def written(session, survey, text):
    answer = text_answer(make_response(session, survey=survey, texts={"what_helped": text}), "what_helped")
    session.commit()
    return answer


def test_an_organiser_flags_an_answer_the_check_missed(client, session, organiser):
    survey = results_survey(session, carers=10)
    session.add(SafeguardingContact(email="duty@nhs.example", survey_id=None))
    answer = written(session, survey, MISSED)
    sign_in_as(client, organiser)
    quotes = page_of(client, f"/organise/results/surveys/{survey.id}/quotes")
    link = next(a["href"] for a in quotes.select("a") if a.get_text(strip=True).startswith("Flag for safeguarding")
                and f"/answers/{answer.id}/" in a["href"])

    form_page = page_of(client, link)
    assert MISSED in form_page.get_text()
    assert "Abuse by staff or other patients" in form_page.get_text() and "abuse_in_care" not in form_page.get_text()
    refused = client.post(link, data={**open_form(client, link), "reason": "Grabbed by staff"})
    assert refused.status_code == 400
    again = parse(refused.get_data(as_text=True))
    assert "Select the kind of risk" in again.select_one(".nhsuk-error-summary").get_text()
    assert again.select_one("textarea[name=reason]").get_text() == "Grabbed by staff", "what was typed is kept"

    done = client.post(link, data={**open_form(client, link), "category": "abuse_in_care",
                                   "reason": "Grabbed by staff"})
    raised = session.scalars(select(SafeguardingFlag)).one()
    assert done.status_code == 303
    assert done.headers["Location"].endswith(f"/organise/results/surveys/{survey.id}/flags#flag-{raised.id}")
    assert (raised.raised_by_id, raised.categories, raised.state) == (organiser.id, "abuse_in_care", FlagState.OPEN)
    entry = session.scalars(select(AuditLog).where(AuditLog.action == "safeguarding.flag")).one()
    assert entry.user_id == organiser.id and "Grabbed" not in entry.detail, "the reason stays out of the audit log"
    assert session.scalars(select(FlagChange.reason)).all() == ["Grabbed by staff"]
    assert session.scalar(select(SafeguardingAlert.email)) == "duty@nhs.example"

    flags_page = page_of(client, f"/organise/results/surveys/{survey.id}/flags").get_text(" ", strip=True)
    assert "Abuse by staff or other patients" in flags_page and MISSED in flags_page
    assert MISSED not in page_of(client, f"/organise/results/surveys/{survey.id}/quotes").get_text()
    assert "Safeguarding: 1 answer to check" in page_of(client, f"/organise/results/surveys/{survey.id}").get_text(" ")
    assert client.post(link, data={**open_form(client, link), "category": "self_harm",
                                   "reason": "twice"}).status_code == 400, "an open flag is not raised twice"


def test_unflagging_a_false_alarm_keeps_who_and_why_and_the_answer_returns(client, session, organiser):
    survey = results_survey(session, carers=10)
    session.add(SafeguardingContact(email="duty@nhs.example", survey_id=None))
    raised = flag(session, answer=written(session, survey, FALSE_ALARM), reasons="suicidal_thoughts: \u201csuicide\u201d")
    raised.categories = "suicidal_thoughts"
    session.add(SafeguardingAlert(flag_id=raised.id, email="duty@nhs.example"))
    session.commit()
    sign_in_as(client, organiser)
    flags_url = f"/organise/results/surveys/{survey.id}/flags"
    card = page_of(client, flags_url).select_one("#waiting .nhsuk-card")
    assert "Suicidal thoughts" in card.get_text() and "suicidal_thoughts" not in card.get_text()
    link = next(a["href"] for a in card.select("a") if a.get_text(strip=True).startswith("Unflag"))

    empty = client.post(link, data=open_form(client, link))
    assert empty.status_code == 400
    assert "Enter why this is not a safeguarding concern" in empty.get_data(as_text=True)
    done = client.post(link, data={**open_form(client, link), "reason": "Staff talking about training"})
    assert done.status_code == 303
    session.expire_all()
    stored = session.get(SafeguardingFlag, raised.id)
    assert (stored.state, stored.unflagged_by_id, stored.unflagged_reason) == (
        FlagState.UNFLAGGED, organiser.id, "Staff talking about training")
    assert session.scalar(select(AuditLog.target).where(AuditLog.action == "safeguarding.unflag")) \
        == f"safeguarding flag {raised.id}"

    page = page_of(client, flags_url)
    assert "There are no answers to check" in page.select_one("#waiting").get_text()
    closed = page.select_one("#handled").get_text(" ", strip=True)
    assert "Unflagged as a false alarm" in closed and "Staff talking about training" in closed
    assert FALSE_ALARM in page_of(client, f"/organise/results/surveys/{survey.id}/quotes").get_text()
    assert not page_of(client, f"/organise/results/surveys/{survey.id}").select(".nhsuk-warning-callout")

    # Flagged again by hand: open once more, both changes in its history, and no second email.
    answer_id = stored.answer_id
    again = f"/organise/results/answers/{answer_id}/flag"
    assert client.post(again, data={**open_form(client, again), "category": "suicidal_thoughts",
                                    "reason": "Read it again: it is about them"}).status_code == 303
    session.expire_all()
    assert session.get(SafeguardingFlag, raised.id).state is FlagState.OPEN
    assert [change.change for change in session.scalars(select(FlagChange).order_by(FlagChange.id))] == [
        "unflagged", "flagged"]
    assert session.scalar(select(func.count(SafeguardingAlert.id))) == 1
    history = page_of(client, link).get_text(" ", strip=True)
    assert "Unflagged as a false alarm by" in history and "Flagged by hand by" in history


def test_bad_addresses_are_not_found(client, session, organiser):
    survey = results_survey(session, carers=10)
    sign_in_as(client, organiser)
    assert client.get("/organise/results/answers/999999/flag").status_code == 404
    assert client.get(f"/organise/results/surveys/{survey.id}/flags/999999/unflag").status_code == 404
