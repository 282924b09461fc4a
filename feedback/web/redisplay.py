"""Show a form of answers that had a problem again by a redirect, not as the answer to its
POST (Post/Redirect/Get), so Back after sending never meets "confirm resubmission". One
mechanism for every page that takes answers: the public survey form (one page, or one
question per page), the kiosk and the organisers' paper entry.

The typed answers and their problems are kept server-side for a moment
(feedback/responses/drafts.py), under a token in this browser's session cookie and in the
address the redirect goes to; the page shows them only when both agree, so the address
alone (another phone, a shared history) shows nothing.

A browser that blocks cookies cannot hold the token, and a redirect would lose what was
typed: it gets the page as the answer to the POST, as before. It cannot send the form at
all until it allows the cookie (the page says so), so it never reaches a thank-you page
to press Back from.

Paper entry also keeps what an organiser typed when their session ended before Save, to
show after they sign in again (feedback/organise/paper_kept.py).

Answers that failed their checks come back this way, and so do each page of a survey
shown one question per page after a move and a page switched to another language or to
Easy Read and back, with what was typed (surveys/views.py). A refusal by the anti-automation
checks (web/submission_guard.py: honeypot, too fast, rate limit) is still the answer to
its POST: most of those posts are scripts, for which keeping a row per post would turn a
rate limit into a way to fill the database, and a 429 keeps its status and Retry-After.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from urllib.parse import urlencode

from flask import redirect, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from werkzeug.datastructures import MultiDict

from ..extensions import db
from ..models import Event, Survey
from ..models.types import utcnow
from ..responses.drafts import drop_draft, field_pairs, find_draft, keep_draft
from ..responses.forms import SurveyForm
from .submission_guard import OPENED_FIELD
from .survey_forms import holds_our_session

SESSION_KEY = "draft"
QUERY_PARAMETER = "answers"


def redirect_to_reshow(survey: Survey, event: Event | None, form: SurveyForm, *, notice: str | None = None,
                       unsent: list[tuple[str, str]] | None = None, query: Mapping[str, str] | None = None,
                       changed: Mapping[str, str | None] | None = None) -> ResponseReturnValue | None:
    """Keep the sent form with its problems and send the browser to the page that shows them:
    this page's address, its query kept (an event, a printed version), `query` added.
    `changed`: fields kept with another value than sent (None: not kept). None when nothing
    can be kept (web/survey_forms.holds_our_session, drafts.MAX_KEPT_DRAFTS): the caller
    then shows the page as the answer to the POST."""
    if not holds_our_session():
        return None
    token = keep_sent_form(survey, event, form, notice=notice, unsent=unsent, changed=changed)
    if token is None:
        return None
    # The query is written after the path, never passed to url_for: a value named like one
    # of its own arguments (_external, _anchor: anyone can send one) would steer it.
    return redirect(f"{url_for(request.endpoint, **(request.view_args or {}))}?{address_query(token, query)}",
                    code=303)


def keep_sent_form(survey: Survey, event: Event | None, form: SurveyForm, *, notice: str | None = None,
                   unsent: list[tuple[str, str]] | None = None,
                   changed: Mapping[str, str | None] | None = None) -> str | None:
    """Keep what this request sent in `form` (redirect_to_reshow says which fields) under a
    new token held in this browser's session; the token, or None when MAX_KEPT_DRAFTS are kept."""
    key = form.submission_key
    replaced = request.form.get(key.name) != key.data
    # The key as the check left it: a damaged one was replaced, and the page must carry the
    # new one; the moment the form was opened was signed for the old key, so it goes too.
    changed = {key.name: key.data or "", **({OPENED_FIELD: None} if replaced else {}), **(changed or {})}
    own = {field.name for field in form} | {OPENED_FIELD}
    pairs = [(name, value) for name, value in field_pairs(request.form)
             if name not in changed and (name in own or _page_field(name, value))]
    pairs += [(name, value) for name, value in changed.items() if value is not None]
    errors = {field.name: [str(message) for message in field.errors] for field in form
              if field.errors and field.name not in ("csrf_token", key.name)}
    token = keep_draft(db.session, survey_id=survey.id, event_id=event.id if event else None, fields=pairs,
                       errors=errors, notice=str(notice) if notice else None, unsent=unsent, now=utcnow(),
                       replacing=session.get(SESSION_KEY))
    db.session.commit()
    if token is not None:
        session[SESSION_KEY] = token
    return token


