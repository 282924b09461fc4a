"""Every risk category has words a person can read, and old stored keys still read well."""

from feedback.analysis.risk_categories import (
    CATEGORY_KEYS,
    REASON_KIND_LABELS,
    RISK_CATEGORIES,
    category_label,
    reason_kind_label,
)


def test_each_category_has_a_distinct_readable_label() -> None:
    labels = [category.label for category in RISK_CATEGORIES]
    assert len(set(labels)) == len(labels) == len(set(CATEGORY_KEYS))
    assert all("_" not in label and label[0].isupper() for label in labels)
    assert category_label("self_harm") == "Self-harm"


def test_keys_stored_by_older_phrase_lists_are_shown_in_words() -> None:
    assert category_label("wanting_to_die") == "Hopelessness or wanting to die"
    assert category_label("harm_at_home") == "Domestic abuse or coercive control"
    assert category_label("no_such_key") == "Possible risk"


def test_reason_kinds_are_described_without_answer_text() -> None:
    assert reason_kind_label("model") == "Risk model"
    assert set(REASON_KIND_LABELS) == {"phrase", "model", "hand"}
