"""Measures over time: a page of XmR charts per survey, its one-page report, and the
organisers' own measures. The work is in feedback.measures; these views are thin."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy.exc import IntegrityError, OperationalError

from ..clock import trust_today
from ..extensions import db
from ..measures import tallies
from ..measures.pages import (
    delete_measure,
    measurable_questions,
    measures_page,
    report_charts,
    save_measure,
    surveys_for_measures,
)
from ..measures.series import Granularity
from ..measures.spc import Improvement
from ..models import Survey, UserRole
from ..models.measures import OrganiserMeasure
from ..projects.headline import headline_charts
from ..reports.suppression import Rules
from .access import checks_its_own_token, current_user, requires
from .blueprint import bp
from .forms import ConfirmForm, error_list
from .forms_measures import MeasureForm


def _rules() -> Rules:
    return Rules.from_config(current_app.config)


def _fresh_tallies(survey_id: int) -> None:
    """Count what is new since the last look. If another worker is counting the same days,
    theirs wins and this page reads the tallies as they stand."""
    try:
        tallies.refresh(db.session, survey_id)
        db.session.commit()
    except (IntegrityError, OperationalError):
        db.session.rollback()


def _granularity() -> Granularity | None:
    period = request.args.get("period")
    if period not in (None, "", "month", "week"):
        abort(400, "Choose monthly or weekly periods.")
    return Granularity(period) if period else None


@bp.get("/measures/")
@requires(UserRole.VIEWER)
def measures_index() -> ResponseReturnValue:
    granularity, headline = headline_charts(db.session, _rules(), today=trust_today(), granularity=_granularity())
    return render_template("organise/measures/index.html", surveys=surveys_for_measures(db.session),
                           headline=headline, granularity=granularity, rules=_rules())


@bp.get("/measures/surveys/<int:survey_id>")
@requires(UserRole.VIEWER)
def survey_measures(survey_id: int) -> ResponseReturnValue:
    survey = db.get_or_404(Survey, survey_id)
    period = request.args.get("period")
    if period not in (None, "", "month", "week"):
        abort(400, "Choose monthly or weekly periods.")
    _fresh_tallies(survey.id)
    page = measures_page(db.session, survey, _rules(), today=trust_today(),
                         granularity=Granularity(period) if period else None,
                         all_themes=request.args.get("themes") == "all")
    return render_template("organise/measures/survey.html", page=page, rules=_rules())


@bp.get("/measures/surveys/<int:survey_id>/report")
@requires(UserRole.VIEWER)
def survey_measures_report(survey_id: int) -> ResponseReturnValue:
    survey = db.get_or_404(Survey, survey_id)
    _fresh_tallies(survey.id)
    found, charts = report_charts(db.session, survey, _rules(), today=trust_today())
    return render_template("organise/measures/report.html", survey=survey, found=found, charts=charts,
                           today=trust_today())


@bp.route("/measures/surveys/<int:survey_id>/new", methods=["GET", "POST"])
@checks_its_own_token
@requires(UserRole.ORGANISER)
def measure_new(survey_id: int) -> ResponseReturnValue:
    survey = db.get_or_404(Survey, survey_id)
    return _measure_form(survey, None)


@bp.route("/measures/<int:measure_id>/edit", methods=["GET", "POST"])
@checks_its_own_token
@requires(UserRole.ORGANISER)
def measure_edit(measure_id: int) -> ResponseReturnValue:
    measure = db.get_or_404(OrganiserMeasure, measure_id)
    return _measure_form(measure.survey, measure)


def _measure_form(survey: Survey, measure: OrganiserMeasure | None) -> ResponseReturnValue:
    questions = measurable_questions(db.session, survey.id)
    if measure is None:
        form = MeasureForm()
    else:
        form = MeasureForm(data={
            "question": measure.question_key, "title": measure.title, "improvement": measure.improvement.value,
            "target": "" if measure.target is None else f"{measure.target:g}",
            "changes": "\n".join(change.changed_on.strftime("%d/%m/%Y") for change in measure.change_dates)})
    form.set_questions(questions)
    if form.validate_on_submit():
        saved = save_measure(db.session, survey, measure, by=current_user(), question_key=form.question.data,
                             title=form.title.data, improvement=Improvement(form.improvement.data),
                             target=form.target_value(), change_dates=form.change_dates())
        db.session.commit()
        flash(f"Measure saved: {saved.title}.", "success")
        return redirect(url_for(".survey_measures", survey_id=survey.id) + f"#measure-{saved.id}", code=303)
    return render_template("organise/measures/form.html", form=form, errors=error_list(form), survey=survey,
                           measure=measure, has_questions=bool(questions),
                           title="Change a measure" if measure else "Add a measure"), \
        400 if form.is_submitted() else 200


@bp.route("/measures/<int:measure_id>/delete", methods=["GET", "POST"])
@requires(UserRole.ORGANISER)
def measure_delete(measure_id: int) -> ResponseReturnValue:
    measure = db.get_or_404(OrganiserMeasure, measure_id)
    survey_id = measure.survey_id
    form = ConfirmForm()
    if form.validate_on_submit():
        title = measure.title
        delete_measure(db.session, measure, by=current_user())
        db.session.commit()
        flash(f"Measure removed: {title}.", "success")
        return redirect(url_for(".survey_measures", survey_id=survey_id), code=303)
    return render_template("organise/measures/delete.html", measure=measure, form=form), \
        400 if form.is_submitted() else 200

