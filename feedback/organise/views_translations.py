"""A survey's translations: how far each language has got, a side-by-side sheet for a
translator (CSV or XLSX), and the filled-in sheet imported back, all or nothing."""
from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from ..audit import record
from ..extensions import csrf, db
from ..i18n.content import save_translation, translation_for, translation_state
from ..i18n.languages import LANGUAGES, SOURCE_LANGUAGE, Language
from ..i18n.sheets import MAX_SHEET_BYTES, SHEET_TOO_BIG, SheetError, read_sheet, sheet_csv, sheet_xlsx
from ..models import Survey, UserRole
from ..reports.xlsx import SHEET_TYPES
from .access import current_user, requires, survey_or_404
from .blueprint import bp
from .forms import ConfirmForm
from .uploads import NOT_IMPORTED_TIMED_OUT, allow_upload_of, body_too_big, megabytes


def _language_or_404(code: str) -> Language:
    found = LANGUAGES.get(code)
    if found is None or found.code == SOURCE_LANGUAGE:
        abort(404)
    return found


@bp.get("/surveys/<int:survey_id>/translations")
@requires(UserRole.ORGANISER)
def survey_translations(survey_id: int) -> ResponseReturnValue:
    survey = survey_or_404(survey_id)
    version = survey.current_version
    rows = [(language, translation_for(version, language.code),
             translation_state(version, translation_for(version, language.code)))
            for language in LANGUAGES.values() if language.code != SOURCE_LANGUAGE]
    return render_template("organise/surveys/translations.html", survey=survey, version=version, rows=rows,
                           form=ConfirmForm(), problems=None, problem_language=None,
                           sheet_limit=megabytes(MAX_SHEET_BYTES))


@bp.get("/surveys/<int:survey_id>/translations/<code>.<kind>")
@requires(UserRole.ORGANISER)
def translation_sheet(survey_id: int, code: str, kind: str) -> ResponseReturnValue:
    survey = survey_or_404(survey_id)
    language = _language_or_404(code)
    if kind not in SHEET_TYPES:
        abort(404)
    body = (sheet_csv if kind == "csv" else sheet_xlsx)(survey.current_version, language)
    record(db.session, user=current_user(), action="translation.export", target=f"survey {survey.slug}",
           detail=f"{language.code} {kind}")
    db.session.commit()
    filename = f"{survey.slug}-v{survey.current_version.number}-{language.code}.{kind}"
    return Response(body, mimetype=SHEET_TYPES[kind],
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


# The form checks its own CSRF token (ConfirmForm), after the body limit is raised
# (feedback/organise/uploads.py).
@bp.post("/surveys/<int:survey_id>/translations/<code>")
@csrf.exempt
@requires(UserRole.ORGANISER)
def translation_import(survey_id: int, code: str) -> ResponseReturnValue:
    allow_upload_of(MAX_SHEET_BYTES)
    survey = survey_or_404(survey_id)
    language = _language_or_404(code)
    version = survey.current_version
    if body_too_big():
        return _page_with_problems(survey, ConfirmForm(formdata=None), [SHEET_TOO_BIG], language, 413)
    form = ConfirmForm()
    upload = request.files.get("sheet")
    problems: list[str]
    if not form.validate_on_submit():
        problems = [NOT_IMPORTED_TIMED_OUT]
    elif upload is None or not upload.filename:
        problems = ["Choose the filled-in sheet (CSV or XLSX) to import"]
    else:
        try:
            texts = read_sheet(upload.read(), upload.filename, version, language)
        except SheetError as error:
            problems = error.problems
        else:
            save_translation(version, language.code, texts)
            record(db.session, user=current_user(), action="translation.import", target=f"survey {survey.slug}",
                   detail=f"{language.code}: {len(texts)} texts")
            db.session.commit()
            flash(f"{language.english_name} translation imported: {len(texts)} texts. It is a draft until a "
                  "fluent speaker has checked it.")
            return redirect(url_for(".survey_translations", survey_id=survey.id), code=303)
    return _page_with_problems(survey, form, problems, language, 400)


def _page_with_problems(survey: Survey, form: ConfirmForm, problems: list[str], language: Language,
                        status: int) -> ResponseReturnValue:
    version = survey.current_version
    rows = [(item, translation_for(version, item.code), translation_state(version, translation_for(version, item.code)))
            for item in LANGUAGES.values() if item.code != SOURCE_LANGUAGE]
    return render_template("organise/surveys/translations.html", survey=survey, version=version, rows=rows,
                           form=form, problems=problems, problem_language=language,
                           sheet_limit=megabytes(MAX_SHEET_BYTES)), status
