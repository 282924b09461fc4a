"""The request's side of the response layer's forms (feedback.responses.forms), for every
page that takes answers: the public survey pages, paper entry and the kiosk."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, TypeVar

from flask import current_app, request
from flask_babel import gettext
from itsdangerous import BadSignature

from ..extensions import db
from ..i18n import current_language
from ..i18n.content import ShownVersion
from ..i18n.easy_read import easy_read_version
from ..models import Event, Survey, SurveyVersion
from ..models.types import utcnow
from ..responses.forms import SurveyForm, form_class_for, version_body_limit
from ..responses.paper import paper_form_class
from ..responses.storing import store_once
from ..responses.submission import Submission
from ..responses.surges import SurgeRule
from ..responses.versions import VersionCopies
from ..tagging.app_tagger import app_tagger
from .addresses import request_mail_settings

FormType = TypeVar("FormType", bound=SurveyForm)
COPIES = "version_copies"


def version_copies() -> VersionCopies:
    """This app's copies of survey versions (responses/versions.py): one per app, so apps
    on different databases (tests) never share one."""
    return current_app.extensions.setdefault(COPIES, VersionCopies())


def shown_wording(survey: Survey, *, easy: bool = False) -> ShownVersion:
    """The survey's current version as this page's respondent reads it: in the page's
    language, in Easy Read if `easy`; from this worker's copy when it is current."""
    adapt = (lambda shown: easy_read_version(shown, survey.slug, gettext)) if easy else None
    return version_copies().shown(survey.current_version, survey, current_language().code, gettext,
                                  variant=("easy-read", survey.slug) if easy else None, adapt=adapt)


def stored_wording(survey: Survey) -> ShownVersion:
    """The survey's current version as stored (what answers are recorded against)."""
    return version_copies().stored(survey.current_version, survey)


def shown_form_class(survey: Survey, *, easy: bool = False) -> type[SurveyForm]:
    """The form for shown_wording(survey, easy=easy), built once per version, language and limit."""
    text_limit = current_app.config["FREE_TEXT_MAX_CHARS"]
    key = (current_language().code, text_limit, ("easy-read", survey.slug) if easy else None)
    return version_copies().form_class(
        survey.current_version, key, lambda: form_class_for(shown_wording(survey, easy=easy), text_limit=text_limit))


def survey_form_class(version: SurveyVersion) -> type[SurveyForm]:
    """The form for `version`, its written answers limited as FREE_TEXT_MAX_CHARS says
    where a question sets no limit of its own."""
    return form_class_for(version, text_limit=current_app.config["FREE_TEXT_MAX_CHARS"])


def paper_survey_form_class(survey: Survey) -> type[SurveyForm]:
    return paper_form_class(survey, text_limit=current_app.config["FREE_TEXT_MAX_CHARS"])


def allow_body_for(form_class: type[SurveyForm]) -> None:
    """Raise this request's body limits to what the form's answers need, before anything
    reads the body: answers within their limits must never be "too big", say four
    2,000-character answers in a script that takes 3 bytes a character."""
    _allow_body(form_class.max_body)


def _allow_body(max_body: int | None) -> None:
    if max_body:
        floor = current_app.config["MAX_CONTENT_LENGTH"] or 0
        request.max_content_length = request.max_form_memory_size = max(floor, max_body)


def bound_form(form_class: type[FormType]) -> FormType:
    """The form for this request (reading what was sent, if anything was)."""
    allow_body_for(form_class)
    return form_class()


def sent_form_data(survey: Survey | None) -> Mapping[str, Any] | None:
    """What this request sent in `survey`'s form, or None if it sent no form."""
    if survey is None or request.method != "POST":
        return None
    if survey.current_version is not None:
        # The limit alone, from this worker's copy: building the form class only for it cost
        # as much again, and reading the version's questions from the database a query.
        _allow_body(version_body_limit(stored_wording(survey), text_limit=current_app.config["FREE_TEXT_MAX_CHARS"]))
    return request.form


def had_session_cookie() -> bool:
    """Whether the browser sent the session cookie (an expired page, not blocked cookies)."""
    return current_app.config["SESSION_COOKIE_NAME"] in request.cookies


def holds_our_session() -> bool:
    """Whether the browser sent a session cookie this service signed and that has not
    expired: only such a browser can hold a kept draft's token. A made-up cookie is not
    enough, or a script could keep a draft row for every post."""
    value = request.cookies.get(current_app.config["SESSION_COOKIE_NAME"])
    serializer = getattr(current_app.session_interface, "get_signing_serializer", lambda app: None)(current_app)
    if not value or serializer is None:
        return False
    try:
        serializer.loads(value, max_age=int(current_app.permanent_session_lifetime.total_seconds()))
    except BadSignature:
        return False
    return True


def store_submission(version: SurveyVersion, event: Event | None, submission: Submission, *, today: date,
                     entered_by_id: int | None = None) -> tuple[str, bool]:
    """responses.store_once in this request's session, with this app's Tagger and mail
    settings: (public id of the response, whether it is new)."""
    return store_once(db.session, version, event, submission, today=today,
                      tagger=app_tagger(current_app.config, current_app.instance_path),
                      mail_settings=request_mail_settings(), now=utcnow(),
                      entered_by_id=entered_by_id, surge_rule=SurgeRule.from_config(current_app.config))
