"""What the text analysis concluded about each free-text answer, and what people corrected."""
from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    and_,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .responses import Answer
from .types import PromptPolarity, enum_column


class Sentiment(enum.StrEnum):
    POSITIVE = "positive"
    NEUTRAL = "neutral"    # includes mixed
    NEGATIVE = "negative"


class Direction(enum.StrEnum):
    """Whether an answer describes something that helped or something that got in the way."""
    ENABLER = "enabler"
    BARRIER = "barrier"
    NEUTRAL = "neutral"


def direction_for(sentiment: Sentiment, polarity: PromptPolarity | None) -> Direction:
    """Did the answer describe a help or a hindrance?

    The sentiment decides when it is clear; the question breaks ties, so a neutral-sounding
    answer to "What made it harder?" ("The room was noisy") still counts as a barrier.
    """
    if sentiment is Sentiment.POSITIVE:
        return Direction.ENABLER
    if sentiment is Sentiment.NEGATIVE:
        return Direction.BARRIER
    return Direction(polarity.value) if polarity else Direction.NEUTRAL


class TagSource(enum.StrEnum):
    RULE = "rule"      # a keyword or phrase rule matched
    MODEL = "model"    # the trained classifier
    HUMAN = "human"    # an organiser added or confirmed it


class Taxonomy(db.Model):
    __tablename__ = "taxonomy"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    version: Mapped[str] = mapped_column(String(40), default="1")
    themes: Mapped[list[Theme]] = relationship(back_populates="taxonomy", order_by="Theme.name")


class Theme(db.Model):
    __tablename__ = "theme"
    __table_args__ = (UniqueConstraint("taxonomy_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    taxonomy_id: Mapped[int] = mapped_column(ForeignKey("taxonomy.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(120), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    taxonomy: Mapped[Taxonomy] = relationship(back_populates="themes")


class AnswerAnalysis(db.Model):
    """Sentiment and direction of one answer. Re-analysis never overwrites a human's choice."""
    __tablename__ = "answer_analysis"

    answer_id: Mapped[int] = mapped_column(ForeignKey("answer.id", ondelete="CASCADE"), primary_key=True)
    sentiment: Mapped[Sentiment] = mapped_column(enum_column(Sentiment))
    score: Mapped[float] = mapped_column(Float)
    direction: Mapped[Direction] = mapped_column(enum_column(Direction), index=True)
    model_version: Mapped[str] = mapped_column(String(60))
    sentiment_by_human: Mapped[bool] = mapped_column(Boolean, default=False)
    corrected_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    answer: Mapped[Answer] = relationship()


class AnswerTheme(db.Model):
    """One theme on one answer, with why. A human removal is kept (removed=True) so
    re-analysis does not put the theme back."""
    __tablename__ = "answer_theme"
    __table_args__ = (
        UniqueConstraint("answer_id", "theme_id"),
        # Theme counts read whether a tag stands and its theme from the index alone.
        Index("ix_answer_theme_answer_id", "answer_id", "removed", "theme_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answer.id", ondelete="CASCADE"))
    theme_id: Mapped[int] = mapped_column(ForeignKey("theme.id", ondelete="CASCADE"), index=True)
    source: Mapped[TagSource] = mapped_column(enum_column(TagSource))
    evidence: Mapped[str] = mapped_column(Text, default="")
    confidence: Mapped[float | None] = mapped_column(Float)
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    answer: Mapped[Answer] = relationship()
    theme: Mapped[Theme] = relationship()


class FlagState(enum.StrEnum):
    OPEN = "open"            # waiting for someone to act on it
    HANDLED = "handled"      # someone followed the safeguarding procedure
    UNFLAGGED = "unflagged"  # an organiser found it a false alarm (the row stays, with why)


class SafeguardingFlag(db.Model):
    """An answer that suggests risk. Shown to organisers first until someone handles it.

    Raised by the detector at storage (raised_by_id null) or by an organiser by hand. An
    unflagged false alarm keeps its row, so re-analysis never raises it again.
    """
    __tablename__ = "safeguarding_flag"

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answer.id", ondelete="CASCADE"), unique=True)
    # Why: the detector's phrases or model score, or the organiser's reason. May quote the
    # answer, so it never goes into emails or the audit log.
    reasons: Mapped[str] = mapped_column(Text)
    # The kinds of risk as keys, comma-separated ("self_harm,overdose"); see
    # analysis/risk_categories.py for their words.
    categories: Mapped[str] = mapped_column(String(200), default="")
    flagged_on: Mapped[date] = mapped_column(Date)
    raised_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    handled_at: Mapped[datetime | None] = mapped_column(DateTime)
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    handled_note: Mapped[str] = mapped_column(Text, default="")
    unflagged_at: Mapped[datetime | None] = mapped_column(DateTime)
    unflagged_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    unflagged_reason: Mapped[str] = mapped_column(Text, default="")

    answer: Mapped[Answer] = relationship()

    @property
    def category_keys(self) -> list[str]:
        return [key for key in self.categories.split(",") if key]

    @classmethod
    def waiting(cls) -> ColumnElement[bool]:
        """The condition for a flag still waiting for someone: not handled, not unflagged."""
        return and_(cls.handled_at.is_(None), cls.unflagged_at.is_(None))

    @property
    def state(self) -> FlagState:
        if self.unflagged_at is not None:
            return FlagState.UNFLAGGED
        return FlagState.HANDLED if self.handled_at is not None else FlagState.OPEN
