"""Commit a submission exactly once, whichever page it came from (online, paper, kiosk)."""
from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..mail.compose import MailSettings
from ..mail.flag_alerts import queue_alerts_for_response
from ..models import Event, SurveyVersion
from ..models.types import utcnow
from ..tagging.app_tagger import app_tagger
from . import queries
from .submission import Submission, record_response


def store_once(version: SurveyVersion, event: Event | None, submission: Submission, *, today: date,
               entered_by_id: int | None = None) -> tuple[str, bool]:
    """Store and commit the submission unless its key was stored before.

    Returns the public id of the response that holds it, and whether it is new. A double
    tap or the back button finds the first response by its submission key; two copies
    arriving at once meet the key's unique constraint, and the loser finds the winner.
    """
    earlier = queries.response_by_submission_key(db.session, submission.submission_key)
    if earlier is not None:
        return earlier.public_id, False
    try:
        response = record_response(db.session, version=version, event=event, submission=submission,
                                   today=today, tagger=app_tagger(current_app.config, current_app.instance_path),
                                   entered_by_id=entered_by_id)
        public_id = response.public_id  # read now: after commit it would cost a SELECT
        # In the same transaction: a flag is never stored without its contacts' alerts.
        queue_alerts_for_response(db.session, response.id, MailSettings.from_config(current_app.config), utcnow())
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        earlier = queries.response_by_submission_key(db.session, submission.submission_key)
        if earlier is None:
            raise
        return earlier.public_id, False
    return public_id, True
