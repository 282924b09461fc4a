"""Benchmark: could a better query alone make the compare page quick? Times counting the two
involvement groups' answers straight from the responses (as the page did before the per-event
tallies) and with a narrower query, against reading the tallies, on bench_measures.py's data.

    .venv/bin/python bench/bench_compare_sql.py                      # SQLite, bench/results/measures-1m.sqlite
    .venv/bin/python bench/bench_compare_sql.py postgresql://postgres@127.0.0.1/bench_measures

Each form runs for both groups (events of projects with service users on the team, and the
rest), --runs times (default 3; median and max of wall and CPU). The tallies are built first
if they are not (timed apart).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_measures  # noqa: E402


def old_count(session, ids):
    """The compare page's query before the tallies: every answer joined to its question and choice."""
    from sqlalchemy import func, select

    from feedback.models import Answer, Choice, Question, QuestionType, Response
    rows = session.execute(
        select(Response.submitted_on, Question.key, Question.prompt, Question.id, Choice.score, func.count())
        .select_from(Answer).join(Response, Response.id == Answer.response_id)
        .join(Question, Question.id == Answer.question_id).join(Choice, Choice.id == Answer.choice_id)
        .where(Response.event_id.in_(ids), Question.type == QuestionType.AGREEMENT)
        .group_by(Response.submitted_on, Question.key, Question.prompt, Question.id, Choice.score)).all()
    days = session.execute(select(Response.submitted_on, func.count()).where(Response.event_id.in_(ids))
                           .group_by(Response.submitted_on)).all()
    return len(rows) + len(days)


def narrow_count(session, ids):
    """The narrowest query from the rows: responses by their (event, day) index, answers by the
    covering (response, question, choice) index, grouped by choice; questions mapped in Python."""
    from sqlalchemy import func, select

    from feedback.models import Answer, Question, QuestionType, Response
    agreement = list(session.scalars(select(Question.id).where(Question.type == QuestionType.AGREEMENT)))
    rows = session.execute(
        select(Response.submitted_on, Answer.question_id, Answer.choice_id, func.count())
        .select_from(Response).join(Answer, Answer.response_id == Response.id)
        .where(Response.event_id.in_(ids), Answer.question_id.in_(agreement))
        .group_by(Response.submitted_on, Answer.question_id, Answer.choice_id)).all()
    days = session.execute(select(Response.submitted_on, func.count()).where(Response.event_id.in_(ids))
                           .group_by(Response.submitted_on)).all()
    return len(rows) + len(days)


def tally_count(session, ids):
    from feedback.projects.results import count_group
    counts = count_group(session, ids)
    return len(counts.agreement) + len(counts.responses)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("database_url", nargs="?", default=f"sqlite:///{bench_measures.SQLITE_FILE}")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default="old,narrow,tallies", help="comma-separated: old, narrow, tallies")
    args = parser.parse_args()
    from feedback.extensions import db
    from feedback.models.event_tallies import ensure_built
    from feedback.projects.compare import involvement_groups

    app = bench_measures.make_app(args.database_url)
    with app.app_context():
        db.create_all()   # the tally tables, on data made before them
        started = time.perf_counter()
        if ensure_built(db.session):
            db.session.commit()
            print(f"built the event tallies: {time.perf_counter() - started:.1f} s")
        groups, _ = involvement_groups(db.session)
        print(f"groups: {', '.join(f'{len(g.event_ids):,} events' for g in groups)}")
        forms = {"old": old_count, "narrow": narrow_count, "tallies": tally_count}
        for name in args.only.split(","):
            walls, cpus = [], []
            for _ in range(args.runs):
                wall, cpu = time.perf_counter(), time.process_time()
                for group in groups:
                    forms[name](db.session, group.event_ids)
                walls.append(time.perf_counter() - wall)
                cpus.append(time.process_time() - cpu)
                db.session.rollback()
            print(f"{name}: wall median {statistics.median(walls):.3f} s, max {max(walls):.3f} s; "
                  f"CPU of this process median {statistics.median(cpus):.3f} s ({args.runs} runs, both groups)",
                  flush=True)
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
