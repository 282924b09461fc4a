"""The health check that load balancers and the benchmark poll."""
from __future__ import annotations

from sqlalchemy import event

from feedback.extensions import db


def test_healthz_says_ok_in_plain_text(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert response.get_data(as_text=True) == "ok"


def test_healthz_answers_without_touching_the_database(client):
    statements: list[str] = []

    def listener(_conn, _cursor, statement, *_rest) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        assert client.get("/healthz").status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert statements == []


def test_healthz_keeps_the_security_headers(client):
    response = client.get("/healthz")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-cache" in response.headers["Cache-Control"]
