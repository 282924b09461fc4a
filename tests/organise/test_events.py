"""Events: creating, editing, closing; the link, QR code and poster; responses counted."""
from __future__ import annotations

import io
import re
from datetime import date

import zxingcpp
from PIL import Image
from sqlalchemy import func, select

from feedback.models import AuditLog, Event, Involvement, InvolvementChange, QIProject, QuestionLayout
from feedback.organise.events import CODE_ALPHABET, new_code, response_counts
from feedback.responses.submission import Submission, record_response
from tests.factories import make_event
from tests.helpers import open_form, submit
from tests.organise.conftest import sign_in_as
from tests.pages import check_page, parse

NEW_EVENT = {
    "name": "Carers' coffee morning", "held_on[day]": "14", "held_on[month]": "3", "held_on[year]": "2026",
    "place": "Ward 4 day room",
}


def _project(session, name="Discharge planning", involvement=Involvement.LITTLE_I):
    project = QIProject(name=name, started_on=date(2026, 1, 5), involvements=[
        InvolvementChange(involvement=involvement, changed_on=date(2026, 1, 5))])
    session.add(project)
    session.commit()
    return project


def test_organiser_creates_an_event_with_a_short_code(client, session, builtin, organiser):
    sign_in_as(client, organiser)
    survey = builtin["after-an-event"]
    project = _project(session)
    form = check_page(client.get(f"/organise/events/new?project={project.id}").get_data(as_text=True))
    assert form.select_one("select[name=project] option[selected]").get_text(strip=True) == "Discharge planning"
    response = submit(client, "/organise/events/new", NEW_EVENT | {"surveys": [str(survey.id)],
                                                                  "project": str(project.id)})
    assert response.status_code == 303
    event = session.scalars(select(Event).where(Event.name == "Carers' coffee morning")).one()
    assert re.fullmatch(f"[{CODE_ALPHABET}]{{6}}", event.code)
    assert (event.held_on, event.project, event.surveys) == (date(2026, 3, 14), project, [survey])
    assert event.involvement is Involvement.LITTLE_I  # the project's, on the event's day
    page = parse(client.get(response.headers["Location"]).get_data(as_text=True))
    assert page.find("h1").get_text(strip=True) == "Carers' coffee morning"
    assert f"http://localhost/e/{event.code}" in [link["href"] for link in page.select("main a")]
    assert session.scalar(select(AuditLog.action).where(AuditLog.action == "event.create"))
    facts = {row.dt.get_text(strip=True): row.dd.get_text(strip=True) for row in page.select(".nhsuk-summary-list__row")}
    assert facts["Responses"] == "0"  # a new event has none, said as 0 rather than left blank
    assert facts["QI project"] == "Discharge planning"  # a link, not its HTML shown as text
    assert page.select_one(f'.nhsuk-summary-list a[href="/organise/projects/{project.id}"]')


def test_event_form_explains_each_problem_and_saves_nothing(client, session, builtin, organiser):
    sign_in_as(client, organiser)
    response = submit(client, "/organise/events/new",
                      {"name": "", "held_on[day]": "31", "held_on[month]": "2", "held_on[year]": "2026",
                       "surveys": ["99999"]})
    assert response.status_code == 400
    page = parse(response.get_data(as_text=True))
    links = {link.get_text(strip=True): link["href"] for link in page.select(".nhsuk-error-summary a")}
    assert links["Enter the name of the event"] == "#name"
    assert links["The date of the event must be a real date"] == "#held_on-day"
    assert links["Select surveys from the list shown"] == "#surveys"
    assert page.title.get_text().startswith("Error: ")
    assert session.scalar(select(func.count()).select_from(Event)) == 1  # only the demo event


def test_dates_in_other_digits_or_absurdly_long_are_explained(client, session, builtin, organiser):
    # "²" passes str.isdigit() but not int(); 20 digits overflowed the date.
    sign_in_as(client, organiser)
    for day in ("\u00b2", "99999999999999999999", "\u0663"):
        response = submit(client, "/organise/events/new", NEW_EVENT | {"held_on[day]": day})
        assert response.status_code == 400, day
        assert "The date of the event must be a real date" in response.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(Event)) == 1  # only the demo event


