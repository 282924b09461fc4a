"""The home page: open surveys and events, and the code from an event's poster."""
from __future__ import annotations

from tests.pages import check_page


def test_the_code_from_a_poster_can_be_typed_on_the_home_page(client, builtin):
    page = check_page(client.get("/").get_data(as_text=True))
    form = page.select_one("form[method=get]")
    assert form.find("input", attrs={"name": "code"}) and form.find("button")
    for typed in ["+de-mo ", "\uff24\uff25\uff2d\uff2f", "http://127.0.0.1:5000/e/DEMO", "feedback.example/e/demo/"]:
        found = client.get("/", query_string={"code": typed})   # spaced, full-width, a pasted link
        assert found.status_code == 303 and found.headers["Location"] == "/e/DEMO", typed
    for typed, message in [("", "Enter the event code from the poster"),
                           ("ZZZZZZ", "There is no event with that code")]:
        response = client.get(f"/?code={typed}")
        assert response.status_code == 400
        page = check_page(response.get_data(as_text=True))
        assert page.title.get_text().startswith("Error: ")
        assert message in page.select_one(".nhsuk-error-summary a[href='#code']").get_text()
        assert page.select_one("#code")["value"] == typed


def _listed_under(page, title: str) -> str:
    """The heading of the group a survey's link is listed under on the home page."""
    link = page.find("a", string=title)
    assert link is not None, f"{title!r} is not on the home page"
    return link.find_previous("h3").get_text(strip=True)


def test_surveys_are_grouped_by_who_they_are_for_so_staff_surveys_are_not_offered_to_service_users(
        client, session, builtin):
    page = check_page(client.get("/").get_data(as_text=True))
    event_survey = builtin["after-an-event"].current_version.title
    staff_survey = builtin["involving-people-in-qi-staff"].current_version.title
    assert _listed_under(page, event_survey) == "For people who use mental health services, and carers"
    assert _listed_under(page, staff_survey) == "For staff of the trust"
    headings = [heading.get_text(strip=True) for heading in page.select("h3")]
    assert headings.index("For people who use mental health services, and carers") < headings.index(
        "For staff of the trust")


def test_unlisted_surveys_and_events_are_reachable_only_by_their_link(client, session, builtin):
    from feedback.models import Event
    staff = builtin["involving-people-in-qi-staff"]
    staff.listed = False
    demo = session.query(Event).filter_by(code="DEMO").one()
    demo.listed = False
    session.commit()
    page = check_page(client.get("/").get_data(as_text=True))
    assert page.find("a", string=staff.current_version.title) is None
    assert page.find("a", string=demo.name) is None
    assert client.get(f"/s/{staff.slug}").status_code == 200   # the link still works
    assert client.get("/e/DEMO").status_code in (200, 302)      # and so do the event's link and QR code
    assert client.get("/?code=demo").status_code == 303         # and its code typed from the poster
