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


def test_readyz_checks_the_database(client):
    response = client.get("/readyz")
    assert (response.status_code, response.get_data(as_text=True)) == (200, "ok")


def test_readyz_tells_a_load_balancer_when_the_database_is_gone(tmp_path):
    from feedback import create_app
    app = create_app({"TESTING": True, "SECRET_KEY": "x",
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'no-such-folder' / 'gone.sqlite'}"})
    response = app.test_client().get("/readyz")
    assert (response.status_code, response.get_data(as_text=True)) == (503, "database unavailable")
    assert app.test_client().get("/healthz").status_code == 200  # the worker itself is fine
