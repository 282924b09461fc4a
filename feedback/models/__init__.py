"""All models, imported here so Alembic and create_all() see every table."""
from .analysis import AnswerAnalysis, AnswerTheme, Direction, SafeguardingFlag, Sentiment, TagSource, Taxonomy, Theme
from .events import Event, event_survey
from .people import User
from .responses import Answer, Response
from .surveys import Choice, Question, Survey, SurveyVersion
from .types import (
    Audience, Channel, Involvement, PromptPolarity, QuestionType, RespondentRole, SurveyStatus, UserRole,
)

__all__ = [
    "AnswerAnalysis", "AnswerTheme", "Direction", "SafeguardingFlag", "Sentiment", "TagSource", "Taxonomy", "Theme",
    "Answer", "Audience", "Channel", "Choice", "Event", "Involvement", "PromptPolarity", "Question",
    "QuestionType", "RespondentRole", "Response", "Survey", "SurveyStatus", "SurveyVersion", "User",
    "UserRole", "event_survey",
]
