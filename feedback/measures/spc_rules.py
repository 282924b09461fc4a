"""The special-cause rules of NHSRplotthedots 0.2.2, applied to one group of points.

The first rule that matches a point names it: outside the process limits, then a trend of
7, then 2 of 3 near a limit, then 7 on one side of the mean. All comparisons are strict,
and a missing limit (None) never matches.
"""
from __future__ import annotations

RUN = 7            # points in a trend or in a shift
WINDOW = 3         # "2 in 3": the window, and at least 2 of its points near a limit
NEAR_COUNT = 2


def classify_group(values: list[float], *, mean: float, lpl: float | None, upl: float | None,
                   nlpl: float | None, nupl: float | None) -> list[str]:
    """The special_cause_type of each point of one group, in order."""
    side = [_sign(value - mean) for value in values]
    above = [upl is not None and value > upl for value in values]
    below = [lpl is not None and value < lpl for value in values]
    # Near a limit: beyond the 2-sigma line but not beyond the process limit (0.2.2 does not
    # count points outside the limits here; a later Making Data Count change will).
    near = [(nupl is not None and value > nupl and not high) or (nlpl is not None and value < nlpl and not low)
            for value, high, low in zip(values, above, below)]
    trend = _trend_directions(values)
    two_in_three = _two_in_three(side, near)
    shift = _shifts(side)
    labels = []
    for index in range(len(values)):
        high = side[index] > 0
        if above[index]:
            labels.append("Above UCL")
        elif below[index]:
            labels.append("Below LCL")
        elif trend[index]:
            labels.append(f"7 Point Trend ({trend[index]})")
        elif two_in_three[index]:
            labels.append("2 in 3 Above CL" if high else "2 in 3 Below CL")
        elif shift[index]:
            labels.append("7 Points Above CL" if high else "7 Points Below CL")
        else:
            labels.append("Common Cause")
    return labels


def _sign(number: float) -> int:
    return (number > 0) - (number < 0)


def _trend_directions(values: list[float]) -> list[str | None]:
    """'Increasing' or 'Decreasing' for points in a run of RUN strict rises or falls, else None.

    As in the package, a trend point whose next point is also in a trend takes its
    direction from the step to its right, otherwise from the step to its left; a step that
    is not a rise (a fall or a tie) reads as 'Decreasing'.
    """
    steps = [0] + [_sign(b - a) for a, b in zip(values, values[1:])]  # steps[i]: from i-1 to i
    in_trend = [False] * len(values)
    for start in range(len(values) - RUN + 1):
        run = steps[start + 1:start + RUN]
        if run[0] != 0 and all(step == run[0] for step in run):
            for j in range(start, start + RUN):
                in_trend[j] = True
    directions: list[str | None] = []
    for i, flagged in enumerate(in_trend):
        if not flagged:
            directions.append(None)
            continue
        step = steps[i + 1] if i + 1 < len(values) and in_trend[i + 1] else steps[i]
        directions.append("Increasing" if step > 0 else "Decreasing")
    return directions


def _two_in_three(side: list[int], near: list[bool]) -> list[bool]:
    """Near points in any 3 consecutive points on one side of the mean with at least 2 near."""
    flagged = [False] * len(side)
    for start in range(len(side) - WINDOW + 1):
        window = range(start, start + WINDOW)
        if side[start] != 0 and all(side[i] == side[start] for i in window) \
                and sum(near[i] for i in window) >= NEAR_COUNT:
            for i in window:
                flagged[i] = flagged[i] or near[i]
    return flagged


def _shifts(side: list[int]) -> list[bool]:
    """Points in a run of RUN or more on one side of the mean (a point on the mean breaks it)."""
    flagged = [False] * len(side)
    start = 0
    for i in range(1, len(side) + 1):
        if i == len(side) or side[i] != side[start]:
            if side[start] != 0 and i - start >= RUN:
                for j in range(start, i):
                    flagged[j] = True
            start = i
    return flagged
