"""Small-number protection: no count of 1-4, no breakdown of a group under 10, nothing derivable."""
from __future__ import annotations

import pytest

from feedback.reports.suppression import Cell, Hidden, Rules, protect_count, protect_row, protect_table

RULES = Rules(group_minimum=10, count_maximum=4)


def shown(row) -> list[int | None]:
    return [cell.count for cell in row.cells]


def test_rules_come_from_config():
    assert Rules.from_config({"SMALL_GROUP_MINIMUM": 20, "SMALL_COUNT_MAXIMUM": 9}) == Rules(20, 9)
    assert Rules.from_config({}) == RULES


@pytest.mark.parametrize(("responses", "reportable"), [(0, False), (9, False), (10, True), (11, True)])
def test_a_group_needs_ten_responses_for_a_breakdown(responses, reportable):
    assert RULES.group_is_reportable(responses) is reportable


@pytest.mark.parametrize("count", [1, 2, 3, 4])
def test_counts_of_one_to_four_are_hidden(count):
    cell = protect_count(count, RULES)
    assert cell.count is None and cell.hidden is Hidden.SMALL_COUNT
    assert cell.text(RULES) == "fewer than 5"


@pytest.mark.parametrize("count", [0, 5, 1234])
def test_zero_and_five_or_more_are_shown(count):
    assert protect_count(count, RULES) == Cell(count)
    assert protect_count(1234, RULES).text(RULES) == "1,234"


def test_nothing_hidden_when_every_count_is_safe():
    row = protect_row([20, 0, 7], 27, RULES)
    assert shown(row) == [20, 0, 7]
    assert row.total == Cell(27) and not row.any_hidden


def test_a_lone_small_count_takes_the_next_smallest_with_it():
    # Without the second suppression, 30 - 20 - 7 would give the hidden 3 back.
    row = protect_row([20, 3, 7], 30, RULES)
    assert shown(row) == [20, None, None]
    assert [cell.hidden for cell in row.cells] == [None, Hidden.SMALL_COUNT, Hidden.SECONDARY]
    assert row.total == Cell(30)
    assert row.cells[2].text(RULES) == "not shown"


def test_two_small_counts_protect_each_other():
    row = protect_row([20, 3, 2, 7], 32, RULES)
    assert shown(row) == [20, None, None, 7]


@pytest.mark.parametrize(("counts", "total"), [([9, 4, 4], 17), ([20, 1, 1, 1, 7], 30)])
def test_small_counts_whose_sum_allows_one_answer_take_another_cell_with_them(counts, total):
    # 17 - 9 = 8 from two "fewer than 5" cells: both must be 4. Three cells making 3: all 1.
    row = protect_row(counts, total, RULES)
    assert any(cell.hidden is Hidden.SECONDARY for cell in row.cells)
    assert sum(cell.shown for cell in row.cells) == len([c for c in counts if not RULES.is_small(c)]) - 1


def test_small_counts_that_could_add_up_many_ways_are_enough_alone():
    row = protect_row([20, 3, 2, 7], 32, RULES)  # 5 from two small cells: 1+4, 2+3, 3+2 or 4+1
    assert shown(row) == [20, None, None, 7] and row.total == Cell(32)


def test_the_total_goes_when_no_other_cell_could_hide_the_small_one():
    row = protect_row([0, 3, 0], 3, RULES)
    assert row.total.hidden is Hidden.SMALL_COUNT
    row = protect_row([0, 3], 13, RULES)  # multiple choice: the total is not the sum
    assert shown(row) == [0, None] and row.total.hidden is Hidden.SECONDARY


def test_a_small_group_column_is_hidden_and_cannot_be_worked_out():
    # Columns: service users (40 responses), carers (6 responses: a small group).
    rows = protect_table([[12, 5], [30, 0]], group_sizes=[40, 6], rules=RULES)
    first, second = rows
    assert first.cells[1].hidden is Hidden.SMALL_GROUP
    assert first.total == Cell(17)
    assert first.cells[0].hidden is Hidden.SECONDARY, "17 - 12 would give away the carers' 5"
    # Even a zero in a small group is protected: 30 - 30 would say no carer mentioned it.
    assert [cell.hidden for cell in second.cells] == [Hidden.SECONDARY, Hidden.SMALL_GROUP]
    assert second.total == Cell(30)


def test_a_small_group_cell_text_says_why():
    rows = protect_table([[12, 5, 8]], group_sizes=[40, 6, 30], rules=RULES)
    assert rows[0].cells[1].text(RULES) == "not shown (small group)"
    assert rows[0].cells[2].hidden is Hidden.SECONDARY  # 8 is smaller than 12


def test_other_limits_are_respected():
    rules = Rules(group_minimum=20, count_maximum=9)
    assert protect_count(9, rules).text(rules) == "fewer than 10"
    assert not rules.group_is_reportable(19)


def test_percentages_round_halves_up():
    from feedback.reports.suppression import percent_of
    assert percent_of(15, 24) == 63  # 62.5
    assert percent_of(1, 8) == 13    # 12.5
    assert percent_of(2, 3) == 67 and percent_of(0, 5) == 0
