"""Downloads of raw responses (CSV, XLSX): organisers only, under the results filters, logged.

Small-number protection does not apply: these are the raw answers, for the organisers'
own reports, which is why only organisers may download them and every download is recorded.
"""
from __future__ import annotations

from flask import Response, abort, flash, redirect, stream_with_context, url_for
from flask.typing import ResponseReturnValue

from ..audit import record
from ..clock import trust_today
from ..extensions import db
from ..models import UserRole
from ..reports.exports import XLSX_MAX_ROWS, ResponseExport, csv_lines, xlsx_chunks
from ..reports.xlsx import XLSX_TYPE
from .access import current_user, requires, sees_flags, survey_and_filters
from .blueprint import bp


@bp.get("/results/surveys/<int:survey_id>/export.<format>")
@requires(UserRole.ORGANISER)
def export_responses(survey_id: int, format: str) -> ResponseReturnValue:
    if format not in ("csv", "xlsx"):
        abort(404)
    survey, _events, form = survey_and_filters(survey_id)
    if form.errors:
        # The results page shows what is wrong with the filters.
        return redirect(url_for(".survey_results", survey_id=survey_id, **form.query_args()))
    filters = form.filters
    export = ResponseExport(db.session, filters, with_flags=sees_flags(current_user()))
    if format == "xlsx" and (count := export.count()) > XLSX_MAX_ROWS:
        # A bigger sheet would not open in Excel; say so rather than send a broken file.
        flash(f"These {count:,} responses are more than one spreadsheet can hold ({XLSX_MAX_ROWS:,} rows). "
              "Download them as CSV, or choose a shorter date range.")
        return redirect(url_for(".survey_results", survey_id=survey_id, **form.query_args()), code=303)
    described = ", ".join(f"{name}={value}" for name, value in form.query_args().items()) or "no filters"
    record(db.session, user=current_user(), action=f"export.{format}", target=f"survey {survey.slug}",
          detail=described)
    db.session.commit()
    filename = f"{survey.slug}-responses-{trust_today().isoformat()}.{format}"
    if format == "csv":
        return Response(stream_with_context(csv_lines(export.headings(), export.rows())),
                        mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{filename}"'})
    # The workbook is zipped as the rows are read and sent a chunk at a time, like the CSV.
    return Response(stream_with_context(xlsx_chunks(export.headings(), export.rows())), mimetype=XLSX_TYPE,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
