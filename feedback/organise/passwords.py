"""What makes a new password too easy to guess (ASVS 2.1.7): length, a shipped list of common
passwords, nothing but repeats or sequences, and the account's own name or email.

No Flask here. Each check returns an instruction that says what to type instead, because
someone choosing a password needs to know what will work, not only that this did not.
"""
from __future__ import annotations

import functools
import gzip
import re
import string
from pathlib import Path

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 128
COMMON_PASSWORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "common-passwords.txt.gz"
# Shorter pieces of a name (initials, "Al") or of an email ("nhs") are in too many good
# passwords by chance to refuse them.
SHORTEST_PERSONAL_PART = 3
# A password that is only runs like these tells an attacker nothing they would not try first.
KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm", "1234567890", "!@#$%^&*()")
SHORTEST_RUN = 3
TIPS = "Three or four unrelated words make a good password, for example \u2018kettle orbit plum violin\u2019."


@functools.cache
def common_passwords() -> frozenset[str]:
    with gzip.open(COMMON_PASSWORDS_FILE, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip())


def _core(password: str) -> str:
    """The password without the digits, spaces and symbols people add at its ends."""
    return password.lower().strip(string.digits + string.punctuation + string.whitespace)


def is_common(password: str) -> bool:
    listed = common_passwords()
    lowered = password.lower()
    candidates = {lowered, re.sub(r"\s+", "", lowered), _core(password)}
    return any(candidate in listed for candidate in candidates if candidate)


def _continues(previous: str, current: str, step: int | None) -> int | None:
    """The step from `previous` to `current` if it keeps a run going (same character,
    next or previous letter or digit, next key on a keyboard row), else None."""
    if current == previous:
        candidate = 0
    elif any(previous + current in row or current + previous in row for row in KEYBOARD_ROWS):
        candidate = 1 if any(previous + current in row for row in KEYBOARD_ROWS) else -1
    elif abs(ord(current) - ord(previous)) == 1 and (current.isalnum() and previous.isalnum()):
        candidate = ord(current) - ord(previous)
    else:
        return None
    return candidate if step is None or candidate == step else None


def _is_repeated_piece(text: str) -> bool:
    """"abcabcabcabc", "passwordpassword": one shorter piece over and over."""
    return any(len(text) % size == 0 and text[:size] * (len(text) // size) == text
               for size in range(1, len(text) // 2 + 1))


def only_repeats_or_sequences(password: str) -> bool:
    """True when the whole password is runs of one character, steps through the alphabet,
    digits or a keyboard row, or one short piece repeated: "aaaaaaaaaaaa", "abcd1234efgh",
    "qwertyuiop12", "123123123123"."""
    text = password.lower()
    if _is_repeated_piece(text):
        return True
    start, step = 0, None
    for index in range(1, len(text) + 1):
        if index < len(text):
            next_step = _continues(text[index - 1], text[index], step)
            if next_step is not None:
                step = next_step
                continue
        if index - start < SHORTEST_RUN:
            return False
        start, step = index, None
    return True


def _personal_parts(email: str, name: str) -> set[str]:
    local = email.lower().split("@")[0]
    parts = {local, *re.split(r"[^a-z0-9]+", local), *re.split(r"[^\w]+", name.lower())}
    return {part for part in parts if len(part) >= SHORTEST_PERSONAL_PART}


def new_password_problem(password: str, *, email: str, name: str) -> str | None:
    """Why `password` is too easy to guess for this account, as an instruction, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Enter a password that is {MIN_PASSWORD_LENGTH} characters or more. {TIPS}"
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"Enter a password that is {MAX_PASSWORD_LENGTH} characters or fewer"
    if not password.strip():
        return f"Enter a password made of words, letters or numbers, not only spaces. {TIPS}"
    squashed = re.sub(r"\s+", "", password.lower())
    if any(part in squashed for part in _personal_parts(email, name)):
        return f"Enter a password that does not contain your name or email address. {TIPS}"
    if only_repeats_or_sequences(squashed):
        return ("Enter a password that is not only repeated or consecutive characters "
                f"(like \u2018aaaa\u2019, \u2018abcd\u2019 or \u20181234\u2019). {TIPS}")
    if is_common(password):
        return ("Enter a different password: this one is on a list of common passwords "
                f"that attackers try first. {TIPS}")
    return None
