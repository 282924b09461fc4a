"""What the risk tests assert of an answer, in one place."""
from __future__ import annotations

from feedback.analysis import detect_risk


def assert_flagged_by_a_phrase_that_says_why(category: str, text: str) -> None:
    """Flagged under `category` by a phrase, and the phrase is the person's own words."""
    result = detect_risk(text)
    phrases = [reason for reason in result.reasons if reason.category == category and reason.source == "phrase"]
    assert result.flagged and phrases, text
    assert phrases[0].phrase and phrases[0].phrase in text
