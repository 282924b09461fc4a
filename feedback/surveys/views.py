"""Public pages. Thin: look up, validate, call the submission service, commit, redirect."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from flask import abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext

from ..clock import trust_today
from ..extensions import csrf, db
from ..form_input import event_code_typed
from ..i18n import (
    QUERY_PARAMETER,
    current_language,
    shown_text_in_page_language,
    switch_language_asked,
)
from ..i18n.easy_read import (
    EASY_READ,
    FORMAT_FIELD,
    FORMAT_QUERY,
    STANDARD,
    SWITCH_FORMAT_FIELD,
    has_easy_read,
    picture_of,
)
from ..models import Event, ResponseFormat, Survey, SurveyStatus
from ..responses.forms import RESERVED_NAMES, SurveyForm, question_errors
from ..responses.pages import (
    PAGE_FIELD,
    PAGE_QUERY,
    START,
    Move,
    Page,
    arriving_at,
    move,
    one_question_per_page,
    page_in_address,
    same_page,
)
from ..responses.review import review
from ..responses.submission import new_submission_key
from ..tagging.tagger import response_has_flag
from ..web.closed_pages import closed_page
from ..web.redisplay import (
    draft_fields,
    draft_to_show,
    forget_draft,
    form_from_draft,
    gone_draft_notice,
    redirect_to_reshow,
    unsent_of,
)
from ..web.submission_guard import OPENED_FIELD, check_submission, first_opened
from ..web.survey_forms import (
    bound_form,
    had_session_cookie,
    sent_form_data,
    shown_form_class,
    shown_wording,
    store_submission,
    stored_wording,
)
from . import queries
from .blueprint import bp
from .recent import expect_thanks, forget_sent, full_thanks, mark_sent, sent_recently
from .rendering import blank_questions_html

# A switch's button is not kept with the answers it carried: the page it leads to is shown,
# not switched again.
SWITCHES_NOT_KEPT = {SWITCH_FORMAT_FIELD: None}


@bp.get("/")
def home() -> ResponseReturnValue:
    """The open surveys and events, and a box for the code printed on an event's poster
    (for someone who cannot scan its QR code): a GET form, so it works without JavaScript."""
    code = request.args.get("code")
    if code is None:
        return _home()
    cleaned = event_code_typed(code)
    if not cleaned:
        return _home(code, gettext("Enter the event code from the poster")), 400
    found = queries.event_by_code(db.session, cleaned)
    if found is None:
        return _home(code, gettext("There is no event with that code. Check the code on the poster and try again")), 400
    return redirect(url_for(".event", code=found.code), code=303)


def _home(code: str = "", error: str | None = None) -> str:
    return render_template(
        "surveys/home.html", surveys=queries.open_surveys(db.session, trust_today()),
        events=queries.open_events(db.session), code=code, error=error,
    )


@bp.get("/e/<code>")
def event(code: str) -> ResponseReturnValue:
    found = _open_event_or_abort(code)
    if isinstance(found, tuple):
        return found
    today = trust_today()
    surveys = [survey for survey in found.surveys if survey.is_open_on(today)]
    if len(surveys) == 1:
        return redirect(url_for(".take_event_survey", code=found.code, slug=surveys[0].slug))
    # Published but not open yet: say when, so someone who scanned the poster early knows.
    upcoming = sorted((survey for survey in found.surveys if survey.status is SurveyStatus.OPEN
                       and survey.opens_on and survey.opens_on > today), key=lambda survey: survey.opens_on)
    return render_template("surveys/event.html", event=found, surveys=surveys, upcoming=upcoming)


# The survey form checks its own CSRF token, so an expired token re-shows the answers
# instead of throwing them away.
@bp.route("/s/<slug>", methods=["GET", "POST"])
@csrf.exempt
def take_survey(slug: str) -> ResponseReturnValue:
    return _take(queries.survey_by_slug(db.session, slug), event=None)


@bp.route("/e/<code>/<slug>", methods=["GET", "POST"])
@csrf.exempt
def take_event_survey(code: str, slug: str) -> ResponseReturnValue:
    found = queries.event_and_survey(db.session, code, slug)
    if found is None:
        abort(404)
    event, survey = found
    if not event.is_open:
        return closed_page(event=event, answered=queries.survey_by_slug(db.session, slug))
    if survey is None:  # not one of this event's surveys
        abort(404)
    return _take(survey, event=event)


@bp.get("/thanks/<public_id>")
def thanks(public_id: str) -> ResponseReturnValue:
    response = queries.response_by_public_id(db.session, public_id)
    if response is None:
        abort(404)
    # Not kept on the device, and in full only once to the browser that sent it: on a shared
    # phone it could show that someone's answer raised a safeguarding flag. Every version
    # keeps the help numbers. (Survey pages stay cacheable so Back can restore typed answers.)
    if full_thanks(public_id, keep=QUERY_PARAMETER in request.args):
        page = render_template("surveys/thanks.html", response=response,
                               what_happens_next=shown_text_in_page_language(response.survey_version,
                                                                             "what_happens_next"),
                               needs_help=response_has_flag(db.session, response.id))
    else:
        page = render_template("surveys/thanks_again.html")
    return page, 200, {"Cache-Control": "no-store"}


def _open_event_or_abort(code: str) -> Event | tuple[str, int]:
    found = queries.event_by_code(db.session, code)
    if found is None:
        abort(404)
    if not found.is_open:
        return closed_page(event=found)
    return found


def _take(survey: Survey | None, *, event: Event | None) -> ResponseReturnValue:
    if survey is None or survey.current_version is None:
        abort(404)
    if not survey.is_open_on(trust_today()):
        return closed_page(survey=survey, event=event, answered=survey)
    if request.method == "GET":
        if request.args.get("again"):
            forget_sent(survey.id, event.id if event else None)
            # A clean address, so Back cannot repeat this; a path, never the Host header's.
            return redirect(request.script_root + request.path, code=303)
        if sent_recently(survey.id, event.id if event else None, trust_today()):
            return render_template("surveys/already_sent.html", survey=survey, event=event)
    easy = _easy_read_asked(survey, event)
    form_class = shown_form_class(survey, easy=easy)
    form: SurveyForm = bound_form(form_class)
    form.easy_read = easy
    if one_question_per_page(survey, event, easy_read=easy):
        return _take_paged(survey, event, form, easy=easy)
    if not form.is_submitted():
        draft = draft_to_show(survey, event)
        if draft is not None:  # sent with a problem a moment ago: the answers and problems again
            sent = draft_fields(draft)
            return _render_form(survey, event, form_from_draft(form_class, draft), notice=draft.notice or None,
                                unsent=unsent_of(draft), filled=True, opened=sent.get(OPENED_FIELD),
                                return_page=sent.get(PAGE_FIELD))
        form.submission_key.data = new_submission_key()
        return _render_form(survey, event, form, notice=gone_draft_notice())
    if switch_language_asked() or SWITCH_FORMAT_FIELD in request.form:
        # A language (or Easy Read) switch sends the typed answers with it: show them again,
        # unchecked, by a redirect (Back never asks to resubmit), keeping the page of Easy
        # Read it came from (a field kept in the draft), to return to it.
        return redirect_to_reshow(survey, event, form, query=_format_query(survey, event, easy=False),
                                  changed=SWITCHES_NOT_KEPT) \
            or _render_form(survey, event, form, return_page=request.form.get(PAGE_FIELD))
    verdict = review(form, survey, request.form, had_session_cookie=had_session_cookie())
    if verdict.ready:
        refusal = check_submission(request.form, form.submission_key.data)
        if refusal is None:
            forget_draft()
            return _store(survey, event, form, easy=False)
        return _render_form(survey, event, form, notice=refusal.notice), refusal.status, refusal.headers
    # Shown again with every answer kept and each problem explained, after a redirect; a
    # browser that blocks cookies cannot hold the kept answers, so it gets the page now.
    return redirect_to_reshow(survey, event, form, notice=verdict.notice, unsent=verdict.unsent,
                              query=_format_query(survey, event, easy=False)) \
        or (_render_form(survey, event, form, notice=verdict.notice, unsent=verdict.unsent,
                         opened=first_opened(request.form, form.submission_key.data)), 400)


def _easy_read_asked(survey: Survey, event: Event | None) -> bool:
    """Easy Read when the page's form or address asks for it, or the event opens in it."""
    if not has_easy_read(survey.slug):
        return False
    sent = sent_form_data(survey)  # the body limits raised first, as for the form itself
    if sent is not None:
        asked = sent.get(SWITCH_FORMAT_FIELD) or sent.get(FORMAT_FIELD)
    else:
        asked = request.args.get(FORMAT_QUERY)
    if asked in (EASY_READ, STANDARD):
        return asked == EASY_READ
    return bool(event and event.easy_read)


