"""Settings come in layers: defaults, then instance/config.py, then FEEDBACK_* variables."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from feedback import create_app
from feedback.config import ConfigError


def _app(tmp_path, monkeypatch, instance_config: str = "", **environ: str):
    (tmp_path / "config.py").write_text(instance_config, encoding="utf-8")
    for name, value in environ.items():
        monkeypatch.setenv(f"FEEDBACK_{name}", value)
    monkeypatch.setenv("FEEDBACK_INSTANCE_PATH", str(tmp_path))
    return create_app()


def test_environment_beats_instance_file_beats_defaults(tmp_path, monkeypatch):
    app = _app(tmp_path, monkeypatch, 'TRUST_NAME = "File trust"\nSERVICE_NAME = "From the file"\n',
               TRUST_NAME="Environment trust")
    assert app.config["TRUST_NAME"] == "Environment trust"
    assert app.config["SERVICE_NAME"] == "From the file"
    assert app.config["SMALL_GROUP_MINIMUM"] == 10


def test_numbers_and_switches_are_read_as_json(tmp_path, monkeypatch):
    app = _app(tmp_path, monkeypatch, SMALL_GROUP_MINIMUM="12", KEEP_ORIGINAL_TEXT="true")
    assert app.config["SMALL_GROUP_MINIMUM"] == 12
    assert app.config["KEEP_ORIGINAL_TEXT"] is True


def test_text_settings_made_of_digits_stay_text(tmp_path, monkeypatch):
    # A secret key or password of digits read as a number broke every page with a form.
    app = _app(tmp_path, monkeypatch, SECRET_KEY="84725019384756102938", MAIL_SMTP_PASSWORD="123456",
               TRUST_NAME="1234")
    assert app.config["SECRET_KEY"] == "84725019384756102938"
    assert app.config["MAIL_SMTP_PASSWORD"] == "123456"
    assert app.config["TRUST_NAME"] == "1234"
    with app.test_request_context():
        from flask_wtf.csrf import generate_csrf
        assert generate_csrf()


def _secret_in(folder: str, queue) -> None:
    from pathlib import Path

    from feedback.config import _instance_secret
    queue.put(_instance_secret(Path(folder)))


def test_workers_starting_together_share_one_whole_secret_key(tmp_path):
    import multiprocessing
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    workers = [context.Process(target=_secret_in, args=(str(tmp_path / "instance"), queue)) for _ in range(8)]
    for worker in workers:
        worker.start()
    keys = {queue.get(timeout=20) for _ in workers}
    for worker in workers:
        worker.join()
    assert len(keys) == 1 and len(keys.pop()) == 64
    assert [path.name for path in (tmp_path / "instance").iterdir()] == ["secret_key"]


@pytest.mark.parametrize("setting, value, named", [
    ("DATABASE_URL", "foo://bar", "DATABASE_URL is not a database address"),
    ("MAIL_SMTP_SECURITY", "bogus", "MAIL_SMTP_SECURITY is 'bogus'"),
    ("MAIL_SMTP_PORT", "abc", "MAIL_SMTP_PORT is 'abc'"),
    ("ANALYSIS_TAXONOMY", "nosuch", "ANALYSIS_TAXONOMY is 'nosuch'"),
])
def test_a_setting_that_cannot_work_stops_the_app_with_its_name(tmp_path, setting, value, named):
    with pytest.raises(ConfigError, match=named):
        create_app({"SECRET_KEY": "x", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}", setting: value})


def test_the_commands_say_which_setting_is_wrong_without_a_traceback(tmp_path):
    environment = {**os.environ, "FEEDBACK_INSTANCE_PATH": str(tmp_path), "FEEDBACK_MAIL_SMTP_SECURITY": "bogus"}
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "send-summaries"], env=environment,
                            capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1], timeout=60)
    assert result.returncode == 1
    assert "feedback: MAIL_SMTP_SECURITY is 'bogus'" in result.stderr and "Traceback" not in result.stderr
