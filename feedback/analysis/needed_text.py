"""What a regular expression cannot match without: a few strings, one of which is in
every text it matches.

The risk check runs some 250 phrase patterns over every written answer, and nearly every
answer matches none of them. A pattern whose every match holds one of a few strings
("kill", "killing", "end") cannot match a text that holds none of them, and looking for a
few substrings costs far less than running the pattern. They are worked out from the
pattern as Python's own regular expression parser reads it, so they follow exactly what it
can match; where that cannot be told (a construct not handled here, case-insensitive
matching), there are none and the pattern always runs.
"""
from __future__ import annotations

import re

# The parser `re` itself uses (internal to it, but the same since Python 3.11).
from re import _constants as sre
from re import _parser

MIN_USEFUL = 3   # shorter strings are in nearly every text: not worth testing for


def needed_strings(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings one of which every match of `pattern` contains, or None if not known."""
    if pattern.flags & re.IGNORECASE:
        return None
    parsed = _parser.parse(pattern.pattern, pattern.flags)
    if parsed.state.flags & re.IGNORECASE:
        return None
    found = _in_sequence(list(parsed))
    return frozenset(found) if found and min(map(len, found)) >= MIN_USEFUL else None


def _in_sequence(items: list) -> set[str] | None:
    """For a sequence of parsed items: the most telling of the sets its mandatory parts
    need (a run of literal characters, or a group all of whose branches need one)."""
    candidates: list[set[str]] = []
    run = ""
    for op, value in items:
        if op is sre.LITERAL:
            run += chr(value)
            continue
        if run:
            candidates.append({run})
            run = ""
        inner = _in_item(op, value)
        if inner:
            candidates.append(inner)
    if run:
        candidates.append({run})
    return max(candidates, key=lambda strings: (min(map(len, strings)), -len(strings)), default=None)


def _in_item(op, value) -> set[str] | None:
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, inner = value
        return None if add_flags or del_flags else _in_sequence(list(inner))
    if op is sre.BRANCH:
        found: set[str] = set()
        for branch in value[1]:
            needed = _in_sequence(list(branch))
            if not needed:
                return None   # a branch that needs nothing known: the group needs nothing
            found |= needed
        return found
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and value[0] >= 1:
        return _in_sequence(list(value[2]))
    return None   # optional, a class of characters, an assertion...: nothing certain
