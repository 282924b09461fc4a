"""The QI project register as a CSV or XLSX sheet, and the same sheet read back. No Flask.

Trusts keep their register in spreadsheets (or export it from Life QI), so a sheet can add
projects, change their details and record a new stage or involvement. An import is all
or nothing: every row is checked first, and any problem refuses the whole file with each
problem named by row and column.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy.orm import Session

from ..form_input import EARLIEST_YEAR, LATEST_YEAR, YEARS_ALLOWED
from ..i18n.sheets import SheetError, _csv_table, _uncell, _xlsx_table
from ..measures.series import parse_date
from ..models import Involvement, ProjectStage, QIProject, User
from ..reports.xlsx import write_xlsx
from .register import (
    STAGE_WORDS,
    ProjectDetails,
    all_projects,
    create_project,
    projects_by_name,
    record_involvement,
    record_stage,
    update_project,
)

NAME, SERVICE, AIM, STARTED = "Project name", "Service or team", "Aim", "Start date"
STAGE, STAGE_SINCE = "Stage", "Stage since"
INVOLVEMENT, INVOLVED_SINCE = "Service users or carers", "Involvement since"
FROM_START = "Team members from the start"   # worked out, so written but never read
HEADINGS = [NAME, SERVICE, AIM, STARTED, STAGE, STAGE_SINCE, INVOLVEMENT, INVOLVED_SINCE, FROM_START]
LIMITS = {NAME: 200, SERVICE: 200, AIM: 2000}
MAX_REGISTER_BYTES = 4 * 1024 * 1024
REGISTER_TOO_BIG = f"The file is bigger than {MAX_REGISTER_BYTES // (1024 * 1024)} MB. Split the register into smaller files"
MAX_REGISTER_ROWS = 10_000
SHEET_INVOLVEMENT = {Involvement.BIG_I: "Team members", Involvement.LITTLE_I: "Consulted only",
                     Involvement.NOT_INVOLVED: "Not involved", Involvement.UNKNOWN: "Not known"}
_FORMULA_STARTS = ("=", "+", "-", "@")
_EXCEL_EPOCH = date(1899, 12, 30)


def _words(mapping: dict) -> dict[str, object]:
    return {text.lower(): value for value, text in mapping.items()} | {value.value: value for value in mapping}


_STAGES = _words(STAGE_WORDS)
_INVOLVEMENTS = _words(SHEET_INVOLVEMENT) | {"big i": Involvement.BIG_I, "little i": Involvement.LITTLE_I}


def register_rows(session: Session) -> list[list[str]]:
    rows = []
    for project in all_projects(session):
        stage = project.stages[-1] if project.stages else None
        involved = project.involvements[-1] if project.involvements else None
        from_start = {True: "Yes", False: "No", None: "Not known"}[project.involved_from_start]
        rows.append([project.name, project.service, project.aim, _iso(project.started_on),
                     STAGE_WORDS[stage.stage] if stage else "", _iso(stage.changed_on) if stage else "",
                     SHEET_INVOLVEMENT[involved.involvement] if involved else "",
                     _iso(involved.changed_on) if involved else "", from_start])
    return rows


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def register_csv(session: Session) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADINGS)
    # A text that starts like a formula is opened as text, not run, by a spreadsheet.
    writer.writerows([[f"'{cell}" if cell.startswith(_FORMULA_STARTS) else cell for cell in row]
                      for row in register_rows(session)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM tells Excel it is UTF-8


def register_xlsx(session: Session) -> bytes:
    target = io.BytesIO()
    write_xlsx(HEADINGS, register_rows(session), target, sheet_title="QI projects")
    return target.getvalue()


@dataclass
class _Planned:
    project: QIProject | None
    details: ProjectDetails
    stage: tuple[ProjectStage, date] | None = None
    involvement: tuple[Involvement, date] | None = None


@dataclass
class ImportSummary:
    added: int = 0
    changed: int = 0
    stages: int = 0
    involvements: int = 0
    names: list[str] = field(default_factory=list)


class _Row:
    def __init__(self, number: int, cells: dict[str, str], columns: dict[str, str], problems: list[str]) -> None:
        self.number, self.cells, self.columns, self.problems = number, cells, columns, problems

    def has(self, heading: str) -> bool:
        return heading in self.cells

    def text(self, heading: str) -> str:
        return _uncell(self.cells.get(heading, ""))

    def problem(self, heading: str, message: str) -> None:
        where = f"column {self.columns[heading]}" if heading in self.columns else "not in the sheet"
        if heading not in self.columns:
            message = f"add a column headed '{heading}' and {message}"
        self.problems.append(f"Row {self.number}, {heading} ({where}): {message}")

    def day(self, heading: str, *, today: date) -> date | None:
        value = self.text(heading)
        if not value:
            return None
        found = parse_date(value) or _excel_serial(value)
        if found is None:
            self.problem(heading, f"'{value[:30]}' is not a date. Write it like 14/03/2026")
            return None
        if not EARLIEST_YEAR <= found.year <= LATEST_YEAR:
            self.problem(heading, f"'{value[:30]}' must be a date {YEARS_ALLOWED}")
            return None
        if found > today:
            self.problem(heading, f"{found:%-d %B %Y} is in the future. Enter a date that is today or in the past")
            return None
        return found


def _excel_serial(value: str) -> date | None:
    """A date a spreadsheet saved as a day number (days since 30 December 1899)."""
    try:
        number = float(value)
    except ValueError:
        return None
    return _EXCEL_EPOCH + timedelta(days=int(number)) if 30000 <= number <= 80000 else None


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_register(session: Session, data: bytes, filename: str, *, today: date) -> list[_Planned]:
    """What the sheet would change, checked in full; SheetError names every problem."""
    if not data:
        raise SheetError(["The file is empty. Choose the register you filled in"])
    if len(data) > MAX_REGISTER_BYTES:
        raise SheetError([REGISTER_TOO_BIG])
    table = _xlsx_table(data, MAX_REGISTER_ROWS) if data[:2] == b"PK" else _csv_table(data, filename, MAX_REGISTER_ROWS)
    if not table:
        raise SheetError(["The sheet has no rows. Download the register from this page to see the columns"])
    headings = [_uncell(cell) for cell in table[0]]
    if NAME not in headings:
        raise SheetError([f"The sheet has no column headed '{NAME}' in its first row. "
                          "Download the register from this page to see the columns"])
    columns = {heading: _letter(index) for index, heading in enumerate(headings) if heading}
    problems: list[str] = []
    existing = projects_by_name(session)
    seen: dict[str, int] = {}
    planned = []
    for number, cells in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        row = _Row(number, {heading: cells[index] if index < len(cells) else ""
                            for index, heading in enumerate(headings) if heading}, columns, problems)
        planned_row = _check_row(row, existing, seen, today)
        if planned_row is not None:
            planned.append(planned_row)
    if not planned and not problems:
        problems.append("The sheet has no projects in it. Add one project a row, under the headings")
    if problems:
        raise SheetError(problems)
    return planned


def _check_row(row: _Row, existing: dict[str, QIProject], seen: dict[str, int], today: date) -> _Planned | None:
    before = len(row.problems)
    name = row.text(NAME)
    for heading, limit in LIMITS.items():
        if len(row.text(heading)) > limit:
            row.problem(heading, f"this is {len(row.text(heading)):,} characters. Make it {limit:,} or fewer")
    if not name:
        row.problem(NAME, "enter the project's name")
    elif name.lower() in seen:
        row.problem(NAME, f"'{name[:60]}' is also on row {seen[name.lower()]}. Keep one row for each project")
    else:
        seen[name.lower()] = row.number
    project = existing.get(name.lower())
    started = row.day(STARTED, today=today)
    if started is None and not row.text(STARTED):
        if project is None and name:
            row.problem(STARTED, "enter the date the project started, like 14/03/2026")
        started = project.started_on if project else None
    stage = _change(row, (STAGE, STAGE_SINCE, "the project entered this stage"), _STAGES,
                    "a stage: " + ", ".join(STAGE_WORDS.values()), started, today)
    involvement = _change(row, (INVOLVEMENT, INVOLVED_SINCE, "this began"), _INVOLVEMENTS,
                          "one of: " + ", ".join(SHEET_INVOLVEMENT.values()), started, today)
    if len(row.problems) > before:
        return None
    # A column left out of the sheet leaves that detail as it is; an empty cell clears it.
    service = row.text(SERVICE) if row.has(SERVICE) else (project.service if project else "")
    aim = row.text(AIM) if row.has(AIM) else (project.aim if project else "")
    details = ProjectDetails(name=name, service=service, aim=aim, started_on=started)
    return _Planned(project, details, stage, involvement)


def _change(row: _Row, columns: tuple[str, str, str], choices: dict, wanted: str, started: date | None,
            today: date):
    heading, since, when = columns
    value, day_text = row.text(heading), row.text(since)
    if not value:
        if day_text:
            row.problem(heading, f"enter {wanted}, or clear {since}")
        return None
    chosen = choices.get(value.lower().replace("\u201c", "").replace("\u201d", ""))
    if chosen is None:
        row.problem(heading, f"'{value[:40]}' is not {wanted}")
    if not day_text:
        row.problem(since, f"enter the date {when}, like 14/03/2026")
        return None
    day = row.day(since, today=today)
    if day is not None and started is not None and day < started:
        row.problem(since, f"{day:%-d %B %Y} is before the project started ({started:%-d %B %Y})")
        return None
    return (chosen, day) if chosen is not None and day is not None else None


def apply_register(session: Session, planned: list[_Planned], *, by: User | None) -> ImportSummary:
    """Make the checked changes. The caller commits (or rolls back on a database error)."""
    summary = ImportSummary()
    for item in planned:
        project = item.project
        if project is None:
            project = create_project(session, item.details, by=by)
            summary.added += 1
        elif (project.name, project.service, project.aim, project.started_on) != (
                item.details.name, item.details.service, item.details.aim, item.details.started_on):
            update_project(session, project, item.details, by=by)
            summary.changed += 1
        last_stage = project.stages[-1] if project.stages else None
        if item.stage and (last_stage is None or (last_stage.stage, last_stage.changed_on) != item.stage):
            record_stage(session, project, *item.stage, note="From an imported register", by=by)
            summary.stages += 1
        last = project.involvements[-1] if project.involvements else None
        if item.involvement and (last is None or (last.involvement, last.changed_on) != item.involvement):
            record_involvement(session, project, *item.involvement, note="From an imported register", by=by)
            summary.involvements += 1
    return summary
