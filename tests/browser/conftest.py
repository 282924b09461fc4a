"""Browser fixtures: the app on a real port, Debian's headless Chromium, page checks.

How to use them (organiser pages included):

    pytestmark = pytest.mark.browser

    def test_something(live_server, page):
        with live_server.session() as session:      # the live app's database
            session.add(...); session.commit()      # commit, or the server cannot see it
        page.goto(live_server.url("/organise/"))
        assert_accessible(page)                     # from tests.browser.accessibility

`live_server` gives every test a fresh database holding the built-in surveys and the demo
event; the server thread and the browser live for the whole session, so tests stay fast.
Server errors (500s) and script errors in the page fail the test that caused them.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, got_request_exception
from sqlalchemy.orm import Session
from werkzeug.serving import BaseWSGIServer, make_server

from feedback import create_app
from feedback.extensions import db
from feedback.setup_data import ensure_demo_event, load_builtin_surveys
from tests.browser.accessibility import mark_javascript_off
from tests.browser.chromium import LAUNCH_ARGS, give_up, require_chromium

PHONE_VIEWPORT = {"width": 360, "height": 740}


@dataclass
class LiveServer:
    """The app served on 127.0.0.1 from a background thread."""
    app: Flask
    base_url: str
    server_errors: list[BaseException] = field(default_factory=list)

    def url(self, path: str = "/") -> str:
        return self.base_url + path

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A fresh database session in the live app's context; commit what the server must see."""
        with self.app.app_context():
            try:
                yield db.session
            finally:
                db.session.remove()

    def reset_database(self) -> None:
        with self.session() as session:
            db.drop_all()
            db.create_all()
            load_builtin_surveys(session)
            ensure_demo_event(session)
            session.commit()


@pytest.fixture(scope="session")
def _live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("live")
    url = os.environ.get("FEEDBACK_TEST_DATABASE_URL") or f"sqlite:///{folder / 'live.sqlite'}"
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "browser-test-secret",
        "DATABASE_URL": url,
        "SUBMISSION_MIN_SECONDS": 0,  # a browser test fills a form faster than a person
        "SUBMISSION_RATE_LIMIT": "100000 per minute",
        "KIOSK_SUBMISSION_RATE_LIMIT": "100000 per minute",
        "SIGN_IN_RATE_LIMIT": "100000 per minute",
    })
    app.instance_path = str(folder)
    server: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=True)
    live = LiveServer(app=app, base_url=f"http://127.0.0.1:{server.server_port}")

    def record(_sender: Flask, exception: BaseException, **_extra: Any) -> None:
        live.server_errors.append(exception)

    got_request_exception.connect(record, app)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield live
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
        got_request_exception.disconnect(record, app)
        with live.session():
            db.drop_all()
            db.engine.dispose()


@pytest.fixture
def live_server(_live_server: LiveServer) -> Iterator[LiveServer]:
    """The running app with a fresh database: built-in surveys and the demo event loaded."""
    _live_server.reset_database()
    _live_server.server_errors.clear()
    yield _live_server
    errors = list(_live_server.server_errors)
    assert not errors, f"the live server raised during this test: {errors!r}"


@pytest.fixture
def live_session(live_server: LiveServer) -> Iterator[Session]:
    """A session on the live database for the whole test (commit so the server sees changes;
    call session.expire_all() before reading what the browser changed)."""
    with live_server.session() as session:
        yield session


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Debian Chromium for the whole session (Playwright gives it a fresh profile)."""
    executable = require_chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        give_up("Playwright for Python is not installed; run .venv/bin/pip install -e '.[test]'")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, headless=True, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser: Any, live_server: LiveServer) -> Iterator[Callable[..., Any]]:
    """Make a page in a new browser context (any new_context options); checked and closed after."""
    contexts: list[Any] = []
    problems: list[str] = []

    def make(**options: Any) -> Any:
        context = browser.new_context(base_url=live_server.base_url, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
        page.on("console", lambda message: _note_console(message, problems))
        if options.get("java_script_enabled") is False:
            mark_javascript_off(page)
        return page

    yield make
    for context in contexts:
        context.close()
    assert not problems, "the browser reported problems:\n" + "\n".join(problems)


def _note_console(message: Any, problems: list[str]) -> None:
    # Our stylesheet is built without the third-party web font, so nothing may be blocked.
    if message.type == "error" and "Content Security Policy" in message.text:
        problems.append(f"blocked by CSP: {message.text}")


@pytest.fixture
def page(open_page: Callable[..., Any]) -> Any:
    return open_page()


@pytest.fixture
def javascript_off_page(open_page: Callable[..., Any]) -> Any:
    """A page that runs no JavaScript at all: every public form must still work."""
    return open_page(java_script_enabled=False)


@pytest.fixture
def phone_page(open_page: Callable[..., Any]) -> Any:
    """A small Android phone: 360 x 740 CSS pixels, touch."""
    return open_page(viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True, device_scale_factor=2)


@pytest.fixture
def screenshot_dir(tmp_path: Path) -> Path:
    """Where screenshots go: $FEEDBACK_SCREENSHOT_DIR (e.g. /tmp/screens) to keep and look at."""
    folder = Path(os.environ.get("FEEDBACK_SCREENSHOT_DIR") or tmp_path / "screens")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say it again at the end, in red: a skipped accessibility check is easy to miss."""
    skipped = [report for report in terminalreporter.stats.get("skipped", [])
               if "BROWSER TESTS NOT RUN" in str(report.longrepr)]
    if skipped:
        reason = str(skipped[0].longrepr[2]).removeprefix("Skipped: ")
        terminalreporter.section("browser tests", sep="!", red=True, bold=True)
        terminalreporter.write_line(f"{len(skipped)} browser/accessibility test(s) skipped. {reason}",
                                    red=True, bold=True)
