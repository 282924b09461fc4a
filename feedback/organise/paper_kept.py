"""A paper response typed in by an organiser whose session ended before they pressed Save
(idle, too old, signed out in another tab): what they typed is kept, not lost on the way
to the sign-in page, and comes back on the paper page after they sign in, not yet saved.

It is kept as any form with a problem is (web/redisplay.py, responses/drafts.py): for
DRAFT_MINUTES at most, under a random token held both in this browser's session, which
signing in carries over (views_account.sign_in), and in the address sign-in goes back to.
The page shows it only when the two agree, and only to someone who may enter paper
(the view's own role check), so the address alone shows nothing. Nothing is stored as a
response until the organiser saves it again; its submission key stops a second save.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import abort, flash, redirect, request, url_for
from werkzeug.exceptions import NotFound

from ..extensions import db
from ..form_input import whole_number
from ..models import Event, Survey, SurveyStatus
from ..web.redisplay import address_query, keep_sent_form
from ..web.survey_forms import bound_form
from .access import current_user
from .forms_entry import KEPT_FOR_SIGN_IN_NOTICE, paper_entry_form_class

View = TypeVar("View", bound=Callable[..., Any])

SIGNED_OUT_KEPT = ("You were signed out before that paper response was saved. Sign in again and your typed "
                   "answers will be shown, ready to check and save.")


def keeps_typing_past_sign_out(view: View) -> View:
    """Put above @requires on a paper-entry view: a POST from nobody signed in keeps the
    answers and goes to sign in; anything else goes on to the view as before."""
    @wraps(view)
    def wrapped(survey_id: int, **kwargs: Any) -> Any:
        if request.method == "POST" and current_user() is None:
            kept = _keep_for_sign_in(survey_id)
            if kept is not None:
                return kept
        return view(survey_id, **kwargs)
    return wrapped  # type: ignore[return-value]


def _keep_for_sign_in(survey_id: int) -> Any:
    """The redirect to sign in with the answers kept, or None to sign in as any page does."""
    if not posted_from_this_site():
        return None
    survey = db.session.get(Survey, survey_id)
    if survey is None or survey.current_version is None or survey.status is SurveyStatus.DRAFT:
        return None
    try:
        event = asked_event(survey)
    except NotFound:
        return None
    form = bound_form(paper_entry_form_class(survey))
    token = keep_sent_form(survey, event, form, notice=KEPT_FOR_SIGN_IN_NOTICE)
    if token is None:  # MAX_KEPT_DRAFTS kept already
        return None
    flash(SIGNED_OUT_KEPT)
    back = f"{url_for('.paper_entry', survey_id=survey.id)}?{address_query(token)}"
    return redirect(url_for(".sign_in", next=back), code=303)


def asked_event(survey: Survey) -> Event | None:
    """The event the page's address names, or None; a 404 for one that did not run `survey`."""
    if not request.args.get("event"):
        return None
    event_id = whole_number(request.args["event"])
    event = db.session.get(Event, event_id) if event_id else None
    if event is None or survey not in event.surveys:
        abort(404)
    return event


def posted_from_this_site() -> bool:
    """Whether the browser says the form was on one of this site's own pages. The CSRF token
    cannot say so once the session it was made for has ended, and without this another
    site could have an organiser's browser post answers for them to find after signing in."""
    fetched_from = request.headers.get("Sec-Fetch-Site")
    if fetched_from is not None:
        return fetched_from == "same-origin"
    # Older browsers: the Origin header (sent in full to this site, Referrer-Policy same-origin).
    origin = request.headers.get("Origin")
    return bool(origin) and urlsplit(origin).netloc == request.host
