"""`make run` serves the app with the scheduler beside it, and Ctrl-C stops both."""
from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest

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


def test_a_second_ctrl_c_while_stopping_does_not_cut_the_stopping_short(monkeypatch):
    # make passes its own SIGTERM on, and people press Ctrl-C twice: with a child slow to
    # stop, the second signal once broke off the waiting with a traceback, the child left.
    from feedback import devserver
    monkeypatch.setattr(devserver, "STOP_WAIT_SECONDS", 1)
    slow = subprocess.Popen(["python3", "-c", "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
                                              "print('ready', flush=True); time.sleep(30)"], stdout=subprocess.PIPE)
    assert slow.stdout.readline().strip() == b"ready"
    handlers = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # as devserver.main sets it
    again = threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGINT))
    try:
        again.start()
        devserver._stop(slow)  # waits a second, then kills the child
    except KeyboardInterrupt:
        pytest.fail("the second Ctrl-C broke off the stopping")
    finally:
        again.cancel()
        slow.stdout.close()
        signal.signal(signal.SIGINT, handlers[0])
        signal.signal(signal.SIGTERM, handlers[1])
        if slow.poll() is None:
            slow.kill()
            slow.wait()
    assert slow.returncode is not None and slow.returncode != 0, "the slow child was stopped"
