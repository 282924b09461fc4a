"""Benchmark: compose one email summary over a survey with 1,000,000 responses (SQLite).

    .venv/bin/python bench/bench_summary.py            # generate once (cached), then measure
    .venv/bin/python bench/bench_summary.py --regenerate

The data is made once with Core executemany into bench/results/summary-1m.sqlite (git-ignored):
1,000,000 responses to the built-in "after an event" survey, spread over a year (April 2025 to
March 2026), each answering the four agreement questions; 30% also wrote an answer that is
analysed (sentiment, direction, one theme); 200 open safeguarding flags. The monthly summary
for March 2026 (about 85,000 responses, compared with February's 77,000) is then composed.
The open-flag count reads the whole survey; the rest reads the two months it compares.

Composing runs in a fresh child process, so its peak RSS (VmHWM from /proc/self/status: the
whole process, Python, Flask and SQLAlchemy included) is not inflated by the generation.
SQLite reads the file through memory mapping (SQLITE_MMAP_SIZE), and the mapped pages it
touches count in the resident size although they are the operating system's shared file
cache: so the private part (RssAnon) and the mapped file part (RssFile) at the end of the
compose are reported as well. tracemalloc's peak of Python allocations is reported too,
from a second, traced, run.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE = ROOT / "bench" / "results" / "summary-1m.sqlite"
RESPONSES = 1_000_000
CHUNK = 50_000
FIRST_DAY, DAYS = date(2025, 4, 1), 365         # a year: 1 April 2025 to 31 March 2026
NOW = datetime(2026, 4, 1, 6, 0)                # the monthly summary for March falls due
ROLES = ["service_user", "carer", "staff", "other", "prefer_not_to_say"]
THEMES = [("travel", "Travel and payment"), ("welcome", "Feeling welcome"), ("jargon", "Jargon and acronyms"),
          ("time", "Meeting times"), ("listened", "Being listened to"), ("access", "Access to the venue")]
TEXTS = ["They paid my bus fare and explained everything.", "The room was up three flights of stairs.",
         "Too many acronyms, I could not follow it.", "Everyone said hello and made me feel part of it."]


def make_app():
    from feedback import create_app
    url = f"sqlite:///{DATABASE}"
    return create_app({"SECRET_KEY": "bench", "DATABASE_URL": url,
                       "BASE_URL": "https://feedback.example"})


def generate() -> None:
    from sqlalchemy import insert, select

    from feedback.extensions import db
    from feedback.models import (
        Answer,
        AnswerAnalysis,
        AnswerTheme,
        Choice,
        Question,
        QuestionType,
        Response,
        SafeguardingFlag,
        Subscription,
        Taxonomy,
        Theme,
    )
    from feedback.setup_data import load_builtin_surveys

    DATABASE.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DATABASE}{suffix}").unlink(missing_ok=True)
    app, rng, started = make_app(), random.Random(42), time.perf_counter()
    with app.app_context():
        db.create_all()
        survey = next(s for s in load_builtin_surveys(db.session) if s.slug == "after-an-event")
        taxonomy = Taxonomy(key="bench", name="Bench themes", version="1")
        db.session.add(taxonomy)
        db.session.flush()
        theme_ids = [db.session.scalar(insert(Theme).values(taxonomy_id=taxonomy.id, key=key, name=name)
                                       .returning(Theme.id)) for key, name in THEMES]
        db.session.add(Subscription(email="lead@trust.example", scope_kind="survey", scope_id=survey.id,
                                    scope_name=survey.slug, frequency="monthly", hour=7, active=True,
                                    created_at=datetime(2026, 1, 1)))
        db.session.commit()
        version = survey.current_version_id
        questions = {q.key: q for q in db.session.scalars(select(Question).where(Question.version_id == version))}
        agreement = [q for q in questions.values() if q.type is QuestionType.AGREEMENT]
        choices = {q.id: [c.id for c in db.session.scalars(select(Choice).where(Choice.question_id == q.id))]
                   for q in agreement}
        helped, harder = questions["what_helped"].id, questions["what_made_it_harder"].id
        answer_id = 0
        connection = db.session.connection()
        for first in range(0, RESPONSES, CHUNK):
            responses, answers, analyses, tags, flags = [], [], [], [], []
            for response_id in range(first + 1, first + CHUNK + 1):
                responses.append({"id": response_id, "public_id": f"{response_id:016x}", "survey_version_id": version,
                                  "respondent_role": rng.choice(ROLES), "channel": "online", "language": "en",
                                  "submitted_on": FIRST_DAY + timedelta(days=rng.randrange(DAYS))})
                for question in agreement:
                    answer_id += 1
                    answers.append({"id": answer_id, "response_id": response_id, "question_id": question.id,
                                    "choice_id": rng.choice(choices[question.id]), "text": None})
                if rng.random() < 0.3:
                    answer_id += 1
                    barrier = rng.random() < 0.5
                    answers.append({"id": answer_id, "response_id": response_id, "text": rng.choice(TEXTS),
                                    "question_id": harder if barrier else helped, "choice_id": None})
                    analyses.append({"answer_id": answer_id, "sentiment": rng.choice(["positive", "neutral", "negative"]),
                                     "score": 0.0, "direction": "barrier" if barrier else "enabler",
                                     "model_version": "bench", "sentiment_by_human": False, "analysed_at": NOW})
                    tags.append({"answer_id": answer_id, "theme_id": rng.choice(theme_ids), "source": "rule",
                                 "evidence": "", "confidence": rng.random(), "removed": False})
                    if len(flags) < 200 // (RESPONSES // CHUNK) and rng.random() < 0.01:
                        flags.append({"answer_id": answer_id, "reasons": "bench", "flagged_on": FIRST_DAY})
            for table, rows in ((Response, responses), (Answer, answers), (AnswerAnalysis, analyses),
                                (AnswerTheme, tags), (SafeguardingFlag, flags)):
                connection.execute(insert(table.__table__), rows)
            db.session.commit()
            connection = db.session.connection()
            print(f"  {first + CHUNK:>9,} responses ({time.perf_counter() - started:.0f} s)", flush=True)
        db.session.execute(db.text("ANALYZE"))
        db.session.commit()
    print(f"Generated {RESPONSES:,} responses in {time.perf_counter() - started:.0f} s: {DATABASE}")


def measure(traced: bool) -> dict[str, float]:
    """Runs in the child: compose the due summary once, warm, and report time and memory."""
    import tracemalloc

    from sqlalchemy import select

    from feedback.extensions import db
    from feedback.mail.claims import due_summaries
    from feedback.mail.compose import MailSettings, compose_summary
    from feedback.models import Subscription

    app = make_app()
    with app.app_context():
        settings = MailSettings.from_config(app.config)
        subscription = db.session.scalars(select(Subscription)).one()
        [(_, period)] = due_summaries(db.session, NOW)
        if traced:
            tracemalloc.start()
        started, cpu_started = time.perf_counter(), time.process_time()
        message = compose_summary(db.session, subscription, period, settings, now=NOW)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        peak = tracemalloc.get_traced_memory()[1] if traced else 0
        status = _memory_status()
        # The scheduler is a long-lived process: its second summary pays no import or
        # template-compiling cost and finds SQLite's pages in the OS cache.
        started = time.perf_counter()
        compose_summary(db.session, subscription, period, settings, now=NOW)
        warm = time.perf_counter() - started
        return {"seconds": seconds, "cpu_seconds": cpu, "warm_seconds": warm, "peak_rss_mb": status["VmHWM"] / 1024,
                "private_mb": status["RssAnon"] / 1024, "file_mb": status["RssFile"] / 1024,
                "tracemalloc_peak_mb": peak / 1e6,
                "html_bytes": len(message.body_html or ""), "png_bytes": len(message.inline_image or b""),
                "subject": message.subject}


def _memory_status() -> dict[str, int]:
    """This process's memory figures from /proc/self/status, in KiB. (getrusage's ru_maxrss
    would also count the parent's pages the child had before it became this program.)"""
    figures = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmHWM", "RssAnon", "RssFile"):
            figures[name] = int(value.split()[0])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--regenerate", action="store_true", help="make the data again")
    parser.add_argument("--child", choices=["plain", "traced"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child == "traced")))
        return
    if args.regenerate or not DATABASE.exists():
        generate()
    runs = []
    for mode in ("plain", "plain", "plain", "traced"):
        output = subprocess.run([sys.executable, __file__, "--child", mode], check=True, capture_output=True,
                                text=True, env=os.environ | {"PYTHONWARNINGS": "ignore"}).stdout
        runs.append(json.loads(output.strip().splitlines()[-1]))
    plain = [run for run in runs[:3]]
    best = min(run["seconds"] for run in plain)
    print(f"Summary: {runs[0]['subject']}")
    times = ", ".join(format(run["seconds"], ".2f") for run in plain)
    warm = ", ".join(format(run["warm_seconds"], ".2f") for run in plain)
    print(f"compose time, first summary in 3 fresh processes: {times} s (best {best:.2f} s; limit 2 s)")
    cpu = ", ".join(format(run["cpu_seconds"], ".2f") for run in plain)
    print(f"CPU time of that first summary (less sensitive to other load): {cpu} s")
    print(f"compose time, second summary in the same processes: {warm} s")
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"peak RSS of the composing process: {max(run['peak_rss_mb'] for run in plain):.0f} MB (limit 300 MB); "
          f"at the end {max(run['private_mb'] for run in plain):.0f} MB private, "
          f"{max(run['file_mb'] for run in plain):.0f} MB mapped files (code and the database's pages)")
    print(f"tracemalloc peak while composing: {runs[3]['tracemalloc_peak_mb']:.1f} MB")
    print(f"HTML {runs[0]['html_bytes']:,} bytes, chart PNG {runs[0]['png_bytes']:,} bytes")


if __name__ == "__main__":
    main()
