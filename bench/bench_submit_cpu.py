"""CPU per survey submission against CPU per health check, in one process.

A respondent's path through the event survey, through the Flask test client with no
server: GET the event's survey page (a new browser: no cookies), read the CSRF token and
the submission key from the form, POST answers to every question (two written answers,
so redaction, sentiment, themes and the risk check all run), then follow the 303 to the
thank-you page, as a browser does. Between submissions it asks for `GET /healthz` (no
database) the same number of times, so both are measured in the same conditions on a
shared machine. CPU time (time.process_time) is steadier than wall time when other work
competes for the CPUs.

The app is built as in production (no TESTING, CSRF on; the rate limit and the minimum
time to answer run, set so that they pass) on a fresh SQLite database in a
temporary instance folder, or on PostgreSQL with `--database-url` (its tables are dropped
and made again). Seeded like `flask setup`: the built-in surveys and taxonomies, and one
event using the "after an event" survey.

    .venv/bin/python bench/bench_submit_cpu.py [--submissions 300] [--warmup 30]
        [--database-url postgresql://postgres@127.0.0.1:5432/bench_submit_cpu]
        [--profile cumulative|tottime]

Prints CPU ms for each page, the GET + POST ratio to a health check (the target: at most
18) and the whole path's ratio with the thank-you page; exits with 1 if any submission
was not stored exactly once.
"""
from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from http_client import hidden_inputs  # noqa: E402  (bench/ is on sys.path when run as a script)

EVENT_CODE = "BENCH1"
SURVEY = "after-an-event"
ANSWERS = {
    "role": "carer",
    "listened_to": "agree",
    "treated_as_equal": "strongly_agree",
    "easy_information": "neither",
    "support_to_take_part": "disagree",
    "what_helped": "The organisers paid my bus fare and explained everything clearly before we started.",
    "what_made_it_harder": "The room was noisy and it was hard to hear people at the other end of the table.",
    "involved_again": "yes",
}
TARGET_RATIO = 18


def make_app(instance: Path, database_url: str | None):
    from sqlalchemy import select

    from feedback import create_app
    from feedback.extensions import db
    from feedback.models import Event, Survey
    from feedback.setup_data import load_builtin_surveys, load_taxonomies

    os.environ["FEEDBACK_INSTANCE_PATH"] = str(instance)
    app = create_app({
        "SECRET_KEY": "bench-secret-" + os.urandom(8).hex(),
        "DATABASE_URL": database_url or f"sqlite:///{instance / 'feedback.sqlite'}",
        # One client sends every answer at once, which the per-address rate limit and the
        # minimum time to answer would refuse: both checks still run (and cost what they
        # cost) on every POST, with values that let them pass.
        "SUBMISSION_RATE_LIMIT": "1000000 per minute", "SUBMISSION_MIN_SECONDS": 0.001,
    })
    with app.app_context():
        db.drop_all()
        db.create_all()
        load_builtin_surveys(db.session)
        load_taxonomies(db.session)
        survey = db.session.scalar(select(Survey).where(Survey.slug == SURVEY))
        db.session.add(Event(code=EVENT_CODE, name="Planning day for the new crisis café", place="Trust HQ",
                             surveys=[survey]))
        db.session.commit()
    return app


def check_answers(app) -> None:
    """The answers must name real choices, or every POST would be a 400 and measure nothing."""
    from sqlalchemy import select

    from feedback.extensions import db
    from feedback.models import Survey
    with app.app_context():
        survey = db.session.scalar(select(Survey).where(Survey.slug == SURVEY))
        keys = {question.key: {choice.value for choice in question.choices}
                for question in survey.current_version.questions}
    for key, value in ANSWERS.items():
        if key not in keys or (keys[key] and value not in keys[key]):
            raise SystemExit(f"answer {key}={value!r} does not fit the survey: {sorted(keys.get(key, ()))}")


class Timings:
    def __init__(self) -> None:
        self.cpu = {"form": 0.0, "post": 0.0, "thanks": 0.0, "healthz": 0.0}
        self.submissions = 0
        self.health_checks = 0
        self.public_ids: list[str] = []


