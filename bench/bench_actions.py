"""Benchmark: the public 'You said, we did' pages with many actions (SQLite by default).

    .venv/bin/python bench/bench_actions.py [--actions 2000] [--events 200] [--database URL]

Makes a fresh database (in a temporary folder unless --database is given): the built-in
surveys, `--events` events with 12 responses each, and `--actions` actions spread over the
events, each linked to a theme, a quarter of them quoting one of their event's answers.
Then it asks for the trust's page and one event's page through the test client, 7 times
each, and prints the median and the slowest time of each, and the page size.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=2000)
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--database", help="SQLAlchemy URL (default: a temporary SQLite file)")
    options = parser.parse_args()

    from sqlalchemy import select

    from feedback import create_app
    from feedback.extensions import db
    from feedback.models import Action, ActionStatus, Answer, Channel, Event, Survey, Theme
    from feedback.responses.submission import Submission, record_response
    from feedback.setup_data import load_builtin_surveys, load_taxonomies

    folder = Path(tempfile.mkdtemp(prefix="bench-actions-"))
    url = options.database or f"sqlite:///{folder / 'actions.sqlite'}"
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "DATABASE_URL": url, "SERVER_NAME": "localhost"})
    app.instance_path = str(folder)
    with app.app_context():
        db.drop_all()
        db.create_all()
        session = db.session
        load_builtin_surveys(session)
        load_taxonomies(session)
        survey = session.scalar(select(Survey).where(Survey.slug == "after-an-event"))
        themes = list(session.scalars(select(Theme)))
        events = []
        for number in range(options.events):
            event = Event(code=f"B{number:05d}", name=f"Event {number}", held_on=date(2026, 1, 1), surveys=[survey])
            session.add(event)
            events.append(event)
        session.flush()
        for event in events:
            for index in range(12):
                record_response(session, version=survey.current_version, event=event, today=date(2026, 1, 2),
                                submission=Submission(answers={"role": "carer", "what_helped": f"Answer {index}."},
                                                      channel=Channel.ONLINE))
        session.flush()
        first_answer = dict(session.execute(
            select(Answer.response_id, Answer.id).where(Answer.text.is_not(None))).all())
        by_event = {}
        for response_id, answer_id in first_answer.items():
            by_event.setdefault(response_id, answer_id)
        answer_ids = list(first_answer.values())
        statuses = list(ActionStatus)
        for number in range(options.actions):
            event = events[number % len(events)]
            session.add(Action(said=f"People said thing {number}.", done=f"We did thing {number}.",
                               status=statuses[number % 3], done_on=date(2026, 2, 1), started_on=date(2026, 1, 15),
                               planned_on=date(2026, 1, 10), responsible="Team", events=[event],
                               themes=[themes[number % len(themes)]],
                               quote_answer_id=answer_ids[(number * 12) % len(answer_ids)] if number % 4 == 0 else None))
        session.commit()
        code = events[0].code

    client = app.test_client()
    for name, path in (("trust page", "/you-said-we-did"), ("event page", f"/you-said-we-did/e/{code}")):
        times = []
        for _ in range(7):
            started = time.perf_counter()
            response = client.get(path)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, response.status_code
        print(f"{name}: median {statistics.median(times):.3f} s, slowest {max(times):.3f} s, "
              f"{len(response.data) / 1024:.0f} KB ({options.actions} actions, {options.events} events)")


if __name__ == "__main__":
    main()
