"""Surveys, their immutable versions, questions and choices."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .types import Audience, PromptPolarity, QuestionType, RespondentRole, SurveyStatus, enum_column, utcnow


class Survey(db.Model):
    __tablename__ = "survey"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    audience: Mapped[Audience] = mapped_column(enum_column(Audience))
    status: Mapped[SurveyStatus] = mapped_column(enum_column(SurveyStatus), default=SurveyStatus.DRAFT)
    opens_on: Mapped[date | None] = mapped_column(Date)
    closes_on: Mapped[date | None] = mapped_column(Date)
    built_in: Mapped[bool] = mapped_column(Boolean, default=False)
    # One question per page, then "check your answers" (feedback/responses/pages.py).
    one_question_per_page: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Unlisted: not on the home page, reachable only by its link or an event's QR code.
    listed: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # Used when the survey does not ask who the person is (a staff survey knows).
    default_role: Mapped[RespondentRole] = mapped_column(
        enum_column(RespondentRole), default=RespondentRole.NOT_ASKED
    )
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("survey_version.id", use_alter=True, ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    versions: Mapped[list[SurveyVersion]] = relationship(
        back_populates="survey", foreign_keys="SurveyVersion.survey_id",
        order_by="SurveyVersion.number", cascade="all, delete-orphan",
    )
    current_version: Mapped[SurveyVersion | None] = relationship(
        foreign_keys=[current_version_id], post_update=True
    )

    @property
    def title(self) -> str:
        return self.current_version.title if self.current_version else self.slug

    def is_open_on(self, day: date) -> bool:
        if self.status is not SurveyStatus.OPEN or self.current_version is None:
            return False
        if self.opens_on and day < self.opens_on:
            return False
        return not (self.closes_on and day > self.closes_on)


class SurveyVersion(db.Model):
    """A snapshot of a survey's wording. Never edited once it has responses."""
    __tablename__ = "survey_version"
    __table_args__ = (UniqueConstraint("survey_id", "number"),)
    # An INSERT neither names nor returns `revision` (read when first needed), so code
    # written against an older schema, such as a migration's test, can still add versions.
    __mapper_args__ = {"eager_defaults": False}

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    intro: Mapped[str] = mapped_column(Text, default="")
    what_happens_next: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Raised by every change to the version's wording, questions, choices or translations
    # (models/revisions.py): with the id, it names one exact wording, so a worker may keep
    # a copy of it (responses/versions.py) and know from this one column whether it is current.
    # The database's default alone, so an INSERT does not name the column.
    revision: Mapped[int] = mapped_column(Integer, server_default="0")

    survey: Mapped[Survey] = relationship(back_populates="versions", foreign_keys=[survey_id])
    questions: Mapped[list[Question]] = relationship(
        back_populates="version", order_by="Question.position", cascade="all, delete-orphan"
    )
    translations: Mapped[list["SurveyTranslation"]] = relationship(  # noqa: F821 (models/translations.py)
        back_populates="version", order_by="SurveyTranslation.language", cascade="all, delete-orphan"
    )


class Question(db.Model):
    __tablename__ = "question"
    __table_args__ = (UniqueConstraint("version_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("survey_version.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    # A stable name for the question across versions ("role", "listened_to", ...).
    key: Mapped[str] = mapped_column(String(60))
    type: Mapped[QuestionType] = mapped_column(enum_column(QuestionType))
    prompt: Mapped[str] = mapped_column(Text)
    hint: Mapped[str] = mapped_column(Text, default="")
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    # The message shown when a required question is missed ("Select who you are").
    error_message: Mapped[str] = mapped_column(Text, default="")
    polarity: Mapped[PromptPolarity | None] = mapped_column(enum_column(PromptPolarity))
    max_chars: Mapped[int | None] = mapped_column(Integer)

    version: Mapped[SurveyVersion] = relationship(back_populates="questions")
    choices: Mapped[list[Choice]] = relationship(
        back_populates="question", order_by="Choice.position", cascade="all, delete-orphan"
    )


class Choice(db.Model):
    __tablename__ = "choice"
    __table_args__ = (UniqueConstraint("question_id", "value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    value: Mapped[str] = mapped_column(String(60))
    label: Mapped[str] = mapped_column(String(200))
    # Agreement and 0-10 scales carry a number, so averages and changes can be computed.
    score: Mapped[int | None] = mapped_column(Integer)

    question: Mapped[Question] = relationship(back_populates="choices")
