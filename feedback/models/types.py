"""Small shared column helpers and the enumerations stored in the database."""
from __future__ import annotations

import enum
from datetime import datetime, timezone

from sqlalchemy import Enum


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def enum_column(enum_class: type[enum.Enum], length: int = 24) -> Enum:
    """A portable enum: a VARCHAR with a CHECK constraint holding the enum's values."""
    return Enum(
        enum_class,
        native_enum=False,
        create_constraint=True,
        length=length,
        validate_strings=True,
        values_callable=lambda members: [member.value for member in members],
        name=enum_class.__name__.lower(),
    )


class QuestionType(enum.StrEnum):
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    AGREEMENT = "agreement"
    SCALE_0_10 = "scale_0_10"
    YES_NO = "yes_no"
    FREE_TEXT = "free_text"

    @property
    def is_choice(self) -> bool:
        return self is not QuestionType.FREE_TEXT


class PromptPolarity(enum.StrEnum):
    """What a free-text prompt asks for; the text analysis reads answers in its light."""
    ENABLER = "enabler"
    BARRIER = "barrier"
    NEUTRAL = "neutral"


class SurveyStatus(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class Audience(enum.StrEnum):
    SERVICE_USERS_AND_CARERS = "service_users_and_carers"
    STAFF = "staff"
    EVERYONE = "everyone"


class RespondentRole(enum.StrEnum):
    SERVICE_USER = "service_user"
    CARER = "carer"
    STAFF = "staff"
    OTHER = "other"
    PREFER_NOT_TO_SAY = "prefer_not_to_say"
    NOT_ASKED = "not_asked"


class Channel(enum.StrEnum):
    ONLINE = "online"
    PAPER = "paper"
    KIOSK = "kiosk"


class ResponseFormat(enum.StrEnum):
    """Which version of the questions a response answered; where it came from is its Channel."""
    STANDARD = "standard"
    EASY_READ = "easy_read"
    LARGE_PRINT = "large_print"  # a printed form only (organise/views_print.py)


class QuestionLayout(enum.StrEnum):
    """How an event shows its surveys' questions; Easy Read is always one per page."""
    SURVEY = "survey"              # as the survey is set (survey.one_question_per_page)
    ONE_PAGE = "one_page"
    ONE_PER_PAGE = "one_per_page"


class Involvement(enum.StrEnum):
    """The trust's own measure: are service users or carers on the project team?"""
    BIG_I = "big_i"          # full members of the QI project team
    LITTLE_I = "little_i"    # consulted only
    NOT_INVOLVED = "not_involved"
    UNKNOWN = "unknown"


class UserRole(enum.StrEnum):
    ADMIN = "admin"
    ORGANISER = "organiser"
    VIEWER = "viewer"
