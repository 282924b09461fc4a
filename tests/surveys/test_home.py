"""The home page: open surveys and events, and the code from an event's poster."""
from __future__ import annotations

from tests.pages import check_page


def test_the_code_from_a_poster_can_be_typed_on_the_home_page(client, builtin):
    page = check_page(client.get("/").get_data(as_text=True))
    form = page.select_one("form[method=get]")
    assert form.find("input", attrs={"name": "code"}) and form.find("button")
    found = client.get("/?code=+de-mo ")
    assert found.status_code == 303 and found.headers["Location"] == "/e/DEMO"
    for typed, message in [("", "Enter the event code from the poster"),
                           ("ZZZZZZ", "There is no event with that code")]:
        response = client.get(f"/?code={typed}")
        assert response.status_code == 400
        page = check_page(response.get_data(as_text=True))
        assert page.title.get_text().startswith("Error: ")
        assert message in page.select_one(".nhsuk-error-summary a[href='#code']").get_text()
        assert page.select_one("#code")["value"] == typed
