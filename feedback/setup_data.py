"""First-run data: the built-in surveys, the taxonomies and a demo event (the first
organiser account is made by feedback.organise.accounts.ensure_first_organiser)."""
from __future__ import annotations

import json
import logging
from importlib import resources
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .analysis.taxonomy import BUILT_IN_TAXONOMIES, load_taxonomy
from .i18n.builtin import add_builtin_translations
from .models import Event, Survey
from .models.definitions import build_survey
from .tagging.tagger import sync_taxonomy

log = logging.getLogger(__name__)
DEMO_EVENT_CODE = "DEMO"


def builtin_survey_definitions() -> list[dict[str, Any]]:
    folder = resources.files("feedback") / "data" / "surveys"
    return [json.loads(item.read_text(encoding="utf-8"))
            for item in sorted(folder.iterdir(), key=lambda entry: entry.name)
            if item.name.endswith(".json")]


def load_builtin_surveys(session: Session) -> list[Survey]:
    """Add each built-in survey that is not there yet, and the draft translations shipped for
    it where it has none in that language; never overwrite an edited one."""
    existing = set(session.scalars(select(Survey.slug)))
    added = []
    for spec in builtin_survey_definitions():
        if spec["slug"] not in existing:
            survey = build_survey(spec, built_in=True)
            session.add(survey)
            added.append(survey)
    session.flush()
    for survey in session.scalars(select(Survey).where(Survey.built_in.is_(True))):
        add_builtin_translations(survey)
    session.flush()
    return added


def ensure_demo_event(session: Session) -> Event | None:
    """A clearly labelled demo event, so a new install has a link and a QR code to try."""
    if session.scalar(select(Event).where(Event.code == DEMO_EVENT_CODE)):
        return None
    event_survey = session.scalar(select(Survey).where(Survey.slug == "after-an-event"))
    event = Event(
        code=DEMO_EVENT_CODE,
        name="Demo event for trying out the survey",
        place="Anywhere",
        is_demo=True,
        notes="Made by set-up so you can try the survey. Close or delete it before real use.",
        surveys=[event_survey] if event_survey else [],
    )
    session.add(event)
    session.flush()
    return event


def load_taxonomies(session: Session) -> None:
    """Put the shipped theme taxonomies in the database, so answers can be tagged."""
    for name in BUILT_IN_TAXONOMIES:
        sync_taxonomy(session, load_taxonomy(name))
