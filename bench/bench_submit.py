"""Load benchmark: survey submissions against a trivial route, both under gunicorn.

Starts gunicorn on 127.0.0.1 against a fresh database, waits for /healthz, then runs two
bounded phases with the same number of concurrent clients:

1. the trivial route: each client GETs /healthz again and again;
2. submissions: each client acts as a new respondent again and again: GET the event
   survey (session cookie, CSRF token, submission key), then POST the answers. A
   submission counts as acknowledged only when the answer is a 303 to /thanks/...

Afterwards it stops gunicorn, counts the rows in `response` and checks that every
acknowledged submission was stored, once.

The load generator is one asyncio process with a small HTTP/1.1 client on the standard
library's streams (http_client.py): it is light and needs no extra package, but on a
2-core machine it still competes with the server for CPU, so the report shows how busy
both were.

    .venv/bin/python bench/bench_submit.py [--clients 50] [--duration 20]
        [--database sqlite|postgresql] [--workers 2] [--worker-class sync|gthread]
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
    "role": "carer",
    "listened_to": "agree",
    "treated_as_equal": "strongly_agree",
    "what_helped": "The organisers paid my bus fare and explained everything clearly.",
    "what_made_it_harder": "The room was noisy and it was hard to hear.",
    "involved_again": "yes",
}
# Hard caps so a run always ends, whatever the options say.
MAX_DURATION = 300.0
MAX_REQUESTS_PER_CLIENT = 100_000


@dataclass
class Phase:
    name: str
    started: float = 0.0
    elapsed: float = 0.0
    completed: int = 0  # health checks answered "ok", or submissions acknowledged
    failures: dict[str, int] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)  # one per completed unit, seconds
    request_latencies: list[float] = field(default_factory=list)  # every HTTP request
    form_latencies: list[float] = field(default_factory=list)  # submissions: GET the form
    post_latencies: list[float] = field(default_factory=list)  # submissions: POST the answers
    acknowledged_ids: set[str] = field(default_factory=set)
    server_cpu: float = 0.0  # CPU seconds the gunicorn workers used during the phase
    client_cpu: float = 0.0  # CPU seconds this load generator used during the phase

    def fail(self, reason: str) -> None:
        self.failures[reason] = self.failures.get(reason, 0) + 1

    @property
    def rate(self) -> float:
        return self.completed / self.elapsed if self.elapsed else 0.0

    @property
    def request_rate(self) -> float:
        return len(self.request_latencies) / self.elapsed if self.elapsed else 0.0


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def pause(think: float) -> None:
    """A person's time between pages; jittered so clients do not move in step."""
    if think > 0:
        await asyncio.sleep(random.uniform(0.5, 1.5) * think)


async def check_health(connection: Connection, phase: Phase, _think: float) -> None:
    """One health check, timed."""
    start = time.perf_counter()
    status, _headers, body = await connection.request("GET", "/healthz")
    took = time.perf_counter() - start
    phase.request_latencies.append(took)
    if status == 200 and body == b"ok":
        phase.completed += 1
        phase.latencies.append(took)
    else:
        phase.fail(f"HTTP {status}")


def client_of(step):
    """A client that repeats `step` on one kept-alive connection until the deadline; a
    broken connection counts as a failure and is opened again on the next request."""
    async def client(port: int, phase: Phase, deadline: float, think: float) -> None:
        connection = Connection(HOST, port)
        try:
            for _ in range(MAX_REQUESTS_PER_CLIENT):
                await pause(think)
                if time.perf_counter() >= deadline:
                    return
                try:
                    await step(connection, phase, think)
                except (OSError, asyncio.IncompleteReadError, ValueError) as error:
                    phase.fail(type(error).__name__)
                    connection.close()
        finally:
            connection.close()
    return client


