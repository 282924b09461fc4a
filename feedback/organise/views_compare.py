"""Compare results and measures side by side: by whether service users or carers were on
the project team, between chosen projects, or between chosen events. The work is in
feedback.projects.compare; this view is thin."""
from __future__ import annotations

from flask import abort, current_app, render_template, request
from flask.typing import ResponseReturnValue

from ..clock import trust_today
from ..extensions import db
from ..models import UserRole
from ..projects.compare import (
    MAX_GROUPS,
    compare,
    event_groups,
    events_to_choose,
    involvement_groups,
    project_groups,
    projects_to_choose,
)
from ..reports.suppression import Rules
from .access import event_tallies_ready, requires
from .blueprint import bp

KINDS = {"involvement": "Team members or not", "projects": "Projects", "events": "Events"}


def _ids(name: str) -> list[int]:
    values = request.args.getlist(name)
    if len(values) > 500 or not all(value.isascii() and value.isdigit() and len(value) < 10 for value in values):
        abort(400, "Choose from the lists shown.")
    return sorted({int(value) for value in values})


@bp.get("/compare")
@requires(UserRole.VIEWER)
def compare_page() -> ResponseReturnValue:
    kind = request.args.get("by", "involvement")
    if kind not in KINDS:
        abort(400, "Choose what to compare from the list shown.")
    rules = Rules.from_config(current_app.config)
    chosen = _ids("project") if kind == "projects" else _ids("event") if kind == "events" else []
    comparison, problem = None, None
    event_tallies_ready()
    if kind == "involvement":
        groups, left_out = involvement_groups(db.session)
        comparison = compare(db.session, groups, rules, today=trust_today(), left_out=left_out)
    elif not 2 <= len(chosen) <= MAX_GROUPS:
        problem = f"Choose from 2 to {MAX_GROUPS} {kind} to compare" if chosen else None
    else:
        groups = (project_groups if kind == "projects" else event_groups)(db.session, chosen)
        comparison = compare(db.session, groups, rules, today=trust_today())
    return render_template("organise/compare.html", kind=kind, kinds=KINDS, comparison=comparison, problem=problem,
                           chosen=chosen, rules=rules, max_groups=MAX_GROUPS,
                           projects=projects_to_choose(db.session) if kind == "projects" else [],
                           events=events_to_choose(db.session) if kind == "events" else []), \
        400 if problem else 200
