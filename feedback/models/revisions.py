"""Raise SurveyVersion.revision whenever a version's wording changes, in the same flush.

Workers keep a copy of a version's questions, choices and translations (see
feedback/responses/versions.py) keyed by the version's id and revision, and read only that
row to know the copy is current; another worker's edit is seen on the next request. So
every change must raise it: an edit in place of the version's texts or its questions
(saved while nobody has answered), a question or choice added, changed or removed, a
translation imported, edited or removed. A change made with a Core UPDATE instead of the
ORM would not be seen; nothing in the app makes one.
"""
from __future__ import annotations

from itertools import chain
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from .surveys import Choice, Question, SurveyVersion
from .translations import SurveyTranslation


def _version_ids(session: Session, item: Any) -> set[int | None]:
    """The ids of the versions `item` is part of (None for one not stored yet)."""
    if isinstance(item, SurveyVersion):
        return {item.id}
    if isinstance(item, Question | SurveyTranslation):
        return {item.version_id, item.version.id if item.version is not None else None}
    if isinstance(item, Choice):
        question = item.question
        return {question.version_id, question.version.id if question.version is not None else None} \
            if question is not None else {None}
    return set()


@event.listens_for(Session, "before_flush")
def _raise_revisions(session: Session, _context: Any, _instances: Any) -> None:
    watched = (SurveyVersion, Question, Choice, SurveyTranslation)
    changed: set[int | None] = set()
    with session.no_autoflush:
        for item in chain(session.new, session.dirty, session.deleted):
            if isinstance(item, watched) and (item not in session.dirty or session.is_modified(item)):
                changed |= _version_ids(session, item)
        # A version not stored yet, or stored in this transaction, has no copy anywhere to
        # refresh: no other session can read it yet, and any copy made later is made after.
        changed -= {None, *session.info.get(_ADDED, ())}
        for version_id in changed:
            version = session.get(SurveyVersion, version_id)
            if version is not None and version not in session.deleted:
                # In SQL, so two workers saving at once both count.
                version.revision = SurveyVersion.revision + 1


_ADDED = "survey_versions_added"  # ids of versions inserted in the session's open transaction


@event.listens_for(Session, "after_flush")
def _note_added_versions(session: Session, _context: Any) -> None:
    added = {item.id for item in session.new if isinstance(item, SurveyVersion)}
    if added:
        session.info.setdefault(_ADDED, set()).update(added)


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget_added_versions(session: Session) -> None:
    session.info.pop(_ADDED, None)
