"""`make run` serves the app with the scheduler beside it, and Ctrl-C stops both."""
from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(check, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.25)
    raise AssertionError(f"gave up waiting for {check.__name__}")


def group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    # Zombies still count for killpg; only processes that are really running matter.
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            return True
    return False


def test_make_run_starts_the_scheduler_and_ctrl_c_stops_it_with_the_server(tmp_path):
    port = free_port()
    database = tmp_path / "feedback.sqlite"
    env = {**os.environ, "FEEDBACK_INSTANCE_PATH": str(tmp_path), "FEEDBACK_DATABASE_URL": f"sqlite:///{database}"}
    env.pop("FEEDBACK_TEST_DATABASE_URL", None)
    log = tmp_path / "make-run.log"
    with log.open("wb") as output:
        server = subprocess.Popen(["make", "--no-print-directory", "run", f"PORT={port}"], cwd=ROOT, env=env,
                                  stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
                                      # as from a background job, where Ctrl-C arrives ignored
                                      preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    try:
        def web_answers():
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as reply:
                    return reply.status == 200
            except OSError:
                if server.poll() is not None:
                    raise AssertionError("make run stopped: " + log.read_text()) from None
                return False

        wait_for(web_answers, 120)

        def heartbeat():
            try:
                with sqlite3.connect(database) as connection:
                    return connection.execute("SELECT last_pass_at FROM scheduler_heartbeat").fetchone()
            except sqlite3.OperationalError:
                return None

        assert wait_for(heartbeat, 60), "the scheduler never finished a pass"
        os.killpg(server.pid, signal.SIGINT)  # what Ctrl-C in the terminal does
        server.wait(30)
        wait_for(lambda: not group_alive(server.pid), 30)
        with socket.socket() as probe:
            assert probe.connect_ex(("127.0.0.1", port)) != 0, "the web server is still listening"
    finally:
        if group_alive(server.pid):
            os.killpg(server.pid, signal.SIGKILL)
        server.wait()  # reaped, so a failure here is not reported again under a later test
