"""The one module of test factories (keyword-only): accounts, events, a small survey, its
responses and their analysis, themes and flags."""
from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from feedback.models import (
    Answer,
    AnswerAnalysis,
    AnswerTheme,
    Direction,
    Event,
    Involvement,
    InvolvementChange,
    QIProject,
    RespondentRole,
    Response,
    ResponseFormat,
    SafeguardingFlag,
    Sentiment,
    Survey,
    SurveyVersion,
    TagSource,
    Taxonomy,
    Theme,
    User,
    UserRole,
)
from feedback.models.definitions import build_survey, build_version

PASSWORD = "correct horse battery staple"
# Real accounts use scrypt; tests use a cheap hash so dozens of accounts cost nothing.
_CHEAP_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")

QUESTIONS: list[dict[str, Any]] = [
    {"key": "role", "type": "single_choice", "prompt": "Who are you?",
     "choices": [["service_user", "I use services"], ["carer", "I am a carer"], ["staff", "I work here"]]},
    {"key": "listened_to", "type": "agreement", "prompt": "People listened to me."},
    {"key": "support", "type": "multiple_choice", "prompt": "What support did you get?",
     "choices": [["travel", "Travel"], ["payment", "Payment"], ["easy_read", "Easy Read"]]},
    {"key": "what_helped", "type": "free_text", "polarity": "enabler", "prompt": "What helped?"},
    {"key": "what_made_it_harder", "type": "free_text", "polarity": "barrier", "prompt": "What made it harder?"},
]


def make_survey(session: Session, *, slug: str = "results-test", title: str = "Results test survey",
                questions: list[dict[str, Any]] | None = None) -> Survey:
    survey = build_survey({"slug": slug, "title": title, "questions": questions or QUESTIONS})
    session.add(survey)
    session.flush()
    return survey


def add_version(session: Session, *, survey: Survey, questions: list[dict[str, Any]], title: str | None = None) -> SurveyVersion:
    version = build_version(survey, {"title": title or survey.title, "questions": questions})
    session.flush()
    return version


def make_user(session: Session, *, email: str | None = None, role: UserRole = UserRole.ORGANISER,
              name: str = "", must_change_password: bool = False, active: bool = True) -> User:
    """An account whose password is PASSWORD, committed so every request sees it. Without an
    email it is the role's own address (organiser@example.org), or a new one if that is taken."""
    if email is None:
        email = f"{role.value}@example.org"
        if session.scalar(select(User).where(User.email == email)) is not None:
            email = f"{role.value}-{secrets.token_hex(3)}@example.org"
    user = User(email=email, name=name or email.split("@")[0].title(), role=role, password_hash=_CHEAP_HASH,
                must_change_password=must_change_password, active=active, failed_sign_ins=0)
    session.add(user)
    session.commit()
    return user


def make_event(session: Session, *, name: str = "Carers' coffee morning", code: str | None = None,
               surveys: list[Survey] | None = None, held_on: date | None = date(2026, 3, 14)) -> Event:
    """An event of the QI project "Discharge planning", committed. Without a code it is
    K7MPQ2, or a new one if that is taken."""
    if code is None:
        code = "K7MPQ2"
        if session.scalar(select(Event).where(Event.code == code)) is not None:
            code = secrets.token_hex(3).upper()
    project = session.scalar(select(QIProject).where(QIProject.name == "Discharge planning"))
    if project is None:
        project = QIProject(name="Discharge planning", started_on=date(2026, 1, 5), involvements=[
            InvolvementChange(involvement=Involvement.BIG_I, changed_on=date(2026, 1, 5))])
    event = Event(code=code, name=name, held_on=held_on, place="Ward 4 day room", project=project,
                  surveys=surveys or [])
    session.add(event)
    session.commit()
    return event


def make_theme(session: Session, *, name: str, key: str | None = None, taxonomy_key: str = "test") -> Theme:
    taxonomy = session.scalar(select(Taxonomy).where(Taxonomy.key == taxonomy_key))
    if taxonomy is None:
        taxonomy = Taxonomy(key=taxonomy_key, name=f"{taxonomy_key.title()} taxonomy")
        session.add(taxonomy)
    theme = Theme(taxonomy=taxonomy, key=key or name.lower().replace(" ", "_"), name=name)
    session.add(theme)
    session.flush()
    return theme


def make_response(
    session: Session, *, survey: Survey, version: SurveyVersion | None = None,
    role: RespondentRole = RespondentRole.CARER, on: date = date(2026, 3, 1), event: Event | None = None,
    choices: dict[str, str | list[str]] | None = None, texts: dict[str, str] | None = None,
    answered_in: ResponseFormat | None = None,
) -> Response:
    """A response; `choices` and `texts` are keyed by question key. Without `answered_in`
    its format is not recorded, as for a response from before formats were."""
    version = version or survey.current_version
    response = Response(public_id=secrets.token_hex(16), survey_version_id=version.id,
                        event_id=event.id if event else None, respondent_role=role, submitted_on=on,
                        format=answered_in)
    questions = {question.key: question for question in version.questions}
    for key, picked in (choices or {}).items():
        values = picked if isinstance(picked, list) else [picked]
        for choice in questions[key].choices:
            if choice.value in values:
                response.answers.append(Answer(question_id=questions[key].id, choice_id=choice.id))
    for key, text in (texts or {}).items():
        response.answers.append(Answer(question_id=questions[key].id, text=text))
    session.add(response)
    session.flush()
    return response


def text_answer(response: Response, key: str) -> Answer:
    return next(answer for answer in response.answers if answer.text is not None and answer.question.key == key)


def analyse(session: Session, *, answer: Answer, sentiment: Sentiment = Sentiment.NEGATIVE,
            direction: Direction = Direction.BARRIER, themes: list[Theme] = (),
            source: TagSource = TagSource.RULE) -> AnswerAnalysis:
    analysis = AnswerAnalysis(answer_id=answer.id, sentiment=sentiment, score=0.0, direction=direction,
                              model_version="test-1")
    session.add(analysis)
    for theme in themes:
        session.add(AnswerTheme(answer_id=answer.id, theme_id=theme.id, source=source,
                                evidence=f"matched {theme.name.lower()}", confidence=0.9))
    session.flush()
    return analysis


def flag(session: Session, *, answer: Answer, reasons: str = "mentions self-harm",
         on: date = date(2026, 3, 1)) -> SafeguardingFlag:
    item = SafeguardingFlag(answer_id=answer.id, reasons=reasons, flagged_on=on)
    session.add(item)
    session.flush()
    return item


def results_survey(session: Session, *, carers: int = 10, staff: int = 0, on: date = date(2026, 3, 1), event=None):
    """A survey where every response found the travel help useful and the room noisy."""
    survey = make_survey(session)
    travel, noise = make_theme(session, name="Travel"), make_theme(session, name="Noise")
    for role, count in ((RespondentRole.CARER, carers), (RespondentRole.STAFF, staff)):
        for number in range(count):
            response = make_response(
                session, survey=survey, role=role, on=on, event=event,
                choices={"listened_to": "agree" if number % 5 else "disagree", "support": ["travel"]},
                texts={"what_helped": f"my bus fare was paid ({role.value} {number})",
                       "what_made_it_harder": "the room was noisy"})
            analyse(session, answer=text_answer(response, "what_helped"), sentiment=Sentiment.POSITIVE,
                    direction=Direction.ENABLER, themes=[travel])
            analyse(session, answer=text_answer(response, "what_made_it_harder"), direction=Direction.BARRIER,
                    themes=[noise])
    session.commit()
    return survey
