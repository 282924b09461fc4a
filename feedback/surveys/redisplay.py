"""Show a survey form that had a problem again by a redirect, not as the answer to its POST
(Post/Redirect/Get), so Back after the thank-you page never meets "confirm resubmission".

The typed answers and their problems are kept server-side for a moment
(feedback/responses/drafts.py), under a token in this browser's session cookie and in the
address the redirect goes to; the page shows them only when both agree, so the address
alone (another phone, a shared history) shows nothing.

A browser that blocks cookies cannot hold the token, and a redirect would lose what was
typed: it gets the page as the answer to the POST, as before. It cannot send the form at
all until it allows the cookie (the page says so), so it never reaches a thank-you page
to press Back from.
"""
from __future__ import annotations

from flask import redirect, request, session, url_for
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import MultiDict

from ..extensions import db
from ..models import Event, FormDraft, Survey
from ..models.types import utcnow
from ..responses.drafts import drop_draft, field_pairs, find_draft, keep_draft
from ..responses.forms import SurveyForm
from ..responses.review import Review

SESSION_KEY = "draft"
QUERY_PARAMETER = "answers"


def redirect_to_reshow(survey: Survey, event: Event | None, form: SurveyForm, verdict: Review) -> ResponseReturnValue:
    """Keep the sent form with its problems and send the browser to the page that shows them."""
    pairs = [(name, value) for name, value in field_pairs(request.form) if name != form.submission_key.name]
    # The key as the check left it: a damaged one was replaced, and the page must carry the new one.
    pairs.append((form.submission_key.name, form.submission_key.data or ""))
    errors = {field.name: [str(message) for message in field.errors] for field in form
              if field.errors and field.name not in ("csrf_token", form.submission_key.name)}
    token = keep_draft(db.session, survey_id=survey.id, event_id=event.id if event else None, fields=pairs,
                       errors=errors, notice=str(verdict.notice) if verdict.notice else None,
                       unsent=verdict.unsent, now=utcnow(), replacing=session.get(SESSION_KEY))
    db.session.commit()
    session[SESSION_KEY] = token
    return redirect(url_for(request.endpoint, **(request.view_args or {}), **{QUERY_PARAMETER: token}), code=303)


def draft_to_show(survey: Survey, event: Event | None) -> FormDraft | None:
    """The draft this GET should show, or None. A GET without one starts afresh, so the
    kept answers go at once (on a shared phone, the next person sees an empty form)."""
    held = session.get(SESSION_KEY)
    asked = request.args.get(QUERY_PARAMETER)
    if held and asked == held:
        draft = find_draft(db.session, held, survey_id=survey.id, event_id=event.id if event else None,
                           now=utcnow())
        if draft is not None:
            return draft
    if held and not asked:
        forget_draft()
    return None


def form_from_draft(form_class: type[SurveyForm], draft: FormDraft) -> SurveyForm:
    """The form filled in as it was sent, each field with the problems found then."""
    form = form_class(formdata=MultiDict([tuple(pair) for pair in draft.fields]))
    for field in form:
        if field.name in draft.errors:
            field.errors = list(draft.errors[field.name])
    return form


def forget_draft() -> None:
    """Once the answers are sent, or the person starts afresh."""
    token = session.pop(SESSION_KEY, None)
    if token:
        drop_draft(db.session, token)
        db.session.commit()