async def submit_once(connection: Connection, phase: Phase, think: float) -> None:
    """One new respondent: fresh cookies, read the form, send the answers.

    A submission's latency is the time waiting for both pages, not the time spent
    "filling in" (`think`).
    """
    start = time.perf_counter()
    status, headers, body = await connection.request("GET", SURVEY_PATH)
    form_wait = time.perf_counter() - start
    phase.request_latencies.append(form_wait)
    phase.form_latencies.append(form_wait)
    if status != 200:
        phase.fail(f"form HTTP {status}")
        return
    cookies = "; ".join(value.split(";", 1)[0] for value in headers.get("set-cookie", []))
    form = hidden_inputs(body.decode("utf-8"))
    if "csrf_token" not in form or "submission_key" not in form:
        phase.fail("form without csrf_token or submission_key")
        return
    payload = urllib.parse.urlencode(form | ANSWERS).encode("ascii")
    await pause(think)
    posted = time.perf_counter()
    status, headers, _body = await connection.request("POST", SURVEY_PATH, body=payload, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookies,
    })
    done = time.perf_counter()
    phase.request_latencies.append(done - posted)
    phase.post_latencies.append(done - posted)
    location = headers.get("location", [""])[0]
    if status == 303 and "/thanks/" in location:
        phase.completed += 1
        phase.latencies.append(form_wait + done - posted)
        phase.acknowledged_ids.add(location.rsplit("/", 1)[-1])
    else:
        phase.fail(f"submit HTTP {status}")


health_client = client_of(check_health)
submission_client = client_of(submit_once)


async def run_phase(name: str, client, args: argparse.Namespace, clients: int, duration: float,
                    server_pid: int) -> Phase:
    phase = Phase(name)
    cpu_before, client_before = server_cpu_seconds(server_pid), time.process_time()
    phase.started = time.perf_counter()
    deadline = phase.started + duration
    think = args.think if name != "warm-up" else 0.0
    tasks = [client(args.port, phase, deadline, think) for _ in range(clients)]
    # Clients stop at the deadline; the timeout is a backstop for a hung server.
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=duration + 60)
    phase.elapsed = time.perf_counter() - phase.started
    phase.server_cpu = server_cpu_seconds(server_pid) - cpu_before
    phase.client_cpu = time.process_time() - client_before
    return phase


