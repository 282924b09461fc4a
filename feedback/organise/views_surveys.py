"""Surveys: list, copy, edit wording and questions, preview, publish and close."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import PromptPolarity, QuestionType, Survey, SurveyStatus, UserRole
from ..responses.submission import new_submission_key
from ..web.addresses import current_public_address
from ..web.survey_forms import survey_form_class
from .access import checks_its_own_token, current_user, requires, survey_or_404
from .blueprint import bp
from .forms import ConfirmForm, error_list
from .forms_surveys import QuestionForm, SurveySettingsForm
from .survey_editing import (
    EditError,
    all_surveys,
    duplicate_survey,
    find_question,
    move_question,
    question_spec,
    refresh_slug,
    remove_question,
    response_count,
    response_counts,
    save_spec,
    set_status,
    version_to_spec,
)

ADDRESS_TRIES = 5  # copies made at the same moment each need their own web address


def _editable_or_400(survey: Survey) -> None:
    """Built-in surveys stay as shipped; send people to the copy button instead."""
    if survey.built_in:
        flash("Built-in surveys cannot be changed. Make a copy and change that.")
        abort(redirect(url_for(".survey_detail", survey_id=survey.id), code=303))


@bp.get("/surveys")
@requires(UserRole.ORGANISER)
def surveys() -> ResponseReturnValue:
    found = all_surveys(db.session)
    responses = response_counts(db.session)
    counts = {survey.id: responses.get(survey.id, 0) for survey in found}
    return render_template("organise/surveys/list.html", surveys=found, counts=counts)


@bp.get("/surveys/<int:survey_id>")
@requires(UserRole.ORGANISER)
def survey_detail(survey_id: int) -> ResponseReturnValue:
    survey = survey_or_404(survey_id)
    return render_template("organise/surveys/detail.html", survey=survey, version=survey.current_version,
                           responses=response_count(db.session, survey),
                           link=current_public_address().link(url_for("surveys.take_survey", slug=survey.slug)))


@bp.post("/surveys/<int:survey_id>/duplicate")
@requires(UserRole.ORGANISER)
def survey_duplicate(survey_id: int) -> ResponseReturnValue:
    survey = survey_or_404(survey_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    for _ in range(ADDRESS_TRIES):
        try:
            copy_ = duplicate_survey(db.session, survey, by=current_user())
            db.session.commit()
            break
        except IntegrityError:
            # Someone else's copy took the same web address a moment ago: pick the next one.
            db.session.rollback()
    else:
        abort(409)
    flash("Copy made. It is a draft: change it, preview it, then publish it.", "success")
    return redirect(url_for(".survey_detail", survey_id=copy_.id), code=303)


@bp.route("/surveys/<int:survey_id>/settings", methods=["GET", "POST"])
@checks_its_own_token
@requires(UserRole.ORGANISER)
def survey_settings(survey_id: int) -> ResponseReturnValue:
    survey = survey_or_404(survey_id)
    _editable_or_400(survey)
    version = survey.current_version
    form = SurveySettingsForm(data={"title": version.title, "intro": version.intro,
                                    "what_happens_next": version.what_happens_next, "opens_on": survey.opens_on,
                                    "closes_on": survey.closes_on, "status": survey.status.value,
                                    "layout": "one_per_page" if survey.one_question_per_page else "one_page",
                                    "listing": "listed" if survey.listed else "unlisted"})
    problem = None
    if form.validate_on_submit():
        spec = version_to_spec(survey)
        spec.update(title=form.title.data.strip(), intro=(form.intro.data or "").replace("\r\n", "\n"),
                    what_happens_next=(form.what_happens_next.data or "").replace("\r\n", "\n"))
        try:
            save_spec(db.session, survey, spec, by=current_user(), action="settings")
            survey.opens_on, survey.closes_on = form.opens_on.data, form.closes_on.data
            survey.one_question_per_page = form.layout.data == "one_per_page"
            survey.listed = form.listing.data != "unlisted"
            refresh_slug(db.session, survey)
            set_status(db.session, survey, SurveyStatus(form.status.data), by=current_user())
        except EditError as error:
            db.session.rollback()
            problem = str(error)
        else:
            db.session.commit()
            flash("Survey details saved.", "success")
            return redirect(url_for(".survey_detail", survey_id=survey.id), code=303)
    errors = error_list(form) + ([("status", problem)] if problem else [])
    return render_template("organise/surveys/settings.html", survey=survey, form=form, errors=errors,
                           ), 400 if form.is_submitted() else 200


def _question_form_data(question: dict | None) -> dict:
    if question is None:
        return {"polarity": PromptPolarity.NEUTRAL.value}
    return {"type": question["type"], "prompt": question["prompt"], "hint": question.get("hint", ""),
            "required": question.get("required", False), "error_message": question.get("error_message", ""),
            "polarity": question.get("polarity", PromptPolarity.NEUTRAL.value),
            "max_chars": question.get("max_chars"),
            "choices": "\n".join(label for _value, label in question.get("choices", []))}


def _edit_question(survey: Survey, key: str | None) -> ResponseReturnValue:
    _editable_or_400(survey)
    spec = version_to_spec(survey)
    existing = find_question(spec, key) if key else None
    if key and existing is None:
        abort(404)
    form = QuestionForm(data=_question_form_data(existing))
    problem = None
    if form.validate_on_submit():
        try:
            new = question_spec(
                question_type=QuestionType(form.type.data), prompt=form.prompt.data, hint=form.hint.data or "",
                required=form.required.data, error_message=form.error_message.data or "",
                polarity=PromptPolarity(form.polarity.data), max_chars=form.max_chars.data,
                choices_text=form.choices.data or "", existing=existing,
                taken_keys={question["key"] for question in spec["questions"]})
            if existing is None:
                spec["questions"].append(new)
            else:
                spec["questions"][spec["questions"].index(existing)] = new
            save_spec(db.session, survey, spec, by=current_user(), action="question")
        except EditError as error:
            db.session.rollback()
            problem = str(error)
        else:
            db.session.commit()
            flash("Question saved.", "success")
            return redirect(url_for(".survey_detail", survey_id=survey.id) + f"#question-{new['key']}", code=303)
    service_limit = current_app.config["FREE_TEXT_MAX_CHARS"]
    if form.max_chars.errors and form.max_chars.process_errors:  # not a whole number, so not the range either
        form.max_chars.errors = [f"Enter a number, like {service_limit}"]
    errors = error_list(form) + ([("prompt", problem)] if problem else [])
    title = "Change a question" if existing else "Add a question"
    return render_template("organise/surveys/question.html", survey=survey, form=form, errors=errors,
                           title=title, service_limit=service_limit), 400 if form.is_submitted() else 200


@bp.route("/surveys/<int:survey_id>/questions/new", methods=["GET", "POST"])
@checks_its_own_token
@requires(UserRole.ORGANISER)
def question_new(survey_id: int) -> ResponseReturnValue:
    return _edit_question(survey_or_404(survey_id), None)


@bp.route("/surveys/<int:survey_id>/questions/<question_key>", methods=["GET", "POST"])
@checks_its_own_token
@requires(UserRole.ORGANISER)
def question_edit(survey_id: int, question_key: str) -> ResponseReturnValue:
    return _edit_question(survey_or_404(survey_id), question_key)


@bp.post("/surveys/<int:survey_id>/questions/<question_key>/move")
@requires(UserRole.ORGANISER)
def question_move(survey_id: int, question_key: str) -> ResponseReturnValue:
    return _change_questions(survey_id, question_key, request.form.get("direction"))


@bp.post("/surveys/<int:survey_id>/questions/<question_key>/delete")
@requires(UserRole.ORGANISER)
def question_delete(survey_id: int, question_key: str) -> ResponseReturnValue:
    return _change_questions(survey_id, question_key, "delete")


def _change_questions(survey_id: int, key: str, change: str | None) -> ResponseReturnValue:
    survey = survey_or_404(survey_id)
    _editable_or_400(survey)
    if not ConfirmForm().validate_on_submit() or change not in ("up", "down", "delete"):
        abort(400)
    spec = version_to_spec(survey)
    if find_question(spec, key) is None:
        abort(404)
    if change == "delete":
        removed = remove_question(spec, key)
        message = f"Question removed: {removed['prompt']}"
    else:
        move_question(spec, key, -1 if change == "up" else 1)
        message = "Question moved."
    try:
        save_spec(db.session, survey, spec, by=current_user(), action="delete_question" if change == "delete" else "move")
    except EditError as error:
        db.session.rollback()
        flash(str(error))
        return redirect(url_for(".survey_detail", survey_id=survey.id), code=303)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for(".survey_detail", survey_id=survey.id) + f"#question-{key}", code=303)


@bp.get("/surveys/<int:survey_id>/preview")
@requires(UserRole.ORGANISER)
def survey_preview(survey_id: int) -> ResponseReturnValue:
    survey = survey_or_404(survey_id)
    form = survey_form_class(survey.current_version)(formdata=None, meta={"csrf": False})
    form.submission_key.data = new_submission_key()
    return render_template("organise/surveys/preview.html", survey=survey, version=survey.current_version, form=form)


def _status(survey_id: int, status: SurveyStatus, message: str) -> ResponseReturnValue:
    survey = survey_or_404(survey_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        set_status(db.session, survey, status, by=current_user())
    except EditError as error:
        flash(str(error))
    else:
        db.session.commit()
        flash(message, "success")
    return redirect(url_for(".survey_detail", survey_id=survey.id), code=303)


@bp.post("/surveys/<int:survey_id>/publish")
@requires(UserRole.ORGANISER)
def survey_publish(survey_id: int) -> ResponseReturnValue:
    return _status(survey_id, SurveyStatus.OPEN, "Survey published: it is open for answers.")


@bp.post("/surveys/<int:survey_id>/close")
@requires(UserRole.ORGANISER)
def survey_close(survey_id: int) -> ResponseReturnValue:
    return _status(survey_id, SurveyStatus.CLOSED, "Survey closed: it no longer takes answers.")
