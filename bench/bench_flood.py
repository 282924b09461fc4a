"""Flood benchmark: one client floods the survey while people answer it at a normal pace.

Starts gunicorn on 127.0.0.1 (two sync workers) against a fresh SQLite database, with the
submission rate limit counted in Redis (127.0.0.1:6379) so both workers share it, then
runs, for --duration seconds at once:

- the flood: --flood-clients connections, all from one address, each again and again
  reading the form, waiting SUBMISSION_MIN_SECONDS (a robot that knows the timing check;
  --flood-wait 0 for one that does not) and sending answers with a fresh submission key;
- people: --people respondents, each from their own address, arriving at random in the
  first part of the run, reading the form for 8 to 20 seconds and sending it once.

Every request reaches the server from 127.0.0.1, so the run sets TRUSTED_PROXIES=1 and
names each client in X-Forwarded-For, as a reverse proxy in front would. Afterwards it
counts the stored responses and checks them against the acknowledged ones.

    .venv/bin/python bench/bench_flood.py [--duration 60] [--flood-clients 40] [--people 40]
        [--rate-limit "20 per minute; 300 per hour"] [--flood-wait SECONDS]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import secrets
import sys
import tempfile
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from http_client import Connection, hidden_inputs
from submit_server import HOST, count_responses, prepare_database, start_gunicorn, stop_gunicorn, wait_until_healthy

SURVEY_PATH = "/s/after-an-event"
ANSWERS = {"role": "carer", "listened_to": "agree", "what_helped": "Being asked what I thought, and the tea."}
REDIS_URL = "redis://127.0.0.1:6379/0"
FLOOD_ADDRESS = "198.51.100.1"
MIN_SECONDS = 3
MAX_DURATION = 300.0


@dataclass
class Tally:
    statuses: Counter = field(default_factory=Counter)
    waits: list[float] = field(default_factory=list)  # POST latencies, seconds
    acknowledged: set[str] = field(default_factory=set)


async def respond(port: int, address: str, reading: float, tally: Tally) -> None:
    """One respondent from `address`: read the form, spend `reading` seconds on it, send it."""
    connection = Connection(HOST, port)
    forwarded = {"X-Forwarded-For": address}
    try:
        status, headers, body = await connection.request("GET", SURVEY_PATH, headers=forwarded)
        if status != 200:
            tally.statuses[f"form {status}"] += 1
            return
        cookies = "; ".join(value.split(";", 1)[0] for value in headers.get("set-cookie", []))
        payload = urllib.parse.urlencode(hidden_inputs(body.decode()) | ANSWERS).encode()
        await asyncio.sleep(reading)
        started = time.perf_counter()
        status, headers, _ = await connection.request("POST", SURVEY_PATH, body=payload, headers=forwarded | {
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookies})
        tally.waits.append(time.perf_counter() - started)
        tally.statuses[status] += 1
        location = headers.get("location", [""])[0]
        if status == 303 and "/thanks/" in location:
            tally.acknowledged.add(location.rsplit("/", 1)[-1])
    except (OSError, asyncio.IncompleteReadError, ValueError) as error:
        tally.statuses[type(error).__name__] += 1
    finally:
        connection.close()


async def flood(port: int, deadline: float, wait: float, tally: Tally) -> None:
    while time.perf_counter() < deadline:
        await respond(port, FLOOD_ADDRESS, wait, tally)


async def person(port: int, start: float, tally: Tally) -> None:
    await asyncio.sleep(start)
    await respond(port, f"10.{random.randrange(1, 250)}.{random.randrange(1, 250)}.{random.randrange(1, 250)}",
                  random.uniform(8, 20), tally)


def median_ms(values: list[float]) -> str:
    return f"{sorted(values)[len(values) // 2] * 1000:.0f}" if values else "n/a"


def row(name: str, tally: Tally, elapsed: float) -> str:
    sent = sum(tally.statuses.values())
    accepted = tally.statuses[303]
    refused = tally.statuses[429]
    other = sent - accepted - refused
    return (f"| {name} | {sent} | {sent / elapsed:.1f} | {accepted} | {refused} | {other} | "
            f"{median_ms(tally.waits)} |")


async def main(args: argparse.Namespace) -> None:
    duration = min(args.duration, MAX_DURATION)
    prefix = "bench-flood-" + secrets.token_hex(4)
    with tempfile.TemporaryDirectory(prefix="feedback-flood-") as folder:
        instance = Path(folder)
        os.environ.update({
            "FEEDBACK_SUBMISSION_RATE_LIMIT": args.rate_limit, "FEEDBACK_SUBMISSION_MIN_SECONDS": str(MIN_SECONDS),
            "FEEDBACK_RATELIMIT_STORAGE_URI": REDIS_URL, "FEEDBACK_RATELIMIT_KEY_PREFIX": prefix,
            "FEEDBACK_TRUSTED_PROXIES": "1", "FEEDBACK_SUBMISSION_SURGE_MINIMUM": "0",
        })
        env = prepare_database("sqlite", instance)
        args.workers, args.worker_class = 2, "sync"
        server = start_gunicorn(args, env, instance / "gunicorn.log")
        try:
            await wait_until_healthy(args.port)
            flood_tally, people_tally = Tally(), Tally()
            started = time.perf_counter()
            deadline = started + duration
            arrivals = [random.uniform(0, max(1.0, duration - 25)) for _ in range(args.people)]
            await asyncio.wait_for(asyncio.gather(
                *(flood(args.port, deadline, args.flood_wait, flood_tally) for _ in range(args.flood_clients)),
                *(person(args.port, arrival, people_tally) for arrival in arrivals),
            ), timeout=duration + 120)
            elapsed = time.perf_counter() - started
        finally:
            stop_gunicorn(server)
            import redis
            store = redis.Redis.from_url(REDIS_URL)
            for key in store.scan_iter(f"*{prefix}*"):
                store.delete(key)
        stored = count_responses("sqlite", instance)
    acknowledged = len(flood_tally.acknowledged) + len(people_tally.acknowledged)
    print(f"{duration:.0f} s of flood ({elapsed:.0f} s until the last answer came back); gunicorn 2 sync workers on {HOST}:{args.port}, limiter on Redis; "
          f"SUBMISSION_RATE_LIMIT={args.rate_limit!r}, SUBMISSION_MIN_SECONDS={MIN_SECONDS}; "
          f"flood: {args.flood_clients} connections from one address waiting {args.flood_wait} s per form; "
          f"people: {args.people}, each from their own address, reading 8-20 s\n")
    print("| traffic | sent | per second | stored (303) | refused (429) | other | median POST ms |")
    print("|---|---|---|---|---|---|---|")
    print(row("flood, one address", flood_tally, elapsed))
    print(row("people at a normal pace", people_tally, elapsed))
    other = {str(key): value for key, value in (flood_tally.statuses + people_tally.statuses).items()
             if key not in (303, 429)}
    print(f"\nother answers: {other or 'none'}; stored responses {stored}, acknowledged {acknowledged}"
          f"{'' if stored == acknowledged else ' (MISMATCH)'}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--flood-clients", type=int, default=40)
    parser.add_argument("--flood-wait", type=float, default=MIN_SECONDS + 0.1)
    parser.add_argument("--people", type=int, default=40)
    parser.add_argument("--rate-limit", default="20 per minute; 300 per hour")
    parser.add_argument("--port", type=int, default=8765)
    if sys.version_info < (3, 11):
        raise SystemExit("Python 3.11 or newer")
    asyncio.run(main(parser.parse_args()))
