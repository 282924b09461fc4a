"""What a summary shows, as plain data: the templates read these, summary_data.py fills them."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..reports.suppression import Cell, Rules
from .periods import Period


@dataclass(frozen=True)
class Scope:
    kind: str              # survey, event, qi_project or everything
    id: int | None = None
    name: str = ""


@dataclass(frozen=True)
class Shown:
    """A count as the email shows it: the results pages' protected Cell with the rules that
    word it ("fewer than 5", "not shown"), so templates can print it as it is."""
    cell: Cell
    rules: Rules

    @property
    def hidden(self) -> bool:
        return not self.cell.shown

    @property
    def value(self) -> int:
        return self.cell.count or 0

    def __str__(self) -> str:
        return self.cell.text(self.rules)


@dataclass
class Measure:
    key: str
    prompt: str
    percent: int | None            # None: too few answers to show
    previous_percent: int | None

    @property
    def change(self) -> int | None:
        if self.percent is None or self.previous_percent is None:
            return None
        return self.percent - self.previous_percent


@dataclass
class ThemeLine:
    name: str
    total: Shown
    by_role: list[tuple[str, Shown]] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)


@dataclass
class SummaryData:
    scope_label: str
    period: Period
    previous: Period
    responses: int
    previous_responses: int
    responses_shown: Shown        # as the email may say them: 1-4 is "fewer than 5"
    previous_shown: Shown
    breakdowns_shown: bool
    measures: list[Measure]
    barriers: list[ThemeLine]
    enablers: list[ThemeLine]
    sentiment: list[tuple[str, Shown]]
    open_flags: int