def submit(app, timings: Timings | None) -> None:
    """One new respondent: GET the form, POST the answers, follow to the thank-you page."""
    client = app.test_client()  # a new browser: no session cookie yet
    path = f"/e/{EVENT_CODE}/{SURVEY}"
    start = time.process_time()
    page = client.get(path)
    got_form = time.process_time()
    if page.status_code != 200:
        raise SystemExit(f"GET {path}: HTTP {page.status_code}")
    fields = hidden_inputs(page.get_data(as_text=True))
    if "csrf_token" not in fields or "submission_key" not in fields:
        raise SystemExit("the form has no csrf_token or submission_key")
    before_post = time.process_time()
    sent = client.post(path, data=fields | ANSWERS)
    posted = time.process_time()
    location = sent.headers.get("Location", "")
    if sent.status_code != 303 or "/thanks/" not in location:
        raise SystemExit(f"POST {path}: HTTP {sent.status_code}, Location {location!r}\n"
                         f"{sent.get_data(as_text=True)[:2000]}")
    before_thanks = time.process_time()
    thanks = client.get(location)
    done = time.process_time()
    if thanks.status_code != 200:
        raise SystemExit(f"GET {location}: HTTP {thanks.status_code}")
    if timings is not None:
        timings.cpu["form"] += got_form - start
        timings.cpu["post"] += posted - before_post
        timings.cpu["thanks"] += done - before_thanks
        timings.submissions += 1
        timings.public_ids.append(location.rsplit("/", 1)[-1])


def health_checks(app, count: int, timings: Timings | None) -> None:
    client = app.test_client()
    for _ in range(count):
        start = time.process_time()
        answer = client.get("/healthz")
        took = time.process_time() - start
        if answer.status_code != 200 or answer.get_data() != b"ok":
            raise SystemExit(f"/healthz: HTTP {answer.status_code}")
        if timings is not None:
            timings.cpu["healthz"] += took
            timings.health_checks += 1


def stored_once(app, public_ids: list[str]) -> bool:
    from sqlalchemy import func, select

    from feedback.extensions import db
    from feedback.models import Response
    with app.app_context():
        stored = db.session.scalar(select(func.count()).select_from(Response)
                                   .where(Response.public_id.in_(public_ids)))
    return stored == len(set(public_ids)) == len(public_ids)


def run(app, submissions: int, health_per_submission: int, timings: Timings) -> None:
    # Interleaved, so a busy spell on the machine falls on both alike.
    for _ in range(submissions):
        submit(app, timings)
        health_checks(app, health_per_submission, timings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--submissions", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=30, help="submissions before measuring (not counted)")
    parser.add_argument("--health-per-submission", type=int, default=10)
    parser.add_argument("--database-url", help="PostgreSQL URL (its tables are dropped); default a fresh SQLite file")
    parser.add_argument("--profile", choices=["cumulative", "tottime"],
                        help="run the measured submissions under cProfile and print the top 40 entries")
    args = parser.parse_args()
    submissions = max(1, min(args.submissions, 20_000))

    with tempfile.TemporaryDirectory(prefix="bench-submit-cpu-") as folder:
        app = make_app(Path(folder), args.database_url)
        check_answers(app)
        for _ in range(max(0, args.warmup)):
            submit(app, None)
            health_checks(app, args.health_per_submission, None)
        timings = Timings()
        profiler = cProfile.Profile() if args.profile else None
        if profiler:
            profiler.enable()
        run(app, submissions, max(1, args.health_per_submission), timings)
        if profiler:
            profiler.disable()
        ok = stored_once(app, timings.public_ids)

    per = {name: total / (timings.health_checks if name == "healthz" else timings.submissions) * 1000
           for name, total in timings.cpu.items()}
    get_post = per["form"] + per["post"]
    print(f"database: {'PostgreSQL' if args.database_url else 'SQLite'}; {timings.submissions} submissions, "
          f"{timings.health_checks} health checks, after {args.warmup} warm-up submissions"
          f"{' (under cProfile: ratios not comparable)' if profiler else ''}")
    print(f"load average: {' '.join(f'{value:.1f}' for value in os.getloadavg())} on {os.cpu_count()} CPUs")
    print(f"CPU ms per request: GET form {per['form']:.2f}, POST answers {per['post']:.2f}, "
          f"GET thank-you {per['thanks']:.2f}; GET /healthz {per['healthz']:.3f}")
    print(f"CPU ms per submission (GET + POST): {get_post:.2f}; with the thank-you page: "
          f"{get_post + per['thanks']:.2f}")
    print(f"ratio to a health check: GET + POST {get_post / per['healthz']:.1f} (target at most {TARGET_RATIO}); "
          f"with the thank-you page {(get_post + per['thanks']) / per['healthz']:.1f}")
    print(f"every submission stored once: {'yes' if ok else 'NO'}")
    if profiler:
        pstats.Stats(profiler).sort_stats(args.profile).print_stats(40)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