def test_a_year_out_of_range_says_which_years_are_allowed(client, session, builtin, organiser):
    # 1999 and 9999 have 4 numbers: asking for "a year with 4 numbers" did not say what was wrong.
    sign_in_as(client, organiser)
    for year, message in [("1999", "The date of the event must be in a year from 2000 to 2100"),
                          ("9999", "The date of the event must be in a year from 2000 to 2100"),
                          ("26", "The date of the event must include a year with 4 numbers, like 2026"),
                          ("20266", "The date of the event must include a year with 4 numbers, like 2026")]:
        response = submit(client, "/organise/events/new", NEW_EVENT | {"held_on[year]": year})
        assert response.status_code == 400, year
        links = {link.get_text(strip=True): link["href"] for link in
                 parse(response.get_data(as_text=True)).select(".nhsuk-error-summary a")}
        assert links.get(message) == "#held_on-year", (year, links)
    assert session.scalar(select(func.count()).select_from(Event)) == 1  # only the demo event


def test_an_event_sent_after_the_session_was_renewed_comes_back_as_typed(client, session, builtin, organiser):
    # Signed in again in another tab: the page's token belongs to the old session.
    sign_in_as(client, organiser)
    stale = open_form(client, "/organise/events/new")["csrf_token"]
    sign_in_as(client, organiser)
    typed = NEW_EVENT | {"csrf_token": stale, "surveys": [str(builtin["after-an-event"].id)]}
    response = client.post("/organise/events/new", data=typed)
    assert response.status_code == 400
    page = check_page(response.get_data(as_text=True))
    summary = page.select_one(".nhsuk-error-summary")
    assert "what you entered was not saved" in summary.get_text() and summary.a["href"] == "#name"
    assert page.select_one("input[name=name]")["value"] == "Carers' coffee morning"
    assert page.select_one("input[name=place]")["value"] == "Ward 4 day room"
    assert [box["value"] for box in page.select("input[name=surveys][checked]")] == typed["surveys"]
    assert session.scalar(select(func.count()).select_from(Event)) == 1  # only the demo event
    fresh = page.select_one("input[name=csrf_token]")["value"]
    again = client.post("/organise/events/new", data=typed | {"csrf_token": fresh})
    assert again.status_code == 303
    assert session.scalar(select(func.count()).select_from(Event)) == 2


def test_a_missing_month_is_named(client, builtin, organiser):
    sign_in_as(client, organiser)
    response = submit(client, "/organise/events/new", NEW_EVENT | {"held_on[month]": ""})
    assert "The date of the event must include a month" in response.get_data(as_text=True)


def test_editing_changes_details_but_keeps_the_code(client, session, builtin, organiser):
    event = make_event(session, surveys=[builtin["after-an-event"]])
    sign_in_as(client, organiser)
    url = f"/organise/events/{event.id}/edit"
    form = parse(client.get(url).get_data(as_text=True))
    assert form.select_one("input[name=name]")["value"] == "Carers' coffee morning"
    assert form.select_one("input[name='held_on[day]']")["value"] == "14"
    other = _project(session, "Less waiting", Involvement.NOT_INVOLVED)
    response = submit(client, url, NEW_EVENT | {"name": "Carers' tea afternoon", "project": str(other.id),
                                                "surveys": [str(builtin["after-an-event"].id)]})
    assert response.status_code == 303
    session.refresh(event)
    assert (event.name, event.code, event.project) == ("Carers' tea afternoon", "K7MPQ2", other)
    assert event.involvement is Involvement.NOT_INVOLVED
    response = submit(client, url, NEW_EVENT | {"project": "99999", "surveys": [str(builtin["after-an-event"].id)]})
    assert response.status_code == 400
    assert "Select a project from the list" in response.get_data(as_text=True)


