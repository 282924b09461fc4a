"""Database settings that must hold on every connection."""
from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from .extensions import db


def configure_engine(app: Flask) -> None:
    """Turn on SQLite's foreign keys, WAL and a busy timeout for every new connection, and
    memory-mapped reads when SQLITE_MMAP_SIZE asks for them.

    WAL lets readers work while one writer commits, and the busy timeout makes a second
    writer wait instead of failing at once: together they let several gunicorn workers
    share one SQLite file.
    """
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            mmap_size = int(app.config.get("SQLITE_MMAP_SIZE", 0))

            def sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
                cursor = dbapi_connection.cursor()
                cursor.execute("PRAGMA foreign_keys = ON")
                cursor.execute("PRAGMA busy_timeout = 10000")
                cursor.execute("PRAGMA journal_mode = WAL")
                cursor.execute("PRAGMA synchronous = NORMAL")
                cursor.execute(f"PRAGMA mmap_size = {mmap_size}")
                cursor.close()

            event.listen(engine, "connect", sqlite_pragmas)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"
