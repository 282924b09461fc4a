"""The server side of the submission benchmark: a fresh database set up as an administrator
would, gunicorn started and stopped, its workers' CPU time, and the stored responses counted."""
from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from http_client import Connection

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # the only address this benchmark ever sends traffic to
POSTGRES_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
POSTGRES_BENCH_DB = "fb_bench"


def server_cpu_seconds(arbiter_pid: int) -> float:
    """CPU time used so far by gunicorn's workers (Linux /proc).

    Other programs on a shared machine slow the clock-time figures; CPU time per
    request is steadier, so the report shows both.
    """
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    try:
        children = Path(f"/proc/{arbiter_pid}/task/{arbiter_pid}/children").read_text().split()
    except OSError:
        return 0.0
    for pid in children:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def prepare_database(kind: str, instance: Path) -> dict[str, str]:
    """A fresh database set up as an administrator would; returns the app's environment."""
    env = os.environ.copy()
    env["FEEDBACK_INSTANCE_PATH"] = str(instance)
    env.pop("FEEDBACK_DATABASE_URL", None)
    # Every simulated respondent comes from 127.0.0.1 and answers at once: measure the
    # service, not the anti-automation (bench_flood.py measures that, and sets its own).
    env.setdefault("FEEDBACK_SUBMISSION_RATE_LIMIT", "")
    env.setdefault("FEEDBACK_SUBMISSION_MIN_SECONDS", "0")
    if kind == "postgresql":
        env["FEEDBACK_DATABASE_URL"] = f"postgresql://postgres@127.0.0.1:5432/{POSTGRES_BENCH_DB}"
    flask = [str(Path(sys.executable).parent / "flask"), "--app", "wsgi"]
    empty_database(kind, instance)
    setup = subprocess.run([*flask, "setup", "--no-demo"], cwd=ROOT, env=env, capture_output=True, text=True)
    if setup.returncode != 0:
        raise SystemExit(f"`flask setup` failed:\n{setup.stderr}")
    return env


def empty_database(kind: str, instance: Path) -> None:
    if kind == "postgresql":
        import psycopg
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {POSTGRES_BENCH_DB}")
            admin.execute(f"CREATE DATABASE {POSTGRES_BENCH_DB}")
    else:
        for suffix in ("", "-wal", "-shm"):
            (instance / f"feedback.sqlite{suffix}").unlink(missing_ok=True)


def count_responses(kind: str, instance: Path) -> int:
    if kind == "postgresql":
        import psycopg
        with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{POSTGRES_BENCH_DB}") as conn:
            return conn.execute("SELECT count(*) FROM response").fetchone()[0]
    import sqlite3
    with sqlite3.connect(instance / "feedback.sqlite") as conn:
        return conn.execute("SELECT count(*) FROM response").fetchone()[0]


def start_gunicorn(args: argparse.Namespace, env: dict[str, str], log: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "gunicorn", "--bind", f"{HOST}:{args.port}",
               "--workers", str(args.workers), "--worker-class", args.worker_class,
               "--backlog", "2048", "--log-level", "warning", "wsgi:app"]
    if args.worker_class == "gthread":
        command[-1:-1] = ["--threads", str(args.threads)]
    # Errors go to a file: a failing app would otherwise bury the table in tracebacks.
    with log.open("wb") as errors:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=errors, stderr=subprocess.STDOUT,
                                start_new_session=True)


async def wait_until_healthy(port: int, timeout: float = 30.0) -> None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        connection = Connection(HOST, port)
        try:
            status, _headers, _body = await connection.request("GET", "/healthz")
            if status == 200:
                return
        except OSError:
            pass
        finally:
            connection.close()
        await asyncio.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer /healthz on {HOST}:{port} within {timeout:.0f} s")


def stop_gunicorn(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)  # the arbiter stops its own workers
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@dataclass
class Served:
    """What a run under gunicorn left: filled in when the server has stopped."""
    pid: int
    stored: int = 0
    errors: list[str] = field(default_factory=list)

    def report_errors(self) -> None:
        if self.errors:
            print(f"gunicorn logged {len(self.errors)} error lines; the last few:", *self.errors[-5:], sep="\n  ")


@contextmanager
def serving(args: argparse.Namespace, prefix: str) -> Iterator[Served]:
    """gunicorn over a fresh database in a temporary instance folder, for the `with` block; then
    stopped, the stored responses counted and its log's error lines kept, before the folder goes."""
    with tempfile.TemporaryDirectory(prefix=prefix) as folder:
        instance = Path(folder)
        env = prepare_database(args.database, instance)
        log = instance / "gunicorn.log"
        server = start_gunicorn(args, env, log)
        served = Served(server.pid)
        try:
            yield served
        finally:
            stop_gunicorn(server)
        served.stored = count_responses(args.database, instance)
        served.errors = [line for line in log.read_text(errors="replace").splitlines()
                         if "Error" in line or "ERROR" in line]
