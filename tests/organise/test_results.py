"""Results pages: what viewers and organisers see, small-number protection, filters, flags
and tag corrections."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from feedback.models import (
    AnswerAnalysis,
    AnswerTheme,
    AuditLog,
    Direction,
    RespondentRole,
    Response,
    SafeguardingFlag,
    Sentiment,
    TagSource,
    Theme,
)
from tests.factories import (
    analyse,
    flag,
    make_event,
    make_response,
    make_survey,
    make_theme,
    results_survey,
    text_answer,
)
from tests.helpers import open_form
from tests.organise.conftest import sign_in_as
from tests.pages import parse


def page_of(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.status_code
    return parse(response.get_data(as_text=True))


def table(page, caption_start):
    """A table as {row heading: [cell texts]} found by the start of its caption."""
    for found in page.select("table"):
        if found.caption.get_text(" ", strip=True).startswith(caption_start):
            return {row.th.get_text(" ", strip=True): [cell.get_text(" ", strip=True) for cell in row.select("td")]
                    for row in found.select("tbody tr")}
    raise AssertionError(f"no table captioned {caption_start!r}")


def test_ten_responses_show_counts_chart_themes_and_quotes(client, session, viewer):
    survey = results_survey(session, carers=10)
    sign_in_as(client, viewer)
    page = page_of(client, f"/organise/results/surveys/{survey.id}")
    text = page.get_text(" ", strip=True)
    assert "10 responses" in text
    listened = table(page, "People listened to me.")
    assert listened["Disagree"] == ["fewer than 5", "not shown"]
    assert listened["Agree"] == ["not shown", "not shown"], "10 - 8 would give the 2 away"
    assert listened["Strongly agree"] == ["0", "0%"] and listened["People who answered"] == ["10", ""]
    assert table(page, "What support did you get?")["Travel"] == ["10", "100%"]
    charts = [chart["aria-label"] for chart in page.select("[role=img]")]
    assert any("Travel: 100 percent" in label for label in charts)
    assert any("Disagree: fewer than 5" in label for label in charts)
    assert not page.select("[style]"), "no inline styles: the CSP blocks them"
    assert table(page, "What helped (enablers)")["Travel"] == ["10", "10"]
    assert table(page, "What got in the way (barriers)")["Noise"] == ["10", "10"]
    assert table(page, "Written answers by sentiment")["What helped?"] == ["10", "0", "0", "10"]
    assert "my bus fare was paid (carer 9)" in text
    assert "Download the responses" not in text, "viewers cannot export"


def test_nine_responses_show_only_their_number(client, session, viewer):
    survey = results_survey(session, carers=9)
    sign_in_as(client, viewer)
    page = page_of(client, f"/organise/results/surveys/{survey.id}")
    text = page.get_text(" ", strip=True)
    assert "9 responses" in text
    assert "Results are shown when there are at least 10 responses" in text
    assert not page.select("table") and "bus fare" not in text
    quotes = page_of(client, f"/organise/results/surveys/{survey.id}/quotes").get_text(" ", strip=True)
    assert "bus fare" not in quotes and "at least 10 responses" in quotes


def test_small_counts_and_small_groups_are_hidden(client, session, viewer):
    survey = results_survey(session, carers=12, staff=3)
    sign_in_as(client, viewer)
    page = page_of(client, f"/organise/results/surveys/{survey.id}")
    assert table(page, "Responses by respondent role") == {"Carers": ["not shown"], "Staff": ["fewer than 5"]}
    travel = table(page, "What helped (enablers)")["Travel"]
    # The staff column would be "not shown (small group)" all the way down: it is left out,
    # and the page says once why.
    assert travel == ["not shown", "15"]
    assert "3" not in " ".join(travel)
    note = page.find("h3", string="What helped (enablers)").find_next("p").get_text(" ", strip=True)
    assert note == ('Not shown on their own: staff, because fewer than 10 people in that role answered. '
                    'They are counted in "Everyone".')
    listened = table(page, "People listened to me.")
    assert listened["Disagree"] == ["fewer than 5", "not shown"]


def test_fifteen_responses_read_cleanly(client, session, viewer):
    survey = results_survey(session, carers=12, staff=3)
    sign_in_as(client, viewer)
    page = page_of(client, f"/organise/results/surveys/{survey.id}")
    headers = [cell.get_text(strip=True) for cell in page.find("caption", string=lambda text: text and text.startswith(
        "What helped (enablers).")).find_parent("table").select("thead th")]
    assert headers == ["Theme", "Carers", "Everyone"]
    # Captions end cleanly: the question's own punctuation, then what the table counts.
    captions = [caption.get_text(" ", strip=True) for caption in page.select("caption")]
    assert "People listened to me. Number of people who chose each answer" in captions
    assert not any(".." in caption or ":." in caption or "?." in caption for caption in captions)
    # A "fewer than 5" bar is drawn as "up to" that many, never as an empty bar like 0%.
    chart = next(chart for chart in page.select(".results-chart") if "People listened" in chart["aria-label"])
    rows = {row.select_one(".results-chart__label").get_text(strip=True): row for row in chart.select(".results-chart__row")}
    disagree = rows["Disagree"].select_one(".results-chart__bar")
    assert "results-chart__bar--up-to" in disagree["class"] and "results-bar--27" in disagree["class"]
    assert rows["Disagree"].select_one(".results-chart__value").get_text(strip=True) == "fewer than 5"
    assert not rows["Strongly agree"].select(".results-chart__bar--up-to")


def test_filters_by_date_role_and_event(client, session, viewer):
    event = make_event(session)
    survey = results_survey(session, carers=10, on=date(2026, 1, 5))
    for _ in range(10):
        make_response(session, survey=survey, role=RespondentRole.STAFF, on=date(2026, 2, 5), event=event,
                      choices={"listened_to": "strongly_agree"})
    session.commit()
    sign_in_as(client, viewer)
    base = f"/organise/results/surveys/{survey.id}"
    assert "20 responses" in page_of(client, base).get_text(" ")
    february = page_of(client, base + "?from-day=1&from-month=2&from-year=2026&to-day=28&to-month=2&to-year=2026")
    assert "10 responses" in february.get_text(" ")
    assert table(february, "People listened to me.")["Strongly agree"] == ["10", "100%"]
    assert page_of(client, base + "?role=carer").find(string=lambda s: "10 responses" in s)
    by_event = page_of(client, base + f"?event={event.id}")
    assert table(by_event, "People listened to me.")["Agree"] == ["0", "0%"]
    assert client.get(f"/organise/results/events/{event.id}").headers["Location"].endswith(f"?event={event.id}")
    labels = {label.get_text(" ", strip=True) for label in february.select("label")}
    assert {"Respondent role", "Event", "Day", "Month", "Year"} <= labels


def test_bad_filters_get_a_clear_message_not_an_error(client, session, viewer):
    survey = results_survey(session, carers=10)
    sign_in_as(client, viewer)
    base = f"/organise/results/surveys/{survey.id}"
    for query, message in [
        ("?from-day=31&from-month=2&from-year=2026", "Enter a real 'From' date"),
        ("?from-day=1&from-year=2026", "The 'From' date must include a month"),
        ("?from-day=1&from-month=3&from-year=1999", "The 'From' date must be in a year from 2000 to 2100"),
        ("?from-day=5&from-month=3&from-year=2026&to-day=1&to-month=3&to-year=2026",
         "The 'To' date must be the same as or after the 'From' date"),
        ("?role=wizard", "Select a respondent role from the list"),
        ("?event=999", "Select an event from the list"),
        ("?event=abc", "Select an event from the list"),
    ]:
        page = page_of(client, base + query, status=400)
        assert page.title.get_text().startswith("Error: ")
        summary = page.select_one(".nhsuk-error-summary")
        assert message in summary.get_text(), query
        target = summary.select_one("a")["href"]
        assert page.select_one(target), f"the summary link {target} must lead to a field"


def test_flags_come_first_and_organisers_mark_them_handled(client, session, organiser):
    survey = results_survey(session, carers=10)
    response = make_response(session, survey=survey, texts={"what_helped": "I do not feel safe at home"})
    raised = flag(session, answer=text_answer(response, "what_helped"))
    session.commit()
    sign_in_as(client, organiser)
    url = f"/organise/results/surveys/{survey.id}"
    page = page_of(client, url)
    first_section = page.select_one("main h2")
    assert "Safeguarding: 1 answer to check" in first_section.get_text(" ", strip=True)
    assert "I do not feel safe at home" in page.select_one(".nhsuk-warning-callout").get_text()

    fields = open_form(client, url)
    handled = client.post(f"{url}/flags/{raised.id}/handled", data={**fields, "note": "Called the duty team"})
    assert handled.status_code == 303
    session.expire_all()
    stored = session.get(SafeguardingFlag, raised.id)
    assert stored.handled_by_id == organiser.id and stored.handled_at is not None
    assert stored.handled_note == "Called the duty team"
    assert not page_of(client, url).select(".nhsuk-warning-callout")
    assert session.scalar(select(AuditLog.action).where(AuditLog.action == "safeguarding.handled"))


def test_many_flags_lead_to_a_page_of_all_of_them_and_back(client, session, organiser):
    survey = results_survey(session, carers=10)
    raised = [flag(session, answer=text_answer(
        make_response(session, survey=survey, texts={"what_helped": f"Worrying answer number {number}"}), "what_helped"))
        for number in range(7)]
    session.commit()
    sign_in_as(client, organiser)
    url = f"/organise/results/surveys/{survey.id}"
    callout = page_of(client, url).select_one(".nhsuk-warning-callout")
    assert "Safeguarding: 7 answers to check" in callout.get_text(" ", strip=True)
    assert len(callout.select(".nhsuk-card")) == 3, "the oldest three, not a wall of cards"
    link = callout.find("a", string=lambda text: text and "See all 7 answers to check" in text)
    assert link["href"] == f"{url}/flags"

    flags_page = page_of(client, link["href"])
    assert flags_page.h1.get_text(strip=True) == "Safeguarding: answers to check"
    assert len(flags_page.select(".nhsuk-card")) == 7
    assert "Worrying answer number 6" in flags_page.get_text()
    form = flags_page.select("main form")[0]
    fields = open_form(client, link["href"])
    handled = client.post(form["action"], data={**fields, "note": "Passed to the duty team"})
    assert handled.status_code == 303 and handled.headers["Location"].endswith(f"{url}/flags")
    after = page_of(client, f"{url}/flags")
    assert len(after.select("#waiting .nhsuk-card")) == 6 and "marked as handled" in after.get_text()
    [done] = after.select("#handled .nhsuk-card")
    assert "Handled on" in done.get_text() and "by Organiser" in done.get_text()
    assert "Worrying answer number 0" in done.get_text() and "What was done: Passed to the duty team" in done.get_text()
    session.expire_all()
    assert session.get(SafeguardingFlag, raised[0].id).handled_at is not None


def test_the_flags_page_says_when_nothing_is_left_to_check(client, session, organiser):
    survey = results_survey(session, carers=10)
    session.commit()
    sign_in_as(client, organiser)
    page = page_of(client, f"/organise/results/surveys/{survey.id}/flags")
    assert "There are no answers to check" in page.get_text()
    assert "None yet." in page.select_one("#handled").get_text()
    assert client.get("/organise/results/surveys/999999/flags").status_code == 404


def test_viewers_see_that_flags_wait_but_not_the_text_and_cannot_handle_them(client, session, viewer):
    survey = results_survey(session, carers=10)
    raised = flag(session, answer=text_answer(
        make_response(session, survey=survey, texts={"what_helped": "I do not feel safe"}), "what_helped"))
    session.commit()
    sign_in_as(client, viewer)
    page = page_of(client, f"/organise/results/surveys/{survey.id}")
    callout = page.select_one(".nhsuk-warning-callout").get_text(" ", strip=True)
    assert "An organiser needs to check" in callout and "I do not feel safe" not in callout
    fields = open_form(client, f"/organise/results/surveys/{survey.id}")  # the header's sign-out form has a token
    assert client.post(f"/organise/results/surveys/{survey.id}/flags/{raised.id}/handled", data=fields).status_code == 403


def test_organisers_correct_themes_and_sentiment_from_the_quote_list(client, session, organiser):
    survey = results_survey(session, carers=10)
    staff_theme = make_theme(session, name="Staff attitude", taxonomy_key="participation")  # the one in use
    make_theme(session, name="Mental Health Act", taxonomy_key="qdc-v7")
    session.commit()
    sign_in_as(client, organiser)
    quotes_url = f"/organise/results/surveys/{survey.id}/quotes"
    quotes = page_of(client, quotes_url)
    link = next(a["href"] for a in quotes.select("a") if a.get_text(strip=True).startswith("Correct the tags"))
    form_page = page_of(client, link)
    assert form_page.select_one("input[name=sentiment][checked]")["value"] in {"positive", "negative"}
    # The taxonomy in use, and whatever the answer already has; not every theme ever loaded.
    offered = {label.get_text(strip=True) for label in form_page.select("input[name=themes] + label")}
    assert "Staff attitude" in offered and "Mental Health Act" not in offered
    assert offered & {"Noise", "Travel"}
    answer_id = int(link.split("/answers/")[1].split("/")[0])
    fields = open_form(client, link)
    saved = client.post(link, data={**fields, "sentiment": "neutral", "themes": [str(staff_theme.id)]})
    assert saved.status_code == 303
    assert saved.headers["Location"].startswith(quotes_url)
    session.expire_all()
    tags = {tag.theme.name: tag for tag in session.scalars(select(AnswerTheme).where(AnswerTheme.answer_id == answer_id))}
    assert tags["Staff attitude"].source is TagSource.HUMAN and not tags["Staff attitude"].removed
    removed = tags.get("Noise") or tags.get("Travel")
    assert removed.removed and removed.source is TagSource.HUMAN and removed.set_by_id == organiser.id
    analysis = session.get(AnswerAnalysis, answer_id)
    assert analysis.sentiment is Sentiment.NEUTRAL and analysis.sentiment_by_human
    assert analysis.corrected_by_id == organiser.id
    assert session.scalar(select(AuditLog.detail).where(AuditLog.action == "analysis.correct"))
    # Back at the answer that was corrected, with one message that does not pull the page to the top.
    assert saved.headers["Location"].endswith(f"#answer-{answer_id}")
    back = page_of(client, saved.headers["Location"].split("#")[0])
    assert back.get_text().count("Tags saved") == 1
    banner = back.select_one(".nhsuk-notification-banner")
    assert "Tags saved" in banner.get_text() and "nhsuk-notification-banner--success" in banner["class"]
    assert banner["data-disable-auto-focus"] == "true"
    assert back.find(id=f"answer-{answer_id}") is not None


def test_a_bad_correction_is_refused_with_a_message(client, session, organiser):
    survey = results_survey(session, carers=10)
    sign_in_as(client, organiser)
    answer_id = session.scalar(select(AnswerAnalysis.answer_id))
    url = f"/organise/results/answers/{answer_id}/correct"
    fields = open_form(client, url)
    before = session.scalar(select(AnswerAnalysis.sentiment).where(AnswerAnalysis.answer_id == answer_id))
    refused = client.post(url, data={**fields, "sentiment": "", "themes": ["99999"]})
    assert refused.status_code == 400
    page = parse(refused.get_data(as_text=True))
    summary = page.select_one(".nhsuk-error-summary")
    assert "Select the sentiment of this answer" in summary.get_text()
    assert "Select themes from the list shown" in summary.get_text()
    assert all(page.select_one(link["href"]) for link in summary.select("a")), "each link leads to its field"
    session.expire_all()
    assert session.scalar(select(AnswerAnalysis.sentiment).where(AnswerAnalysis.answer_id == answer_id)) is before
    assert survey  # the page for a missing answer is a 404
    assert client.get("/organise/results/answers/999999/correct").status_code == 404


def test_viewers_cannot_correct_and_strangers_must_sign_in(client, session, viewer):
    survey = results_survey(session, carers=10)
    answer_id = session.scalar(select(AnswerAnalysis.answer_id))
    assert client.get(f"/organise/results/surveys/{survey.id}").status_code == 302
    sign_in_as(client, viewer)
    assert client.get("/organise/results/").status_code == 200
    assert client.get(f"/organise/results/answers/{answer_id}/correct").status_code == 403
    fields = open_form(client, "/organise/results/")
    assert client.post(f"/organise/results/answers/{answer_id}/correct", data=fields).status_code == 403
    quotes = page_of(client, f"/organise/results/surveys/{survey.id}/quotes").get_text()
    assert "Correct the tags" not in quotes


def test_the_results_index_lists_surveys_and_events(client, session, viewer):
    event = make_event(session, name="Spring listening event")
    survey = results_survey(session, carers=3, event=event)
    sign_in_as(client, viewer)
    text = page_of(client, "/organise/results/").get_text(" ", strip=True)
    assert "Results test survey (fewer than 5 responses)" in text
    assert "Spring listening event (fewer than 5 responses)" in text
    assert page_of(client, f"/organise/results/surveys/{survey.id}/quotes?page=0", status=400)
    assert client.get("/organise/results/surveys/999").status_code == 404


def test_a_rare_theme_shows_no_quotes_on_the_results_page_and_no_exact_count(client, session, viewer):
    survey = results_survey(session, carers=10)
    rare = make_theme(session, name="Parking")
    for number in range(2):
        response = make_response(session, survey=survey, texts={"what_made_it_harder": f"no parking space {number}"})
        analyse(session, answer=text_answer(response, "what_made_it_harder"), themes=[rare])
    session.commit()
    sign_in_as(client, viewer)
    page = page_of(client, f"/organise/results/surveys/{survey.id}")
    assert table(page, "What got in the way (barriers)")["Parking"][-1] == "fewer than 5"
    assert "no parking space" not in page.get_text()
    # The quote list must not give the count away either, by its cards or by "answer".
    quotes = page_of(client, f"/organise/results/surveys/{survey.id}/quotes?theme={rare.id}")
    assert "fewer than 5 written answers here" in quotes.get_text(" ", strip=True)
    assert "no parking space" not in quotes.get_text() and not quotes.select("blockquote")


def test_flagged_answers_are_never_quoted(client, session, viewer):
    survey = results_survey(session, carers=10)
    worrying = make_response(session, survey=survey, texts={"what_helped": "the bus fare, but I want to end my life"})
    answer = text_answer(worrying, "what_helped")
    analyse(session, answer=answer, direction=Direction.ENABLER,
            themes=[session.scalar(select(Theme).where(Theme.name == "Travel"))])
    flag(session, answer=answer)
    session.commit()
    sign_in_as(client, viewer)
    url = f"/organise/results/surveys/{survey.id}"
    for page in (page_of(client, url), page_of(client, f"{url}/quotes"),
                 page_of(client, f"{url}/quotes?direction=enabler")):
        assert "end my life" not in page.get_text()


def test_a_flag_note_that_is_too_long_is_shown_again_with_the_note_kept(client, session, organiser):
    survey = results_survey(session, carers=10)
    raised = flag(session, answer=text_answer(make_response(session, survey=survey, texts={"what_helped": "Worrying"}),
                                              "what_helped"))
    session.commit()
    sign_in_as(client, organiser)
    url = f"/organise/results/surveys/{survey.id}"
    note = "Rang the duty team\x00 and " + "then some more " * 150
    response = client.post(f"{url}/flags/{raised.id}/handled?back=flags", data={**open_form(client, url), "note": note})
    assert response.status_code == 400
    page = parse(response.get_data(as_text=True))
    assert page.title.get_text().startswith("Error: ")
    assert page.select_one(".nhsuk-error-summary a")["href"] == f"#note-{raised.id}"
    assert "2,000 characters or fewer" in page.select_one(f"#note-{raised.id}-error").get_text()
    assert page.select_one(f"#note-{raised.id}").get_text().startswith("Rang the duty team and then some more")
    session.expire_all()
    assert session.get(SafeguardingFlag, raised.id).handled_at is None


def test_a_flag_can_only_be_handled_from_its_own_surveys_results(client, session, organiser):
    survey = results_survey(session, carers=10)
    other = make_survey(session, slug="another")
    raised = flag(session, answer=text_answer(make_response(session, survey=survey, texts={"what_helped": "Worrying"}),
                                              "what_helped"))
    session.commit()
    sign_in_as(client, organiser)
    fields = open_form(client, f"/organise/results/surveys/{survey.id}")
    wrong = client.post(f"/organise/results/surveys/{other.id}/flags/{raised.id}/handled", data=fields)
    assert wrong.status_code == 404
    session.expire_all()
    assert session.get(SafeguardingFlag, raised.id).handled_at is None


def test_filters_and_quote_links_with_odd_numbers_are_refused_plainly(client, session, organiser):
    survey = results_survey(session, carers=10)
    session.commit()
    sign_in_as(client, organiser)
    url = f"/organise/results/surveys/{survey.id}"
    for query in ("?event=%C2%B2", "?from-day=99999999999999999999&from-month=1&from-year=2026",
                  "?from-day=%C2%B2&from-month=1&from-year=2026"):
        page = page_of(client, url + query, status=400)
        assert page.select_one(".nhsuk-error-summary"), query
    assert client.get(f"{url}/quotes?theme=9223372036854775808").status_code == 404
    assert client.get(f"{url}/quotes?theme=%C2%B2").status_code == 404
    assert client.get(f"{url}/quotes?page=999999999999999999").status_code == 400
    assert client.get("/organise/results/surveys/9223372036854775808").status_code == 404


def test_a_correction_with_a_header_break_in_next_goes_back_to_the_quotes(client, session, organiser):
    survey = results_survey(session, carers=10)
    session.commit()
    sign_in_as(client, organiser)
    answer = text_answer(session.scalars(select(Response)).first(), "what_helped")
    url = f"/organise/results/answers/{answer.id}/correct"
    response = client.post(url, data={**open_form(client, url), "sentiment": "negative",
                                      "next": "/organise/results/\r\nX: y"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/organise/results/surveys/{survey.id}/quotes#answer-{answer.id}")
