"""Helpers for driving forms the way a browser does: read the page, send what it holds."""
from __future__ import annotations

from flask.testing import FlaskClient

from tests.pages import parse


def hidden_fields(html: str) -> dict[str, str]:
    page = parse(html)
    return {field["name"]: field.get("value", "")
            for field in page.select("form input[type=hidden]") if field.get("name")}


def open_form(client: FlaskClient, url: str) -> dict[str, str]:
    """GET a page with a form and return its hidden fields (CSRF token, submission key)."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return hidden_fields(response.get_data(as_text=True))


def submit(client: FlaskClient, url: str, answers: dict[str, str | list[str]], **kwargs):
    """Fill in the form at `url` with `answers` and post it, as a person would."""
    data: dict[str, str | list[str]] = open_form(client, url)
    data.update(answers)
    return client.post(url, data=data, **kwargs)


def reshown(client: FlaskClient, response):
    """A survey form sent with a problem is shown again by a redirect (so Back after sending
    never asks to resubmit): assert that it was, and return the page it leads to."""
    assert response.status_code == 303, f"expected a redirect to the form again, got {response.status_code}"
    location = response.headers["Location"]
    assert "answers=" in location, location
    page = client.get(location)
    assert page.status_code == 200, page.status_code
    return page
