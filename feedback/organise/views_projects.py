"""QI projects: the register, each project's page, and its stage and involvement changes.
The work is in feedback.projects; these views are thin."""
from __future__ import annotations

from datetime import date

from flask import current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from ..clock import trust_today
from ..extensions import db
from ..models import Involvement, ProjectStage, QIProject, UserRole
from ..projects.register import (
    INVOLVEMENT_WORDS,
    STAGE_WORDS,
    ProjectDetails,
    ProjectError,
    all_projects,
    create_project,
    project_events,
    record_involvement,
    record_stage,
    update_project,
)
from ..projects.report import project_report
from ..reports.suppression import Rules
from .access import checks_its_own_token, current_user, event_tallies_ready, requires
from .blueprint import bp
from .events import response_counts
from .forms import error_list
from .forms_projects import InvolvementForm, ProjectForm, StageForm

WORDS = {"stage_words": STAGE_WORDS, "involvement_words": INVOLVEMENT_WORDS}


@bp.get("/projects/")
@requires(UserRole.VIEWER)
def projects() -> ResponseReturnValue:
    return render_template("organise/projects/list.html", projects=all_projects(db.session), **WORDS)


@bp.get("/projects/<int:project_id>")
@requires(UserRole.VIEWER)
def project_detail(project_id: int) -> ResponseReturnValue:
    project = db.get_or_404(QIProject, project_id)
    events = project_events(db.session, project)
    return render_template("organise/projects/detail.html", project=project, events=events,
                           counts=response_counts(db.session, [event.id for event in events]), **WORDS)


@bp.route("/projects/new", methods=["GET", "POST"])
@checks_its_own_token
@requires(UserRole.ORGANISER)
def project_new() -> ResponseReturnValue:
    return _details_form(None, ProjectForm())


@bp.route("/projects/<int:project_id>/edit", methods=["GET", "POST"])
@checks_its_own_token
@requires(UserRole.ORGANISER)
def project_edit(project_id: int) -> ResponseReturnValue:
    project = db.get_or_404(QIProject, project_id)
    return _details_form(project, ProjectForm(data={"name": project.name, "service": project.service,
                                                    "aim": project.aim, "started_on": project.started_on}))


def _details_form(project: QIProject | None, form: ProjectForm) -> ResponseReturnValue:
    if form.validate_on_submit():
        details = ProjectDetails(name=form.name.data, service=form.service.data or "", aim=form.aim.data or "",
                                 started_on=form.started_on.data)
        try:
            if project is None:
                project = create_project(db.session, details, by=current_user())
            else:
                update_project(db.session, project, details, by=current_user())
        except ProjectError as problem:
            db.session.rollback()
            form.name.errors = [str(problem)]
        else:
            db.session.commit()
            flash("Project saved.", "success")
            return redirect(url_for(".project_detail", project_id=project.id), code=303)
    return render_template("organise/projects/form.html", form=form, errors=error_list(form), project=project,
                           title=f"Edit {project.name}" if project else "Add a QI project"), \
        400 if form.is_submitted() else 200


def _date_problem(project: QIProject, day: date | None) -> str | None:
    if day is None:
        return None
    if day > trust_today():
        return "Enter a date that is today or in the past"
    if project.started_on and day < project.started_on:
        return f"Enter a date on or after the day the project started ({project.started_on:%-d %B %Y})"
    return None


@bp.route("/projects/<int:project_id>/stage", methods=["GET", "POST"])
@checks_its_own_token
@requires(UserRole.ORGANISER)
def project_stage(project_id: int) -> ResponseReturnValue:
    project = db.get_or_404(QIProject, project_id)
    form = StageForm(data={"changed_on": trust_today(), "stage": project.stage.value if project.stage else None})
    if form.validate_on_submit():
        problem = _date_problem(project, form.changed_on.data)
        if problem:
            form.changed_on.errors = [problem]
        else:
            record_stage(db.session, project, ProjectStage(form.stage.data), form.changed_on.data,
                         note=form.note.data or "", by=current_user())
            db.session.commit()
            flash(f"Stage recorded: {STAGE_WORDS[ProjectStage(form.stage.data)]}.", "success")
            return redirect(url_for(".project_detail", project_id=project.id), code=303)
    return render_template("organise/projects/change.html", form=form, errors=error_list(form), project=project,
                           title=f"Record a change of stage: {project.name}", choice=form.stage), \
        400 if form.is_submitted() else 200


@bp.route("/projects/<int:project_id>/involvement", methods=["GET", "POST"])
@checks_its_own_token
@requires(UserRole.ORGANISER)
def project_involvement(project_id: int) -> ResponseReturnValue:
    project = db.get_or_404(QIProject, project_id)
    form = InvolvementForm(data={"changed_on": trust_today(), "involvement": project.involvement.value})
    if form.validate_on_submit():
        problem = _date_problem(project, form.changed_on.data)
        if problem:
            form.changed_on.errors = [problem]
        else:
            involvement = Involvement(form.involvement.data)
            record_involvement(db.session, project, involvement, form.changed_on.data,
                               note=form.note.data or "", by=current_user())
            db.session.commit()
            flash(f"Recorded: {INVOLVEMENT_WORDS[involvement]}.", "success")
            return redirect(url_for(".project_detail", project_id=project.id), code=303)
    return render_template("organise/projects/change.html", form=form, errors=error_list(form), project=project,
                           title=f"Record who is on the team: {project.name}", choice=form.involvement), \
        400 if form.is_submitted() else 200


@bp.get("/projects/<int:project_id>/report")
@requires(UserRole.VIEWER)
def project_report_page(project_id: int) -> ResponseReturnValue:
    project = db.get_or_404(QIProject, project_id)
    event_tallies_ready()
    report = project_report(db.session, project, Rules.from_config(current_app.config), today=trust_today())
    return render_template("organise/projects/report.html", report=report, today=trust_today(), **WORDS)
