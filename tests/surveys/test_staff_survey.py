"""The staff survey says which question must be answered, and why, before anyone meets an error."""
from __future__ import annotations

from tests.pages import check_page

STAFF_SURVEY = "/s/involving-people-in-qi-staff"


def test_the_staff_survey_names_its_one_required_question_and_says_why(client, builtin):
    page = check_page(client.get(STAFF_SURVEY).get_data(as_text=True))
    intro = " ".join(paragraph.get_text() for paragraph in page.select("main form ~ p, main h1 ~ p"))
    assert "You can skip any question except the one about how service users or carers are involved" in intro
    required = page.select_one("fieldset:has(input[name=project_involvement])")
    legend = required.select_one("legend").get_text(" ", strip=True)
    assert "(optional)" not in legend
    hint = required.select_one(".nhsuk-hint").get_text(" ", strip=True)
    assert hint.startswith("You must answer this question")
    assert "compare what helps in projects where service users or carers are on the team" in hint
    # Every other question says it can be skipped.
    others = [fieldset.select_one("legend").get_text(" ", strip=True) for fieldset in page.select("main fieldset")
              if not fieldset.select("input[name=project_involvement]")]
    labels = [label.get_text(" ", strip=True) for label in page.select("main label.nhsuk-label")
              if label.get("for") in ("barriers", "enablers")]
    assert others and all(text.endswith("(optional)") for text in others + labels)
