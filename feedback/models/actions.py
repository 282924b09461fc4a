"""'You said, we did': what people said, what was done about it, and the history of each change.

An action is linked to the themes, surveys, events and QI project it answers. What people said and what
was done are the organiser's own words; a quote from an answer is shown only if the organiser
chose it and it still passes the quote rules when a page is drawn.
"""
from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Column, Date, DateTime, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .analysis import Theme
from .events import Event
from .people import User
from .projects import QIProject
from .surveys import Survey
from .types import enum_column, utcnow


class ActionStatus(enum.StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"


def _link_table(name: str, other: str) -> Table:
    return Table(
        name, db.metadata,
        Column("action_id", ForeignKey("action_item.id", ondelete="CASCADE"), primary_key=True),
        Column(f"{other}_id", ForeignKey(f"{other}.id", ondelete="CASCADE"), primary_key=True, index=True),
    )


action_theme = _link_table("action_theme", "theme")
action_survey = _link_table("action_survey", "survey")
action_event = _link_table("action_event", "event")


class Action(db.Model):
    __tablename__ = "action_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    said: Mapped[str] = mapped_column(Text)        # what people said, in the organiser's words
    done: Mapped[str] = mapped_column(Text)        # what was done, or is planned
    status: Mapped[ActionStatus] = mapped_column(enum_column(ActionStatus), default=ActionStatus.PLANNED, index=True)
    # The date each status began (planned, started, done), as the organiser gives it.
    planned_on: Mapped[date | None] = mapped_column(Date)
    started_on: Mapped[date | None] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date, index=True)
    due_on: Mapped[date | None] = mapped_column(Date)  # when it is expected to be done
    # Who is responsible, for organisers only; public pages show `public_team`, if any.
    responsible: Mapped[str] = mapped_column(String(200))
    public_team: Mapped[str] = mapped_column(String(200), default="")
    # The organiser's chosen quote; checked against the quote rules whenever it is shown.
    quote_answer_id: Mapped[int | None] = mapped_column(ForeignKey("answer.id", ondelete="SET NULL"))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("qi_project.id", ondelete="SET NULL"), index=True)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_note: Mapped[str] = mapped_column(Text, default="")  # public: why it closed without being done
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    themes: Mapped[list[Theme]] = relationship(secondary=action_theme, order_by=Theme.name)
    surveys: Mapped[list[Survey]] = relationship(secondary=action_survey, order_by=Survey.id)
    events: Mapped[list[Event]] = relationship(secondary=action_event, order_by=Event.id)
    project: Mapped[QIProject | None] = relationship()
    changes: Mapped[list[ActionChange]] = relationship(
        back_populates="action", order_by="ActionChange.id", cascade="all, delete-orphan")

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def status_on(self) -> date | None:
        """The date the current status began."""
        return {ActionStatus.PLANNED: self.planned_on, ActionStatus.IN_PROGRESS: self.started_on,
                ActionStatus.DONE: self.done_on}[self.status]


class ActionChange(db.Model):
    """One change to an action: who, when, and what changed, in words. Only ever added."""
    __tablename__ = "action_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action_item.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    what: Mapped[str] = mapped_column(Text)  # one change a line

    action: Mapped[Action] = relationship(back_populates="changes")
    user: Mapped[User | None] = relationship()
