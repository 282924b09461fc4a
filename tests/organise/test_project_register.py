"""The project register as CSV and XLSX: exported, imported back, and bad files refused whole."""
from __future__ import annotations

import csv
import io
from datetime import date

from sqlalchemy import func, select

from feedback.models import AuditLog, Involvement, InvolvementChange, ProjectStage, ProjectStageChange, QIProject
from feedback.projects.sheets import HEADINGS, _excel_serial, read_register
from feedback.reports.xlsx import write_xlsx
from tests.helpers import open_form
from tests.organise.conftest import sign_in_as
from tests.pages import parse

NAME_HEADING = HEADINGS[0]
GOOD = [
    HEADINGS[:8],
    ["Safer discharge", "Ward 4", "Fewer readmissions", "05/01/2026", "Testing changes", "01/02/2026",
     "Team members", "05/01/2026"],
    ["Less waiting", "CMHT North", "", "2026-02-01", "", "", "Consulted only", "2026-03-01"],
]


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def _xlsx(rows: list[list[str]]) -> bytes:
    out = io.BytesIO()
    write_xlsx(rows[0], rows[1:], out, sheet_title="Register")
    return out.getvalue()


def _upload(client, data: bytes, filename: str):
    token = open_form(client, "/organise/projects/import")["csrf_token"]
    return client.post("/organise/projects/import", data={"csrf_token": token,
                                                          "register": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


def _counts(session) -> tuple[int, int, int]:
    return tuple(session.scalar(select(func.count()).select_from(model))
                 for model in (QIProject, ProjectStageChange, InvolvementChange))


def test_an_imported_register_adds_projects_with_their_stage_and_involvement(client, session, organiser):
    sign_in_as(client, organiser)
    response = _upload(client, _csv(GOOD), "register.csv")
    assert response.status_code == 303
    safer = session.scalar(select(QIProject).where(QIProject.name == "Safer discharge"))
    assert (safer.service, safer.aim, safer.started_on) == ("Ward 4", "Fewer readmissions", date(2026, 1, 5))
    assert safer.stage is ProjectStage.TESTING_CHANGES and safer.involved_from_start is True
    waiting = session.scalar(select(QIProject).where(QIProject.name == "Less waiting"))
    assert waiting.stage is None and waiting.involvement_on(date(2026, 3, 1)) is Involvement.LITTLE_I
    assert waiting.involved_from_start is False
    assert session.scalar(select(AuditLog.detail).where(AuditLog.action == "project.import")) == "2 added, 0 changed"
    page = client.get("/organise/projects/").get_data(as_text=True)
    assert "Register imported: 2 projects added, 0 changed, 1 stage changes and 2 involvement changes" in page


def test_the_export_imports_back_unchanged_and_a_changed_row_adds_to_the_history(client, session, organiser):
    sign_in_as(client, organiser)
    _upload(client, _xlsx(GOOD), "register.xlsx")
    exported = client.get("/organise/projects/register.csv")
    assert exported.headers["Content-Disposition"].startswith('attachment; filename="qi-projects-')
    rows = list(csv.reader(io.StringIO(exported.get_data().decode("utf-8-sig"))))
    assert rows[0] == HEADINGS
    assert rows[1] == ["Less waiting", "CMHT North", "", "2026-02-01", "", "", "Consulted only", "2026-03-01", "No"]
    assert rows[2][-1] == "Yes"
    before = _counts(session)
    assert _upload(client, exported.get_data(), "register.csv").status_code == 303
    assert _counts(session) == before
    rows[1][6:8] = ["Team members", "2026-04-01"]
    assert _upload(client, _csv(rows), "register.csv").status_code == 303
    waiting = session.scalar(select(QIProject).where(QIProject.name == "Less waiting"))
    session.refresh(waiting)
    assert [(change.involvement, change.changed_on) for change in waiting.involvements] == [
        (Involvement.LITTLE_I, date(2026, 3, 1)), (Involvement.BIG_I, date(2026, 4, 1))]
    xlsx = client.get("/organise/projects/register.xlsx")
    assert xlsx.get_data()[:2] == b"PK"
    assert _upload(client, xlsx.get_data(), "register.xlsx").status_code == 303
    assert _counts(session) == (2, 1, 3)


def test_a_bad_register_is_refused_whole_with_each_problem_by_row_and_column(client, session, organiser):
    sign_in_as(client, organiser)
    bad = GOOD + [
        ["\u200b\u2060", "Ward 9", "", "01/01/2026", "", "", "", ""],
        ["Safer DISCHARGE", "", "", "01/01/2026", "", "", "", ""],
        ["Calmer wards", "", "", "31/02/2026", "Finished", "01/03/2026", "Sometimes", ""],
        ["Quicker letters", "", "x" * 2001, "", "", "01/03/2026", "Team members", "01/01/2100"],
        ["Kinder waiting", "", "", "01/03/2026", "Scoping", "01/02/2026", "", ""],
    ]
    response = _upload(client, _csv(bad), "register.csv")
    assert response.status_code == 400
    page = parse(response.get_data(as_text=True))
    problems = [item.get_text(strip=True) for item in page.select(".nhsuk-error-summary__list a")]
    assert problems == [
        "Row 4, Project name (column A): enter the project's name",
        "Row 5, Project name (column A): 'Safer DISCHARGE' is also on row 2. Keep one row for each project",
        "Row 6, Start date (column D): '31/02/2026' is not a date. Write it like 14/03/2026",
        "Row 6, Stage (column E): 'Finished' is not a stage: Scoping, Testing changes, Implementing, Sustaining,"
        " Closed",
        "Row 6, Service users or carers (column G): 'Sometimes' is not one of: Team members, Consulted only,"
        " Not involved, Not known",
        "Row 6, Involvement since (column H): enter the date this began, like 14/03/2026",
        "Row 7, Aim (column C): this is 2,001 characters. Make it 2,000 or fewer",
        "Row 7, Start date (column D): enter the date the project started, like 14/03/2026",
        "Row 7, Stage (column E): enter a stage: Scoping, Testing changes, Implementing, Sustaining, Closed,"
        " or clear Stage since",
        "Row 7, Involvement since (column H): 1 January 2100 is in the future. Enter a date that is today or in"
        " the past",
        "Row 8, Stage since (column F): 1 February 2026 is before the project started (1 March 2026)",
    ]
    assert page.select_one("h2, .nhsuk-error-summary__title").get_text(strip=True) == "The register was not imported"
    assert _counts(session) == (0, 0, 0)  # the two good rows were not imported either


def test_a_date_in_a_year_out_of_range_says_which_years_are_allowed(client, session, organiser):
    sign_in_as(client, organiser)
    response = _upload(client, _csv(GOOD[:2] + [["Old project", "", "", "01/01/1999", "", "", "", ""]]), "register.csv")
    assert response.status_code == 400
    problems = [item.get_text(strip=True) for item in parse(response.get_data(as_text=True)).select(
        ".nhsuk-error-summary__list a")]
    assert problems == ["Row 3, Start date (column D): '01/01/1999' must be a date in a year from 2000 to 2100"]


def test_files_that_are_not_a_register_are_named_plainly(client, session, organiser):
    sign_in_as(client, organiser)
    cases = [
        (b"", "empty.csv", "The file is empty"),
        (b"\xff\xfe\x00garbage", "register.csv", "not a CSV saved as UTF-8"),
        (_csv([["Name", "Start"], ["A", "01/01/2026"]]), "register.csv", "no column headed 'Project name'"),
        (b"PK\x03\x04broken", "register.xlsx", "could not be read as an XLSX workbook"),
        (_csv([HEADINGS]), "register.csv", "has no projects in it"),
    ]
    for data, filename, words in cases:
        response = _upload(client, data, filename)
        assert response.status_code == 400, filename
        assert words in parse(response.get_data(as_text=True)).get_text(), words
    token = open_form(client, "/organise/projects/import")["csrf_token"]
    nothing = client.post("/organise/projects/import", data={"csrf_token": token}, content_type="multipart/form-data")
    assert nothing.status_code == 400 and "Choose the register" in nothing.get_data(as_text=True)
    assert _counts(session) == (0, 0, 0)


def test_a_register_of_two_thousand_projects_is_read_under_the_upload_limit(client, session, organiser):
    rows = [HEADINGS[:8]] + [[f"Project {number}", "Team", "An aim of a sentence or two. " * 3, "01/01/2025",
                              "Scoping", "01/01/2025", "Not involved", "01/01/2025"] for number in range(2000)]
    data = _csv(rows)
    assert len(data) > 64 * 1024  # far over the ordinary form limit
    sign_in_as(client, organiser)
    assert _upload(client, data, "register.csv").status_code == 303
    assert _counts(session) == (2000, 2000, 2000)


def test_dates_saved_by_a_spreadsheet_as_day_numbers_are_read(session):
    assert _excel_serial("46027") == date(2026, 1, 5)
    assert _excel_serial("12") is None
    planned = read_register(session, _csv([HEADINGS[:4], ["Safer discharge", "", "", "46027"]]), "r.csv",
                            today=date(2026, 6, 1))
    assert planned[0].details.started_on == date(2026, 1, 5)


def test_a_sheet_missing_a_needed_column_names_the_column_to_add(client, session, organiser):
    sign_in_as(client, organiser)
    sheets = [
        ([[NAME_HEADING], ["Safer discharge"]], "Row 2, Start date (not in the sheet): add a column headed 'Start date'"),
        ([[NAME_HEADING, "Start date", "Stage"], ["Safer discharge", "05/01/2026", "Scoping"]],
         "Row 2, Stage since (not in the sheet): add a column headed 'Stage since'"),
    ]
    for rows, words in sheets:
        response = _upload(client, _csv(rows), "register.csv")
        assert response.status_code == 400
        assert words in parse(response.get_data(as_text=True)).get_text(" ", strip=True)


def test_a_register_over_the_limit_or_sent_from_a_stale_page_is_named_on_the_page(client, session, organiser):
    sign_in_as(client, organiser)
    page = parse(client.get("/organise/projects/import").get_data(as_text=True))
    assert "up to 4 MB" in page.select_one("label[for=register]").get_text()
    token = page.select_one("input[name=csrf_token]")["value"]
    # The body written out here: the test client would spool a big one to a file it never closes.
    body = (f'--b\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n--b\r\n'
            'Content-Disposition: form-data; name="register"; filename="r.csv"\r\n\r\n').encode()
    too_big = client.post("/organise/projects/import", data=body + b"x" * (5 * 1024 * 1024) + b"\r\n--b--\r\n",
                          content_type="multipart/form-data; boundary=b")
    assert too_big.status_code == 413
    assert "The file is bigger than 4 MB" in parse(too_big.get_data(as_text=True)).select_one(
        ".nhsuk-error-summary").get_text()
    stale = client.post("/organise/projects/import", data={"csrf_token": "old", "register": (io.BytesIO(b"a"), "r.csv")},
                        content_type="multipart/form-data")
    assert stale.status_code == 400
    assert "so the file was not imported" in stale.get_data(as_text=True)
    assert _counts(session) == (0, 0, 0)
