"""Paced load: many respondents at once, each answering at a person's pace, under gunicorn.

Starts gunicorn (2 workers by default) on 127.0.0.1 against a fresh database, then lets
`--respondents` simulated people loose for `--duration` seconds. Each arrives at a random
moment in the first `--ramp` seconds and then, again and again, as a new browser: GETs
the survey (session cookie, CSRF token, submission key), reads and answers for a while
(`--think`, seconds: uniform between its two values; at least the app's 3 s minimum time
to answer), POSTs the answers, follows the 303
to the thank-you page, and leaves for `--away` seconds before the next person takes the
phone. Latency is measured for each request on its own (the pauses are not in it).

Afterwards it stops gunicorn and checks that every acknowledged submission was stored
once. Exits with 1 on any failure or mismatch.

    .venv/bin/python bench/bench_paced.py [--respondents 200] [--duration 120]
        [--think 10 40] [--away 5 15] [--database sqlite|postgresql] [--workers 2]
        [--worker-class gthread|sync] [--threads 4]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import time
import urllib.parse
from dataclasses import dataclass, field

# bench/ is on sys.path when this file is run as a script.
from http_client import Connection, hidden_inputs
from submit_server import (
    HOST,
    server_cpu_seconds,
    serving,
    wait_until_healthy,
)

SURVEY_PATH = "/s/after-an-event"
ANSWERS = {
    "role": "service_user",
    "listened_to": "agree",
    "treated_as_equal": "strongly_agree",
    "easy_information": "neither",
    "support_to_take_part": "agree",
    "what_helped": "The staff explained everything clearly and I had a break when I needed one.",
    "what_made_it_harder": "The room was too hot and the meeting started late.",
    "involved_again": "yes",
}
TARGET_P95 = 0.100  # seconds
# Every respondent comes from 127.0.0.1, so the per-address rate limit is raised so far that
# it never refuses; it still runs, as does the minimum time to answer (the app's default).
GUARD_SETTINGS = {"FEEDBACK_SUBMISSION_RATE_LIMIT": "1000000 per minute", "FEEDBACK_SUBMISSION_MIN_SECONDS": "3"}
WARM_UP_THINK = 3.5
MAX_DURATION = 900.0


@dataclass
class Run:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"form": [], "post": [], "thanks": []})
    failures: dict[str, int] = field(default_factory=dict)
    acknowledged: set[str] = field(default_factory=set)

    def fail(self, reason: str) -> None:
        self.failures[reason] = self.failures.get(reason, 0) + 1


class Browser:
    """One person's browser: a kept-alive connection and the cookies the server set."""

    def __init__(self, port: int) -> None:
        self.connection = Connection(HOST, port)
        self.cookies: dict[str, str] = {}

    async def request(self, run: Run, page: str, method: str, path: str, body: bytes = b"", *,
                      after_pause: bool = False):
        if after_pause:
            # gunicorn closes a connection idle for more than 2 s; a browser opens a new one.
            self.connection.close()
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        start = time.perf_counter()
        status, received, content = await self.connection.request(method, path, body=body, headers=headers)
        run.latencies[page].append(time.perf_counter() - start)
        for value in received.get("set-cookie", []):
            name, _, rest = value.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = rest.strip()
        return status, received, content

    def close(self) -> None:
        self.connection.close()


async def respondent(port: int, run: Run, args: argparse.Namespace, deadline: float) -> None:
    await asyncio.sleep(random.uniform(0, args.ramp))
    while time.perf_counter() < deadline:
        browser = Browser(port)  # the next person: no cookies
        try:
            await one_submission(browser, run, args)
        except (OSError, asyncio.IncompleteReadError, ValueError) as error:
            run.fail(type(error).__name__)
        finally:
            browser.close()
        await asyncio.sleep(random.uniform(*args.away))


