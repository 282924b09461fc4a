"""Security headers: HSTS where the service is served over HTTPS, and what may be cached."""
from __future__ import annotations

import pytest

from feedback import create_app
from feedback.web.security_headers import HSTS_VALUE


def _app(tmp_path, monkeypatch, **settings):
    monkeypatch.delenv("FEEDBACK_HSTS", raising=False)
    return create_app({"TESTING": True, "SECRET_KEY": "x",
                       "DATABASE_URL": f"sqlite:///{tmp_path / 'h.sqlite'}", **settings})


def test_no_hsts_by_default_so_plain_http_on_a_laptop_keeps_working(tmp_path, monkeypatch):
    response = _app(tmp_path, monkeypatch).test_client().get("/healthz")
    assert "Strict-Transport-Security" not in response.headers


def test_hsts_is_sent_when_cookies_are_https_only(tmp_path, monkeypatch):
    response = _app(tmp_path, monkeypatch, SESSION_COOKIE_SECURE=True).test_client().get("/healthz")
    assert response.headers["Strict-Transport-Security"] == HSTS_VALUE
    assert int(HSTS_VALUE.split("=")[1]) >= 31536000


@pytest.mark.parametrize(("settings", "sent"), [
    ({"SESSION_COOKIE_SECURE": True, "HSTS": False}, False),
    ({"SESSION_COOKIE_SECURE": False, "HSTS": True}, True),
])
def test_the_hsts_setting_overrides_the_cookie_setting(tmp_path, monkeypatch, settings, sent):
    response = _app(tmp_path, monkeypatch, **settings).test_client().get("/healthz")
    assert ("Strict-Transport-Security" in response.headers) is sent


def test_hsts_can_be_turned_on_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("FEEDBACK_HSTS", "true")
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": f"sqlite:///{tmp_path / 'e.sqlite'}"})
    assert app.test_client().get("/healthz").headers["Strict-Transport-Security"] == HSTS_VALUE


def test_workspace_pages_are_never_stored_and_public_pages_only_privately(client, builtin):
    sign_in = client.get("/organise/sign-in")
    assert sign_in.headers["Cache-Control"] == "no-store"
    assert client.get("/organise/").headers["Cache-Control"] == "no-store"  # the redirect too
    survey_page = client.get("/s/after-an-event")
    assert survey_page.status_code == 200
    assert survey_page.headers["Cache-Control"] == "private, no-cache", "Back keeps typed answers"
