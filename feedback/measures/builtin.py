"""A survey's measures per period, from its daily tallies, with small-number protection.

Built in: the share who agree with each agreement question; responses per period, by
channel and by role; barrier and enabler themes per 100 written answers. Organisers add
their own from an agreement, yes/no or 0-10 question (feedback/models/measures.py).

A period with fewer responses than the group minimum shows "too few to show", and so does
any value that would let a count the results page hides be worked out: a share needs
enough answers and no small count on either side (as email summaries do), a theme rate
needs no small count of mentions, and channel and role counts are protected as the
results tables are.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Channel, Direction, Question, QuestionType, SurveyVersion, Theme
from ..models.measures import OrganiserMeasure
from ..reports.page import ROLE_LABELS
from ..reports.suppression import Rules, protect_row
from . import tallies
from .series import Granularity, PeriodValue, Series, Unit, period_start, period_starts
from .spc import Improvement

CHANNEL_LABELS = {Channel.ONLINE: "Online", Channel.PAPER: "Paper", Channel.KIOSK: "Kiosk"}
DIRECTION_WORDS = {Direction.BARRIER: "barrier", Direction.ENABLER: "enabler"}
TOP_THEMES = 5
NO_FINISHED_PERIOD = "Nothing to chart yet: there are no responses in a finished {period} so far."
QUESTION_GONE = "Nothing to chart: its question is no longer counted in this survey."
ENOUGH_POINTS = 12     # fewer months than this, and weeks are used when they have enough


@dataclass
class SurveyMeasures:
    granularity: Granularity
    agreement: list[Series] = field(default_factory=list)
    responses: list[Series] = field(default_factory=list)
    barriers: list[Series] = field(default_factory=list)
    enablers: list[Series] = field(default_factory=list)
    organisers: list[tuple[OrganiserMeasure, Series]] = field(default_factory=list)
    # Organisers' measures with nothing to chart yet, and why: listed, so a measure just
    # saved can be found, changed or deleted before its first finished period.
    uncharted: list[tuple[OrganiserMeasure, str]] = field(default_factory=list)
    more_themes: int = 0          # themes raised but not charted (beyond the top few)
    current_left_out: bool = False

    @property
    def empty(self) -> bool:
        return not self.responses


def survey_measures(session: Session, survey_id: int, rules: Rules, *, today: date,
                    granularity: Granularity | None = None, all_themes: bool = False,
                    rows: list[tuple[date, str, int, float]] | None = None) -> SurveyMeasures:
    """Every measure of the survey, from the first period with responses to the last
    complete one (the period still under way would look like a fall). `rows` are the
    survey's tallies when the caller has read them already."""
    if rows is None:
        rows = tallies.read(session, survey_id)
    days = sorted({day for day, counted, _, _ in rows if counted == "responses"})
    if granularity is None:
        granularity = _choose_granularity(rows, days, rules, today)
    result = SurveyMeasures(granularity)
    current = period_start(today, granularity)
    result.current_left_out = bool(days) and days[-1] >= current
    days = [day for day in days if day < current]
    measures = list(session.scalars(select(OrganiserMeasure).where(OrganiserMeasure.survey_id == survey_id)
                                    .order_by(OrganiserMeasure.id)))
    if not days:
        result.uncharted = [(measure, NO_FINISHED_PERIOD.format(period=granularity.value)) for measure in measures]
        return result
    starts = period_starts(days[0], days[-1], granularity)
    totals: dict[tuple[date, str], list[float]] = defaultdict(lambda: [0, 0.0])
    for day, counted, count, amount in rows:
        if day < current:
            cell = totals[(period_start(day, granularity), counted)]
            cell[0] += count
            cell[1] += amount
    table = _Table(totals, starts, rules)
    result.responses = table.response_series(granularity)
    prompts = counted_questions(session, survey_id)
    result.agreement = [table.share(f"agreement:{key}", prompt, granularity)
                        for key, (kind, prompt) in prompts.items() if kind is QuestionType.AGREEMENT]
    for direction, target in ((Direction.BARRIER, result.barriers), (Direction.ENABLER, result.enablers)):
        themes = table.themes(direction)
        names = _theme_names(session, [theme for theme, _ in themes])
        shown = themes if all_themes else themes[:TOP_THEMES]
        result.more_themes += len(themes) - len(shown)
        target.extend(table.theme_rate(direction, theme, names.get(theme, "A theme"), granularity)
                      for theme, _ in shown)
    for measure in measures:
        kind = prompts.get(measure.question_key, (None, ""))[0]
        if kind is not None:
            result.organisers.append((measure, table.organiser_series(measure, kind, granularity)))
        else:
            result.uncharted.append((measure, QUESTION_GONE))
    return result


def _choose_granularity(rows, days: list[date], rules: Rules, today: date) -> Granularity:
    if len({day.replace(day=1) for day in days}) >= ENOUGH_POINTS:
        return Granularity.MONTH
    weeks: dict[date, int] = defaultdict(int)
    this_week = period_start(today, Granularity.WEEK)
    for day, counted, count, _ in rows:
        if counted == "responses" and day < this_week:
            weeks[period_start(day, Granularity.WEEK)] += count
    enough = sum(1 for count in weeks.values() if rules.group_is_reportable(count))
    return Granularity.WEEK if enough >= ENOUGH_POINTS else Granularity.MONTH


