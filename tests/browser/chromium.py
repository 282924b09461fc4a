"""Finding Debian's Chromium, and what to do when it is not there.

Outside CI a missing browser skips the browser tests with a reason nobody can miss; in CI
(CI=true) it fails them, so a broken image cannot quietly drop the accessibility checks.
"""
from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM_ENV = "FEEDBACK_CHROMIUM"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
# Playwright's bundled browsers cannot be downloaded here; Debian's build is the one we test.
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    """Where we expect Chromium: $FEEDBACK_CHROMIUM, else `chromium` on PATH, else Debian's path."""
    return os.environ.get(CHROMIUM_ENV) or shutil.which("chromium") or DEFAULT_CHROMIUM


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def require_chromium() -> str:
    """Return Chromium's path, or skip (outside CI) / fail (in CI) with a loud reason."""
    path = chromium_path()
    if os.path.isfile(path) and os.access(path, os.X_OK):
        return path
    give_up(f"Chromium not found at {path}; install Debian's chromium package to run the "
            f"browser and accessibility tests (apt-get install chromium), or set {CHROMIUM_ENV} "
            "to its path")
    raise AssertionError("unreachable")  # give_up always raises


def give_up(reason: str) -> None:
    if in_ci():
        pytest.fail(f"{reason}. CI=true, so this is a failure, not a skip.", pytrace=False)
    pytest.skip(f"BROWSER TESTS NOT RUN: {reason}")