def test_an_event_can_open_the_easy_read_version(client, session, builtin, organiser):
    event = make_event(session, surveys=[builtin["after-an-event"]])
    sign_in_as(client, organiser)
    url = f"/organise/events/{event.id}/edit"
    assert not parse(client.get(url).get_data(as_text=True)).select_one("input[name=easy_read]").has_attr("checked")
    survey = [str(builtin["after-an-event"].id)]
    assert submit(client, url, NEW_EVENT | {"surveys": survey, "easy_read": "y"}).status_code == 303
    session.refresh(event)
    assert event.easy_read
    assert parse(client.get(url).get_data(as_text=True)).select_one("input[name=easy_read]").has_attr("checked")
    public = parse(client.get(f"/e/{event.code}/after-an-event").get_data(as_text=True))
    assert public.find("h1").get_text(strip=True) == "Tell us about the meeting you went to"
    assert submit(client, url, NEW_EVENT | {"surveys": survey}).status_code == 303
    session.refresh(event)
    assert not event.easy_read


def test_closing_and_reopening_an_event(client, session, builtin, organiser):
    event = make_event(session, surveys=[builtin["after-an-event"]])
    sign_in_as(client, organiser)
    token = open_form(client, f"/organise/events/{event.id}")["csrf_token"]
    assert client.post(f"/organise/events/{event.id}/close", data={"csrf_token": token}).status_code == 303
    assert client.get(f"/e/{event.code}").status_code == 410
    assert client.post(f"/organise/events/{event.id}/reopen", data={"csrf_token": token}).status_code == 303
    assert client.get(f"/e/{event.code}").status_code == 302


def test_the_qr_code_png_decodes_to_the_event_link(client, session, builtin, organiser):
    event = make_event(session, surveys=[builtin["after-an-event"]])
    sign_in_as(client, organiser)
    png = client.get(f"/organise/events/{event.id}/qr.png")
    assert png.mimetype == "image/png"
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(png.data)))
    assert [code.text for code in decoded] == [f"http://localhost/e/{event.code}"]
    svg = client.get(f"/organise/events/{event.id}/qr.svg")
    assert svg.mimetype == "image/svg+xml" and b"<svg" in svg.data


def test_public_base_url_is_used_for_printed_links(app, client, session, builtin, organiser):
    app.config["BASE_URL"] = "https://feedback.example.nhs.uk/"
    event = make_event(session, surveys=[builtin["after-an-event"]])
    sign_in_as(client, organiser)
    png = client.get(f"/organise/events/{event.id}/qr.png")
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(png.data)))
    assert decoded[0].text == f"https://feedback.example.nhs.uk/e/{event.code}"


def test_poster_has_what_a_printed_poster_needs(client, session, builtin, organiser):
    event = make_event(session, surveys=[builtin["after-an-event"]])
    sign_in_as(client, organiser)
    page = parse(client.get(f"/organise/events/{event.id}/poster").get_data(as_text=True))
    poster = page.select_one(".feedback-poster")
    text = poster.get_text(" ", strip=True)
    assert f"http://localhost/e/{event.code}" in text
    assert event.code in text and "Carers' coffee morning, 14 March 2026" in text
    assert "anonymous" in text
    assert poster.select_one("img")["src"] == f"/organise/events/{event.id}/qr.svg"
    assert "/static/poster.css" in [link["href"] for link in page.select("link[rel=stylesheet]")]
    assert not page.select("[style]"), "no inline styles: the CSP forbids them"


def test_event_list_counts_responses_per_event(client, session, builtin, organiser):
    survey = builtin["after-an-event"]
    busy = make_event(session, surveys=[survey], code="BUSY22", name="Busy event")
    make_event(session, surveys=[survey], code="QUIET3", name="Quiet event")
    for _ in range(3):
        record_response(session, version=survey.current_version, event=busy, today=date.today(),
                        submission=Submission(answers={"role": "carer"}))
    session.commit()
    assert response_counts(session)[busy.id] == 3
    sign_in_as(client, organiser)
    rows = parse(client.get("/organise/events").get_data(as_text=True)).select("tbody tr")
    counts = {row.select("td")[0].get_text(strip=True): row.select("td")[3].get_text(strip=True) for row in rows}
    # The same small-number rule as the results page: 1 to 4 is "fewer than 5", 0 is 0.
    assert counts["Busy event"] == "fewer than 5" and counts["Quiet event"] == "0"
    detail = parse(client.get(f"/organise/events/{busy.id}").get_data(as_text=True))
    assert "Responses fewer than 5" in detail.select_one("dl").get_text(" ", strip=True)
    surveys = parse(client.get("/organise/surveys").get_data(as_text=True)).select("tbody tr")
    row = next(row for row in surveys if survey.title in row.get_text())
    assert "fewer than 5" in row.get_text(" ", strip=True) and " 3 " not in f" {row.get_text(' ', strip=True)} "
    for _ in range(2):
        record_response(session, version=survey.current_version, event=busy, today=date.today(),
                        submission=Submission(answers={"role": "carer"}))
    session.commit()
    rows = parse(client.get("/organise/events").get_data(as_text=True)).select("tbody tr")
    counts = {row.select("td")[0].get_text(strip=True): row.select("td")[3].get_text(strip=True) for row in rows}
    assert counts["Busy event"] == "5"


