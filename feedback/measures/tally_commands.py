"""`flask --app wsgi rebuild-tallies`: count every tally again from the responses.

The tallies are kept as responses are stored, changed or deleted through the app; SQL that
bypasses it (a bulk load, a restore, a hand-made correction) is not seen. This puts them
right: the per-event tallies at once, and each survey's daily tallies.
"""
from __future__ import annotations

import click
from sqlalchemy import delete, func, select

from ..extensions import db
from ..models import EventDayTally, Survey
from ..models.event_tallies import rebuild
from ..models.measures import TallyBuilt
from . import tallies


@click.command("rebuild-tallies")
def rebuild_tallies_command() -> None:
    """Count the per-event and per-survey tallies again from the stored responses."""
    rebuild(db.session)
    db.session.commit()
    events = db.session.scalar(select(func.count(func.distinct(EventDayTally.event_id))))
    surveys = list(db.session.scalars(select(Survey.id).order_by(Survey.id)))
    for survey_id in surveys:   # one survey per transaction: each is a whole history
        db.session.execute(delete(TallyBuilt).where(TallyBuilt.survey_id == survey_id))
        tallies.refresh(db.session, survey_id)
        db.session.commit()
    click.echo(f"Counted the tallies again: {events} event(s) with responses, {len(surveys)} survey(s).")


COMMANDS = [rebuild_tallies_command]
