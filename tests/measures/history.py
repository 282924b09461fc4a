"""A seeded history of responses for measures tests: months of answers, written answers
with themes, two channels, and months below the small-number minimum."""
from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from feedback.measures.series import Granularity, next_period
from feedback.models import (
    Answer,
    AnswerAnalysis,
    AnswerTheme,
    Channel,
    Direction,
    RespondentRole,
    Response,
    Sentiment,
    Survey,
    TagSource,
    Theme,
)
from feedback.reports.suppression import Rules

from ..factories import make_survey, make_theme

QUESTIONS = [
    {"key": "equal", "type": "agreement", "prompt": "I was treated as an equal."},
    {"key": "again", "type": "yes_no", "prompt": "Would you take part again?"},
    {"key": "score", "type": "scale_0_10", "prompt": "How likely are you to recommend taking part?"},
    {"key": "harder", "type": "free_text", "polarity": "barrier", "prompt": "What made it harder?"},
]


@dataclass
class Month:
    start: date
    responses: int
    agreed: int = 0         # of the responses, how many agree with "equal"
    paper: int = 0          # of the responses, how many came on paper
    jargon: int = 0         # written answers tagged with the Jargon barrier


@dataclass
class History:
    survey: Survey
    jargon: Theme
    months: list[Month]


def seed_history(session: Session, months: list[Month]) -> History:
    survey = make_survey(session, slug="measures-test", title="After an event", questions=QUESTIONS)
    jargon = make_theme(session, name="Jargon")
    version = survey.current_version
    questions = {q.key: q for q in version.questions}
    choice = {(q.key, c.value): c.id for q in version.questions for c in q.choices}
    for month in months:
        add_responses(session, survey, month, questions, choice, jargon)
    session.commit()
    return History(survey, jargon, months)


def add_responses(session: Session, survey: Survey, month: Month, questions, choice, jargon: Theme,
                  *, day: int = 3, spread: int = 20) -> list[Response]:
    made = []
    for number in range(month.responses):
        response = Response(public_id=secrets.token_hex(16), survey_version_id=survey.current_version_id,
                            respondent_role=RespondentRole.CARER if number % 2 else RespondentRole.SERVICE_USER,
                            channel=Channel.PAPER if number < month.paper else Channel.ONLINE,
                            submitted_on=month.start + timedelta(days=day - 1 + number % spread))
        response.answers = [
            Answer(question_id=questions["equal"].id,
                   choice_id=choice[("equal", "agree" if number < month.agreed else "disagree")]),
            Answer(question_id=questions["again"].id, choice_id=choice[("again", "yes" if number % 4 else "no")]),
            Answer(question_id=questions["score"].id, choice_id=choice[("score", str(number % 11))]),
            Answer(question_id=questions["harder"].id, text="the papers were full of jargon"),
        ]
        session.add(response)
        made.append(response)
    session.flush()
    for number, response in enumerate(made):
        written = response.answers[-1]
        session.add(AnswerAnalysis(answer_id=written.id, sentiment=Sentiment.NEGATIVE, score=-0.5,
                                   direction=Direction.BARRIER, model_version="test-1"))
        if number < month.jargon:
            session.add(AnswerTheme(answer_id=written.id, theme_id=jargon.id, source=TagSource.RULE,
                                    evidence="jargon", confidence=0.9))
    session.flush()
    return made


def months_from(first: date, specs: list[tuple[int, int, int, int]]) -> list[Month]:
    """(responses, agreed, paper, jargon) for consecutive months from `first`."""
    months, start = [], first
    for responses, agreed, paper, jargon in specs:
        months.append(Month(start, responses, agreed, paper, jargon))
        start = next_period(start, Granularity.MONTH)
    return months


# Shared with the tests of the measures, the email trend and the spc command.
RULES = Rules(group_minimum=10, count_maximum=4)
# The SPC cases from NHSRplotthedots, and how near our numbers must come to theirs.
CASES = json.loads((Path(__file__).parent / "spc_cases.json").read_text(encoding="utf-8"))["cases"]
TOLERANCE = 1e-6
