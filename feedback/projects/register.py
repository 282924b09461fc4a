"""Create and change QI projects, and record their stage and involvement over time.

Every change is audit-logged; the caller commits, as with every service.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ..audit import record
from ..models import (
    Event,
    Involvement,
    InvolvementChange,
    ProjectStage,
    ProjectStageChange,
    QIProject,
    Subscription,
    User,
)
from ..models.summaries import ScopeKind

STAGE_WORDS = {
    ProjectStage.SCOPING: "Scoping",
    ProjectStage.TESTING_CHANGES: "Testing changes",
    ProjectStage.IMPLEMENTING: "Implementing",
    ProjectStage.SUSTAINING: "Sustaining",
    ProjectStage.CLOSED: "Closed",
}
INVOLVEMENT_WORDS = {
    Involvement.BIG_I: "Team members (\"Big I\")",
    Involvement.LITTLE_I: "Consulted only (\"little i\")",
    Involvement.NOT_INVOLVED: "Not involved",
    Involvement.UNKNOWN: "Not known",
}


class ProjectError(ValueError):
    """A change that cannot be made, said in words an organiser can act on."""


@dataclass(frozen=True)
class ProjectDetails:
    name: str
    service: str
    aim: str
    started_on: date | None


def _apply(session: Session, project: QIProject, details: ProjectDetails) -> None:
    name = details.name.strip()
    clash = session.scalar(select(QIProject.id).where(func.lower(QIProject.name) == name.lower(),
                                                      QIProject.id != (project.id or 0)))
    if clash is not None:
        raise ProjectError(f"There is already a project called {name!r}. Choose a different name.")
    if project.id is not None and project.name != name:
        # Subscriptions keep the name for their emails' wording.
        for subscription in session.scalars(select(Subscription).where(
                Subscription.scope_kind == ScopeKind.QI_PROJECT, Subscription.scope_id == project.id)):
            subscription.scope_name = name
    project.name = name
    project.service = details.service.strip()
    project.aim = details.aim.strip()
    project.started_on = details.started_on


def create_project(session: Session, details: ProjectDetails, *, by: User | None) -> QIProject:
    project = QIProject()
    _apply(session, project, details)
    session.add(project)
    session.flush()
    record(session, user=by, action="project.create", target=f"project {project.id}", detail=project.name)
    return project


def update_project(session: Session, project: QIProject, details: ProjectDetails, *, by: User | None) -> None:
    _apply(session, project, details)
    record(session, user=by, action="project.edit", target=f"project {project.id}", detail=project.name)


def record_stage(session: Session, project: QIProject, stage: ProjectStage, changed_on: date, *,
                 note: str = "", by: User | None) -> ProjectStageChange:
    change = ProjectStageChange(stage=stage, changed_on=changed_on, note=note.strip())
    project.stages.append(change)
    session.flush()
    record(session, user=by, action="project.stage", target=f"project {project.id}",
           detail=f"{STAGE_WORDS[stage]} from {changed_on.isoformat()}")
    return change


def record_involvement(session: Session, project: QIProject, involvement: Involvement, changed_on: date, *,
                       note: str = "", by: User | None) -> InvolvementChange:
    change = InvolvementChange(involvement=involvement, changed_on=changed_on, note=note.strip())
    project.involvements.append(change)
    session.flush()
    record(session, user=by, action="project.involvement", target=f"project {project.id}",
           detail=f"{INVOLVEMENT_WORDS[involvement]} from {changed_on.isoformat()}")
    return change


def all_projects(session: Session) -> list[QIProject]:
    """Every project with its histories loaded, by name."""
    return list(session.scalars(select(QIProject).order_by(func.lower(QIProject.name))
                                .options(selectinload(QIProject.stages), selectinload(QIProject.involvements))))


def project_events(session: Session, project: QIProject) -> list[Event]:
    return list(session.scalars(select(Event).where(Event.project_id == project.id)
                                .order_by(Event.held_on.desc(), Event.id.desc())))


def projects_by_name(session: Session) -> dict[str, QIProject]:
    return {project.name.lower(): project for project in session.scalars(select(QIProject))}
