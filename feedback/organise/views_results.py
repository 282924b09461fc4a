"""Results pages: counts, charts, themes and quotes (viewers), tag corrections and
safeguarding flags (organisers). The work is in feedback.reports; these views are thin."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from wtforms.fields.choices import SelectChoice

from ..actions.records import actions_for_themes
from ..extensions import db
from ..form_input import whole_number
from ..models import Direction, Event, Sentiment, Survey, Theme, UserRole
from ..models.types import utcnow
from ..reports import catalogue
from ..reports.corrections import CorrectionError, answer_for_correction, available_themes, correct_answer
from ..reports.differencing import refused_view
from ..reports.flags import closed_flags, flag_history, flag_in_survey, mark_flag_handled, shown_flag_count
from ..reports.page import FORMAT_LABELS, ROLE_LABELS, SENTIMENTS, build_results
from ..reports.quotes import open_flags, shown_quote_page
from ..reports.suppression import Rules
from ..tagging.app_tagger import taxonomy_key
from .access import (
    ROLE_RANK,
    checks_its_own_token,
    current_user,
    requires,
    safe_next,
    sees_flags,
    survey_and_filters,
)
from .blueprint import bp
from .forms import error_list
from .forms_results import CorrectionForm, HandleFlagForm

QUOTES_PER_PAGE = 50
FLAGS_ON_RESULTS = 3  # the oldest unhandled flags lead the results page; the rest are a link away


@bp.app_template_global()
def can_organise() -> bool:
    user = current_user()
    return user is not None and ROLE_RANK[user.role] >= ROLE_RANK[UserRole.ORGANISER]


@bp.get("/results/")
@requires(UserRole.VIEWER)
def results_index() -> ResponseReturnValue:
    return render_template("organise/results/index.html", surveys=catalogue.surveys_with_counts(db.session),
                           events=catalogue.events_with_counts(db.session), rules=_rules())


@bp.get("/results/surveys/<int:survey_id>")
@requires(UserRole.VIEWER)
def survey_results(survey_id: int) -> ResponseReturnValue:
    survey, events, form = survey_and_filters(survey_id)
    rules = _rules()
    results = build_results(db.session, form.filters, rules) if form.filters else None
    flag_count = shown_flag_count(len(results.flags), rules, sees_flags=sees_flags(current_user())) if results else None
    status = 400 if form.errors else 200
    theme_ids = {row.theme_id for section in results.theme_sections for row in section.rows} if results else set()
    theme_actions = actions_for_themes(db.session, theme_ids, survey_id=survey.id,
                                       event_id=form.filters.event_id if form.filters else None)
    return render_template("organise/results/survey.html", survey=survey, form=form, events=events,
                           results=results, roles=ROLE_LABELS, formats=FORMAT_LABELS, sentiments=SENTIMENTS,
                           flags_shown=FLAGS_ON_RESULTS, flag_count=flag_count, theme_actions=theme_actions), status


@bp.get("/results/surveys/<int:survey_id>/flags")
@requires(UserRole.ORGANISER)
def survey_flags(survey_id: int) -> ResponseReturnValue:
    return _flags_page(db.get_or_404(Survey, survey_id))


def _flags_page(survey: Survey, **shown_again: object) -> str:
    """Every unhandled flag of the survey; `shown_again` re-shows one card's note with its error."""
    flags, closed = open_flags(db.session, survey.id), closed_flags(db.session, survey.id)
    history = flag_history(db.session, [flag.id for flag in flags] + [flag.id for flag in closed])
    return render_template("organise/results/flags.html", survey=survey, flags=flags, handled=closed,
                           history=history, **shown_again)


@bp.get("/results/events/<int:event_id>")
@requires(UserRole.VIEWER)
def event_results(event_id: int) -> ResponseReturnValue:
    event = db.get_or_404(Event, event_id)
    surveys = catalogue.surveys_for_event(db.session, event_id)
    if len(surveys) == 1:
        return redirect(url_for(".survey_results", survey_id=surveys[0].id, event=event_id))
    return render_template("organise/results/event.html", event=event, surveys=surveys)


