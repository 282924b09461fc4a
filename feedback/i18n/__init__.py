"""Which language a page is shown in, and the template helpers for the language switch.

The choice, strongest first: `?lang=` in the address (a link or a QR code), the language
this browser chose before (kept in the session cookie), then the browser's own
Accept-Language as a hint only. Organiser pages stay in English: the translations are for
respondents, and staff must read one wording of the results.
"""
from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from babel import Locale
from flask import Flask, current_app, request, session
from flask_babel import Babel, format_decimal, get_locale, gettext, refresh
from markupsafe import Markup, escape

from ..models import Survey, SurveyVersion
from .content import ShownText, ShownVersion, shown_version, shown_version_text
from .languages import LANGUAGES, SOURCE_LANGUAGE, Language, language, offered_languages

SESSION_KEY = "lang"
QUERY_PARAMETER = "lang"
# The survey form's switch buttons: a POST that re-shows the typed answers in the new language.
SWITCH_FIELD = "switch_language"

babel = Babel()


def init_languages(app: Flask) -> None:
    babel.init_app(app, locale_selector=choose_language)
    app.before_request(_remember_language_asked_for)
    app.context_processor(_template_helpers)
    app.add_template_filter(format_number)
    app.add_template_filter(in_own_language)
    app.add_template_global(all_languages)
    app.add_template_global(lambda code: (language(code).english_name if language(code) else code),
                            "language_name_for")


def respondent_languages() -> list[Language]:
    return offered_languages(offer_drafts=bool(current_app.config["OFFER_DRAFT_LANGUAGES"]))


def offered(code: str | None) -> Language | None:
    """The language with this code, if respondents may choose it."""
    found = language(code)
    return found if found and found in respondent_languages() else None


def _is_public_page() -> bool:
    return not (request.path.startswith("/organise") and not request.path.startswith("/organise/kiosk"))


def choose_language() -> str:
    if not _is_public_page():
        return SOURCE_LANGUAGE
    asked = offered(request.args.get(QUERY_PARAMETER)) or offered(session.get(SESSION_KEY))
    if asked:
        return asked.code
    codes = [item.code for item in respondent_languages()]
    return request.accept_languages.best_match(codes, default=SOURCE_LANGUAGE) or SOURCE_LANGUAGE


def _remember_language_asked_for() -> None:
    # Flask-Babel keeps the locale on `g`, which outlives a request when an app context was
    # already open (tests, CLI); each request chooses afresh.
    refresh()
    asked = offered(request.args.get(QUERY_PARAMETER))
    if asked and _is_public_page() and session.get(SESSION_KEY) != asked.code:
        session[SESSION_KEY] = asked.code


def switch_language_asked() -> bool:
    """Whether this POST is the survey form's language switch rather than "Send"; if so the
    language it names (when offered) is kept for this page and the next ones."""
    if request.method != "POST" or SWITCH_FIELD not in request.form:
        return False
    asked = offered(request.form.get(SWITCH_FIELD))
    if asked:
        session[SESSION_KEY] = asked.code
        refresh()
    return True


def forget_language_choice() -> None:
    """A shared tablet's next person starts in the default language, not the last one's
    (unless this page's address asks for one)."""
    if session.pop(SESSION_KEY, None) is not None:
        refresh()
    _remember_language_asked_for()


def current_language() -> Language:
    return language(str(get_locale() or SOURCE_LANGUAGE)) or LANGUAGES[SOURCE_LANGUAGE]


def link_in_language(code: str) -> str:
    """This page's address with ?lang=code, other query values kept."""
    values = [(key, value) for key, value in request.args.items(multi=True) if key != QUERY_PARAMETER]
    values.append((QUERY_PARAMETER, code))
    # Quoted, with one leading slash: a path like "/\\evil.example" or "//evil.example"
    # written back as it came would be a link to another site.
    path = "/" + quote(request.path, safe="/-._~!$&'()*+,;=:@").lstrip("/")
    return f"{request.script_root}{path}?{urlencode(values)}"


def _template_helpers() -> dict[str, Any]:
    return {
        "page_language": current_language,
        "respondent_languages": respondent_languages,
        "link_in_language": link_in_language,
        "switch_field": SWITCH_FIELD,
        "language_name": language_name,
        "offer_drafts": bool(current_app.config["OFFER_DRAFT_LANGUAGES"]),
        "lang_attributes": lang_attributes,
        "survey_title": survey_title,
    }


def lang_attributes(text: object) -> Markup:
    """` lang=".." dir=".."` for survey text that is not in the page's language (English
    where no translation exists yet), so it is read out and laid out as what it is."""
    lang = getattr(text, "lang", None)
    here = current_language()
    if not lang or lang == here.code:
        return Markup("")
    found = language(lang)
    return Markup(' lang="{}" dir="{}"').format(lang, found.direction if found else "auto")


def in_own_language(text: object) -> Markup:
    """The text, escaped, in a span marked with its own language where that differs from the page's."""
    attributes = lang_attributes(text)
    return Markup("<span{}>{}</span>").format(attributes, text) if attributes else escape(text)


def shown_in_page_language(version: SurveyVersion) -> ShownVersion:
    """The version as this page's respondent reads it (English where not translated)."""
    return shown_version(version, current_language().code, standard_label=gettext)


def shown_text_in_page_language(version: SurveyVersion, place: str) -> ShownText:
    """One of the version's own texts as this page's respondent reads it."""
    return shown_version_text(version, current_language().code, place)


def survey_title(survey: Survey) -> ShownText:
    """A survey's title as this page's respondent reads it, for lists and captions (its
    current version's translation; the English title where there is none)."""
    if survey.current_version is None:
        return ShownText(survey.title, SOURCE_LANGUAGE)
    return shown_text_in_page_language(survey.current_version, "title")


def all_languages() -> list[Language]:
    return list(LANGUAGES.values())


def language_name(item: Language) -> str:
    """The language's name in the page's language ("Urdu", "Wrdw"), from Unicode's CLDR."""
    page = str(get_locale() or SOURCE_LANGUAGE)
    if page == SOURCE_LANGUAGE:  # the names UK services use ("Bengali", where CLDR has "Bangla")
        return item.english_name
    return Locale.parse(item.code).get_display_name(page) or item.english_name


def format_number(number: int) -> str:
    """A count as the page's language writes it (1,000 in English, 1 000 in Polish)."""
    return format_decimal(number)
