"""`flask --app wsgi spc` on every reference case, and its refusals of bad input."""
from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest
from flask.testing import FlaskCliRunner

from feedback import create_app

from .history import CASES, TOLERANCE

OUTPUT_COLUMNS = ["date", "value", "mean", "lower_limit", "upper_limit", "special_cause_type", "point_type"]


@pytest.fixture(scope="module")
def cli(tmp_path_factory: pytest.TempPathFactory) -> FlaskCliRunner:
    """The app's own CLI; the command needs no database, so one app serves every case."""
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "DATABASE_URL": "sqlite://"})
    app.instance_path = str(tmp_path_factory.mktemp("instance"))
    return app.test_cli_runner()


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def case_arguments(case: dict) -> list[str]:
    options = case["options"]
    arguments = ["--improvement", options["improvement"]]
    if options["target"] is not None:
        arguments += ["--target", repr(options["target"])]
    if options["rebase_dates"]:
        arguments += ["--rebase", *options["rebase_dates"]]
    if options["fix_after_n_points"] is not None:
        arguments += ["--fix-after", str(options["fix_after_n_points"])]
    if not options["screen_outliers"]:
        arguments.append("--no-screen-outliers")
    return arguments


def number(cell: str) -> float | None:
    return None if cell == "" else float(cell)


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_reference_case_through_the_command(cli: FlaskCliRunner, tmp_path: Path, case: dict) -> None:
    source = write_csv(tmp_path / "in.csv", ["date", "value"], [[d, repr(v)] for d, v in zip(case["dates"], case["values"])])
    output = tmp_path / "out.csv"
    result = cli.invoke(args=["spc", str(source), "-o", str(output), *case_arguments(case)])
    expected = case["expected"]
    if len(case["dates"]) < 2:
        assert result.exit_code != 0 and "at least two points" in result.output
        assert not output.exists()
        return
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert f"variation: {expected['variation']}" in lines
    assert f"assurance: {expected['assurance'] or 'none'}" in lines
    assert ("fewer than 13 points" in result.output) == expected["short_group_warning"]
    with open(output, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    assert reader.fieldnames == OUTPUT_COLUMNS
    assert [row["date"] for row in rows] == [p["date"] for p in expected["points"]]
    for row, want in zip(rows, expected["points"]):
        for column, key in (("mean", "mean"), ("lower_limit", "lpl"), ("upper_limit", "upl")):
            got = number(row[column])
            assert (got is None) == (want[key] is None), (want["date"], column)
            if got is not None:
                assert abs(got - want[key]) <= TOLERANCE, (want["date"], column)
        assert (row["special_cause_type"], row["point_type"]) == (want["special_cause_type"], want["point_type"])


def test_values_round_trip_and_other_columns_are_kept(cli: FlaskCliRunner, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", ["month", "note", "share"],
                       [["01/02/2024", "b", "0.1"], ["2024-01-01", "a", "0.3"], ["2024-03-01", "c", "0.2"]])
    output = tmp_path / "out.csv"
    result = cli.invoke(args=["spc", str(source), "-o", str(output), "--date-column", "month",
                              "--value-column", "share", "--rebase", "2024-03-01", "--target", "0.5"])
    assert result.exit_code == 0, result.output
    with open(output, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["month"], r["note"], r["share"]) for r in rows] == [
        ("2024-01-01", "a", "0.3"), ("01/02/2024", "b", "0.1"), ("2024-03-01", "c", "0.2")]
    assert float(rows[0]["mean"]) == pytest.approx(0.2)
    assert rows[2]["mean"] == "0.2" and rows[2]["upper_limit"] == ""  # a group of one: no limits
    assert "assurance: inconsistent" in result.output


@pytest.mark.parametrize(("header", "rows", "extra", "message"), [
    (["when", "value"], [["2024-01-01", "1"]], [], "no column 'date'"),
    (["date", "value"], [["2024-01-01", "1"], ["2024-13-01", "2"]], [], "row 3: '2024-13-01' in 'date' is not a date"),
    (["date", "value"], [["2024-01-01", "1"], ["2024-02-01", "two"]], [], "row 3: 'two' in 'value' is not a number"),
    (["date", "value"], [["2024-01-01", "1"], ["2024-02-01", ""]], [], "row 3: '' in 'value' is not a number"),
    (["date", "value"], [["2024-01-01", "1"], ["2024-02-01", "nan"]], [], "row 3: 'nan'"),
    (["date", "value"], [["2024-01-01", "1"], ["01/01/2024", "2"]], [], "row 3: the date 2024-01-01 is also on row 2"),
    (["date", "value"], [["2024-01-01", "1"]], [], "at least two points"),
    (["date", "value"], [], [], "at least two points"),
    (["date", "value"], [["2024-01-01", "1"], ["2024-02-01", "2"]], ["--fix-after", "5"], "--fix-after"),
    (["date", "value"], [["2024-01-01", "1"], ["2024-02-01", "2"]], ["--rebase", "soon"], "'soon' is not a date"),
    (["date", "value"], [["2024-01-01", "1"], ["2024-02-01", "2"]], ["--improvement", "up"], "--improvement"),
    (["date", "value"], [["2024-01-01", "1"], ["2024-02-01", "2"]], ["--target", "inf"], "--target"),
])
def test_bad_input_is_refused_with_the_row_named(cli: FlaskCliRunner, tmp_path: Path, header, rows, extra,
                                                  message) -> None:
    source = write_csv(tmp_path / "in.csv", header, rows)
    output = tmp_path / "out.csv"
    result = cli.invoke(args=["spc", str(source), "-o", str(output), *extra])
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output and not isinstance(result.exception, (ValueError, TypeError, KeyError))
    assert not output.exists()


def test_a_file_that_is_not_text_is_refused(cli: FlaskCliRunner, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(b"date,value\n\xff\xfe\x00,1\n")
    result = cli.invoke(args=["spc", str(source), "-o", str(tmp_path / "out.csv")])
    assert result.exit_code != 0 and "not UTF-8" in result.output


def test_the_real_command_exits_non_zero_without_a_traceback(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", ["date", "value"], [["2024-01-01", "1"], ["2024-01-01", "2"]])
    environment = {**os.environ, "FEEDBACK_DATABASE_URL": "sqlite://", "FEEDBACK_SECRET_KEY": "test"}
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "spc", str(source), "-o",
                             str(tmp_path / "out.csv"), "--rebase", "2024-01-01", "2024-02-01"],
                            capture_output=True, text=True, env=environment, cwd=Path(__file__).parents[2], timeout=60)
    assert result.returncode == 1
    assert "row 3: the date 2024-01-01 is also on row 2" in result.stderr
    assert "Traceback" not in result.stderr