def address_query(token: str, query: Mapping[str, str] | None = None) -> str:
    """This request's query (an event, a printed version) with `query` added and the
    kept draft's token, for the address of the page that shows the draft."""
    values = [(name, value) for name, value in request.args.items(multi=True)
              if name != QUERY_PARAMETER and name not in (query or {})]
    values += [(QUERY_PARAMETER, token), *(query or {}).items()]
    return urlencode(values)


def _page_field(name: str, value: str) -> bool:
    """A page's own hidden field (which page, which button, which version: names that start
    with an underscore, as question keys never do), short as those are."""
    return name.startswith("_") and len(name) <= 32 and len(value) <= 100


@dataclass(frozen=True)
class KeptAnswers:
    """What a GET shows again of a draft: the fields as sent, the problems found then, and
    whether the address is an `earlier` page of this browser's history."""
    fields: list
    errors: dict
    notice: str | None = None
    unsent: list = dataclass_field(default_factory=list)
    earlier: bool = False


def draft_to_show(survey: Survey, event: Event | None) -> KeptAnswers | None:
    """The kept answers this GET should show, or None. A GET without a draft's address
    starts afresh, so the kept answers go at once (on a shared phone, the next person sees
    an empty form). An address of a draft replaced since (Back, or Forward, to a page this
    browser left) shows the answers as they are now, without the problems of then: each
    page after a move replaces the draft, and Back must not lose what was typed."""
    held = session.get(SESSION_KEY)
    asked = request.args.get(QUERY_PARAMETER)
    if held and asked:
        draft = find_draft(db.session, held, survey_id=survey.id, event_id=event.id if event else None,
                           now=utcnow())
        if draft is not None and asked == held:
            return KeptAnswers(draft.fields, draft.errors, draft.notice, draft.unsent)
        if draft is not None:
            return KeptAnswers(draft.fields, {}, earlier=True)
    if held and not asked:
        forget_draft()
    return None


def gone_draft_notice() -> str | None:
    """Why the form is empty, for a GET whose address names kept answers when this
    browser's are gone (past the hour): said, not restarted silently. Another browser given
    the address is told nothing, as it typed nothing. Call it only when draft_to_show found none."""
    if not request.args.get(QUERY_PARAMETER) or not session.get(SESSION_KEY):
        return None
    return gettext("What you typed here is no longer kept (we delete it after an hour, or when the form is "
                   "started again). Please answer the questions again.")


def draft_fields(draft: KeptAnswers) -> MultiDict:
    """The form's fields as they were sent (repeats kept)."""
    return MultiDict([tuple(pair) for pair in draft.fields])


def form_from_draft(form_class: type[SurveyForm], draft: KeptAnswers) -> SurveyForm:
    """The form filled in as it was sent, each field with the problems found then."""
    form = form_class(formdata=draft_fields(draft))
    for field in form:
        if field.name in draft.errors:
            field.errors = list(draft.errors[field.name])
    return form


def unsent_of(draft: KeptAnswers) -> list[tuple[str, str]]:
    """Answers to questions taken out meanwhile, to copy (responses/review.py)."""
    return [tuple(pair) for pair in draft.unsent]


def forget_draft() -> None:
    """Once the answers are sent, or the person starts afresh."""
    token = session.pop(SESSION_KEY, None)
    if token:
        drop_draft(db.session, token)
        db.session.commit()
