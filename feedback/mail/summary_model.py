"""What a summary shows, as plain data: the templates read these, summary_data.py fills them."""
from __future__ import annotations

from dataclasses import dataclass, field

from .periods import Period


@dataclass(frozen=True)
class Scope:
    kind: str              # survey, event, qi_project or everything
    id: int | None = None
    name: str = ""


@dataclass(frozen=True)
class Shown:
    """A count as the email may show it: hidden when it is small enough to identify someone."""
    value: int
    hidden: bool
    below: int = 5      # what "fewer than" says: SMALL_COUNT_MAXIMUM + 1
    why: str = ""       # said instead of "fewer than" when hidden for another reason

    def __str__(self) -> str:
        if not self.hidden:
            return f"{self.value:,}"
        return self.why or f"fewer than {self.below}"


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
