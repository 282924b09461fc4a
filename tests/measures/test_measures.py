"""Measures over a seeded history: values per month, small-number protection, and tallies
kept up to date as responses arrive and answers are corrected."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from feedback.measures import tallies
from feedback.measures.builtin import survey_measures
from feedback.measures.series import Granularity
from feedback.models import AnswerTheme
from feedback.models.measures import TallyStale

from .history import RULES, History, Month, add_responses, months_from, seed_history

TODAY = date(2026, 3, 10)
SPECS = [
    (20, 12, 0, 6),   # Jan 2025
    (20, 10, 0, 5),
    (6, 3, 0, 2),     # Mar: fewer than the minimum
    (20, 14, 0, 6),
    (20, 11, 6, 8),   # May: 6 on paper
    (20, 12, 3, 6),   # Jun: 3 on paper, a small count
    (20, 18, 0, 6),   # Jul: only 2 did not agree
    (20, 12, 0, 2),   # Aug: jargon raised twice
    *[(20, 12, 0, 6)] * 6,   # Sep 2025 to Feb 2026
    (15, 9, 0, 3),    # Mar 2026: still under way on TODAY
]


@pytest.fixture
def history(session: Session) -> History:
    found = seed_history(session, months_from(date(2025, 1, 1), SPECS))
    tallies.refresh(session, found.survey.id)
    session.commit()
    return found


def values(series) -> list[float | None]:
    return [None if p.value is None else round(p.value, 2) for p in series.periods]


def by_title(series_list, title):
    return next(series for series in series_list if series.title == title)


def test_every_measure_is_built_per_month_with_small_periods_hidden(session: Session, history: History) -> None:
    found = survey_measures(session, history.survey.id, RULES, today=TODAY)
    assert found.granularity is Granularity.MONTH and found.current_left_out
    total = by_title(found.responses, "Responses")
    assert [p.start for p in total.periods][:2] == [date(2025, 1, 1), date(2025, 2, 1)]
    assert len(total.periods) == 14   # March 2026 is still under way
    assert values(total) == [20, 20, None, *[20] * 11]
    agree = by_title(found.agreement, "I was treated as an equal.")
    assert values(agree)[:8] == [60, 50, None, 70, 55, 60, None, 60]   # July: 2 disagreed, a small count
    assert agree.periods[0].base == 20
    jargon = by_title(found.barriers, "Jargon (barrier)")
    assert values(jargon)[:8] == [30, 25, None, 30, 40, 30, 30, None]  # August: raised twice
    assert jargon.improvement.value == "decrease"


def test_channel_counts_are_protected_as_the_results_tables_are(session: Session, history: History) -> None:
    found = survey_measures(session, history.survey.id, RULES, today=TODAY)
    paper = by_title(found.responses, "Responses by channel: Paper")
    online = by_title(found.responses, "Responses by channel: Online")
    assert values(paper)[4:6] == [6, None]
    # June: 3 on paper is hidden, and so is online's 17, which would give it away.
    assert values(online)[4:6] == [14, None]
    carers = by_title(found.responses, "Responses by role: Carers")
    assert values(carers)[:3] == [10, 10, None]


def test_organiser_can_choose_weekly_periods(session: Session, history: History) -> None:
    found = survey_measures(session, history.survey.id, RULES, today=TODAY, granularity=Granularity.WEEK)
    total = by_title(found.responses, "Responses")
    assert found.granularity is Granularity.WEEK
    assert total.periods[0].start == date(2024, 12, 30)   # the Monday of the week of 3 January
    assert all(p.value is None or p.value >= RULES.group_minimum for p in total.periods)


def test_weekly_periods_are_chosen_when_there_are_enough_weeks_but_few_months(session: Session) -> None:
    weeks = [Month(date(2025, 9, 1) + timedelta(weeks=n), 12, 6, 0, 6) for n in range(13)]
    found = seed_history(session, [])
    version = found.survey.current_version
    questions = {q.key: q for q in version.questions}
    choice = {(q.key, c.value): c.id for q in version.questions for c in q.choices}
    for week in weeks:
        add_responses(session, found.survey, week, questions, choice, found.jargon, day=1, spread=7)
    session.commit()
    tallies.refresh(session, found.survey.id)
    measures = survey_measures(session, found.survey.id, RULES, today=date(2026, 1, 5))
    assert measures.granularity is Granularity.WEEK
    assert len(by_title(measures.responses, "Responses").periods) >= 13


def test_new_responses_and_corrections_are_counted_on_the_next_read(session: Session, history: History) -> None:
    survey = history.survey
    version = survey.current_version
    questions = {q.key: q for q in version.questions}
    choice = {(q.key, c.value): c.id for q in version.questions for c in q.choices}
    add_responses(session, survey, Month(date(2025, 1, 1), 2, 2, 0, 0), questions, choice, history.jargon)
    tag = session.scalars(select(AnswerTheme).limit(1)).one()   # a January jargon tag
    tag.removed = True
    session.commit()
    assert session.scalar(select(func.count()).select_from(TallyStale)) >= 1
    tallies.refresh(session, survey.id)
    session.commit()
    assert session.scalar(select(func.count()).select_from(TallyStale)) == 0
    found = survey_measures(session, survey.id, RULES, today=TODAY)
    assert values(by_title(found.responses, "Responses"))[0] == 22
    assert values(by_title(found.agreement, "I was treated as an equal."))[0] == round(100 * 14 / 22, 2)
    assert values(by_title(found.barriers, "Jargon (barrier)"))[0] == round(100 * 5 / 22, 2)


def test_a_recount_keeps_a_day_stale_if_it_changed_meanwhile(session: Session, history: History) -> None:
    survey_id = history.survey.id
    session.execute(TallyStale.__table__.insert().values(survey_id=survey_id, day=date(2025, 1, 3), generation=1))
    session.execute(TallyStale.__table__.insert().values(survey_id=survey_id, day=date(2025, 2, 3), generation=1))
    marks = tallies.stale_marks(session, survey_id)
    # Another response arrives for 3 January while the recount is under way.
    session.execute(TallyStale.__table__.update().where(TallyStale.day == date(2025, 1, 3)).values(generation=2))
    tallies.recount(session, survey_id, marks)
    assert session.execute(select(TallyStale.day, TallyStale.generation)).all() == [(date(2025, 1, 3), 2)]


def test_nothing_charted_for_a_survey_with_no_responses(session: Session) -> None:
    found = seed_history(session, [])
    tallies.refresh(session, found.survey.id)
    measures = survey_measures(session, found.survey.id, RULES, today=TODAY)
    assert measures.empty and measures.agreement == [] and measures.barriers == []
