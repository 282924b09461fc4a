"""A printable paper version of a published survey: in any language it has, standard,
large print (16 pt and up) or Easy Read, with the event's code, and the questions and tick
boxes in the order of the paper entry screen, so a form can be typed in as it is printed."""
from __future__ import annotations

from flask import render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import force_locale, gettext
from sqlalchemy import select

from ..extensions import db
from ..form_input import whole_number
from ..i18n.content import shown_version, translation_for
from ..i18n.easy_read import easy_read_version, has_easy_read, picture_of
from ..i18n.languages import LANGUAGES, SOURCE_LANGUAGE
from ..models import Event, Survey, SurveyStatus, UserRole
from ..models.events import event_survey
from .access import requires, survey_or_404
from .blueprint import bp

FORMATS = {"standard": "Standard", "large-print": "Large print (16 point and larger)", "easy-read": "Easy Read"}


def _paper_words() -> dict[str, str]:
    """The form's own words, in the language being printed (called under force_locale)."""
    return {
        "event": gettext("Event"),
        "event_code": gettext("Event code"),
        "how": gettext("Tick a box like this: ✓. Or write in the space. You can leave out any question."),
        "tick_one": gettext("Tick one box"),
        "tick_any": gettext("Tick all that apply"),
        "write": gettext("Write your answer here"),
        "anonymous": gettext("Do not write your name on this form."),
        "give_back": gettext("Thank you. Please give this form back to the person who gave it to you."),
    }


def survey_languages(survey: Survey) -> list[str]:
    """English and each language the survey's current version has a translation in."""
    version = survey.current_version
    return [SOURCE_LANGUAGE] + [code for code in LANGUAGES
                                if code != SOURCE_LANGUAGE and translation_for(version, code) is not None]


@bp.get("/surveys/<int:survey_id>/print")
@requires(UserRole.ORGANISER)
def survey_print(survey_id: int) -> ResponseReturnValue:
    survey = survey_or_404(survey_id)
    if survey.status is SurveyStatus.DRAFT:
        return render_template("organise/entry/draft.html", survey=survey, printing=True), 409
    languages = survey_languages(survey)
    formats = {key: label for key, label in FORMATS.items() if key != "easy-read" or has_easy_read(survey.slug)}
    code = request.args.get("lang", SOURCE_LANGUAGE)
    chosen = request.args.get("format", "standard")
    event_id = whole_number(request.args.get("event") or "0")
    event = db.session.get(Event, event_id) if event_id else None
    errors = []
    if code not in languages:
        errors.append(("lang", "Choose a language from the list"))
        code = SOURCE_LANGUAGE
    if chosen not in formats:
        errors.append(("format", "Choose standard, large print or Easy Read"))
        chosen = "standard"
    if request.args.get("event") and (event is None or survey not in event.surveys):
        errors.append(("event", "Choose an event from the list"))
        event = None
    with force_locale(code):
        version = shown_version(survey.current_version, code, standard_label=gettext)
        if chosen == "easy-read":
            version = easy_read_version(version, survey.slug, gettext)
        words = _paper_words()
    pictures = {question.key: picture_of(survey.slug, question.key) for question in version.questions} \
        if chosen == "easy-read" else {}
    events = [item for item in survey_events(survey) if item.is_open]
    return render_template("organise/print/survey.html", survey=survey, version=version, event=event,
                           events=events, language=LANGUAGES[code], languages=[LANGUAGES[item] for item in languages],
                           format=chosen, formats=formats, words=words, pictures=pictures,
                           errors=errors), 400 if errors else 200


def survey_events(survey: Survey) -> list[Event]:
    return list(db.session.scalars(select(Event).join(event_survey).where(event_survey.c.survey_id == survey.id)
                                   .order_by(Event.name)))
