"""Write a new submission with one Core INSERT per table, instead of the ORM's unit of work.

The ORM wrote a submission's response, each of its answers, their analysis and each theme
tag one INSERT at a time, with its bookkeeping around each: about half of a POST's CPU.
Nothing of a new response exists yet, so none of that bookkeeping is needed. What the
flush hooks do for new rows is done here directly, in the same transaction: the event's
daily and monthly tallies (models/event_tallies.add_counts) and the survey's stale mark
for that day (models/measures.mark_stale). A submission that raises a safeguarding flag,
or a session holding other changes, is not written here (see `fits`): it goes through the
ORM, so flags, their alerts and the hooks work as for every other change.
"""
from __future__ import annotations

import secrets
from collections import Counter
from datetime import date

from sqlalchemy import insert
from sqlalchemy.orm import Session

from ..models import Answer, AnswerAnalysis, AnswerTheme, Event, QuestionType, Response, SurveyVersion
from ..models.event_tallies import add_counts, agreed
from ..models.measures import mark_stale
from ..tagging.tagger import PreparedText, Tagger
from .submission import Submission, chosen_choices, free_texts, respondent_role

_RESPONSES, _ANSWERS = Response.__table__, Answer.__table__
# Built once: every submission runs them.
_INSERT_RESPONSE = insert(_RESPONSES).returning(_RESPONSES.c.id)
_INSERT_ANSWERS = insert(_ANSWERS).returning(_ANSWERS.c.id, _ANSWERS.c.question_id, _ANSWERS.c.choice_id)
_INSERT_ANALYSES = insert(AnswerAnalysis.__table__)
_INSERT_THEMES = insert(AnswerTheme.__table__)


def fits(session: Session, prepared: list[PreparedText]) -> bool:
    """Whether this path can write the submission: no flag raised (flags and their alerts
    go through the ORM), and nothing else pending in the session for a flush hook to see."""
    return not any(result.safeguarding is not None and result.safeguarding.flagged for result in prepared) \
        and not (session.new or session.dirty or session.deleted)


def insert_submission(session: Session, *, version: SurveyVersion, event: Event | None, submission: Submission,
                      prepared: list[PreparedText], today: date, tagger: Tagger,
                      entered_by_id: int | None = None) -> str:
    """Insert the response, its answers, their analysis and themes, and count them in the
    tallies; the same rows as responses.record_response and a flush. Returns the public id.
    `prepared`: the tagger's results for submission.free_texts, none of them flagged."""
    connection = session.connection()
    public_id = secrets.token_hex(16)
    response_id = connection.execute(_INSERT_RESPONSE, {
        "public_id": public_id, "survey_version_id": version.id, "event_id": event.id if event else None,
        "respondent_role": respondent_role(version, submission.answers), "channel": submission.channel,
        "language": submission.language, "format": submission.format, "submitted_on": today,
        "submission_key": submission.submission_key, "entered_by_id": entered_by_id}).scalar_one()

    texts = free_texts(version, submission)
    rows, agreement = [], []
    for question, choice in chosen_choices(version, submission.answers):
        rows.append(_answer(response_id, question.id, choice_id=choice.id))
        if question.type is QuestionType.AGREEMENT and event is not None:
            agreement.append((event.id, today, question.id, agreed(choice.score)))
    for (question, _), result in zip(texts, prepared):
        rows.append(_answer(response_id, question.id, text=result.stored_text, original_text=result.original_text))
    # Several rows in one statement: the ids come back in no set order, so each is matched
    # by its question and choice (a written answer's question is unique in a response).
    answer_ids = {(question_id, choice_id): answer_id
                  for answer_id, question_id, choice_id in connection.execute(_INSERT_ANSWERS, rows)} if rows else {}

    analysed = [(answer_ids[(question.id, None)], question, result.analysis)
                for (question, _), result in zip(texts, prepared) if result.analysis is not None]
    if analysed:
        _insert_analysis(session, tagger, analysed)
    if event is not None:
        add_counts(connection, Counter({(event.id, today): 1}), agreement)
    mark_stale(connection, {(version.survey_id, today)})
    return public_id


def _answer(response_id: int, question_id: int, *, choice_id: int | None = None, text: str | None = None,
            original_text: str | None = None) -> dict:
    return {"response_id": response_id, "question_id": question_id, "choice_id": choice_id, "text": text,
            "original_text": original_text}


def _insert_analysis(session: Session, tagger: Tagger, analysed: list) -> None:
    """The sentiment of each written answer, and its theme tags, as Tagger.store would add them."""
    with session.no_autoflush:
        theme_ids = tagger.theme_ids(session)
    analyses, themes = [], []
    for answer_id, question, analysis in analysed:
        sentiment, direction, tags = tagger.machine_results(analysis, question.polarity, theme_ids)
        analyses.append({"answer_id": answer_id, "sentiment": sentiment, "score": analysis.sentiment_score,
                         "direction": direction, "model_version": tagger.model_version})
        themes += [{"answer_id": answer_id, "theme_id": tag.theme_id, "source": tag.source,
                    "evidence": tag.evidence, "confidence": tag.confidence} for tag in tags]
    connection = session.connection()
    connection.execute(_INSERT_ANALYSES, analyses)
    if themes:
        connection.execute(_INSERT_THEMES, themes)
