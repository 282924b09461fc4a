"""The risk detector's labelled answers: generated from templates, and written by hand.

``python -m feedback.analysis.training.risk_data`` rewrites ``data/risk/generated.csv``
from ``data/risk/templates.txt``. Each template is filled from its slots and written in
several voices (lower case, dropped apostrophes, text-speak, typos, a run-on sentence of
ordinary feedback around it), with a seed per template, so the file is the same on every
run. Train and test never share a template: within each section every fourth template
(ordered by a hash of its text, not by where it sits in the file) is a test template.
``data/risk/handwritten.csv`` to ``handwritten-6.csv`` are written by hand, with no templates (see
the README beside them for how each was used). ``handwritten-7.csv``, once the lead adds it, is
sealed: it is in neither split and is read only by ``load_sealed``, so tuning never sees it.
"""
from __future__ import annotations

import csv
import hashlib
import random
import re
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "risk"
TEMPLATES = DATA_DIR / "templates.txt"
GENERATED = DATA_DIR / "generated.csv"
HANDWRITTEN = DATA_DIR / "handwritten.csv"
# Written after the detector was built and measured once, untouched by any tuning since.
HANDWRITTEN_2 = DATA_DIR / "handwritten-2.csv"
HANDWRITTEN_3 = DATA_DIR / "handwritten-3.csv"
# Sealed until the third round of tuning, which reads its misses: dev data since, like the third.
HANDWRITTEN_4 = DATA_DIR / "handwritten-4.csv"
# Sealed for the third round of tuning; dev data since the sixth set took its place.
HANDWRITTEN_5 = DATA_DIR / "handwritten-5.csv"
# Sealed for the fourth round of tuning; dev data since the fifth round read its errors.
HANDWRITTEN_6 = DATA_DIR / "handwritten-6.csv"
# The seventh set, sealed for the fifth round: written elsewhere and added by the lead, so it
# may not be here yet; nothing but load_sealed reads it.
HANDWRITTEN_7 = DATA_DIR / "handwritten-7.csv"
SEALED_TEMPLATE = "hand7"
NONE = "none"
VARIANTS_PER_TEMPLATE = 8
FIELDS = ("text", "label", "kind", "topic", "template", "split")


@dataclass(frozen=True)
class LabelledRisk:
    """One answer: ``label`` is a risk category key or "none"; ``kind`` says which kind of
    answer it is ("risk", or for "none": denial, figure, past_resolved, staff_topic,
    ordinary); ``topic`` is the category a hard negative is about."""
    text: str
    label: str
    kind: str
    topic: str
    template: str
    split: str

    @property
    def is_risk(self) -> bool:
        return self.label != NONE


@dataclass(frozen=True)
class Template:
    text: str
    label: str
    kind: str
    topic: str

    @property
    def key(self) -> str:
        return hashlib.sha1(self.text.encode("utf-8")).hexdigest()[:10]


def parse_templates(source: str) -> tuple[dict[str, list[str]], list[list[Template]]]:
    """Slots, and templates grouped by section (one `==` heading each)."""
    slots: dict[str, list[str]] = {}
    sections: list[list[Template]] = []
    label = kind = topic = ""
    for raw in source.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@slot "):
            name, values = line[6:].split(":", 1)
            slots[name.strip()] = [value.strip() for value in values.split("|")]
        elif line.startswith("== "):
            parts = line[3:].split()
            label = parts[0]
            kind = parts[1] if label == NONE else "risk"
            topic = parts[2] if label == NONE and len(parts) > 2 else (label if label != NONE else "")
            sections.append([])
        else:
            sections[-1].append(Template(line, label, kind, topic))
    return slots, sections


_TEXT_SPEAK = {
    "you": "u", "your": "ur", "are": "r", "to": "2", "for": "4", "because": "cos", "about": "bout",
    "going to": "gonna", "want to": "wanna", "i am": "im", "tonight": "2nite", "please": "pls",
    "people": "ppl", "really": "rly", "okay": "ok", "and": "&", "with": "wiv", "tomorrow": "2moro",
    "something": "summat", "thanks": "thx", "myself": "my self", "anymore": "any more",
    "nothing": "nothin", "thinking": "thinkin", "going": "goin", "feeling": "feelin", "be": "b",
}
_TEXT_SPEAK_RE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _TEXT_SPEAK), key=len, reverse=True)) + r")\b")
_RUN_ON_JOINS = (". ", " ", " and ", ", ", " but ", "... ", " tbh ")


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 5 or not word.isalpha():
        return word
    i = rng.randrange(1, len(word) - 1)
    choice = rng.randrange(3)
    if choice == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if choice == 1:
        return word[:i] + word[i + 1:]
    return word[:i] + word[i] + word[i:]


