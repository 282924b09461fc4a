"""Commands that need the database say what to do when it is not ready, not a traceback."""
from __future__ import annotations

from sqlalchemy import text

from feedback.extensions import db


def test_a_command_on_a_database_never_set_up_says_to_run_setup(runner):
    db.drop_all()
    result = runner.invoke(args=["reanalyse"])
    assert result.exit_code == 1
    assert "The database has not been set up. Run `flask --app wsgi setup`" in result.output
    assert "Traceback" not in result.output


def test_a_command_on_a_database_older_than_the_code_says_to_upgrade(runner):
    with db.engine.begin() as connection:
        connection.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
        connection.execute(text("INSERT INTO alembic_version VALUES ('7c2f0e4b9d31')"))
    try:
        result = runner.invoke(args=["load-surveys"])
        assert result.exit_code == 1
        assert "older than this version of the app" in result.output
    finally:
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE alembic_version"))


def test_commands_run_on_a_database_that_is_ready(runner):
    result = runner.invoke(args=["load-surveys"])
    assert result.exit_code == 0, result.output
    assert "Added 2 built-in survey(s)." in result.output
