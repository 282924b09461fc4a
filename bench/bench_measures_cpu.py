"""Benchmark: wall and CPU time (process_time) of the measures pages, on the data that
bench_measures.py made, so a figure on a busy shared machine can be read apart from the
time spent waiting for a CPU.

    .venv/bin/python bench/bench_measures_cpu.py                       # SQLite, bench/results/measures-1m.sqlite
    .venv/bin/python bench/bench_measures_cpu.py postgresql://postgres@127.0.0.1/bench_measures
    chrt -f 10 .venv/bin/python bench/bench_measures_cpu.py --chrt-server 10 postgresql://...

Each page is opened once to warm up, then five times (median). On PostgreSQL the
server's CPU for the app's connections is given too, since the counting is done there.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_measures  # noqa: E402


def main() -> None:
    from sqlalchemy import event, func, select

    from feedback.extensions import db
    from feedback.models import Event, Response, Survey, User
    from feedback.organise.accounts import session_values

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url", nargs="?", default=f"sqlite:///{bench_measures.SQLITE_FILE}", help="database URL")
    parser.add_argument("--chrt-server", type=int, metavar="PRIORITY",
                        help="PostgreSQL: give each server process this app connects to SCHED_FIFO at PRIORITY "
                             "(chrt -f -p, needs root). Under `chrt -f 10` the bench would otherwise wait on a "
                             "server starved by other work on a shared machine (parallel query workers are not "
                             "covered)")
    args = parser.parse_args()
    app = bench_measures.make_app(args.url)
    with app.app_context():
        servers: list[int] = []   # PostgreSQL server processes of the app's connections (same machine)
        if db.engine.dialect.name == "postgresql":
            event.listen(db.engine, "connect",
                         lambda connection, _record: servers.append(_server(connection, args.chrt_server)))
            db.engine.dispose()   # a connection made while the app started would not be covered
        db.create_all()   # tables added since the data was made (the first compare view fills them)
        survey = db.session.scalars(select(Survey).where(Survey.slug == "after-an-event")).one()
        user = db.session.scalars(select(User)).first()
        biggest = db.session.execute(select(Event.project_id, func.count()).join(Response, Response.event_id == Event.id)
                                     .group_by(Event.project_id).order_by(func.count().desc()).limit(1)).first()
        client = app.test_client()
        with client.session_transaction() as browser_session:
            browser_session.update(session_values(user, time.time()))
        for label, path in (("survey measures page", f"/organise/measures/surveys/{survey.id}"),
                            ("Measures index with the headline", "/organise/measures/"),
                            ("project report", f"/organise/projects/{biggest[0]}/report"),
                            ("compare page, team members or not", "/organise/compare")):
            client.get(path)
            walls, cpus, server_cpus = [], [], []
            for _ in range(5):
                wall, cpu, server_cpu = time.perf_counter(), time.process_time(), _cpu_of(servers)
                if client.get(path).status_code != 200:
                    raise SystemExit(f"{path} failed")
                walls.append(time.perf_counter() - wall)
                cpus.append(time.process_time() - cpu)
                server_cpus.append(_cpu_of(servers) - server_cpu)
            server = f", server CPU median {statistics.median(server_cpus):.3f} s" if servers else ""
            print(f"{label}: wall median {statistics.median(walls):.3f} s, "
                  f"CPU median {statistics.median(cpus):.3f} s{server}")
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


def _server(dbapi_connection, priority: int | None) -> int:
    """Runs on each new connection of the app's pool, before the app uses it: its server
    process, given SCHED_FIFO at `priority` unless None."""
    cursor = dbapi_connection.cursor()
    cursor.execute("SELECT pg_backend_pid()")
    pid = cursor.fetchone()[0]
    cursor.close()
    if priority is not None:
        subprocess.run(["chrt", "-f", "-p", str(priority), str(pid)], check=True)
        policy = subprocess.run(["chrt", "-p", str(pid)], capture_output=True, text=True).stdout
        print(f"server process {pid}: " + "; ".join(policy.split("\n")).strip("; "))
    return pid


def _cpu_of(pids: list[int]) -> float:
    """User and system CPU seconds of these processes (/proc, so the server must be on this
    machine), in clock ticks of 10 ms; a process gone since counts nothing."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        ticks += int(fields[11]) + int(fields[12])   # utime, stime (fields 14 and 15 of stat)
    return ticks / os.sysconf("SC_CLK_TCK")


if __name__ == "__main__":
    main()
