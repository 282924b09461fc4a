"""Small-number protection: what may be shown so that no one can be picked out.

Two rules, set in config (SMALL_GROUP_MINIMUM, SMALL_COUNT_MAXIMUM):

- a group of fewer than `group_minimum` responses gets no breakdown and no free text;
- a count from 1 to `count_maximum` is never shown ("fewer than 5").

Hiding one cell is not enough when its row total is shown: the total minus the other
cells gives it back. Nor are two: two "fewer than 5" cells that the total says add up to
8 must both be 4. So while the hidden cells of a row with a visible total can be worked
out (one hidden cell, or small cells whose sum is only possible one way), the smallest
other non-zero cell is hidden too (secondary suppression); if there is no such cell, the
total is hidden instead. Zeros are shown: they describe nobody.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum


class Hidden(StrEnum):
    SMALL_COUNT = "small_count"    # the count itself is 1 to count_maximum
    SECONDARY = "secondary"        # hidden so a small count cannot be worked out
    SMALL_GROUP = "small_group"    # the group behind it has too few responses


@dataclass(frozen=True)
class Rules:
    group_minimum: int = 10
    count_maximum: int = 4

    @classmethod
    def from_config(cls, config: Mapping[str, object]) -> Rules:
        return cls(group_minimum=int(config.get("SMALL_GROUP_MINIMUM", 10)),  # type: ignore[arg-type]
                   count_maximum=int(config.get("SMALL_COUNT_MAXIMUM", 4)))  # type: ignore[arg-type]

    def group_is_reportable(self, responses: int) -> bool:
        """Whether a group is big enough for a breakdown or its free text."""
        return responses >= self.group_minimum

    def is_small(self, count: int) -> bool:
        return 1 <= count <= self.count_maximum


@dataclass(frozen=True)
class Cell:
    """A count that may be shown, or the reason it is not. `count` is None when hidden."""
    count: int | None
    hidden: Hidden | None = None

    @property
    def shown(self) -> bool:
        return self.hidden is None

    def text(self, rules: Rules) -> str:
        if self.hidden is None:
            return f"{self.count:,}"
        if self.hidden is Hidden.SMALL_COUNT:
            return f"fewer than {rules.count_maximum + 1}"
        if self.hidden is Hidden.SMALL_GROUP:
            return "not shown (small group)"
        return "not shown"


@dataclass(frozen=True)
class ProtectedRow:
    cells: list[Cell]
    total: Cell

    @property
    def any_hidden(self) -> bool:
        return not self.total.shown or any(not cell.shown for cell in self.cells)


def percent_of(part: int, whole: int) -> int:
    """A whole-number percentage with halves rounded up (62.5% shows as 63%, as people
    expect; Python's round() would give 62)."""
    return int(100 * part / whole + 0.5)


def protect_count(count: int, rules: Rules) -> Cell:
    """A single count on its own (no total to work it out from)."""
    return Cell(None, Hidden.SMALL_COUNT) if rules.is_small(count) else Cell(count)


def protect_row(counts: Sequence[int | None], total: int, rules: Rules) -> ProtectedRow:
    """Protect the cells of one row whose total is shown.

    A count of None is a cell already hidden because its group is too small. The total
    need not be the sum of the cells (multiple choice); treating it as one is the safe
    assumption.
    """
    hidden: list[Hidden | None] = [
        Hidden.SMALL_GROUP if count is None else Hidden.SMALL_COUNT if rules.is_small(count) else None
        for count in counts
    ]
    total_cell = protect_count(total, rules)
    while total_cell.shown and _can_be_worked_out(counts, hidden, total, rules):
        partner = _smallest_shown_nonzero(counts, hidden)
        if partner is None:
            total_cell = Cell(None, Hidden.SECONDARY)
        else:
            hidden[partner] = Hidden.SECONDARY
    cells = [Cell(None, reason) if reason else Cell(count) for count, reason in zip(counts, hidden)]
    return ProtectedRow(cells=cells, total=total_cell)


def protect_table(
    rows: Sequence[Sequence[int]], group_sizes: Sequence[int], rules: Rules,
) -> list[ProtectedRow]:
    """Protect a table with one column per group (respondent role, say).

    A column whose group has fewer than `group_minimum` responses is hidden whole; each
    row total is the sum of its cells and stays visible unless that would give a hidden
    cell away.
    """
    small_groups = [not rules.group_is_reportable(size) for size in group_sizes]
    protected = []
    for row in rows:
        counts: list[int | None] = [None if small else count for count, small in zip(row, small_groups)]
        protected.append(protect_row(counts, sum(row), rules))
    return protected


def _can_be_worked_out(counts: Sequence[int | None], hidden: Sequence[Hidden | None], total: int,
                       rules: Rules) -> bool:
    """Whether the total and the shown cells pin down the hidden ones: one hidden cell, or
    only small cells (each 1 to count_maximum) whose sum can be made just one way."""
    reasons = [reason for reason in hidden if reason is not None]
    if len(reasons) == 1:
        return True
    if not reasons or any(reason is not Hidden.SMALL_COUNT for reason in reasons):
        return False  # a secondary or small-group cell can be any size
    rest = total - sum(count or 0 for count, reason in zip(counts, hidden) if reason is None)
    return rest in (len(reasons), len(reasons) * rules.count_maximum)


def _smallest_shown_nonzero(counts: Sequence[int | None], hidden: Sequence[Hidden | None]) -> int | None:
    candidates = [(count, index) for index, (count, reason) in enumerate(zip(counts, hidden))
                  if reason is None and count]
    return min(candidates)[1] if candidates else None