def vary_voice(text: str, rng: random.Random) -> str:
    """The same words as different people type them on a phone."""
    if rng.random() < 0.35:
        text = _TEXT_SPEAK_RE.sub(lambda m: _TEXT_SPEAK[m.group(1)] if rng.random() < 0.6 else m.group(1), text)
    if rng.random() < 0.45:
        text = text.replace("'", "")
    if rng.random() < 0.4:
        words = text.split(" ")
        for _ in range(rng.choice((1, 1, 2))):
            j = rng.randrange(len(words))
            words[j] = _typo(words[j], rng)
        text = " ".join(words)
    case = rng.random()
    if case < 0.3:
        text = re.sub(r"\bi\b", "I", text)
        text = text[:1].upper() + text[1:]
    elif case < 0.4:
        text = text.upper() if len(text) < 60 else text
    if rng.random() < 0.25:
        text = text.rstrip(".") + rng.choice((".", "!", "!!", " x", " :(", "..."))
    return text


def _fill(template: str, slots: dict[str, list[str]], rng: random.Random) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: rng.choice(slots[m.group(1)]), template)


def expand(template: Template, slots: dict[str, list[str]], variants: int = VARIANTS_PER_TEMPLATE) -> list[str]:
    """Distinct answers from one template, the same on every run."""
    rng = random.Random(template.key)
    found: dict[str, None] = {}
    for _ in range(variants * 3):
        text = vary_voice(_fill(template.text, slots, rng), rng)
        if rng.random() < 0.5:  # inside ordinary feedback, as a run-on sentence
            around = _fill(rng.choice(("{good}", "{meh}", "{good}", "{event} was ok but {meh}")), slots, rng)
            join = rng.choice(_RUN_ON_JOINS)
            text = f"{around}{join}{text}" if rng.random() < 0.5 else f"{text}{join}{around}"
        found.setdefault(text, None)
        if len(found) == variants:
            break
    return list(found)


def generate(source: str) -> list[LabelledRisk]:
    slots, sections = parse_templates(source)
    rows: list[LabelledRisk] = []
    for section in sections:
        ordered = sorted(section, key=lambda t: t.key)
        for position, template in enumerate(ordered):
            split = "test" if position % 4 == 1 else "train"
            rows.extend(LabelledRisk(text, template.label, template.kind, template.topic, template.key, split)
                        for text in expand(template, slots))
    return rows


def write_rows(path: Path, rows: list[LabelledRisk]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(FIELDS)
        writer.writerows([row.text, row.label, row.kind, row.topic, row.template, row.split] for row in rows)


def read_rows(path: Path) -> list[LabelledRisk]:
    with open(path, encoding="utf-8", newline="") as handle:
        return [LabelledRisk(row["text"], row["label"], row["kind"], row.get("topic") or "",
                             row.get("template") or "", row.get("split") or "test")
                for row in csv.DictReader(handle)]


REAL_FEEDBACK_KIND = "real_feedback"


def load_real_feedback(split: str, path: Path | None = None) -> list[LabelledRisk]:
    """Real NHS Friends and Family Test comments (../shared/data, see its README) as answers
    with no risk label: half of them (by a hash of their id) to train, half to test. They are
    not labelled for risk, so a few do disclose it; training leaves out those the phrases flag.
    Empty when the file is not beside the clone."""
    from .data import DEFAULT_DATA_PATH

    path = path or DEFAULT_DATA_PATH
    if not path.is_file():
        return []
    rows = []
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            text = (row.get("text") or "").strip()
            key = hashlib.sha1((row.get("id") or text).encode("utf-8")).hexdigest()[:10]
            if text and ("test" if int(key, 16) % 2 else "train") == split:
                rows.append(LabelledRisk(text, NONE, REAL_FEEDBACK_KIND, "", "fft-" + key, split))
    return rows


def load_split(split: str) -> list[LabelledRisk]:
    """The generated answers of one split; "test" also has every hand-written answer."""
    rows = [row for row in read_rows(GENERATED) if row.split == split]
    if split == "test":
        hand_written = (HANDWRITTEN, HANDWRITTEN_2, HANDWRITTEN_3, HANDWRITTEN_4, HANDWRITTEN_5, HANDWRITTEN_6)
        rows += [row for path in hand_written for row in read_rows(path)]
    return rows


def load_sealed() -> list[LabelledRisk]:
    """The seventh hand-written set, kept out of both splits so no tuning looks at it; empty
    until the file is added."""
    return read_rows(HANDWRITTEN_7) if HANDWRITTEN_7.is_file() else []


if __name__ == "__main__":
    generated = generate(TEMPLATES.read_text("utf-8"))
    write_rows(GENERATED, generated)
    print(f"wrote {len(generated)} answers to {GENERATED}")
