"""Flag answers that may disclose risk so a person sees them promptly.

The phrase lists live in ``data/safeguarding.json`` so they can be reviewed by
clinicians without reading code. The rule is deliberately cautious: a figure of
speech ("dying to come back") is ignored and a directly negated mention ("I'm
not suicidal") does not flag, but any other risk phrase in the answer does.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .phrases import PhraseMatcher
from .results import Safeguarding, SafeguardingReason
from .textnorm import negation_before, normalise


@dataclass(frozen=True)
class SafeguardingRules:
    version: str
    risk: PhraseMatcher[str]  # payload: category
    near_misses: PhraseMatcher[None]
    always_flag: PhraseMatcher[None]

    @classmethod
    def from_dict(cls, data: dict) -> "SafeguardingRules":
        return cls(
            version=str(data.get("version", "0")),
            risk=PhraseMatcher(
                (phrase, category) for category, phrases in data["categories"].items() for phrase in phrases
            ),
            near_misses=PhraseMatcher((phrase, None) for phrase in data.get("near_misses", [])),
            always_flag=PhraseMatcher((phrase, None) for phrase in data.get("always_flag", [])),
        )


# Words that may sit between a negation and a risk phrase for the negation to
# count as a denial: "not suicidal", "no thoughts of self-harm", "no longer
# self-harming". Anything else ("not saying I want to die") still flags.
_DENIAL_GAP = re.compile(
    r"\s*(?:(?:longer|any|thoughts?|urges?|plans?|intentions?|feelings?|history|of|to|"
    r"am|been|feeling|feel|currently|ever|at|all)\s+)*"
)


@lru_cache(maxsize=1)
def default_rules() -> SafeguardingRules:
    text = resources.files(__package__).joinpath("data/safeguarding.json").read_text("utf-8")
    return SafeguardingRules.from_dict(json.loads(text))


def check_safeguarding(text: str, rules: SafeguardingRules | None = None) -> Safeguarding:
    """Return whether the text suggests risk, with each matched phrase and its category."""
    rules = rules or default_rules()
    normalised = normalise(text)
    risk_matches = rules.risk.find(normalised)
    if not risk_matches:  # the common case: skip the near-miss and negation checks
        return Safeguarding(flagged=False)
    near_miss_spans = [(m.start, m.end) for m in rules.near_misses.find(normalised)]
    always_spans = [(m.start, m.end) for m in rules.always_flag.find(normalised)]
    reasons: list[SafeguardingReason] = []
    seen: set[tuple[int, int]] = set()
    for match in risk_matches:
        start, end = match.start, match.end
        if (start, end) in seen or any(s <= start and end <= e for s, e in near_miss_spans):
            continue
        always = any(s <= start and end <= e or start <= s and e <= end for s, e in always_spans)
        if not always and negation_before(normalised, start, _DENIAL_GAP) is not None:
            continue
        seen.add((start, end))
        reasons.append(SafeguardingReason(match.payload, text[start:end], start, end))
    return Safeguarding(flagged=bool(reasons), reasons=tuple(reasons))
