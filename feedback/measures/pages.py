"""What the measures pages show, and the organiser's own measures (add, change, remove).

No Flask: views pass the session, the small-number rules and today's date, and commit.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..audit import record
from ..models import QuestionType, Survey, User
from ..models.measures import MeasureChange, OrganiserMeasure
from ..reports.suppression import Rules
from .builtin import SurveyMeasures, counted_questions, survey_measures
from .presenting import ChartView, present
from .series import Granularity, Series, chart_for
from .spc import Improvement


@dataclass
class Section:
    heading: str
    intro: str
    charts: list[ChartView]
    measures: list[OrganiserMeasure | None] = field(default_factory=list)   # beside charts, for edit links
    uncharted: list[tuple[OrganiserMeasure, str]] = field(default_factory=list)  # with why


@dataclass
class MeasuresPage:
    survey: Survey
    granularity: Granularity
    sections: list[Section]
    more_themes: int
    current_left_out: bool
    empty: bool


def measures_page(session: Session, survey: Survey, rules: Rules, *, today: date,
                  granularity: Granularity | None = None, all_themes: bool = False) -> MeasuresPage:
    found = survey_measures(session, survey.id, rules, today=today, granularity=granularity, all_themes=all_themes)
    counter = iter(range(1, 10_000))

    def charts(series: list[Series]) -> list[ChartView]:
        return [present(chart_for(s), chart_id=f"chart-{next(counter)}", group_minimum=rules.group_minimum)
                for s in series]

    sections = [
        Section("Agreement", "The share who agree or strongly agree with each statement.", charts(found.agreement)),
        Section("Responses", "How many responses each period, in all, by channel and by role.",
                charts(found.responses)),
        Section("Barriers", "How often each barrier is raised, per 100 written answers. Lower is better.",
                charts(found.barriers)),
        Section("Enablers", "How often each enabler is raised, per 100 written answers. Higher is better.",
                charts(found.enablers)),
    ]
    own = Section("Your measures", "Measures organisers added from a question of this survey.",
                  charts([series for _, series in found.organisers]), [measure for measure, _ in found.organisers],
                  found.uncharted)
    sections.insert(0, own)
    return MeasuresPage(survey, found.granularity, [s for s in sections if s.charts or s is own],
                        found.more_themes, found.current_left_out, found.empty)


def report_charts(session: Session, survey: Survey, rules: Rules, *, today: date) -> tuple[SurveyMeasures, list[ChartView]]:
    """The few charts of the one-page report: the organisers' measures, then agreement,
    then responses in all, at most six."""
    found = survey_measures(session, survey.id, rules, today=today)
    chosen = [series for _, series in found.organisers] + found.agreement + found.responses[:1]
    return found, [present(chart_for(s), chart_id=f"report-{index}", group_minimum=rules.group_minimum)
                   for index, s in enumerate(chosen[:6], start=1)]


def measurable_questions(session: Session, survey_id: int) -> dict[str, tuple[QuestionType, str]]:
    """Agreement, yes/no and 0-10 questions of the survey, by key, with the newest wording."""
    return counted_questions(session, survey_id)


def save_measure(session: Session, survey: Survey, measure: OrganiserMeasure | None, *, by: User | None,
                 question_key: str, title: str, improvement: Improvement, target: float | None,
                 change_dates: list[date]) -> OrganiserMeasure:
    """Add a measure (`measure` None) or change one; the audit log says what was done."""
    creating = measure is None
    if measure is None:
        measure = OrganiserMeasure(survey_id=survey.id)
        session.add(measure)
    measure.question_key, measure.title = question_key, title.strip()
    measure.improvement, measure.target = improvement, target
    kept = {change.changed_on: change for change in measure.change_dates}
    measure.change_dates = [kept.get(day) or MeasureChange(changed_on=day) for day in change_dates]
    session.flush()
    target_words = "no target" if target is None else f"target {target:g}"
    changes = ", ".join(day.isoformat() for day in change_dates) or "none"
    record(session, user=by, action="measure.create" if creating else "measure.update",
           target=f"measure {measure.id} ({measure.title}) of survey {survey.slug}",
           detail=f"question {question_key}; {improvement.value} is better; {target_words}; change dates: {changes}")
    return measure


def delete_measure(session: Session, measure: OrganiserMeasure, *, by: User | None) -> None:
    record(session, user=by, action="measure.delete",
           target=f"measure {measure.id} ({measure.title}) of survey {measure.survey.slug}")
    session.delete(measure)


def surveys_for_measures(session: Session) -> list[Survey]:
    return list(session.scalars(select(Survey).order_by(Survey.id)))
