"""The public pages' header, footer and language switch, rendered once and reused."""
from __future__ import annotations

from tests.pages import parse


def test_reused_header_and_footer_follow_the_names_and_the_page_language(app, client):
    first = parse(client.get("/accessibility").get_data(as_text=True))
    assert first.select_one(".nhsuk-header__service-name").get_text(strip=True) == app.config["SERVICE_NAME"]
    app.config["SERVICE_NAME"], app.config["TRUST_NAME"] = "Tell us how it went", "Riverside NHS Trust"
    renamed = parse(client.get("/accessibility").get_data(as_text=True))
    assert renamed.select_one(".nhsuk-header__service-name").get_text(strip=True) == "Tell us how it went"
    assert "Riverside NHS Trust" in renamed.select_one("footer").get_text(" ", strip=True)
    welsh = parse(client.get("/accessibility?lang=cy").get_data(as_text=True))
    english_links = [a.get_text(strip=True) for a in renamed.select("footer a")]
    assert [a.get_text(strip=True) for a in welsh.select("footer a")] != english_links


def test_the_reused_language_switch_links_to_the_page_it_is_on(client):
    for path in ("/accessibility", "/how-we-use-your-answers", "/accessibility"):
        page = parse(client.get(path).get_data(as_text=True))
        links = [a["href"] for a in page.select(".feedback-languages a")]
        assert links and all(link.startswith(path + "?") for link in links)
