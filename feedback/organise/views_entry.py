"""Answers that do not come from a respondent's own phone: paper forms and kiosk tablets."""
from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from flask import abort, current_app, flash, make_response, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from ..audit import record
from ..clock import trust_today
from ..extensions import csrf, db
from ..i18n import current_language, forget_language_choice, switch_language_asked
from ..models import Channel, Event, KioskSession, ResponseFormat, Survey, SurveyStatus, UserRole
from ..models.types import utcnow
from ..responses.closed import unsent_answers
from ..responses.forms import SurveyForm, invalid_choice_messages, question_errors
from ..responses.review import review
from ..responses.submission import new_submission_key
from ..tagging.tagger import public_id_has_flag
from ..web.closed_pages import closed_page
from ..web.redisplay import (
    QUERY_PARAMETER,
    draft_fields,
    draft_to_show,
    forget_draft,
    form_from_draft,
    redirect_to_reshow,
    unsent_of,
)
from ..web.submission_guard import OPENED_FIELD, check_submission, first_opened
from ..web.survey_forms import (
    bound_form,
    had_session_cookie,
    sent_form_data,
    shown_wording,
    store_submission,
    survey_form_class,
)
from .access import checks_its_own_token, clear_session, current_user, requires, survey_or_404
from .blueprint import bp
from .forms import ConfirmForm
from .forms_entry import BROKEN_KEY_NOTICE, KEPT_GONE, PRINTED_FIELD, STALE_PAGE_NOTICE, paper_entry_form_class
from .kiosk import (
    KioskTicket,
    KioskTokenExpired,
    KioskTokenInvalid,
    end_kiosk,
    kiosk_session,
    make_token,
    read_token,
    start_kiosk,
)
from .paper_kept import asked_event, keeps_typing_past_sign_out

NO_STORE = {"Cache-Control": "no-store"}


def _store(survey: Survey, event: Event | None, form: SurveyForm, channel: Channel, answered_in: ResponseFormat, *,
           today: date, entered_by_id: int | None = None, language: str | None = None) -> tuple[str, bool]:
    """Record the response once (a double submit finds the first): its public id, and
    whether it is new. `language`: the one it was answered in, if not the survey's own."""
    submission = dataclasses.replace(form.to_submission(survey.current_version), channel=channel, format=answered_in,
                                     **({"language": language} if language else {}))
    return store_submission(survey.current_version, event, submission, today=today, entered_by_id=entered_by_id)


# The form checks its own CSRF token, so a post from a session that has ended or been
# replaced keeps what was typed (paper_kept.py, or shown again below) instead of losing it.
@bp.route("/surveys/<int:survey_id>/paper", methods=["GET", "POST"])
@checks_its_own_token
@keeps_typing_past_sign_out
@requires(UserRole.ORGANISER)
def paper_entry(survey_id: int) -> ResponseReturnValue:
    survey = survey_or_404(survey_id)
    if survey.status is SurveyStatus.DRAFT:
        # Answers would freeze the draft's wording: every later edit would make a new version.
        return render_template("organise/entry/draft.html", survey=survey), 409
    event = asked_event(survey)  # only an event that ran this survey
    form_class = paper_entry_form_class(survey)
    form = bound_form(form_class)
    notice = None
    if not form.is_submitted():
        draft = draft_to_show(survey, event)
        if draft is not None:  # saved with a problem a moment ago (or signed out): what was typed
            form, notice = form_from_draft(form_class, draft), draft.notice or None
        else:
            form.submission_key.data = new_submission_key()
            if request.args.get(QUERY_PARAMETER):  # expired, saved already, another survey or browser
                flash(KEPT_GONE)
        # The version the last form saved was printed in: a pile of forms is usually all one kind.
        if draft is None and request.args.get(PRINTED_FIELD) in {choice.value for choice in form.printed.choices}:
            form.printed.data = request.args[PRINTED_FIELD]
    elif form.validate():
        # A paper form was filled in at the event, so it counts on the event's day.
        today = trust_today()
        answered_on = event.held_on if event and event.held_on and event.held_on <= today else today
        user = current_user()
        printed = ResponseFormat(form.printed.data)
        forget_draft()
        if _store(survey, event, form, Channel.PAPER, printed, today=answered_on, entered_by_id=user.id)[1]:
            record(db.session, user=user, action="response.paper", target=f"survey {survey.slug}",
                   detail=f"event {event.code}" if event else "")
            db.session.commit()
        flash("Paper response saved. You can type in the next one below.", "success")
        kept = {"event": event.id} if event else {}
        if printed is not ResponseFormat.STANDARD:
            kept[PRINTED_FIELD] = printed.value
        return redirect(url_for(".paper_entry", survey_id=survey.id, **kept), code=303)
    else:
        invalid_choice_messages(form)
        if form.submission_key.errors:  # missing or damaged: a new one, and say why nothing was saved
            form.submission_key.data, form.submission_key.errors = new_submission_key(), []
            notice = BROKEN_KEY_NOTICE
        if form.csrf_token.errors:  # the session was replaced or the page had been open too long
            notice = STALE_PAGE_NOTICE
        # Shown again by a redirect, as the survey form is (web/redisplay.py): an organiser is
        # signed in, so their browser holds the session cookie the kept answers need.
        reshown = redirect_to_reshow(survey, event, form, notice=notice)
        if reshown is not None:
            return reshown
    errors = question_errors(survey.current_version, form)
    if form.printed.errors:
        errors.insert(0, (PRINTED_FIELD, form.printed.errors[0]))
    return render_template("organise/entry/paper.html", survey=survey, version=survey.current_version, event=event,
                           form=form, errors=errors, notice=notice), 400 if form.is_submitted() else 200


