"""Results of a group of events (a project's, or every project with service users on the
team): responses and the share who agree with each agreement statement, in all and per
period. Read from the per-event daily tallies, summed in SQL by day, so a group's history is
a few thousand rows.

The same small-number rules as the survey measures: a period (or a whole group) with fewer
responses than the group minimum is too few to show, and a share is hidden when it needs
enough answers and no small count on either side.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..measures.builtin import ENOUGH_POINTS
from ..measures.series import Granularity, PeriodValue, Series, Unit, period_start, period_starts
from ..models import EventAnswerTally, EventDayTally, EventMonthAnswerTally, EventMonthTally, Question
from ..models.event_tallies import ensure_built
from ..reports.suppression import Rules


@dataclass
class GroupCounts:
    """Per day (or month): responses; per day (or month) and statement key: [answered, agreed]."""
    responses: dict[date, int] = field(default_factory=dict)
    agreement: dict[tuple[date, str], list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    prompts: dict[str, str] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.responses.values())


def count_group(session: Session, event_ids: Iterable[int], *, by_month: bool = False) -> GroupCounts:
    """The group's counts, read from the per-event daily tallies (feedback/models/event_tallies.py):
    a few hundred thousand rows at most, where the answers they count are millions; `by_month`
    reads their monthly sums instead, a tenth as many rows, keyed by each month's first day
    (enough for charts by month and totals). Tallies never built are counted first (the
    caller commits; the organiser views do so before)."""
    ids = sorted(set(event_ids))
    counts = GroupCounts()
    if not ids:
        return counts
    ensure_built(session)
    days, answers = (EventMonthTally, EventMonthAnswerTally) if by_month else (EventDayTally, EventAnswerTally)
    day, answer_day = (days.month, answers.month) if by_month else (days.day, answers.day)
    counts.responses = dict(session.execute(
        select(day, func.sum(days.responses)).where(days.event_id.in_(ids)).group_by(day)).all())
    rows = session.execute(
        select(answer_day, answers.question_id, func.sum(answers.answered), func.sum(answers.agreed))
        .where(answers.event_id.in_(ids)).group_by(answer_day, answers.question_id)).all()
    questions = {question_id: (key, prompt) for question_id, key, prompt in session.execute(
        select(Question.id, Question.key, Question.prompt).where(Question.id.in_(sorted({row[1] for row in rows}))))}
    newest: dict[str, int] = {}
    for question_id in sorted(questions):   # the newest wording names the statement
        key, prompt = questions[question_id]
        newest[key], counts.prompts[key] = question_id, prompt
    for day, question_id, answered, agreed in rows:
        cell = counts.agreement[(day, questions[question_id][0])]
        cell[0] += answered
        cell[1] += agreed
    return counts


def agreement_share(answered: int, agreed: int, rules: Rules) -> float | None:
    """The share who agree, or None where it would show too few people."""
    if not rules.group_is_reportable(answered) or rules.is_small(agreed) or rules.is_small(answered - agreed):
        return None
    return 100 * agreed / answered


@dataclass(frozen=True)
class Statement:
    key: str
    prompt: str
    answered: int
    share: float | None


def statements(counts: GroupCounts, rules: Rules) -> list[Statement]:
    """Each agreement statement over the whole history, in the order of most answered."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for (_, key), (answered, agreed) in counts.agreement.items():
        totals[key][0] += answered
        totals[key][1] += agreed
    shown = rules.group_is_reportable(counts.total)
    return sorted((Statement(key, counts.prompts[key], answered, agreement_share(answered, agreed, rules)
                             if shown else None) for key, (answered, agreed) in totals.items()),
                  key=lambda statement: (-statement.answered, statement.key))


def choose_granularity(counts: GroupCounts, rules: Rules, *, today: date) -> Granularity:
    if len({day.replace(day=1) for day in counts.responses if day < today.replace(day=1)}) >= ENOUGH_POINTS:
        return Granularity.MONTH
    weeks: dict[date, int] = defaultdict(int)
    for day, number in counts.responses.items():
        weeks[period_start(day, Granularity.WEEK)] += number
    this_week = period_start(today, Granularity.WEEK)
    enough = sum(rules.group_is_reportable(n) for start, n in weeks.items() if start < this_week)
    return Granularity.WEEK if enough >= ENOUGH_POINTS else Granularity.MONTH


def group_series(counts: GroupCounts, rules: Rules, *, today: date, granularity: Granularity,
                 keys: list[str], label: str = "") -> list[Series]:
    """Responses per period, then the share agreeing with each statement in `keys`."""
    current = period_start(today, granularity)
    days = [day for day in counts.responses if day < current]
    if not days:
        return []
    starts = period_starts(min(days), current - timedelta(days=1), granularity)
    per_period: dict[date, int] = defaultdict(int)
    for day in days:
        per_period[period_start(day, granularity)] += counts.responses[day]
    agreement: dict[tuple[date, str], list[int]] = defaultdict(lambda: [0, 0])
    for (day, key), (answered, agreed) in counts.agreement.items():
        if day < current:
            cell = agreement[(period_start(day, granularity), key)]
            cell[0] += answered
            cell[1] += agreed
    enough = {start: rules.group_is_reportable(per_period[start]) for start in starts}
    series = [Series(f"Responses{label}", Unit.COUNT, granularity,
                     [PeriodValue(s, per_period[s] if enough[s] else None, per_period[s] if enough[s] else None)
                      for s in starts])]
    for key in keys:
        values = []
        for start in starts:
            answered, agreed = agreement.get((start, key), (0, 0))
            share = agreement_share(answered, agreed, rules) if enough[start] else None
            values.append(PeriodValue(start, share, answered if share is not None else None))
        series.append(Series(f"{counts.prompts[key]}{label}", Unit.PERCENT, granularity, values,
                             base_label="answers"))
    return series
