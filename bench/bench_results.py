"""Benchmark: the results page and the XLSX export of a survey with 100,000 responses.

Builds a fresh database (a SQLite file in a temporary folder, or the PostgreSQL database
fb_bench_results), loads the built-in "after an event" survey, bulk-inserts responses with
Core insert() executemany (a realistic mix: most people answer most questions, about half
write something, and every written answer has its analysis and one or two themes), then
times, through the Flask test client signed in as an organiser:

- GET /organise/results/surveys/<id> (several runs; median and max), and the same with
  a date and role filter;
- GET .../export.xlsx (fewer runs: it is the slow one).

    .venv/bin/python bench/bench_results.py [--responses 100000] [--runs 7] [--database sqlite|postgresql]
        [--cache FILE] [--only xlsx,csv,...] [--pg-database fb_bench_results [--keep]]

--cache keeps the SQLite database in FILE and reuses it when it already holds the same number
of responses (filling takes about 15 s); --keep does the same for the PostgreSQL database. --only runs some measures: results, filtered, quotes,
xlsx, csv.

Targets: results page under 0.5 s, XLSX export under 2 s. Each line gives the wall time and
this process's CPU time (median and max over the runs), and the largest peak resident memory
of the process during one request (the peak is reset before each request; the response body,
which the test client holds whole, is counted in it).
"""
from __future__ import annotations

import argparse
import random
import resource
import secrets
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, insert, select, text
from sqlalchemy.exc import DBAPIError

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from feedback import create_app  # noqa: E402
from feedback.extensions import db  # noqa: E402
from feedback.models import (  # noqa: E402
    Answer,
    AnswerAnalysis,
    AnswerTheme,
    Event,
    Response,
    SafeguardingFlag,
    Survey,
    Taxonomy,
    Theme,
    User,
    UserRole,
)
from feedback.setup_data import load_builtin_surveys  # noqa: E402

POSTGRES_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
POSTGRES_BENCH_DB = "fb_bench_results"
BATCH = 20_000
THEMES = ["Travel", "Payment for time", "Being listened to", "Jargon", "Room and noise", "Timing",
          "Easy Read information", "Staff attitude", "Feeling equal", "Access needs", "Food", "Follow-up"]
HELPED = ["The staff were kind and listened to me.", "My bus fare was paid, which made it possible.",
          "Easy Read papers before the meeting.", "Being treated as an equal in the group.",
          "The meeting was at a good time for me.", "=HYPERLINK(\"http://x\",\"y\") they said thanks"]
HARDER = ["Too much jargon and acronyms.", "The room was noisy and hot.", "It started too early for me.",
          "Nobody told me what happened after.", "I was not paid on time.", "Parking was difficult."]
ROLES = ["service_user"] * 5 + ["carer"] * 3 + ["staff"] * 2 + ["other", "prefer_not_to_say"]
MEASURES = ["results", "filtered", "quotes", "xlsx", "csv"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--pg-database", default=POSTGRES_BENCH_DB, help="PostgreSQL database to (re)create and use")
    parser.add_argument("--cache", type=Path, help="SQLite file to keep the data in and reuse")
    parser.add_argument("--keep", action="store_true",
                        help="PostgreSQL: keep the data in --pg-database and reuse it next time")
    parser.add_argument("--only", default=",".join(MEASURES), help="comma-separated: " + ",".join(MEASURES))
    options = parser.parse_args()
    if options.cache and options.database != "sqlite":
        parser.error("--cache is for SQLite only")
    only = set(options.only.split(","))
    if only - set(MEASURES):
        parser.error(f"unknown measures: {', '.join(sorted(only - set(MEASURES)))}")
    with tempfile.TemporaryDirectory() as folder:
        url = (f"sqlite:///{options.cache.resolve()}" if options.cache
               else _database_url(options.database, Path(folder), options.pg_database))
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench",
                          "SERVER_NAME": "localhost"})
        app.instance_path = folder
        with app.app_context():
            reuse = options.cache or options.keep
            cached = _cached(options.responses) if reuse else None
            if cached:
                survey_id, user_id = cached
                print(f"reusing {options.responses:,} responses in {options.cache or options.pg_database}")
            else:
                db.drop_all()
                db.create_all()
                survey_id, user_id = _fill(options.responses)
            _measure(app, survey_id, user_id, options.runs, only)
            db.session.remove()
            if not reuse:
                db.drop_all()
            db.engine.dispose()