def counted_questions(session: Session, survey_id: int) -> dict[str, tuple[QuestionType, str]]:
    """Counted question keys of the survey, in question order, with the newest wording."""
    found: dict[str, tuple[QuestionType, str, int, int]] = {}
    for key, kind, prompt, version, position in session.execute(
            select(Question.key, Question.type, Question.prompt, SurveyVersion.number, Question.position)
            .join(SurveyVersion, SurveyVersion.id == Question.version_id)
            .where(SurveyVersion.survey_id == survey_id, Question.type.in_(tallies.COUNTED_QUESTIONS))):
        if key not in found or version > found[key][2]:
            found[key] = (kind, prompt, version, position)
    ordered = sorted(found.items(), key=lambda item: item[1][3])
    return {key: (kind, prompt) for key, (kind, prompt, _, _) in ordered}


def _theme_names(session: Session, theme_ids: list[int]) -> dict[int, str]:
    if not theme_ids:
        return {}
    return dict(session.execute(select(Theme.id, Theme.name).where(Theme.id.in_(theme_ids))).all())


class _Table:
    """Period totals of one survey, turned into protected series."""

    def __init__(self, totals: dict[tuple[date, str], list[float]], starts: list[date], rules: Rules) -> None:
        self.totals, self.starts, self.rules = totals, starts, rules

    def count(self, start: date, counted: str) -> int:
        cell = self.totals.get((start, counted))
        return int(cell[0]) if cell else 0

    def amount(self, start: date, counted: str) -> float:
        cell = self.totals.get((start, counted))
        return cell[1] if cell else 0.0

    def enough(self, start: date) -> bool:
        return self.rules.group_is_reportable(self.count(start, "responses"))

    def response_series(self, granularity: Granularity) -> list[Series]:
        total = [PeriodValue(s, self.count(s, "responses") if self.enough(s) else None,
                             self.count(s, "responses") if self.enough(s) else None) for s in self.starts]
        series = [Series("Responses", Unit.COUNT, granularity, total)]
        for prefix, labels, small_groups in (("channel", CHANNEL_LABELS, False), ("role", ROLE_LABELS, True)):
            present = [member for member in labels if any(self.count(s, f"{prefix}:{member.value}") for s in self.starts)]
            if len(present) < 2:
                continue  # one channel or role only: the same chart as the total
            columns: dict[object, list[PeriodValue]] = {member: [] for member in present}
            for start in self.starts:
                counts = [self.count(start, f"{prefix}:{member.value}") for member in present]
                whole = self.count(start, "responses")
                cells = protect_row([None if small_groups and not self.rules.group_is_reportable(c) else c
                                     for c in counts], whole, self.rules).cells
                for member, cell in zip(present, cells):
                    shown = self.enough(start) and cell.shown
                    columns[member].append(PeriodValue(start, cell.count if shown else None,
                                                       whole if shown else None))
            word = "by channel" if prefix == "channel" else "by role"
            series += [Series(f"Responses {word}: {labels[member]}", Unit.COUNT, granularity, values,
                              base_label="responses in all")
                       for member, values in columns.items()]
        return series

    def share(self, counted: str, title: str, granularity: Granularity, *, improvement: Improvement = Improvement.INCREASE,
              target: float | None = None, change_dates: list[date] | None = None) -> Series:
        values = []
        for start in self.starts:
            answered, agreed = self.count(start, counted), int(self.amount(start, counted))
            shown = (self.enough(start) and self.rules.group_is_reportable(answered)
                     and not self.rules.is_small(agreed) and not self.rules.is_small(answered - agreed))
            values.append(PeriodValue(start, 100 * agreed / answered if shown else None, answered if shown else None))
        return Series(title, Unit.PERCENT, granularity, values, improvement, target, change_dates or [], "answers")

    def themes(self, direction: Direction) -> list[tuple[int, int]]:
        """(theme id, mentions) raised in these periods, most raised first."""
        prefix = f"theme:{direction.value}:"
        mentions: dict[int, int] = defaultdict(int)
        for (_start, counted), (count, _) in self.totals.items():
            if counted.startswith(prefix):
                mentions[int(counted[len(prefix):])] += int(count)
        return sorted(mentions.items(), key=lambda item: (-item[1], item[0]))

    def theme_rate(self, direction: Direction, theme_id: int, name: str, granularity: Granularity) -> Series:
        counted = f"theme:{direction.value}:{theme_id}"
        values = []
        for start in self.starts:
            written, mentions = self.count(start, "written"), self.count(start, counted)
            shown = self.enough(start) and self.rules.group_is_reportable(written) and not self.rules.is_small(mentions)
            values.append(PeriodValue(start, 100 * mentions / written if shown else None, written if shown else None))
        improvement = Improvement.DECREASE if direction is Direction.BARRIER else Improvement.INCREASE
        return Series(f"{name} ({DIRECTION_WORDS[direction]})", Unit.PER_100, granularity, values, improvement,
                      base_label="written answers")

    def organiser_series(self, measure: OrganiserMeasure, kind: QuestionType, granularity: Granularity) -> Series:
        counted = f"{kind.value}:{measure.question_key}"
        changes = [change.changed_on for change in measure.change_dates]
        if kind is not QuestionType.SCALE_0_10:
            return self.share(counted, measure.title, granularity, improvement=measure.improvement,
                              target=measure.target, change_dates=changes)
        values = []
        for start in self.starts:
            answered = self.count(start, counted)
            shown = self.enough(start) and self.rules.group_is_reportable(answered)
            values.append(PeriodValue(start, self.amount(start, counted) / answered if shown else None,
                                      answered if shown else None))
        return Series(measure.title, Unit.SCORE, granularity, values, measure.improvement, measure.target,
                      changes, "answers")

