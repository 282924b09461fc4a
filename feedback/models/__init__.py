"""All models, imported here so Alembic and create_all() see every table."""
from . import revisions  # noqa: E402,F401,I001  (after the models it watches)
from .abuse import SubmissionSurge
from .actions import Action, ActionChange, ActionStatus
from .analysis import (
    AnswerAnalysis,
    AnswerTheme,
    Direction,
    FlagState,
    SafeguardingFlag,
    Sentiment,
    TagSource,
    Taxonomy,
    Theme,
    direction_for,
)
from .audit import AuditLog
from .drafts import FormDraft
from .event_month_tallies import EventMonthAnswerTally, EventMonthTally
from .event_tallies import EventAnswerTally, EventDayTally, EventTallyBuilt
from .events import Event, event_survey
from .kiosk import KioskSession
from .measures import DailyTally, MeasureChange, OrganiserMeasure, TallyBuilt, TallyStale
from .people import User
from .projects import InvolvementChange, ProjectStage, ProjectStageChange, QIProject
from .responses import Answer, Response
from .safeguarding import FlagChange, SafeguardingAlert, SafeguardingContact
from .scheduler import SchedulerHeartbeat
from .summaries import Frequency, OutboxMessage, RunStatus, ScopeKind, Subscription, SummaryRun
from .surveys import Choice, Question, Survey, SurveyVersion
from .translations import SurveyTranslation
from .types import (
    Audience,
    Channel,
    Involvement,
    PromptPolarity,
    QuestionLayout,
    QuestionType,
    RespondentRole,
    ResponseFormat,
    SurveyStatus,
    UserRole,
)

__all__ = [
    "Action", "ActionChange", "ActionStatus",
    "KioskSession", "SubmissionSurge",
    "AuditLog",
    "AnswerAnalysis", "AnswerTheme", "Direction", "FlagState", "SafeguardingFlag",
    "FlagChange", "SafeguardingAlert", "SafeguardingContact", "Sentiment", "TagSource", "Taxonomy", "Theme",
    "Answer", "Audience", "Channel", "Choice", "Event", "FormDraft", "Involvement", "PromptPolarity", "Question",
    "QuestionLayout", "QuestionType", "RespondentRole", "Response", "ResponseFormat", "SchedulerHeartbeat", "Survey", "SurveyStatus", "SurveyTranslation", "SurveyVersion", "User",
    "UserRole", "direction_for", "event_survey",
    "EventAnswerTally", "EventDayTally", "EventMonthAnswerTally", "EventMonthTally", "EventTallyBuilt",
    "DailyTally", "MeasureChange", "OrganiserMeasure", "TallyBuilt", "TallyStale",
    "InvolvementChange", "ProjectStage", "ProjectStageChange", "QIProject",
    "Frequency", "OutboxMessage", "RunStatus", "ScopeKind", "Subscription", "SummaryRun",
]