def _cached(count: int) -> tuple[int, int] | None:
    """The survey and user of a kept database that holds `count` responses, if it does."""
    try:
        held = db.session.scalar(select(func.count(Response.id)))
    except DBAPIError:  # a new, empty file or database
        db.session.rollback()
        return None
    survey_id = db.session.scalar(select(Survey.id).where(Survey.slug == "after-an-event"))
    user_id = db.session.scalar(select(User.id).where(User.email == "bench@example.org"))
    if held != count or survey_id is None or user_id is None:
        return None
    return survey_id, user_id


def _database_url(kind: str, folder: Path, name: str) -> str:
    if kind == "sqlite":
        return f"sqlite:///{folder / 'bench.sqlite'}"
    admin = create_engine(POSTGRES_ADMIN_URL.replace("postgresql://", "postgresql+psycopg://"),
                          isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.scalar(text("select 1 from pg_database where datname = :name"), {"name": name})
        if not exists:
            connection.execute(text(f'create database "{name}"'))
    admin.dispose()
    return f"postgresql://postgres@127.0.0.1:5432/{name}"


def _fill(count: int) -> tuple[int, int]:
    started = time.perf_counter()
    session = db.session
    load_builtin_surveys(session)
    survey = session.scalar(select(Survey).where(Survey.slug == "after-an-event"))
    version = survey.current_version
    questions = {question.key: question for question in version.questions}
    choice_ids = {key: {choice.value: choice.id for choice in question.choices} for key, question in questions.items()}
    taxonomy = Taxonomy(key="bench", name="Bench themes")
    themes = [Theme(taxonomy=taxonomy, key=f"t{index}", name=name) for index, name in enumerate(THEMES)]
    session.add_all(themes)
    events = [Event(code=f"B{index:04d}", name=f"Bench event {index}", held_on=date(2025, 1, 1)) for index in range(20)]
    session.add_all(events)
    user = User(email="bench@example.org", name="Bench", role=UserRole.ORGANISER, must_change_password=False)
    user.set_password(secrets.token_hex(8))
    session.add(user)
    session.commit()
    theme_ids = [theme.id for theme in themes]
    event_ids = [event.id for event in events] + [None] * 5

    rng = random.Random(42)
    first_day = date(2025, 1, 1)
    responses: list[dict[str, Any]] = []
    answers: list[dict[str, Any]] = []
    analyses: list[dict[str, Any]] = []
    tags: list[dict[str, Any]] = []
    flags: list[dict[str, Any]] = []
    answer_id = 0
    agreement = ["strongly_agree", "agree", "agree", "neither", "disagree", "strongly_disagree"]

    def flush() -> None:
        for model, rows in ((Response, responses), (Answer, answers), (AnswerAnalysis, analyses),
                            (AnswerTheme, tags), (SafeguardingFlag, flags)):
            if rows:
                session.execute(insert(model), rows)
                rows.clear()
        session.commit()

    for response_id in range(1, count + 1):
        role = rng.choice(ROLES)
        day = first_day + timedelta(days=rng.randrange(400))
        responses.append({"id": response_id, "public_id": secrets.token_hex(16), "survey_version_id": version.id,
                          "event_id": rng.choice(event_ids), "respondent_role": role, "channel": "online",
                          "language": "en", "submitted_on": day})
        picked = {"role": role}
        for key in ("listened_to", "treated_as_equal", "easy_information", "support_to_take_part"):
            if rng.random() < 0.85:
                picked[key] = rng.choice(agreement)
        if rng.random() < 0.8:
            picked["involved_again"] = rng.choice(["yes", "yes", "maybe", "no"])
        for key, value in picked.items():
            answer_id += 1
            answers.append({"id": answer_id, "response_id": response_id, "question_id": questions[key].id,
                            "choice_id": choice_ids[key][value], "text": None})
        for key, phrases, direction, sentiment in (("what_helped", HELPED, "enabler", "positive"),
                                                   ("what_made_it_harder", HARDER, "barrier", "negative")):
            if rng.random() >= 0.55:
                continue
            answer_id += 1
            answers.append({"id": answer_id, "response_id": response_id, "question_id": questions[key].id,
                            "choice_id": None, "text": rng.choice(phrases)})
            analyses.append({"answer_id": answer_id, "sentiment": rng.choice([sentiment, sentiment, "neutral"]),
                             "score": rng.uniform(-1, 1), "direction": direction, "model_version": "bench",
                             "sentiment_by_human": False})
            for theme_id in rng.sample(theme_ids, rng.choice([1, 1, 2])):
                tags.append({"answer_id": answer_id, "theme_id": theme_id, "source": "rule", "evidence": "bench",
                             "confidence": 0.8, "removed": False})
            if rng.random() < 0.0005:
                flags.append({"answer_id": answer_id, "reasons": "bench flag", "flagged_on": day})
        if response_id % BATCH == 0:
            flush()
    flush()
    if db.engine.dialect.name == "postgresql":
        # Explicit ids bypass the sequences; move them past the rows just inserted.
        for table in ("response", "answer"):
            session.execute(text(f"select setval(pg_get_serial_sequence('{table}', 'id'), (select max(id) from {table}))"))
        session.commit()
        # What autovacuum does to a table that has been written to: statistics for the
        # planner, and the visibility map that lets it answer from an index alone.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("vacuum analyze"))
    print(f"filled {count:,} responses, {answer_id:,} answers on {db.engine.dialect.name} "
          f"in {time.perf_counter() - started:.1f} s")
    return survey.id, user.id


def _measure(app, survey_id: int, user_id: int, runs: int, only: set[str]) -> None:
    client = app.test_client()
    with client.session_transaction() as browser_session:
        browser_session["user_id"] = user_id
        try:  # the accounts area checks a fingerprint, the session's start and last activity
            from feedback.organise.accounts import session_values
            browser_session.update(session_values(db.session.get(User, user_id), time.time()))
        except ImportError:
            pass
    base = f"/organise/results/surveys/{survey_id}"
    measures = {
        "results": ("results page", base, runs),
        "filtered": ("results page, filtered", base + "?from-day=1&from-month=3&from-year=2025&role=carer", runs),
        "quotes": ("quotes page", base + "/quotes", runs),
        "xlsx": ("XLSX export", base + "/export.xlsx", max(2, runs // 2)),
        "csv": ("CSV export", base + "/export.csv", max(2, runs // 2)),
    }
    for name in MEASURES:
        if name in only:
            _time(client, *measures[name])


def _time(client, label: str, url: str, runs: int) -> None:
    """Wall time, and this process's CPU time: on a machine shared with other work the
    wall time is mostly waiting for a CPU. (On PostgreSQL the server's CPU is not in it.)"""
    walls, cpus, peaks = [], [], []
    for _ in range(runs):
        resident = _reset_peak_memory()
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(url)
        size = len(response.data)
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu_started)
        peaks.append((_peak_memory(), resident))
        if response.status_code != 200:
            raise SystemExit(f"{label}: HTTP {response.status_code}")
        del response
    peak, before = max(peaks)
    print(f"{label:24} wall median {statistics.median(walls):6.3f} s max {max(walls):6.3f} s | "
          f"CPU median {statistics.median(cpus):6.3f} s max {max(cpus):6.3f} s | "
          f"peak RSS {peak / 2**20:5.0f} MB ({before / 2**20:.0f} MB before) ({runs} runs, {size:,} bytes)")


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    return 0


def _reset_peak_memory() -> int:
    """Reset the kernel's high-water mark of resident memory (Linux) so the next reading is
    this request's peak; return the resident memory now."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass  # not Linux, or not allowed: the peak is then the process's whole-life peak
    return _status_kb("VmRSS") if Path("/proc/self/status").exists() else 0


def _peak_memory() -> int:
    if Path("/proc/self/status").exists():
        return _status_kb("VmHWM")
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


if __name__ == "__main__":
    main()