def test_new_code_retries_on_a_collision(session, builtin):
    make_event(session, code="AAAAAA")
    picks = iter("AAAAAA" + "BBBBBB")
    assert new_code(session, choose=lambda _alphabet: next(picks)) == "BBBBBB"


def test_unknown_event_is_404(client, organiser):
    sign_in_as(client, organiser)
    assert client.get("/organise/events/999").status_code == 404
    assert client.get("/organise/events/999/qr.png").status_code == 404


def test_control_characters_are_dropped_not_fatal(client, session, builtin, organiser):
    sign_in_as(client, organiser)
    survey = builtin["after-an-event"]
    response = submit(client, "/organise/events/new",
                      NEW_EVENT | {"name": "Coffee\x00 morning\x07", "surveys": [str(survey.id)]})
    assert response.status_code == 303
    assert session.scalar(select(Event.name).where(Event.code != "DEMO")) == "Coffee morning"
    client.post("/organise/sign-out", data=open_form(client, "/organise/"))
    assert submit(client, "/organise/sign-in", {"email": "a\x00@example.org", "password": "x"}).status_code == 400


def test_an_event_can_be_unlisted_and_still_opened_by_its_link(client, session, builtin, organiser):
    event = make_event(session, surveys=[builtin["after-an-event"]])
    sign_in_as(client, organiser)
    url = f"/organise/events/{event.id}/edit"
    form = check_page(client.get(url).get_data(as_text=True))
    assert form.select_one("input[name=listing][value=listed]").has_attr("checked")
    survey = [str(builtin["after-an-event"].id)]
    assert submit(client, url, NEW_EVENT | {"surveys": survey, "listing": "unlisted"}).status_code == 303
    session.refresh(event)
    assert not event.listed
    assert event.name not in client.get("/").get_data(as_text=True)
    assert client.get(f"/e/{event.code}").status_code in (200, 302)
    assert parse(client.get(url).get_data(as_text=True)).select_one(
        "input[name=listing][value=unlisted]").has_attr("checked")



def test_the_event_form_offers_the_choice_and_saves_it(client, session, builtin, organiser):
    event = make_event(session, surveys=[builtin["after-an-event"]])
    sign_in_as(client, organiser)
    url = f"/organise/events/{event.id}/edit"
    page = parse(client.get(url).get_data(as_text=True))
    radios = page.select("input[name=question_layout]")
    assert [(radio["value"], radio.has_attr("checked")) for radio in radios] == [
        ("survey", True), ("one_page", False), ("one_per_page", False)]
    assert page.select_one("fieldset:has(input[name=question_layout]) legend").get_text(strip=True) == \
        "How the questions are shown"
    survey = [str(builtin["after-an-event"].id)]
    assert submit(client, url, NEW_EVENT | {"surveys": survey, "question_layout": "one_per_page"}).status_code == 303
    session.refresh(event)
    assert event.question_layout is QuestionLayout.ONE_PER_PAGE
    assert parse(client.get(url).get_data(as_text=True)).select_one(
        "input[name=question_layout][value=one_per_page]").has_attr("checked")
    assert submit(client, url, NEW_EVENT | {"surveys": survey}).status_code == 303  # left out: kept
    session.refresh(event)
    assert event.question_layout is QuestionLayout.ONE_PER_PAGE
    refused = client.post(url, data={**open_form(client, url), **NEW_EVENT, "surveys": survey,
                                     "question_layout": "sideways"})
    assert refused.status_code == 400
    session.refresh(event)
    assert event.question_layout is QuestionLayout.ONE_PER_PAGE
