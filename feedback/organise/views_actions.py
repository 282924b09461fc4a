"""'You said, we did' actions: list, record, edit, close and reopen, with each action's
history. The work is in feedback.actions; these views are thin."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from wtforms.fields.choices import SelectChoice

from ..actions.quotes import candidate_quotes, quote_text
from ..actions.records import (
    STATUS_WORDS,
    ActionDetails,
    all_actions,
    close_action,
    create_action,
    history,
    reopen_action,
    set_quote,
    staff_names,
    surveys_to_link,
    update_action,
)
from ..clock import trust_today
from ..extensions import db
from ..form_input import whole_number
from ..models import Action, ActionStatus, UserRole
from ..projects.register import all_projects
from ..reports.corrections import available_themes
from ..reports.suppression import Rules
from ..tagging.app_tagger import taxonomy_key
from .access import checks_its_own_token, current_user, requires
from .blueprint import bp
from .events import all_events
from .forms import ConfirmForm, error_list
from .forms_actions import ActionForm, CloseActionForm, QuoteForm


def _rules() -> Rules:
    return Rules.from_config(current_app.config)


@bp.app_template_global()
def action_status_words(status: ActionStatus) -> str:
    return STATUS_WORDS[status]


@bp.get("/actions/")
@requires(UserRole.VIEWER)
def actions() -> ResponseReturnValue:
    return render_template("organise/actions/list.html", actions=all_actions(db.session))


@bp.get("/actions/<int:action_id>")
@requires(UserRole.VIEWER)
def action_detail(action_id: int) -> ResponseReturnValue:
    action = db.get_or_404(Action, action_id)
    return render_template("organise/actions/detail.html", action=action, history=history(db.session, action),
                           quote=quote_text(db.session, action.quote_answer_id, _rules()))


def _prefill() -> dict[str, list[str]]:
    """Links asked for in the address (from a theme on the results page, say)."""
    chosen: dict[str, list[str]] = {}
    for name, field in (("theme", "themes"), ("survey", "surveys"), ("event", "events"), ("project", "project")):
        values = request.args.getlist(name)
        if any(whole_number(value) is None for value in values):
            abort(400, f"The link to this page is not right: {name} must be a number.")
        if values:
            chosen[field] = values[0] if field == "project" else values
    return chosen


def _form(action: Action | None) -> ActionForm:
    asked = _prefill() if action is None else {}
    if action is None:
        form = ActionForm(data={"status_on": trust_today()} | asked)
    else:
        form = ActionForm(data={
            "said": action.said, "done": action.done, "status": action.status.value,
            "status_on": action.status_on, "due_on": action.due_on, "responsible": action.responsible,
            "public_team": action.public_team, "themes": [str(theme.id) for theme in action.themes],
            "surveys": [str(survey.id) for survey in action.surveys],
            "events": [str(event.id) for event in action.events],
            "project": str(action.project_id) if action.project_id else ""})
    # Also offer a theme the address asked for (from a results page), even from an older taxonomy.
    keep = [theme.id for theme in action.themes] if action else [int(value) for value in asked.get("themes", [])]
    themes = available_themes(db.session, taxonomy_key(current_app.config["ANALYSIS_TAXONOMY"]), keep=keep)
    form.set_context(
        rules=_rules(), staff_names=staff_names(db.session), today=trust_today(),
        themes=[SelectChoice(str(theme.id), theme.name) for theme in themes],
        surveys=[SelectChoice(str(survey.id), survey.title)
                 for survey in surveys_to_link(db.session)],
        events=[SelectChoice(str(event.id), f"{event.name}" + (f", {event.held_on:%-d %B %Y}" if event.held_on else ""))
                for event in all_events(db.session)],
        projects=[SelectChoice(str(project.id), project.name) for project in all_projects(db.session)])
    return form


def _details(form: ActionForm) -> ActionDetails:
    return ActionDetails(
        said=form.said.data, done=form.done.data, status=ActionStatus(form.status.data),
        status_on=form.status_on.data, due_on=form.due_on.data, responsible=form.responsible.data,
        public_team=form.public_team.data or "", theme_ids=form.themes.ids(), survey_ids=form.surveys.ids(),
        event_ids=form.events.ids(), project_id=form.project_id())


def _render_form(form: ActionForm, action: Action | None) -> ResponseReturnValue:
    return render_template("organise/actions/form.html", form=form, errors=error_list(form), action=action,
                           title="Change an action" if action else "Record an action"), \
        400 if form.is_submitted() else 200


@bp.route("/actions/new", methods=["GET", "POST"])
@checks_its_own_token
@requires(UserRole.ORGANISER)
def action_new() -> ResponseReturnValue:
    form = _form(None)
    if form.validate_on_submit():
        action = create_action(db.session, _details(form), by=current_user())
        db.session.commit()
        flash("Action recorded. It is now on the public 'You said, we did' pages.", "success")
        return redirect(url_for(".action_detail", action_id=action.id), code=303)
    return _render_form(form, None)


@bp.route("/actions/<int:action_id>/edit", methods=["GET", "POST"])
@checks_its_own_token
@requires(UserRole.ORGANISER)
def action_edit(action_id: int) -> ResponseReturnValue:
    action = db.get_or_404(Action, action_id)
    if action.is_closed:
        flash("This action is closed. Reopen it to change it.", "info")
        return redirect(url_for(".action_detail", action_id=action.id), code=303)
    form = _form(action)
    if form.validate_on_submit():
        changes = update_action(db.session, action, _details(form), by=current_user())
        db.session.commit()
        flash("Action saved." if changes else "Nothing was changed.", "success")
        return redirect(url_for(".action_detail", action_id=action.id), code=303)
    return _render_form(form, action)


@bp.route("/actions/<int:action_id>/close", methods=["GET", "POST"])
@checks_its_own_token
@requires(UserRole.ORGANISER)
def action_close(action_id: int) -> ResponseReturnValue:
    action = db.get_or_404(Action, action_id)
    if action.is_closed:
        return redirect(url_for(".action_detail", action_id=action.id), code=303)
    form = CloseActionForm()
    form.set_context(needs_reason=action.status is not ActionStatus.DONE, rules=_rules(),
                     staff_names=staff_names(db.session))
    if form.validate_on_submit():
        close_action(db.session, action, note=form.note.data or "", by=current_user())
        db.session.commit()
        flash("Action closed. It stays on the public pages.", "success")
        return redirect(url_for(".action_detail", action_id=action.id), code=303)
    return render_template("organise/actions/close.html", action=action, form=form, errors=error_list(form)), \
        400 if form.is_submitted() else 200


@bp.post("/actions/<int:action_id>/reopen")
@requires(UserRole.ORGANISER)
def action_reopen(action_id: int) -> ResponseReturnValue:
    action = db.get_or_404(Action, action_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    reopen_action(db.session, action, by=current_user())
    db.session.commit()
    flash("Action reopened: you can change it again.", "success")
    return redirect(url_for(".action_detail", action_id=action.id), code=303)


@bp.route("/actions/<int:action_id>/quote", methods=["GET", "POST"])
@checks_its_own_token
@requires(UserRole.ORGANISER)
def action_quote(action_id: int) -> ResponseReturnValue:
    """Choose one answer to quote, among those the quote rules allow for this action."""
    action = db.get_or_404(Action, action_id)
    quotes = candidate_quotes(db.session, action, _rules())
    form = QuoteForm(data={"quote": str(action.quote_answer_id) if action.quote_answer_id in quotes else "none"})
    form.set_quotes(quotes)
    if form.validate_on_submit():
        set_quote(db.session, action, form.answer_id(), by=current_user())
        db.session.commit()
        flash("Quote chosen." if form.answer_id() else "The action has no quote.", "success")
        return redirect(url_for(".action_detail", action_id=action.id), code=303)
    return render_template("organise/actions/quote.html", action=action, form=form, errors=error_list(form),
                           has_quotes=bool(quotes)), 400 if form.is_submitted() else 200
