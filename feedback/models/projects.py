"""QI projects: the register, each project's stage over time, and who was on its team.

Stage and involvement are histories, not fields: each change is a row with the date it
took effect, so the headline measure can ask "on this date, was the project active, and
were service users or carers on its team?" for any month in the past.
"""
from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .types import Involvement, enum_column, utcnow


class ProjectStage(enum.StrEnum):
    SCOPING = "scoping"
    TESTING_CHANGES = "testing_changes"
    IMPLEMENTING = "implementing"
    SUSTAINING = "sustaining"
    CLOSED = "closed"


class QIProject(db.Model):
    __tablename__ = "qi_project"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    service: Mapped[str] = mapped_column(String(200), default="")   # the service or team
    aim: Mapped[str] = mapped_column(Text, default="")
    # Null only for projects made from older events' text, until an organiser sets it.
    started_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    stages: Mapped[list[ProjectStageChange]] = relationship(
        back_populates="project", cascade="all, delete-orphan",
        order_by="(ProjectStageChange.changed_on, ProjectStageChange.id)")
    involvements: Mapped[list[InvolvementChange]] = relationship(
        back_populates="project", cascade="all, delete-orphan",
        order_by="(InvolvementChange.changed_on, InvolvementChange.id)")

    def stage_on(self, day: date) -> ProjectStage | None:
        """The stage in effect on `day` (the latest change on or before it), if recorded."""
        found = [change.stage for change in self.stages if change.changed_on <= day]
        return found[-1] if found else None

    def involvement_on(self, day: date) -> Involvement:
        found = [change.involvement for change in self.involvements if change.changed_on <= day]
        return found[-1] if found else Involvement.UNKNOWN

    @property
    def stage(self) -> ProjectStage | None:
        return self.stages[-1].stage if self.stages else None

    @property
    def involvement(self) -> Involvement:
        return self.involvements[-1].involvement if self.involvements else Involvement.UNKNOWN

    @property
    def involved_from_start(self) -> bool | None:
        """Were service users or carers team members on the day the project started?
        None when the start date is not known."""
        if self.started_on is None:
            return None
        return self.involvement_on(self.started_on) is Involvement.BIG_I


class ProjectStageChange(db.Model):
    __tablename__ = "qi_project_stage"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("qi_project.id", ondelete="CASCADE"), index=True)
    stage: Mapped[ProjectStage] = mapped_column(enum_column(ProjectStage))
    changed_on: Mapped[date] = mapped_column(Date)     # the day the project entered the stage
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    project: Mapped[QIProject] = relationship(back_populates="stages")


class InvolvementChange(db.Model):
    """From `changed_on`, service users or carers were team members (big_i), only
    consulted (little_i), not involved, or it is not known."""
    __tablename__ = "qi_project_involvement"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("qi_project.id", ondelete="CASCADE"), index=True)
    involvement: Mapped[Involvement] = mapped_column(enum_column(Involvement))
    changed_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    project: Mapped[QIProject] = relationship(back_populates="involvements")
