"""The XmR library against every reference case (NHSRplotthedots 0.2.2 outputs)."""
from __future__ import annotations

from datetime import date

import pytest

from feedback.measures.spc import SpcInputError, xmr

from .history import CASES, TOLERANCE

NUMBERS = ("mean", "lpl", "upl", "nlpl", "nupl")


def run_case(case: dict):
    options = case["options"]
    return xmr([date.fromisoformat(d) for d in case["dates"]], case["values"],
               improvement=options["improvement"], target=options["target"],
               rebase_dates=[date.fromisoformat(d) for d in options["rebase_dates"]],
               fix_after_n_points=options["fix_after_n_points"], screen_outliers=options["screen_outliers"])


def assert_close(actual: float | None, expected: float | None, what: str) -> None:
    if expected is None:
        assert actual is None, what
    else:
        assert actual is not None and abs(actual - expected) <= TOLERANCE, f"{what}: {actual} != {expected}"


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_reference_case(case: dict) -> None:
    result = run_case(case)
    expected = case["expected"]
    assert [p.date.isoformat() for p in result.points] == [p["date"] for p in expected["points"]]
    for point, want in zip(result.points, expected["points"]):
        for name in NUMBERS:
            assert_close(getattr(point, name), want[name], f"{want['date']} {name}")
        assert (point.special_cause_type, point.point_type) == (want["special_cause_type"], want["point_type"]), want["date"]
    assert result.variation == expected["variation"]
    assert result.assurance == expected["assurance"]
    assert result.short_group_warning == expected["short_group_warning"]


def test_every_rule_and_icon_is_covered_by_the_cases() -> None:
    labels = {p["special_cause_type"] for case in CASES for p in case["expected"]["points"]}
    assert len(labels) == 9
    assert {case["expected"]["assurance"] for case in CASES} == {None, "consistent_pass", "consistent_fail", "inconsistent"}


def test_rebase_dates_are_reported_where_a_group_starts() -> None:
    case = next(c for c in CASES if c["name"] == "step_change_with_rebase")
    assert [d.isoformat() for d in run_case(case).rebase_dates] == ["2022-07-01"]


@pytest.mark.parametrize(("dates", "values", "options", "message"), [
    ([], [], {}, "no points"),
    ([date(2024, 1, 1), date(2024, 1, 1)], [1, 2], {}, "only once"),
    ([date(2024, 1, 1)], [float("nan")], {}, "finite"),
    ([date(2024, 1, 1)], [1, 2], {}, "one value for each date"),
    ([date(2024, 1, 1)], [1], {"fix_after_n_points": 5}, "12 points or more"),
    ([date(2024, 1, 1)], [1], {"improvement": "up"}, "'up' is not a valid"),
])
def test_bad_series_are_refused_in_plain_words(dates, values, options, message) -> None:
    with pytest.raises(ValueError, match=message):
        xmr(dates, values, **options)


def test_input_errors_are_their_own_type() -> None:
    with pytest.raises(SpcInputError):
        xmr([], [])