def report(args: argparse.Namespace, health: Phase, submit: Phase, acknowledged: int, distinct: int,
           stored: int, load: float) -> str:
    def ms(values: list[float], fraction: float) -> str:
        return f"{percentile(values, fraction) * 1000:.1f}"

    def cpu(phase: Phase, count: int) -> str:
        return f"{phase.server_cpu / count * 1000:.2f}" if count else "n/a"

    rows = [
        ("trivial: GET /healthz", f"{health.rate:.0f} req/s", f"{health.request_rate:.0f}",
         ms(health.latencies, .5), ms(health.latencies, .95), cpu(health, health.completed),
         sum(health.failures.values())),
        ("submission: GET form + POST", f"{submit.rate:.0f} subs/s", f"{submit.request_rate:.0f}",
         ms(submit.latencies, .5), ms(submit.latencies, .95), cpu(submit, submit.completed),
         sum(submit.failures.values())),
        ("- GET the form", "", "", ms(submit.form_latencies, .5), ms(submit.form_latencies, .95), "", ""),
        ("- POST the answers", "", "", ms(submit.post_latencies, .5), ms(submit.post_latencies, .95), "", ""),
    ]
    if args.think:
        ratio_line = "ratio: not meaningful with --think (the pauses set both rates)"
    elif health.rate:
        ratio_line = (f"ratio, submissions/s to trivial req/s: {submit.rate / health.rate:.1%}"
                      f" (HTTP requests/s: {submit.request_rate / health.rate:.1%})")
    else:
        ratio_line = "ratio: n/a"
    cpu_each = [phase.server_cpu / phase.completed if phase.completed else 0.0 for phase in (health, submit)]
    lines = [
        f"database={args.database} workers={args.workers} worker-class={args.worker_class}"
        + (f" threads={args.threads}" if args.worker_class == "gthread" else "")
        + f" clients={args.clients} think={args.think:g}s duration={args.duration:.0f}s per phase;"
        f" load average before the run {load:.1f} on {os.cpu_count()} CPUs",
        "",
        "| load | throughput | HTTP req/s | p50 ms | p95 ms | server CPU ms each | failures |",
        "|---|---|---|---|---|---|---|",
        *("| " + " | ".join(str(cell) for cell in row) + " |" for row in rows),
        "",
        ratio_line,
        f"acknowledged submissions (303 to /thanks/, warm-up included): {acknowledged}"
        f" ({distinct} distinct response ids); rows in response: {stored}; "
        + ("every one stored, once" if acknowledged == distinct == stored else "MISMATCH"),
        "CPU busy during each phase (of one core): " + "; ".join(
            f"{phase.name}: gunicorn workers {phase.server_cpu / phase.elapsed:.0%},"
            f" load generator {phase.client_cpu / phase.elapsed:.0%}" for phase in (health, submit)),
    ]
    p95 = percentile(submit.latencies, .95)
    targets = [f"submission p95 under 100 ms: {'met' if p95 < 0.1 else 'not met'} ({p95 * 1000:.0f} ms)"]
    if not args.think and health.rate:
        ratio = submit.rate / health.rate
        targets.insert(0, f"submissions/s at least 40% of /healthz req/s: {'met' if ratio >= 0.4 else 'not met'}")
    lines.append(f"targets at {args.clients} clients: " + "; ".join(targets))
    if all(cpu_each):
        # What the CPU cost alone allows: steadier than clock rates on a busy machine.
        workers_cpu = min(args.workers, os.cpu_count() or 1)
        lines.append(
            f"if the workers had {workers_cpu} CPUs to themselves: about {workers_cpu / cpu_each[0]:.0f} health"
            f" checks/s or {workers_cpu / cpu_each[1]:.0f} submissions/s; CPU-cost ratio"
            f" {cpu_each[0] / cpu_each[1]:.1%}")
    for phase in (health, submit):
        if phase.failures:
            lines.append(f"{phase.name} failures: {phase.failures}")
    return "\n".join(lines)


async def measure(args: argparse.Namespace, server_pid: int) -> tuple[Phase, Phase, Phase]:
    await wait_until_healthy(args.port)
    # Warm up: both workers load templates and open their database connections.
    warm = await run_phase("warm-up", submission_client, args, min(args.clients, 8), args.warmup, server_pid)
    await run_phase("warm-up", health_client, args, min(args.clients, 8), args.warmup / 2, server_pid)
    health = await run_phase("trivial", health_client, args, args.clients, args.duration, server_pid)
    submit = await run_phase("submission", submission_client, args, args.clients, args.duration, server_pid)
    return health, submit, warm


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients in each phase")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds per phase (max 300)")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of warm-up before measuring")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", choices=("sync", "gthread"), default="gthread",
                        help="gthread (default) keeps connections open; see docs/benchmarks.md")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker with gthread")
    parser.add_argument("--think", type=float, default=0.0,
                        help="mean seconds a client pauses before each request (0: as fast as it can)")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args(argv)
    args.duration = min(max(args.duration, 1.0), MAX_DURATION)
    args.warmup = min(max(args.warmup, 0.5), 30.0)
    args.clients = min(max(args.clients, 1), 1000)
    args.think = min(max(args.think, 0.0), 10.0)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    load = os.getloadavg()[0]
    with serving(args, "feedback-bench-") as served:
        health, submit, warm = asyncio.run(measure(args, served.pid))
    acknowledged = warm.completed + submit.completed
    distinct = len(warm.acknowledged_ids | submit.acknowledged_ids)
    print(report(args, health, submit, acknowledged, distinct, served.stored, load))
    served.report_errors()
    failed = health.failures or submit.failures or served.errors
    return 0 if acknowledged == distinct == served.stored and submit.completed and not failed else 1


if __name__ == "__main__":
    sys.exit(main())
