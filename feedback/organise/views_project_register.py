"""The QI project register downloaded as CSV or XLSX, and a filled-in register imported,
all or nothing. The work is in feedback.projects.sheets."""
from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy.exc import IntegrityError

from ..audit import record
from ..clock import trust_today
from ..extensions import csrf, db
from ..i18n.sheets import SheetError
from ..models import UserRole
from ..projects.sheets import (
    FROM_START,
    HEADINGS,
    MAX_REGISTER_BYTES,
    REGISTER_TOO_BIG,
    apply_register,
    read_register,
    register_csv,
    register_xlsx,
)
from ..reports.xlsx import SHEET_TYPES
from .access import current_user, requires
from .blueprint import bp
from .forms import ConfirmForm
from .uploads import NOT_IMPORTED_TIMED_OUT, allow_upload_of, body_too_big, megabytes


@bp.get("/projects/register.<kind>")
@requires(UserRole.ORGANISER)
def project_export(kind: str) -> ResponseReturnValue:
    if kind not in SHEET_TYPES:
        abort(404)
    body = (register_csv if kind == "csv" else register_xlsx)(db.session)
    record(db.session, user=current_user(), action="project.export", target="QI project register", detail=kind)
    db.session.commit()
    return Response(body, mimetype=SHEET_TYPES[kind],
                    headers={"Content-Disposition": f'attachment; filename="qi-projects-{trust_today()}.{kind}"'})


# The form checks its own CSRF token (ConfirmForm), after the body limit is raised
# (feedback/organise/uploads.py).
@bp.route("/projects/import", methods=["GET", "POST"])
@csrf.exempt
@requires(UserRole.ORGANISER)
def project_import() -> ResponseReturnValue:
    limit = megabytes(MAX_REGISTER_BYTES)
    if request.method == "POST":
        allow_upload_of(MAX_REGISTER_BYTES)
        if body_too_big():
            return render_template("organise/projects/import.html", form=ConfirmForm(formdata=None),
                                   problems=[REGISTER_TOO_BIG], headings=HEADINGS, from_start=FROM_START,
                                   limit=limit), 413
    form = ConfirmForm()
    problems: list[str] = []
    if request.method == "POST":
        upload = request.files.get("register")
        if not form.validate_on_submit():
            problems = [NOT_IMPORTED_TIMED_OUT]
        elif upload is None or not upload.filename:
            problems = ["Choose the register (CSV or XLSX) to import"]
        else:
            try:
                planned = read_register(db.session, upload.read(), upload.filename, today=trust_today())
                summary = apply_register(db.session, planned, by=current_user())
                record(db.session, user=current_user(), action="project.import", target="QI project register",
                       detail=f"{summary.added} added, {summary.changed} changed")
                db.session.commit()
            except SheetError as error:
                db.session.rollback()
                problems = error.problems
            except IntegrityError:
                db.session.rollback()
                problems = ["Someone changed the register while it was being imported. Nothing was changed: "
                            "import it again"]
            else:
                flash(f"Register imported: {summary.added} projects added, {summary.changed} changed, "
                      f"{summary.stages} stage changes and {summary.involvements} involvement changes recorded.",
                      "success")
                return redirect(url_for(".projects"), code=303)
    return render_template("organise/projects/import.html", form=form, problems=problems, headings=HEADINGS,
                           from_start=FROM_START, limit=limit), \
        400 if problems else 200