@bp.get("/results/surveys/<int:survey_id>/quotes")
@requires(UserRole.VIEWER)
def survey_quotes(survey_id: int) -> ResponseReturnValue:
    survey, _events, form = survey_and_filters(survey_id)
    if form.errors:
        return redirect(url_for(".survey_results", survey_id=survey_id, **form.query_args()))
    raw_theme, direction = request.args.get("theme"), request.args.get("direction", "")
    page = whole_number(request.args.get("page", "1"))
    if direction and direction not in Direction._value2member_map_ or not page:
        abort(400)
    theme_id = whole_number(raw_theme) if raw_theme is not None else None
    theme = db.session.get(Theme, theme_id) if theme_id is not None else None
    if raw_theme is not None and theme is None:
        abort(404)
    rules = _rules()
    refused = refused_view(db.session, form.filters, rules)
    quotes, total = shown_quote_page(db.session, form.filters, rules, refused=bool(refused), theme_id=theme_id,
                                     direction=Direction(direction) if direction else None,
                                     page=page, per_page=QUOTES_PER_PAGE)
    return render_template("organise/results/quotes.html", survey=survey, form=form, rules=rules, quotes=quotes,
                           total=total, theme_name=theme.name if theme else None, theme_id=theme_id,
                           direction=direction, differencing=refused)


@bp.route("/results/answers/<int:answer_id>/correct", methods=["GET", "POST"])
@checks_its_own_token
@requires(UserRole.ORGANISER)
def correct_tags(answer_id: int) -> ResponseReturnValue:
    answer = answer_for_correction(db.session, answer_id)
    if answer is None:
        abort(404)
    back = _safe_next(request.values.get("next"), answer.survey_id)
    form = CorrectionForm()
    themes = available_themes(db.session, taxonomy_key(current_app.config["ANALYSIS_TAXONOMY"]),
                              keep=[tag.theme_id for tag in answer.tags])
    form.themes.choices = [SelectChoice(theme.id, theme.name) for theme in themes]
    if not form.is_submitted():
        form.sentiment.data = answer.sentiment.value if answer.sentiment else None
        form.themes.data = [tag.theme_id for tag in answer.tags]
    elif form.validate():
        try:
            result = correct_answer(db.session, answer_id=answer_id, theme_ids=form.themes.data or [],
                                    sentiment=Sentiment(form.sentiment.data), user=current_user())
        except CorrectionError as error:
            db.session.rollback()
            form.themes.errors = [str(error)]
        else:
            db.session.commit()
            if result.changed:
                flash("Tags saved", "success-in-place")
            else:
                flash("Nothing changed: the tags were already like that")
            # Back at the answer that was corrected, not the top of a long list.
            return redirect(f"{back}#answer-{answer_id}", code=303)
    errors = error_list(form)
    return render_template("organise/results/correct.html", answer=answer, form=form, errors=errors,
                           back=back), 400 if errors else 200


@bp.post("/results/surveys/<int:survey_id>/flags/<int:flag_id>/handled")
@checks_its_own_token
@requires(UserRole.ORGANISER)
def handle_flag(survey_id: int, flag_id: int) -> ResponseReturnValue:
    survey = db.get_or_404(Survey, survey_id)
    flag = flag_in_survey(db.session, flag_id=flag_id, survey_id=survey_id)
    if flag is None:
        abort(404)
    form = HandleFlagForm()
    if not form.validate():
        # Shown again on the flags page with the note as typed, so nothing is lost.
        # The note's problem, or a stale token's (feedback/organise/forms.py).
        errors = [(f"note-{flag_id}", message) for _anchor, message in error_list(form)[:1]]
        if not errors:
            abort(400)
        return _flags_page(survey, errors=errors, failed_flag_id=flag_id, note=form.note.data), 400
    if mark_flag_handled(db.session, flag=flag, user=current_user(), now=utcnow(), note=form.note.data or ""):
        db.session.commit()
        flash("Safeguarding flag marked as handled", "success")
    back = ".survey_flags" if request.args.get("back") == "flags" else ".survey_results"
    return redirect(url_for(back, survey_id=survey_id), code=303)


def _rules() -> Rules:
    return Rules.from_config(current_app.config)


def _safe_next(target: str | None, survey_id: int) -> str:
    """Only go back to our own results pages (never to another site, never a header break)."""
    target = safe_next(target)
    if target and target.startswith("/organise/results/") and "//" not in target:
        return target
    return url_for(".survey_quotes", survey_id=survey_id)
