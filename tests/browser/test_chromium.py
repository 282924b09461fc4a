"""What happens when Chromium is missing: a loud skip on a laptop, a failure in CI."""
from __future__ import annotations

import pytest

from tests.browser.chromium import require_chromium


def test_missing_chromium_skips_loudly_outside_ci(monkeypatch):
    monkeypatch.setenv("FEEDBACK_CHROMIUM", "/nonexistent/chromium")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="Chromium not found at /nonexistent/chromium; "
                                                    "install Debian's chromium package"):
        require_chromium()


def test_missing_chromium_fails_in_ci(monkeypatch):
    monkeypatch.setenv("FEEDBACK_CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true, so this is a failure"):
        require_chromium()


def test_a_configured_chromium_is_used(monkeypatch, tmp_path):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv("FEEDBACK_CHROMIUM", str(fake))
    assert require_chromium() == str(fake)