@bp.post("/events/<int:event_id>/kiosk")
@requires(UserRole.ORGANISER)
def kiosk_start(event_id: int) -> ResponseReturnValue:
    event = db.get_or_404(Event, event_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    survey_id = request.form.get("survey_id", type=int)
    survey = next((survey for survey in event.surveys if survey.id == survey_id), None)
    if survey is None or not event.is_open:
        abort(400)
    _kiosk, ticket = start_kiosk(db.session, event, survey, by=current_user(), lasts=_kiosk_lasts(), now=utcnow())
    token = make_token(current_app.secret_key, ticket)
    db.session.commit()
    # The tablet is about to be handed to the public: nobody should find the workspace on it.
    clear_session()
    return redirect(url_for(".kiosk", token=token), code=303)


@bp.post("/events/<int:event_id>/kiosks/<int:kiosk_id>/end")
@requires(UserRole.ORGANISER)
def kiosk_end(event_id: int, kiosk_id: int) -> ResponseReturnValue:
    """End a kiosk session from the workspace: a tablet left behind, or a link that got out."""
    kiosk = db.get_or_404(KioskSession, kiosk_id)
    if kiosk.event_id != event_id:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    end_kiosk(db.session, kiosk, by=current_user(), now=utcnow())
    db.session.commit()
    flash("Kiosk ended: that tablet now says it has been switched off.", "success")
    return redirect(url_for(".event_detail", event_id=event_id), code=303)


def _kiosk_lasts() -> timedelta:
    return timedelta(hours=float(current_app.config["KIOSK_TOKEN_HOURS"]))


def _refuse(page: str, status: int) -> None:
    abort(make_response(page, status, NO_STORE))


def _kiosk_ticket(token: str) -> tuple[Event, Survey, KioskSession]:
    """The event and survey a kiosk token is for, or stop with the page that explains why not."""
    try:
        ticket = read_token(current_app.secret_key, token, max_age_seconds=int(_kiosk_lasts().total_seconds()))
    except KioskTokenInvalid:
        abort(404)
    except KioskTokenExpired as expired:
        _switched_off(expired.ticket)
    kiosk = kiosk_session(db.session, ticket)
    if kiosk is None or not kiosk.live(utcnow()):
        # Ended from the workspace, past its working day, or its organiser switched off.
        _switched_off(ticket)
    event = db.session.get(Event, ticket.event_id)
    survey = db.session.get(Survey, ticket.survey_id)
    if event is None or survey is None or survey.current_version is None:
        abort(404)
    if survey not in event.surveys:  # taken off the event since kiosk mode started
        _refuse(render_template("organise/kiosk/expired.html", unsent=unsent_answers(survey, sent_form_data(survey))), 410)
    if not event.is_open:
        _refuse(*closed_page(event=event, answered=survey, layout="organise/kiosk/base.html", kiosk=True))
    if not survey.is_open_on(trust_today()):
        _refuse(*closed_page(survey=survey, event=event, answered=survey,
                             layout="organise/kiosk/base.html", kiosk=True))
    return event, survey, kiosk


def _switched_off(ticket: KioskTicket | None) -> None:
    survey = db.session.get(Survey, ticket.survey_id) if ticket else None
    _refuse(render_template("organise/kiosk/expired.html", unsent=unsent_answers(survey, sent_form_data(survey))), 410)


# Set after a flagged answer, until the next person's form: their thank-you page leads with help.
KIOSK_HELP_FIRST = "kiosk_help_first"


# Like the public survey pages, the form checks its own CSRF token, so a token that
# expired while the tablet sat idle re-shows the answers instead of losing them.
@bp.route("/kiosk/<token>", methods=["GET", "POST"])
@csrf.exempt
def kiosk(token: str) -> ResponseReturnValue:
    event, survey, kiosk = _kiosk_ticket(token)
    form_class = survey_form_class(survey.current_version)
    form = bound_form(form_class)
    notice, unsent, opened = None, [], None
    session.pop(KIOSK_HELP_FIRST, None)  # the next person's form: the last one's help is not theirs
    if not form.is_submitted():
        draft = draft_to_show(survey, event)
        if draft is not None:  # sent with a problem a moment ago: the answers and problems again
            form, notice, unsent = form_from_draft(form_class, draft), draft.notice or None, unsent_of(draft)
            # When the form was first opened travels with it: a quick correction must not
            # start the robots' wait again (the phone's form does the same).
            opened = draft_fields(draft).get(OPENED_FIELD)
        else:
            forget_language_choice()  # the next person
            form.submission_key.data = new_submission_key()
    elif switch_language_asked():  # the typed answers again, unchecked, in the language asked for
        return redirect_to_reshow(survey, event, form) or (
            _kiosk_form(survey, event, form, opened=first_opened(request.form, form.submission_key.data)), 200,
            NO_STORE)
    else:
        verdict = review(form, survey, request.form, had_session_cookie=had_session_cookie())
        refusal = (check_submission(request.form, form.submission_key.data,
                                   kiosk=kiosk.key) if verdict.ready else None)
        if refusal is not None:
            return _kiosk_form(survey, event, form, notice=refusal.notice), refusal.status, NO_STORE | refusal.headers
        if verdict.ready:
            forget_draft()
            # A kiosk shows the standard one-page form only (_kiosk_form).
            public_id, _ = _store(survey, event, form, Channel.KIOSK, ResponseFormat.STANDARD, today=trust_today(),
                                  language=current_language().code)
            # Only the pages before the next person starts lead with help; kept in the session,
            # not the address, so the tablet's history cannot show when a flagged answer came.
            session[KIOSK_HELP_FIRST] = public_id_has_flag(db.session, public_id)
            return redirect(url_for(".kiosk_thanks", token=token), code=303)
        # Shown again by a redirect, as on a phone (web/redisplay.py), where the browser can keep it.
        reshown = redirect_to_reshow(survey, event, form, notice=verdict.notice, unsent=verdict.unsent)
        if reshown is not None:
            return reshown
        notice, unsent = verdict.notice, verdict.unsent
        opened = first_opened(request.form, form.submission_key.data)
    return _kiosk_form(survey, event, form, notice, unsent, opened=opened), \
        400 if form.is_submitted() else 200, NO_STORE


def _kiosk_form(survey: Survey, event: Event, form: SurveyForm, notice: str | None = None,
                unsent: list[tuple[str, str]] | None = None, opened: str | None = None) -> str:
    version = shown_wording(survey)  # in the language the person chose, as on a phone
    return render_template("surveys/take.html", survey=survey, version=version, event=event,
                           form=form, errors=question_errors(version, form), notice=notice,
                           unsent=unsent or [], layout="organise/kiosk/base.html", kiosk=True, opened=opened)


@bp.get("/kiosk/<token>/thanks")
def kiosk_thanks(token: str) -> ResponseReturnValue:
    event, survey, _kiosk = _kiosk_ticket(token)
    # `stay` turns the automatic return off, for someone still reading (WCAG 2.2.1).
    seconds = None if request.args.get("stay") else int(current_app.config["KIOSK_RETURN_SECONDS"])
    # Where to get help comes first after a flagged answer, as on the phone's thank-you page.
    help_first = bool(session.get(KIOSK_HELP_FIRST))
    return render_template("organise/kiosk/thanks.html", event=event, version=survey.current_version,
                           start_url=url_for(".kiosk", token=token), seconds=seconds, needs_help=help_first,
                           stay_url=url_for(".kiosk_thanks", token=token, stay=1)), 200, NO_STORE
