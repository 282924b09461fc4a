"""The check every rendered page must pass: the basics a screen-reader user relies on."""
from __future__ import annotations

import re

from bs4 import BeautifulSoup

UNLABELLED_TYPES = {"hidden", "submit", "button", "image", "reset"}


def check_page(html: str) -> BeautifulSoup:
    """Assert one h1, a title that begins with it, <html lang>, and every input labelled."""
    page = BeautifulSoup(html, "html.parser")
    assert page.html is not None and page.html.get("lang"), "the page must set <html lang>"
    headings = page.find_all("h1")
    assert len(headings) == 1, f"expected one h1, found {len(headings)}"
    heading = " ".join(headings[0].get_text().split())
    title = " ".join(page.title.get_text().split()) if page.title else ""
    # "Error: " in English; a page in another language has its own word for it.
    title = title.removeprefix("Error: ")
    if not title.startswith(heading):
        title = re.sub(r"^[^:\s]{1,12}: ", "", title)
    assert title.startswith(heading), f"title {title!r} must begin with the h1 {heading!r}"
    for field in page.find_all(["input", "select", "textarea"]):
        if field.name == "input" and field.get("type", "text") in UNLABELLED_TYPES:
            continue
        assert _has_label(page, field), f"unlabelled {field.name} {field.get('name')!r}"
    return page


def _has_label(page: BeautifulSoup, field) -> bool:
    if field.get("aria-label") or field.get("aria-labelledby"):
        return True
    if field.find_parent("label"):
        return True
    field_id = field.get("id")
    return bool(field_id and page.find("label", attrs={"for": field_id}))


def parse(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")