def _take_paged(survey: Survey, event: Event | None, form: SurveyForm, *, easy: bool) -> ResponseReturnValue:
    """One question per page (feedback/responses/pages.py); stored only when sent from
    "check your answers", with the same checks as the one-page form.

    Each page after a move (and a page with a problem) comes by a redirect, as the one-page
    form's problems do (_take): answered as a POST, the check page was what Back after
    sending found, and the browser asked to "confirm form resubmission"."""
    keys = _keys(survey)
    if not form.is_submitted():
        draft = draft_to_show(survey, event)
        if draft is not None:  # the page a move led to, or one sent with a problem, as sent
            sent = draft_fields(draft)
            # Back to a page left since: that page, with the answers as they are now.
            here = page_in_address(request.args, len(keys)) if draft.earlier else same_page(sent, len(keys))
            return _render_page(survey, event, form_from_draft(type(form), draft), here,
                                notice=draft.notice or None, unsent=unsent_of(draft), easy=easy, sent=sent)
        form.submission_key.data = new_submission_key()
        return _render_page(survey, event, form, Move(Page(START)), notice=gone_draft_notice(), easy=easy)
    if switch_language_asked() or SWITCH_FORMAT_FIELD in request.form:  # the same page again, as asked
        here = same_page(request.form, len(keys))
        return _redirect_to_page(survey, event, form, here, easy=easy, changed=SWITCHES_NOT_KEPT) \
            or _render_page(survey, event, form, here, easy=easy)
    step = move(form, keys, request.form)
    if not step.send:
        return _redirect_to_page(survey, event, form, step, easy=easy) \
            or (_render_page(survey, event, form, step, easy=easy), 400 if step.invalid else 200)
    verdict = review(form, survey, request.form, had_session_cookie=had_session_cookie())
    if verdict.ready:
        refusal = check_submission(request.form, form.submission_key.data)
        if refusal is None:
            forget_draft()
            return _store(survey, event, form, easy=easy)
        return _render_page(survey, event, form, step, notice=refusal.notice, easy=easy, new_stamp=True), \
            refusal.status, refusal.headers
    return _redirect_to_page(survey, event, form, step, notice=verdict.notice, unsent=verdict.unsent, easy=easy) \
        or (_render_page(survey, event, form, step, notice=verdict.notice, unsent=verdict.unsent, easy=easy), 400)


