"""Fixtures shared by the whole suite, and the page check every rendered page goes through.

Set FEEDBACK_TEST_DATABASE_URL (CI does, for PostgreSQL) to run against another database.
Every test starts from the empty schema: on SQLite a copy of a database file made once per
process, on PostgreSQL the schema kept between tests and emptied (made again only when a test
has changed it), because making the tables for each test cost most of a short test's time.
"""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from sqlalchemy import Engine, create_engine, inspect, text
from sqlalchemy.orm import Session

from feedback import create_app
from feedback.extensions import db
from feedback.setup_data import ensure_demo_event, load_builtin_surveys, load_taxonomies
from tests.pages import check_page


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates shared by every test in the run. Each test builds a new app and
    so a new Jinja environment; without this each one compiles the NHS.UK macros again,
    which is most of the time a page test takes."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = MemoryBytecodeCache()
_SHARED_DATABASE_URL = os.environ.get("FEEDBACK_TEST_DATABASE_URL", "")


def _is_postgresql(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


def _worker_database_url(url: str, worker: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"{parts.path.rstrip('/')}_{worker}"))


def pytest_configure(config: pytest.Config) -> None:
    """Under pytest-xdist (make test runs two workers) each worker gets a PostgreSQL
    database of its own, made beside the one named, because each test empties the schema;
    the worker drops it again when it ends."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker or not _is_postgresql(_SHARED_DATABASE_URL):
        return
    own = _worker_database_url(_SHARED_DATABASE_URL, worker)
    name = urlsplit(own).path.lstrip("/")
    with psycopg.connect(_SHARED_DATABASE_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    os.environ["FEEDBACK_TEST_DATABASE_URL"] = own


def pytest_unconfigure(config: pytest.Config) -> None:
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker or not _is_postgresql(_SHARED_DATABASE_URL):
        return
    name = urlsplit(_worker_database_url(_SHARED_DATABASE_URL, worker)).path.lstrip("/")
    with psycopg.connect(_SHARED_DATABASE_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def empty_sqlite_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file with the schema and no rows, copied for each test."""
    path = tmp_path_factory.mktemp("schema") / "empty.sqlite"
    engine = create_engine(f"sqlite:///{path}")
    db.metadata.create_all(engine)
    engine.dispose()  # the last connection closing folds the write-ahead log into the file
    return path


def _empty_postgresql_schema(engine: Engine) -> None:
    """Empty every table and restart the ids; make the schema again only if a test changed
    it (the migration and set-up tests drop it or build it with Alembic)."""
    expected = {table.name for table in db.metadata.sorted_tables}
    if set(inspect(engine).get_table_names()) != expected:
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        db.metadata.create_all(engine)
        return
    # TRUNCATE rather than DELETE: it leaves fresh, empty tables, so rows come back in the
    # order they were added, as from a new schema (several tests read `.first()`).
    names = ", ".join(f'"{table.name}"' for table in db.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture
def app(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Flask]:
    url = os.environ.get("FEEDBACK_TEST_DATABASE_URL")
    if not url:
        database = tmp_path / "test.sqlite"
        shutil.copyfile(request.getfixturevalue("empty_sqlite_database"), database)
        url = f"sqlite:///{database}"
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": url,
        "SERVER_NAME": "localhost",
        # Tests send forms the moment they open them, and many from one address: the
        # anti-automation tests set their own limits (tests/web/test_submission_guard.py).
        "SUBMISSION_MIN_SECONDS": 0,
        "SUBMISSION_RATE_LIMIT": "100000 per minute",
        "KIOSK_SUBMISSION_RATE_LIMIT": "100000 per minute",
        "SIGN_IN_RATE_LIMIT": "100000 per minute",
    })
    app.instance_path = str(tmp_path)
    app.jinja_env.bytecode_cache = COMPILED_TEMPLATES
    with app.app_context():
        if _is_postgresql(url):
            _empty_postgresql_schema(db.engine)
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def session(app: Flask) -> Session:
    return db.session


@pytest.fixture
def builtin(session: Session):
    """The built-in surveys and the demo event, as `make run` loads them."""
    surveys = {survey.slug: survey for survey in load_builtin_surveys(session)}
    load_taxonomies(session)
    event = ensure_demo_event(session)
    session.commit()
    return surveys | {"demo_event": event}


class CheckedClient(FlaskClient):
    """A test client that runs the page check on every HTML page it receives."""

    def open(self, *args, **kwargs):
        response = super().open(*args, **kwargs)
        if response.mimetype == "text/html" and response.status_code != 304 and response.data:
            check_page(response.get_data(as_text=True))
        return response


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    app.test_client_class = CheckedClient
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()
