"""The risk check runs a phrase pattern only over answers holding a string that every match
of it needs (analysis/needed_text.py): which phrases it finds, and their guards, must be
the same as running every pattern over every answer."""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from feedback.analysis.needed_text import needed_strings
from feedback.analysis.risk_phrases import default_layer
from feedback.analysis.training.risk_data import read_rows

RISK_DATA = Path(__file__).resolve().parents[2] / "feedback" / "analysis" / "data" / "risk"


def test_the_strings_a_pattern_needs():
    # The parser's own reading: "kill|killing" is "kill" then an optional "ing".
    assert needed_strings(re.compile(r"(?<![\w'])(?:(?:kill|killing) (?:myself|my self))(?![\w'])")) == {"kill"}
    assert needed_strings(re.compile(r"(?:hit|hitting|punched) (?:myself|my self)")) == {"self", " self"}
    assert needed_strings(re.compile(r"suicid(?:e|al)")) == {"suicid"}
    assert needed_strings(re.compile(r"(?:hurt )?me")) is None           # nothing long enough is certain
    assert needed_strings(re.compile(r"(?:alone|\w+ing) at night")) == {" at night"}
    assert needed_strings(re.compile(r"knife", re.IGNORECASE)) is None  # would need every case


def test_every_labelled_answer_gets_the_same_hits_as_with_every_pattern_run():
    layer = default_layer()
    every_pattern = replace(layer)
    object.__setattr__(every_pattern, "needed", (None,) * len(layer.needed))
    object.__setattr__(every_pattern, "every_needed", ())
    texts = [row.text for path in sorted(RISK_DATA.glob("*.csv")) for row in read_rows(path)]
    assert len(texts) > 4000
    found = 0
    for text in texts:
        hits = layer.find(text)
        assert hits == every_pattern.find(text), text
        found += bool(hits)
    assert found > 1000   # the data holds many matches, so the shortcut was tested both ways
