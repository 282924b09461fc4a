"""Checks on what an action says in public: nothing that identifies anyone, no small numbers.

What people said and what was done are shown on public pages, so they are checked before
they are saved rather than trusted: no email address, phone number or other identifier the
answer redaction finds, no organiser's name or email, and no count of people from 1 to
SMALL_COUNT_MAXIMUM ("2 carers said..."), which could pick someone out.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from ..analysis.redaction import redact
from ..reports.suppression import Rules

IDENTIFIER_WORDS = {
    "email": "an email address", "nhs_number": "an NHS number", "ni_number": "a National Insurance number",
    "phone": "a phone number", "postcode": "a postcode", "name": "a person's name",
}
NUMBER_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_PEOPLE = (r"(?:people|person|persons|service\s+users?|carers?|staff|members?(?:\s+of\s+staff)?|respondents?|"
           r"patients?|families|family\s+members?|answers?|responses?|replies|comments?|individuals?|"
           r"of\s+(?:you|them|us|the\s+\w+))")


def _small_count_pattern(rules: Rules) -> re.Pattern[str]:
    numbers = [str(number) for number in range(1, rules.count_maximum + 1)]
    numbers += NUMBER_WORDS[:rules.count_maximum] + ["a single", "a couple of", "only one"]
    joined = "|".join(re.escape(number) for number in sorted(numbers, key=len, reverse=True))
    return re.compile(rf"(?<![\w.,])(?:{joined})\s+(?:\w+\s+)?{_PEOPLE}\b", re.IGNORECASE)


def public_text_problem(text: str, rules: Rules, staff_names: Iterable[str] = ()) -> str | None:
    """Why `text` may not go on a public page, in words an organiser can act on; or None."""
    _, redactions = redact(text)
    if redactions:
        what = IDENTIFIER_WORDS.get(redactions[0].kind, "something that identifies someone")
        return f"Remove {what}: public pages must not identify anyone"
    if _small_count_pattern(rules).search(text):
        return (f"Do not give a number of people under {rules.count_maximum + 1}: write \"some people\" or "
                "\"a few people\" instead, so no one can be picked out")
    lowered = " ".join(text.casefold().split())
    for name in staff_names:
        wanted = " ".join(name.casefold().split())
        if len(wanted) >= 4 and re.search(rf"(?<!\w){re.escape(wanted)}(?!\w)", lowered):
            return "Remove the name of a member of staff: public pages do not name anyone"
    return None


def team_name_problem(team: str, staff_names: Iterable[str]) -> str | None:
    """A public team name must name a team, never a person."""
    if "@" in team:
        return "Enter a team name, not an email address"
    lowered = " ".join(team.casefold().split())
    titled = any(redaction.kind == "name" for redaction in redact(team)[1])  # "Dr Jones"
    if titled or any(lowered == " ".join(name.casefold().split()) for name in staff_names if name.strip()):
        return "Enter the name of a team, not a person"
    return None
