"""The migration that makes QI projects first-class keeps everything the events said."""
from __future__ import annotations

from datetime import date, datetime

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from feedback.extensions import db
from tests.helpers import empty_schema, make_app

BEFORE = "a7d3e9c15b42"
EVENTS = [
    # code, name, held_on, qi_project, involvement
    ("AAAAAA", "Ward café", date(2026, 1, 10), "Safer discharge", "little_i"),
    ("BBBBBB", "Carers evening", date(2026, 3, 2), "Safer discharge", "big_i"),
    ("CCCCCC", "Drop-in", date(2026, 4, 1), "Safer discharge", "unknown"),
    ("DDDDDD", "Spring forum", date(2026, 3, 5), "Less waiting", "unknown"),
    ("EEEEEE", "Open day", date(2026, 2, 1), "", "big_i"),
    ("FFFFFF", "Demo", None, "", "unknown"),
]


def test_event_project_names_become_projects_with_their_involvement_history(tmp_path):
    app = make_app(tmp_path)
    with app.app_context():
        empty_schema()
        try:
            upgrade(revision=BEFORE)
            with db.engine.begin() as connection:
                for code, name, held_on, project, involvement in EVENTS:
                    connection.execute(text(
                        "INSERT INTO event (code, name, held_on, place, qi_project, involvement, is_demo, notes,"
                        " created_at) VALUES (:code, :name, :held_on, '', :project, :involvement, false, '',"
                        " :created)"), {"code": code, "name": name, "held_on": held_on, "project": project,
                                        "involvement": involvement, "created": datetime(2026, 1, 1, 9)})
                connection.execute(text(
                    "INSERT INTO subscription (email, scope_kind, scope_name, frequency, hour, timezone, active,"
                    " created_at) VALUES ('a@example.nhs.uk', 'qi_project', 'Less waiting', 'weekly', 7,"
                    " 'Europe/London', true, :created)"), {"created": datetime(2026, 1, 1)})
            upgrade()
            with db.engine.connect() as connection:
                projects = dict(connection.execute(text("SELECT name, id FROM qi_project")).all())
                assert set(projects) == {"Safer discharge", "Less waiting", "Open day (event EEEEEE)"}
                members = dict(connection.execute(text("SELECT code, project_id FROM event")).all())
                assert members == {"AAAAAA": projects["Safer discharge"], "BBBBBB": projects["Safer discharge"],
                                   "CCCCCC": projects["Safer discharge"], "DDDDDD": projects["Less waiting"],
                                   "EEEEEE": projects["Open day (event EEEEEE)"], "FFFFFF": None}
                history = connection.execute(text(
                    "SELECT project_id, involvement, changed_on, note FROM qi_project_involvement"
                    " ORDER BY project_id, changed_on")).all()
                safer = [(row.involvement, str(row.changed_on)[:10]) for row in history
                         if row.project_id == projects["Safer discharge"]]
                assert safer == [("little_i", "2026-01-10"), ("big_i", "2026-03-02")]
                assert any("Carers evening (BBBBBB)" in row.note for row in history)
                assert [row.involvement for row in history if row.project_id == projects["Less waiting"]] == []
                assert [row.involvement for row in history
                        if row.project_id == projects["Open day (event EEEEEE)"]] == ["big_i"]
                assert connection.execute(text("SELECT scope_id FROM subscription")).scalar_one() == \
                    projects["Less waiting"]
            downgrade(revision=BEFORE)
            with db.engine.connect() as connection:
                back = {row.code: (row.qi_project, row.involvement) for row in connection.execute(
                    text("SELECT code, qi_project, involvement FROM event"))}
            assert back["AAAAAA"] == ("Safer discharge", "little_i")
            assert back["BBBBBB"] == ("Safer discharge", "big_i")
            assert back["DDDDDD"] == ("Less waiting", "unknown")
            assert back["FFFFFF"] == ("", "unknown")
        finally:
            downgrade(revision="base")
            empty_schema()
            db.engine.dispose()
