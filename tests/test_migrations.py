"""The Alembic migrations build exactly the schema the models describe, on each database."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from feedback import create_app
from feedback.extensions import db
from tests.helpers import empty_schema, make_app


def test_upgrade_from_empty_matches_the_models_and_downgrades_cleanly(tmp_path):
    app = make_app(tmp_path)
    with app.app_context():
        empty_schema()
        try:
            upgrade()
            with db.engine.connect() as connection:
                context = MigrationContext.configure(connection, opts={"compare_type": True})
                differences = compare_metadata(context, db.metadata)
            assert differences == [], f"models and migrations differ: {differences}"
            downgrade(revision="base")
            assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        finally:
            empty_schema()
            db.engine.dispose()


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "test",
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'pragmas.sqlite'}"})
    with app.app_context(), db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        assert connection.exec_driver_sql("PRAGMA mmap_size").scalar() == 0
    with app.app_context():
        db.engine.dispose()


def test_memory_mapped_reads_can_be_turned_on(tmp_path, monkeypatch):
    monkeypatch.setenv("FEEDBACK_SQLITE_MMAP_SIZE", "268435456")
    app = create_app({"TESTING": True, "SECRET_KEY": "test",
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'pragmas.sqlite'}"})
    with app.app_context(), db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA mmap_size").scalar() == 256 * 1024 * 1024
    with app.app_context():
        db.engine.dispose()


def test_migrations_that_rebuild_tables_keep_every_answer_and_link(tmp_path):
    """On SQLite a migration rebuilds a table by copying it; with foreign keys enforced,
    dropping the old `response` or `event` deleted every answer or unlinked every response."""
    from feedback.models import Answer, Response
    from feedback.setup_data import load_builtin_surveys
    from tests.factories import make_event, make_response

    app = make_app(tmp_path)
    with app.app_context():
        empty_schema()
        try:
            upgrade()
            survey = {survey.slug: survey for survey in load_builtin_surveys(db.session)}["after-an-event"]
            question = next(question for question in survey.current_version.questions if question.choices)
            response = make_response(db.session, survey=survey, event=make_event(db.session),
                                     choices={question.key: question.choices[0].value})
            db.session.commit()
            response_id = response.id
            db.session.remove()
            downgrade(revision="b9e4d2c7a1f3")  # back past the migrations that rebuild response and event
            upgrade()
            with db.engine.connect() as connection:
                if connection.dialect.name == "sqlite":
                    assert connection.execute(text("PRAGMA foreign_keys")).scalar_one() == 1, "left off"
            kept = db.session.get(Response, response_id)
            assert kept is not None and kept.event_id is not None, "the response lost its event"
            assert db.session.query(Answer).filter_by(response_id=response_id).count() == 1, "the answer was deleted"
        finally:
            db.session.remove()
            empty_schema()
            db.engine.dispose()
