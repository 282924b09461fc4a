"""`make run`: the web server and the one scheduler, started together and stopped together.

Scheduled summaries are part of the main job, so trying the app with `make run` must send
them too. Both run as child processes of this one; Ctrl-C (or SIGTERM) stops both. In
production the web workers and exactly one scheduler are run separately (README).
"""
from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import time
from collections.abc import Sequence

STOP_WAIT_SECONDS = 10


def _flask(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "flask", "--app", "wsgi", *arguments]


def _stop(*processes: subprocess.Popen) -> None:
    """Ask all to stop at once, then wait for each (a busy machine makes each slow to stop).
    A second Ctrl-C or SIGTERM meanwhile (make passes its own on) is ignored: it cut the
    waiting short with a traceback, leaving a child behind if one was slow."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    for process in processes:
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + STOP_WAIT_SECONDS
    for process in processes:
        try:
            process.wait(max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default="5000")
    options = parser.parse_args(argv)

    # Ctrl-C and SIGTERM both end this process, so the children are stopped either way. SIGINT
    # is set too: started from a background job or a test worker it arrives ignored, and Python
    # then leaves it so (seen: Ctrl-C sent to the group stopped nothing).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    scheduler = subprocess.Popen(_flask("run-scheduler"))
    web = subprocess.Popen(_flask("run", "--host", options.host, "--port", str(options.port)))
    warned, stopped_by_user = False, False
    try:
        while web.poll() is None:
            if scheduler.poll() is not None and not warned:
                print("feedback: the scheduler stopped, so no summaries will be sent; the workspace says so. "
                      "Stop with Ctrl-C and run `make run` again.", file=sys.stderr)
                warned = True
            time.sleep(0.5)
    except KeyboardInterrupt:
        stopped_by_user = True
    finally:
        _stop(web, scheduler)
    return 0 if stopped_by_user else web.returncode or 0  # stopped as asked: make says nothing


if __name__ == "__main__":
    sys.exit(main())
