"""Downloads of raw responses (CSV, XLSX): organisers only, under the results filters, logged.

Small-number protection does not apply: these are the raw answers, for the organisers'
own reports, which is why only organisers may download them and every download is recorded.
"""
from __future__ import annotations

import tempfile
from collections.abc import Iterator
from datetime import date
from typing import IO

from flask import Response, abort, redirect, request, stream_with_context, url_for
from flask.typing import ResponseReturnValue

from ..extensions import db
from ..models import Survey, UserRole
from ..reports import catalogue
from ..reports.audit_hook import audit
from ..reports.exports import ResponseExport, csv_lines, write_xlsx
from . import bp
from .access import current_user, requires
from .forms_results import read_filters

CHUNK_SIZE = 64 * 1024
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.get("/results/surveys/<int:survey_id>/export.<format>")
@requires(UserRole.ORGANISER)
def export_responses(survey_id: int, format: str) -> ResponseReturnValue:
    survey = db.session.get(Survey, survey_id)
    if survey is None or format not in ("csv", "xlsx"):
        abort(404)
    events = catalogue.events_for_survey(db.session, survey_id)
    form = read_filters(request.args, survey_id=survey_id, event_ids={event.id for event in events})
    if form.errors:
        # The results page shows what is wrong with the filters.
        return redirect(url_for(".survey_results", survey_id=survey_id, **form.query_args()))
    filters = form.filters
    described = ", ".join(f"{name}={value}" for name, value in form.query_args().items()) or "no filters"
    audit(db.session, user=current_user(), action=f"export.{format}", target=f"survey {survey.slug}",
          detail=described)
    db.session.commit()
    export = ResponseExport(db.session, filters)
    filename = f"{survey.slug}-responses-{date.today().isoformat()}.{format}"
    if format == "csv":
        return Response(stream_with_context(csv_lines(export.headings(), export.rows())),
                        mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{filename}"'})
    # openpyxl writes the zip at the end, so the workbook goes through a temporary file
    # (in memory until it is big) rather than being held whole in a bytes object.
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    write_xlsx(export.headings(), export.rows(), spool)
    spool.seek(0)
    return Response(_chunks_then_close(spool), mimetype=XLSX_TYPE,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _chunks_then_close(spool: IO[bytes]) -> Iterator[bytes]:
    try:
        while chunk := spool.read(CHUNK_SIZE):
            yield chunk
    finally:
        spool.close()
