"""Each response records which version of the questions it answered (standard, Easy Read,
large print), whichever page it came from; where it came from is its channel."""
from __future__ import annotations

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from feedback.models import Channel, Response, ResponseFormat, UserRole
from tests.factories import make_event, make_user
from tests.helpers import EVENT_SURVEY, carried, hidden_fields, kiosk_url, move_on, reshown, submit
from tests.organise.conftest import sign_in_as
from tests.pages import parse


def stored(session) -> list[tuple[Channel, ResponseFormat | None]]:
    session.expire_all()
    return [(response.channel, response.format) for response in session.scalars(select(Response).order_by(Response.id))]


def heading(html: str) -> str:
    return parse(html).find("h1").get_text(" ", strip=True)


def answer_page_by_page(client, url: str, html: str) -> str:
    """From a paged survey's start page, answer the first question (who you are), leave the
    rest, and send from "check your answers": the page sending leads to."""
    for _ in range(20):
        if heading(html) == "Check your answers before sending them":
            sent = client.post(url, data=MultiDict(carried(html) + [("_go", "send")]))
            assert sent.status_code == 303, sent.status_code
            return sent.headers["Location"]
        answers = [("role", "carer")] if parse(html).select("input[type=radio][name=role]") else []
        page = move_on(client, url, MultiDict(carried(html) + answers + [("_go", "next")]))
        assert page.status_code == 200, (heading(html), page.status_code)
        html = page.get_data(as_text=True)
    raise AssertionError("never reached the check page")


def test_the_one_page_form_stores_standard(client, session, builtin):
    sent = submit(client, EVENT_SURVEY, {"role": "staff"})
    assert sent.status_code == 303
    assert stored(session) == [(Channel.ONLINE, ResponseFormat.STANDARD)]


def test_the_paged_form_stores_standard(client, session, builtin):
    builtin["after-an-event"].one_question_per_page = True
    session.commit()
    answer_page_by_page(client, EVENT_SURVEY, client.get(EVENT_SURVEY).get_data(as_text=True))
    assert stored(session) == [(Channel.ONLINE, ResponseFormat.STANDARD)]


def test_easy_read_stores_easy_read_from_the_address_or_the_event(client, session, builtin):
    url = f"{EVENT_SURVEY}?format=easy-read"
    answer_page_by_page(client, EVENT_SURVEY, client.get(url).get_data(as_text=True))
    event = make_event(session, surveys=[builtin["after-an-event"]])
    event.easy_read = True
    session.commit()
    event_url = f"/e/{event.code}/after-an-event"
    answer_page_by_page(client, event_url, client.get(event_url).get_data(as_text=True))
    assert stored(session) == [(Channel.ONLINE, ResponseFormat.EASY_READ)] * 2


def test_switching_back_from_easy_read_before_sending_stores_standard(client, session, builtin):
    easy = client.get(f"{EVENT_SURVEY}?format=easy-read").get_data(as_text=True)
    standard = reshown(client, client.post(EVENT_SURVEY, data=MultiDict(carried(easy) + [("_switch_format", "standard")])))
    html = standard.get_data(as_text=True)
    assert heading(html) == "Tell us about the event you came to"
    sent = client.post(EVENT_SURVEY, data=MultiDict(carried(html) + [("role", "staff")]))
    assert sent.status_code == 303
    assert stored(session) == [(Channel.ONLINE, ResponseFormat.STANDARD)]


def test_a_kiosk_stores_standard(app, client, session, builtin):
    survey = builtin["after-an-event"]
    url = kiosk_url(app, make_event(session, surveys=[survey]), survey)
    assert submit(client, url, {"role": "service_user"}).status_code == 303
    assert stored(session) == [(Channel.KIOSK, ResponseFormat.STANDARD)]


def test_paper_entry_asks_which_printed_form_and_keeps_the_choice_for_the_next(client, session, builtin):
    survey = builtin["after-an-event"]
    sign_in_as(client, make_user(session, role=UserRole.ORGANISER))
    url = f"/organise/surveys/{survey.id}/paper"
    page = parse(client.get(url).get_data(as_text=True))
    choices = {radio["value"]: radio.has_attr("checked") for radio in page.select("input[name=_printed]")}
    assert choices == {"standard": True, "easy_read": False, "large_print": False}
    sent = client.post(url, data={**hidden_fields(str(page)), "_printed": "easy_read", "what_helped": "Pictures"})
    assert sent.status_code == 303 and sent.headers["Location"] == f"{url}?_printed=easy_read"
    next_form = parse(client.get(sent.headers["Location"]).get_data(as_text=True))
    assert next_form.select_one("input[name=_printed][value=easy_read]").has_attr("checked")
    client.post(url, data={**hidden_fields(str(next_form)), "_printed": "large_print"})
    client.post(url, data=hidden_fields(client.get(url).get_data(as_text=True)))  # as a script sends it: standard
    assert stored(session) == [(Channel.PAPER, ResponseFormat.EASY_READ), (Channel.PAPER, ResponseFormat.LARGE_PRINT),
                               (Channel.PAPER, ResponseFormat.STANDARD)]


def test_paper_entry_refuses_a_made_up_format_and_offers_easy_read_only_where_there_is_one(client, session, builtin):
    from tests.helpers import copy_of_event_survey
    sign_in_as(client, make_user(session, role=UserRole.ORGANISER))
    url = f"/organise/surveys/{builtin['after-an-event'].id}/paper"
    refused = client.post(url, data={**hidden_fields(client.get(url).get_data(as_text=True)), "_printed": "braille"})
    refused = reshown(client, refused)
    summary = parse(refused.get_data(as_text=True)).select_one(".nhsuk-error-summary a")
    assert summary["href"] == "#_printed" and summary.get_text(strip=True) == "Select one of the answers shown"
    assert stored(session) == []
    copy = copy_of_event_survey(session, builtin)
    copy.status = builtin["after-an-event"].status
    session.commit()
    page = parse(client.get(f"/organise/surveys/{copy.id}/paper").get_data(as_text=True))
    assert [radio["value"] for radio in page.select("input[name=_printed]")] == ["standard", "large_print"]
