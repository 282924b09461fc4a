"""Work out a question's polarity from its wording.

"What could we improve?" invites barriers, "What helped?" invites enablers and
"Why did you give that answer?" invites either. The polarity changes what a
short answer means: "Nothing" is praise to the first and a complaint to the second.
"""

from __future__ import annotations

import re

from .results import PromptPolarity

_BOTH = re.compile(r"satisfied\s+and/?or\s+dissatisfied|good\s+(?:and|or)\s+bad|best\s+and\s+worst", re.I)
_BARRIER = re.compile(
    r"\b(?:improve\w*|better|harder|hinder\w*|barrier\w*|difficult\w*|worse|change|"
    r"dissatisf\w*|disappoint\w*|didn'?t\s+(?:go\s+well|help|work)|got\s+in\s+the\s+way|"
    r"stopp?(?:ed|ing)?\s+you|wrong|problem\w*|concern\w*|dislike\w*|less\s+well)\b",
    re.I,
)
_ENABLER = re.compile(
    r"\b(?:what\s+(?:was|went)\s+(?:good|well)|went\s+well|helped|help\s+you|helpful|"
    r"enabl\w*|made\s+it\s+easier|easier|best|liked?|enjoy\w*|positive|satisf(?:ied|action)|"
    r"good\s+about|strength\w*|valu(?:e|ed)\s+most)\b",
    re.I,
)


# "Is there anything else you would like to tell us?" asks for anything, not for praise.
_POLITE = re.compile(r"\b(?:would|'d)\s+like\s+to\b|\blike\s+to\s+(?:tell|add|say|share|mention)\b", re.I)
# "What did you not like?", "What did you like least?": an enabler word turned round.
_TURNED_ROUND = re.compile(
    r"\b(?:not|n't|never)\s+(?:\w+\s+)?(?:like|enjoy|help)\w*|"
    r"\b(?:liked?|enjoy\w*|helpful|useful)\s+(?:the\s+)?least\b|\bleast\s+(?:liked|helpful|useful|enjoy\w*)\b",
    re.I,
)


def polarity_for_question(question: str | None) -> PromptPolarity:
    """Classify question wording; unknown or empty questions are neutral."""
    if not question or _BOTH.search(question):
        return PromptPolarity.NEUTRAL
    question = _POLITE.sub(" ", question)
    if _TURNED_ROUND.search(question):
        return PromptPolarity.BARRIER
    barrier = bool(_BARRIER.search(question))
    enabler = bool(_ENABLER.search(question))
    if barrier and not enabler:
        return PromptPolarity.BARRIER
    if enabler and not barrier:
        return PromptPolarity.ENABLER
    return PromptPolarity.NEUTRAL


def coerce_polarity(value: "PromptPolarity | str | None") -> PromptPolarity:
    """Accept an enum, its value, or None (neutral); reject anything else clearly."""
    if value is None or value == "":
        return PromptPolarity.NEUTRAL
    try:
        return PromptPolarity(str(value).strip().lower())
    except ValueError:
        raise ValueError(
            f"prompt polarity must be one of enabler, barrier, neutral; got {value!r}"
        ) from None
