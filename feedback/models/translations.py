"""Translations of a survey version's wording, one row per language."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .surveys import SurveyVersion
from .types import utcnow


class SurveyTranslation(db.Model):
    """The translated texts of one version in one language.

    `texts` maps each text's place ("title", "question.role.prompt",
    "question.role.choice.carer", ...) to [the English it translates, the translation].
    Keeping the English beside it is what marks a translation out of date: when the
    survey's English changes (edited in place or in a new version), that text no longer
    matches and is shown in English until it is translated again.
    """
    __tablename__ = "survey_translation"
    __table_args__ = (UniqueConstraint("version_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("survey_version.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(12))
    texts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Who checked it, as fluent speakers; empty while it is a draft.
    reviewed_by: Mapped[str | None] = mapped_column(String(120))
    reviewed_on: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    version: Mapped[SurveyVersion] = relationship(back_populates="translations")
