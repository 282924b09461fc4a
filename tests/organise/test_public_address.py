"""The public address on posters, QR codes and previews: BASE_URL, local addresses, and a
Host header that is trusted only when TRUSTED_HOSTS names it."""
from __future__ import annotations

import pytest

from feedback.public_address import LOCAL_ADDRESS, public_address, trusted_hosts
from tests.factories import make_event
from tests.organise.conftest import sign_in_as
from tests.pages import parse


@pytest.mark.parametrize("config, asked_on, base, local, refused", [
    ({"BASE_URL": "https://feedback.example.nhs.uk/"}, "http://evil.example/", "https://feedback.example.nhs.uk",
     False, None),
    ({}, "http://127.0.0.1:8000/", "http://127.0.0.1:8000", True, None),
    ({}, "http://localhost/", "http://localhost", True, None),
    ({}, "http://[::1]:5000/", "http://[::1]:5000", True, None),
    ({}, "http://evil.example/", LOCAL_ADDRESS, True, "evil.example"),
    ({"TRUSTED_HOSTS": ["10.0.0.5"]}, "http://10.0.0.5:5000/", "http://10.0.0.5:5000", False, None),
    ({}, None, LOCAL_ADDRESS, True, None),
])
def test_which_address_links_use(config, asked_on, base, local, refused):
    address = public_address(config, asked_on)
    assert (address.base, address.local, address.untrusted_host) == (base, local, refused)


def test_trusted_hosts_read_from_a_list_or_a_comma_separated_setting():
    assert trusted_hosts("feedback.example.nhs.uk, 10.0.0.5") == ["feedback.example.nhs.uk", "10.0.0.5"]
    assert trusted_hosts(["a.example"]) == ["a.example"]
    assert trusted_hosts("") is None and trusted_hosts(None) is None


def event_page(client, event, path="", host="localhost"):
    # The test client keeps cookies per host: sign in on the host asked for, as a browser would.
    client.set_cookie("session", client.get_cookie("session", domain="localhost").value, domain=host)
    response = client.get(f"/organise/events/{event.id}{path}", headers={"Host": host})
    return response.status_code, parse(response.get_data(as_text=True)) if response.status_code == 200 else None


def test_a_local_address_is_used_but_the_event_page_and_poster_warn(client, session, organiser):
    event = make_event(session)
    sign_in_as(client, organiser)
    for path in ("", "/poster"):
        status, page = event_page(client, event, path)
        warning = page.select_one(".nhsuk-warning-callout").get_text(" ", strip=True)
        assert "Phones cannot open this address" in warning and "BASE_URL" in warning
        assert f"http://localhost/e/{event.code}" in page.get_text()
    # The warning is for the screen: the printed poster leaves it out.
    status, poster = event_page(client, event, "/poster")
    assert "feedback-screen-only" in poster.select_one(".nhsuk-warning-callout")["class"]


def test_a_forged_host_never_reaches_the_poster(client, session, organiser):
    event = make_event(session)
    sign_in_as(client, organiser)
    status, page = event_page(client, event, "/poster", host="evil.example")
    assert "evil.example/e/" not in page.get_text()
    assert f"{LOCAL_ADDRESS}/e/{event.code}" in page.get_text()
    assert "has not been told that this is its public address" in page.get_text(" ", strip=True)


def test_with_trusted_hosts_a_listed_host_is_used_and_any_other_is_refused(app, client, session, organiser):
    event = make_event(session)
    sign_in_as(client, organiser)
    app.config["TRUSTED_HOSTS"] = ["feedback.example.nhs.uk"]
    status, page = event_page(client, event, host="feedback.example.nhs.uk")
    assert f"http://feedback.example.nhs.uk/e/{event.code}" in page.get_text()
    assert not page.select(".nhsuk-warning-callout")
    assert "ask your administrator to set it" in page.select_one(".nhsuk-inset-text").get_text(" ", strip=True)
    refused = client.get(f"/organise/events/{event.id}/poster", headers={"Host": "evil.example"})
    assert refused.status_code == 400
    assert "evil.example" not in refused.get_data(as_text=True)


def test_with_base_url_set_there_is_no_warning(app, client, session, organiser):
    app.config["BASE_URL"] = "https://feedback.example.nhs.uk"
    event = make_event(session)
    sign_in_as(client, organiser)
    status, page = event_page(client, event, host="evil.example")
    assert f"https://feedback.example.nhs.uk/e/{event.code}" in page.get_text()
    assert not page.select(".nhsuk-warning-callout, .nhsuk-inset-text")


@pytest.mark.parametrize("host", ["a..b", "x" * 64 + ".example"])
def test_a_host_header_no_address_can_be_built_for_is_a_plain_400(app, client, builtin, host):
    app.config["SERVER_NAME"] = None   # as served: the tests' fixed name would route any Host
    refused = client.get("/", headers={"Host": host})
    assert refused.status_code == 400
    assert refused.get_data(as_text=True) == "Bad request: this service does not answer on that address."
