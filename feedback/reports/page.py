"""The results of one survey with small-number protection applied: what a page may show.

build_results() is the one call a results page (or an email summary) needs; every count
in what it returns is a suppression.Cell, so nothing unprotected can reach a template.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from ..models import Direction, RespondentRole, ResponseFormat, Sentiment
from .differencing import refused_view
from .filters import ResultsFilter
from .quotes import FlagView, Quote, open_flags, theme_quotes
from .results import distributions, role_counts, sentiment_counts, survey_questions, theme_counts, unanalysed_counts
from .suppression import Cell, Hidden, Rules, percent_of, protect_count, protect_row, protect_table

ROLE_LABELS = {
    RespondentRole.SERVICE_USER: "Service users",
    RespondentRole.CARER: "Carers",
    RespondentRole.STAFF: "Staff",
    RespondentRole.OTHER: "Someone else",
    RespondentRole.PREFER_NOT_TO_SAY: "Rather not say",
    RespondentRole.NOT_ASKED: "Not asked",
}
# The version of the questions answered; responses from before it was recorded have none.
FORMAT_LABELS = {
    ResponseFormat.STANDARD: "Standard",
    ResponseFormat.EASY_READ: "Easy Read",
    ResponseFormat.LARGE_PRINT: "Large print",
}
SECTION_TITLES = {
    Direction.BARRIER: "What got in the way (barriers)",
    Direction.ENABLER: "What helped (enablers)",
    Direction.NEUTRAL: "Other themes mentioned",
}


@dataclass(frozen=True)
class ChoiceRow:
    label: str
    cell: Cell
    percent: int | None     # of those who answered; None when the count is hidden
    # A "fewer than 5" count is drawn as a pale striped bar as long as the most it can be,
    # so it does not look like 0%; None when there is no such bound to draw.
    up_to_percent: int | None = None


@dataclass(frozen=True)
class DistributionView:
    key: str
    prompt: str
    answered: Cell
    choices: list[ChoiceRow]

    @property
    def any_hidden(self) -> bool:
        return not self.answered.shown or any(not row.cell.shown for row in self.choices)


@dataclass(frozen=True)
class ThemeRow:
    theme_id: int
    name: str
    cells: list[Cell]
    total: Cell
    quotes: list[Quote]


@dataclass(frozen=True)
class ThemeSection:
    direction: Direction
    title: str
    rows: list[ThemeRow]

    @property
    def shown_columns(self) -> list[int]:
        """The role columns with something to show: a column whose group is too small
        everywhere would be a wall of "not shown"; the page says once why it is left out."""
        width = len(self.rows[0].cells) if self.rows else 0
        return [column for column in range(width)
                if any(row.cells[column].hidden is not Hidden.SMALL_GROUP for row in self.rows)]


@dataclass(frozen=True)
class SentimentRow:
    prompt: str
    cells: list[Cell]       # in SENTIMENTS order
    total: Cell


SENTIMENTS = [Sentiment.POSITIVE, Sentiment.NEUTRAL, Sentiment.NEGATIVE]


@dataclass
class ResultsView:
    rules: Rules
    responses: Cell
    reportable: bool
    roles: list[RespondentRole] = field(default_factory=list)
    role_cells: list[Cell] = field(default_factory=list)
    distributions: list[DistributionView] = field(default_factory=list)
    theme_sections: list[ThemeSection] = field(default_factory=list)
    sentiment: list[SentimentRow] = field(default_factory=list)
    flags: list[FlagView] = field(default_factory=list)
    # Written answers in languages the analysis does not read: (language code, count shown).
    unanalysed: list[tuple[str, Cell]] = field(default_factory=list)
    unanalysed_total: Cell | None = None
    # Refused although big enough: set against a wider view it would show a few people.
    differencing: bool = False

    def role_label(self, role: RespondentRole) -> str:
        return ROLE_LABELS[role]


def build_results(
    session: Session, filters: ResultsFilter, rules: Rules, *, with_flags: bool = True, quotes_per_theme: int = 3,
) -> ResultsView:
    """Everything the results page shows. Below the group minimum only the number of
    responses is given: no breakdown, no free text."""
    by_role = role_counts(session, filters)
    total = sum(by_role.values())
    view = ResultsView(rules=rules, responses=protect_count(total, rules),
                       reportable=rules.group_is_reportable(total),
                       flags=open_flags(session, filters.survey_id) if with_flags else [])
    if not view.reportable:
        return view
    if refused_view(session, filters, rules):
        # Not even the count: with the wider view's count it would give the few away.
        view.responses, view.reportable, view.differencing = Cell(None, Hidden.SECONDARY), False, True
        return view
    view.roles = [role for role in RespondentRole if by_role.get(role)]
    view.role_cells = protect_row([by_role[role] for role in view.roles], total, rules).cells
    questions = survey_questions(session, filters.survey_id)
    view.distributions = [_distribution_view(item, rules) for item in distributions(session, filters, questions)]
    view.sentiment = [
        _sentiment_row(item.prompt, [item.counts[s] for s in SENTIMENTS], item.total, rules)
        for item in sentiment_counts(session, filters, questions)
    ]
    not_read = unanalysed_counts(session, filters, questions)
    if not_read:
        languages = sorted(not_read)
        row = protect_row([not_read[language] for language in languages], sum(not_read.values()), rules)
        view.unanalysed = list(zip(languages, row.cells))
        view.unanalysed_total = row.total
    themes = theme_counts(session, filters)
    quotes = theme_quotes(session, filters, [(theme.theme_id, theme.direction) for theme in themes],
                          per_theme=quotes_per_theme) if quotes_per_theme else {}
    sizes = [by_role[role] for role in view.roles]
    for direction in (Direction.BARRIER, Direction.ENABLER, Direction.NEUTRAL):
        chosen = [theme for theme in themes if theme.direction is direction]
        if not chosen:
            continue
        protected = protect_table([[theme.by_role.get(role, 0) for role in view.roles] for theme in chosen],
                                  sizes, rules)
        view.theme_sections.append(ThemeSection(direction, SECTION_TITLES[direction], [
            # Quotes only under a count that is shown: two quotes under "fewer than 5"
            # would tell the reader the hidden number.
            ThemeRow(theme.theme_id, theme.name, row.cells, row.total,
                     quotes.get((theme.theme_id, direction), []) if row.total.shown else [])
            for theme, row in zip(chosen, protected)
        ]))
    return view


def _distribution_view(item, rules: Rules) -> DistributionView:
    row = protect_row([choice.count for choice in item.choices], item.answered, rules)
    answered = row.total.count
    most = percent_of(rules.count_maximum, answered) if answered else None
    choices = [
        ChoiceRow(choice.label, cell, percent_of(cell.count, answered) if cell.shown and answered else None,
                  most if cell.hidden is Hidden.SMALL_COUNT else None)
        for choice, cell in zip(item.choices, row.cells)
    ]
    return DistributionView(item.key, item.prompt, row.total, choices)


def _sentiment_row(prompt: str, counts: list[int], total: int, rules: Rules) -> SentimentRow:
    row = protect_row(counts, total, rules)
    return SentimentRow(prompt, row.cells, row.total)
