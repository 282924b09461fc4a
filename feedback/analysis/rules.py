"""Tag themes by phrase: explainable, needs no training data.

Themes are neutral, so a negated phrase still tags its theme ("not paid" is about
payment); the negation is kept in the evidence so a reader sees it.
"""

from __future__ import annotations

from .results import ThemeTag
from .taxonomy import Taxonomy
from .textnorm import negation_before, normalise


def rule_themes(text: str, taxonomy: Taxonomy) -> list[ThemeTag]:
    """One tag per theme, with the first phrase that matched as evidence."""
    normalised = normalise(text)
    tags: dict[str, ThemeTag] = {}
    for match in taxonomy.matcher.find(normalised):
        theme = match.payload
        if theme in tags:
            continue
        start = match.start
        negation_start = negation_before(normalised, start)
        if negation_start is not None:
            start = negation_start
        tags[theme] = ThemeTag(theme=theme, source="rule", evidence=text[start:match.end].strip())
    return list(tags.values())
