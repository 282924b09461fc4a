"""Public 'You said, we did' pages: for the whole trust, each event and each QI project. Open to anyone,
and built so nothing on them identifies anyone (see feedback.actions.public)."""
from __future__ import annotations

from typing import Any

from flask import abort, current_app, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext

from ..actions.public import Section, events_with_actions, projects_with_actions, public_actions
from ..extensions import db
from ..form_input import whole_number
from ..models import ActionStatus, QIProject
from ..reports.suppression import Rules
from . import queries
from .blueprint import bp


def _rules() -> Rules:
    return Rules.from_config(current_app.config)


def _paging() -> dict[str, Any]:
    """?status= and ?page= from the address: one status, page by page. Refused plainly if wrong."""
    raw_status, raw_page = request.args.get("status"), request.args.get("page", "1")
    if raw_status is not None and raw_status not in ActionStatus._value2member_map_:
        abort(400, gettext("This link is not right. Go back to the page you came from."))
    page = whole_number(raw_page, digits=5)
    if not page or (page > 1 and raw_status is None):
        abort(400, gettext("This link is not right. Go back to the page you came from."))
    return {"status": ActionStatus(raw_status) if raw_status else None, "page": page}


def _render(sections: dict[ActionStatus, Section], paging: dict[str, Any], **context: Any) -> str:
    if paging["page"] > 1 and not any(section.items for section in sections.values()):
        abort(404)
    return render_template("surveys/actions.html", sections=sections, paging=paging, **context)


@bp.get("/you-said-we-did")
def actions_trust() -> ResponseReturnValue:
    paging = _paging()
    return _render(public_actions(db.session, _rules(), **paging), paging,
                   events=[] if paging["status"] else events_with_actions(db.session),
                   projects=[] if paging["status"] else projects_with_actions(db.session))


@bp.get("/you-said-we-did/e/<code>")
def actions_event(code: str) -> ResponseReturnValue:
    # A closed event keeps its page: people come back to see what changed after it.
    event = queries.event_by_code(db.session, code[:20])
    if event is None:
        abort(404)
    paging = _paging()
    return _render(public_actions(db.session, _rules(), event=event, **paging), paging, event=event)


@bp.get("/you-said-we-did/p/<int:project_id>")
def actions_project(project_id: int) -> ResponseReturnValue:
    project = db.get_or_404(QIProject, project_id)
    paging = _paging()
    return _render(public_actions(db.session, _rules(), project=project, **paging), paging, project=project)
