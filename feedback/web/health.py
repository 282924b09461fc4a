"""Health checks for load balancers and benchmarks."""
from __future__ import annotations

from flask import Flask, Response
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db


def healthz() -> Response:
    """Proves a worker answers, without touching the database."""
    return Response("ok", mimetype="text/plain")


def readyz() -> Response:
    """For load balancers that should stop sending people to a worker that has lost the
    database: one trivial query."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return Response("database unavailable", status=503, mimetype="text/plain")
    return Response("ok", mimetype="text/plain")


def register(app: Flask) -> None:
    app.add_url_rule("/healthz", "healthz", healthz)
    app.add_url_rule("/readyz", "readyz", readyz)
