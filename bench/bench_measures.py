"""Benchmark: the measures pages and the one-page reports over 1,000,000 responses and
2,000 QI projects in three years.

    .venv/bin/python bench/bench_measures.py                # generate once (cached), then measure
    .venv/bin/python bench/bench_measures.py --regenerate
    .venv/bin/python bench/bench_measures.py --database-url postgresql://postgres@127.0.0.1/bench_measures

The data is made once with Core executemany (SQLite: bench/results/measures-1m.sqlite,
git-ignored): 1,000,000 responses to the built-in "after an event" survey, spread over
three years (1 December 2023 to 30 November 2026), on three channels and five roles, each
answering the four agreement questions; 30% also wrote an answer that is analysed
(direction and one of six themes). Bulk inserts bypass the ORM, so nothing is tallied yet.
2,000 QI projects start over the three years, each with a stage history (scoping, testing
changes, implementing, sustaining, some closed) and an involvement history (some with
service users on the team from the start, some joining later), and three events each;
70% of the responses come from an event, in the two weeks after it.

Then, in a fresh child process, through the Flask test client signed in as a viewer:
1. the first page view counts the whole history into the daily tallies (timed apart: this
   happens once per survey, after the upgrade that adds measures);
2. the measures page and the report, several times each, with nothing new (median, max);
3. the same after one new response (one stale day to recount first);
4. the Measures index with the headline measure over the 2,000 projects, the one-page
   report of the project with the most responses, and the compare page (events of projects
   with service users on the team against those without); its first view counts the
   per-event tallies (timed apart: the migration does this once on an upgraded database).
Peak RSS is the child's VmHWM from /proc/self/status.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SQLITE_FILE = ROOT / "bench" / "results" / "measures-1m.sqlite"
RESPONSES = 1_000_000
CHUNK = 50_000
FIRST_DAY, DAYS = date(2023, 12, 1), 1096     # 1 December 2023 to 30 November 2026
ROLES = ["service_user", "carer", "staff", "other", "prefer_not_to_say"]
CHANNELS = ["online"] * 6 + ["paper"] * 3 + ["kiosk"]
THEMES = [("travel", "Travel and payment"), ("welcome", "Feeling welcome"), ("jargon", "Jargon and acronyms"),
          ("time", "Meeting times"), ("listened", "Being listened to"), ("access", "Access to the venue")]
RUNS = 7
PROJECTS, EVENTS_PER_PROJECT = 2_000, 3
STAGES = ["scoping", "testing_changes", "implementing", "sustaining", "closed"]


def make_app(url: str):
    from feedback import create_app
    return create_app({"SECRET_KEY": "bench", "DATABASE_URL": url, "BASE_URL": "https://feedback.example"})


def generate(url: str) -> None:
    from sqlalchemy import insert, select, text

    from feedback.extensions import db
    from feedback.models import (
        Answer,
        AnswerAnalysis,
        AnswerTheme,
        Choice,
        Question,
        QuestionType,
        Response,
        Taxonomy,
        Theme,
        User,
        UserRole,
    )
    from feedback.setup_data import load_builtin_surveys

    if url.startswith("sqlite"):
        SQLITE_FILE.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_FILE}{suffix}").unlink(missing_ok=True)
    app, rng, started = make_app(url), random.Random(13), time.perf_counter()
    with app.app_context():
        db.drop_all()
        db.create_all()
        survey = next(s for s in load_builtin_surveys(db.session) if s.slug == "after-an-event")
        taxonomy = Taxonomy(key="bench", name="Bench themes", version="1")
        db.session.add(taxonomy)
        viewer = User(email="viewer@trust.example", name="Viewer", role=UserRole.VIEWER, must_change_password=False)
        viewer.set_password("a long bench password")
        db.session.add(viewer)
        db.session.flush()
        theme_ids = [db.session.scalar(insert(Theme).values(taxonomy_id=taxonomy.id, key=key, name=name)
                                       .returning(Theme.id)) for key, name in THEMES]
        db.session.commit()
        version = survey.current_version_id
        questions = {q.key: q for q in db.session.scalars(select(Question).where(Question.version_id == version))}
        agreement = [q for q in questions.values() if q.type is QuestionType.AGREEMENT]
        choices = {q.id: [c.id for c in db.session.scalars(select(Choice).where(Choice.question_id == q.id))]
                   for q in agreement}
        helped, harder = questions["what_helped"].id, questions["what_made_it_harder"].id
        events = _projects(db.session, rng, survey.id)
        answer_id = 0
        for first in range(0, RESPONSES, CHUNK):
            responses, answers, analyses, tags = [], [], [], []
            for response_id in range(first + 1, first + CHUNK + 1):
                event_id, day = None, FIRST_DAY + timedelta(days=rng.randrange(DAYS))
                if rng.random() < 0.7:
                    event_id, held_on = rng.choice(events)
                    day = min(held_on + timedelta(days=rng.randrange(14)), FIRST_DAY + timedelta(days=DAYS - 1))
                responses.append({"id": response_id, "public_id": f"{response_id:016x}", "survey_version_id": version,
                                  "respondent_role": rng.choice(ROLES), "channel": rng.choice(CHANNELS),
                                  "language": "en", "submitted_on": day, "event_id": event_id})
                for question in agreement:
                    answer_id += 1
                    answers.append({"id": answer_id, "response_id": response_id, "question_id": question.id,
                                    "choice_id": rng.choice(choices[question.id]), "text": None})
                if rng.random() < 0.3:
                    answer_id += 1
                    barrier = rng.random() < 0.5
                    answers.append({"id": answer_id, "response_id": response_id, "text": "bench answer",
                                    "question_id": harder if barrier else helped, "choice_id": None})
                    analyses.append({"answer_id": answer_id, "sentiment": rng.choice(["positive", "neutral", "negative"]),
                                     "score": 0.0, "direction": "barrier" if barrier else "enabler",
                                     "model_version": "bench", "sentiment_by_human": False})
                    tags.append({"answer_id": answer_id, "theme_id": rng.choice(theme_ids), "source": "rule",
                                 "evidence": "", "confidence": rng.random(), "removed": False})
            connection = db.session.connection()
            for table, rows in ((Response, responses), (Answer, answers), (AnswerAnalysis, analyses),
                                (AnswerTheme, tags)):
                connection.execute(insert(table.__table__), rows)
            db.session.commit()
            print(f"  {first + CHUNK:>9,} responses ({time.perf_counter() - started:.0f} s)", flush=True)
        if db.engine.dialect.name == "postgresql":
            for table in ("response", "answer"):
                db.session.execute(text(f"select setval(pg_get_serial_sequence('{table}', 'id'), (select max(id) from {table}))"))
            db.session.commit()
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as autocommit:
                autocommit.execute(text("vacuum analyze"))
        else:
            db.session.execute(text("ANALYZE"))
            db.session.commit()
    print(f"Generated {RESPONSES:,} responses in {time.perf_counter() - started:.0f} s")


def _projects(session, rng: random.Random, survey_id: int) -> list[tuple[int, date]]:
    """2,000 projects with stage and involvement histories and three events each; returns
    (event id, held on) of every event."""
    from datetime import datetime

    from sqlalchemy import insert

    from feedback.models import Event, InvolvementChange, ProjectStageChange, QIProject, event_survey

    last = FIRST_DAY + timedelta(days=DAYS - 1)
    projects, stages, involvements, events, links = [], [], [], [], []
    for number in range(1, PROJECTS + 1):
        started = FIRST_DAY + timedelta(days=rng.randrange(DAYS - 30))
        projects.append({"id": number, "name": f"Project {number:04d}", "service": f"Service {number % 40}",
                         "aim": "Improve something that matters to the people who use the service.",
                         "started_on": started, "created_at": datetime(2023, 11, 1)})
        day = started
        for stage in STAGES[:rng.randrange(1, len(STAGES) + 1)]:
            if day > last:
                break
            stages.append({"project_id": number, "stage": stage, "changed_on": day, "note": "",
                           "recorded_at": datetime(2023, 11, 1)})
            day += timedelta(days=rng.randrange(30, 240))
        first = rng.choices(["big_i", "little_i", "not_involved", "unknown"], [30, 40, 20, 10])[0]
        involvements.append({"project_id": number, "involvement": first, "changed_on": started, "note": "",
                             "recorded_at": datetime(2023, 11, 1)})
        joined = started + timedelta(days=rng.randrange(60, 400))
        if first != "big_i" and rng.random() < 0.4 and joined <= last:
            involvements.append({"project_id": number, "involvement": "big_i", "changed_on": joined, "note": "",
                                 "recorded_at": datetime(2023, 11, 1)})
        for index in range(EVENTS_PER_PROJECT):
            event_id = (number - 1) * EVENTS_PER_PROJECT + index + 1
            held_on = min(started + timedelta(days=rng.randrange(0, 365)), last)
            events.append({"id": event_id, "code": f"B{event_id:05d}", "name": f"Event {event_id}", "held_on": held_on,
                           "place": "", "project_id": number, "is_demo": False, "notes": "",
                           "created_at": datetime(2023, 11, 1)})
            links.append({"event_id": event_id, "survey_id": survey_id})
    connection = session.connection()
    connection.execute(insert(QIProject.__table__), projects)
    connection.execute(insert(ProjectStageChange.__table__), stages)
    connection.execute(insert(InvolvementChange.__table__), involvements)
    connection.execute(insert(Event.__table__), events)
    connection.execute(insert(event_survey), links)
    session.commit()
    return [(row["id"], row["held_on"]) for row in events]


def measure(url: str) -> dict[str, object]:
    """Runs in the child."""
    import secrets

    from sqlalchemy import func, select

    from feedback.extensions import db
    from feedback.models import Answer, Choice, Event, Question, Response, Survey, User
    from feedback.models.event_tallies import EventAnswerTally, EventDayTally, EventTallyBuilt
    from feedback.models.measures import DailyTally, TallyBuilt, TallyStale
    from feedback.organise.accounts import session_values

    app = make_app(url)
    figures: dict[str, object] = {}
    with app.app_context():
        db.create_all()   # tables added since the data was made
        # Start from no tallies, so the first views count the whole history every run.
        for table in (DailyTally, TallyStale, TallyBuilt, EventAnswerTally, EventDayTally, EventTallyBuilt):
            db.session.execute(table.__table__.delete())
        db.session.commit()
        survey = db.session.scalars(select(Survey).where(Survey.slug == "after-an-event")).one()
        user = db.session.scalars(select(User)).first()
        client = app.test_client()
        with client.session_transaction() as browser_session:
            browser_session["user_id"] = user.id
            browser_session.update(session_values(user, time.time()))
        page, report = f"/organise/measures/surveys/{survey.id}", f"/organise/measures/surveys/{survey.id}/report"
        figures["first_view_seconds"] = _get(client, page)[0]
        figures["tally_rows"] = db.session.query(DailyTally).count()
        for label, url_path in (("page", page), ("report", report)):
            walls = [_get(client, url_path)[0] for _ in range(RUNS)]
            figures[f"{label}_median"], figures[f"{label}_max"] = statistics.median(walls), max(walls)
        figures["page_bytes"] = _get(client, page)[1]
        question = db.session.scalars(select(Question).where(Question.version_id == survey.current_version_id)
                                      .where(Question.type == "agreement")).first()
        choice = db.session.scalars(select(Choice).where(Choice.question_id == question.id)).first()
        walls = []
        for day in range(RUNS):
            response = Response(public_id=secrets.token_hex(16), survey_version_id=survey.current_version_id,
                                respondent_role="carer", channel="online", submitted_on=date(2026, 11, 1 + day))
            response.answers = [Answer(question_id=question.id, choice_id=choice.id)]
            db.session.add(response)
            db.session.commit()
            walls.append(_get(client, page)[0])
        figures["after_new_median"], figures["after_new_max"] = statistics.median(walls), max(walls)
        biggest = db.session.execute(select(Event.project_id, func.count()).join(Response, Response.event_id == Event.id)
                                     .group_by(Event.project_id).order_by(func.count().desc()).limit(1)).first()
        figures["project_responses"] = biggest[1]
        figures["compare_first_seconds"] = _get(client, "/organise/compare")[0]
        figures["event_tally_rows"] = db.session.query(EventDayTally).count() + db.session.query(EventAnswerTally).count()
        for label, url_path in (("headline", "/organise/measures/"),
                                ("project_report", f"/organise/projects/{biggest[0]}/report"),
                                ("compare", "/organise/compare")):
            walls = [_get(client, url_path)[0] for _ in range(RUNS)]
            figures[f"{label}_median"], figures[f"{label}_max"] = statistics.median(walls), max(walls)
        figures["peak_rss_mb"] = _peak_rss_kib() / 1024
    return figures


def _get(client, path: str) -> tuple[float, int]:
    started = time.perf_counter()
    response = client.get(path)
    seconds = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"{path}: HTTP {response.status_code}")
    return seconds, len(response.data)


def _peak_rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--regenerate", action="store_true", help="make the data again")
    parser.add_argument("--database-url", default=f"sqlite:///{SQLITE_FILE}")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.database_url)))
        return
    if args.regenerate or (args.database_url.startswith("sqlite") and not SQLITE_FILE.exists()):
        generate(args.database_url)
    output = subprocess.run([sys.executable, __file__, "--child", "--database-url", args.database_url], check=True,
                            capture_output=True, text=True, env=os.environ | {"PYTHONWARNINGS": "ignore"}).stdout
    run = json.loads(output.strip().splitlines()[-1])
    print(f"database: {args.database_url.split('://')[0]}; {RESPONSES:,} responses over {DAYS} days")
    print(f"first view, counting the whole history into {run['tally_rows']:,} tally rows: "
          f"{run['first_view_seconds']:.2f} s (once per survey)")
    print(f"measures page: median {run['page_median']:.3f} s, max {run['page_max']:.3f} s "
          f"({RUNS} runs, {run['page_bytes']:,} bytes; target 0.5 s)")
    print(f"one-page report: median {run['report_median']:.3f} s, max {run['report_max']:.3f} s (target 1 s)")
    print(f"measures page after one new response (a stale day recounted first): "
          f"median {run['after_new_median']:.3f} s, max {run['after_new_max']:.3f} s")
    print(f"Measures index with the headline measure over {PROJECTS:,} projects: median {run['headline_median']:.3f} s, "
          f"max {run['headline_max']:.3f} s (target 0.5 s)")
    print(f"one-page project report ({run['project_responses']:,} responses from its events): "
          f"median {run['project_report_median']:.3f} s, max {run['project_report_max']:.3f} s (target 1 s)")
    print(f"first compare view, counting every event's history into {run['event_tally_rows']:,} event tally rows: "
          f"{run['compare_first_seconds']:.2f} s (once, as the migration does)")
    print(f"compare page, team members or not (every event): median {run['compare_median']:.3f} s, "
          f"max {run['compare_max']:.3f} s (target 0.5 s)")
    print(f"peak RSS of the process: {run['peak_rss_mb']:.0f} MB (target 300 MB)")
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
