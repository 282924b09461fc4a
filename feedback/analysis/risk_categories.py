"""The kinds of risk a safeguarding flag can name, and how a flag came about.

The one place for category keys and the words people see for them: code, stored
flags and the model files use the keys; pages, exports and alert emails show the
labels ("Self-harm", never ``self_harm``). A reason's *kind* says how a flag was
raised without quoting the answer, so an alert email can name the category and
kind and never contain what someone wrote.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class RiskCategory:
    key: str
    label: str
    description: str


RISK_CATEGORIES: tuple[RiskCategory, ...] = (
    RiskCategory("suicidal_thoughts", "Suicidal thoughts",
                 "Thoughts of suicide or of ending their life."),
    RiskCategory("suicide_plan", "Suicide plan or means",
                 "A plan, a date, or means gathered: tablets saved, bleach, a ligature, a place picked."),
    RiskCategory("hopelessness", "Hopelessness or wanting to die",
                 "Seeing no point or future, wishing to be dead or not to wake up."),
    RiskCategory("self_harm", "Self-harm",
                 "Cutting, burning or otherwise hurting themselves, now or starting again."),
    RiskCategory("overdose", "Overdose",
                 "Taking, or having just taken, too much medication or another substance."),
    RiskCategory("stopping_medication", "Stopping medication with risk",
                 "Stopping or refusing medication alongside signs of risk or relapse."),
    RiskCategory("abuse_in_care", "Abuse by staff or other patients",
                 "Being hit, hurt, threatened, restrained roughly or bullied by staff, volunteers or other patients."),
    RiskCategory("domestic_abuse", "Domestic abuse or coercive control",
                 "Violence, threats or control by a partner, ex-partner or family member."),
    RiskCategory("financial_abuse", "Financial abuse",
                 "Someone taking or controlling their money, benefits or cards."),
    RiskCategory("sexual_abuse", "Sexual abuse or exploitation",
                 "Sexual assault, unwanted sexual contact or images, grooming, or exploitation such as cuckooing."),
    RiskCategory("neglect", "Neglect",
                 "Being left without care, food, help or medication, by services or at home."),
    RiskCategory("risk_to_children", "Risk to a child",
                 "A child who may be unsafe, harmed or not cared for."),
    RiskCategory("harm_to_others", "Harm to others",
                 "Wanting, planning or threatening to hurt someone else."),
    RiskCategory("carer_breaking_point", "Carer at breaking point",
                 "A carer who cannot cope and may harm themselves or the person they care for, or give up."),
)

CATEGORY_KEYS: tuple[str, ...] = tuple(category.key for category in RISK_CATEGORIES)
_BY_KEY = {category.key: category for category in RISK_CATEGORIES}

# Keys written by the phrase lists up to version 5; flags stored then still name them.
_LEGACY_LABELS = {
    "suicide": "Suicidal thoughts",
    "wanting_to_die": "Hopelessness or wanting to die",
    "abuse": "Abuse",
    "harm_at_home": "Domestic abuse or coercive control",
}
UNKNOWN_LABEL = "Possible risk"


def category_label(key: str) -> str:
    """The words to show for a category key, old or new; unknown keys read as possible risk."""
    category = _BY_KEY.get(key)
    if category is not None:
        return category.label
    return _LEGACY_LABELS.get(key, UNKNOWN_LABEL)


def is_category(key: str) -> bool:
    return key in _BY_KEY


# How a flag was raised. The matched words stay in the reason's own field, apart from these.
REASON_PHRASE = "phrase"  # a phrase from the reviewed list matched
REASON_MODEL = "model"  # the trained model's probability reached its threshold
REASON_HAND = "hand"  # a person flagged the answer
REASON_KIND_LABELS = {
    REASON_PHRASE: "Matched a listed phrase",
    REASON_MODEL: "Risk model",
    REASON_HAND: "Flagged by hand",
}


def reason_kind_label(kind: str) -> str:
    return REASON_KIND_LABELS.get(kind, UNKNOWN_LABEL)


def categories_label(keys: Iterable[str]) -> str:
    """Several category keys as one phrase of words ("Self-harm, Overdose"), each once."""
    labels = list(dict.fromkeys(category_label(key) for key in keys if key))
    return ", ".join(labels) if labels else UNKNOWN_LABEL


def choosable_categories() -> list[tuple[str, str]]:
    """(key, label) for an organiser flagging an answer by hand, in the list's order."""
    return [(category.key, category.label) for category in RISK_CATEGORIES]


_STORED_REASON = re.compile(r"(?:(?<=^)|(?<=; ))([a-z_]+):")


def reasons_in_words(reasons: str) -> str:
    """A flag's stored reasons ("self_harm: “...”; overdose: ...") with each category key
    at the start of a reason shown in words ("Self-harm: “...”")."""
    def label(match: re.Match[str]) -> str:
        key = match.group(1)
        if key in REASON_KIND_LABELS:
            return f"{reason_kind_label(key)}:"
        words = category_label(key)
        return f"{words}:" if words != UNKNOWN_LABEL else match.group(0)
    return _STORED_REASON.sub(label, reasons)
