"""Public 'You said, we did' pages: for the whole trust, each event and each QI project. Open to anyone,
and built so nothing on them identifies anyone (see feedback.actions.public)."""
from __future__ import annotations

from flask import abort, current_app, render_template
from flask.typing import ResponseReturnValue

from ..actions.public import events_with_actions, projects_with_actions, public_actions
from ..extensions import db
from ..models import QIProject
from ..reports.suppression import Rules
from . import queries
from .blueprint import bp


def _rules() -> Rules:
    return Rules.from_config(current_app.config)


@bp.get("/you-said-we-did")
def actions_trust() -> ResponseReturnValue:
    return render_template("surveys/actions.html", sections=public_actions(db.session, _rules()),
                           events=events_with_actions(db.session), projects=projects_with_actions(db.session))


@bp.get("/you-said-we-did/e/<code>")
def actions_event(code: str) -> ResponseReturnValue:
    # A closed event keeps its page: people come back to see what changed after it.
    event = queries.event_by_code(db.session, code[:20])
    if event is None:
        abort(404)
    return render_template("surveys/actions.html", sections=public_actions(db.session, _rules(), event=event),
                           event=event)


@bp.get("/you-said-we-did/p/<int:project_id>")
def actions_project(project_id: int) -> ResponseReturnValue:
    project = db.get_or_404(QIProject, project_id)
    return render_template("surveys/actions.html",
                           sections=public_actions(db.session, _rules(), project=project), project=project)
