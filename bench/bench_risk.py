"""Time the layered risk check per answer, and its load time.

    .venv/bin/python bench/bench_risk.py [--repeat 3]

Loads the phrase layer and the model once (the first call, as a web worker does), then checks
every held-out answer of feedback/analysis/data/risk one at a time, as the storing path does
for one submission, and prints the median and 95th percentile milliseconds per answer. CPU
time, not wall time, so other work on the machine counts less.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from feedback.analysis.training.risk_data import load_split  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    texts = [row.text for row in load_split("test")]
    started = time.process_time()
    from feedback.analysis.risk import default_detector
    detector = default_detector()
    detector.check("warm up")
    load = time.process_time() - started
    times = []
    for repeat in range(1, args.repeat + 1):
        for text in texts:
            before = time.process_time()
            detector.check(text + " " * repeat)  # a new string each pass, so no cache answers for it
            times.append((time.process_time() - before) * 1000)
    times.sort()
    print(f"load {load * 1000:.0f} ms CPU; {len(times)} checks: median {statistics.median(times):.2f} ms, "
          f"95th percentile {times[int(len(times) * 0.95)]:.2f} ms CPU per answer "
          f"(mean {sum(len(t) for t in texts) / len(texts):.0f} characters)")


if __name__ == "__main__":
    main()