async def one_submission(browser: Browser, run: Run, args: argparse.Namespace) -> None:
    status, _headers, body = await browser.request(run, "form", "GET", SURVEY_PATH)
    if status != 200:
        run.fail(f"form HTTP {status}")
        return
    form = hidden_inputs(body.decode("utf-8"))
    if "csrf_token" not in form or "submission_key" not in form:
        run.fail("form without csrf_token or submission_key")
        return
    await asyncio.sleep(random.uniform(*args.think))  # reading and answering
    payload = urllib.parse.urlencode(form | ANSWERS).encode("ascii")
    status, headers, _body = await browser.request(run, "post", "POST", SURVEY_PATH, payload, after_pause=True)
    location = headers.get("location", [""])[0]
    if status != 303 or "/thanks/" not in location:
        run.fail(f"submit HTTP {status}")
        return
    run.acknowledged.add(location.rsplit("/", 1)[-1])
    path = urllib.parse.urlsplit(location).path
    status, _headers, _body = await browser.request(run, "thanks", "GET", path)
    if status != 200:
        run.fail(f"thank-you HTTP {status}")


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def measure(args: argparse.Namespace, server_pid: int) -> tuple[Run, float, float]:
    await wait_until_healthy(args.port)
    warm = Run()

    async def warm_up() -> None:
        browser = Browser(args.port)
        try:  # a pause just over the minimum time to answer
            await one_submission(browser, warm, argparse.Namespace(think=(WARM_UP_THINK, WARM_UP_THINK)))
        finally:
            browser.close()
    # Both workers load templates and models before the clock starts.
    await asyncio.gather(*(warm_up() for _ in range(4)))
    if warm.failures:
        raise SystemExit(f"warm-up failed: {warm.failures}")
    run = Run()
    run.acknowledged |= warm.acknowledged
    cpu_before = server_cpu_seconds(server_pid)
    started = time.perf_counter()
    deadline = started + args.duration
    await asyncio.wait_for(asyncio.gather(*(respondent(args.port, run, args, deadline)
                                            for _ in range(args.respondents))),
                           timeout=args.duration + args.think[1] + 60)
    return run, time.perf_counter() - started, server_cpu_seconds(server_pid) - cpu_before


def report(args: argparse.Namespace, run: Run, elapsed: float, server_cpu: float, stored: int, load: float) -> str:
    everything = [value for values in run.latencies.values() for value in values]
    submissions = len(run.latencies["post"])
    lines = [
        f"database={args.database} workers={args.workers} worker-class={args.worker_class}"
        + (f" threads={args.threads}" if args.worker_class == "gthread" else "")
        + f" respondents={args.respondents} think={args.think[0]:g}-{args.think[1]:g}s"
        f" away={args.away[0]:g}-{args.away[1]:g}s duration={args.duration:.0f}s;"
        f" load average before the run {load:.1f} on {os.cpu_count()} CPUs",
        "",
        "| request | count | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---|---|---|---|---|",
    ]
    for name, values in (("GET the form", run.latencies["form"]), ("POST the answers", run.latencies["post"]),
                         ("GET the thank-you page", run.latencies["thanks"]), ("every request", everything)):
        lines.append(f"| {name} | {len(values)} | " + " | ".join(
            f"{percentile(values, fraction) * 1000:.1f}" for fraction in (.5, .95, .99, 1.0)) + " |")
    p95 = percentile(everything, .95)
    lines += [
        "",
        f"{submissions / elapsed:.1f} submissions/s, {len(everything) / elapsed:.1f} requests/s;"
        f" gunicorn workers used {server_cpu / elapsed:.0%} of one CPU"
        + (f", {server_cpu / submissions * 1000:.1f} ms of CPU per submission (3 requests)" if submissions else ""),
        f"acknowledged submissions (warm-up included): {len(run.acknowledged)}; rows in response: {stored}; "
        + ("every one stored, once" if len(run.acknowledged) == stored else "MISMATCH"),
        f"target, p95 of every request under {TARGET_P95 * 1000:.0f} ms: "
        f"{'met' if p95 < TARGET_P95 else 'not met'} ({p95 * 1000:.1f} ms)",
    ]
    if run.failures:
        lines.append(f"failures: {run.failures}")
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--respondents", type=int, default=200)
    parser.add_argument("--duration", type=float, default=120.0, help="seconds (max 900)")
    parser.add_argument("--ramp", type=float, default=20.0, help="respondents arrive within this many seconds")
    parser.add_argument("--think", type=float, nargs=2, default=(10.0, 40.0), metavar=("MIN", "MAX"),
                        help="seconds between getting the form and sending it")
    parser.add_argument("--away", type=float, nargs=2, default=(5.0, 15.0), metavar=("MIN", "MAX"),
                        help="seconds before the next person starts on the same client")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", choices=("sync", "gthread"), default="gthread")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args(argv)
    args.respondents = min(max(args.respondents, 1), 2000)
    args.duration = min(max(args.duration, 5.0), MAX_DURATION)
    args.think = tuple(sorted(min(max(value, WARM_UP_THINK), 600.0) for value in args.think))
    args.away = tuple(sorted(min(max(value, 0.0), 600.0) for value in args.away))
    args.ramp = min(max(args.ramp, 0.0), args.duration)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    load = os.getloadavg()[0]
    os.environ.update(GUARD_SETTINGS)
    with serving(args, "feedback-paced-") as served:
        run, elapsed, server_cpu = asyncio.run(measure(args, served.pid))
    print(report(args, run, elapsed, server_cpu, served.stored, load))
    served.report_errors()
    ok = len(run.acknowledged) == served.stored and run.latencies["post"] and not run.failures and not served.errors
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