def _redirect_to_page(survey: Survey, event: Event | None, form: SurveyForm, step: Move, notice: str | None = None,
                      unsent: list[tuple[str, str]] | None = None, *, easy: bool,
                      changed: Mapping[str, str | None] | None = None) -> ResponseReturnValue | None:
    """redirect_to_reshow to `step`'s page, in the version (Easy Read or not) it was in."""
    return redirect_to_reshow(survey, event, form, notice=notice, unsent=unsent,
                              query={**(_format_query(survey, event, easy=easy) or {}), PAGE_QUERY: step.page.value},
                              changed={**arriving_at(step), **(changed or {})})


def _format_query(survey: Survey, event: Event | None, *, easy: bool) -> dict[str, str] | None:
    """The address's part that names the version a page was in, when the address alone
    would open the other (_easy_read_asked): a page kept across a redirect stays so."""
    if not has_easy_read(survey.slug) or easy == bool(event and event.easy_read):
        return None
    return {FORMAT_QUERY: EASY_READ if easy else STANDARD}


def _keys(survey: Survey) -> list[str]:
    return [question.key for question in stored_wording(survey).questions if question.key not in RESERVED_NAMES]


def _render_page(survey: Survey, event: Event | None, form: SurveyForm, step: Move, notice: str | None = None,
                 unsent: list[tuple[str, str]] | None = None, *, easy: bool, new_stamp: bool = False,
                 sent: Mapping[str, Any] | None = None) -> str:
    """`sent`: what the page was sent with, if not this request's form (a kept draft)."""
    version = shown_wording(survey, easy=easy)
    sent = request.form if sent is None else sent
    opened = None if new_stamp else first_opened(sent, form.submission_key.data)
    questions = [question for question in version.questions if question.key not in RESERVED_NAMES]
    errors = question_errors(version, form)
    pictures = {question.key: picture_of(survey.slug, question.key) for question in questions} if easy else {}
    return render_template("surveys/take_paged.html", survey=survey, version=version, event=event, form=form,
                           questions=questions, step=step, errors=errors, notice=notice, unsent=unsent,
                           easy_read=easy, pictures=pictures, opened=opened, has_easy_read=has_easy_read(survey.slug))


def _store(survey: Survey, event: Event | None, form: SurveyForm, *, easy: bool) -> ResponseReturnValue:
    version = stored_wording(survey)  # the stored wording itself, not the page's copy of it
    submission = replace(form.to_submission(version), language=current_language().code,
                         format=ResponseFormat.EASY_READ if easy else ResponseFormat.STANDARD)
    sent_to = (survey.id, event.id if event else None)  # read now: after the commit each costs a SELECT
    public_id, _ = store_submission(version, event, submission, today=trust_today())
    mark_sent(*sent_to, trust_today())
    expect_thanks(public_id)
    return redirect(url_for(".thanks", public_id=public_id), code=303)


def _render_form(survey: Survey, event: Event | None, form: SurveyForm, notice: str | None = None,
                 unsent: list[tuple[str, str]] | None = None, return_page: str | None = None,
                 filled: bool = False, opened: str | None = None) -> str:
    """`opened`: the stamp of when the form was first shown, kept through a redirect (a
    quick correction must not start the robots' wait again; redisplay drops it with its key)."""
    version = shown_wording(survey)
    errors = question_errors(version, form)
    blank = None if filled or form.is_submitted() else blank_questions_html(version, form)
    return render_template("surveys/take.html", survey=survey, version=version, event=event,
                           form=form, errors=errors, notice=notice, blank_questions=blank, unsent=unsent,
                           has_easy_read=has_easy_read(survey.slug), return_page=return_page, opened=opened)


@bp.get("/how-we-use-your-answers")
def about_your_answers() -> ResponseReturnValue:
    return render_template("surveys/about_your_answers.html")


@bp.get("/accessibility")
def accessibility() -> ResponseReturnValue:
    return render_template("surveys/accessibility.html")
