"""Commit a submission exactly once, whichever page it came from (online, paper, kiosk)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..mail.compose import MailSettings
from ..mail.flag_alerts import queue_alerts_for_response
from ..models import Event, Response, SafeguardingFlag, SurveyVersion
from ..tagging.tagger import Tagger
from .inserting import fits, insert_submission
from .submission import Submission, analyse, free_texts, record_response
from .surges import SurgeRule, check_surge


def store_once(session: Session, version: SurveyVersion, event: Event | None, submission: Submission, *,
               today: date, tagger: Tagger, mail_settings: MailSettings, now: datetime,
               entered_by_id: int | None = None, surge_rule: SurgeRule | None = None) -> tuple[str, bool]:
    """Store and commit the submission unless its key was stored before.

    Returns the public id of the response that holds it, and whether it is new. A double
    tap, the back button or two copies arriving at once meet the submission key's unique
    constraint, and the later one finds the first response by its key.
    A flag it raises has its safeguarding alerts queued (`mail_settings`, `now`: naive UTC),
    and with a `surge_rule`, a day far busier than usual is noticed and its organisers told.
    """
    # A key stored before meets its unique constraint on the first INSERT, and the stored
    # response is found then: looking for it first cost a query on every submission. No key
    # is no constraint: that is looked for first, as it always was.
    if submission.submission_key is None and (earlier := public_id_by_submission_key(session, None)) is not None:
        return earlier, False
    prepared = analyse(tagger, free_texts(version, submission), submission.language)
    try:
        if fits(session, prepared):
            public_id = insert_submission(session, version=version, event=event, submission=submission,
                                          prepared=prepared, today=today, tagger=tagger, entered_by_id=entered_by_id)
        else:
            public_id = _record(session, version, event, submission, prepared, today=today, tagger=tagger,
                                mail_settings=mail_settings, now=now, entered_by_id=entered_by_id)
        if surge_rule is not None:
            check_surge(session, version.survey_id, today, surge_rule, mail_settings, now)
        session.commit()
    except IntegrityError:
        session.rollback()
        earlier = public_id_by_submission_key(session, submission.submission_key)
        if earlier is None:
            raise
        return earlier, False
    return public_id, True


def _record(session: Session, version: SurveyVersion, event: Event | None, submission: Submission,
            prepared: list, *, today: date, tagger: Tagger, mail_settings: MailSettings, now: datetime,
            entered_by_id: int | None) -> str:
    """Through the ORM: a submission that raised a flag, or a session with other changes."""
    response = record_response(session, version=version, event=event, submission=submission,
                               today=today, tagger=tagger, entered_by_id=entered_by_id, prepared=prepared)
    public_id = response.public_id  # read now: after commit it would cost a SELECT
    # In the same transaction: a flag is never stored without its contacts' alerts. A new
    # response's only flags are those its analysis just added, still pending: with none,
    # there is nothing to alert and no need to flush and query for flags.
    if any(isinstance(row, SafeguardingFlag) for row in session.new):
        session.flush()  # the response's id
        queue_alerts_for_response(session, response.id, mail_settings, now)
    return public_id


def public_id_by_submission_key(session: Session, key: str | None) -> str | None:
    """The public id of the response stored under this submission key (its id alone: the
    whole row, loaded on every submission to find none, cost more)."""
    return session.scalar(select(Response.public_id).where(Response.submission_key == key))
